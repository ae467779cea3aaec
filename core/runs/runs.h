/* Perf runs: a benchmark command started on a node (local process, ssh,
 * slurm job or GitHub workflow run), followed, and its results imported
 * into the benchmark store. Runs are user data in the `runs` table; all
 * state needed to re-attach (pid, job id, run id, paths) is stored there, so
 * any relcap process can refresh, follow or cancel any run. */
#ifndef RELCAP_RUNS_H
#define RELCAP_RUNS_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/runs/nodes.h"
#include "core/runs/template.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    RC_RUN_QUEUED,
    RC_RUN_RUNNING,
    RC_RUN_SUCCEEDED,
    RC_RUN_FAILED,
    RC_RUN_CANCELLED,
    RC_RUN_LOST,
} rc_run_state;

const char *rc_run_state_name(rc_run_state s);
int rc_run_state_parse(rc_run_state *out, const char *name);
bool rc_run_state_final(rc_run_state s);

typedef struct {
    int64_t id;
    char *node, *backend, *kind, *hardware;
    char *target_sha, *target_tag, *target_branch; /* NULL when not given */
    char *tests;                                   /* JSON array of names */
    rc_run_state state;
    char *remote_id;                          /* pid, slurm job id, workflow run id */
    int64_t created_at, started_at, ended_at; /* 0 when unknown */
    bool has_exit;
    int exit_code;
    char *log_path;    /* where the log lives (on the node for ssh/slurm-over-ssh) */
    char *results_dir; /* on the node */
    char *reason;      /* why failed/lost/cancelled, or the last refresh problem */
    char *imported;    /* JSON summary of the results import, NULL until done */
} rc_run;

void rc_run_clear(rc_run *r);
void rc_runs_free(rc_run *runs, size_t n);

typedef struct {
    const char *tag, *commit, *branch; /* exactly one */
    const char *const *tests;
    size_t ntests;
    const char *model; /* {model}, may be NULL */
} rc_run_start_opts;

/* Sets exactly one of o->tag, o->branch, o->commit from one word, resolved
 * as git would and as the cockpit's launch prompt takes it: a tag (any PEP
 * 440 spelling of its version: v0.9.2rc1 finds v0.9.2-rc1), a branch (local
 * or on origin), else a commit. *owned holds what o points to (free it).
 * RC_ENOTFOUND "no tag, branch or commit 'X'" when it is none of them. */
int rc_runs_target_resolve(rc_run_start_opts *o, char **owned, rc_db *db, git_repository *repo,
                           const char *target);

/* Starts a run on node_name; *out_id is the new run's id. A start that
 * fails after the row exists leaves it `failed` with the reason. */
int rc_runs_start(int64_t *out_id, rc_db *db, git_repository *repo, const rc_config *cfg,
                  const char *node_name, const rc_run_start_opts *opts);
/* Newest first. */
int rc_runs_list(rc_run **out, size_t *count, rc_db *db);
int rc_runs_get(rc_run *out, rc_db *db, int64_t id);

/* A run as the cache holds it, for display: the parsed run, the state as
 * stored (an unknown one is shown, not read as lost) and which times are
 * known (0 can be a stored time). From core/runs/runs_read.c. */
typedef struct {
    rc_run run;
    char *state;
    bool has_created_at, has_started_at, has_ended_at;
} rc_run_view;

/* Newest first. Free with rc_run_views_free. */
int rc_runs_view_list(rc_run_view **out, size_t *count, rc_db *db);
/* RC_ENOTFOUND when there is no run id. Free with rc_run_view_clear. */
int rc_runs_view_get(rc_run_view *out, rc_db *db, int64_t id);
void rc_run_view_clear(rc_run_view *v);
void rc_run_views_free(rc_run_view *v, size_t count);
/* How many runs on hardware succeeded for a commit sha or a tag name. */
int rc_runs_count_succeeded(long *out, rc_db *db, const char *hardware, const char *sha,
                            const char *tag);

/* Polls one run (no-op when final); on success fetches and imports its
 * results. *changed tells whether its state moved. */
int rc_runs_refresh_one(bool *changed, rc_db *db, git_repository *repo, const rc_config *cfg,
                        int64_t id);
/* Polls every non-final run. Returns the number whose state changed, or a
 * negative error when the database failed; per-run problems are recorded
 * in the run's reason and do not stop the others. Called by `relcap run
 * refresh`, sync and the cockpit. */
int rc_runs_refresh(rc_db *db, git_repository *repo, const rc_config *cfg);

/* How many runs are queued or running (the cockpit polls while any is);
 * a negative error when the database failed. */
int rc_runs_active_count(rc_db *db);

/* Cancels a non-final run on its node and marks it cancelled. */
int rc_runs_cancel(rc_db *db, git_repository *repo, const rc_config *cfg, int64_t id);

/* Reads the log from byte offset: *out gets the new bytes (may be empty). */
int rc_runs_log_read(char **out, size_t *len, rc_db *db, git_repository *repo, const rc_config *cfg,
                     int64_t id, size_t offset);

#endif
