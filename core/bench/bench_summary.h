/* Benchmark summary for `relcap status`: regressions of the newest RC per
 * hardware against the previous final release. */
#ifndef RELCAP_BENCH_SUMMARY_H
#define RELCAP_BENCH_SUMMARY_H

#include "core/bench/bench_diff.h"
#include "core/base/db.h"

#include <stddef.h>

typedef struct {
    char *hardware;
    char *head, *base; /* tags compared; base NULL when no earlier release has results */
    size_t regressions;
    size_t untriaged; /* regressions without a decision */
    char *regressed;  /* "METRIC DELTA (MODEL)" of each regression, ", "-joined; NULL when none */
    char **scopes;    /* per regression: its scope ("H100-only", "all") */
    char **keys;      /* per regression: "model\ttest\tmetric" */
} rc_bench_hw_summary;

/* One entry per hardware with results on some RC tag (sorted by name).
 * Returns the total number of regressions (>= 0) or a negative error.
 * opts may be NULL (defaults); its hardware/model filters are ignored.
 * out and n may both be NULL when only the total is wanted. */
int rc_bench_regressions(rc_bench_hw_summary **out, size_t *n, rc_db *db,
                         const rc_bench_diff_opts *opts);
void rc_bench_summary_free(rc_bench_hw_summary *s, size_t n);

/* "2 regressions: 1 H100-only, 1 on all" over every hardware of s (a
 * regression on all counted once), or "no regressions"; the caller frees. */
char *rc_bench_summary_line(const rc_bench_hw_summary *s, size_t n);

#endif
