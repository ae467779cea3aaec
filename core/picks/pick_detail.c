/* A candidate's detail, read from the cache and the user tables. */
#include "core/picks/pick_detail.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>

static void add_text(cJSON *o, const char *k, sqlite3_stmt *st, int i)
{
    const char *v = rc_sql_text(st, i);
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static void add_time(cJSON *o, const char *k, sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL) {
        cJSON_AddNullToObject(o, k);
        return;
    }
    char iso[21];
    rc_time_iso(iso, sqlite3_column_int64(st, i));
    cJSON_AddStringToObject(o, k, iso);
}

/* How a result column goes into a JSON object: under key, as text (null
 * for SQL NULL), an ISO time (null for SQL NULL) or a number. */
typedef enum { COL_TEXT, COL_TIME, COL_NUMBER } col_kind;
typedef struct {
    const char *key;
    col_kind kind;
} json_col;

typedef struct {
    const json_col *cols; /* column i of the result, in order */
    int n;
    cJSON *arr; /* where add_row puts each row's object */
} json_cols;

static void add_cols(cJSON *o, sqlite3_stmt *st, const json_cols *c)
{
    for (int i = 0; i < c->n; i++) {
        if (c->cols[i].kind == COL_TEXT)
            add_text(o, c->cols[i].key, st, i);
        else if (c->cols[i].kind == COL_TIME)
            add_time(o, c->cols[i].key, st, i);
        else
            cJSON_AddNumberToObject(o, c->cols[i].key, (double)sqlite3_column_int64(st, i));
    }
}

static int add_row(sqlite3_stmt *st, void *ud)
{
    json_cols *c = ud;
    cJSON *o = cJSON_CreateObject();
    add_cols(o, st, c);
    cJSON_AddItemToArray(c->arr, o);
    return 0;
}

int rc_pick_disagreements(cJSON **out, rc_db *db, const char *branch, const char *sha)
{
    static const json_col cols[] = {
        {"author", COL_TEXT},       {"decision", COL_TEXT},       {"at", COL_TIME},
        {"other_author", COL_TEXT}, {"other_decision", COL_TEXT}, {"other_at", COL_TIME}};
    *out = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(
        &st, db,
        "SELECT a.author, a.decision, a.at, b.author, b.decision, b.at"
        " FROM decision_log a JOIN decision_log b ON b.scope = a.scope AND b.key = a.key"
        "  AND b.id > a.id AND b.decision <> a.decision AND b.author IS NOT a.author"
        "  AND abs(b.at - a.at) <= ?2"
        " WHERE a.scope = 'pick' AND a.key = ?1 AND a.decision IS NOT NULL"
        " ORDER BY a.id, b.id");
    if (r)
        return r;
    char *key = rc_xasprintf("%s %s", branch, sha);
    rc_sql_bind_text(st, 1, key);
    sqlite3_bind_int64(st, 2, RC_PICK_DISAGREE_WINDOW);
    free(key);
    json_cols c = {cols, 6, cJSON_CreateArray()};
    r = rc_sql_each(db, st, add_row, &c, "reading decisions");
    if (r)
        cJSON_Delete(c.arr);
    else
        *out = c.arr;
    return r;
}

static int history(cJSON *arr, rc_db *db, const char *key)
{
    static const json_col cols[] = {{"author", COL_TEXT},
                                    {"decision", COL_TEXT},
                                    {"category", COL_TEXT},
                                    {"note", COL_TEXT},
                                    {"at", COL_TIME}};
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT author, decision, category, note, at FROM decision_log"
                          " WHERE scope = 'pick' AND key = ?1 ORDER BY at, id");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, key);
    json_cols c = {cols, 5, arr};
    return rc_sql_each(db, st, add_row, &c, "reading decisions");
}

int rc_pick_detail(cJSON **out, rc_db *db, const char *branch, const char *sha)
{
    *out = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(
        &st, db,
        "SELECT p.pr, c.subject, c.author_name, p.state, COALESCE(d.category, p.category),"
        " p.evidence, p.picked_as, d.decision, d.author, d.decided_at, d.note"
        " FROM picks p LEFT JOIN commits c ON c.sha = p.sha"
        " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
        " WHERE p.branch = ?1 AND p.sha = ?2");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, sha);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc_error_set(RC_ENOTFOUND, "%.40s is not a candidate of %s", sha, branch);
    }
    static const json_col cols[] = {
        {"pr", COL_NUMBER},       {"subject", COL_TEXT},  {"author", COL_TEXT},
        {"state", COL_TEXT},      {"category", COL_TEXT}, {"evidence", COL_TEXT},
        {"picked_as", COL_TEXT},  {"decision", COL_TEXT}, {"decided_by", COL_TEXT},
        {"decided_at", COL_TIME}, {"note", COL_TEXT}};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "branch", branch);
    cJSON_AddStringToObject(o, "sha", sha);
    add_cols(o, st, &(json_cols){cols, 11, NULL});
    sqlite3_finalize(st);
    char *key = rc_xasprintf("%s %s", branch, sha);
    cJSON *dis = NULL;
    r = history(cJSON_AddArrayToObject(o, "history"), db, key);
    if (!r)
        r = rc_pick_disagreements(&dis, db, branch, sha);
    free(key);
    if (r) {
        cJSON_Delete(o);
        return r;
    }
    cJSON_AddItemToObject(o, "disagreements", dis);
    *out = o;
    return 0;
}

static const char *or_q(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : "?";
}

char *rc_pick_disagreements_text(rc_db *db, const char *branch, const char *sha)
{
    cJSON *arr = NULL;
    if (rc_pick_disagreements(&arr, db, branch, sha) != 0) {
        rc_error_clear();
        return NULL;
    }
    rc_buf b = {0};
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char *line = rc_xasprintf("Disagreement: %s %s (%s) vs %s %s (%s)", or_q(e, "author"),
                                  or_q(e, "decision"), or_q(e, "at"), or_q(e, "other_author"),
                                  or_q(e, "other_decision"), or_q(e, "other_at"));
        char *safe = rc_sanitize(line, false);
        rc_buf_printf(&b, "%s\n", safe);
        free(safe);
        free(line);
    }
    cJSON_Delete(arr);
    return b.len ? rc_buf_detach(&b) : (rc_buf_free(&b), NULL);
}
