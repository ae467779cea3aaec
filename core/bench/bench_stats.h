/* Statistics for benchmark deltas: the median and the Mann–Whitney U test.
 * The test is exact (the full null distribution of U, counted by dynamic
 * programming) when both samples have at most RC_MWU_EXACT_MAX values and no
 * ties; otherwise the normal approximation with tie and continuity
 * corrections is used. */
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

#endif
