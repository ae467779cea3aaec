/* The cockpit's reads of the cache: plain SQL over the tables that git sync,
 * the cherry-pick engine, GitHub sync, benchmarks and perf runs fill, turned
 * into grid rows (cells + colour roles + a record per row). When the core
 * modules offer query functions, these become thin calls to them. */
#ifndef RELCAP_TUI_MODEL_H
#define RELCAP_TUI_MODEL_H

#include "core/bench/bench_diff.h"
#include "core/base/config.h"
#include "core/base/db.h"
#include "tui/grid.h"

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    char name[256], release[128], head[41];
} rc_branch_rec;

typedef struct {
    char name[128], release[128], sha[41], kind[16];
} rc_tag_rec;

typedef struct {
    char sha[41];
    long pr;
    char state[24], category[48], decision[16], action[16];
} rc_pick_rec;

typedef struct {
    long id;
    char node[128], state[16], log_path[1024];
} rc_run_rec;

/* Each returns 0 or RC_EDB (message set); rows go into g (cleared first). */
/* Ten columns: the last (readiness) left empty for the pane. */
int model_branches_load(rc_grid *g, rc_db *db);
char *model_branch_detail(rc_db *db, const rc_config *cfg, const char *name);

int model_tags_load(rc_grid *g, rc_db *db);
char *model_tag_detail(rc_db *db, const rc_config *cfg, const char *name);
/* "next RC v0.9.2rc3", or "released as v0.9.1; next v0.9.1.post1", for a
 * release line: the name rc_release_next_tag gives (as relcap status). */
char *model_tags_next_rc(rc_db *db, const rc_config *cfg, const char *release);

typedef struct {
    size_t total, pending, picked, revert_needed, not_needed, approved, rejected, deferred;
    size_t folded;  /* rows with action none folded into the last row */
    char next[256]; /* the queue's headline ("next: 1 revert to follow · ...") */
} rc_pick_counts;
/* The queue (by action, then main's order) with an Action column; with
 * fold, the rows with action none become one last row (no data). */
int model_picks_load(rc_grid *g, rc_db *db, const char *branch, rc_pick_counts *counts, bool fold);
char *model_pick_detail(rc_db *db, const char *branch, const char *sha);
/* A policy violation of branch (commit sha, or tracker request for pr when
 * sha is ""): what it is and what to do, malloc'd. */
char *model_violation_detail(rc_db *db, const char *branch, const char *sha, long pr);
/* `relcap where` of a candidate as text: its state on every branch. */
char *model_pick_where(rc_db *db, git_repository *repo, const rc_config *cfg, const char *sha);
/* What `pick apply` would do, from a dry run: "abc123456789 subject" lines
 * to apply (*n of them), then "skipped ...: reason" lines. */
char *model_picks_to_apply(rc_db *db, git_repository *repo, const rc_config *cfg,
                           const char *branch, size_t *n);

/* Tags having benchmark results, newest first (rc_tag_rec array). */
int model_bench_tags(rc_tag_rec **out, size_t *n, rc_db *db);
typedef struct {
    size_t row; /* index into the rc_bench_diff's rows */
} rc_bench_rec;
typedef struct {
    size_t regressions, improvements, untriaged; /* untriaged: regressions without a decision */
    size_t inconclusive;
} rc_bench_counts;
/* Rows of rc_bench_diff_compute(head vs base) with a trend per row from
 * rc_bench_history_compute; *out (freed by the caller) holds the rows the
 * records point into. Nothing (0) when base or head is empty. */
int model_bench_load(rc_grid *g, rc_bench_diff **out, rc_db *db, git_repository *repo,
                     const rc_bench_diff_opts *opts, const char *base, const char *head,
                     rc_bench_counts *counts);
void model_bench_fmt_value(char *buf, size_t n, double v);

int model_runs_load(rc_grid *g, rc_db *db, int64_t now);
char *model_run_detail(rc_db *db, long id);

#endif
