/* Reads for the tracker report: one query per section. */
#include "core/picks/picks_report.h"
#include "core/picks/picks_internal.h"

#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>

void pk_json_cols(cJSON *o, sqlite3_stmt *st, const pk_col *cols, int n)
{
    for (int i = 0; i < n; i++) {
        if (sqlite3_column_type(st, i) == SQLITE_NULL) {
            cJSON_AddNullToObject(o, cols[i].name);
        } else if (cols[i].kind == PK_COL_INT) {
            cJSON_AddNumberToObject(o, cols[i].name, (double)sqlite3_column_int64(st, i));
        } else if (cols[i].kind == PK_COL_TIME) {
            char iso[21];
            rc_time_iso(iso, sqlite3_column_int64(st, i));
            cJSON_AddStringToObject(o, cols[i].name, iso);
        } else {
            cJSON_AddStringToObject(o, cols[i].name, rc_sql_text(st, i));
        }
    }
}

typedef struct {
    cJSON *arr;
    const pk_col *cols;
    int n;
} json_rows;

static int add_row(sqlite3_stmt *st, void *ud)
{
    json_rows *j = ud;
    cJSON *o = cJSON_CreateObject();
    pk_json_cols(o, st, j->cols, j->n);
    cJSON_AddItemToArray(j->arr, o);
    return 0;
}

int pk_json_rows(cJSON *arr, rc_db *db, sqlite3_stmt *st, const pk_col *cols, int n,
                 const char *what)
{
    json_rows j = {arr, cols, n};
    return rc_sql_each(db, st, add_row, &j, what);
}

/* One section of the report: the rows of sql (binds: ?1 the branch, ?2 the
 * author, ?3 the tracker) under key. */
typedef struct {
    const char *key;
    const char *sql;
    const pk_col *cols;
    int ncols;
} section;

static int rows(cJSON *doc, rc_db *db, const section *sec, const char *branch, const char *author,
                long tracker)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, sec->sql);
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, author);
    sqlite3_bind_int64(st, 3, tracker);
    return pk_json_rows(cJSON_AddArrayToObject(doc, sec->key), db, st, sec->cols, sec->ncols,
                        "reading the report");
}

static const pk_col req[] = {{"pr", PK_COL_INT},        {"by", PK_COL_TEXT},
                             {"state", PK_COL_TEXT},    {"picked_as", PK_COL_TEXT},
                             {"decision", PK_COL_TEXT}, {"decided_by", PK_COL_TEXT}};
static const pk_col picked[] = {
    {"sha", PK_COL_TEXT}, {"pr", PK_COL_INT}, {"picked_as", PK_COL_TEXT}, {"subject", PK_COL_TEXT}};
static const pk_col reverts[] = {
    {"state", PK_COL_TEXT}, {"pr", PK_COL_INT}, {"subject", PK_COL_TEXT}};
static const pk_col dec[] = {{"branch", PK_COL_TEXT},   {"sha", PK_COL_TEXT},
                             {"pr", PK_COL_INT},        {"decision", PK_COL_TEXT},
                             {"category", PK_COL_TEXT}, {"note", PK_COL_TEXT},
                             {"author", PK_COL_TEXT},   {"at", PK_COL_TIME}};

static const section sections[] = {
    {"requests",
     "SELECT j.value, r.author, p.state, p.picked_as, d.decision, d.author"
     " FROM tracker_requests r, json_each(r.trunk_prs) j"
     " LEFT JOIN picks p ON p.branch = ?1 AND p.pr = j.value"
     " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
     " WHERE r.tracker = ?3 ORDER BY r.comment_id, j.key",
     req, 6},
    {"picked",
     "SELECT p.sha, p.pr, p.picked_as, c.subject FROM picks p"
     " LEFT JOIN commits c ON c.sha = p.sha"
     " WHERE p.branch = ?1 AND p.state = 'picked' ORDER BY p.pos",
     picked, 4},
    {"reverts",
     "SELECT p.state, p.pr, c.subject FROM picks p"
     " LEFT JOIN commits c ON c.sha = p.sha"
     " WHERE p.branch = ?1 AND p.reverts IS NOT NULL"
     "  AND p.state IN ('picked', 'revert-needed') ORDER BY p.pos",
     reverts, 3},
    {"decisions",
     "SELECT branch, sha, pr, decision, category, note, author, decided_at"
     " FROM pick_decisions WHERE branch = ?1 AND author = ?2"
     " ORDER BY decided_at, sha",
     dec, 8},
};

int rc_picks_report_data(cJSON **out, rc_db *db, long tracker, const char *branch,
                         const char *author)
{
    cJSON *doc = cJSON_CreateObject();
    int r = 0;
    for (size_t i = 0; !r && i < sizeof sections / sizeof sections[0]; i++)
        r = rows(doc, db, &sections[i], branch, author, tracker);
    if (r) {
        cJSON_Delete(doc);
        return r;
    }
    *out = doc;
    return 0;
}
