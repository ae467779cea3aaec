/* GitHub sync: a fetch phase that only reads the database and keeps what
 * it gets in memory (the http client keeps new ETags pending too), then one
 * write transaction. A failure anywhere in the fetch phase returns before
 * anything is written; a failure while writing rolls back. */
#include "core/github/ghsync.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/github/github.h"
#include "core/github/tracker.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_LIST_PAGES 100 /* 10 000 items per list: far above a release's need */

typedef struct {
    char *name; /* as in the branches table */
    char *ref;  /* name on GitHub (remote prefix dropped) */
    char *head;
    int64_t cut_date;
    bool eol;          /* end of life: nothing synced for it */
    bool unmaintained; /* its PRs are synced, but its cut does not bound main's PRs */
} branch_row;

typedef struct {
    long number;
    char *title, *version, *state, *author, *body;
    int64_t updated_at;
    cJSON *comments;
} tracker_row;

typedef struct {
    char *sha, *state;
} ci_row;

typedef struct {
    rc_db *db;
    const rc_config *cfg;
    rc_github *gh;
    const rc_ghsync_opts *opts;
    rc_ghsync_report *rep;
    const char *repo;
    const char *main;
    char *remote;
    branch_row *br;
    size_t nbr;
    char **rc_shas;
    size_t nrc;
    cJSON *prs; /* object: number -> PR JSON, fetched this run */
    long *drop;
    size_t ndrop;
    tracker_row *tr;
    size_t ntr;
    ci_row *ci;
    size_t nci;
    char **meta_k, **meta_v;
    size_t nmeta;
    rc_buf progress;
    char *stage;
} ghsync;

static void progress(ghsync *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void progress(ghsync *g, const char *fmt, ...)
{
    if (!g->opts || !g->opts->progress)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    if (m)
        g->opts->progress(g->opts->progress_ud, m);
    free(m);
}

static void set_stage(ghsync *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_stage(ghsync *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(g->stage);
    if (vasprintf(&g->stage, fmt, ap) < 0)
        g->stage = NULL;
    va_end(ap);
}

static void got(ghsync *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void got(ghsync *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    if (!m)
        return;
    if (g->progress.len)
        rc_buf_puts(&g->progress, "; ");
    rc_buf_puts(&g->progress, m);
    free(m);
}

static void meta_put(ghsync *g, const char *k, const char *v)
{
    g->meta_k = rc_xrealloc(g->meta_k, (g->nmeta + 1) * sizeof *g->meta_k);
    g->meta_v = rc_xrealloc(g->meta_v, (g->nmeta + 1) * sizeof *g->meta_v);
    g->meta_k[g->nmeta] = rc_xstrdup(k);
    g->meta_v[g->nmeta++] = rc_xstrdup(v);
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *jpath(const cJSON *o, const char *k1, const char *k2)
{
    return jstr(cJSON_GetObjectItemCaseSensitive(o, k1), k2);
}

static int64_t jtime(const cJSON *o, const char *k)
{
    const char *s = jstr(o, k);
    int64_t t = 0;
    if (!s || rc_time_parse(&t, s) != 0) {
        rc_error_clear();
        return 0;
    }
    return t;
}

/* -1 when absent, not a number, or not an integer a long holds exactly:
 * GitHub's JSON may say 5e90, and converting that to long is undefined
 * (found by fuzz_ghsync). */
static long jlong(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= -9007199254740992.0) ||
        !(v->valuedouble <= 9007199254740992.0))
        return -1;
    return (long)v->valuedouble;
}

/* ---- reading what the git part stored ---- */

static int load_refs(ghsync *g)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, g->db,
                          "SELECT name, head_sha, cut_date, status, remote FROM branches ORDER BY "
                          "name");
    if (r)
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name)
            continue;
        const char *ref = name;
        size_t rl = strlen(g->remote);
        if (sqlite3_column_int(st, 4) && strncmp(name, g->remote, rl) == 0 && name[rl] == '/')
            ref = name + rl + 1;
        const char *status = (const char *)sqlite3_column_text(st, 3);
        g->br = rc_xrealloc(g->br, (g->nbr + 1) * sizeof *g->br);
        branch_row *b = &g->br[g->nbr++];
        memset(b, 0, sizeof *b);
        b->name = rc_xstrdup(name);
        b->ref = rc_xstrdup(ref);
        b->head = sqlite3_column_text(st, 1) ? rc_xstrdup((const char *)sqlite3_column_text(st, 1))
                                             : NULL;
        b->cut_date = sqlite3_column_type(st, 2) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 2);
        b->eol =
            status && (strncasecmp(status, "eol", 3) == 0 || strncasecmp(status, "end", 3) == 0);
        b->unmaintained = status && strncasecmp(status, "unmaint", 7) == 0;
    }
    sqlite3_finalize(st);
    if ((r = rc_db_prepare(&st, g->db, "SELECT DISTINCT sha FROM tags WHERE kind = 'rc'")))
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!sqlite3_column_text(st, 0))
            continue;
        g->rc_shas = rc_xrealloc(g->rc_shas, (g->nrc + 1) * sizeof *g->rc_shas);
        g->rc_shas[g->nrc++] = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return 0;
}

static char *meta_get(ghsync *g, const char *key)
{
    char *v = NULL;
    if (rc_db_meta_get(&v, g->db, key) != 0)
        rc_error_clear();
    return v;
}

/* ---- pull requests ---- */

typedef struct {
    int64_t stop; /* stop paging once items are older than this */
} page_stop;

static bool page_continue(void *ud, const cJSON *page)
{
    page_stop *ps = ud;
    if (!ps->stop)
        return true;
    int n = cJSON_GetArraySize(page);
    if (n == 0)
        return false;
    /* sorted by updated desc: the page's last item is its oldest */
    return jtime(cJSON_GetArrayItem(page, n - 1), "updated_at") >= ps->stop;
}

static void keep_pr(ghsync *g, const cJSON *pr)
{
    long num = jlong(pr, "number");
    if (num <= 0)
        return;
    char key[32];
    snprintf(key, sizeof key, "%ld", num);
    cJSON_DeleteItemFromObjectCaseSensitive(g->prs, key);
    cJSON_AddItemToObject(g->prs, key, cJSON_Duplicate(pr, true));
}

static char *escape(const char *s)
{
    char *e = curl_easy_escape(NULL, s, 0);
    char *r = rc_xstrdup(e ? e : "");
    curl_free(e);
    return r;
}

/* Lists PRs on base newest-updated first, stopping at the last run's
 * watermark (or `floor`); returns the items in *out. */
static int list_prs(cJSON **out, size_t *pages, ghsync *g, const char *base, const char *state,
                    int64_t floor, const char *meta_key, bool use_mark)
{
    char *mark = use_mark ? meta_get(g, meta_key) : NULL;
    int64_t stop = floor, wm = 0;
    if (mark && rc_time_parse(&wm, mark) == 0 && wm > stop)
        stop = wm;
    rc_error_clear();
    free(mark);
    char *eb = escape(base);
    char *path = rc_xasprintf("/repos/%s/pulls?state=%s&base=%s&sort=updated&direction=desc&"
                              "per_page=100",
                              g->repo, state, eb);
    free(eb);
    page_stop ps = {stop};
    int r = rc_github_get_list(out, pages, g->gh, path, NULL, MAX_LIST_PAGES, page_continue, &ps);
    free(path);
    if (r)
        return r;
    int64_t newest = use_mark ? wm : 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, *out)
    {
        int64_t u = jtime(it, "updated_at");
        if (u > newest)
            newest = u;
    }
    if (newest > 0) {
        char iso[21];
        rc_time_iso(iso, newest);
        meta_put(g, meta_key, iso);
    }
    return 0;
}

static int fetch_main_prs(ghsync *g)
{
    int64_t cut = 0;
    for (size_t i = 0; i < g->nbr; i++)
        if (!g->br[i].eol && !g->br[i].unmaintained && g->br[i].cut_date > 0 &&
            (!cut || g->br[i].cut_date < cut))
            cut = g->br[i].cut_date;
    if (!cut) {
        g->rep->note = rc_xstrdup("no maintained release branch with a cut date in the cache: "
                                  "PRs into main were not fetched (run the git sync first)");
        return 0;
    }
    /* A watermark from a run that used a later cut misses the PRs merged
     * between the two cuts: then list from the cut again. */
    char *prev_cut = meta_get(g, "github.pulls.main.cut");
    bool use_mark = !(prev_cut && atoll(prev_cut) > cut);
    free(prev_cut);
    char *key = rc_xasprintf("github.pulls.%s.updated", g->main);
    set_stage(g, "PRs merged into %s", g->main);
    progress(g, "GitHub: PRs merged into %s", g->main);
    cJSON *items = NULL;
    size_t pages = 0;
    int r = list_prs(&items, &pages, g, g->main, "closed", cut, key, use_mark);
    free(key);
    if (r)
        return r;
    char cutbuf[32];
    snprintf(cutbuf, sizeof cutbuf, "%lld", (long long)cut);
    meta_put(g, "github.pulls.main.cut", cutbuf);
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        int64_t merged = jtime(it, "merged_at");
        if (merged && merged >= cut) {
            keep_pr(g, it);
            g->rep->prs_main++;
        }
    }
    cJSON_Delete(items);
    got(g, "PRs into %s: %zu pages, %zu merged since the cut", g->main, pages, g->rep->prs_main);
    return 0;
}

static int fetch_release_prs(ghsync *g)
{
    for (size_t i = 0; i < g->nbr; i++) {
        branch_row *b = &g->br[i];
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup |= strcmp(g->br[j].ref, b->ref) == 0;
        if (dup || b->eol)
            continue;
        set_stage(g, "PRs on %s", b->ref);
        progress(g, "GitHub: PRs on %s", b->ref);
        char *key = rc_xasprintf("github.pulls.%s.updated", b->ref);
        cJSON *items = NULL;
        size_t pages = 0;
        int r = list_prs(&items, &pages, g, b->ref, "all", 0, key, true);
        free(key);
        if (r)
            return r;
        size_t kept = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, items)
        {
            const char *state = jstr(it, "state");
            if (jtime(it, "merged_at") || (state && strcmp(state, "open") == 0)) {
                keep_pr(g, it);
                kept++;
            } else if (jlong(it, "number") > 0) {
                g->drop = rc_xrealloc(g->drop, (g->ndrop + 1) * sizeof *g->drop);
                g->drop[g->ndrop++] = jlong(it, "number");
            }
        }
        cJSON_Delete(items);
        g->rep->prs_release += kept;
        got(g, "PRs on %s: %zu pages, %zu open or merged", b->ref, pages, kept);
    }
    return 0;
}

/* ---- trackers ---- */

static void add_tracker(ghsync *g, const cJSON *issue, const char *version)
{
    long num = jlong(issue, "number");
    if (num <= 0 || cJSON_GetObjectItemCaseSensitive(issue, "pull_request"))
        return;
    for (size_t i = 0; i < g->ntr; i++)
        if (g->tr[i].number == num)
            return;
    g->tr = rc_xrealloc(g->tr, (g->ntr + 1) * sizeof *g->tr);
    tracker_row *t = &g->tr[g->ntr++];
    memset(t, 0, sizeof *t);
    t->number = num;
    t->title = rc_xstrdup(jstr(issue, "title") ? jstr(issue, "title") : "");
    t->version = version ? rc_xstrdup(version) : NULL;
    t->state = rc_xstrdup(jstr(issue, "state") ? jstr(issue, "state") : "");
    t->author = jpath(issue, "user", "login") ? rc_xstrdup(jpath(issue, "user", "login")) : NULL;
    t->body = jstr(issue, "body") ? rc_xstrdup(jstr(issue, "body")) : NULL;
    t->updated_at = jtime(issue, "updated_at");
}

/* The words of a title pattern outside {version}, for the search query:
 * "[v{version}] Release Tracker" -> "Release Tracker". */
static char *pattern_phrase(const char *pat)
{
    rc_buf b = {0};
    const char *p = pat;
    while (*p) {
        if (strncmp(p, "{version}", 9) == 0) {
            p += 9;
            continue;
        }
        const char *s = p;
        while (*p && (isalnum((unsigned char)*p)))
            p++;
        if (p - s >= 2) {
            if (b.len)
                rc_buf_puts(&b, " ");
            rc_buf_put(&b, s, (size_t)(p - s));
        }
        if (p == s)
            p++;
    }
    return rc_buf_detach(&b);
}

static int fetch_trackers(ghsync *g)
{
    const char *const *pats = NULL;
    size_t npats = 0;
    if (rc_config_multi(&pats, &npats, g->cfg, "relcap.trackerTitle") != 0) {
        rc_error_clear();
        npats = 0;
    }
    const char *label = NULL;
    if (rc_config_string(&label, g->cfg, "relcap.trackerLabel") != 0)
        rc_error_clear();
    set_stage(g, "release tracker issues");
    progress(g, "GitHub: release tracker issues");
    size_t pages_total = 0;
    if (label && *label) {
        char *el = escape(label);
        char *path = rc_xasprintf("/repos/%s/issues?labels=%s&state=all&per_page=100", g->repo, el);
        free(el);
        cJSON *items = NULL;
        size_t pages = 0;
        int r = rc_github_get_list(&items, &pages, g->gh, path, NULL, MAX_LIST_PAGES, NULL, NULL);
        free(path);
        if (r)
            return r;
        pages_total += pages;
        const cJSON *it;
        cJSON_ArrayForEach(it, items)
        {
            char ver[128];
            bool m = rc_tracker_title_match(ver, sizeof ver, jstr(it, "title"), pats, npats);
            add_tracker(g, it, m ? ver : NULL);
        }
        cJSON_Delete(items);
    }
    char **done = NULL;
    size_t ndone = 0;
    int r = 0;
    for (size_t i = 0; i < npats && !r; i++) {
        char *phrase = pattern_phrase(pats[i]);
        bool seen = !*phrase;
        for (size_t j = 0; j < ndone; j++)
            seen |= strcmp(done[j], phrase) == 0;
        if (seen) {
            free(phrase);
            continue;
        }
        done = rc_xrealloc(done, (ndone + 1) * sizeof *done);
        done[ndone++] = phrase;
        char *q = rc_xasprintf("repo:%s is:issue in:title \"%s\"", g->repo, phrase);
        char *eq = escape(q);
        char *path = rc_xasprintf("/search/issues?q=%s&per_page=100", eq);
        free(q);
        free(eq);
        cJSON *items = NULL;
        size_t pages = 0;
        r = rc_github_get_list(&items, &pages, g->gh, path, "items", 10, NULL, NULL);
        free(path);
        if (r)
            break;
        pages_total += pages;
        const cJSON *it;
        cJSON_ArrayForEach(it, items)
        {
            char ver[128];
            if (rc_tracker_title_match(ver, sizeof ver, jstr(it, "title"), pats, npats))
                add_tracker(g, it, ver);
        }
        cJSON_Delete(items);
    }
    for (size_t j = 0; j < ndone; j++)
        free(done[j]);
    free(done);
    if (r)
        return r;
    got(g, "trackers: %zu found (%zu pages)", g->ntr, pages_total);
    for (size_t i = 0; i < g->ntr; i++) {
        tracker_row *t = &g->tr[i];
        set_stage(g, "comments of tracker #%ld", t->number);
        progress(g, "GitHub: comments of tracker #%ld", t->number);
        char *path = rc_xasprintf("/repos/%s/issues/%ld/comments?per_page=100", g->repo, t->number);
        size_t pages = 0;
        r = rc_github_get_list(&t->comments, &pages, g->gh, path, NULL, MAX_LIST_PAGES, NULL, NULL);
        free(path);
        if (r)
            return r;
        got(g, "tracker #%ld: %d comments", t->number, cJSON_GetArraySize(t->comments));
    }
    return 0;
}

/* Is PR n merged into main? From this run's PRs, the cache, or GitHub. */
static int trunk_merged(bool *out, ghsync *g, long n)
{
    char key[32];
    snprintf(key, sizeof key, "%ld", n);
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(g->prs, key);
    if (pr) {
        const char *base = jpath(pr, "base", "ref");
        *out = jtime(pr, "merged_at") && (!base || strcmp(base, g->main) == 0);
        if (*out)
            return 0;
    }
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, g->db, "SELECT merged_at, base FROM prs WHERE number = ?");
    if (r)
        return r;
    sqlite3_bind_int64(st, 1, n);
    bool known = false;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        const char *base = (const char *)sqlite3_column_text(st, 1);
        known = sqlite3_column_int64(st, 0) > 0 && (!base || strcmp(base, g->main) == 0);
    }
    sqlite3_finalize(st);
    if (known) {
        *out = true;
        return 0;
    }
    set_stage(g, "trunk PR #%ld", n);
    char *path = rc_xasprintf("/repos/%s/pulls/%ld", g->repo, n);
    cJSON *one = NULL;
    r = rc_github_get(&one, g->gh, path);
    free(path);
    if (r == RC_ENOTFOUND) { /* an issue, or a PR that is gone: not on trunk */
        rc_error_clear();
        *out = false;
        return 0;
    }
    if (r)
        return r;
    const char *base = jpath(one, "base", "ref");
    *out = jtime(one, "merged_at") && base && strcmp(base, g->main) == 0;
    if (base && strcmp(base, g->main) == 0)
        keep_pr(g, one);
    cJSON_Delete(one);
    return 0;
}

/* ---- CI ---- */

const char *rc_ghsync_checks_state(const void *json)
{
    const cJSON *runs = json;
    bool any = false, pending = false, failure = false;
    const cJSON *it;
    cJSON_ArrayForEach(it, runs)
    {
        any = true;
        const char *status = jstr(it, "status");
        const char *concl = jstr(it, "conclusion");
        if (!status || strcmp(status, "completed") != 0 || !concl) {
            pending = true;
            continue;
        }
        if (strcmp(concl, "success") != 0 && strcmp(concl, "neutral") != 0 &&
            strcmp(concl, "skipped") != 0)
            failure = true;
    }
    if (!any)
        return "none";
    return failure ? "failure" : pending ? "pending" : "success";
}

static int ci_of(char **state, ghsync *g, const char *sha)
{
    set_stage(g, "CI of %.12s", sha);
    char *path = rc_xasprintf("/repos/%s/commits/%s/check-runs?per_page=100", g->repo, sha);
    cJSON *runs = NULL;
    int r = rc_github_get_list(&runs, NULL, g->gh, path, "check_runs", 20, NULL, NULL);
    free(path);
    long http_status = rc_http_last_status(rc_github_http(g->gh));
    if (r == RC_ENOTFOUND || (r && http_status == 422)) {
        /* a commit GitHub does not have (local only; GitHub answers 404 or
         * 422 "No commit found for SHA"): no CI */
        cJSON_Delete(runs);
        rc_error_clear();
        *state = rc_xstrdup("none");
        return 0;
    }
    if (r)
        return r;
    const char *s = rc_ghsync_checks_state(runs);
    cJSON_Delete(runs);
    if (strcmp(s, "none") != 0) {
        *state = rc_xstrdup(s);
        return 0;
    }
    /* no check runs: the older commit status API */
    path = rc_xasprintf("/repos/%s/commits/%s/status", g->repo, sha);
    cJSON *st = NULL;
    r = rc_github_get(&st, g->gh, path);
    free(path);
    if (r == RC_ENOTFOUND || (r && rc_http_last_status(rc_github_http(g->gh)) == 422)) {
        rc_error_clear();
        *state = rc_xstrdup("none");
        return 0;
    }
    if (r)
        return r;
    const char *combined = jstr(st, "state");
    long total = jlong(st, "total_count");
    const cJSON *statuses = cJSON_GetObjectItemCaseSensitive(st, "statuses");
    if (total <= 0 && cJSON_GetArraySize(statuses) == 0)
        s = "none";
    else if (combined && strcmp(combined, "success") == 0)
        s = "success";
    else if (combined && (strcmp(combined, "failure") == 0 || strcmp(combined, "error") == 0))
        s = "failure";
    else
        s = "pending";
    cJSON_Delete(st);
    *state = rc_xstrdup(s);
    return 0;
}

static bool valid_sha(const char *s)
{
    if (!s || strlen(s) != 40)
        return false;
    for (const char *p = s; *p; p++)
        if (!isxdigit((unsigned char)*p))
            return false;
    return true;
}

static int fetch_ci(ghsync *g)
{
    progress(g, "GitHub: CI state");
    for (size_t i = 0; i < g->nbr + g->nrc; i++) {
        const char *sha = i < g->nbr ? g->br[i].head : g->rc_shas[i - g->nbr];
        if (!valid_sha(sha))
            continue;
        bool dup = false;
        for (size_t j = 0; j < g->nci; j++)
            dup |= strcmp(g->ci[j].sha, sha) == 0;
        if (dup)
            continue;
        char *state = NULL;
        int r = ci_of(&state, g, sha);
        if (r)
            return r;
        g->ci = rc_xrealloc(g->ci, (g->nci + 1) * sizeof *g->ci);
        g->ci[g->nci++] = (ci_row){rc_xstrdup(sha), state};
    }
    g->rep->ci = g->nci;
    got(g, "CI: %zu commits", g->nci);
    return 0;
}

/* ---- writing ---- */

static char *labels_json(const cJSON *pr)
{
    cJSON *a = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(pr, "labels"))
    {
        const char *n = jstr(it, "name");
        if (n)
            cJSON_AddItemToArray(a, cJSON_CreateString(n));
    }
    char *s = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    return s;
}

static int step_done(ghsync *g, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : rc_db_error(g->db, what);
}

static int write_prs(ghsync *g)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, g->db,
                          "INSERT OR REPLACE INTO prs(number, title, author, state, base, labels,"
                          " milestone, merged_at, merge_sha, body, url, updated_at)"
                          " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
    if (r)
        return r;
    const cJSON *pr;
    cJSON_ArrayForEach(pr, g->prs)
    {
        int64_t merged = jtime(pr, "merged_at");
        const char *state = merged ? "merged" : jstr(pr, "state");
        char *labels = labels_json(pr);
        sqlite3_bind_int64(st, 1, jlong(pr, "number"));
        rc_sql_bind_text(st, 2, jstr(pr, "title"));
        rc_sql_bind_text(st, 3, jpath(pr, "user", "login"));
        rc_sql_bind_text(st, 4, state);
        rc_sql_bind_text(st, 5, jpath(pr, "base", "ref"));
        rc_sql_bind_text(st, 6, labels);
        rc_sql_bind_text(st, 7, jpath(pr, "milestone", "title"));
        rc_sql_bind_time(st, 8, merged);
        rc_sql_bind_text(st, 9, merged ? jstr(pr, "merge_commit_sha") : NULL);
        rc_sql_bind_text(st, 10, jstr(pr, "body"));
        rc_sql_bind_text(st, 11, jstr(pr, "html_url"));
        rc_sql_bind_time(st, 12, jtime(pr, "updated_at"));
        r = step_done(g, st, "cannot write prs");
        free(labels);
        if (r)
            break;
    }
    sqlite3_finalize(st);
    if (r || !g->ndrop)
        return r;
    if ((r = rc_db_prepare(&st, g->db, "DELETE FROM prs WHERE number = ? AND merged_at IS NULL")))
        return r;
    for (size_t i = 0; i < g->ndrop && !r; i++) {
        sqlite3_bind_int64(st, 1, g->drop[i]);
        r = step_done(g, st, "cannot delete from prs");
        g->rep->prs_dropped += (size_t)sqlite3_changes(rc_db_handle(g->db));
    }
    sqlite3_finalize(st);
    return r;
}

static char *ints_json(const long *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v[i]));
    char *s = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    return s;
}

typedef struct {
    long comment_id, tracker;
    char *author, *body;
    rc_tracker_request req;
    int on_trunk; /* -1 unknown (no trunk PR) */
} request_row;

static int build_requests(ghsync *g, request_row **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    for (size_t i = 0; i < g->ntr; i++) {
        tracker_row *t = &g->tr[i];
        /* the issue body (check-box trackers keep their list there), then each comment */
        int n = cJSON_GetArraySize(t->comments);
        for (int c = -1; c < n; c++) {
            const cJSON *cm = c >= 0 ? cJSON_GetArrayItem(t->comments, c) : NULL;
            const char *body = cm ? jstr(cm, "body") : t->body;
            long id = cm ? jlong(cm, "id") : -t->number;
            if (!body || (cm && id <= 0))
                continue;
            request_row row = {.comment_id = id, .tracker = t->number, .on_trunk = -1};
            if (rc_tracker_parse(&row.req, body, g->repo) != 1)
                continue;
            const char *author = cm ? jpath(cm, "user", "login") : t->author;
            row.author = author ? rc_xstrdup(author) : NULL;
            row.body = rc_xstrdup(body);
            *out = rc_xrealloc(*out, (*nout + 1) * sizeof **out);
            (*out)[(*nout)++] = row;
        }
    }
    for (size_t i = 0; i < *nout; i++) {
        request_row *row = &(*out)[i];
        if (!row->req.n_trunk)
            continue;
        row->on_trunk = 1;
        for (size_t k = 0; k < row->req.n_trunk; k++) {
            bool merged = false;
            int r = trunk_merged(&merged, g, row->req.trunk[k]);
            if (r)
                return r;
            if (!merged)
                row->on_trunk = 0;
        }
    }
    return 0;
}

static void free_requests(request_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].author);
        free(rows[i].body);
        rc_tracker_request_free(&rows[i].req);
    }
    free(rows);
}

static int write_trackers(ghsync *g, request_row *rows, size_t nrows)
{
    int r = rc_db_exec(g->db, "DELETE FROM tracker_requests; DELETE FROM trackers;");
    if (r)
        return r;
    sqlite3_stmt *st;
    if ((r = rc_db_prepare(&st, g->db,
                           "INSERT INTO trackers(number, title, version, state, updated_at)"
                           " VALUES (?,?,?,?,?)")))
        return r;
    for (size_t i = 0; i < g->ntr && !r; i++) {
        sqlite3_bind_int64(st, 1, g->tr[i].number);
        rc_sql_bind_text(st, 2, g->tr[i].title);
        rc_sql_bind_text(st, 3, g->tr[i].version);
        rc_sql_bind_text(st, 4, g->tr[i].state);
        rc_sql_bind_time(st, 5, g->tr[i].updated_at);
        r = step_done(g, st, "cannot write trackers");
    }
    sqlite3_finalize(st);
    if (r)
        return r;
    if ((r = rc_db_prepare(&st, g->db,
                           "INSERT OR REPLACE INTO tracker_requests(comment_id, tracker, author,"
                           " trunk_prs, release_prs, category, checked, on_trunk, body)"
                           " VALUES (?,?,?,?,?,?,?,?,?)")))
        return r;
    for (size_t i = 0; i < nrows && !r; i++) {
        request_row *row = &rows[i];
        char *tj = ints_json(row->req.trunk, row->req.n_trunk);
        char *rj = ints_json(row->req.release, row->req.n_release);
        sqlite3_bind_int64(st, 1, row->comment_id);
        sqlite3_bind_int64(st, 2, row->tracker);
        rc_sql_bind_text(st, 3, row->author);
        rc_sql_bind_text(st, 4, tj);
        rc_sql_bind_text(st, 5, rj);
        rc_sql_bind_text(st, 6, row->req.category);
        if (row->req.checked >= 0)
            sqlite3_bind_int(st, 7, row->req.checked);
        else
            sqlite3_bind_null(st, 7);
        if (row->on_trunk >= 0)
            sqlite3_bind_int(st, 8, row->on_trunk);
        else
            sqlite3_bind_null(st, 8);
        rc_sql_bind_text(st, 9, row->body);
        r = step_done(g, st, "cannot write tracker_requests");
        free(tj);
        free(rj);
    }
    sqlite3_finalize(st);
    g->rep->trackers = g->ntr;
    g->rep->requests = nrows;
    return r;
}

static int write_ci(ghsync *g)
{
    sqlite3_stmt *a, *t, *b;
    int r = rc_db_prepare(
        &a, g->db, "INSERT OR REPLACE INTO ci_status(sha, state, updated_at) VALUES (?,?,?)");
    if (r)
        return r;
    if ((r = rc_db_prepare(&t, g->db, "UPDATE tags SET ci = ? WHERE sha = ?"))) {
        sqlite3_finalize(a);
        return r;
    }
    if ((r = rc_db_prepare(&b, g->db, "UPDATE branches SET ci = ? WHERE head_sha = ?"))) {
        sqlite3_finalize(a);
        sqlite3_finalize(t);
        return r;
    }
    int64_t now = (int64_t)time(NULL);
    for (size_t i = 0; i < g->nci && !r; i++) {
        sqlite3_bind_text(a, 1, g->ci[i].sha, -1, SQLITE_STATIC);
        sqlite3_bind_text(a, 2, g->ci[i].state, -1, SQLITE_STATIC);
        sqlite3_bind_int64(a, 3, now);
        r = step_done(g, a, "cannot write ci_status");
        for (int k = 0; k < 2 && !r; k++) {
            sqlite3_stmt *u = k ? b : t;
            sqlite3_bind_text(u, 1, g->ci[i].state, -1, SQLITE_STATIC);
            sqlite3_bind_text(u, 2, g->ci[i].sha, -1, SQLITE_STATIC);
            r = step_done(g, u, "cannot write the ci column");
        }
    }
    sqlite3_finalize(a);
    sqlite3_finalize(t);
    sqlite3_finalize(b);
    return r;
}

static int write_all(ghsync *g, request_row *rows, size_t nrows)
{
    int r = rc_db_begin(g->db);
    if (r)
        return r;
    if (!r)
        r = write_prs(g);
    if (!r)
        r = write_trackers(g, rows, nrows);
    if (!r)
        r = write_ci(g);
    for (size_t i = 0; i < g->nmeta && !r; i++)
        r = rc_db_meta_set(g->db, g->meta_k[i], g->meta_v[i]);
    if (!r) {
        char iso[21];
        rc_time_iso(iso, (int64_t)time(NULL));
        r = rc_db_meta_set(g->db, "github.synced_at", iso);
    }
    if (!r)
        r = rc_db_meta_set(g->db, "github.repo", g->repo);
    if (!r)
        r = rc_http_cache_flush(rc_github_http(g->gh));
    if (!r)
        r = rc_db_commit(g->db);
    if (r)
        rc_db_rollback(g->db);
    return r;
}

static void ghsync_free(ghsync *g)
{
    for (size_t i = 0; i < g->nbr; i++) {
        free(g->br[i].name);
        free(g->br[i].ref);
        free(g->br[i].head);
    }
    free(g->br);
    for (size_t i = 0; i < g->nrc; i++)
        free(g->rc_shas[i]);
    free(g->rc_shas);
    cJSON_Delete(g->prs);
    free(g->drop);
    for (size_t i = 0; i < g->ntr; i++) {
        tracker_row *t = &g->tr[i];
        free(t->title);
        free(t->version);
        free(t->state);
        free(t->author);
        free(t->body);
        cJSON_Delete(t->comments);
    }
    free(g->tr);
    for (size_t i = 0; i < g->nci; i++) {
        free(g->ci[i].sha);
        free(g->ci[i].state);
    }
    free(g->ci);
    for (size_t i = 0; i < g->nmeta; i++) {
        free(g->meta_k[i]);
        free(g->meta_v[i]);
    }
    free(g->meta_k);
    free(g->meta_v);
    rc_buf_free(&g->progress);
    free(g->stage);
    free(g->remote);
    rc_github_free(g->gh);
}

int rc_ghsync_run(rc_ghsync_report *out, rc_db *db, const rc_config *cfg, git_repository *repo,
                  const rc_ghsync_opts *opts)
{
    memset(out, 0, sizeof *out);
    ghsync g = {.db = db, .cfg = cfg, .opts = opts, .rep = out};
    g.main = rc_config_text(cfg, "relcap.mainBranch");
    g.remote = rc_xstrdup(rc_config_text(cfg, "relcap.remote"));
    rc_error_clear();
    rc_github_opts go = {.sleep_fn = opts ? opts->sleep_fn : NULL,
                         .sleep_ud = opts ? opts->sleep_ud : NULL};
    int r = rc_github_open(&g.gh, cfg, repo, db, &go);
    if (r) {
        out->failed_stage = rc_xstrdup("GitHub client set-up");
        out->progress = rc_xstrdup("nothing fetched");
        rc_error_wrap(r, "GitHub sync failed before fetching anything; the cache was left "
                         "unchanged");
        ghsync_free(&g);
        return r;
    }
    g.repo = rc_github_repo(g.gh);
    g.prs = cJSON_CreateObject();
    request_row *rows = NULL;
    size_t nrows = 0;

    set_stage(&g, "reading release branches and tags from the cache");
    r = load_refs(&g);
    if (!r)
        r = fetch_main_prs(&g);
    if (!r)
        r = fetch_release_prs(&g);
    if (!r)
        r = fetch_trackers(&g);
    if (!r) {
        set_stage(&g, "trunk PRs of tracker requests");
        r = build_requests(&g, &rows, &nrows);
    }
    if (!r)
        r = fetch_ci(&g);
    if (!r) {
        set_stage(&g, "writing the cache");
        progress(&g, "GitHub: writing the cache");
        r = write_all(&g, rows, nrows);
    }
    const rc_http_stats *hs = rc_http_stats_get(rc_github_http(g.gh));
    out->http_requests = hs->requests;
    out->not_modified = hs->not_modified;
    out->retries = hs->retries;
    out->rate_waits = hs->rate_waits;
    out->progress = rc_xstrdup(g.progress.len ? g.progress.ptr : "nothing fetched yet");
    if (r) {
        rc_http_cache_discard(rc_github_http(g.gh));
        out->failed_stage = rc_xstrdup(g.stage ? g.stage : "?");
        rc_error_wrap(r,
                      "GitHub sync of %s failed while fetching %s; the cache was left "
                      "unchanged (got this far: %.600s; %zu requests)",
                      g.repo, out->failed_stage, out->progress, hs->requests);
        out->prs_main = out->prs_release = out->prs_dropped = 0;
        out->trackers = out->requests = out->ci = 0;
    }
    free_requests(rows, nrows);
    ghsync_free(&g);
    return r;
}

void rc_ghsync_report_free(rc_ghsync_report *r)
{
    if (!r)
        return;
    free(r->failed_stage);
    free(r->progress);
    free(r->note);
    memset(r, 0, sizeof *r);
}
