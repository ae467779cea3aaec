/* The one sync sequence: git scan -> GitHub -> cherry-pick analysis of the
 * maintained lines -> perf-run refresh. `relcap sync` and the cockpit's
 * background sync (which runs `relcap sync`) both go through it. */
#ifndef RELCAP_SYNC_H
#define RELCAP_SYNC_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/git/gitsync.h"
#include "core/github/ghsync.h"
#include "core/release/inputs.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

struct rc_sync_report;

typedef enum {
    RC_SYNC_STAGE_GIT,
    RC_SYNC_STAGE_GITHUB,
    RC_SYNC_STAGE_PICKS,
    RC_SYNC_STAGE_RUNS,
} rc_sync_stage;

typedef struct {
    bool fetch;                                      /* fetch the remote first */
    bool git_only;                                   /* skip GitHub */
    void (*progress)(void *ud, const char *message); /* may be NULL */
    void *progress_ud;
    /* called when a stage ends (ok or not), so a caller can print as it goes
     * (GitHub also when skipped: github_ran false, github_skipped says why);
     * on failure rc_error_last() holds the stage's message during the call */
    void (*stage_done)(void *ud, rc_sync_stage stage, int status, const struct rc_sync_report *r);
} rc_sync_opts;

typedef struct rc_sync_report {
    rc_gitsync_report git;
    rc_release_inputs_report inputs; /* the readiness inputs read with the git stage */
    double git_s;                    /* the git stage, readiness inputs included */
    bool github_ran;
    const char *github_skipped; /* why GitHub was not synced (static text); NULL when it ran or
                                   --git-only asked so */
    rc_ghsync_report github;
    double github_s;
    size_t picks_branches, picks_pending, picks_reverts, picks_violations;
    size_t picks_main_loads; /* times main's line was loaded for them (1 when any ran) */
    size_t picks_conflicts_tried, picks_conflicting; /* trial cherry-picks made, conflicting */
    size_t picks_conflicts_reused; /* outcomes copied from a branch's previous head */
    size_t picks_prereqs_searched; /* conflicting candidates whose prerequisites were searched */
    size_t picks_prereqs_reused;   /* searches copied from a branch's previous head */
    double picks_s;
    int runs_moved;
} rc_sync_report;

/* Runs the sequence. Returns 0 when every stage that ran succeeded, else the
 * first stage's error code (a failed git scan stops the sequence; a failed
 * fetch does not: out->git.fetch_error says so and the status is RC_ERROR).
 * Later stages run after an earlier one failed when they can, as the cache
 * still holds consistent data. */
int rc_sync_run(rc_sync_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                const rc_sync_opts *opts);
void rc_sync_report_free(rc_sync_report *r);

#endif
