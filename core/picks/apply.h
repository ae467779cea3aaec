#ifndef RELCAP_PICKS_APPLY_H
#define RELCAP_PICKS_APPLY_H

#include "core/picks/picks.h"

/* `relcap pick apply`: cherry-picks the approved, clean, not yet
 * picked candidates of branch onto the local branch in main's order (a
 * conflicting one too when all its prerequisites are approved: they come
 * first in main's order), listing every approved one it leaves out with
 * the reason (skipped), with
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

/* Why an approved candidate was left out. */
typedef enum {
    RC_APPLY_SKIP_CONFLICT,    /* predicted to conflict, prerequisites not all approved */
    RC_APPLY_SKIP_PICKED,      /* already on the branch */
    RC_APPLY_SKIP_NOT_NEEDED,  /* main reverted it and the branch never had it */
    RC_APPLY_SKIP_NOT_ON_MAIN, /* no longer a candidate (main was rewritten) */
    RC_APPLY_SKIP_COUNT
} rc_apply_skip_reason;

/* "conflict", "picked", "not-needed", "not-on-main". */
const char *rc_apply_skip_reason_name(rc_apply_skip_reason r);

typedef struct {
    char sha[41];
    long pr; /* 0 when unknown */
    char *subject;
    rc_apply_skip_reason reason;
    char *paths;   /* conflict: newline-separated paths, else NULL */
    char *explain; /* conflict: rc_picks_explain_conflict's line, else NULL */
} rc_picks_apply_skip;

typedef struct {
    rc_picks_apply_step *steps;
    size_t nsteps;
    rc_picks_apply_skip *skipped; /* every approved candidate left out, main's order */
    size_t nskipped;
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
