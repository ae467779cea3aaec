/* Benchmark deltas between two releases, a metric's history across a
 * release line, and the captain's triage of benchmark rows.
 *
 * A side (BASE or HEAD) is a tag from the cache's tags table (its results
 * are those imported for the tag's commit) or, with a repository, any
 * commit. Defaults: HEAD is the newest RC tag with results, BASE the newest
 * final (or post) release tag ordered before it (tags.sortkey) with results. */
#ifndef RELCAP_BENCH_DIFF_H
#define RELCAP_BENCH_DIFF_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

/* In display order. */
typedef enum {
    RC_BENCH_REGRESSION,   /* significant (BH q <= alpha) and beyond the threshold, worse */
    RC_BENCH_IMPROVEMENT,  /* the same, better */
    RC_BENCH_INCONCLUSIVE, /* neither: more runs (runs_needed a side) would decide */
    RC_BENCH_MISSING,      /* one side has no samples */
    RC_BENCH_NOISE,        /* the interval lies inside +-threshold (or no direction known) */
    RC_BENCH_NVERDICTS
} rc_bench_verdict;

const char *rc_bench_verdict_name(rc_bench_verdict v); /* "regression", ... */

typedef struct {
    double threshold_pct;          /* relcap.benchThreshold (percent) */
    double alpha;                  /* relcap.benchAlpha: for BH q-values */
    const char *const *directions; /* relcap.metricDirection values "NAME=higher|lower" */
    size_t n_directions;
    const char *const *required_hw; /* relcap.requiredHardware: the universe of `scope` */
    size_t n_required_hw;
    const char *hardware, *model; /* filters; NULL for all */
} rc_bench_diff_opts;

/* Defaults (5 %, 0.05) overridden by the configuration (cfg may be NULL). */
int rc_bench_diff_opts_init(rc_bench_diff_opts *out, const rc_config *cfg);

typedef struct {
    char *hardware, *backend, *model, *test, *metric, *unit;
    int better;        /* +1 higher is better, -1 lower, 0 unknown */
    double base, head; /* medians; NAN when that side has no samples */
    size_t base_n, head_n;
    double delta_pct; /* medians, signed so that positive is better; NAN when missing */
    /* The verdict's basis (rc_bench_judge): Welch's t on logs. */
    double ratio;           /* head/base, or base/head when lower is better: < 1 is worse */
    double ci_low, ci_high; /* 95% interval of ratio; NAN with one run a side */
    double p_value;         /* Welch two-sided; NAN when not tested (1 vs 1, missing) */
    double q_value;         /* Benjamini-Hochberg across the comparison's rows */
    double spread;          /* run-to-run spread (sd of logs); NAN when unknown */
    double threshold_pct;   /* the threshold applied: opts' or widened by the fence */
    double fence_pct;       /* noise fence of earlier tags of the line; 0 when none */
    size_t fence_tags;      /* tags the fence was computed from */
    int runs_needed;        /* inconclusive: runs a side that would decide; else 0 */
    rc_bench_verdict verdict;
    char *scope;       /* regression/improvement: "H100-only", "all", "H100+A100"; else NULL */
    char *env_changed; /* "torch 2.5.1 -> 2.6.0, driver ..." when the sides' env differ */
    char *base_env, *head_env; /* environment JSON objects as imported; NULL when unknown */
    char *decision, *note;     /* triage for the head's release; NULL when none */
} rc_bench_delta;

typedef struct {
    char *base, *head;         /* tag names (or the commit spec given) */
    char *base_sha, *head_sha; /* full shas */
    char *release;             /* head's release line "X.Y.Z"; "" for a bare commit */
    rc_bench_delta *rows;      /* regressions first, then improvements, missing, noise */
    size_t n;
} rc_bench_diff;

/* The judge of one comparison of two sample arrays (also what a perf
 * bisection step uses). row->better must be set; row->fence_pct may be (0:
 * no noise history). Fills base, head (medians), base_n, head_n, delta_pct,
 * ratio, ci_low, ci_high, p_value, q_value (= p_value: a single comparison;
 * rc_bench_diff_adjust replaces it for a table of rows), spread,
 * threshold_pct, verdict and runs_needed:
 *   regression/improvement  q <= alpha and the ratio beyond the threshold
 *                           (ratio <= 1/(1+T) or >= 1+T, T = threshold_pct)
 *   noise                   the 95% interval inside (1/(1+T), 1+T), or the
 *                           metric has no known direction
 *   inconclusive            otherwise; runs_needed = runs a side for 80%
 *                           power to detect T at the observed spread
 *                           (rc_bench_runs_needed), at least one more than
 *                           now; RC_BENCH_MIN_RUNS when no spread is known
 *   missing                 a side without samples
 * The threshold T is opts->threshold_pct, widened to fence_pct when the
 * metric's own history is noisier. */
#define RC_BENCH_MIN_RUNS 3
void rc_bench_judge(rc_bench_delta *row, const double *base, size_t nb, const double *head,
                    size_t nh, const rc_bench_diff_opts *opts);
/* Verdict and runs_needed again from the row's ratio, interval, q_value,
 * spread and fence (after either changed). */
void rc_bench_reverdict(rc_bench_delta *row, const rc_bench_diff_opts *opts);
/* For a table of rows of one comparison: BH q-values across the tested rows,
 * verdicts again, then the scope of each regression and improvement across
 * opts->required_hw (else the hardware present) and env_changed. */
void rc_bench_diff_adjust(rc_bench_diff *d, const rc_bench_diff_opts *opts);
/* "2 regressions: 1 H100-only, 1 on all" (or "no regressions") for the rows
 * of verdict v; the caller frees. */
char *rc_bench_scope_line(const rc_bench_diff *d, rc_bench_verdict v);
/* The basis of the row's verdict in words, one line and its reason:
 * "3 vs 3 runs, ratio 0.83 [0.79, 0.87], BH q = 0.004 -> regression\n
 * significant (q <= 0.05) and worse by more than the 5% threshold", or
 * "... the interval crosses the 5% threshold:\n4 more runs a side (7 in all)
 * would decide"; plus the noise fence when it widened the threshold. Lines
 * fit 68 columns. */
char *rc_bench_basis(const rc_bench_delta *row, const rc_bench_diff_opts *opts);
/* What differs between two environment JSON objects, "key a -> b, ..." over
 * the keys both have; NULL when nothing (or either is NULL). */
char *rc_bench_env_changed(const char *base_env, const char *head_env);

/* base or head may be NULL for the defaults. repo may be NULL. */
int rc_bench_diff_compute(rc_bench_diff **out, rc_db *db, git_repository *repo, const char *base,
                          const char *head, const rc_bench_diff_opts *opts);
void rc_bench_diff_free(rc_bench_diff *d);

/* The digits the command line and the cockpit both print: a value ("-" when
 * NAN; whole numbers from 10000 on, else 4 significant digits) and a change
 * ("+1.2%", "0.0%" without a sign when it rounds to zero, "-" when NAN). */
void rc_bench_fmt_value(char *buf, size_t n, double v);
void rc_bench_fmt_pct(char *buf, size_t n, double pct);

/* Newest RC tag with results (for hardware when not NULL): RC_ENOTFOUND if none. */
int rc_bench_default_head(char **out, rc_db *db, const char *hardware);
/* Newest final/post tag ordered before head with results. */
int rc_bench_default_base(char **out, rc_db *db, const char *head, const char *hardware);

typedef struct {
    char *hardware, *backend, *model, *test, *unit;
    double *values; /* one median per tag of the history; NAN where none */
    size_t *counts; /* samples per tag */
} rc_bench_series;

typedef struct {
    char *metric, *release;
    int better;
    char **tags; /* the release line's tags, oldest first (rc1 ... final, post) */
    size_t ntags;
    rc_bench_series *series;
    size_t nseries;
} rc_bench_history;

/* The metric over every tag of release (NULL: the newest release with
 * results for the metric), one series per (hardware, model, test) after the
 * filters in opts. */
int rc_bench_history_compute(rc_bench_history **out, rc_db *db, const char *metric,
                             const char *release, const rc_bench_diff_opts *opts);
void rc_bench_history_free(rc_bench_history *h);

/* Triage of a benchmark row: decision is approve, reject or defer. Written
 * to bench_decisions (note kept when NULL) and appended to decision_log
 * (scope 'bench', key the JSON array [release, hardware, model, test,
 * metric]). RC_ENOTFOUND when no result has that hardware/model/test/metric. */
int rc_bench_decide(rc_db *db, const char *release, const char *hardware, const char *model,
                    const char *test, const char *metric, const char *decision, const char *note,
                    const char *author);

#endif
