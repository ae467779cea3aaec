/* GitHub evidence: release-branch PRs and tracker requests. */

#include "core/picks/picks_internal.h"

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pk_ghinfo_free(ghinfo *g)
{
    free(g->prs);
    free(g->req_prs);
    free(g->req_comment);
    free(g->req_cat);
    pk_map_free(&g->merged);
    pk_map_free(&g->open);
    pk_map_free(&g->bynum);
    pk_map_free(&g->req);
    memset(g, 0, sizeof *g);
}

/* The branch name as GitHub's base.ref spells it: without the remote. */
static const char *base_ref(const char *branch, const rc_config *cfg)
{
    const char *remote = rc_config_text(cfg, "relcap.remote");
    size_t n = remote ? strlen(remote) : 0;
    if (n && strncmp(branch, remote, n) == 0 && branch[n] == '/')
        return branch + n + 1;
    return branch;
}

/* (trunk PR, release PR index) pairs; the maps do not grow, so they are
 * sized once every pair is known */
typedef struct {
    long *v;
    size_t n, cap, nmerged;
} links;

static void link_add(links *l, long trunk, size_t idx, bool merged)
{
    if (l->n + 2 > l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = rc_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = trunk;
    l->v[l->n++] = (long)idx;
    l->nmerged += merged;
}

/* One row of prs into g->prs (merged or open ones only) with its links. */
static void add_release_pr(ghinfo *g, links *l, size_t *cap, sqlite3_stmt *st,
                           const char *pr_pattern)
{
    const char *state = rc_sql_text(st, 1);
    bool merged =
        sqlite3_column_type(st, 2) != SQLITE_NULL || (state && strcmp(state, "merged") == 0);
    bool open = !merged && state && strcmp(state, "open") == 0;
    if (!merged && !open)
        return; /* closed unmerged: no evidence either way */
    if (g->nprs == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        g->prs = rc_xrealloc(g->prs, *cap * sizeof *g->prs);
    }
    relpr *p = &g->prs[g->nprs];
    memset(p, 0, sizeof *p);
    p->number = (long)sqlite3_column_int64(st, 0);
    p->merged = merged;
    const char *ms = rc_sql_text(st, 3);
    if (ms && strlen(ms) == 40)
        memcpy(p->merge_sha, ms, 41);
    rc_refs refs;
    if (rc_refs_parse(&refs, rc_sql_text(st, 4), rc_sql_text(st, 5), pr_pattern) != 0) {
        rc_error_clear();
        return;
    }
    /* a PR title never carries its own number: "(#N)" there names the
     * trunk PR */
    for (size_t j = 0; j <= refs.n_from_prs; j++) {
        long n = j < refs.n_from_prs ? refs.from_prs[j] : refs.pr;
        if (n <= 0 || n == p->number)
            continue;
        link_add(l, n, g->nprs, merged);
        if (p->ntrunk < sizeof p->trunk / sizeof p->trunk[0])
            p->trunk[p->ntrunk++] = n;
    }
    rc_refs_free(&refs);
    g->nprs++;
}

static void load_release_prs(ghinfo *g, links *l, rc_db *db, const rc_config *cfg,
                             const char *branch, const char *pr_pattern)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT number, state, merged_at, merge_sha, title, body FROM prs"
                      " WHERE base = ?1 OR base = ?2 ORDER BY number") == 0) {
        rc_sql_bind_text(st, 1, branch);
        rc_sql_bind_text(st, 2, base_ref(branch, cfg));
        size_t cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW)
            add_release_pr(g, l, &cap, st, pr_pattern);
        sqlite3_finalize(st);
    }
    pk_map_init(&g->bynum, g->nprs, true);
    for (size_t i = 0; i < g->nprs; i++)
        pk_map_putl(&g->bynum, g->prs[i].number, i);
}

/* One trunk PR of a tracker request; the release PRs the request names
 * carry it, whatever their own text says. */
static void add_request(ghinfo *g, links *l, size_t *cap, long pr, int64_t comment, const char *cat,
                        const char *release_prs)
{
    if (g->nreq == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        g->req_prs = rc_xrealloc(g->req_prs, *cap * sizeof *g->req_prs);
        g->req_comment = rc_xrealloc(g->req_comment, *cap * sizeof *g->req_comment);
        g->req_cat = rc_xrealloc(g->req_cat, *cap * sizeof *g->req_cat);
    }
    g->req_prs[g->nreq] = pr;
    g->req_comment[g->nreq] = comment;
    g->req_cat[g->nreq] = cat;
    g->nreq++;
    cJSON *rel = cJSON_Parse(release_prs), *rt;
    cJSON_ArrayForEach(rt, rel)
    {
        size_t idx = cJSON_IsNumber(rt) && rt->valuedouble >= 1 && rt->valuedouble <= 1e15
                         ? pk_map_getl(&g->bynum, (long)rt->valuedouble)
                         : NONE;
        if (idx != NONE)
            link_add(l, pr, idx, g->prs[idx].merged);
    }
    cJSON_Delete(rel);
}

/* The tracker of the branch's release: same version, or the release line
 * the branch stands for (X.Y). */
static void load_requests(ghinfo *g, links *l, rc_db *db, const char *branch)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT r.comment_id, r.trunk_prs, r.category, r.release_prs"
                      " FROM tracker_requests r"
                      " JOIN trackers t ON t.number = r.tracker"
                      " JOIN branches b ON b.name = ?1"
                      " WHERE ltrim(t.version, 'vV') = b.version"
                      "    OR ltrim(t.version, 'vV') = b.release"
                      "    OR ltrim(t.version, 'vV') LIKE b.release || '.%'"
                      " ORDER BY r.comment_id") != 0)
        return;
    rc_sql_bind_text(st, 1, branch);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *arr = cJSON_Parse(rc_sql_text(st, 1));
        const char *cat = rc_category_from_text(rc_sql_text(st, 2));
        cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > 1e15)
                continue; /* (long) of a larger double is undefined */
            add_request(g, l, &cap, (long)it->valuedouble, sqlite3_column_int64(st, 0), cat,
                        rc_sql_text(st, 3));
        }
        cJSON_Delete(arr);
    }
    sqlite3_finalize(st);
}

/* Loads the PRs whose base is the branch and the tracker requests of its
 * release; each trunk PR they name goes into a hash map, so settling a
 * candidate costs a lookup. Missing tables or rows leave the maps empty. */
void pk_load_ghinfo(ghinfo *g, rc_db *db, const rc_config *cfg, const char *branch,
                    const char *pr_pattern)
{
    memset(g, 0, sizeof *g);
    links l = {0};
    load_release_prs(g, &l, db, cfg, branch, pr_pattern);
    load_requests(g, &l, db, branch);
    pk_map_init(&g->merged, l.nmerged, true);
    pk_map_init(&g->open, l.n / 2 - l.nmerged, true);
    for (size_t i = 0; i < l.n; i += 2) {
        size_t idx = (size_t)l.v[i + 1];
        pk_map_putl(g->prs[idx].merged ? &g->merged : &g->open, l.v[i], idx);
    }
    free(l.v);
    pk_map_init(&g->req, g->nreq, true);
    for (size_t i = 0; i < g->nreq; i++)
        pk_map_putl(&g->req, g->req_prs[i], i);
}

static const char *txt(sqlite3_stmt *st, int i)
{
    const char *s = rc_sql_text(st, i);
    return s ? s : "";
}

void rc_picks_describe_pr(rc_buf *b, rc_db *db, long pr)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT number, title, author, state, labels, milestone, url "
                      "FROM prs WHERE number = ?") == 0) {
        sqlite3_bind_int64(st, 1, pr);
        if (sqlite3_step(st) == SQLITE_ROW)
            rc_buf_printf(b, "\nPR #%lld: %s\n  by %s, %s; labels %s%s%s\n  %s\n",
                          (long long)sqlite3_column_int64(st, 0), txt(st, 1), txt(st, 2),
                          txt(st, 3), txt(st, 4), *txt(st, 5) ? "; milestone " : "", txt(st, 5),
                          txt(st, 6));
        else
            rc_buf_printf(b, "\nPR #%ld: not in the cache (GitHub not synced)\n", pr);
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT tr.tracker, tr.comment_id, tr.author, tr.category, tr.checked, "
                      "tr.on_trunk, tr.release_prs FROM tracker_requests tr WHERE EXISTS "
                      "(SELECT 1 FROM json_each(tr.trunk_prs) j WHERE j.value = ?1) OR EXISTS "
                      "(SELECT 1 FROM json_each(tr.release_prs) j WHERE j.value = ?1) "
                      "ORDER BY tr.comment_id") == 0) {
        sqlite3_bind_int64(st, 1, pr);
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!n++)
                rc_buf_puts(b, "\nTracker requests:\n");
            rc_buf_printf(b, "  tracker #%lld comment %lld by %s: %s%s%s, release PRs %s\n",
                          (long long)sqlite3_column_int64(st, 0),
                          (long long)sqlite3_column_int64(st, 1), txt(st, 2),
                          *txt(st, 3) ? txt(st, 3) : "no category",
                          sqlite3_column_int(st, 4) ? ", checked" : "",
                          sqlite3_column_type(st, 5) != SQLITE_NULL && !sqlite3_column_int(st, 5)
                              ? ", NOT ON TRUNK"
                              : "",
                          txt(st, 6));
        }
        sqlite3_finalize(st);
    }
}
