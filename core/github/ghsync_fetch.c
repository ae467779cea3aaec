/* GitHub sync, fetch phase: reads the cache and GitHub, writes nothing. */
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/github/ghsync.h"
#include "core/github/github.h"
#include "core/github/github_internal.h"
#include "core/github/tracker.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---- reading what the git part stored ---- */

int ghsync_load_refs(ghsync *g)
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
        ghsync_branch *b = &g->br[g->nbr++];
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

char *ghsync_meta_get(ghsync *g, const char *key)
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
    return ghsync_jtime(cJSON_GetArrayItem(page, n - 1), "updated_at") >= ps->stop;
}

static void keep_pr(ghsync *g, const cJSON *pr)
{
    long num = ghsync_jlong(pr, "number");
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
    char *mark = use_mark ? ghsync_meta_get(g, meta_key) : NULL;
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
        int64_t u = ghsync_jtime(it, "updated_at");
        if (u > newest)
            newest = u;
    }
    if (newest > 0) {
        char iso[21];
        rc_time_iso(iso, newest);
        ghsync_meta_put(g, meta_key, iso);
    }
    return 0;
}

int ghsync_fetch_main_prs(ghsync *g)
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
    char *prev_cut = ghsync_meta_get(g, "github.pulls.main.cut");
    bool use_mark = !(prev_cut && atoll(prev_cut) > cut);
    free(prev_cut);
    char *key = rc_xasprintf("github.pulls.%s.updated", g->main);
    ghsync_stage(g, "PRs merged into %s", g->main);
    ghsync_progress(g, "GitHub: PRs merged into %s", g->main);
    cJSON *items = NULL;
    size_t pages = 0;
    int r = list_prs(&items, &pages, g, g->main, "closed", cut, key, use_mark);
    free(key);
    if (r)
        return r;
    char cutbuf[32];
    snprintf(cutbuf, sizeof cutbuf, "%lld", (long long)cut);
    ghsync_meta_put(g, "github.pulls.main.cut", cutbuf);
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        int64_t merged = ghsync_jtime(it, "merged_at");
        if (merged && merged >= cut) {
            keep_pr(g, it);
            g->rep->prs_main++;
        }
    }
    cJSON_Delete(items);
    ghsync_got(g, "PRs into %s: %zu pages, %zu merged since the cut", g->main, pages,
               g->rep->prs_main);
    return 0;
}

int ghsync_fetch_release_prs(ghsync *g)
{
    for (size_t i = 0; i < g->nbr; i++) {
        ghsync_branch *b = &g->br[i];
        bool dup = false;
        for (size_t j = 0; j < i; j++)
            dup |= strcmp(g->br[j].ref, b->ref) == 0;
        if (dup || b->eol)
            continue;
        ghsync_stage(g, "PRs on %s", b->ref);
        ghsync_progress(g, "GitHub: PRs on %s", b->ref);
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
            const char *state = ghsync_jstr(it, "state");
            if (ghsync_jtime(it, "merged_at") || (state && strcmp(state, "open") == 0)) {
                keep_pr(g, it);
                kept++;
            } else if (ghsync_jlong(it, "number") > 0) {
                g->drop = rc_xrealloc(g->drop, (g->ndrop + 1) * sizeof *g->drop);
                g->drop[g->ndrop++] = ghsync_jlong(it, "number");
            }
        }
        cJSON_Delete(items);
        g->rep->prs_release += kept;
        ghsync_got(g, "PRs on %s: %zu pages, %zu open or merged", b->ref, pages, kept);
    }
    return 0;
}

/* ---- trackers ---- */

static void add_tracker(ghsync *g, const cJSON *issue, const char *version)
{
    long num = ghsync_jlong(issue, "number");
    if (num <= 0 || cJSON_GetObjectItemCaseSensitive(issue, "pull_request"))
        return;
    for (size_t i = 0; i < g->ntr; i++)
        if (g->tr[i].number == num)
            return;
    g->tr = rc_xrealloc(g->tr, (g->ntr + 1) * sizeof *g->tr);
    ghsync_tracker *t = &g->tr[g->ntr++];
    memset(t, 0, sizeof *t);
    t->number = num;
    t->title = rc_xstrdup(ghsync_jstr(issue, "title") ? ghsync_jstr(issue, "title") : "");
    t->version = version ? rc_xstrdup(version) : NULL;
    t->state = rc_xstrdup(ghsync_jstr(issue, "state") ? ghsync_jstr(issue, "state") : "");
    t->author = ghsync_jpath(issue, "user", "login")
                    ? rc_xstrdup(ghsync_jpath(issue, "user", "login"))
                    : NULL;
    t->body = ghsync_jstr(issue, "body") ? rc_xstrdup(ghsync_jstr(issue, "body")) : NULL;
    t->updated_at = ghsync_jtime(issue, "updated_at");
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

typedef struct {
    const char *const *pats;
    size_t npats;
    size_t pages;
} tracker_search;

/* Trackers by label: every issue with it, a version when its title says one. */
static int trackers_by_label(ghsync *g, tracker_search *ts, const char *label)
{
    char *el = escape(label);
    char *path = rc_xasprintf("/repos/%s/issues?labels=%s&state=all&per_page=100", g->repo, el);
    free(el);
    cJSON *items = NULL;
    size_t pages = 0;
    int r = rc_github_get_list(&items, &pages, g->gh, path, NULL, MAX_LIST_PAGES, NULL, NULL);
    free(path);
    if (r)
        return r;
    ts->pages += pages;
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        char ver[128];
        bool m =
            rc_tracker_title_match(ver, sizeof ver, ghsync_jstr(it, "title"), ts->pats, ts->npats);
        add_tracker(g, it, m ? ver : NULL);
    }
    cJSON_Delete(items);
    return 0;
}

/* Trackers by title: one issue search per distinct phrase of the patterns. */
static int trackers_by_phrase(ghsync *g, tracker_search *ts, const char *phrase)
{
    char *q = rc_xasprintf("repo:%s is:issue in:title \"%s\"", g->repo, phrase);
    char *eq = escape(q);
    char *path = rc_xasprintf("/search/issues?q=%s&per_page=100", eq);
    free(q);
    free(eq);
    cJSON *items = NULL;
    size_t pages = 0;
    int r = rc_github_get_list(&items, &pages, g->gh, path, "items", 10, NULL, NULL);
    free(path);
    if (r)
        return r;
    ts->pages += pages;
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        char ver[128];
        if (rc_tracker_title_match(ver, sizeof ver, ghsync_jstr(it, "title"), ts->pats, ts->npats))
            add_tracker(g, it, ver);
    }
    cJSON_Delete(items);
    return 0;
}

static int trackers_by_title(ghsync *g, tracker_search *ts)
{
    char **done = NULL;
    size_t ndone = 0;
    int r = 0;
    for (size_t i = 0; i < ts->npats && !r; i++) {
        char *phrase = pattern_phrase(ts->pats[i]);
        bool seen = !*phrase;
        for (size_t j = 0; j < ndone; j++)
            seen |= strcmp(done[j], phrase) == 0;
        if (seen) {
            free(phrase);
            continue;
        }
        done = rc_xrealloc(done, (ndone + 1) * sizeof *done);
        done[ndone++] = phrase;
        r = trackers_by_phrase(g, ts, phrase);
    }
    rc_strv_free(done, ndone);
    return r;
}

static int tracker_comments(ghsync *g)
{
    for (size_t i = 0; i < g->ntr; i++) {
        ghsync_tracker *t = &g->tr[i];
        ghsync_stage(g, "comments of tracker #%ld", t->number);
        ghsync_progress(g, "GitHub: comments of tracker #%ld", t->number);
        char *path = rc_xasprintf("/repos/%s/issues/%ld/comments?per_page=100", g->repo, t->number);
        size_t pages = 0;
        int r =
            rc_github_get_list(&t->comments, &pages, g->gh, path, NULL, MAX_LIST_PAGES, NULL, NULL);
        free(path);
        if (r)
            return r;
        ghsync_got(g, "tracker #%ld: %d comments", t->number, cJSON_GetArraySize(t->comments));
    }
    return 0;
}

int ghsync_fetch_trackers(ghsync *g)
{
    tracker_search ts = {0};
    if (rc_config_multi(&ts.pats, &ts.npats, g->cfg, "relcap.trackerTitle") != 0) {
        rc_error_clear();
        ts.npats = 0;
    }
    const char *label = NULL;
    if (rc_config_string(&label, g->cfg, "relcap.trackerLabel") != 0)
        rc_error_clear();
    ghsync_stage(g, "release tracker issues");
    ghsync_progress(g, "GitHub: release tracker issues");
    int r = label && *label ? trackers_by_label(g, &ts, label) : 0;
    if (!r)
        r = trackers_by_title(g, &ts);
    if (r)
        return r;
    ghsync_got(g, "trackers: %zu found (%zu pages)", g->ntr, ts.pages);
    return tracker_comments(g);
}

/* Is PR n merged into main? From this run's PRs, the cache, or GitHub. */
static int trunk_merged(bool *out, ghsync *g, long n)
{
    char key[32];
    snprintf(key, sizeof key, "%ld", n);
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(g->prs, key);
    if (pr) {
        const char *base = ghsync_jpath(pr, "base", "ref");
        *out = ghsync_jtime(pr, "merged_at") && (!base || strcmp(base, g->main) == 0);
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
    ghsync_stage(g, "trunk PR #%ld", n);
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
    const char *base = ghsync_jpath(one, "base", "ref");
    *out = ghsync_jtime(one, "merged_at") && base && strcmp(base, g->main) == 0;
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
        const char *status = ghsync_jstr(it, "status");
        const char *concl = ghsync_jstr(it, "conclusion");
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
    ghsync_stage(g, "CI of %.12s", sha);
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
    const char *combined = ghsync_jstr(st, "state");
    long total = ghsync_jlong(st, "total_count");
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

int ghsync_fetch_ci(ghsync *g)
{
    ghsync_progress(g, "GitHub: CI state");
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
        g->ci[g->nci++] = (ghsync_ci){rc_xstrdup(sha), state};
    }
    g->rep->ci = g->nci;
    ghsync_got(g, "CI: %zu commits", g->nci);
    return 0;
}

/* ---- writing ---- */

int ghsync_build_requests(ghsync *g, ghsync_request **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    for (size_t i = 0; i < g->ntr; i++) {
        ghsync_tracker *t = &g->tr[i];
        /* the issue body (check-box trackers keep their list there), then each comment */
        int n = cJSON_GetArraySize(t->comments);
        for (int c = -1; c < n; c++) {
            const cJSON *cm = c >= 0 ? cJSON_GetArrayItem(t->comments, c) : NULL;
            const char *body = cm ? ghsync_jstr(cm, "body") : t->body;
            long id = cm ? ghsync_jlong(cm, "id") : -t->number;
            if (!body || (cm && id <= 0))
                continue;
            ghsync_request row = {.comment_id = id, .tracker = t->number, .on_trunk = -1};
            if (rc_tracker_parse(&row.req, body, g->repo) != 1)
                continue;
            const char *author = cm ? ghsync_jpath(cm, "user", "login") : t->author;
            row.author = author ? rc_xstrdup(author) : NULL;
            row.body = rc_xstrdup(body);
            *out = rc_xrealloc(*out, (*nout + 1) * sizeof **out);
            (*out)[(*nout)++] = row;
        }
    }
    for (size_t i = 0; i < *nout; i++) {
        ghsync_request *row = &(*out)[i];
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

void ghsync_requests_free(ghsync_request *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(rows[i].author);
        free(rows[i].body);
        rc_tracker_request_free(&rows[i].req);
    }
    free(rows);
}
