/* Base of the widget "classes" (htop style): each widget embeds rc_widget
 * first and supplies an ops table. Widgets know nothing of releases.
 * Text is UTF-8; it is cut by display width (wcwidth), never by bytes. */
#ifndef RELCAP_WIDGET_H
#define RELCAP_WIDGET_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct rc_widget rc_widget;

typedef struct {
    const char *name;
    void (*draw)(rc_widget *w, WINDOW *win);
    /* Returns true when the key was consumed. */
    bool (*key)(rc_widget *w, int key);
} rc_widget_ops;

struct rc_widget {
    const rc_widget_ops *ops;
    int y, x, h, w; /* placement inside the parent window */
};

/* A new zeroed widget of size bytes (a struct with its rc_widget first)
 * with ops; aborts when out of memory, as every widget allocation does. */
void *rc_widget_new(size_t size, const rc_widget_ops *ops);
/* calloc and strdup that abort when out of memory; rc_wstrdup(NULL) is
 * NULL. */
void *rc_wcalloc(size_t n, size_t size);
char *rc_wstrdup(const char *s);

/* A move in a list or a text: by rows, by pages, or to an end (edge -1 the
 * start, +1 the end). */
typedef struct {
    int rows, pages, edge;
} rc_wmotion;
/* The motion of the keys every list takes (arrows, j/k, PgUp/PgDn,
 * Home/End, g/G); false for any other key. */
bool rc_wmotion_of_key(rc_wmotion *out, int key);

void rc_widget_place(rc_widget *w, int y, int x, int h, int width);
void rc_widget_draw(rc_widget *w, WINDOW *win);
bool rc_widget_key(rc_widget *w, int key);

/* Whether wide (non-ASCII) characters may be drawn: true when the locale's
 * codeset is UTF-8. Otherwise every non-ASCII character is drawn as '?'. */
bool rc_wutf8(void);
/* Display width of UTF-8 text (invalid bytes and non-printables count 1). */
int rc_wwidth(const char *s);
/* Draws UTF-8 text at (y, x) in at most `width` columns with attr; when pad,
 * fills the rest of the width with spaces. A double-width character that
 * does not fit is replaced by a space. Control characters are drawn as '?'
 * (callers sanitize untrusted text before; this is the last guard).
 * Returns the columns written (without padding). */
int rc_wput(WINDOW *win, int y, int x, const char *s, int width, attr_t attr, bool pad);
/* Bytes of UTF-8 text s that fit in `width` display columns (whole
 * characters only). */
size_t rc_wfit(const char *s, int width);
/* Fills `width` cells at (y, x) with spaces in attr. */
void rc_wfill(WINDOW *win, int y, int x, int width, attr_t attr);
/* A dialog's box: the area (y0, x0, height x width) filled with attr and
 * framed with line-drawing characters; the attribute is reset after. */
void rc_wbox(WINDOW *win, int y0, int x0, int height, int width, attr_t attr);

#endif
