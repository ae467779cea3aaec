#include "widgets/widget.h"

void rc_widget_place(rc_widget *w, int y, int x, int h, int width)
{
    w->y = y;
    w->x = x;
    w->h = h;
    w->w = width;
}

void rc_widget_draw(rc_widget *w, WINDOW *win)
{
    if (w && w->ops->draw)
        w->ops->draw(w, win);
}

bool rc_widget_key(rc_widget *w, int key)
{
    return w && w->ops->key && w->ops->key(w, key);
}

void rc_widget_free(rc_widget *w)
{
    if (w && w->ops->free)
        w->ops->free(w);
}
