/* The cherry-pick engine. For a release branch B cut at C, the candidates
 * are the first-parent commits of main after C (table line_commits, line =
 * relcap.mainBranch). Each gets a PR number, a category, a state
 *   picked | pending | revert-needed | not-needed
 * and, when it reached B, the evidence (strongest first: patch-id, trailer,
 * pr-reference, subject) with the commit on B (picked_as). Commits on B
 * since C are checked against the policy (table violations), and pending
 * candidates are cherry-picked in memory onto B's head to predict conflicts
 * (table conflicts, keyed by candidate and head). GitHub data refines it:
 * a merged PR into B naming trunk PR N picks candidate #N (evidence
 * release-pr) even before its commit is fetched, an open one marks it
 * under review (review_pr), and a request on the release tracker marks it
 * requested (and gives its category unless a PR label decides).
 * Everything computed goes
 * into cache tables in one transaction; triage decisions (core/triage.h)
 * live in user tables and are joined in when listing. */
#ifndef RELCAP_PICKS_H
#define RELCAP_PICKS_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *branch;
    size_t candidates, picked, pending, revert_needed, not_needed;
    size_t violations;
    size_t conflicts_checked, conflicting; /* in-memory cherry-picks done this run */
    size_t patch_ids_computed;             /* patch ids not found in the cache */
    bool skipped;                          /* up to date: nothing recomputed */
} rc_picks_branch_report;

typedef struct {
    rc_picks_branch_report *branches;
    size_t nbranches;
} rc_picks_report;

typedef struct {
    bool force;         /* recompute even when the stamp says nothing changed */
    int conflict_check; /* -1: relcap.conflictCheck, 0 off, 1 on */
} rc_picks_opts;

/* Computes picks for one branch (NULL: every branch in the cache with a
 * cut point). opts may be NULL (defaults). Needs the git sync tables; a
 * branch whose cut or head is unknown is an RC_ENOTFOUND error. Call it
 * outside any transaction of db: it reads in one snapshot and writes in
 * one transaction of its own (`relcap sync` calls it after the git part). */
int rc_picks_compute(rc_picks_report *out, rc_db *db, git_repository *repo, const rc_config *cfg,
                     const char *branch, const rc_picks_opts *opts);
void rc_picks_report_free(rc_picks_report *r);

/* True when the cached picks of branch do not match the branch head, main's
 * head or the relevant configuration any more (or were never computed). */
int rc_picks_is_stale(bool *out, rc_db *db, const rc_config *cfg, const char *branch);

/* Recomputes branch when rc_picks_is_stale says so (the call `relcap
 * picks`, `relcap pick` and the cockpit make before reading). *computed
 * (may be NULL) tells whether it did. */
int rc_picks_ensure(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const char *branch);

/* The newest maintained release branch (any branch when none is marked
 * maintained); RC_ENOTFOUND when the cache knows no branch. */
int rc_picks_default_branch(char **out, rc_db *db);

/* One listed candidate: cache row joined with the user's decision. */
typedef struct {
    char sha[41];
    int64_t pos;
    long pr;
    char *subject, *author;
    int64_t date;
    char *category; /* the override when the captain set one */
    char *state;
    char *evidence;       /* NULL when not picked */
    char *picked_as;      /* NULL when not picked */
    char *reverts;        /* sha the candidate reverts, NULL if none */
    char *conflict;       /* "clean", "conflict" or NULL (not checked) */
    char *conflict_paths; /* newline-separated, NULL when none */
    char *decision, *note, *decided_by;
    int64_t decided_at;
    long review_pr;    /* open PR into the branch carrying it ("pick under review"), 0 none */
    int64_t requested; /* release tracker comment requesting it, 0 none */
} rc_pick_row;

typedef struct {
    const char *state;    /* NULL: any */
    const char *category; /* NULL: any */
} rc_picks_filter;

/* Rows for branch in main's order. */
int rc_picks_list(rc_pick_row **out, size_t *count, rc_db *db, const char *branch,
                  const rc_picks_filter *filter);
void rc_picks_list_free(rc_pick_row *rows, size_t count);

typedef struct {
    char sha[41]; /* "" for a tracker request (no commit) */
    char *subject;
    char *reason;
    long pr;            /* tracker request: the trunk PR, else 0 */
    int64_t comment_id; /* tracker request: its comment, else 0 */
} rc_violation_row;

/* Violations of the branch, in the branch's order, then the requests on the
 * release's tracker whose trunk PR is not merged on main (reason "requested
 * on the tracker but not merged on main"; sha "", pr and comment_id set). */
int rc_picks_violations(rc_violation_row **out, size_t *count, rc_db *db, const char *branch);
void rc_picks_violations_free(rc_violation_row *rows, size_t count);

/* Resolves "SHA-prefix" or "#PR" to a candidate sha of branch (from the
 * picks table). RC_ENOTFOUND or RC_EINVALID (ambiguous) with a message. */
int rc_picks_resolve(char out[41], long *pr, rc_db *db, const char *branch, const char *what);

/* Apply (item 6 of the issue): cherry-picks the approved, clean, not yet
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
} rc_apply_step;

typedef struct {
    rc_apply_step *steps;
    size_t nsteps;
    char conflict_sha[41]; /* the candidate that stopped the run, "" when none */
    char *conflict_paths;  /* newline-separated */
    char old_head[41], new_head[41];
    bool checked_out; /* the work tree was updated too */
} rc_apply_report;

int rc_picks_apply(rc_apply_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                   const char *branch, bool dry_run);
void rc_apply_report_free(rc_apply_report *r);

/* Patch id of a commit as `git cherry` compares them (libgit2
 * git_diff_patchid of the diff against the first parent); RC_ENOTFOUND for
 * merges and root commits. */
int rc_picks_patch_id(char out[41], git_repository *repo, const git_oid *commit);

#endif
