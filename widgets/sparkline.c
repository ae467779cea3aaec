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
