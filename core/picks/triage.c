/* Triage decisions (user data) and their JSON export/import. */
#include "core/picks/triage.h"

#include "core/picks/category.h"
#include "core/picks/picks.h"
#include "core/picks/picks_internal.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int rc_triage_valid_decision(const char *d)
{
    rc_pick_decision v = RC_PICK_DECISION_NONE;
    return d && rc_pick_decision_from_name(&v, d) == 0 && v != RC_PICK_DECISION_NONE;
}

int rc_triage_note(char **out, rc_db *db, const char *branch, const char *sha)
{
    return rc_sql_text_first(out, db, "reading decisions",
                             "SELECT note FROM pick_decisions WHERE branch = ?1 AND sha = ?2", 2,
                             branch, sha);
}

static int check_change(const rc_triage_change *c)
{
    if (!c->branch || !*c->branch)
        return rc_error_set(RC_EINVALID, "a decision needs a branch");
    if (!rc_str_is_sha(c->sha))
        return rc_error_set(RC_EINVALID, "'%s' is not a full lowercase 40-hex commit id",
                            c->sha ? c->sha : "");
    if (c->decision && !rc_triage_valid_decision(c->decision))
        return rc_error_set(RC_EINVALID, "unknown decision '%s' (approve, reject or defer)",
                            c->decision);
    if (c->category && *c->category && !rc_category_canonical(c->category))
        return rc_error_set(RC_EINVALID,
                            "unknown category '%s' (regression-fix, critical-fix, new-feature-fix,"
                            " documentation, release-specific, feature, automation, unknown)",
                            c->category);
    return 0;
}

/* The write itself, inside the caller's transaction. */
static int upsert(rc_db *db, const rc_triage_change *c)
{
    int64_t at = c->at ? c->at : (int64_t)time(NULL);
    const char *cat = c->category && *c->category ? rc_category_canonical(c->category) : NULL;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(
        &st, db,
        "INSERT INTO pick_decisions(branch, sha, pr, decision, category, note, author, decided_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT(branch, sha) DO UPDATE SET"
        "  pr = COALESCE(excluded.pr, pr),"
        "  decision = CASE WHEN ?9 THEN excluded.decision ELSE decision END,"
        "  category = CASE WHEN ?10 THEN excluded.category ELSE category END,"
        "  note = CASE WHEN ?11 THEN excluded.note ELSE note END,"
        "  author = excluded.author, decided_at = excluded.decided_at");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, c->branch);
    rc_sql_bind_text(st, 2, c->sha);
    if (c->pr > 0)
        sqlite3_bind_int64(st, 3, c->pr);
    else
        sqlite3_bind_null(st, 3);
    rc_sql_bind_text(st, 4, c->decision);
    rc_sql_bind_text(st, 5, cat);
    rc_sql_bind_text_or_null(st, 6, c->note);
    rc_sql_bind_text(st, 7, c->author);
    sqlite3_bind_int64(st, 8, at);
    sqlite3_bind_int(st, 9, c->decision != NULL);
    sqlite3_bind_int(st, 10, c->category != NULL);
    sqlite3_bind_int(st, 11, c->note != NULL);
    if ((rc = rc_sql_done(db, st, "saving decision")))
        return rc;
    rc_triage_change logged = *c;
    logged.category = c->category ? (cat ? cat : "") : NULL;
    logged.at = at;
    return pk_triage_log(db, &logged, "logging decision");
}

int pk_triage_log(rc_db *db, const rc_triage_change *c, const char *what)
{
    sqlite3_stmt *st;
    char *key = rc_xasprintf("%s %s", c->branch, c->sha);
    int rc = rc_sql_prepare(&st, db,
                            "INSERT INTO decision_log(scope, key, decision, category, note, author,"
                            " at) VALUES ('pick', ?1, ?2, ?3, ?4, ?5, ?6)",
                            5, key, c->decision, c->category, c->note, c->author);
    free(key);
    if (rc)
        return rc;
    sqlite3_bind_int64(st, 6, c->at);
    return rc_sql_done(db, st, what);
}

int rc_triage_set(rc_db *db, const rc_triage_change *c)
{
    int rc = check_change(c);
    if (rc)
        return rc;
    if ((rc = rc_db_begin(db)))
        return rc;
    if ((rc = upsert(db, c))) {
        rc_db_rollback(db);
        return rc;
    }
    return rc_db_commit(db);
}

int rc_triage_export(char **out, rc_db *db, const char *branch)
{
    static const pk_col cols[] = {{"branch", PK_COL_TEXT},   {"sha", PK_COL_TEXT},
                                  {"pr", PK_COL_INT},        {"decision", PK_COL_TEXT},
                                  {"category", PK_COL_TEXT}, {"note", PK_COL_TEXT},
                                  {"author", PK_COL_TEXT},   {"decided_at", PK_COL_TIME}};
    *out = NULL;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT branch, sha, pr, decision, category, note, author, decided_at"
                           " FROM pick_decisions WHERE ?1 IS NULL OR branch = ?1"
                           " ORDER BY branch, decided_at, sha");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "relcap_pick_decisions", 1);
    rc = pk_json_rows(cJSON_AddArrayToObject(doc, "decisions"), db, st, cols, 8,
                      "reading decisions");
    char *s = rc ? NULL : cJSON_Print(doc);
    cJSON_Delete(doc);
    if (rc)
        return rc;
    if (!s)
        return rc_error_set(RC_ENOMEM, "export: out of memory");
    *out = rc_xasprintf("%s\n", s);
    free(s);
    return 0;
}

/* A field that must be a string or null (or absent when optional). */
static bool opt_string(const cJSON *o, const char *k, const char **v)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    *v = NULL;
    if (!it || cJSON_IsNull(it))
        return true;
    if (!cJSON_IsString(it))
        return false;
    *v = it->valuestring;
    return true;
}

/* The decisions array of an export (or a bare array); the document in *doc
 * for the caller to delete. */
static int parse_export(cJSON **doc, const cJSON **arr, const char *json, size_t len)
{
    *doc = cJSON_ParseWithLength(json, len);
    if (!*doc) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= json && at <= json + len ? (size_t)(at - json) : 0;
        size_t lineno = 1;
        for (size_t i = 0; i < off; i++)
            lineno += json[i] == '\n';
        return rc_error_set(RC_EINVALID, "not valid JSON (near line %zu, byte %zu)", lineno, off);
    }
    *arr = cJSON_IsArray(*doc) ? *doc : cJSON_GetObjectItemCaseSensitive(*doc, "decisions");
    if (!cJSON_IsArray(*arr)) {
        cJSON_Delete(*doc);
        *doc = NULL;
        return rc_error_set(RC_EINVALID, "expected an object with a \"decisions\" array");
    }
    return 0;
}

/* Entry pos of an import into c (its strings borrowed from e); false, with
 * the reason added to errs, when it is not a valid decision. */
static bool read_entry(rc_triage_change *c, const cJSON *e, size_t pos, rc_buf *errs)
{
    const char *when = NULL;
    if (!cJSON_IsObject(e)) {
        rc_buf_printf(errs, "entry %zu: not an object\n", pos);
        return false;
    }
    if (!opt_string(e, "branch", &c->branch) || !opt_string(e, "sha", &c->sha) ||
        !opt_string(e, "decision", &c->decision) || !opt_string(e, "category", &c->category) ||
        !opt_string(e, "note", &c->note) || !opt_string(e, "author", &c->author) ||
        !opt_string(e, "decided_at", &when)) {
        rc_buf_printf(errs,
                      "entry %zu: branch, sha, decision, category, note, author and "
                      "decided_at must be strings or null\n",
                      pos);
        return false;
    }
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(e, "pr");
    if (pr && !cJSON_IsNull(pr)) {
        if (!cJSON_IsNumber(pr) || pr->valuedouble < 1 || pr->valuedouble > 1e9 ||
            pr->valuedouble != (double)(long)pr->valuedouble) {
            rc_buf_printf(errs, "entry %zu: pr must be a positive integer\n", pos);
            return false;
        }
        c->pr = (long)pr->valuedouble;
    }
    if (when && rc_time_parse(&c->at, when) != 0) {
        rc_buf_printf(errs, "entry %zu: decided_at '%s' is not an ISO 8601 date\n", pos, when);
        return false;
    }
    if (!c->decision && !c->category && !c->note) {
        rc_buf_printf(errs, "entry %zu: has neither decision, category nor note\n", pos);
        return false;
    }
    if (check_change(c) != 0) {
        char *m = rc_sanitize(rc_error_last(), false);
        rc_buf_printf(errs, "entry %zu: %s\n", pos, m);
        free(m);
        return false;
    }
    return true;
}

/* Writes the n checked changes in one transaction, each unless the stored
 * decision is newer. */
static int write_changes(rc_triage_import_report *out, rc_db *db, const rc_triage_change *ch,
                         size_t n)
{
    int rc = rc_db_begin(db);
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
    rc = rc_db_prepare(&st, db,
                       "SELECT decided_at FROM pick_decisions WHERE branch = ?1 AND sha = ?2");
    for (size_t k = 0; !rc && k < n; k++) {
        const rc_triage_change *c = &ch[k];
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, c->branch, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, c->sha, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW && c->at && sqlite3_column_int64(st, 0) > c->at) {
            out->skipped++;
            continue;
        }
        /* an imported entry states the whole decision: absent fields clear */
        rc_triage_change full = *c;
        if (!full.category)
            full.category = "";
        if (!full.note)
            full.note = "";
        if (!(rc = upsert(db, &full)))
            out->imported++;
    }
    sqlite3_finalize(st);
    if (rc) {
        rc_db_rollback(db);
        return rc;
    }
    return rc_db_commit(db);
}

int rc_triage_import(rc_triage_import_report *out, rc_db *db, const char *json, size_t len)
{
    memset(out, 0, sizeof *out);
    cJSON *doc;
    const cJSON *arr = NULL;
    int rc = parse_export(&doc, &arr, json, len);
    if (rc)
        return rc;
    rc_buf errs = {0};
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    rc_triage_change *ch = rc_xcalloc(n ? n : 1, sizeof *ch);
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        read_entry(&ch[i], e, i + 1, &errs);
        i++;
    }
    if (errs.len) {
        while (errs.len && errs.ptr[errs.len - 1] == '\n')
            errs.ptr[--errs.len] = '\0';
        rc = rc_error_set(RC_EINVALID, "import refused, nothing written:\n%s", errs.ptr);
    } else {
        rc = write_changes(out, db, ch, n);
    }
    rc_buf_free(&errs);
    free(ch);
    cJSON_Delete(doc);
    return rc;
}
