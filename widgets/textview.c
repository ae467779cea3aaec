/* Text viewer: see textview.h. Keys: arrows, j/k, PgUp/PgDn, space, Home/End,
 * g/G; F toggles follow. */
#include "widgets/textview.h"

#include <stdlib.h>
#include <string.h>

static void tv_draw(rc_widget *w, WINDOW *win);
static bool tv_key(rc_widget *w, int key);
static const rc_widget_ops tv_ops = {"textview", tv_draw, tv_key};

rc_textview *rc_textview_new(const char *title)
{
    rc_textview *t = calloc(1, sizeof *t);
    if (!t)
        abort();
    t->base.ops = &tv_ops;
    t->title = title ? strdup(title) : NULL;
    t->title_attr = A_BOLD | A_UNDERLINE;
    return t;
}

static void clear_lines(rc_textview *t)
{
    for (size_t i = 0; i < t->nlines; i++)
        free(t->lines[i]);
    t->nlines = 0;
}

void rc_textview_free(rc_textview *t)
{
    if (!t)
        return;
    clear_lines(t);
    free(t->lines);
    free(t->title);
    free(t);
}

static void push(rc_textview *t, const char *s, size_t n)
{
    if (t->nlines == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 64;
        t->lines = realloc(t->lines, t->cap * sizeof *t->lines);
        if (!t->lines)
            abort();
    }
    char *l = malloc(n + 1);
    if (!l)
        abort();
    memcpy(l, s, n);
    l[n] = '\0';
    t->lines[t->nlines++] = l;
}

int rc_textview_visible(const rc_textview *t)
{
    int v = t->base.h - (t->title ? 1 : 0);
    return v > 0 ? v : 0;
}

static void clamp(rc_textview *t)
{
    size_t vis = (size_t)rc_textview_visible(t);
    size_t max = t->nlines > vis ? t->nlines - vis : 0;
    if (t->follow || t->top > max)
        t->top = max;
}

void rc_textview_append(rc_textview *t, const char *text)
{
    const char *p = text;
    /* continue a partial last line */
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        push(t, p, n);
        p += n;
        if (*p == '\n')
            p++;
    }
    clamp(t);
}

void rc_textview_set_text(rc_textview *t, const char *text)
{
    clear_lines(t);
    t->top = 0;
    rc_textview_append(t, text ? text : "");
}

void rc_textview_scroll(rc_textview *t, long delta)
{
    long top = (long)t->top + delta;
    if (top < 0)
        top = 0;
    t->top = (size_t)top;
    if (delta < 0)
        t->follow = false;
    bool f = t->follow;
    t->follow = false;
    clamp(t);
    t->follow = f;
}

void rc_textview_home(rc_textview *t)
{
    t->follow = false;
    t->top = 0;
}

void rc_textview_end(rc_textview *t)
{
    t->top = t->nlines;
    clamp(t);
}

static void tv_draw(rc_widget *w, WINDOW *win)
{
    rc_textview *t = (rc_textview *)w;
    if (w->h <= 0 || w->w <= 0)
        return;
    clamp(t);
    int y = w->y;
    if (t->title) {
        rc_wput(win, y++, w->x, t->title, w->w, t->title_attr, true);
    }
    int vis = rc_textview_visible(t);
    for (int i = 0; i < vis; i++, y++) {
        size_t l = t->top + (size_t)i;
        rc_wput(win, y, w->x, l < t->nlines ? t->lines[l] : "", w->w, A_NORMAL, true);
    }
}

static bool tv_key(rc_widget *w, int key)
{
    rc_textview *t = (rc_textview *)w;
    int vis = rc_textview_visible(t);
    switch (key) {
    case KEY_UP:
    case 'k':
        rc_textview_scroll(t, -1);
        return true;
    case KEY_DOWN:
    case 'j':
        rc_textview_scroll(t, 1);
        return true;
    case KEY_PPAGE:
        rc_textview_scroll(t, -(vis > 1 ? vis - 1 : 1));
        return true;
    case KEY_NPAGE:
    case ' ':
        rc_textview_scroll(t, vis > 1 ? vis - 1 : 1);
        return true;
    case KEY_HOME:
    case 'g':
        rc_textview_home(t);
        return true;
    case KEY_END:
    case 'G':
        rc_textview_end(t);
        return true;
    case 'F':
        t->follow = !t->follow;
        clamp(t);
        return true;
    }
    return false;
}
