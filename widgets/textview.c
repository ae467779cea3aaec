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
    rc_textview *t = rc_widget_new(sizeof *t, &tv_ops);
    t->title = rc_wstrdup(title);
    t->title_attr = A_BOLD | A_UNDERLINE;
    return t;
}

static void clear_lines(rc_textview *t)
{
    for (size_t i = 0; i < t->nlines; i++)
        free(t->lines[i]);
    t->nlines = 0;
    t->wrap_w = 0;
}

static void add_row(rc_textview *t, size_t line, size_t off, size_t len, int indent)
{
    if (t->nrows == t->rows_cap) {
        t->rows_cap = t->rows_cap ? t->rows_cap * 2 : 64;
        t->rows = realloc(t->rows, t->rows_cap * sizeof *t->rows);
        if (!t->rows)
            abort();
    }
    t->rows[t->nrows++] = (struct rc_tvrow){line, off, len, indent};
}

/* Cuts line l into screen rows of width w: at the last space that fits,
 * else (one long word) where the width ends. */
static void wrap_line(rc_textview *t, size_t l, int w)
{
    const char *s = t->lines[l];
    size_t len = strlen(s), off = 0;
    /* the continuation starts under the last column of the line's start:
     * after its last run of two or more spaces in the first half ("FAIL
     * picks  reason", "Label:  value"), else two further in than the line */
    int lead = (int)strspn(s, " "), indent = lead;
    for (int i = indent; i < w / 2 && s[i]; i++)
        if (s[i] == ' ' && s[i + 1] == ' ') {
            int j = i + (int)strspn(s + i, " ");
            if (j >= w / 2 || !s[j])
                break;
            indent = j;
            i = j;
        }
    if (indent == lead && lead + 2 < w / 2) /* no column: a hanging indent */
        indent = lead + 2;
    bool first = true;
    do {
        int avail = first ? w : w - indent;
        size_t fit = rc_wfit(s + off, avail);
        if (fit == 0 && off < len) /* a character wider than the row */
            fit = 1;
        size_t n = fit;
        if (off + fit < len) {
            size_t sp = fit;
            while (sp > 0 && s[off + sp] != ' ')
                sp--;
            if (sp > 0)
                n = sp;
        }
        add_row(t, l, off, n, first ? 0 : indent);
        off += n;
        while (off < len && s[off] == ' ' && !first)
            off++;
        if (first)
            while (off < len && s[off] == ' ')
                off++;
        first = false;
    } while (off < len);
}

/* (Re)wraps the text when the width or the text changed. */
static void rewrap(rc_textview *t)
{
    int w = t->base.w > 0 ? t->base.w : 0;
    if (t->wrap_w == w && w > 0)
        return;
    t->nrows = 0;
    for (size_t l = 0; l < t->nlines; l++) {
        if (w <= 0 || !t->lines[l][0])
            add_row(t, l, 0, strlen(t->lines[l]), 0);
        else
            wrap_line(t, l, w);
    }
    t->wrap_w = w;
}

size_t rc_textview_rows(rc_textview *t)
{
    rewrap(t);
    return t->nrows;
}

void rc_textview_free(rc_textview *t)
{
    if (!t)
        return;
    clear_lines(t);
    free(t->lines);
    free(t->rows);
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
    t->wrap_w = 0;
}

int rc_textview_visible(const rc_textview *t)
{
    int v = t->base.h - (t->title ? 1 : 0);
    return v > 0 ? v : 0;
}

static void clamp(rc_textview *t)
{
    size_t vis = (size_t)rc_textview_visible(t), n = rc_textview_rows(t);
    size_t max = n > vis ? n - vis : 0;
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
    t->top = rc_textview_rows(t);
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
    char buf[4096];
    for (int i = 0; i < vis; i++, y++) {
        size_t r = t->top + (size_t)i;
        if (r >= t->nrows) {
            rc_wfill(win, y, w->x, w->w, A_NORMAL);
            continue;
        }
        const struct rc_tvrow *row = &t->rows[r];
        size_t n = row->len < sizeof buf - 1 ? row->len : sizeof buf - 1;
        memcpy(buf, t->lines[row->line] + row->off, n);
        buf[n] = '\0';
        rc_wfill(win, y, w->x, row->indent, A_NORMAL);
        rc_wput(win, y, w->x + row->indent, buf, w->w - row->indent, A_NORMAL, true);
    }
}

void rc_textview_motion(rc_textview *t, rc_wmotion m)
{
    int vis = rc_textview_visible(t); /* a page keeps one line of the last */
    if (m.edge)
        m.edge < 0 ? rc_textview_home(t) : rc_textview_end(t);
    else
        rc_textview_scroll(t, m.pages ? (long)m.pages * (vis > 1 ? vis - 1 : 1) : m.rows);
}

static bool tv_key(rc_widget *w, int key)
{
    rc_textview *t = (rc_textview *)w;
    rc_wmotion m;
    if (key == 'F') {
        t->follow = !t->follow;
        clamp(t);
        return true;
    }
    if (key == ' ')
        m = (rc_wmotion){0, 1, 0};
    else if (!rc_wmotion_of_key(&m, key))
        return false;
    rc_textview_motion(t, m);
    return true;
}
