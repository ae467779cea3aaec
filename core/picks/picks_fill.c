/* Conflict outcomes of a branch: the trials of its pending candidates split
 * between worker threads (a repository handle and an object cache each,
 * contiguous runs of main's order so that neighbours share trees), written
 * by the one caller thread: inline in a compute, or filled in afterwards
 * for what a listing without conflicts left out. */

#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pk_workers {
    git_repository *repo; /* the caller's: where the handles are opened */
    size_t max;           /* relcap.threads (0: one per CPU) */
    git_repository *handles[64];
    pk_objcache *caches[64];
};

int pk_workers_new(pk_workers **out, git_repository *repo, const rc_config *cfg)
{
    pk_workers *w = rc_xcalloc(1, sizeof *w);
    w->repo = repo;
    w->max = pk_conflict_threads(cfg, (size_t)-1 / 2);
    *out = w;
    return 0;
}

void pk_workers_free(pk_workers *w)
{
    if (!w)
        return;
    for (size_t t = 0; t < w->max; t++) {
        pk_objcache_free(w->caches[t]);
        git_repository_free(w->handles[t]);
    }
    free(w);
}

/* One worker: a contiguous run of the candidates to try (consecutive ones
 * share trees), on the handle and cache of its slot, opened when first
 * needed and kept for the next run. */
typedef struct {
    pk_workers *w;
    size_t slot;
    git_oid onto;
    const char (*shas)[41];
    pk_conflict_outcome *outs;
    size_t from, to;
    int rc;
} worker;

static void *worker_run(void *ud)
{
    worker *wk = ud;
    git_repository **repo = &wk->w->handles[wk->slot];
    pk_objcache **c = &wk->w->caches[wk->slot];
    if (!*repo && git_repository_open_bare(repo, git_repository_commondir(wk->w->repo)) != 0) {
        wk->rc = rc_error_from_git(RC_EGIT, "conflict check: open");
        return NULL;
    }
    /* the budget is shared, but a cache too small to hold a head's
     * subtrees and hot files would read them for every trial */
    size_t bytes = PK_OBJCACHE_BYTES / wk->w->max;
    if (!*c && (wk->rc = pk_objcache_new(
                    c, *repo, bytes < PK_OBJCACHE_MIN ? PK_OBJCACHE_MIN : bytes, false)) != 0)
        return NULL;
    for (size_t i = wk->from; i < wk->to; i++) {
        git_oid id;
        pk_try_result r;
        pk_conflict_outcome *o = &wk->outs[i];
        if (git_oid_fromstr(&id, wk->shas[i]) != 0 ||
            pk_conflict_try(&r, NULL, *c, &id, &wk->onto) != 0) {
            rc_error_clear(); /* unknown: left for the next run */
            continue;
        }
        o->known = true;
        o->clean = r.outcome == PK_TRY_CLEAN;
        o->paths = r.paths;
    }
    return NULL;
}

size_t pk_conflict_threads(const rc_config *cfg, size_t ntodo)
{
    long n = 0;
    if (cfg)
        rc_config_int(&n, cfg, "relcap.threads");
    if (n <= 0)
        n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n > 64)
        n = 64;
    /* a thread costs a repository handle and a cache: worth it for a few
     * dozen candidates at least */
    size_t most = ntodo / 32 + 1;
    return n < 1 ? 1 : (size_t)n < most ? (size_t)n : most;
}

int pk_conflicts_run(pk_conflict_outcome *outs, pk_workers *w, const char *onto_commit,
                     const char (*shas)[41], size_t n)
{
    git_oid hid;
    git_commit *h = NULL;
    if (n == 0)
        return 0;
    if (git_oid_fromstr(&hid, onto_commit) != 0 || git_commit_lookup(&h, w->repo, &hid) != 0)
        return rc_error_from_git(RC_EGIT, "conflict check: branch head");
    git_oid onto = *git_commit_tree_id(h);
    git_commit_free(h);
    size_t nt = n / 32 + 1 < w->max ? n / 32 + 1 : w->max;
    worker *wk = rc_xcalloc(nt, sizeof *wk);
    pthread_t *th = rc_xcalloc(nt, sizeof *th);
    bool *started = rc_xcalloc(nt, sizeof *started);
    for (size_t t = 0; t < nt; t++) {
        wk[t] = (worker){.w = w,
                         .slot = t,
                         .onto = onto,
                         .shas = shas,
                         .outs = outs,
                         .from = n * t / nt,
                         .to = n * (t + 1) / nt};
        if (nt > 1)
            started[t] = pthread_create(&th[t], NULL, worker_run, &wk[t]) == 0;
        if (!started[t])
            worker_run(&wk[t]); /* one worker, or no thread to be had */
    }
    int rc = 0;
    for (size_t t = 0; t < nt; t++) {
        if (started[t])
            pthread_join(th[t], NULL);
        if (!rc)
            rc = wk[t].rc;
    }
    free(started);
    free(th);
    free(wk);
    return rc;
}

/* Cached conflict outcome; true when found. */
static bool cached_conflict(sqlite3_stmt *st, const char *sha, const char *onto, bool *clean,
                            char **paths)
{
    sqlite3_reset(st);
    rc_sql_bind_text(st, 1, sha);
    rc_sql_bind_text(st, 2, onto);
    if (sqlite3_step(st) != SQLITE_ROW)
        return false;
    *clean = sqlite3_column_int(st, 0) != 0;
    *paths = rc_sql_dup(st, 1);
    return true;
}

typedef struct {
    char sha[41];
    int rank;
    size_t pos;
} fill_row;

static int by_rank(const void *a, const void *b)
{
    const fill_row *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The pending candidates of branch without an outcome on head, at most max
 * (0: all) of them, the ones the queue shows first (pk_fill_rank) first;
 * *total counts them all. */
static int missing_outcomes(char (**shas)[41], size_t *n, size_t *total, rc_db *db,
                            const char *branch, const char *head, size_t max)
{
    sqlite3_stmt *st;
    *shas = NULL;
    *n = *total = 0;
    int rc = rc_db_prepare(&st, db,
                           "SELECT p.sha, p.state, coalesce(d.category, p.category), d.decision"
                           " FROM picks p LEFT JOIN conflicts k ON k.sha = p.sha AND k.onto = ?2"
                           " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
                           " WHERE p.branch = ?1 AND p.state IN (?3, ?4) AND k.sha IS NULL"
                           " ORDER BY p.pos");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, head);
    sqlite3_bind_text(st, 3, rc_pick_state_name(RC_PICK_PENDING), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, rc_pick_state_name(RC_PICK_REVERT_NEEDED), -1, SQLITE_STATIC);
    fill_row *rows = NULL;
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*total == cap) {
            cap = cap ? 2 * cap : 64;
            rows = rc_xrealloc(rows, cap * sizeof *rows);
        }
        fill_row *r = &rows[*total];
        snprintf(r->sha, sizeof r->sha, "%s", rc_sql_text(st, 0));
        r->rank = pk_fill_rank(rc_sql_text(st, 1), rc_sql_text(st, 2), rc_sql_text(st, 3));
        r->pos = (*total)++;
    }
    sqlite3_finalize(st);
    if (*total > 1)
        qsort(rows, *total, sizeof *rows, by_rank);
    *n = max && max < *total ? max : *total;
    if (*n) {
        *shas = rc_xcalloc(*n, sizeof **shas);
        for (size_t i = 0; i < *n; i++)
            memcpy((*shas)[i], rows[i].sha, 41);
    }
    free(rows);
    return 0;
}

static int write_outcomes(rc_db *db, const char *head, const char (*shas)[41],
                          const pk_conflict_outcome *outs, size_t n)
{
    sqlite3_stmt *ins;
    int rc = rc_db_begin(db);
    if (rc)
        return rc;
    if ((rc = rc_db_prepare(&ins, db,
                            "INSERT OR REPLACE INTO conflicts(sha, onto, clean, paths)"
                            " VALUES (?1, ?2, ?3, ?4)"))) {
        rc_db_rollback(db);
        return rc;
    }
    for (size_t i = 0; !rc && i < n; i++) {
        if (!outs[i].known)
            continue;
        sqlite3_reset(ins);
        rc_sql_bind_text(ins, 1, shas[i]);
        rc_sql_bind_text(ins, 2, head);
        sqlite3_bind_int(ins, 3, outs[i].clean ? 1 : 0);
        rc_sql_bind_text(ins, 4, outs[i].paths ? outs[i].paths : "");
        if (sqlite3_step(ins) != SQLITE_DONE)
            rc = rc_db_error(db, "writing conflicts");
    }
    sqlite3_finalize(ins);
    return rc_db_end(db, rc);
}

/* Whether path p is q, inside q or contains q. */
static bool overlaps(const char *p, const char *q)
{
    size_t lp = strlen(p), lq = strlen(q);
    const char *s = lp <= lq ? p : q, *l = lp <= lq ? q : p;
    size_t ls = lp <= lq ? lp : lq;
    return strncmp(s, l, ls) == 0 && (l[ls] == '\0' || l[ls] == '/');
}

static bool disjoint(char **a, size_t na, char **b, size_t nb)
{
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (overlaps(a[i], b[j]))
                return false;
    return true;
}

int pk_commit_tree_of(git_oid *out, git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c;
    if (git_oid_fromstr(&id, sha) != 0 || git_commit_lookup(&c, repo, &id) != 0)
        return rc_error_from_git(RC_EGIT, "conflict check: commit");
    *out = *git_commit_tree_id(c);
    git_commit_free(c);
    return 0;
}

/* The outcome of candidate sha on the old head, when the move from old to
 * head touched none of its paths: a cherry-pick reads the head only at the
 * paths the candidate changed, so the answer is the same. */
static bool reusable(pk_conflict_outcome *o, sqlite3_stmt *prev, pk_objcache *c,
                     git_repository *repo, const char *sha, const char *old, char **moved,
                     size_t nmoved)
{
    git_oid id;
    git_commit *cm = NULL, *p = NULL;
    char **paths = NULL;
    size_t np = 0;
    bool ok = cached_conflict(prev, sha, old, &o->clean, &o->paths);
    ok = ok && git_oid_fromstr(&id, sha) == 0 && git_commit_lookup(&cm, repo, &id) == 0 &&
         git_commit_parentcount(cm) == 1 && git_commit_parent(&p, cm, 0) == 0 &&
         pk_changed_paths(&paths, &np, c, git_commit_tree_id(p), git_commit_tree_id(cm)) == 0 &&
         disjoint(paths, np, moved, nmoved);
    rc_strv_free(paths, np);
    git_commit_free(p);
    git_commit_free(cm);
    rc_error_clear();
    if (!ok) {
        free(o->paths);
        o->paths = NULL;
    }
    return o->known = ok;
}

/* Copies the reusable outcomes of the old head to head. */
static int reuse_outcomes(size_t *reused, rc_db *db, git_repository *repo, const char *branch,
                          const char *head, const char *old)
{
    git_oid ot, ht;
    pk_objcache *c = NULL;
    char **moved = NULL, (*shas)[41] = NULL;
    size_t nmoved = 0, n = 0, total = 0;
    sqlite3_stmt *prev = NULL;
    pk_conflict_outcome *outs = NULL;
    int rc;
    /* a branch rebuilt from scratch is not worth it: try everything */
    if ((rc = pk_commit_tree_of(&ot, repo, old)) || (rc = pk_commit_tree_of(&ht, repo, head)) ||
        (rc = pk_objcache_new(&c, repo, 0, false)) ||
        (rc = pk_changed_paths(&moved, &nmoved, c, &ot, &ht)) || nmoved > 4096 ||
        (rc = missing_outcomes(&shas, &n, &total, db, branch, head, 0)) ||
        (rc = rc_db_prepare(&prev, db,
                            "SELECT clean, paths FROM conflicts"
                            " WHERE sha = ?1 AND onto = ?2")))
        goto done;
    outs = rc_xcalloc(n ? n : 1, sizeof *outs);
    for (size_t i = 0; i < n; i++)
        *reused += reusable(&outs[i], prev, c, repo, shas[i], old, moved, nmoved);
    rc = write_outcomes(db, head, (const char(*)[41])shas, outs, n);
done:
    for (size_t i = 0; outs && i < n; i++)
        free(outs[i].paths);
    free(outs);
    sqlite3_finalize(prev);
    free(shas);
    rc_strv_free(moved, nmoved);
    pk_objcache_free(c);
    return rc;
}

int pk_finish_head(rc_db *db, const char *table, const char *branch, const char *head,
                   const char *old)
{
    char *key = rc_xasprintf("%s:%s", table, branch);
    int rc = rc_db_meta_set(db, key, head);
    free(key);
    if (rc || !old || !*old)
        return rc;
    char *sql = rc_xasprintf("DELETE FROM %s WHERE onto = ?1 AND onto NOT IN"
                             " (SELECT head_sha FROM branches WHERE head_sha IS NOT NULL)"
                             " AND onto NOT IN (SELECT value FROM meta WHERE key LIKE '%s:%%')",
                             table, table);
    sqlite3_stmt *st;
    rc = rc_db_prepare(&st, db, sql);
    free(sql);
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, old);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = rc_db_error(db, "pruning the old head's rows");
    sqlite3_finalize(st);
    return rc;
}

int pk_branch_head(char **out, rc_db *db, const char *branch)
{
    return rc_sql_text_first(out, db, "reading the branch head",
                             "SELECT head_sha FROM branches WHERE name = ?1", 1, branch);
}

int pk_fill_conflicts(rc_picks_fill_report *out, rc_db *db, pk_workers *w, const char *branch,
                      size_t max)
{
    git_repository *repo = w->repo;
    memset(out, 0, sizeof *out);
    char *head = NULL;
    int rc = pk_branch_head(&head, db, branch);
    if (rc)
        return rc;
    if (!head)
        return rc_error_set(RC_ENOTFOUND, "branch '%s' is not in the cache (run relcap sync)",
                            branch);
    /* the head the outcomes were last complete for: what moved since then */
    char *key = rc_xasprintf("conflicts:%s", branch), *old = NULL;
    if (rc_db_meta_get(&old, db, key) != 0)
        rc_error_clear();
    if (old && *old && strcmp(old, head) != 0 &&
        reuse_outcomes(&out->reused, db, repo, branch, head, old) != 0)
        rc_error_clear(); /* best effort: what is not reused is tried */
    char(*shas)[41] = NULL;
    size_t n = 0, total = 0;
    rc = missing_outcomes(&shas, &n, &total, db, branch, head, max);
    pk_conflict_outcome *outs = rc_xcalloc(n ? n : 1, sizeof *outs);
    if (!rc && n)
        rc = pk_conflicts_run(outs, w, head, (const char(*)[41])shas, n);
    if (!rc && n)
        rc = write_outcomes(db, head, (const char(*)[41])shas, outs, n);
    for (size_t i = 0; i < n; i++) {
        out->tried += outs[i].known;
        out->conflicting += outs[i].known && !outs[i].clean;
        free(outs[i].paths);
    }
    out->left = total - out->tried;
    if (!rc && out->left == 0 && (!old || strcmp(old, head) != 0))
        rc = pk_finish_head(db, "conflicts", branch, head, old);
    free(key);
    free(old);
    free(outs);
    free(shas);
    free(head);
    return rc;
}
