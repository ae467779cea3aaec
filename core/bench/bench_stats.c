/* Median and Mann–Whitney U. Why Mann–Whitney: benchmark samples are few and
 * often skewed (a slow first iteration, a noisy neighbour), so a rank test
 * that assumes no distribution suits them better than a t-test. Why exact
 * for small samples: with 3 to 10 runs a side the normal approximation is
 * off by a factor of two near alpha. */
#include "core/bench/bench_stats.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rc_bench_median(const double *v, size_t n)
{
    if (n == 0)
        return NAN;
    double *s = rc_xmalloc(n * sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double m = (n % 2) ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    free(s);
    return m;
}

/* counts[u] = number of arrangements of m a's and n b's with U = u, for
 * u = 0..m*n, by the recurrence f(u; m, n) = f(u - n; m - 1, n) + f(u; m, n - 1)
 * (the largest value is an a, adding n to U, or a b). Kept as doubles: the
 * total C(60, 30) ~ 1.2e17 still has ample relative precision. */
static double *exact_counts(size_t m, size_t n)
{
    size_t umax = m * n;
    /* f[i][j][u] over i <= m, j <= n, rolling over i. */
    double *prev = rc_xcalloc((n + 1) * (umax + 1), sizeof(double));
    double *cur = rc_xcalloc((n + 1) * (umax + 1), sizeof(double));
#define F(arr, j, u) (arr)[(j) * (umax + 1) + (u)]
    for (size_t j = 0; j <= n; j++)
        F(prev, j, 0) = 1; /* i = 0: only U = 0 */
    for (size_t i = 1; i <= m; i++) {
        memset(cur, 0, (n + 1) * (umax + 1) * sizeof(double));
        F(cur, 0, 0) = 1;
        for (size_t j = 1; j <= n; j++)
            for (size_t u = 0; u <= i * j; u++) {
                double v = F(cur, j - 1, u);
                if (u >= j)
                    v += F(prev, j, u - j);
                F(cur, j, u) = v;
            }
        double *t = prev;
        prev = cur;
        cur = t;
    }
    double *out = rc_xmalloc((umax + 1) * sizeof(double));
    for (size_t u = 0; u <= umax; u++)
        out[u] = F(prev, n, u);
#undef F
    free(prev);
    free(cur);
    return out;
}

static double normal_sf(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

int rc_bench_mwu(rc_mwu_result *out, const double *a, size_t na, const double *b, size_t nb)
{
    if (na == 0 || nb == 0)
        return rc_error_set(RC_EINVALID, "Mann-Whitney U needs samples on both sides");
    double u = 0;
    bool ties = false;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            if (a[i] > b[j])
                u += 1;
            else if (a[i] == b[j]) {
                u += 0.5;
                ties = true;
            }
        }
    /* Ties within a sample matter for the variance too. */
    size_t n = na + nb;
    double *all = rc_xmalloc(n * sizeof *all);
    memcpy(all, a, na * sizeof *all);
    memcpy(all + na, b, nb * sizeof *all);
    qsort(all, n, sizeof *all, cmp_double);
    double tie_sum = 0;
    for (size_t i = 0; i < n;) {
        size_t k = i;
        while (k < n && all[k] == all[i])
            k++;
        double t = (double)(k - i);
        if (t > 1) {
            tie_sum += t * t * t - t;
            ties = true;
        }
        i = k;
    }
    free(all);

    out->u = u;
    if (!ties && na <= RC_MWU_EXACT_MAX && nb <= RC_MWU_EXACT_MAX) {
        double *c = exact_counts(na, nb);
        size_t umax = na * nb, ui = (size_t)u;
        double total = 0, le = 0, ge = 0;
        for (size_t k = 0; k <= umax; k++) {
            total += c[k];
            if (k <= ui)
                le += c[k];
            if (k >= ui)
                ge += c[k];
        }
        free(c);
        double p = 2 * fmin(le, ge) / total;
        out->p_value = p > 1 ? 1 : p;
        out->exact = true;
        return 0;
    }
    double mu = (double)na * (double)nb / 2.0;
    double var = (double)na * (double)nb / 12.0 *
                 (((double)n + 1) - tie_sum / ((double)n * ((double)n - 1)));
    out->exact = false;
    if (var <= 0) { /* every value equal */
        out->p_value = 1;
        return 0;
    }
    double d = fabs(u - mu) - 0.5; /* continuity correction */
    if (d < 0)
        d = 0;
    double p = 2 * normal_sf(d / sqrt(var));
    out->p_value = p > 1 ? 1 : p;
    return 0;
}

double rc_bench_mwu_min_p(size_t na, size_t nb)
{
    if (na == 0 || nb == 0)
        return 1;
    if (na <= RC_MWU_EXACT_MAX && nb <= RC_MWU_EXACT_MAX) {
        /* 2 / C(na + nb, na) */
        double c = 1;
        for (size_t i = 1; i <= na; i++)
            c = c * (double)(nb + i) / (double)i;
        double p = 2 / c;
        return p > 1 ? 1 : p;
    }
    double n = (double)(na + nb), mu = (double)na * (double)nb / 2.0;
    double var = (double)na * (double)nb * (n + 1) / 12.0;
    return 2 * normal_sf((mu - 0.5) / sqrt(var));
}
