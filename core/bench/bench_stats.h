/* Statistics for benchmark deltas.
 *
 * Verdicts (core/bench/bench_verdict.c) rest on Welch's t-test on the logs
 * of the samples: a ratio head/base is what a captain reads ("12% slower"),
 * its log is a difference of means, and run-to-run noise of latencies and
 * throughputs is roughly proportional to the value, so logs make the two
 * sides' spreads comparable. Welch (not Student) because base and head may
 * run on differently noisy machines. With 3-5 runs a side a t interval is
 * the only test that can reach a useful confidence at all (Mann-Whitney's
 * exact p-value cannot go below 0.1 with 3 vs 3).
 *
 * Also here: the Student t distribution (through the regularized incomplete
 * beta function, by continued fraction), Benjamini-Hochberg q-values, the
 * runs a side for 80% power, and the Q3 + 3 IQR fence of the noise floor.
 * The median and the Mann-Whitney U test remain for the Delta column and
 * for callers that want a rank test: exact (the full null distribution of
 * U, counted by dynamic programming) when both samples have at most
 * RC_MWU_EXACT_MAX values and no ties; otherwise the normal approximation
 * with tie and continuity corrections. */
#ifndef RELCAP_BENCH_STATS_H
#define RELCAP_BENCH_STATS_H

#include <stdbool.h>
#include <stddef.h>

#define RC_MWU_EXACT_MAX 30

/* Median of n values (n > 0); the mean of the middle two for even n. */
double rc_bench_median(const double *v, size_t n);

typedef struct {
    double u;       /* U of sample a: pairs (x in a, y in b) with x > y, ties count 1/2 */
    double p_value; /* two-sided */
    bool exact;     /* exact distribution (else normal approximation) */
} rc_mwu_result;

/* Two-sided Mann–Whitney U test of a against b (na, nb > 0). */
int rc_bench_mwu(rc_mwu_result *out, const double *a, size_t na, const double *b, size_t nb);

/* The smallest two-sided p-value the test can give for these sample sizes
 * (complete separation without ties): 2 / C(na+nb, na) when exact. If it is
 * above alpha, no data can be significant and callers need another rule. */
double rc_bench_mwu_min_p(size_t na, size_t nb);

/* Regularized incomplete beta I_x(a, b) (a, b > 0; 0 <= x <= 1). */
double rc_bench_betai(double a, double b, double x);
/* Student t with df > 0 degrees of freedom (need not be an integer):
 * P(T <= t), and its inverse for 0 < p < 1. */
double rc_bench_t_cdf(double t, double df);
double rc_bench_t_quantile(double p, double df);

typedef struct {
    bool logs;     /* on logs; false when some value is <= 0 (raw values, scaled by base's mean) */
    double diff;   /* mean(log head) - mean(log base), not oriented */
    double sd;     /* run-to-run spread sqrt((s_b^2 + s_h^2) / 2) in log units; NAN: 1 vs 1 */
    double se, df; /* standard error of diff, Welch-Satterthwaite degrees of freedom */
    double t, p_value, half_width; /* two-sided; NAN with one run a side */
    double ratio;                  /* exp(+-diff): above 1 when head is better */
    double ci_low, ci_high;        /* the confidence interval of ratio; NAN: 1 vs 1 */
} rc_welch_result;

/* Welch's t-test on log values of base and head (nb, nh > 0) with a
 * confidence interval of the oriented ratio. better < 0 (lower is better)
 * gives ratio = base/head, else head/base. A side with one run borrows the
 * other side's spread; one run on each side gives a ratio and no test. */
int rc_bench_welch_log(rc_welch_result *out, const double *base, size_t nb, const double *head,
                       size_t nh, int better, double confidence);

/* Benjamini-Hochberg q-values (adjusted p-values) of the n p-values; NAN
 * p-values are not counted and get a NAN q. */
void rc_bench_bh(double *q, const double *p, size_t n);

#define RC_RUNS_NEEDED_MAX 999
/* Runs a side for a two-sided test at alpha to detect a difference delta
 * (log units) with the given power when the run-to-run spread is sd:
 * the smallest n >= 2 with (t_{1-alpha/2} + t_{power}) sd sqrt(2/n) <= delta,
 * t with 2n - 2 degrees of freedom; RC_RUNS_NEEDED_MAX when none up to it;
 * -1 for invalid input. */
int rc_bench_runs_needed(double sd, double delta, double alpha, double power);

/* Q3 + 3 IQR of v (quartiles interpolated linearly, as numpy's default):
 * the upper fence of rustc-perf's noise rule. NAN when n is 0. */
double rc_bench_fence(const double *v, size_t n);

#endif
