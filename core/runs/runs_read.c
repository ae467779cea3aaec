/* Reads of the runs table for display (commands and the cockpit). */
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/runs/runs.h"

#include <stdlib.h>
#include <string.h>

#define VIEW_COLS                                                                                  \
    "id, node, backend, kind, hardware, target_sha, target_tag, target_branch, tests, state, "     \
    "remote_id, created_at, started_at, ended_at, exit_code, log_path, results_dir, reason, "      \
    "imported"

static int64_t read_time(bool *known, sqlite3_stmt *st, int i)
{
    *known = sqlite3_column_type(st, i) != SQLITE_NULL;
    return sqlite3_column_int64(st, i);
}

static void view_of(rc_run_view *v, sqlite3_stmt *st)
{
    memset(v, 0, sizeof *v);
    rc_run *r = &v->run;
    r->id = sqlite3_column_int64(st, 0);
    char **text[] = {&r->node,       &r->backend,    &r->kind,          &r->hardware,
                     &r->target_sha, &r->target_tag, &r->target_branch, &r->tests};
    for (int i = 0; i < 8; i++)
        *text[i] = rc_sql_dup(st, i + 1);
    v->state = rc_sql_dup(st, 9);
    if (rc_run_state_parse(&r->state, v->state) != 0) {
        r->state = RC_RUN_LOST;
        rc_error_clear();
    }
    r->remote_id = rc_sql_dup(st, 10);
    r->created_at = read_time(&v->has_created_at, st, 11);
    r->started_at = read_time(&v->has_started_at, st, 12);
    r->ended_at = read_time(&v->has_ended_at, st, 13);
    r->has_exit = sqlite3_column_type(st, 14) != SQLITE_NULL;
    r->exit_code = sqlite3_column_int(st, 14);
    r->log_path = rc_sql_dup(st, 15);
    r->results_dir = rc_sql_dup(st, 16);
    r->reason = rc_sql_dup(st, 17);
    r->imported = rc_sql_dup(st, 18);
}

void rc_run_view_clear(rc_run_view *v)
{
    rc_run_clear(&v->run);
    free(v->state);
    memset(v, 0, sizeof *v);
}

void rc_run_views_free(rc_run_view *v, size_t count)
{
    for (size_t i = 0; i < count; i++)
        rc_run_view_clear(&v[i]);
    free(v);
}

int rc_runs_view_list(rc_run_view **out, size_t *count, rc_db *db)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT " VIEW_COLS " FROM runs ORDER BY id DESC");
    if (r)
        return r;
    rc_run_view *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        view_of(&v[n++], st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_run_views_free(v, n);
        return rc_db_error(db, "reading runs");
    }
    *out = v;
    *count = n;
    return 0;
}

int rc_runs_view_get(rc_run_view *out, rc_db *db, int64_t id)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT " VIEW_COLS " FROM runs WHERE id = ?");
    if (r)
        return r;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        view_of(out, st);
    else if (rc == SQLITE_DONE)
        r = rc_error_set(RC_ENOTFOUND, "no run %lld", (long long)id);
    else
        r = rc_db_error(db, "reading run");
    sqlite3_finalize(st);
    return r;
}

int rc_runs_count_succeeded(long *out, rc_db *db, const char *hardware, const char *sha,
                            const char *tag)
{
    *out = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT count(*) FROM runs WHERE state = 'succeeded' AND hardware = ?"
                          " AND (target_sha = ? OR target_tag = ?)");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, hardware);
    rc_sql_bind_text(st, 2, sha);
    rc_sql_bind_text(st, 3, tag);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        r = rc_db_error(db, "cannot count runs");
    sqlite3_finalize(st);
    return r;
}
