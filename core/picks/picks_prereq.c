/* Prerequisites of a conflicting candidate: the earlier main commits since
 * the cut, not on the branch, whose picks before it make it apply cleanly.
 *
 * The search is bounded and verified, never a guess: the nearest earlier
 * pending commits that touched one of the conflicting paths (PREREQ_POOL at
 * most) are cherry-picked in memory in main's order, the candidate last
 * (pk_try_chain). A pool commit that itself conflicts is dropped; when the
 * candidate then applies, the set is shrunk one commit at a time while the
 * chain stays clean, and named when PK_PREREQ_MAX or fewer remain. The
 * branch commits since the cut that changed a conflicting path are kept
 * too (collides): when no set exists, they are the answer ("the branch
 * changed these lines"). Trees of the trials go to an in-memory pack on a
 * handle of its own, so nothing is written to the repository. Outcomes
 * are cached per (candidate, branch head) in table prereqs.
 *
 * It reads only the cache (the branch's picks rows and conflict outcomes,
 * its line) and git, never main's line: sync runs it in committed steps
 * after every maintained line's conflicts, holding nothing else. */
#include "core/picks/category.h"
#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREREQ_POOL 8 /* earlier commits tried at most per candidate */

typedef struct {
    git_repository *repo; /* own handle whose writes go to mem */
    git_odb_backend *mem;
    char **paths; /* the conflicting paths of the candidate */
    size_t npaths;
} search_ctx;

/* Commits in order with their merge flags: a branch's pending candidates
 * (the pools; todo: the ones to search now, with their conflicting paths)
 * or a branch's own line. */
typedef struct {
    char (*sha)[41];
    bool *merge;
    size_t n, cap;
    size_t *todo; /* indexes into sha */
    char **paths;
    size_t ntodo;
} pending;

static bool entry_differs(git_tree *a, git_tree *b, const char *path)
{
    git_tree_entry *ea = NULL, *eb = NULL;
    bool ha = a && git_tree_entry_bypath(&ea, a, path) == 0;
    bool hb = b && git_tree_entry_bypath(&eb, b, path) == 0;
    bool differs =
        ha != hb || (ha && (!git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) ||
                            git_tree_entry_filemode(ea) != git_tree_entry_filemode(eb)));
    git_tree_entry_free(ea);
    git_tree_entry_free(eb);
    return differs;
}

/* True when commit sha changed one of the paths against its first parent. */
static bool touches(const search_ctx *s, const char *sha)
{
    git_oid id;
    git_commit *c = NULL, *p = NULL;
    git_tree *ct = NULL, *pt = NULL;
    bool hit = false;
    if (git_oid_fromstr(&id, sha) == 0 && git_commit_lookup(&c, s->repo, &id) == 0 &&
        git_commit_tree(&ct, c) == 0) {
        if (git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) == 0)
            git_commit_tree(&pt, p);
        for (size_t k = 0; !hit && k < s->npaths; k++)
            hit = entry_differs(pt, ct, s->paths[k]);
    }
    git_tree_free(ct);
    git_tree_free(pt);
    git_commit_free(c);
    git_commit_free(p);
    rc_error_clear();
    return hit;
}

static char *join_shas(const char (*shas)[41], const size_t *idx, size_t n)
{
    rc_buf b = {0};
    for (size_t k = 0; k < n; k++)
        rc_buf_printf(&b, "%s%s", k ? "\n" : "", shas[idx[k]]);
    return rc_buf_detach(&b);
}

/* The branch commits since the cut (bl[0..nbl), merges left out) that
 * changed a conflicting path. */
static char *find_collides(const search_ctx *s, const char (*bl)[41], const bool *bl_merge,
                           size_t nbl)
{
    size_t *hit = rc_xcalloc(nbl ? nbl : 1, sizeof *hit), n = 0;
    for (size_t k = 0; k < nbl; k++)
        if (!bl_merge[k] && touches(s, bl[k]))
            hit[n++] = k;
    char *out = n ? join_shas(bl, hit, n) : NULL;
    free(hit);
    return out;
}

/* Chain set[0..n) of the pending candidates, then candidate x, on head;
 * skip is left out (NONE: nothing). 1 clean, 0 conflict at *failed (an
 * index into set, n for the candidate), negative on error. */
static int try_set(size_t *failed, const search_ctx *s, const pending *p, const size_t *set,
                   size_t n, size_t skip, size_t x, const char *head)
{
    const char *shas[PREREQ_POOL + 1];
    size_t map[PREREQ_POOL + 1], k = 0;
    for (size_t j = 0; j < n; j++)
        if (j != skip) {
            map[k] = j;
            shas[k++] = p->sha[set[j]];
        }
    map[k] = n;
    shas[k++] = p->sha[x];
    size_t f;
    char *paths = NULL;
    int rc = pk_try_chain(&f, &paths, s->repo, shas, k, head);
    free(paths);
    git_mempack_reset(s->mem);
    *failed = rc == 0 ? map[f] : n;
    return rc;
}

static void drop(size_t *set, size_t *n, size_t j)
{
    memmove(&set[j], &set[j + 1], (*n - j - 1) * sizeof *set);
    (*n)--;
}

/* The smallest verified set for pending candidate x found within the
 * bounds; NULL when none. */
static char *search(const search_ctx *s, const pending *p, size_t x, const char *head)
{
    size_t set[PREREQ_POOL], n = 0, failed;
    for (size_t j = x; j-- > 0 && n < PREREQ_POOL;)
        if (!p->merge[j] && touches(s, p->sha[j]))
            set[n++] = j;
    for (size_t a = 0, b = n; a + 1 < b; a++, b--) { /* nearest first -> main's order */
        size_t t = set[a];
        set[a] = set[b - 1];
        set[b - 1] = t;
    }
    int rc = 0;
    while (n && (rc = try_set(&failed, s, p, set, n, NONE, x, head)) == 0 && failed < n)
        drop(set, &n, failed); /* a pool commit that conflicts itself */
    if (!n || rc != 1)
        return NULL;
    for (size_t j = 0; j < n;) {
        if (try_set(&failed, s, p, set, n, j, x, head) == 1)
            drop(set, &n, j);
        else
            j++;
    }
    return n <= PK_PREREQ_MAX ? join_shas(p->sha, set, n) : NULL;
}

static void split_paths(search_ctx *s, char *paths)
{
    s->npaths = 0;
    s->paths = NULL;
    size_t cap = 0;
    for (char *save = NULL, *p = strtok_r(paths, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
        if (s->npaths == cap) {
            cap = cap ? cap * 2 : 8;
            s->paths = rc_xrealloc(s->paths, cap * sizeof *s->paths);
        }
        s->paths[s->npaths++] = p;
    }
}

static int open_search(search_ctx *s, git_repository *repo)
{
    memset(s, 0, sizeof *s);
    git_odb *odb = NULL;
    int rc = git_repository_open_bare(&s->repo, git_repository_commondir(repo));
    if (!rc)
        rc = git_repository_odb(&odb, s->repo);
    if (!rc)
        rc = git_mempack_new(&s->mem);
    if (!rc && (rc = git_odb_add_backend(odb, s->mem, 1000)) != 0)
        s->mem->free(s->mem);
    git_odb_free(odb);
    if (rc) {
        git_repository_free(s->repo);
        s->repo = NULL;
        return rc_error_from_git(RC_EGIT, "prerequisites: opening the repository");
    }
    return 0;
}

/* Searched only for what can reach the captain's queue: a category the
 * policy admits, or asked for (tracker, release-branch PR). A feature
 * nobody asked for is most of the conflicting candidates on a real
 * history and each search chains whole-tree picks: 1.8 s against 55 s
 * for a cold sync of tpu-inference (bench/README.md). */
static bool worth(const char *category, int64_t requested, long review_pr)
{
    const char *c = rc_category_canonical(category);
    bool admitted = c && (rc_category_is_fix(c) || strcmp(c, RC_CAT_DOC) == 0 ||
                          strcmp(c, RC_CAT_RELEASE) == 0);
    return admitted || requested > 0 || review_pr > 0;
}

/* A commit the cache does not know: asks git whether it is a merge. */
static bool merge_in_git(git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c = NULL;
    bool merge = git_oid_fromstr(&id, sha) == 0 && git_commit_lookup(&c, repo, &id) == 0 &&
                 git_commit_parentcount(c) > 1;
    git_commit_free(c);
    rc_error_clear();
    return merge;
}

/* Appends sha to a (sha, merge) list; parents NULL: not in the cache. */
static void push_commit(pending *p, git_repository *repo, const char *sha, const char *parents)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 64;
        p->sha = rc_xrealloc(p->sha, p->cap * sizeof *p->sha);
        p->merge = rc_xrealloc(p->merge, p->cap * sizeof *p->merge);
    }
    snprintf(p->sha[p->n], sizeof *p->sha, "%s", sha ? sha : "");
    p->merge[p->n++] = parents ? strchr(parents, ' ') != NULL : merge_in_git(repo, sha);
}

static void pending_free(pending *p)
{
    for (size_t i = 0; i < p->ntodo; i++)
        free(p->paths[i]);
    free(p->paths);
    free(p->todo);
    free(p->sha);
    free(p->merge);
    memset(p, 0, sizeof *p);
}

/* The pending candidates of branch in main's order (the pools), and among
 * them the ones to search: predicted to conflict on head, worth it, no
 * prerequisites cached for head; the first max of those (0: all) go to
 * todo, *total counts them all. */
static int load_pending(pending *p, size_t *total, rc_db *db, git_repository *repo,
                        const char *branch, const char *head, size_t max)
{
    sqlite3_stmt *st;
    memset(p, 0, sizeof *p);
    *total = 0;
    int rc = rc_db_prepare(
        &st, db,
        "SELECT p.sha, m.parents, p.category, p.requested, p.review_pr, k.clean, k.paths,"
        " EXISTS (SELECT 1 FROM prereqs q WHERE q.sha = p.sha AND q.onto = ?2)"
        " FROM picks p LEFT JOIN commits m ON m.sha = p.sha"
        " LEFT JOIN conflicts k ON k.sha = p.sha AND k.onto = ?2"
        " WHERE p.branch = ?1 AND p.state = ?3 ORDER BY p.pos");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, head);
    sqlite3_bind_text(st, 3, rc_pick_state_name(RC_PICK_PENDING), -1, SQLITE_STATIC);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        push_commit(p, repo, rc_sql_text(st, 0), rc_sql_text(st, 1));
        if (sqlite3_column_type(st, 5) == SQLITE_NULL || sqlite3_column_int(st, 5) != 0 ||
            sqlite3_column_int(st, 7) ||
            !worth(rc_sql_text(st, 2), sqlite3_column_int64(st, 3),
                   (long)sqlite3_column_int64(st, 4)))
            continue;
        if ((*total)++ >= max && max)
            continue;
        if (p->ntodo == cap) {
            cap = cap ? 2 * cap : 16;
            p->todo = rc_xrealloc(p->todo, cap * sizeof *p->todo);
            p->paths = rc_xrealloc(p->paths, cap * sizeof *p->paths);
        }
        p->todo[p->ntodo] = p->n - 1;
        p->paths[p->ntodo++] = rc_xstrdup(rc_sql_text(st, 6) ? rc_sql_text(st, 6) : "");
    }
    sqlite3_finalize(st);
    return 0;
}

/* The branch's commits since its cut, in order. */
static int load_branch_line(pending *bl, rc_db *db, git_repository *repo, const char *branch)
{
    sqlite3_stmt *st;
    memset(bl, 0, sizeof *bl);
    int rc = rc_db_prepare(&st, db,
                           "SELECT l.sha, c.parents FROM line_commits l LEFT JOIN commits c"
                           " ON c.sha = l.sha WHERE l.line = ?1 ORDER BY l.pos");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    while (sqlite3_step(st) == SQLITE_ROW)
        push_commit(bl, repo, rc_sql_text(st, 0), rc_sql_text(st, 1));
    sqlite3_finalize(st);
    return 0;
}

static int write_found(rc_db *db, const char *head, const pending *p, char **prereqs,
                       char **collides, size_t n)
{
    sqlite3_stmt *ins = NULL;
    int rc = rc_db_begin(db);
    if (rc)
        return rc;
    rc = rc_db_prepare(&ins, db,
                       "INSERT OR REPLACE INTO prereqs(sha, onto, prereqs, collides)"
                       " VALUES (?1,?2,?3,?4)");
    for (size_t i = 0; !rc && i < n; i++) {
        sqlite3_reset(ins);
        rc_sql_bind_text(ins, 1, p->sha[p->todo[i]]);
        rc_sql_bind_text(ins, 2, head);
        rc_sql_bind_text(ins, 3, prereqs[i] ? prereqs[i] : "");
        rc_sql_bind_text(ins, 4, collides[i] ? collides[i] : "");
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = rc_db_error(db, "writing prerequisites");
    }
    sqlite3_finalize(ins);
    return rc_db_end(db, rc);
}

/* Searches p's todo candidates into prereqs/collides (*done of them: a
 * repository that cannot be opened leaves them all unsearched). */
static void search_all(size_t *done, char **prereqs, char **collides, git_repository *repo,
                       const pending *p, const pending *bl, const char *head)
{
    search_ctx s;
    *done = 0;
    if (!p->ntodo || open_search(&s, repo) != 0) {
        rc_error_clear();
        return;
    }
    for (size_t i = 0; i < p->ntodo; i++) {
        char *paths = rc_xstrdup(p->paths[i]);
        split_paths(&s, paths);
        collides[i] = find_collides(&s, (const char(*)[41])bl->sha, bl->merge, bl->n);
        prereqs[i] = search(&s, p, p->todo[i], head);
        free(s.paths);
        free(paths);
    }
    *done = p->ntodo;
    git_repository_free(s.repo); /* frees the odb and its backends */
    rc_error_clear();
}

int pk_fill_prereqs(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                    const char *branch, size_t max)
{
    memset(out, 0, sizeof *out);
    char *head = NULL;
    int rc = pk_branch_head(&head, db, branch);
    if (rc)
        return rc;
    if (!head || !repo) {
        free(head);
        return 0;
    }
    pending p, bl = {0};
    size_t total = 0, done = 0;
    rc = load_pending(&p, &total, db, repo, branch, head, max);
    if (!rc && p.ntodo)
        rc = load_branch_line(&bl, db, repo, branch);
    char **pre = rc_xcalloc(p.ntodo ? p.ntodo : 1, sizeof *pre);
    char **col = rc_xcalloc(p.ntodo ? p.ntodo : 1, sizeof *col);
    if (!rc)
        search_all(&done, pre, col, repo, &p, &bl, head);
    if (!rc && done)
        rc = write_found(db, head, &p, pre, col, done);
    out->searched = rc ? 0 : done;
    out->left = total - out->searched;
    for (size_t i = 0; i < p.ntodo; i++) {
        free(pre[i]);
        free(col[i]);
    }
    free(pre);
    free(col);
    pending_free(&bl);
    pending_free(&p);
    free(head);
    return rc;
}

int rc_picks_fill_prereqs_step(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                               const rc_config *cfg, const char *branch, size_t max)
{
    bool on = true, conflicts = true;
    memset(out, 0, sizeof *out);
    if (cfg && rc_config_bool(&on, cfg, "relcap.prereqCheck") != 0)
        on = true;
    if (cfg && rc_config_bool(&conflicts, cfg, "relcap.conflictCheck") != 0)
        conflicts = true;
    if (!on || !conflicts)
        return 0;
    return pk_fill_prereqs(out, db, repo, branch, max);
}

int rc_picks_fill_prereqs(rc_db *db, git_repository *repo, const rc_config *cfg, const char *branch)
{
    rc_picks_prereq_report r;
    return rc_picks_fill_prereqs_step(&r, db, repo, cfg, branch, 0);
}
