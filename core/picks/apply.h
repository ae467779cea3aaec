#ifndef RELCAP_PICKS_APPLY_H
#define RELCAP_PICKS_APPLY_H

#include "core/picks/picks.h"

/* `relcap pick apply`: cherry-picks the approved, clean, not yet
 * picked candidates of branch onto the local branch in main's order, with
 * git's "(cherry picked from commit X)" trailer. All-or-nothing: every
 * commit is made in memory first; a conflict leaves ref, index and work
 * tree untouched. Refuses (RC_EDIRTY) on a dirty work tree when the branch
 * is checked out here, and (RC_EUNSAFE) when it is checked out in another
 * worktree. Never pushes. */
typedef struct {
    char sha[41];     /* candidate on main */
    char new_sha[41]; /* commit made on the branch ("" in a dry run) */
    char *subject;
} rc_picks_apply_step;

typedef struct {
    rc_picks_apply_step *steps;
    size_t nsteps;
    char conflict_sha[41]; /* the candidate that stopped the run, "" when none */
    char *conflict_paths;  /* newline-separated */
    char old_head[41], new_head[41];
    bool checked_out; /* the work tree was updated too */
    char *recovered;  /* what was cleaned after a killed apply (for stderr), or NULL */
} rc_picks_apply_report;

int rc_picks_apply(rc_picks_apply_report *out, git_repository *repo, rc_db *db,
                   const rc_config *cfg, const char *branch, bool dry_run);
void rc_picks_apply_report_free(rc_picks_apply_report *r);

#endif
