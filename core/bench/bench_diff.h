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

typedef enum {
    RC_BENCH_REGRESSION,
    RC_BENCH_IMPROVEMENT,
    RC_BENCH_MISSING, /* one side has no samples */
    RC_BENCH_NOISE,
} rc_bench_verdict;

const char *rc_bench_verdict_name(rc_bench_verdict v); /* "regression", ... */

typedef struct {
    double threshold_pct;          /* relcap.benchThreshold (percent) */
    double alpha;                  /* relcap.benchAlpha */
    const char *const *directions; /* relcap.metricDirection values "NAME=higher|lower" */
    size_t n_directions;
    const char *hardware, *model; /* filters; NULL for all */
} rc_bench_diff_opts;

/* Defaults (5 %, 0.05) overridden by the configuration (cfg may be NULL). */
int rc_bench_diff_opts_init(rc_bench_diff_opts *out, const rc_config *cfg);

typedef struct {
    char *hardware, *backend, *model, *test, *metric, *unit;
    int better;        /* +1 higher is better, -1 lower, 0 unknown */
    double base, head; /* medians; NAN when that side has no samples */
    size_t base_n, head_n;
    double delta_pct; /* signed so that positive is better; NAN when missing */
    double p_value;   /* Mann-Whitney two-sided; NAN when not tested (1 vs 1) */
    rc_bench_verdict verdict;
    char *decision, *note; /* triage for the head's release; NULL when none */
} rc_bench_delta;

typedef struct {
    char *base, *head;         /* tag names (or the commit spec given) */
    char *base_sha, *head_sha; /* full shas */
    char *release;             /* head's release line "X.Y.Z"; "" for a bare commit */
    rc_bench_delta *rows;      /* regressions first, then improvements, missing, noise */
    size_t n;
} rc_bench_diff;

/* Verdict for one row from its samples (fills base/head/_n/delta/p/verdict;
 * row->better must be set). With one sample a side the threshold alone
 * decides; with more, the change must pass the threshold and the
 * Mann-Whitney test at alpha. When the sample sizes are too small for the
 * test ever to reach alpha (3 vs 3 gives p >= 0.1 exactly), complete
 * separation of the two samples stands in for significance. */
void rc_bench_judge(rc_bench_delta *row, const double *base, size_t nb, const double *head,
                    size_t nh, const rc_bench_diff_opts *opts);

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
