/* Prerequisites of a conflicting candidate: the earlier main commits since
 * the cut, not on the branch, whose picks before it make it apply cleanly.
 *
 * The search is bounded and verified, never a guess: the nearest earlier
 * pending commits that touched one of the conflicting paths (PREREQ_POOL at
 * most) are cherry-picked in memory in main's order, the candidate last,
 * each with the conflict prediction's file-level pick (pk_conflict_try: the
 * same answer as git). A pool commit that itself conflicts is dropped; when
 * the candidate then applies, the set is shrunk one commit at a time while
 * the chain stays clean, and named when PK_PREREQ_MAX or fewer remain. The
 * branch commits since the cut that changed a conflicting path are kept
 * too (collides): when no set exists, they are the answer ("the branch
 * changed these lines"). Trees of the trials go to an in-memory pack on a
 * handle of its own, so nothing is written to the repository. Outcomes
 * are cached per (candidate, branch head) in table prereqs, with the pool,
 * and a branch that moved keeps a search its move cannot change.
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

#define PREREQ_POOL 8                 /* earlier commits tried at most per candidate */
#define PREREQ_CACHE_BYTES (8u << 20) /* trees and blobs the trials share */

struct pk_prereq_search {
    git_repository *repo; /* own handle whose writes go to memory */
    pk_objcache *cache;   /* trees and blobs the trials share; their writes */
    git_oid head_tree;
    char **paths; /* the conflicting paths of the candidate */
    size_t npaths;
    /* the last chain tried (pending indexes) and at[k], the tree after its
     * first k picks: a trial starts where it stops sharing a prefix with
     * the one before (the leave-one-out trials share most of theirs) */
    size_t chain[PREREQ_POOL + 1], nchain;
    git_oid at[PREREQ_POOL + 2];
    char reuse_tried[41]; /* the head the old head's searches were last offered to */
};
typedef struct pk_prereq_search search_ctx;

/* Commits in order with their merge flags: a branch's pending candidates
 * (the pools; todo: the ones to search now, with their conflicting paths)
 * or a branch's own line. */
typedef struct {
    char (*sha)[41];
    bool *merge;
    bool *conflicts; /* predicted to conflict alone on the head (the fill's outcome) */
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

/* touches() asked of git path by path: a root or merge commit, a file
 * turned into a folder. */
static bool touches_in_git(const search_ctx *s, const char *sha)
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

/* True when commit j of list changed one of the candidate's conflicting
 * paths against its first parent (what each commit changed is read once,
 * through the searcher's cache, for every candidate and step). */
static bool touches(const search_ctx *s, const pending *list, size_t j)
{
    git_oid id;
    bool hit = false;
    int rc = git_oid_fromstr(&id, list->sha[j]) == 0
                 ? pk_commit_touches(&hit, s->cache, &id, s->paths, s->npaths)
                 : RC_ENOTFOUND;
    rc_error_clear();
    return rc == 0 ? hit : touches_in_git(s, list->sha[j]);
}

/* The shas at idx[0..n), newline-separated ("" when n is 0). */
static char *join_shas(const char (*shas)[41], const size_t *idx, size_t n)
{
    rc_buf b = {0};
    for (size_t k = 0; k < n; k++)
        rc_buf_printf(&b, "%s%s", k ? "\n" : "", shas[idx[k]]);
    return rc_buf_detach(&b);
}

/* The branch commits since the cut (merges left out) that changed a
 * conflicting path. */
static char *find_collides(const search_ctx *s, const pending *bl)
{
    size_t *hit = rc_xcalloc(bl->n ? bl->n : 1, sizeof *hit), n = 0;
    for (size_t k = 0; k < bl->n; k++)
        if (!bl->merge[k] && touches(s, bl, k))
            hit[n++] = k;
    char *out = n ? join_shas((const char(*)[41])bl->sha, hit, n) : NULL;
    free(hit);
    return out;
}

/* True unless none of list[0..i) changed a path list[i] changed, each
 * known exactly: then list[i] picked after them reads the head where it
 * reads it alone, and its outcome is the fill's. */
static bool prefix_touches(const search_ctx *s, const pending *p, const size_t *list, size_t i)
{
    git_oid id;
    const pk_changes *cs;
    pk_changes own = {0};
    bool whole = true, hit = false;
    char **paths = NULL;
    size_t n = 0;
    if (git_oid_fromstr(&id, p->sha[list[i]]) == 0 &&
        pk_objcache_changes(&cs, &whole, &own, s->cache, &id) == 0 && !whole) {
        paths = rc_xcalloc(cs->n ? cs->n : 1, sizeof *paths);
        for (n = 0; n < cs->n; n++)
            paths[n] = rc_xstrdup(cs->v[n].path);
    }
    pk_changes_free(&own);
    for (size_t k = 0; !whole && !hit && k < i; k++)
        hit = git_oid_fromstr(&id, p->sha[list[k]]) != 0 ||
              pk_commit_touches(&hit, s->cache, &id, paths, n) != 0 || hit;
    rc_strv_free(paths, n);
    rc_error_clear();
    return whole || hit;
}

/* Chain set[0..n) of the pending candidates, then candidate x, on the
 * head; skip is left out (NONE: nothing). The picks are the conflict
 * prediction's file-level ones (pk_conflict_try), written in memory; a
 * pick the fill found conflicting alone, after picks that changed none of
 * its paths, conflicts without a trial (most of a pool, far from the cut).
 * 1 clean, 0 conflict at *failed (an index into set, n for the
 * candidate), negative on error. */
static int try_set(size_t *failed, search_ctx *s, const pending *p, const size_t *set, size_t n,
                   size_t skip, size_t x)
{
    size_t list[PREREQ_POOL + 1], map[PREREQ_POOL + 1], k = 0, same = 0;
    for (size_t j = 0; j < n; j++)
        if (j != skip) {
            map[k] = j;
            list[k++] = set[j];
        }
    map[k] = n;
    list[k++] = x;
    while (same < k && same < s->nchain && s->chain[same] == list[same])
        same++;
    s->nchain = same;
    for (size_t i = same; i < k; i++) {
        git_oid cid;
        pk_try_result r;
        if (p->conflicts[list[i]] && !prefix_touches(s, p, list, i)) {
            *failed = map[i];
            return 0;
        }
        if (git_oid_fromstr(&cid, p->sha[list[i]]) != 0)
            return rc_error_set(RC_EINVALID, "prerequisites: bad commit id");
        int rc = pk_conflict_try(&r, &s->at[i + 1], s->cache, &cid, &s->at[i]);
        bool clean = r.outcome == PK_TRY_CLEAN;
        pk_try_result_clear(&r);
        if (rc)
            return rc;
        if (!clean) {
            *failed = map[i];
            return 0;
        }
        s->chain[s->nchain++] = list[i];
    }
    *failed = n;
    return 1;
}

static void drop(size_t *set, size_t *n, size_t j)
{
    memmove(&set[j], &set[j + 1], (*n - j - 1) * sizeof *set);
    (*n)--;
}

/* The pool of pending candidate x: the nearest earlier pending commits
 * (merges left out) that changed a conflicting path, PREREQ_POOL at most,
 * in main's order; returns how many. */
static size_t choose_pool(size_t *set, const search_ctx *s, const pending *p, size_t x)
{
    size_t n = 0;
    for (size_t j = x; j-- > 0 && n < PREREQ_POOL;)
        if (!p->merge[j] && touches(s, p, j))
            set[n++] = j;
    for (size_t a = 0, b = n; a + 1 < b; a++, b--) { /* nearest first -> main's order */
        size_t t = set[a];
        set[a] = set[b - 1];
        set[b - 1] = t;
    }
    return n;
}

/* What one search found: the prerequisites (NULL: no set within the
 * bounds), the branch commits the conflict collides with, and the pool
 * it tried (what a later head may reuse it by). */
typedef struct {
    char *prereqs, *collides, *pool;
} found;

static void found_clear(found *f)
{
    free(f->prereqs);
    free(f->collides);
    free(f->pool);
    memset(f, 0, sizeof *f);
}

/* The smallest verified set for pending candidate x found within the
 * bounds into f->prereqs; its pool into f->pool. */
static void search_one(found *f, search_ctx *s, const pending *p, size_t x)
{
    size_t set[PREREQ_POOL], failed, n = choose_pool(set, s, p, x);
    f->pool = join_shas((const char(*)[41])p->sha, set, n);
    /* a search's trees are its own: the in-memory writes go with it */
    pk_objcache_reset_writes(s->cache);
    s->nchain = 0;
    s->at[0] = s->head_tree;
    int rc = 0;
    while (n && (rc = try_set(&failed, s, p, set, n, NONE, x)) == 0 && failed < n)
        drop(set, &n, failed); /* a pool commit that conflicts itself */
    if (!n || rc != 1)
        return;
    for (size_t j = 0; j < n;) {
        if (try_set(&failed, s, p, set, n, j, x) == 1)
            drop(set, &n, j);
        else
            j++;
    }
    if (n <= PK_PREREQ_MAX)
        f->prereqs = join_shas((const char(*)[41])p->sha, set, n);
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

void pk_prereq_search_free(pk_prereq_search *s)
{
    if (!s)
        return;
    pk_objcache_free(s->cache);
    git_repository_free(s->repo); /* frees the odb and its backends */
    free(s);
}

int pk_prereq_search_new(pk_prereq_search **out, git_repository *repo)
{
    search_ctx *s = rc_xcalloc(1, sizeof *s);
    *out = NULL;
    if (git_repository_open_bare(&s->repo, git_repository_commondir(repo)) != 0) {
        free(s);
        return rc_error_from_git(RC_EGIT, "prerequisites: opening the repository");
    }
    int rc = pk_objcache_new(&s->cache, s->repo, PREREQ_CACHE_BYTES, true);
    if (rc)
        pk_prereq_search_free(s);
    else
        *out = s;
    return rc;
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
        p->conflicts = rc_xrealloc(p->conflicts, p->cap * sizeof *p->conflicts);
    }
    p->conflicts[p->n] = false;
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
    free(p->conflicts);
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
        p->conflicts[p->n - 1] =
            sqlite3_column_type(st, 5) != SQLITE_NULL && sqlite3_column_int(st, 5) == 0;
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

static int write_found(rc_db *db, const char *head, const pending *p, const bool *take,
                       const found *f)
{
    sqlite3_stmt *ins = NULL;
    int rc = rc_db_begin(db);
    if (rc)
        return rc;
    rc = rc_db_prepare(&ins, db,
                       "INSERT OR REPLACE INTO prereqs(sha, onto, prereqs, collides, pool)"
                       " VALUES (?1,?2,?3,?4,?5)");
    for (size_t i = 0; !rc && i < p->ntodo; i++) {
        if (!take[i])
            continue;
        sqlite3_reset(ins);
        rc_sql_bind_text(ins, 1, p->sha[p->todo[i]]);
        rc_sql_bind_text(ins, 2, head);
        rc_sql_bind_text(ins, 3, f[i].prereqs ? f[i].prereqs : "");
        rc_sql_bind_text(ins, 4, f[i].collides ? f[i].collides : "");
        rc_sql_bind_text(ins, 5, f[i].pool);
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = rc_db_error(db, "writing prerequisites");
    }
    sqlite3_finalize(ins);
    return rc_db_end(db, rc);
}

/* The searcher for one call: *search (opened when NULL), or own (search
 * NULL), on head; NULL when the repository cannot be opened. */
static search_ctx *searcher_for(pk_prereq_search **search, pk_prereq_search **own,
                                git_repository *repo, const char *head)
{
    pk_prereq_search **sp = search ? search : own;
    if ((!*sp && pk_prereq_search_new(sp, repo) != 0) ||
        pk_commit_tree_of(&(*sp)->head_tree, (*sp)->repo, head) != 0) {
        rc_error_clear();
        return NULL;
    }
    return *sp;
}

/* Searches p's todo candidates into f[i] (take[i] set for each); a
 * searcher that cannot be opened leaves them all unsearched. */
static size_t search_all(found *f, bool *take, search_ctx *s, const pending *p, const pending *bl)
{
    for (size_t i = 0; s && i < p->ntodo; i++) {
        char *paths = rc_xstrdup(p->paths[i]);
        split_paths(s, paths);
        f[i].collides = find_collides(s, bl);
        search_one(&f[i], s, p, p->todo[i]);
        take[i] = true;
        free(s->paths);
        s->paths = NULL;
        free(paths);
    }
    rc_error_clear();
    return s ? p->ntodo : 0;
}

/* True when none of the commits (x, then the pool's) changed a path of
 * moved, each known exactly. */
static bool pool_unmoved(search_ctx *s, const pending *p, size_t x, const size_t *set, size_t n,
                         char **moved, size_t nmoved)
{
    for (size_t k = 0; k <= n; k++) {
        git_oid id;
        bool hit = true;
        if (git_oid_fromstr(&id, p->sha[k < n ? set[k] : x]) != 0 ||
            pk_commit_touches(&hit, s->cache, &id, moved, nmoved) != 0 || hit) {
            rc_error_clear();
            return false;
        }
    }
    return true;
}

/* The old head's search of p's todo candidate i stands for head when the
 * move between them changed none of the paths its trials read (a pick
 * reads the head only at the paths it changes: the candidate's and its
 * pool's) and the pool is the same; the collides are found again. */
static bool reuse_one(found *f, search_ctx *s, sqlite3_stmt *prev, const pending *p,
                      const pending *bl, size_t i, char **moved, size_t nmoved)
{
    size_t x = p->todo[i], set[PREREQ_POOL];
    sqlite3_reset(prev);
    rc_sql_bind_text(prev, 1, p->sha[x]);
    if (sqlite3_step(prev) != SQLITE_ROW || sqlite3_column_type(prev, 1) == SQLITE_NULL)
        return false;
    char *paths = rc_xstrdup(p->paths[i]);
    split_paths(s, paths);
    size_t n = choose_pool(set, s, p, x);
    f->pool = join_shas((const char(*)[41])p->sha, set, n);
    bool ok =
        strcmp(f->pool, rc_sql_text(prev, 1)) == 0 && pool_unmoved(s, p, x, set, n, moved, nmoved);
    if (ok) {
        const char *pre = rc_sql_text(prev, 0);
        f->prereqs = pre && *pre ? rc_xstrdup(pre) : NULL;
        f->collides = find_collides(s, bl);
    } else {
        found_clear(f);
    }
    free(s->paths);
    s->paths = NULL;
    free(paths);
    return ok;
}

/* Offers every todo candidate of p the old head's search (take[i] set for
 * the ones reused); nothing when the move cannot be listed exactly. */
static size_t reuse_all(found *f, bool *take, rc_db *db, search_ctx *s, const pending *p,
                        const pending *bl, const char *old)
{
    git_oid ot;
    char **moved = NULL;
    size_t nmoved = 0, reused = 0;
    sqlite3_stmt *prev = NULL;
    if (pk_commit_tree_of(&ot, s->repo, old) == 0 &&
        pk_changed_paths(&moved, &nmoved, s->cache, &ot, &s->head_tree) == 0 &&
        nmoved <= 4096 && /* a branch rebuilt from scratch: search again */
        rc_db_prepare(&prev, db,
                      "SELECT prereqs, pool FROM prereqs WHERE sha = ?1 AND onto = ?2") == 0) {
        rc_sql_bind_text(prev, 2, old);
        for (size_t i = 0; i < p->ntodo; i++)
            reused += take[i] = reuse_one(&f[i], s, prev, p, bl, i, moved, nmoved);
    }
    sqlite3_finalize(prev);
    rc_strv_free(moved, nmoved);
    rc_error_clear();
    return reused;
}

/* One pass of a fill: every candidate left offered the old head's
 * searches (old not NULL), or the first max of them searched. */
static int fill_pass(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                     pk_prereq_search **search, const char *branch, const char *head,
                     const char *old, size_t max)
{
    pk_prereq_search *own = NULL;
    search_ctx *s = NULL;
    pending p, bl = {0};
    size_t total = 0;
    bool offer = old != NULL;
    memset(out, 0, sizeof *out);
    int rc = load_pending(&p, &total, db, repo, branch, head, offer ? 0 : max);
    if (!rc && p.ntodo && !(rc = load_branch_line(&bl, db, repo, branch)))
        s = searcher_for(search, &own, repo, head);
    found *f = rc_xcalloc(p.ntodo ? p.ntodo : 1, sizeof *f);
    bool *take = rc_xcalloc(p.ntodo ? p.ntodo : 1, sizeof *take);
    if (s && offer) {
        out->reused = reuse_all(f, take, db, s, &p, &bl, old);
        snprintf(s->reuse_tried, sizeof s->reuse_tried, "%s", head);
    } else if (s) {
        out->searched = search_all(f, take, s, &p, &bl);
    }
    if (!rc && (out->reused || out->searched))
        rc = write_found(db, head, &p, take, f);
    if (rc)
        out->searched = out->reused = 0;
    out->left = total - out->searched - out->reused;
    for (size_t i = 0; i < p.ntodo; i++)
        found_clear(&f[i]);
    free(f);
    free(take);
    pending_free(&bl);
    pending_free(&p);
    pk_prereq_search_free(own);
    return rc;
}

int pk_fill_prereqs(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                    pk_prereq_search **search, const char *branch, size_t max)
{
    memset(out, 0, sizeof *out);
    char *head = NULL, *old = NULL, *key = rc_xasprintf("prereqs:%s", branch);
    int rc = pk_branch_head(&head, db, branch);
    if (rc || !head || !repo)
        goto done;
    if (rc_db_meta_get(&old, db, key) != 0)
        rc_error_clear();
    /* the old head's searches are offered once per head and searcher */
    bool moved = old && *old && strcmp(old, head) != 0;
    if (moved && !(search && *search && strcmp((*search)->reuse_tried, head) == 0)) {
        rc_picks_prereq_report offered;
        rc = fill_pass(&offered, db, repo, search, branch, head, old, 0);
        out->reused = offered.reused;
    }
    rc_picks_prereq_report pass;
    if (!rc && !(rc = fill_pass(&pass, db, repo, search, branch, head, NULL, max))) {
        out->searched = pass.searched;
        out->left = pass.left;
    }
    if (!rc && out->left == 0 && (!old || strcmp(old, head) != 0))
        rc = pk_finish_head(db, "prereqs", branch, head, old);
done:
    free(key);
    free(old);
    free(head);
    return rc;
}

bool pk_prereqs_wanted(const rc_config *cfg)
{
    bool on = true, conflicts = true;
    if (cfg && rc_config_bool(&on, cfg, "relcap.prereqCheck") != 0)
        on = true;
    if (cfg && rc_config_bool(&conflicts, cfg, "relcap.conflictCheck") != 0)
        conflicts = true;
    return on && conflicts;
}
