/* A candidate's detail, read from the cache and the user tables. */
#include "core/picks/pick_detail.h"
#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>

int rc_pick_disagreements(cJSON **out, rc_db *db, const char *branch, const char *sha)
{
    static const pk_col cols[] = {
        {"author", PK_COL_TEXT},       {"decision", PK_COL_TEXT},       {"at", PK_COL_TIME},
        {"other_author", PK_COL_TEXT}, {"other_decision", PK_COL_TEXT}, {"other_at", PK_COL_TIME}};
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
    cJSON *arr = cJSON_CreateArray();
    r = pk_json_rows(arr, db, st, cols, 6, "reading decisions");
    if (r)
        cJSON_Delete(arr);
    else
        *out = arr;
    return r;
}

static int history(cJSON *arr, rc_db *db, const char *key)
{
    static const pk_col cols[] = {{"author", PK_COL_TEXT},
                                  {"decision", PK_COL_TEXT},
                                  {"category", PK_COL_TEXT},
                                  {"note", PK_COL_TEXT},
                                  {"at", PK_COL_TIME}};
    sqlite3_stmt *st;
    int r = rc_sql_prepare(&st, db,
                           "SELECT author, decision, category, note, at FROM decision_log"
                           " WHERE scope = 'pick' AND key = ?1 ORDER BY at, id",
                           1, key);
    return r ? r : pk_json_rows(arr, db, st, cols, 5, "reading decisions");
}

int rc_pick_detail(cJSON **out, rc_db *db, const char *branch, const char *sha)
{
    *out = NULL;
    sqlite3_stmt *st;
    int r = rc_sql_prepare(&st, db,
                           "SELECT COALESCE(p.pr, 0), c.subject, c.author_name, p.state,"
                           " COALESCE(d.category, p.category), p.evidence, p.picked_as,"
                           " d.decision, d.author, d.decided_at, d.note"
                           " FROM picks p LEFT JOIN commits c ON c.sha = p.sha"
                           " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
                           " WHERE p.branch = ?1 AND p.sha = ?2",
                           2, branch, sha);
    if (r)
        return r;
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc_error_set(RC_ENOTFOUND, "%.40s is not a candidate of %s", sha, branch);
    }
    static const pk_col cols[] = {
        {"pr", PK_COL_INT},          {"subject", PK_COL_TEXT},  {"author", PK_COL_TEXT},
        {"state", PK_COL_TEXT},      {"category", PK_COL_TEXT}, {"evidence", PK_COL_TEXT},
        {"picked_as", PK_COL_TEXT},  {"decision", PK_COL_TEXT}, {"decided_by", PK_COL_TEXT},
        {"decided_at", PK_COL_TIME}, {"note", PK_COL_TEXT}};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "branch", branch);
    cJSON_AddStringToObject(o, "sha", sha);
    pk_json_cols(o, st, cols, 11);
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
