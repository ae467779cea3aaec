/* Statistics of benchmark deltas. The verdicts use Welch's t on log values
 * (see bench_stats.h for why); Mann-Whitney stays for callers that want a
 * distribution-free check with many runs (with 3 a side its exact p-value
 * cannot go below 0.1, which is why it no longer decides verdicts). Why
 * exact for small samples: with 3 to 10 runs a side the normal
 * approximation is off by a factor of two near alpha. */
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

/* ---- Student t, Welch on logs, Benjamini-Hochberg, power ---- */

/* Continued fraction of the regularized incomplete beta (modified Lentz,
 * as in Numerical Recipes' betacf); converges fast for x < (a+1)/(a+b+2). */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300, eps = 1e-15;
    double qab = a + b, qap = a + 1, qam = a - 1;
    double c = 1, d = 1 - qab * x / qap;
    if (fabs(d) < tiny)
        d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 1000; m++) {
        int m2 = 2 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1 + aa * d;
        if (fabs(d) < tiny)
            d = tiny;
        c = 1 + aa / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1) < eps)
            break;
    }
    return h;
}

double rc_bench_betai(double a, double b, double x)
{
    if (!(a > 0) || !(b > 0) || isnan(x))
        return NAN;
    if (x <= 0)
        return 0;
    if (x >= 1)
        return 1;
    double lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    /* The fraction converges on the side of the mode; use the symmetry
     * I_x(a, b) = 1 - I_{1-x}(b, a) on the other. */
    if (x < (a + 1) / (a + b + 2))
        return exp(lbt) * betacf(a, b, x) / a;
    return 1 - exp(lbt) * betacf(b, a, 1 - x) / b;
}

double rc_bench_t_cdf(double t, double df)
{
    if (isnan(t) || !(df > 0))
        return NAN;
    if (isinf(t))
        return t > 0 ? 1 : 0;
    /* P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2) */
    double tail = 0.5 * rc_bench_betai(df / 2, 0.5, df / (df + t * t));
    return t > 0 ? 1 - tail : tail;
}

double rc_bench_t_quantile(double p, double df)
{
    if (!(p > 0 && p < 1) || !(df > 0))
        return p == 0 ? -INFINITY : p == 1 ? INFINITY : NAN;
    if (p == 0.5)
        return 0;
    if (p < 0.5)
        return -rc_bench_t_quantile(1 - p, df);
    /* Bracket, then bisect: the CDF is monotone and 200 halvings reach the
     * precision of a double from any bracket (slow, but a diff has only a
     * few hundred rows). */
    double lo = 0, hi = 1;
    while (rc_bench_t_cdf(hi, df) < p && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
        double mid = (lo + hi) / 2;
        if (rc_bench_t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

static void mean_var(double *mean, double *var, const double *v, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m += v[i];
    m /= (double)n;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += (v[i] - m) * (v[i] - m);
    *mean = m;
    *var = n > 1 ? s / (double)(n - 1) : NAN;
}

static bool all_positive(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(v[i] > 0))
            return false;
    return true;
}

/* Welch's test on x (base) and y (head), which are logs (or raw values when
 * some are not positive: then the difference is scaled by |mean of x|). */
static void welch(rc_welch_result *o, const double *x, size_t nx, const double *y, size_t ny,
                  double confidence)
{
    double mx, vx, my, vy;
    mean_var(&mx, &vx, x, nx);
    mean_var(&my, &vy, y, ny);
    /* One run on a side has no spread of its own: borrow the other side's
     * (equal spreads assumed for that side only). */
    if (nx < 2)
        vx = vy;
    if (ny < 2)
        vy = vx;
    double d = my - mx;
    if (!o->logs) {
        double scale = fabs(mx) > 0 ? fabs(mx) : 1;
        d /= scale;
        vx /= scale * scale;
        vy /= scale * scale;
    }
    o->diff = d;
    o->sd = sqrt((vx + vy) / 2);
    if (isnan(vx)) { /* one run a side: no spread at all */
        o->se = o->df = o->t = o->p_value = o->half_width = NAN;
        return;
    }
    double ax = vx / (double)nx, ay = vy / (double)ny;
    o->se = sqrt(ax + ay);
    /* Welch-Satterthwaite; a side with borrowed spread adds no degrees of
     * freedom of its own. */
    double dfx = nx > 1 ? (double)(nx - 1) : INFINITY, dfy = ny > 1 ? (double)(ny - 1) : INFINITY;
    double den = (ax * ax) / dfx + (ay * ay) / dfy;
    o->df = den > 0 ? (ax + ay) * (ax + ay) / den : (double)(nx + ny - 2);
    if (o->df < 1)
        o->df = 1;
    if (o->se == 0) { /* identical runs on each side */
        o->t = d == 0 ? 0 : copysign(INFINITY, d);
        o->p_value = d == 0 ? 1 : 0;
        o->half_width = 0;
        return;
    }
    o->t = d / o->se;
    o->p_value = 2 * rc_bench_t_cdf(-fabs(o->t), o->df);
    o->half_width = rc_bench_t_quantile(0.5 + confidence / 2, o->df) * o->se;
}

int rc_bench_welch_log(rc_welch_result *out, const double *base, size_t nb, const double *head,
                       size_t nh, int better, double confidence)
{
    memset(out, 0, sizeof *out);
    if (nb == 0 || nh == 0)
        return rc_error_set(RC_EINVALID, "Welch's test needs samples on both sides");
    out->logs = all_positive(base, nb) && all_positive(head, nh);
    double *x = rc_xmalloc(nb * sizeof *x), *y = rc_xmalloc(nh * sizeof *y);
    for (size_t i = 0; i < nb; i++)
        x[i] = out->logs ? log(base[i]) : base[i];
    for (size_t i = 0; i < nh; i++)
        y[i] = out->logs ? log(head[i]) : head[i];
    welch(out, x, nb, y, nh, confidence);
    free(x);
    free(y);
    /* Orient: the ratio is above 1 when head is better. */
    double s = better < 0 ? -1 : 1;
    double lo = s * out->diff - (isnan(out->half_width) ? NAN : out->half_width);
    double hi = s * out->diff + (isnan(out->half_width) ? NAN : out->half_width);
    if (out->logs) {
        out->ratio = exp(s * out->diff);
        out->ci_low = exp(lo);
        out->ci_high = exp(hi);
    } else {
        out->ratio = 1 + s * out->diff;
        out->ci_low = 1 + lo;
        out->ci_high = 1 + hi;
    }
    return 0;
}

/* qsort_r is not portable; an insertion sort of indices is enough for the
 * few hundred rows of a comparison. */
static void sort_indices(size_t *idx, size_t n, const double *v)
{
    for (size_t i = 1; i < n; i++) {
        size_t k = idx[i], j = i;
        while (j > 0 && v[idx[j - 1]] > v[k]) {
            idx[j] = idx[j - 1];
            j--;
        }
        idx[j] = k;
    }
}

void rc_bench_bh(double *q, const double *p, size_t n)
{
    size_t *idx = rc_xmalloc((n ? n : 1) * sizeof *idx), m = 0;
    for (size_t i = 0; i < n; i++) {
        q[i] = NAN;
        if (!isnan(p[i]))
            idx[m++] = i;
    }
    sort_indices(idx, m, p);
    /* q_(k) = min over j >= k of p_(j) * m / j, from the largest down. */
    double run = 1;
    for (size_t k = m; k > 0; k--) {
        double v = p[idx[k - 1]] * (double)m / (double)k;
        if (v < run)
            run = v;
        q[idx[k - 1]] = run;
    }
    free(idx);
}

/* Does n runs a side detect delta? (t_{1-alpha/2} + t_{power}) sd sqrt(2/n)
 * only falls as n grows, so the smallest such n is found by bisection. */
static bool enough_runs(int n, double sd, double delta, double alpha, double power)
{
    double df = 2.0 * n - 2;
    return (rc_bench_t_quantile(1 - alpha / 2, df) + rc_bench_t_quantile(power, df)) * sd *
               sqrt(2.0 / n) <=
           delta;
}

int rc_bench_runs_needed(double sd, double delta, double alpha, double power)
{
    if (!(sd >= 0) || !(delta > 0) || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1))
        return -1;
    if (!enough_runs(RC_RUNS_NEEDED_MAX, sd, delta, alpha, power))
        return RC_RUNS_NEEDED_MAX;
    int lo = 1, hi = RC_RUNS_NEEDED_MAX; /* lo is not enough (n = 1 has no df), hi is */
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        if (enough_runs(mid, sd, delta, alpha, power))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

static double quantile7(const double *s, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    return lo + 1 < n ? s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]) : s[n - 1];
}

double rc_bench_fence(const double *v, size_t n)
{
    if (n == 0)
        return NAN;
    double *s = rc_xmalloc(n * sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double q1 = quantile7(s, n, 0.25), q3 = quantile7(s, n, 0.75);
    free(s);
    return q3 + 3 * (q3 - q1);
}
