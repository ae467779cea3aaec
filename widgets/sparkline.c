#include "widgets/sparkline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const blocks[8] = {"\u2581", "\u2582", "\u2583", "\u2584",
                                      "\u2585", "\u2586", "\u2587", "\u2588"};
static const char ascii[] = "_.-~=+*#";

int rc_sparkline_format(char *out, size_t n, const double *v, size_t nv, int width, bool utf8)
{
    if (n == 0)
        return 0;
    out[0] = '\0';
    size_t first = width > 0 && nv > (size_t)width ? nv - (size_t)width : 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = first; i < nv; i++) {
        if (isnan(v[i]))
            continue;
        if (v[i] < lo)
            lo = v[i];
        if (v[i] > hi)
            hi = v[i];
    }
    size_t len = 0;
    int drawn = 0;
    for (size_t i = first; i < nv; i++) {
        const char *c;
        char one[2] = {' ', 0};
        if (isnan(v[i])) {
            c = " ";
        } else {
            /* all equal: mid-height, so a flat line is visible */
            int level = hi > lo ? (int)lrint((v[i] - lo) / (hi - lo) * 7.0) : 3;
            if (level < 0)
                level = 0;
            if (level > 7)
                level = 7;
            if (utf8) {
                c = blocks[level];
            } else {
                one[0] = ascii[level];
                c = one;
            }
        }
        size_t cl = strlen(c);
        if (len + cl + 1 > n)
            break;
        memcpy(out + len, c, cl);
        len += cl;
        out[len] = '\0';
        drawn++;
    }
    return drawn;
}

static void spark_draw(rc_widget *w, WINDOW *win)
{
    rc_sparkline *s = (rc_sparkline *)w;
    if (w->w <= 0 || w->h <= 0)
        return;
    size_t n = (size_t)w->w * 4 + 1;
    char *buf = malloc(n);
    if (!buf)
        abort();
    rc_sparkline_format(buf, n, s->values, s->nvalues, w->w, rc_wutf8());
    rc_wput(win, w->y, w->x, buf, w->w, s->attr, true);
    free(buf);
}

static void spark_free(rc_widget *w)
{
    rc_sparkline_free((rc_sparkline *)w);
}

static const rc_widget_ops spark_ops = {"sparkline", spark_draw, NULL, spark_free};

rc_sparkline *rc_sparkline_new(void)
{
    rc_sparkline *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    s->base.ops = &spark_ops;
    return s;
}

void rc_sparkline_free(rc_sparkline *s)
{
    if (!s)
        return;
    free(s->values);
    free(s);
}

void rc_sparkline_set(rc_sparkline *s, const double *v, size_t n)
{
    free(s->values);
    s->values = calloc(n ? n : 1, sizeof *v);
    if (!s->values)
        abort();
    memcpy(s->values, v, n * sizeof *v);
    s->nvalues = n;
}
