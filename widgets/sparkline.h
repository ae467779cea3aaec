/* Sparkline: a series of values as one row of block characters ▁▂▃▄▅▆▇█
 * (or ASCII "_.-~=+*#" where UTF-8 cannot be drawn). NaN values are gaps. */
#ifndef RELCAP_SPARKLINE_H
#define RELCAP_SPARKLINE_H

#include "widgets/widget.h"

/* Writes the sparkline of the last `width` values (all when width <= 0)
 * into out (NUL-terminated, cut to fit n). Returns the characters drawn. */
int rc_sparkline_format(char *out, size_t n, const double *v, size_t nv, int width, bool utf8);

#endif
