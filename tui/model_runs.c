/* Perf runs (user data written by the runs module). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "tui/model.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

static void hm(char *buf, size_t n, int64_t secs)
{
    if (secs < 0)
        buf[0] = '\0';
    else if (secs < 3600)
        snprintf(buf, n, "%lldm%02llds", (long long)secs / 60, (long long)secs % 60);
    else
        snprintf(buf, n, "%lldh%02lldm", (long long)secs / 3600, (long long)secs % 3600 / 60);
}

int model_runs_load(rc_grid *g, rc_db *db, int64_t now)
{
    rc_grid_clear(g);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT id, node, backend, coalesce(nullif(target_tag, ''), "
                          "nullif(target_branch, ''), substr(target_sha, 1, 12), ''), state, "
                          "started_at, ended_at, exit_code, log_path, hardware FROM runs "
                          "ORDER BY id DESC");
    if (r)
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char id[24], started[21] = "", st16[17] = "", dur[24] = "", ex[16] = "";
        snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(st, 0));
        int64_t s = sqlite3_column_int64(st, 5), e = sqlite3_column_int64(st, 6);
        if (s) {
            rc_time_iso(started, s);
            snprintf(st16, sizeof st16, "%.10s %.5s", started, started + 11);
            hm(dur, sizeof dur, (e ? e : now) - s);
        }
        if (sqlite3_column_type(st, 7) != SQLITE_NULL)
            snprintf(ex, sizeof ex, "%d", sqlite3_column_int(st, 7));
        const char *cells[8] = {id, col(st, 1), col(st, 2), col(st, 3), col(st, 4), st16, dur, ex};
        rc_run_rec *rec = rc_xcalloc(1, sizeof *rec);
        rec->id = (long)sqlite3_column_int64(st, 0);
        snprintf(rec->node, sizeof rec->node, "%s", col(st, 1));
        snprintf(rec->state, sizeof rec->state, "%s", col(st, 4));
        snprintf(rec->log_path, sizeof rec->log_path, "%s", col(st, 8));
        size_t row = rc_grid_add(g, cells, rec);
        rc_grid_role(g, row, 4, rc_theme_role_for(col(st, 4)));
    }
    sqlite3_finalize(st);
    return 0;
}

char *model_run_detail(rc_db *db, long id)
{
    rc_buf b = {0};
    sqlite3_stmt *st;
    if (rc_db_prepare(
            &st, db,
            "SELECT id, node, backend, kind, hardware, target_sha, target_tag, "
            "target_branch, tests, state, remote_id, created_at, started_at, ended_at, "
            "exit_code, log_path, results_dir, reason, imported FROM runs WHERE id = ?") == 0) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            static const char *const names[] = {
                "Run",    "Node",  "Backend", "Kind",      "Hardware", "Commit",  "Tag",
                "Branch", "Tests", "State",   "Remote id", "Created",  "Started", "Ended",
                "Exit",   "Log",   "Results", "Reason",    "Imported"};
            for (int i = 0; i < 19; i++) {
                if (sqlite3_column_type(st, i) == SQLITE_NULL)
                    continue;
                if (i >= 11 && i <= 13) {
                    char d[21];
                    rc_time_iso(d, sqlite3_column_int64(st, i));
                    rc_buf_printf(&b, "%-10s %s\n", names[i], d);
                } else {
                    rc_buf_printf(&b, "%-10s %s\n", names[i], col(st, i));
                }
            }
        }
        sqlite3_finalize(st);
    }
    return rc_buf_detach(&b);
}
