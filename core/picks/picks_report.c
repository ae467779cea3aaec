/* Reads for the tracker report: one query per section. */
#include "core/picks/picks_report.h"

#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>

typedef enum { COL_TEXT, COL_INT, COL_TIME } col_kind;

typedef struct {
    const char *name;
    col_kind kind;
} col;

/* Runs sql (binds: ?1 text a, ?2 text b, ?3 int n) and adds one object per
 * row with the named columns to a new array under key. */
static int rows(cJSON *doc, const char *key, rc_db *db, const char *sql, const col *cols, int ncols,
                const char *a, const char *b, long n)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, sql);
    if (r)
        return r;
    rc_sql_bind_text(st, 1, a);
    rc_sql_bind_text(st, 2, b);
    sqlite3_bind_int64(st, 3, n);
    cJSON *arr = cJSON_AddArrayToObject(doc, key);
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        for (int i = 0; i < ncols; i++) {
            if (sqlite3_column_type(st, i) == SQLITE_NULL) {
                cJSON_AddNullToObject(o, cols[i].name);
            } else if (cols[i].kind == COL_INT) {
                cJSON_AddNumberToObject(o, cols[i].name, (double)sqlite3_column_int64(st, i));
            } else if (cols[i].kind == COL_TIME) {
                char iso[21];
                rc_time_iso(iso, sqlite3_column_int64(st, i));
                cJSON_AddStringToObject(o, cols[i].name, iso);
            } else {
                cJSON_AddStringToObject(o, cols[i].name, rc_sql_text(st, i));
            }
        }
        cJSON_AddItemToArray(arr, o);
    }
    sqlite3_finalize(st);
    return 0;
}

int rc_picks_report_data(cJSON **out, rc_db *db, long tracker, const char *branch,
                         const char *author)
{
    static const col req[] = {{"pr", COL_INT},        {"by", COL_TEXT},
                              {"state", COL_TEXT},    {"picked_as", COL_TEXT},
                              {"decision", COL_TEXT}, {"decided_by", COL_TEXT}};
    static const col picked[] = {
        {"sha", COL_TEXT}, {"pr", COL_INT}, {"picked_as", COL_TEXT}, {"subject", COL_TEXT}};
    static const col reverts[] = {{"state", COL_TEXT}, {"pr", COL_INT}, {"subject", COL_TEXT}};
    static const col dec[] = {{"branch", COL_TEXT},   {"sha", COL_TEXT},      {"pr", COL_INT},
                              {"decision", COL_TEXT}, {"category", COL_TEXT}, {"note", COL_TEXT},
                              {"author", COL_TEXT},   {"at", COL_TIME}};
    cJSON *doc = cJSON_CreateObject();
    int r = rows(doc, "requests", db,
                 "SELECT j.value, r.author, p.state, p.picked_as, d.decision, d.author"
                 " FROM tracker_requests r, json_each(r.trunk_prs) j"
                 " LEFT JOIN picks p ON p.branch = ?1 AND p.pr = j.value"
                 " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
                 " WHERE r.tracker = ?3 ORDER BY r.comment_id, j.key",
                 req, 6, branch, NULL, tracker);
    if (!r)
        r = rows(doc, "picked", db,
                 "SELECT p.sha, p.pr, p.picked_as, c.subject FROM picks p"
                 " LEFT JOIN commits c ON c.sha = p.sha"
                 " WHERE p.branch = ?1 AND p.state = 'picked' ORDER BY p.pos",
                 picked, 4, branch, NULL, 0);
    if (!r)
        r = rows(doc, "reverts", db,
                 "SELECT p.state, p.pr, c.subject FROM picks p"
                 " LEFT JOIN commits c ON c.sha = p.sha"
                 " WHERE p.branch = ?1 AND p.reverts IS NOT NULL"
                 "  AND p.state IN ('picked', 'revert-needed') ORDER BY p.pos",
                 reverts, 3, branch, NULL, 0);
    if (!r)
        r = rows(doc, "decisions", db,
                 "SELECT branch, sha, pr, decision, category, note, author, decided_at"
                 " FROM pick_decisions WHERE branch = ?1 AND author = ?2"
                 " ORDER BY decided_at, sha",
                 dec, 8, branch, author, 0);
    if (r) {
        cJSON_Delete(doc);
        return r;
    }
    *out = doc;
    return 0;
}
