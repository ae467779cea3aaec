/* Perf bisection: between a good and a bad commit of a release line, find
 * the first commit that makes a metric worse by launching perf runs (the
 * ordinary run machinery, any backend) at midpoints of the first-parent
 * history, importing their results and judging each step statistically
 * against the good end. State is user data in the cache (bisects,
 * bisect_runs, bisect_marks): relcap may exit at any point and resume. */
#ifndef RELCAP_BISECT_H
#define RELCAP_BISECT_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    RC_BISECT_RUNNING, /* launching and judging */
    RC_BISECT_PAUSED,  /* stopped on a problem (node, run that never started); --continue */
    RC_BISECT_DONE,    /* first bad commit named */
    RC_BISECT_FAILED,  /* cannot go on (no regression to find, metric absent) */
} rc_bisect_state;

const char *rc_bisect_state_name(rc_bisect_state s);
int rc_bisect_state_parse(rc_bisect_state *out, const char *name);

typedef enum { RC_MARK_NONE, RC_MARK_GOOD, RC_MARK_BAD, RC_MARK_SKIP } rc_bisect_mark;

const char *rc_bisect_mark_name(rc_bisect_mark m); /* "", "good", "bad", "skip" */

typedef struct {
    const char *metric;                  /* required */
    const char *test, *model, *hardware; /* NULL: from the regression's row / the node */
    const char *node;                    /* required */
    const char *from, *to;               /* NULL: the regression's base and head */
    int runs;                            /* runs per tested commit (0: 3) */
    int start_timeout_s;                 /* a run queued longer pauses the bisect (0: 1800) */
} rc_bisect_opts;

typedef struct {
    int64_t id;
    char *metric, *hardware, *model, *test, *node, *from_name, *to_name;
    char **commits; /* first-parent order, oldest first: [0] the good end, [n-1] the bad */
    size_t ncommits;
    int runs_per_step, start_timeout;
    rc_bisect_state state;
    char *first_bad; /* when done */
    char *note;      /* how the range was chosen (a merge base for the good end) */
    char *message;   /* why it paused or failed, or the verdict when done */
    int64_t created_at, updated_at;
} rc_bisect;

/* Resolves the defaults, checks the range and records a new bisect
 * (running); nothing is launched yet. */
int rc_bisect_start(int64_t *out_id, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const rc_bisect_opts *opts);
/* id 0: the newest. RC_ENOTFOUND when there is none. */
int rc_bisect_get(rc_bisect *out, rc_db *db, int64_t id);
void rc_bisect_clear(rc_bisect *b);
/* A paused bisect runs again: the runs that failed to start, were lost or
 * cancelled no longer count, so they are launched again. */
int rc_bisect_resume(rc_db *db, int64_t id);

/* One pass: polls the bisect's runs, imports, judges what finished and
 * launches what is needed next (one run at a time, so runs on one node do
 * not compete). *waiting is true while a run is in flight; the state says
 * when it ended or paused. */
int rc_bisect_advance(bool *waiting, rc_db *db, git_repository *repo, const rc_config *cfg,
                      int64_t id);

/* What `bench bisect --status` prints: the range, each tested commit with
 * its verdict, the one under test, and the first bad commit with its PR
 * and, for a pick, its original on main. */
int rc_bisect_report(char **out, rc_db *db, git_repository *repo, const rc_config *cfg, int64_t id);
/* The same as one JSON object (core/bisect/bisect_json.c), keys in this
 * order: id, state, message, metric, hardware, model, test, node,
 * runs_per_step, range {from, to, good, bad, commits, note}, steps [{index,
 * commit, subject, verdict (good, bad, skip, testing), detail, runs [{id,
 * state}]}], commits_left, first_bad (null until done; {commit, subject, pr,
 * original: null or {commit, subject, pr}}), created_at, updated_at. Absent
 * values are null. */
int rc_bisect_status_json(cJSON **out, rc_db *db, git_repository *repo, const rc_config *cfg,
                          int64_t id);
/* One line on the newest bisect for the Runs pane; *out NULL when none. */
int rc_bisect_progress_line(char **out, rc_db *db);

#endif
