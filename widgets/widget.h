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
