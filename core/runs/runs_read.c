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

static void view_of(void *row, sqlite3_stmt *st)
{
    rc_run_view *v = row;
    rc_run *r = &v->run;
    r->id = sqlite3_column_int64(st, 0);
    char **const text[] = {&r->node,       &r->backend,    &r->kind,          &r->hardware,
                           &r->target_sha, &r->target_tag, &r->target_branch, &r->tests};
    rc_sql_dups(text, 8, st, 1);
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

static void view_clear(void *row)
{
    rc_run_view_clear(row);
}

void rc_run_views_free(rc_run_view *v, size_t count)
{
    rc_sql_rows_free(v, count, sizeof *v, view_clear);
}

static const rc_sql_rowtype view_type = {sizeof(rc_run_view), view_of, view_clear, "reading runs"};

int rc_runs_view_list(rc_run_view **out, size_t *count, rc_db *db)
{
    return rc_sql_select(out, count, db, &view_type,
                         "SELECT " VIEW_COLS " FROM runs ORDER BY id DESC", 0);
}

int rc_runs_view_get(rc_run_view *out, rc_db *db, int64_t id)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT " VIEW_COLS " FROM runs WHERE id = ?");
    if (r)
        return r;
    sqlite3_bind_int64(st, 1, id);
    bool found;
    r = rc_sql_one(&found, out, db, st, view_of, "reading run");
    if (!r && !found)
        r = rc_error_set(RC_ENOTFOUND, "no run %lld", (long long)id);
    return r;
}

int rc_runs_count_succeeded(long *out, rc_db *db, const char *hardware, const char *sha,
                            const char *tag)
{
    int64_t n;
    int r = rc_sql_count(&n, db, "cannot count runs",
                         "SELECT count(*) FROM runs WHERE state = 'succeeded' AND hardware = ?"
                         " AND (target_sha = ? OR target_tag = ?)",
                         3, hardware, sha, tag);
    *out = (long)n;
    return r;
}
