/* The decisions block of a tracker report (format and strict parsing) and
 * the report comment's place on GitHub (find, PATCH or POST).
 * The Markdown body is core/release/report_body.c. */
#include "core/github/report.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/github_read.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FIELD 4096 /* longest note; names are far shorter */

/* A name (branch, author): 1..255 bytes, no control characters. */
static bool is_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 255)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static bool is_decision(const char *d)
{
    return strcmp(d, "approve") == 0 || strcmp(d, "reject") == 0 || strcmp(d, "defer") == 0;
}

/* A category as the picks room names them: lower-case words joined by '-'. */
static bool is_category_word(const char *c)
{
    size_t n = strlen(c);
    if (n == 0 || n > 32)
        return false;
    for (; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || *c == '-'))
            return false;
    return true;
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A field that is absent, null or a string; false for anything else. */
static bool opt_str(const cJSON *o, const char *k, const char **v)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);
    *v = NULL;
    if (!it || cJSON_IsNull(it))
        return true;
    if (!cJSON_IsString(it) || strlen(it->valuestring) > MAX_FIELD)
        return false;
    *v = it->valuestring;
    return true;
}

static int entry_parse(rc_report_decision *d, const cJSON *e, size_t pos)
{
    const char *branch, *sha, *decision, *category, *note, *author, *at;
    if (!cJSON_IsObject(e))
        return rc_error_set(RC_EINVALID, "entry %zu is not an object", pos);
    if (!opt_str(e, "branch", &branch) || !opt_str(e, "sha", &sha) ||
        !opt_str(e, "decision", &decision) || !opt_str(e, "category", &category) ||
        !opt_str(e, "note", &note) || !opt_str(e, "author", &author) || !opt_str(e, "at", &at))
        return rc_error_set(RC_EINVALID, "entry %zu: fields must be strings or null", pos);
    if (!is_name(branch))
        return rc_error_set(RC_EINVALID, "entry %zu: bad branch", pos);
    if (!rc_str_is_sha(sha))
        return rc_error_set(RC_EINVALID, "entry %zu: sha must be 40 lowercase hex digits", pos);
    if (decision && !is_decision(decision))
        return rc_error_set(RC_EINVALID, "entry %zu: unknown decision", pos);
    if (category && *category && !is_category_word(category))
        return rc_error_set(RC_EINVALID, "entry %zu: unknown category", pos);
    if (!is_name(author))
        return rc_error_set(RC_EINVALID, "entry %zu: bad author", pos);
    if (!decision && !(category && *category) && !(note && *note))
        return rc_error_set(RC_EINVALID, "entry %zu: neither decision, category nor note", pos);
    int64_t t = 0;
    if (!at || rc_time_parse(&t, at) != 0 || t <= 0)
        return rc_error_set(RC_EINVALID, "entry %zu: 'at' must be an ISO 8601 time", pos);
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(e, "pr");
    if (pr && !cJSON_IsNull(pr) &&
        (!cJSON_IsNumber(pr) || pr->valuedouble < 0 || pr->valuedouble > 1e9 ||
         pr->valuedouble != (double)(long)pr->valuedouble))
        return rc_error_set(RC_EINVALID, "entry %zu: pr must be a positive integer", pos);
    d->branch = rc_xstrdup(branch);
    memcpy(d->sha, sha, 41);
    d->pr = cJSON_IsNumber(pr) ? (long)pr->valuedouble : 0;
    d->decision = decision ? rc_xstrdup(decision) : NULL;
    d->category = category && *category ? rc_xstrdup(category) : NULL;
    d->note = note && *note ? rc_xstrdup(note) : NULL;
    d->author = rc_xstrdup(author);
    d->at = t;
    return 0;
}

static int block_fill(rc_report_block *out, const cJSON *doc)
{
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "relcap_decisions");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1)
        return rc_error_set(RC_EINVALID, "not a version 1 decisions block");
    const char *captain = jstr(doc, "captain");
    if (!is_name(captain))
        return rc_error_set(RC_EINVALID, "the block names no captain");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "decisions");
    const cJSON *picked = cJSON_GetObjectItemCaseSensitive(doc, "picked");
    if (!cJSON_IsArray(arr) || (picked && !cJSON_IsArray(picked)))
        return rc_error_set(RC_EINVALID, "'decisions' and 'picked' must be arrays");
    int n = cJSON_GetArraySize(arr), np = picked ? cJSON_GetArraySize(picked) : 0;
    if (n > RC_REPORT_MAX_DECISIONS || np > 100000)
        return rc_error_set(RC_EINVALID, "the block is too large (%d decisions)", n);
    out->captain = rc_xstrdup(captain);
    out->items = rc_xcalloc(n ? (size_t)n : 1, sizeof *out->items);
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        int r = entry_parse(&out->items[out->n], e, out->n + 1);
        if (r)
            return r;
        out->n++;
    }
    out->picked = rc_xcalloc(np ? (size_t)np : 1, sizeof *out->picked);
    cJSON_ArrayForEach(e, picked)
    {
        if (!cJSON_IsString(e) || !rc_str_is_sha(e->valuestring))
            return rc_error_set(RC_EINVALID, "'picked' holds something other than a sha");
        out->picked[out->npicked++] = rc_xstrdup(e->valuestring);
    }
    return 0;
}

int rc_report_block_parse(rc_report_block *out, const char *body)
{
    memset(out, 0, sizeof *out);
    const char *open = body ? strstr(body, RC_REPORT_BLOCK_OPEN) : NULL;
    if (!open)
        return rc_error_set(RC_ENOTFOUND, "no decisions block");
    const char *json = open + strlen(RC_REPORT_BLOCK_OPEN);
    const char *end = strstr(json, "-->");
    if (!end)
        return rc_error_set(RC_EINVALID, "the decisions block is not closed");
    cJSON *doc = cJSON_ParseWithLength(json, (size_t)(end - json));
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        return rc_error_set(RC_EINVALID, "the decisions block is not a JSON object");
    }
    int r = block_fill(out, doc);
    cJSON_Delete(doc);
    if (r)
        rc_report_block_free(out);
    return r;
}

void rc_report_decisions_free(rc_report_decision *d, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char **const strs[] = {&d[i].branch, &d[i].decision, &d[i].category, &d[i].note,
                               &d[i].author};
        rc_strs_clear(strs, 5);
    }
    free(d);
}

void rc_report_block_free(rc_report_block *b)
{
    if (!b)
        return;
    rc_report_decisions_free(b->items, b->n);
    rc_strv_free(b->picked, b->npicked);
    free(b->captain);
    memset(b, 0, sizeof *b);
}

int rc_report_tracker_for(long *out, rc_db *db, const char *version)
{
    *out = 0;
    if (version[0] == 'v' || version[0] == 'V')
        version++;
    int r = rc_github_tracker_number(out, db, version);
    if (!r && !*out) {
        char *v = rc_sanitize(version, false);
        r = rc_error_set(RC_ENOTFOUND,
                         "no release tracker for version %s in the cache (run relcap sync)", v);
        free(v);
    }
    return r;
}

/* Whether a report comment is the captain's: by login when GitHub tells
 * whose token this is, else by the captain the block names. */
static bool is_mine(const cJSON *c, const char *login, const char *captain)
{
    const char *who = jstr(cJSON_GetObjectItemCaseSensitive(c, "user"), "login");
    const char *text = jstr(c, "body");
    if (!who || !text || !strstr(text, RC_REPORT_MARKER))
        return false;
    if (login)
        return strcmp(who, login) == 0;
    rc_report_block b;
    bool mine = rc_report_block_parse(&b, text) == 0 && strcmp(b.captain, captain) == 0;
    rc_report_block_free(&b);
    rc_error_clear();
    return mine;
}

int rc_report_find(int64_t *id, char **body, rc_github *gh, long tracker, const char *captain)
{
    *id = 0;
    *body = NULL;
    cJSON *me = NULL;
    int r = rc_github_get(&me, gh, "/user");
    /* an installation token (GitHub Actions) may not read /user: 403 */
    if (r && rc_http_last_status(rc_github_http(gh)) == 403 && r != RC_ERATELIMIT) {
        rc_error_clear();
        r = 0;
    } else if (r) {
        return rc_error_wrap(r, "cannot tell whose report to edit");
    }
    const char *login = jstr(me, "login");
    char *path =
        rc_xasprintf("/repos/%s/issues/%ld/comments?per_page=100", rc_github_repo(gh), tracker);
    cJSON *list = NULL;
    r = rc_github_get_list(&list, NULL, gh, path, NULL, 100, NULL, NULL);
    free(path);
    const cJSON *c;
    cJSON_ArrayForEach(c, (r ? NULL : list))
    {
        const cJSON *cid = cJSON_GetObjectItemCaseSensitive(c, "id");
        if (!cJSON_IsNumber(cid) || !is_mine(c, login, captain))
            continue;
        /* the oldest one: every later report edits the same comment */
        *id = (int64_t)cid->valuedouble;
        *body = rc_xstrdup(jstr(c, "body"));
        break;
    }
    cJSON_Delete(list);
    cJSON_Delete(me);
    return r;
}

int rc_report_send(rc_report_sent *out, rc_github *gh, long tracker, int64_t existing,
                   const char *body)
{
    memset(out, 0, sizeof *out);
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "body", body);
    char *json = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    char *path = existing
                     ? rc_xasprintf("/repos/%s/issues/comments/%lld", rc_github_repo(gh),
                                    (long long)existing)
                     : rc_xasprintf("/repos/%s/issues/%ld/comments", rc_github_repo(gh), tracker);
    cJSON *resp = NULL;
    int r = rc_github_send(&resp, gh, existing ? "PATCH" : "POST", path, json);
    free(path);
    free(json);
    if (r == 0) {
        const cJSON *cid = cJSON_GetObjectItemCaseSensitive(resp, "id");
        out->comment_id = cJSON_IsNumber(cid) ? (int64_t)cid->valuedouble : existing;
        out->created = !existing;
        const char *url = jstr(resp, "html_url");
        out->url = url ? rc_sanitize(url, false) : NULL;
    }
    cJSON_Delete(resp);
    return r;
}

void rc_report_sent_free(rc_report_sent *s)
{
    if (s) {
        free(s->url);
        memset(s, 0, sizeof *s);
    }
}
