/* Sparkline: a series of values as one row of block characters ▁▂▃▄▅▆▇█
 * (or ASCII "_.-~=+*#" where UTF-8 cannot be drawn). NaN values are gaps. */
#ifndef RELCAP_SPARKLINE_H
#define RELCAP_SPARKLINE_H

#include "widgets/widget.h"

/* Writes the sparkline of the last `width` values (all when width <= 0)
 * into out (NUL-terminated, cut to fit n). Returns the characters drawn. */
int rc_sparkline_format(char *out, size_t n, const double *v, size_t nv, int width, bool utf8);

typedef struct {
    rc_widget base;
    double *values;
    size_t nvalues;
    attr_t attr;
} rc_sparkline;

rc_sparkline *rc_sparkline_new(void);
void rc_sparkline_free(rc_sparkline *s);
void rc_sparkline_set(rc_sparkline *s, const double *v, size_t n);

#endif
