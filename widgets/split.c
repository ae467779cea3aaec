#include "widgets/split.h"

#include <stdlib.h>
#include <string.h>

static void split_draw(rc_widget *w, WINDOW *win)
{
    rc_split *s = (rc_split *)w;
    rc_split_layout(s);
    rc_widget_draw(s->a, win);
    rc_widget_draw(s->b, win);
}

static bool split_key(rc_widget *w, int key)
{
    rc_split *s = (rc_split *)w;
    return rc_widget_key(s->focus ? s->b : s->a, key);
}

static void split_free(rc_widget *w)
{
    rc_split_free((rc_split *)w);
}

static const rc_widget_ops split_ops = {"split", split_draw, split_key, split_free};

rc_split *rc_split_new(rc_split_dir dir, int size, int percent, rc_widget *a, rc_widget *b)
{
    rc_split *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->base.ops = &split_ops;
    s->dir = dir;
    s->size = size;
    s->percent = percent ? percent : 50;
    s->a = a;
    s->b = b;
    return s;
}

void rc_split_free(rc_split *s)
{
    if (!s)
        return;
    if (s->owns) {
        rc_widget_free(s->a);
        rc_widget_free(s->b);
    }
    free(s);
}

void rc_split_layout(rc_split *s)
{
    rc_widget *w = &s->base;
    int total = s->dir == RC_SPLIT_V ? w->h : w->w;
    int first = s->size > 0 ? s->size : s->size < 0 ? total + s->size : total * s->percent / 100;
    if (first < 0)
        first = 0;
    if (first > total)
        first = total;
    if (s->dir == RC_SPLIT_V) {
        if (s->a)
            rc_widget_place(s->a, w->y, w->x, first, w->w);
        if (s->b)
            rc_widget_place(s->b, w->y + first, w->x, total - first, w->w);
    } else {
        if (s->a)
            rc_widget_place(s->a, w->y, w->x, w->h, first);
        if (s->b)
            rc_widget_place(s->b, w->y, w->x + first, w->h, total - first);
    }
    if (s->a && s->a->ops == &split_ops)
        rc_split_layout((rc_split *)s->a);
    if (s->b && s->b->ops == &split_ops)
        rc_split_layout((rc_split *)s->b);
}
