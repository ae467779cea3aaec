/* Importing other captains' decisions from their tracker reports. The
 * comment's GitHub login, not the block's own claims, decides whether a
 * block counts: only collaborators with write access (admin, maintain,
 * write) are trusted, as they could change the branch anyway. */
#include "core/github/ghsync_decisions.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/github/report.h"
#include "core/picks/triage.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char *login;
    bool ok;
} perm_row;

struct rc_ghsync_decisions {
    rc_report_decision *items;
    size_t n;
    perm_row *perms;
    size_t nperms;
    rc_buf warnings;
};

static bool login_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '[' || *s == ']'))
            return false;
    return true;
}

static bool role_writes(const char *r)
{
    return r && (strcmp(r, "admin") == 0 || strcmp(r, "maintain") == 0 || strcmp(r, "write") == 0);
}

/* Whether login may write to the repository, asked once per sync. */
static int may_write(bool *out, rc_ghsync_decisions *acc, rc_github *gh, const char *login)
{
    for (size_t i = 0; i < acc->nperms; i++)
        if (strcmp(acc->perms[i].login, login) == 0) {
            *out = acc->perms[i].ok;
            return 0;
        }
    char *path = rc_xasprintf("/repos/%s/collaborators/%s/permission", rc_github_repo(gh), login);
    cJSON *ans = NULL;
    int r = rc_github_get(&ans, gh, path);
    free(path);
    if (r == RC_ERATELIMIT)
        return r;
    bool ok = false;
    if (r == 0) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(ans, "permission");
        const cJSON *role = cJSON_GetObjectItemCaseSensitive(ans, "role_name");
        ok = (cJSON_IsString(p) && role_writes(p->valuestring)) ||
             (cJSON_IsString(role) && role_writes(role->valuestring));
    } else {
        char *m = rc_sanitize(rc_error_last(), false);
        rc_buf_printf(&acc->warnings, "; permission of @%s unknown (%s)", login, m);
        free(m);
        rc_error_clear();
    }
    cJSON_Delete(ans);
    acc->perms = rc_xrealloc(acc->perms, (acc->nperms + 1) * sizeof *acc->perms);
    acc->perms[acc->nperms++] = (perm_row){rc_xstrdup(login), ok};
    *out = ok;
    return 0;
}

/* Takes the block's decisions; the author keeps the login when the block
 * names someone else, so a name never hides who wrote it. */
static void take(rc_ghsync_decisions *acc, rc_report_block *blk, const char *login)
{
    acc->items = rc_xrealloc(acc->items, (acc->n + blk->n + 1) * sizeof *acc->items);
    for (size_t i = 0; i < blk->n; i++) {
        rc_report_decision *d = &blk->items[i];
        if (strcmp(d->author, login) != 0) {
            char *a = rc_xasprintf("%s (@%s)", d->author, login);
            free(d->author);
            d->author = a;
        }
        acc->items[acc->n++] = *d;
    }
    free(blk->items);
    blk->items = NULL;
    blk->n = 0;
}

int rc_ghsync_decisions_collect(rc_ghsync_decisions **accp, rc_github *gh, long tracker,
                                const cJSON *comments)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, comments)
    {
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(c, "body");
        const cJSON *user = cJSON_GetObjectItemCaseSensitive(c, "user");
        const cJSON *login = cJSON_GetObjectItemCaseSensitive(user, "login");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(c, "id");
        if (!cJSON_IsString(body) || !strstr(body->valuestring, RC_REPORT_MARKER))
            continue;
        if (!*accp)
            *accp = rc_xcalloc(1, sizeof **accp);
        rc_ghsync_decisions *acc = *accp;
        long long cid = cJSON_IsNumber(id) ? (long long)id->valuedouble : 0;
        if (!cJSON_IsString(login) || !login_valid(login->valuestring)) {
            rc_buf_printf(&acc->warnings, "; tracker #%ld comment %lld: no valid author, skipped",
                          tracker, cid);
            continue;
        }
        const char *who = login->valuestring;
        bool ok = false;
        int r = may_write(&ok, acc, gh, who);
        if (r)
            return r;
        if (!ok) {
            rc_buf_printf(&acc->warnings,
                          "; tracker #%ld comment %lld: @%s has no write access, decisions"
                          " not imported",
                          tracker, cid, who);
            continue;
        }
        rc_report_block blk;
        r = rc_report_block_parse(&blk, body->valuestring);
        if (r == RC_ENOTFOUND) {
            rc_error_clear();
            continue;
        }
        if (r) {
            char *m = rc_sanitize(rc_error_last(), false);
            rc_buf_printf(&acc->warnings,
                          "; tracker #%ld comment %lld by @%s: decisions block skipped (%s)",
                          tracker, cid, who, m);
            free(m);
            rc_error_clear();
            continue;
        }
        take(acc, &blk, who);
        rc_report_block_free(&blk);
    }
    return 0;
}

static int by_time(const void *a, const void *b)
{
    const rc_report_decision *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* 1 when the decision is already known: the current one, or in the log. */
static int known(rc_db *db, const rc_report_decision *d, int64_t *cur_at)
{
    sqlite3_stmt *st;
    *cur_at = -1;
    int r = rc_db_prepare(&st, db,
                          "SELECT decided_at, decision IS ?3 FROM pick_decisions"
                          " WHERE branch = ?1 AND sha = ?2");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, d->branch);
    rc_sql_bind_text(st, 2, d->sha);
    rc_sql_bind_text(st, 3, d->decision);
    bool same = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *cur_at = sqlite3_column_int64(st, 0);
        same = *cur_at == d->at && sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    if (same)
        return 1;
    if ((r = rc_db_prepare(&st, db,
                           "SELECT 1 FROM decision_log WHERE scope = 'pick' AND key = ?1"
                           " AND author = ?2 AND at = ?3 AND decision IS ?4")))
        return r;
    char *key = rc_xasprintf("%s %s", d->branch, d->sha);
    rc_sql_bind_text(st, 1, key);
    rc_sql_bind_text(st, 2, d->author);
    sqlite3_bind_int64(st, 3, d->at);
    rc_sql_bind_text(st, 4, d->decision);
    r = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    free(key);
    return r;
}

static int branch_known(rc_db *db, const char *branch)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT 1 FROM branches WHERE name = ?1");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    r = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return r;
}

/* An older decision than the current one: history only. */
static int log_only(rc_db *db, const rc_report_decision *d)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "INSERT INTO decision_log(scope, key, decision, category, note, author,"
                          " at) VALUES ('pick', ?1, ?2, ?3, ?4, ?5, ?6)");
    if (r)
        return r;
    char *key = rc_xasprintf("%s %s", d->branch, d->sha);
    rc_sql_bind_text(st, 1, key);
    rc_sql_bind_text(st, 2, d->decision);
    rc_sql_bind_text(st, 3, d->category);
    rc_sql_bind_text(st, 4, d->note);
    rc_sql_bind_text(st, 5, d->author);
    sqlite3_bind_int64(st, 6, d->at);
    r = sqlite3_step(st) == SQLITE_DONE ? 0 : rc_db_error(db, "logging an imported decision");
    sqlite3_finalize(st);
    free(key);
    return r;
}

static int apply_one(rc_ghsync_decisions *acc, rc_db *db, const rc_report_decision *d,
                     size_t *imported, size_t *logged)
{
    int r = branch_known(db, d->branch);
    if (r < 0)
        return r;
    if (!r) {
        char *b = rc_sanitize(d->branch, false);
        rc_buf_printf(&acc->warnings, "; a decision on unknown branch %s skipped", b);
        free(b);
        return 0;
    }
    int64_t cur_at;
    if ((r = known(db, d, &cur_at)))
        return r < 0 ? r : 0;
    if (cur_at >= d->at) {
        (*logged)++;
        return log_only(db, d);
    }
    rc_triage_change ch = {.branch = d->branch,
                           .sha = d->sha,
                           .pr = d->pr,
                           .decision = d->decision,
                           .category = d->category ? d->category : "",
                           .note = d->note ? d->note : "",
                           .author = d->author,
                           .at = d->at};
    (*imported)++;
    return rc_triage_set(db, &ch);
}

int rc_ghsync_decisions_apply(rc_ghsync_decisions *acc, rc_db *db, rc_ghsync_report *rep)
{
    if (!acc)
        return 0;
    if (acc->n)
        qsort(acc->items, acc->n, sizeof *acc->items, by_time);
    size_t imported = 0, logged = 0;
    int r = 0;
    for (size_t i = 0; i < acc->n && !r; i++)
        r = apply_one(acc, db, &acc->items[i], &imported, &logged);
    if (r)
        return rc_error_wrap(r, "importing decisions from tracker reports");
    rc_buf b = {0};
    if (rep->note)
        rc_buf_printf(&b, "%s; ", rep->note);
    rc_buf_printf(&b, "decisions from tracker reports: %zu imported, %zu older logged%s", imported,
                  logged, acc->warnings.len ? acc->warnings.ptr : "");
    free(rep->note);
    rep->note = rc_buf_detach(&b);
    return 0;
}

void rc_ghsync_decisions_free(rc_ghsync_decisions *acc)
{
    if (!acc)
        return;
    for (size_t i = 0; i < acc->n; i++) {
        rc_report_decision *d = &acc->items[i];
        free(d->branch);
        free(d->decision);
        free(d->category);
        free(d->note);
        free(d->author);
    }
    free(acc->items);
    for (size_t i = 0; i < acc->nperms; i++)
        free(acc->perms[i].login);
    free(acc->perms);
    rc_buf_free(&acc->warnings);
    free(acc);
}
