/* Triage decisions (user data) and their JSON export/import. */
#include "core/picks/triage.h"

#include "core/picks/category.h"
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
    return d && (strcmp(d, "approve") == 0 || strcmp(d, "reject") == 0 || strcmp(d, "defer") == 0);
}

int rc_triage_note(char **out, rc_db *db, const char *branch, const char *sha)
{
    *out = NULL;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db, "SELECT note FROM pick_decisions WHERE branch = ? AND sha = ?");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, sha);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = rc_sql_dup(st, 0);
    sqlite3_finalize(st);
    return 0;
}

static bool is_sha(const char *s)
{
    if (!s || strlen(s) != 40)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

static int check_change(const rc_triage_change *c)
{
    if (!c->branch || !*c->branch)
        return rc_error_set(RC_EINVALID, "a decision needs a branch");
    if (!is_sha(c->sha))
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
    sqlite3_bind_text(st, 1, c->branch, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->sha, -1, SQLITE_TRANSIENT);
    if (c->pr > 0)
        sqlite3_bind_int64(st, 3, c->pr);
    else
        sqlite3_bind_null(st, 3);
    if (c->decision)
        sqlite3_bind_text(st, 4, c->decision, -1, SQLITE_TRANSIENT);
    if (cat)
        sqlite3_bind_text(st, 5, cat, -1, SQLITE_STATIC);
    if (c->note && *c->note)
        sqlite3_bind_text(st, 6, c->note, -1, SQLITE_TRANSIENT);
    if (c->author)
        sqlite3_bind_text(st, 7, c->author, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, at);
    sqlite3_bind_int(st, 9, c->decision != NULL);
    sqlite3_bind_int(st, 10, c->category != NULL);
    sqlite3_bind_int(st, 11, c->note != NULL);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rc_db_error(db, "saving decision");
    sqlite3_finalize(st);
    if (rc)
        return rc;
    if ((rc = rc_db_prepare(&st, db,
                            "INSERT INTO decision_log(scope, key, decision, category, note, author,"
                            " at) VALUES ('pick', ?1, ?2, ?3, ?4, ?5, ?6)")))
        return rc;
    char *key = rc_xasprintf("%s %s", c->branch, c->sha);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    if (c->decision)
        sqlite3_bind_text(st, 2, c->decision, -1, SQLITE_TRANSIENT);
    if (c->category)
        sqlite3_bind_text(st, 3, cat ? cat : "", -1, SQLITE_STATIC);
    if (c->note)
        sqlite3_bind_text(st, 4, c->note, -1, SQLITE_TRANSIENT);
    if (c->author)
        sqlite3_bind_text(st, 5, c->author, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 6, at);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : rc_db_error(db, "logging decision");
    sqlite3_finalize(st);
    free(key);
    return rc;
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

static void add_str(cJSON *o, const char *k, const unsigned char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, (const char *)v);
    else
        cJSON_AddNullToObject(o, k);
}

int rc_triage_export(char **out, rc_db *db, const char *branch)
{
    *out = NULL;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT branch, sha, pr, decision, category, note, author, decided_at"
                           " FROM pick_decisions WHERE ?1 IS NULL OR branch = ?1"
                           " ORDER BY branch, decided_at, sha");
    if (rc)
        return rc;
    if (branch)
        sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "relcap_pick_decisions", 1);
    cJSON *arr = cJSON_AddArrayToObject(doc, "decisions");
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        add_str(o, "branch", sqlite3_column_text(st, 0));
        add_str(o, "sha", sqlite3_column_text(st, 1));
        if (sqlite3_column_type(st, 2) == SQLITE_NULL)
            cJSON_AddNullToObject(o, "pr");
        else
            cJSON_AddNumberToObject(o, "pr", (double)sqlite3_column_int64(st, 2));
        add_str(o, "decision", sqlite3_column_text(st, 3));
        add_str(o, "category", sqlite3_column_text(st, 4));
        add_str(o, "note", sqlite3_column_text(st, 5));
        add_str(o, "author", sqlite3_column_text(st, 6));
        if (sqlite3_column_type(st, 7) == SQLITE_NULL) {
            cJSON_AddNullToObject(o, "decided_at");
        } else {
            char iso[21];
            rc_time_iso(iso, sqlite3_column_int64(st, 7));
            cJSON_AddStringToObject(o, "decided_at", iso);
        }
        cJSON_AddItemToArray(arr, o);
    }
    sqlite3_finalize(st);
    char *s = cJSON_Print(doc);
    cJSON_Delete(doc);
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

int rc_triage_import(rc_triage_import_report *out, rc_db *db, const char *json, size_t len)
{
    memset(out, 0, sizeof *out);
    cJSON *doc = cJSON_ParseWithLength(json, len);
    if (!doc) {
        const char *at = cJSON_GetErrorPtr();
        size_t off = at && at >= json && at <= json + len ? (size_t)(at - json) : 0;
        size_t lineno = 1;
        for (size_t i = 0; i < off; i++)
            lineno += json[i] == '\n';
        return rc_error_set(RC_EINVALID, "not valid JSON (near line %zu, byte %zu)", lineno, off);
    }
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "decisions");
    if (cJSON_IsArray(doc))
        arr = doc;
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(doc);
        return rc_error_set(RC_EINVALID, "expected an object with a \"decisions\" array");
    }
    rc_buf errs = {0};
    size_t n = (size_t)cJSON_GetArraySize(arr);
    rc_triage_change *ch = rc_xcalloc(n ? n : 1, sizeof *ch);
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        size_t pos = ++i;
        rc_triage_change *c = &ch[pos - 1];
        const char *when = NULL;
        if (!cJSON_IsObject(e)) {
            rc_buf_printf(&errs, "entry %zu: not an object\n", pos);
            continue;
        }
        if (!opt_string(e, "branch", &c->branch) || !opt_string(e, "sha", &c->sha) ||
            !opt_string(e, "decision", &c->decision) || !opt_string(e, "category", &c->category) ||
            !opt_string(e, "note", &c->note) || !opt_string(e, "author", &c->author) ||
            !opt_string(e, "decided_at", &when)) {
            rc_buf_printf(&errs,
                          "entry %zu: branch, sha, decision, category, note, author and "
                          "decided_at must be strings or null\n",
                          pos);
            continue;
        }
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(e, "pr");
        if (pr && !cJSON_IsNull(pr)) {
            if (!cJSON_IsNumber(pr) || pr->valuedouble < 1 || pr->valuedouble > 1e9 ||
                pr->valuedouble != (double)(long)pr->valuedouble) {
                rc_buf_printf(&errs, "entry %zu: pr must be a positive integer\n", pos);
                continue;
            }
            c->pr = (long)pr->valuedouble;
        }
        if (when) {
            if (rc_time_parse(&c->at, when) != 0) {
                rc_buf_printf(&errs, "entry %zu: decided_at '%s' is not an ISO 8601 date\n", pos,
                              when);
                continue;
            }
        }
        if (!c->decision && !c->category && !c->note) {
            rc_buf_printf(&errs, "entry %zu: has neither decision, category nor note\n", pos);
            continue;
        }
        if (check_change(c) != 0) {
            char *m = rc_sanitize(rc_error_last(), false);
            rc_buf_printf(&errs, "entry %zu: %s\n", pos, m);
            free(m);
            continue;
        }
    }
    int rc = 0;
    if (errs.len) {
        while (errs.len && errs.ptr[errs.len - 1] == '\n')
            errs.ptr[--errs.len] = '\0';
        rc = rc_error_set(RC_EINVALID, "import refused, nothing written:\n%s", errs.ptr);
        goto done;
    }
    if ((rc = rc_db_begin(db)))
        goto done;
    sqlite3_stmt *st = NULL;
    if ((rc = rc_db_prepare(
             &st, db, "SELECT decided_at FROM pick_decisions WHERE branch = ?1 AND sha = ?2")))
        goto rollback;
    for (size_t k = 0; k < n; k++) {
        rc_triage_change *c = &ch[k];
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
        if ((rc = upsert(db, &full)))
            goto rollback;
        out->imported++;
    }
    sqlite3_finalize(st);
    rc = rc_db_commit(db);
    goto done;
rollback:
    sqlite3_finalize(st);
    rc_db_rollback(db);
done:
    rc_buf_free(&errs);
    free(ch);
    cJSON_Delete(doc);
    return rc;
}
