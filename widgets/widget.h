/* Base of the widget "classes" (htop style): each widget embeds rc_widget
 * first and supplies an ops table. Widgets know nothing of releases. */
#ifndef RELCAP_WIDGET_H
#define RELCAP_WIDGET_H

#include <curses.h>
#include <stdbool.h>

typedef struct rc_widget rc_widget;

typedef struct {
    const char *name;
    void (*draw)(rc_widget *w, WINDOW *win);
    /* Returns true when the key was consumed. */
    bool (*key)(rc_widget *w, int key);
    void (*free)(rc_widget *w);
} rc_widget_ops;

struct rc_widget {
    const rc_widget_ops *ops;
    int y, x, h, w; /* placement inside the parent window */
};

void rc_widget_place(rc_widget *w, int y, int x, int h, int width);
void rc_widget_draw(rc_widget *w, WINDOW *win);
bool rc_widget_key(rc_widget *w, int key);
void rc_widget_free(rc_widget *w);

#endif
