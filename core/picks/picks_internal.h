/* Internals of the cherry-pick engine, shared by the core/picks files only.
 *
 * A compute loads main's line once (picks_lines.c), indexes it in hash maps
 * (picks_map.c), and for each branch loads its line, evaluates candidates,
 * reverts and violations (picks_eval.c) with GitHub evidence
 * (picks_github.c) and conflict trials (picks_conflict.c), then writes
 * everything with the branch's stamp (picks_store.c, picks_stamp.c). */
#ifndef RELCAP_PICKS_INTERNAL_H
#define RELCAP_PICKS_INTERNAL_H

/* Internal to core/picks/: the room's CMake target defines RELCAP_PICKS. */
#ifndef RELCAP_PICKS
#error "core/picks/picks_internal.h is internal to core/picks/; use the room's public headers"
#endif

#include "core/picks/category.h"
#include "core/picks/picks.h"
#include "core/picks/refs.h"
#include "core/picks/triage.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- cache rows as JSON objects, for the report and a pick's detail (picks_report.c) ---- */

/* Under name: SQL NULL as null, else the text, the integer or the ISO time. */
typedef enum { PK_COL_TEXT, PK_COL_INT, PK_COL_TIME } pk_col_kind;
typedef struct {
    const char *name;
    pk_col_kind kind;
} pk_col;

/* Adds result columns 0..n-1 of st's current row to o, named by cols. */
void pk_json_cols(cJSON *o, sqlite3_stmt *st, const pk_col *cols, int n);
/* Steps st to its end (and finalizes it), adding one object a row to arr;
 * a failed step is rc_db_error(db, what). */
int pk_json_rows(cJSON *arr, rc_db *db, sqlite3_stmt *st, const pk_col *cols, int n,
                 const char *what);

/* ---- the decision log (triage.c) ---- */

/* Appends c to decision_log (a NULL field: not part of this change), inside
 * the caller's transaction; a failed write is rc_db_error(db, what). */
int pk_triage_log(rc_db *db, const rc_triage_change *c, const char *what);

#define NONE ((size_t)-1)
#define ENGINE_STAMP "picks-engine-6" /* bump when the rules change: caches recompute */

/* ---- small hash maps: string keys (borrowed) or long keys -> index (picks_map.c) ---- */

typedef struct {
    const char **keys;
    long *nkeys;
    uint32_t *vals; /* indexes into a line: 4 bytes, main's maps are touched whole */
    size_t cap, n;
} map;

uint64_t pk_hash_str(const char *s);
void pk_map_init(map *m, size_t expect, bool longkeys);
void pk_map_free(map *m);
/* First insertion wins: the oldest commit is the one recorded. Capacity is
 * fixed at init (twice the most keys ever inserted); a value must be under
 * UINT32_MAX. */
void pk_map_put(map *m, const char *k, size_t v);
size_t pk_map_get(const map *m, const char *k);
void pk_map_putl(map *m, long k, size_t v);
size_t pk_map_getl(const map *m, long k);

/* ---- commits of a line (picks_lines.c) ---- */

/* An rc_refs with its lists on the heap, NULL when empty (nearly always):
 * rc_refs keeps 16 of each kind inline (~850 bytes), which made main's line
 * of 100 000 commits weigh 100 MB (issue 18). Same field names, so
 * c->refs.picked_from[j] reads as before. */
typedef struct {
    long pr;
    long *from_prs;
    size_t n_from_prs;
    char (*picked_from)[41];
    size_t n_picked_from;
    bool is_revert;
    char revert_sha[41];
    long revert_pr;
    char *revert_subject;
} pk_refs;

typedef struct {
    char sha[41];
    char *subject, *body, *author;
    char *email; /* the author's */
    int64_t date;
    char fp[17];       /* hash of the changed paths; "-" none (merge, empty), "" unknown */
    char patch_id[41]; /* full patch id, "-" none, "" not computed (yet) */
    bool pid_new;      /* fp or patch id computed now: write back to commits.patch_id */
    bool is_merge;
    pk_refs refs;
    char *norm;
} cinfo;

typedef struct {
    cinfo *c;
    size_t n;
    map by_sha, by_pid, by_trailer, by_pr, by_subj, by_rsha, by_rpr, by_rsubj;
} line;

int pk_load_line(line *out, rc_db *db, git_repository *repo, const char *name,
                 const char *pr_pattern);
/* The same for main's line of a compute whose branches are cut at
 * cuts[0..ncuts): when all of them are on the line, the commits before
 * the first cut keep no subject, body or author (read as ""): they are no
 * candidate of any of those branches. */
int pk_load_line_cuts(line *out, rc_db *db, git_repository *repo, const char *name,
                      const char *pr_pattern, const char *const *cuts, size_t ncuts);
void pk_line_index(line *l);
void pk_line_free(line *l);
const char *pk_pid_of(const cinfo *c);
/* Full patch id, when not known yet; true when it was computed now. */
bool pk_ensure_patch_id(cinfo *ci, git_repository *repo);
int pk_write_patch_ids(rc_db *db, const line *l);
/* The diff of trees a (may be NULL) and b limited to the paths that differ,
 * found by walking only the subtrees whose ids differ: the deltas of a
 * whole-tree diff without its walk of every folder (issue 18). *out is NULL
 * when nothing differs; a libgit2 error code otherwise. */
int pk_diff_trees(git_diff **out, git_repository *repo, git_tree *a, git_tree *b);
/* The line main's commits are stored under (relcap.mainBranch, or its
 * remote-tracking name when only that was synced); *hold owns it if set. */
const char *pk_main_line_name(rc_db *db, const rc_config *cfg, char **hold);

/* ---- per-branch evaluation (picks_eval.c) ---- */

typedef struct {
    rc_pick_state state;
    rc_pick_evidence evidence;
    size_t picked_as; /* index into the branch line, NONE */
    const char *category;
    char reverts[41];
    size_t reverted_by; /* index into main of a later revert, NONE */
    bool conflict_known, clean;
    char *paths;
    bool ext_pick;     /* picked by a merged release-branch PR (evidence release-pr) */
    char ext_sha[41];  /* that PR's merge sha when not on the branch line, "" unknown */
    long review_pr;    /* open release-branch PR carrying it, 0 none */
    int64_t requested; /* tracker comment requesting it, 0 none */
} result;

typedef struct {
    size_t idx;
    char *reason;
} violation;

typedef struct {
    char *name, *cut, *head;
    char *prev_cut; /* cut of the previous release branch, NULL for the oldest */
    size_t first;   /* first candidate index in main */
    result *res;    /* nres (main's n) entries; only [first, n) used */
    size_t nres;
    violation *viol;
    size_t nviol;
    line bl;
    char stamp[512];
} branch_work;

/* What one evaluation needs besides the branch. */
typedef struct {
    rc_db *db;
    git_repository *repo;
    const rc_config *cfg;
    const rc_category_rules *rules;
    const char *pr_pattern;
    bool conflict_check;
    bool prereq_check; /* search prerequisites of conflicting candidates */
} eval_env;

int pk_eval_branch(branch_work *w, rc_picks_branch_report *rep, line *m, const eval_env *env);
bool pk_before_cut(git_repository *repo, const char *cut, const char *sha);
const char *pk_labels_of(sqlite3_stmt *st, long pr, char **hold);

/* ---- GitHub evidence (picks_github.c) ---- */

typedef struct {
    long number;
    bool merged;
    char merge_sha[41];
    long trunk[8]; /* trunk PRs it names */
    size_t ntrunk;
} relpr;

typedef struct {
    relpr *prs;
    size_t nprs;
    map merged, open; /* trunk PR -> index into prs */
    map bynum;        /* release PR number -> index into prs */
    long *req_prs;    /* trunk PRs requested on the branch's tracker */
    int64_t *req_comment;
    const char **req_cat; /* category the request names, NULL none */
    size_t nreq;
    map req; /* trunk PR -> index into req_* */
} ghinfo;

void pk_load_ghinfo(ghinfo *g, rc_db *db, const rc_config *cfg, const char *branch,
                    const char *pr_pattern);
void pk_ghinfo_free(ghinfo *g);

/* ---- conflict trials (picks_conflict.c; workers and fill: picks_fill.c) ---- */

typedef enum { PK_TRY_CLEAN, PK_TRY_CONFLICT } pk_try_outcome;
extern const char *const pk_try_outcome_names[]; /* "clean", "conflict" */

/* Trees, blobs and commits' changes read once for many trials, bounded
 * (slots and bytes; picks_objcache.c); one per thread, on the repository
 * handle it was made with. */
typedef struct pk_objcache pk_objcache;

/* The default bound, shared by the workers (each keeps PK_OBJCACHE_MIN at
 * least): 8 MiB gives the conflict fill of the 5 000-commit bench history
 * its speed and keeps its sync under 60 MB (bench/README.md). */
#define PK_OBJCACHE_BYTES ((size_t)8 << 20)
#define PK_OBJCACHE_MIN ((size_t)2 << 20)

/* max_bytes bounds the trees and blob contents kept (0: PK_OBJCACHE_BYTES). With in_memory,
 * what trials write (merged blobs, result trees) goes to an in-memory
 * object database added to repo, never to its object files: give such a
 * cache a repository handle of its own. */
int pk_objcache_new(pk_objcache **out, git_repository *repo, size_t max_bytes, bool in_memory);
void pk_objcache_free(pk_objcache *c);
/* The repository handle c reads (and writes) through. */
git_repository *pk_objcache_repo(pk_objcache *c);
/* Drops what was written in memory (in_memory caches). */
void pk_objcache_reset_writes(pk_objcache *c);

typedef struct {
    pk_try_outcome outcome;
    char *paths;     /* conflicting paths, newline-separated; NULL when clean */
    bool full_merge; /* decided by libgit2's whole-tree merge */
} pk_try_result;

void pk_try_result_clear(pk_try_result *r);

/* Cherry-picks candidate (a merge: against its first parent) onto the tree
 * onto in memory; the answer is git cherry-pick's (clean, or the
 * conflicting paths). result_tree (may be NULL): the tree a clean pick
 * gives (use an in_memory cache: it writes objects). */
int pk_conflict_try(pk_try_result *out, git_oid *result_tree, pk_objcache *c,
                    const git_oid *candidate, const git_oid *onto);

/* ---- the object cache (picks_objcache.c) ---- */

/* One path a commit changed: its entry in the parent (base) and in the
 * commit (theirs). */
typedef struct {
    char *path;
    git_oid base, theirs;
    uint32_t bmode, tmode; /* 0: absent */
} pk_change;

typedef struct {
    pk_change *v;
    size_t n, cap;
    bool fallback; /* a file became a folder or back: no exact list */
    bool deletes, adds;
} pk_changes;

void pk_changes_free(pk_changes *cs);

/* A new reference to the tree or blob (the caller frees it), through c. */
int pk_objcache_tree(git_tree **out, pk_objcache *c, const git_oid *id);
int pk_objcache_blob(git_blob **out, pk_objcache *c, const git_oid *id);

/* The changes of commit against its first parent, through c: *out points
 * into the cache (valid until the next call of this function on c) or to
 * *own when the cache's bound cannot keep it (free own with
 * pk_changes_free either way). *whole: only a whole-tree merge decides
 * (not a one-parent commit, or a file turned into a folder). */
int pk_objcache_changes(const pk_changes **out, bool *whole, pk_changes *own, pk_objcache *c,
                        const git_oid *commit);

/* *hit: commit changed one of paths[0..npaths) against its first parent;
 * RC_ENOTFOUND (no message) when its changes have no exact list. */
int pk_commit_touches(bool *hit, pk_objcache *c, const git_oid *commit, char *const *paths,
                      size_t npaths);

/* The leaf paths that differ between two trees (reading only the subtrees
 * whose ids differ); RC_ENOTFOUND (no message) when a file became a
 * folder or back. The caller frees them (rc_strv_free). */
int pk_changed_paths(char ***out, size_t *n, pk_objcache *c, const git_oid *a_tree,
                     const git_oid *b_tree);

/* The rows of table (conflicts, prereqs) are complete for branch's head:
 * meta TABLE:BRANCH names it, and the old head's rows go unless a branch
 * still stands on it or another branch's rows are not complete yet. */
int pk_finish_head(rc_db *db, const char *table, const char *branch, const char *head,
                   const char *old);

/* The tree of commit sha. */
int pk_commit_tree_of(git_oid *out, git_repository *repo, const char *sha);

/* The cached head of branch; *out NULL when the cache does not know it. */
int pk_branch_head(char **out, rc_db *db, const char *branch);

/* Worker threads for n trials (relcap.threads, 0: one per CPU). */
size_t pk_conflict_threads(const rc_config *cfg, size_t ntodo);

typedef struct {
    bool known, clean;
    char *paths; /* owned by the caller after the run */
} pk_conflict_outcome;

/* Worker threads' repository handles and object caches (relcap.threads of
 * them, 0: one per CPU; their bounds share PK_OBJCACHE_BYTES), opened when
 * first needed and kept across the runs of a fill, its steps and its
 * branches: a candidate pending on three lines is read once, not three
 * times. */
typedef struct pk_workers pk_workers;
int pk_workers_new(pk_workers **out, git_repository *repo, const rc_config *cfg);
void pk_workers_free(pk_workers *w);

/* Tries shas[0..n) onto the commit onto_commit in parallel workers of w
 * (one per 32 trials at most), into outs[0..n). A trial that fails is left
 * unknown. */
int pk_conflicts_run(pk_conflict_outcome *outs, pk_workers *w, const char *onto_commit,
                     const char (*shas)[41], size_t n);

/* The conflict outcomes of branch's pending candidates that the cache
 * lacks for its head: at most max of them (0: all) tried by the workers of
 * w and written in one transaction (one step of rc_picks_fill_steps). */
int pk_fill_conflicts(rc_picks_fill_report *out, rc_db *db, pk_workers *w, const char *branch,
                      size_t max);

/* ---- prerequisites of conflicting candidates (picks_prereq.c) ---- */

#define PK_PREREQ_MAX 5 /* the most prerequisites named for one candidate */

/* Searches prerequisites: its own repository handle (the trials' writes
 * go to memory) and a bounded cache of trees and blobs, which every search
 * it runs shares (one branch's candidates mostly share their pools). */
typedef struct pk_prereq_search pk_prereq_search;
int pk_prereq_search_new(pk_prereq_search **out, git_repository *repo);
void pk_prereq_search_free(pk_prereq_search *s);

/* relcap.prereqCheck and relcap.conflictCheck are both on. */
bool pk_prereqs_wanted(const rc_config *cfg);

/* One step of rc_picks_fill_prereq_steps for branch (at most max searched,
 * 0: all) without the configuration check (a compute decides with its own
 * options), searching with *search (opened when
 * NULL and first needed, then kept for the caller to free); search NULL:
 * a searcher for this call alone. */
int pk_fill_prereqs(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                    pk_prereq_search **search, const char *branch, size_t max);

/* ---- the queue (picks_action.c) ---- */

void pk_sort_queue(rc_pick_row *rows, size_t n);
int pk_fill_rank(const char *state, const char *category, const char *decision);

/* ---- stamps (picks_stamp.c) ---- */

void pk_make_stamp(char *out, size_t n, const char *head, const line *main, const char *cut,
                   const rc_config *cfg, rc_db *db);
int pk_read_stamp(char **out, rc_db *db, const char *branch);
/* Main's line reduced to its last commit (all a stamp reads of it), without
 * loading the line; free out->c. */
void pk_main_tip(line *out, rc_db *db, const char *mname);
/* "releases/v0.9.2, releases/v0.9.1" (newest first) or "none": for errors. */
char *pk_known_branches(rc_db *db);

/* ---- writing (picks_store.c) ---- */

int pk_write_branch(rc_db *db, branch_work *w, const line *m, bool conflict_check);
void pk_work_free(branch_work *w);
/* Frees what the evaluation made (results, violations, the branch's line),
 * keeping the names: what the fill after the write needs. */
void pk_work_drop_eval(branch_work *w);

#endif
