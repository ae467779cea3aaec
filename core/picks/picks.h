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
#include "core/base/util.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *branch;
    size_t candidates, picked, pending, revert_needed, not_needed;
    size_t violations;
    size_t conflicts_checked, conflicting; /* in-memory cherry-picks done this run, conflicting */
    size_t patch_ids_computed;             /* patch ids not found in the cache */
    bool skipped;                          /* up to date: nothing recomputed */
} rc_picks_branch_report;

typedef struct {
    rc_picks_branch_report *branches;
    size_t nbranches;
    size_t main_loads; /* times main's line was loaded and indexed (0 or 1) */
} rc_picks_report;

typedef struct {
    bool force;         /* recompute even when the stamp says nothing changed */
    int conflict_check; /* -1: relcap.conflictCheck, 0 off, 1 on */
    /* With branch NULL: only these branches (main's line is still loaded
     * once for all of them); NULL with nbranches 0: every branch. */
    const char *const *branches;
    size_t nbranches;
} rc_picks_opts;

/* Computes picks for one branch (NULL: every branch in the cache with a
 * cut point, or opts->branches). opts may be NULL (defaults). Needs the git
 * sync tables; a named branch whose cut or head is unknown is an
 * RC_ENOTFOUND error. Call it outside any transaction of db: it reads in
 * one snapshot and writes in one transaction of its own (`relcap sync`
 * calls it after the git part, once for every maintained branch). */
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
/* The same with the conflict check given: -1 relcap.conflictCheck, 0 off
 * (the fast first listing: states and evidence only), 1 on. With the check
 * on and fresh states, the outcomes not cached yet are filled in. */
int rc_picks_ensure_opts(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                         const char *branch, int conflict_check);

typedef struct {
    size_t tried, conflicting; /* trials made now, and how many conflict */
    size_t left;               /* pending candidates still without an outcome */
    size_t reused;             /* copied from the branch's previous head (not tried) */
} rc_picks_fill_report;

typedef struct {
    size_t searched; /* candidates searched now (and written) */
    size_t reused;   /* copied from the branch's previous head (not searched) */
    size_t left;     /* conflicting candidates still without a search for the head */
} rc_picks_prereq_report;

/* The steps of the fills below as sync and `relcap picks` run them: each
 * step is one committed transaction that a reader sees. A prerequisite
 * search chains up to 9 cherry-picks, and leaves one out at a time, so its
 * steps are smaller. */
#define RC_PICKS_FILL_STEP 256
#define RC_PICKS_PREREQ_STEP 16

/* Receives one progress line ("conflicts of B: N of M tried"). */
typedef void (*rc_picks_progress_fn)(void *ud, const char *line);
/* Conflict outcomes that the cache lacks for the pending candidates of
 * branches[0..n) on each branch's head, one branch after the other, tried
 * in parallel workers in committed steps of step candidates (the queue's
 * first rows first, pk_fill_rank) until none is left, so a reader (the
 * cockpit) lists the outcomes as they come: conflicts never block a
 * listing. Calls progress (may be NULL) after each step; *out sums the
 * steps. When a branch moved since its outcomes were last complete, a
 * candidate whose changed paths the move did not touch keeps its outcome
 * without a trial. The steps share their workers' repository
 * handles and object caches: a candidate pending on several lines is read
 * once. */
int rc_picks_fill_steps(rc_picks_fill_report *out, rc_db *db, git_repository *repo,
                        const rc_config *cfg, const char *const *branches, size_t n, size_t step,
                        rc_picks_progress_fn progress, void *ud);
/* Searches the prerequisites of the conflicting pending candidates of
 * branches[0..n) in turn that have none cached for the branch's head
 * (after the fill: the search needs the outcomes), in committed steps of
 * step candidates in main's order ("prerequisites of B: N of M searched"
 * after each); *out sums them. It reads the cache and git, not main's
 * line. When a branch moved since its searches were last complete, a
 * search whose pool is the same and whose paths (the candidate's and the
 * pool's) the move did not touch is copied, not run again. The steps
 * share one searcher, whose trees, blobs and commits' changes (a bounded
 * cache) serve every search: main's commits are every branch's pools.
 * Nothing when relcap.prereqCheck or relcap.conflictCheck is off. */
int rc_picks_fill_prereq_steps(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                               const rc_config *cfg, const char *const *branches, size_t n,
                               size_t step, rc_picks_progress_fn progress, void *ud);
/* rc_picks_ensure_opts that never holds the states up for the conflicts: a
 * stale branch's states and evidence are committed first, then its
 * outcomes in steps (rc_picks_fill_steps), then its prerequisites
 * (rc_picks_fill_prereq_steps). */
int rc_picks_ensure_progress(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                             const char *branch, int conflict_check, rc_picks_progress_fn progress,
                             void *ud);

/* The newest maintained release branch (any branch when none is marked
 * maintained); RC_ENOTFOUND when the cache knows no branch. */
int rc_picks_default_branch(char **out, rc_db *db);

/* The state of a candidate on a branch. The cache stores the names. */
typedef enum {
    RC_PICK_PICKED,
    RC_PICK_PENDING,
    RC_PICK_REVERT_NEEDED,
    RC_PICK_NOT_NEEDED,
    /* not a candidate: a commit on the branch since the cut that breaks the
     * policy (or a tracker request not on main), listed only with
     * rc_picks_filter.with_violations; its action is review */
    RC_PICK_VIOLATION,
    RC_PICK_STATE_COUNT
} rc_pick_state;

/* How a picked candidate was found on the branch, strongest first. */
typedef enum {
    RC_PICK_EVIDENCE_NONE, /* not picked */
    RC_PICK_EVIDENCE_PATCH_ID,
    RC_PICK_EVIDENCE_TRAILER,
    RC_PICK_EVIDENCE_PR_REFERENCE,
    RC_PICK_EVIDENCE_SUBJECT,
    RC_PICK_EVIDENCE_RELEASE_PR,
    RC_PICK_EVIDENCE_COUNT
} rc_pick_evidence;

/* The captain's decision on a candidate. */
typedef enum {
    RC_PICK_DECISION_NONE, /* untriaged */
    RC_PICK_DECISION_APPROVE,
    RC_PICK_DECISION_REJECT,
    RC_PICK_DECISION_DEFER,
    RC_PICK_DECISION_COUNT
} rc_pick_decision;

/* What a candidate asks of the captain, in queue order: the rank is the
 * enum value (revert first, none last). */
typedef enum {
    RC_PICK_ACTION_REVERT,  /* revert-needed: main reverted what the branch has */
    RC_PICK_ACTION_APPLY,   /* approved, applies cleanly, not on the branch yet */
    RC_PICK_ACTION_RESOLVE, /* approved or requested, but it conflicts */
    RC_PICK_ACTION_DECIDE,  /* pending in an admitted category, no decision (or deferred) */
    RC_PICK_ACTION_REVIEW,  /* pending feature/unknown that a request or PR asks for */
    RC_PICK_ACTION_NONE,    /* picked, not-needed, rejected, unrequested feature, automation */
    RC_PICK_ACTION_COUNT
} rc_pick_action;

/* Names as stored and shown ("picked", "revert-needed", "patch-id",
 * "approve", ...); the NONE values are NULL. */
const char *rc_pick_state_name(rc_pick_state s);
const char *rc_pick_evidence_name(rc_pick_evidence e);
const char *rc_pick_decision_name(rc_pick_decision d);
/* "revert", "apply", "resolve", "decide", "review", "none". */
const char *rc_pick_action_name(rc_pick_action a);
/* Name to enum: 0, or RC_EINVALID for an unknown name (NULL is NONE for
 * evidence and decision, invalid for a state). */
int rc_pick_state_from_name(rc_pick_state *out, const char *name);
int rc_pick_evidence_from_name(rc_pick_evidence *out, const char *name);
int rc_pick_decision_from_name(rc_pick_decision *out, const char *name);
int rc_pick_action_from_name(rc_pick_action *out, const char *name);

/* One listed candidate: cache row joined with the user's decision. */
typedef struct {
    char sha[41];
    int64_t pos;
    long pr;
    char *subject, *author;
    int64_t date;
    char *category; /* the override when the captain set one */
    rc_pick_state state;
    rc_pick_evidence evidence; /* NONE when not picked */
    char *picked_as;           /* NULL when not picked */
    char *reverts;             /* sha the candidate reverts, NULL if none */
    char *conflict;            /* "clean", "conflict" or NULL (not checked) */
    char *conflict_paths;      /* newline-separated, NULL when none */
    rc_pick_decision decision;
    char *note, *decided_by;
    int64_t decided_at;
    long review_pr;          /* open PR into the branch carrying it ("pick under review"), 0 none */
    int64_t requested;       /* release tracker comment requesting it, 0 none */
    char *category_auto;     /* the engine's category */
    char *category_override; /* the captain's, NULL when none */
    char *pr_title;          /* the PR's title when GitHub was synced, else NULL */
    char *author_email;
    int64_t author_date;
    char *body;      /* rc_picks_get only, else NULL */
    char *violation; /* rc_picks_get only: the policy violation of the commit */
    rc_pick_action action;
    /* For a conflicting candidate whose prerequisites were searched:
     * earlier main commits (main's order) whose picks make it apply, and
     * the branch commits since the cut that changed the conflicting paths;
     * newline-separated shas, NULL when none or not searched. */
    char *prereqs, *collides;
    bool prereqs_searched;
} rc_pick_row;

typedef struct {
    bool by_state; /* false: any state */
    rc_pick_state state;
    const char *category; /* NULL: any */
    bool by_action;       /* false: any action */
    rc_pick_action action;
    bool queue_order; /* by action rank, then main's order (the queue) */
    /* the branch's policy violations as rows too (state violation, action
     * review, after the review candidates in the queue; sha "" for a
     * tracker request; the reason in row.violation) */
    bool with_violations;
} rc_picks_filter;

/* Rows for branch in main's order (filter->queue_order: the queue's). */
int rc_picks_list(rc_pick_row **out, size_t *count, rc_db *db, const char *branch,
                  const rc_picks_filter *filter);
void rc_picks_list_free(rc_pick_row *rows, size_t count);
/* The row of one candidate sha of branch, with body and violation;
 * RC_ENOTFOUND when it is not a candidate. Free with rc_picks_row_free. */
int rc_picks_get(rc_pick_row **out, rc_db *db, const char *branch, const char *sha);
void rc_picks_row_free(rc_pick_row *row);

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

/* The action of a row as read (state, decision, conflict, category,
 * requests); rc_picks_list sets row->action with it. */
rc_pick_action rc_pick_action_of(const rc_pick_row *row);
/* A candidate of category automation (the engine's, see
 * rc_category_is_automation, unless the captain set another): pending,
 * undecided and not requested, it has action none. */
bool rc_pick_is_automation(const rc_pick_row *row);

/* The queue's headline: "next: 1 revert to follow · 2 to apply · 1
 * conflict to resolve · 7 fixes to decide · 3 to review" ("next: nothing
 * to do" when empty), from the rows' actions. */
void rc_picks_next_line(rc_buf *b, const rc_pick_row *rows, size_t n);

/* Why a conflicting candidate does not apply, one line: "it conflicts in
 * PATHS; apply first its prerequisites 1a2b3c4d (#12)" or "...; no
 * prerequisite exists: the branch changed these lines in 3f2a1b0c
 * [release-specific]". Nothing is appended for a clean row. */
void rc_picks_explain_conflict(rc_buf *b, rc_db *db, const rc_config *cfg, const rc_pick_row *row);

/* Appends what GitHub says of trunk PR pr (title, author, labels) and the
 * tracker requests naming it, as the cockpit's detail view shows them. */
void rc_picks_describe_pr(rc_buf *b, rc_db *db, long pr);

/* Resolves "SHA-prefix" or "#PR" to a candidate sha of branch (from the
 * picks table). RC_ENOTFOUND or RC_EINVALID (ambiguous) with a message. */
int rc_picks_resolve(char out[41], long *pr, rc_db *db, const char *branch, const char *what);

/* Patch id of a commit as `git cherry` compares them (libgit2
 * git_diff_patchid of the diff against the first parent); RC_ENOTFOUND for
 * merges and root commits. */
int rc_picks_patch_id(char out[41], git_repository *repo, const git_oid *commit);

#endif
