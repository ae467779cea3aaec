/* Collecting other captains' decisions from their tracker reports (the
 * picks room merges them: core/picks/triage_merge.c). The comment's GitHub
 * login, not the block's own claims, decides whether a block counts: only
 * collaborators with write access (admin, maintain, write) are trusted, as
 * they could change the branch anyway. */
#include "core/github/ghsync_decisions.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/report.h"

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

void rc_ghsync_decisions_take(rc_ghsync_decisions *acc, rc_ghsync_report *rep)
{
    if (!acc)
        return;
    rep->decisions = acc->items;
    rep->ndecisions = acc->n;
    acc->items = NULL;
    acc->n = 0;
    if (!acc->warnings.len)
        return;
    /* the warnings start with "; " */
    char *note = rc_xasprintf("%s%s", rep->note ? rep->note : "",
                              rep->note ? acc->warnings.ptr : acc->warnings.ptr + 2);
    free(rep->note);
    rep->note = note;
}

void rc_ghsync_decisions_free(rc_ghsync_decisions *acc)
{
    if (!acc)
        return;
    rc_report_decisions_free(acc->items, acc->n);
    for (size_t i = 0; i < acc->nperms; i++)
        free(acc->perms[i].login);
    free(acc->perms);
    rc_buf_free(&acc->warnings);
    free(acc);
}
