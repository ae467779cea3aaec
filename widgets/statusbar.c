#include "widgets/statusbar.h"

#include <stdlib.h>
#include <string.h>

static char *dup(const char *s)
{
    return rc_wstrdup(s ? s : "");
}

static void status_draw(rc_widget *w, WINDOW *win)
{
    rc_statusbar *s = (rc_statusbar *)w;
    if (w->h <= 0 || w->w <= 0)
        return;
    if (w->h >= 2) {
        int y = w->y;
        rc_wfill(win, y, w->x, w->w, s->status_attr);
        int rw = rc_wwidth(s->right);
        if (rw > w->w / 2)
            rw = w->w / 2;
        int lw = w->w - rw - (rw ? 1 : 0);
        rc_wput(win, y, w->x, s->left, lw, s->left_attr ? s->left_attr : s->status_attr, false);
        if (rw)
            rc_wput(win, y, w->x + w->w - rw, s->right, rw, s->status_attr, false);
    }
    int y = w->y + w->h - 1, x = w->x, end = w->x + w->w;
    rc_wfill(win, y, w->x, w->w, s->label_attr);
    for (size_t i = 0; i < s->nkeys && x < end; i++) {
        /* a hint shows whole or not at all: the bar folds at narrow widths */
        if (x + rc_wwidth(s->keys[i].key) + rc_wwidth(s->keys[i].label) > end)
            break;
        x += rc_wput(win, y, x, s->keys[i].key, end - x, s->key_attr, false);
        if (x < end)
            x += rc_wput(win, y, x, s->keys[i].label, end - x, s->label_attr, false);
        if (x < end)
            x += rc_wput(win, y, x, " ", end - x, s->label_attr, false);
    }
}

static const rc_widget_ops status_ops = {"statusbar", status_draw, NULL};

rc_statusbar *rc_statusbar_new(void)
{
    rc_statusbar *s = rc_widget_new(sizeof *s, &status_ops);
    s->left = dup("");
    s->right = dup("");
    s->status_attr = A_REVERSE;
    s->key_attr = A_NORMAL;
    s->label_attr = A_REVERSE;
    return s;
}

static void free_keys(rc_statusbar *s)
{
    for (size_t i = 0; i < s->nkeys; i++) {
        free((char *)s->keys[i].key);
        free((char *)s->keys[i].label);
    }
    free(s->keys);
    s->keys = NULL;
    s->nkeys = 0;
}

void rc_statusbar_free(rc_statusbar *s)
{
    if (!s)
        return;
    free(s->left);
    free(s->right);
    free_keys(s);
    free(s);
}

void rc_statusbar_set(rc_statusbar *s, const char *left, attr_t left_attr, const char *right)
{
    char *l = dup(left), *r = dup(right);
    free(s->left);
    free(s->right);
    s->left = l;
    s->right = r;
    s->left_attr = left_attr;
}

void rc_statusbar_set_keys(rc_statusbar *s, const rc_fnkey *keys, size_t n)
{
    free_keys(s);
    s->keys = rc_wcalloc(n, sizeof *s->keys);
    for (size_t i = 0; i < n; i++) {
        s->keys[i].key = dup(keys[i].key);
        s->keys[i].label = dup(keys[i].label);
    }
    s->nkeys = n;
}
