/* GitHub sync, write phase: everything fetched, in one transaction. */
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/github/ghsync.h"
#include "core/github/github.h"
#include "core/github/github_internal.h"
#include "core/github/tracker.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static char *labels_json(const cJSON *pr)
{
    cJSON *a = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(pr, "labels"))
    {
        const char *n = ghsync_jstr(it, "name");
        if (n)
            cJSON_AddItemToArray(a, cJSON_CreateString(n));
    }
    char *s = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    return s;
}

static int step_done(ghsync *g, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : rc_db_error(g->db, what);
}

static int write_prs(ghsync *g)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, g->db,
                          "INSERT OR REPLACE INTO prs(number, title, author, state, base, labels,"
                          " milestone, merged_at, merge_sha, body, url, updated_at)"
                          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (r)
        return r;
    const cJSON *pr;
    cJSON_ArrayForEach(pr, g->prs)
    {
        int64_t merged = ghsync_jtime(pr, "merged_at");
        const char *state = merged ? "merged" : ghsync_jstr(pr, "state");
        char *labels = labels_json(pr);
        sqlite3_bind_int64(st, 1, ghsync_jlong(pr, "number"));
        rc_sql_bind_text(st, 2, ghsync_jstr(pr, "title"));
        rc_sql_bind_text(st, 3, ghsync_jpath(pr, "user", "login"));
        rc_sql_bind_text(st, 4, state);
        rc_sql_bind_text(st, 5, ghsync_jpath(pr, "base", "ref"));
        rc_sql_bind_text(st, 6, labels);
        rc_sql_bind_text(st, 7, ghsync_jpath(pr, "milestone", "title"));
        rc_sql_bind_time(st, 8, merged);
        rc_sql_bind_text(st, 9, merged ? ghsync_jstr(pr, "merge_commit_sha") : NULL);
        rc_sql_bind_text(st, 10, ghsync_jstr(pr, "body"));
        rc_sql_bind_text(st, 11, ghsync_jstr(pr, "html_url"));
        rc_sql_bind_time(st, 12, ghsync_jtime(pr, "updated_at"));
        r = step_done(g, st, "cannot write prs");
        free(labels);
        if (r)
            break;
    }
    sqlite3_finalize(st);
    if (r || !g->ndrop)
        return r;
    if ((r = rc_db_prepare(&st, g->db, "DELETE FROM prs WHERE number = ? AND merged_at IS NULL")))
        return r;
    for (size_t i = 0; i < g->ndrop && !r; i++) {
        sqlite3_bind_int64(st, 1, g->drop[i]);
        r = step_done(g, st, "cannot delete from prs");
        g->rep->prs_dropped += (size_t)sqlite3_changes(rc_db_handle(g->db));
    }
    sqlite3_finalize(st);
    return r;
}

static char *ints_json(const long *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
    char *s = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    return s;
}

static int write_trackers(ghsync *g, ghsync_request *rows, size_t nrows)
{
    int r = rc_db_exec(g->db, "DELETE FROM tracker_requests; DELETE FROM trackers;");
    if (r)
        return r;
    sqlite3_stmt *st;
    if ((r = rc_db_prepare(&st, g->db,
                           "INSERT INTO trackers(number, title, version, state, updated_at)"
                           " VALUES (?,?,?,?,?)")))
        return r;
    for (size_t i = 0; i < g->ntr && !r; i++) {
        sqlite3_bind_int64(st, 1, g->tr[i].number);
        rc_sql_bind_text(st, 2, g->tr[i].title);
        rc_sql_bind_text(st, 3, g->tr[i].version);
        rc_sql_bind_text(st, 4, g->tr[i].state);
        rc_sql_bind_time(st, 5, g->tr[i].updated_at);
        r = step_done(g, st, "cannot write trackers");
    }
    sqlite3_finalize(st);
    if (r)
        return r;
    if ((r = rc_db_prepare(&st, g->db,
                           "INSERT OR REPLACE INTO tracker_requests(comment_id, tracker, author,"
                           " trunk_prs, release_prs, category, checked, on_trunk, body)"
                           " VALUES (?,?,?,?,?,?,?,?,?)")))
        return r;
    for (size_t i = 0; i < nrows && !r; i++) {
        ghsync_request *row = &rows[i];
        char *tj = ints_json(row->req.trunk, row->req.n_trunk);
        char *rj = ints_json(row->req.release, row->req.n_release);
        sqlite3_bind_int64(st, 1, row->comment_id);
        sqlite3_bind_int64(st, 2, row->tracker);
        rc_sql_bind_text(st, 3, row->author);
        rc_sql_bind_text(st, 4, tj);
        rc_sql_bind_text(st, 5, rj);
        rc_sql_bind_text(st, 6, row->req.category);
        if (row->req.checked >= 0)
            sqlite3_bind_int(st, 7, row->req.checked);
        else
            sqlite3_bind_null(st, 7);
        if (row->on_trunk >= 0)
            sqlite3_bind_int(st, 8, row->on_trunk);
        else
            sqlite3_bind_null(st, 8);
        rc_sql_bind_text(st, 9, row->body);
        r = step_done(g, st, "cannot write tracker_requests");
        free(tj);
        free(rj);
    }
    sqlite3_finalize(st);
    g->rep->trackers = g->ntr;
    g->rep->requests = nrows;
    return r;
}

static int write_ci(ghsync *g)
{
    sqlite3_stmt *a, *t, *b;
    int r = rc_db_prepare(
        &a, g->db, "INSERT OR REPLACE INTO ci_status(sha, state, updated_at) VALUES (?,?,?)");
    if (r)
        return r;
    if ((r = rc_db_prepare(&t, g->db, "UPDATE tags SET ci = ? WHERE sha = ?"))) {
        sqlite3_finalize(a);
        return r;
    }
    if ((r = rc_db_prepare(&b, g->db, "UPDATE branches SET ci = ? WHERE head_sha = ?"))) {
        sqlite3_finalize(a);
        sqlite3_finalize(t);
        return r;
    }
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < g->nci && !r; i++) {
        sqlite3_bind_text(a, 1, g->ci[i].sha, -1, SQLITE_STATIC);
        sqlite3_bind_text(a, 2, g->ci[i].state, -1, SQLITE_STATIC);
        sqlite3_bind_int64(a, 3, now);
        r = step_done(g, a, "cannot write ci_status");
        for (int k = 0; k < 2 && !r; k++) {
            sqlite3_stmt *u = k ? b : t;
            sqlite3_bind_text(u, 1, g->ci[i].state, -1, SQLITE_STATIC);
            sqlite3_bind_text(u, 2, g->ci[i].sha, -1, SQLITE_STATIC);
            r = step_done(g, u, "cannot write the ci column");
        }
    }
    sqlite3_finalize(a);
    sqlite3_finalize(t);
    sqlite3_finalize(b);
    return r;
}

int ghsync_write_all(ghsync *g, ghsync_request *rows, size_t nrows)
{
    int r = rc_db_begin(g->db);
    if (r)
        return r;
    if (!r)
        r = write_prs(g);
    if (!r)
        r = write_trackers(g, rows, nrows);
    if (!r)
        r = write_ci(g);
    for (size_t i = 0; i < g->nmeta && !r; i++)
        r = rc_db_meta_set(g->db, g->meta_k[i], g->meta_v[i]);
    if (!r) {
        char iso[21];
        rc_time_iso(iso, (int64_t)time(NULL));
        r = rc_db_meta_set(g->db, "github.synced_at", iso);
    }
    if (!r)
        r = rc_db_meta_set(g->db, "github.repo", g->repo);
    if (!r)
        r = rc_http_cache_flush(rc_github_http(g->gh));
    if (!r)
        r = rc_db_commit(g->db);
    if (r)
        rc_db_rollback(g->db);
    return r;
}
