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
 * are cached per (candidate, branch head) in table prereqs. */
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

static char *join_shas(const line *l, const size_t *idx, size_t n)
{
    rc_buf b = {0};
    for (size_t k = 0; k < n; k++)
        rc_buf_printf(&b, "%s%s", k ? "\n" : "", l->c[idx[k]].sha);
    return rc_buf_detach(&b);
}

/* The branch commits since the cut that changed a conflicting path. */
static char *find_collides(const search_ctx *s, const branch_work *w)
{
    size_t *hit = rc_xcalloc(w->bl.n ? w->bl.n : 1, sizeof *hit), n = 0;
    for (size_t k = 0; k < w->bl.n; k++)
        if (!w->bl.c[k].is_merge && touches(s, w->bl.c[k].sha))
            hit[n++] = k;
    char *out = n ? join_shas(&w->bl, hit, n) : NULL;
    free(hit);
    return out;
}

/* Chain set[0..n) of main, then candidate x, on head; skip is left out
 * (NONE: nothing). 1 clean, 0 conflict at *failed (an index into set, n
 * for the candidate), negative on error. */
static int try_set(size_t *failed, const search_ctx *s, const line *m, const size_t *set, size_t n,
                   size_t skip, size_t x, const char *head)
{
    const char *shas[PREREQ_POOL + 1];
    size_t map[PREREQ_POOL + 1], k = 0;
    for (size_t j = 0; j < n; j++)
        if (j != skip) {
            map[k] = j;
            shas[k++] = m->c[set[j]].sha;
        }
    map[k] = n;
    shas[k++] = m->c[x].sha;
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

/* The smallest verified set for candidate x found within the bounds;
 * NULL when none. */
static char *search(const search_ctx *s, const branch_work *w, const line *m, size_t x)
{
    size_t set[PREREQ_POOL], n = 0, failed;
    for (size_t j = x; j-- > w->first && n < PREREQ_POOL;)
        if (w->res[j].state == RC_PICK_PENDING && !m->c[j].is_merge && touches(s, m->c[j].sha))
            set[n++] = j;
    for (size_t a = 0, b = n; a + 1 < b; a++, b--) { /* nearest first -> main's order */
        size_t t = set[a];
        set[a] = set[b - 1];
        set[b - 1] = t;
    }
    int rc = 0;
    while (n && (rc = try_set(&failed, s, m, set, n, NONE, x, w->head)) == 0 && failed < n)
        drop(set, &n, failed); /* a pool commit that conflicts itself */
    if (!n || rc != 1)
        return NULL;
    for (size_t j = 0; j < n;) {
        if (try_set(&failed, s, m, set, n, j, x, w->head) == 1)
            drop(set, &n, j);
        else
            j++;
    }
    return n <= PK_PREREQ_MAX ? join_shas(m, set, n) : NULL;
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

static bool cached(sqlite3_stmt *st, result *r, const char *sha, const char *head)
{
    sqlite3_reset(st);
    rc_sql_bind_text(st, 1, sha);
    rc_sql_bind_text(st, 2, head);
    if (sqlite3_step(st) != SQLITE_ROW)
        return false;
    const char *p = rc_sql_text(st, 0), *c = rc_sql_text(st, 1);
    r->prereqs = p && *p ? rc_xstrdup(p) : NULL;
    r->collides = c && *c ? rc_xstrdup(c) : NULL;
    r->prereqs_known = true;
    return true;
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
static bool worth(const result *r)
{
    const char *c = rc_category_canonical(r->category);
    bool admitted = c && (rc_category_is_fix(c) || strcmp(c, RC_CAT_DOC) == 0 ||
                          strcmp(c, RC_CAT_RELEASE) == 0);
    return admitted || r->requested > 0 || r->review_pr > 0;
}

void pk_eval_prereqs(branch_work *w, const line *m, const eval_env *env)
{
    sqlite3_stmt *st = NULL;
    search_ctx s;
    if (!env->prereq_check || !env->repo || !w->head ||
        rc_db_prepare(&st, env->db,
                      "SELECT prereqs, collides FROM prereqs"
                      " WHERE sha = ?1 AND onto = ?2")) {
        rc_error_clear();
        return;
    }
    bool opened = false;
    for (size_t i = w->first; i < m->n; i++) {
        result *r = &w->res[i];
        if (r->state != RC_PICK_PENDING || !r->conflict_known || r->clean || !worth(r) ||
            cached(st, r, m->c[i].sha, w->head))
            continue;
        if (!opened && open_search(&s, env->repo) != 0)
            break;
        opened = true;
        char *paths = rc_xstrdup(r->paths ? r->paths : "");
        split_paths(&s, paths);
        r->collides = find_collides(&s, w);
        r->prereqs = search(&s, w, m, i);
        r->prereqs_known = true;
        free(s.paths);
        free(paths);
    }
    if (opened)
        git_repository_free(s.repo); /* frees the odb and its backends */
    sqlite3_finalize(st);
    rc_error_clear();
}

/* The conflict outcomes the fill cached for w's pending candidates. */
static void load_outcomes(branch_work *w, const line *m, rc_db *db)
{
    sqlite3_stmt *st = NULL;
    if (rc_db_prepare(&st, db, "SELECT clean, paths FROM conflicts WHERE sha = ?1 AND onto = ?2"))
        return;
    for (size_t i = w->first; i < m->n; i++) {
        result *r = &w->res[i];
        if (r->state != RC_PICK_PENDING || r->conflict_known)
            continue;
        sqlite3_reset(st);
        rc_sql_bind_text(st, 1, m->c[i].sha);
        rc_sql_bind_text(st, 2, w->head);
        if (sqlite3_step(st) != SQLITE_ROW)
            continue;
        const char *p = rc_sql_text(st, 1);
        r->conflict_known = true;
        r->clean = sqlite3_column_int(st, 0) != 0;
        free(r->paths);
        r->paths = p && *p ? rc_xstrdup(p) : NULL;
    }
    sqlite3_finalize(st);
}

int pk_prereqs_after_fill(branch_work *w, const line *m, const eval_env *env)
{
    if (!env->prereq_check || !env->repo || !w->head)
        return 0;
    load_outcomes(w, m, env->db);
    rc_error_clear();
    pk_eval_prereqs(w, m, env);
    return pk_write_prereqs(env->db, w, m);
}
