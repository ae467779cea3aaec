/* GitHub sync over real HTTP against the loopback server in ghserver.c:
 * a full sync, pagination, 304 reuse and incremental paging, every fault
 * the issue lists (after each: a clear error and the earlier cache exactly
 * as it was), the token kept out of the database, messages and output, and
 * the prs / tracker / gh commands on the result. */
#include "tests/testutil.h"
#include "tests/ghserver.h"

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/github/ghsync.h"
#include "core/github/github.h"
#include "core/github/http.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TOKEN "ghp_TESTtoken0123456789abcdefSECRET"
#define REPO "/repos/OWNER/REPO"
#define H1 "1111111111111111111111111111111111111111" /* release branch head */
#define T1 "2222222222222222222222222222222222222222" /* rc tag commit */
#define H5 "0000000000000000000000000000000000000005" /* a head only the local clone has */

typedef struct {
    int calls;
    double total, last;
} sleeper;

static void fake_sleep(void *ud, double s)
{
    sleeper *z = ud;
    z->calls++;
    z->total += s;
    z->last = s;
}

typedef struct {
    tu_env env; /* the cache DIR/cache.db */
    ghs_server *srv;
    sleeper z;
} fx;

static char *pr_json(long n, const char *state, const char *merged, const char *updated,
                     const char *base, const char *labels)
{
    return rc_xasprintf(
        "{\"number\": %ld, \"state\": \"%s\", \"title\": \"PR %ld\\u001b[31m title\","
        " \"user\": {\"login\": \"dev%ld\"}, \"body\": \"Body of %ld\","
        " \"labels\": [%s], \"milestone\": %s,"
        " \"created_at\": \"2026-09-01T00:00:00Z\", \"updated_at\": \"%s\","
        " \"closed_at\": %s%s%s, \"merged_at\": %s%s%s,"
        " \"merge_commit_sha\": \"%040ld\", \"base\": {\"ref\": \"%s\"},"
        " \"head\": {\"ref\": \"b%ld\", \"sha\": \"%040ld\"},"
        " \"html_url\": \"https://github.com/OWNER/REPO/pull/%ld\"}",
        n, state, n, n, n, labels ? labels : "", n % 2 ? "{\"title\": \"v0.9.2\"}" : "null",
        updated, merged ? "\"" : "", merged ? merged : "null", merged ? "\"" : "",
        merged ? "\"" : "", merged ? merged : "null", merged ? "\"" : "", n, base, n, n + 1, n);
}

static char *join3(char *a, char *b)
{
    char *s = rc_xasprintf("[%s,\n%s]", a, b);
    free(a);
    free(b);
    return s;
}

#define PULLS_NEXT(page)                                                                           \
    "Link: <{base}" REPO "/pulls?state=closed&base=main&sort=updated&direction=desc&per_page="     \
    "100&page=" #page ">; rel=\"next\", <{base}" REPO                                              \
    "/pulls?state=closed&base=main&sort=updated&direction=desc&per_page=100&page=3>; "             \
    "rel=\"last\"\n"
#define RATE_OK "X-RateLimit-Limit: 5000\nX-RateLimit-Remaining: 4990\nX-RateLimit-Reset: 1\n"

static const char comment_pytorch[] =
    "Link to landed trunk PR (if applicable):\\r\\n* "
    "https://github.com/OWNER/REPO/pull/20871/\\r\\n"
    "* #20874 (prerequisite)\\r\\n\\r\\nLink to release branch PR:\\r\\n"
    "* https://github.com/OWNER/REPO/pull/30001\\r\\n\\r\\nCriteria Category:\\r\\n"
    "Regression fix - crash in prefix caching";

/* The fixtures of a good sync. Faults are routes added before these (so
 * they win ties). */
static void add_fixtures(ghs_server *s)
{
    char *p1 = join3(pr_json(20871, "closed", "2026-11-01T09:58:44Z", "2026-11-05T00:00:00Z",
                             "main", "{\"name\": \"bug\"}, {\"name\": \"ready\"}"),
                     pr_json(20790, "closed", NULL, "2026-11-04T00:00:00Z", "main", NULL));
    char *p2 = join3(
        pr_json(20700, "closed", "2026-10-20T00:00:00Z", "2026-11-03T00:00:00Z", "main",
                "{\"name\": \"documentation\"}"),
        pr_json(20650, "closed", "2026-10-10T00:00:00Z", "2026-11-02T00:00:00Z", "main", NULL));
    char *p3 = join3(
        pr_json(20600, "closed", "2026-10-05T00:00:00Z", "2026-11-01T00:00:00Z", "main", NULL),
        pr_json(20500, "closed", "2026-09-20T00:00:00Z", "2026-10-15T00:00:00Z", "main", NULL));
    ghs_add(s, &(ghs_route){.path = REPO "/pulls",
                            .query = "base=main",
                            .body = p1,
                            .etag = "W/\"main-1\"",
                            .headers = PULLS_NEXT(2) RATE_OK});
    ghs_add(s, &(ghs_route){.path = REPO "/pulls",
                            .query = "base=main&page=2",
                            .body = p2,
                            .etag = "W/\"main-2\"",
                            .headers = PULLS_NEXT(3) RATE_OK});
    ghs_add(s, &(ghs_route){.path = REPO "/pulls",
                            .query = "base=main&page=3",
                            .body = p3,
                            .etag = "W/\"main-3\"",
                            .headers = RATE_OK});
    free(p1);
    free(p2);
    free(p3);

    char *a = pr_json(30001, "open", NULL, "2026-11-06T00:00:00Z", "releases/v0.9.2", NULL);
    char *b = pr_json(30002, "closed", "2026-11-06T00:00:00Z", "2026-11-06T00:00:00Z",
                      "releases/v0.9.2", NULL);
    char *c = pr_json(30003, "closed", NULL, "2026-11-05T00:00:00Z", "releases/v0.9.2", NULL);
    char *rel = rc_xasprintf("[%s, %s, %s]", a, b, c);
    ghs_add(s, &(ghs_route){.path = REPO "/pulls",
                            .query = "base=releases/v0.9.2",
                            .body = rel,
                            .etag = "\"rel-1\""});
    free(a);
    free(b);
    free(c);
    free(rel);
    /* an unmaintained branch: its PRs are synced, its older cut does not widen main's window */
    char *old = pr_json(30100, "open", NULL, "2026-11-02T00:00:00Z", "releases/v0.8.5", NULL);
    char *olds = rc_xasprintf("[%s]", old);
    ghs_get(s, REPO "/pulls", "base=releases/v0.8.5", olds);
    free(old);
    free(olds);
    char *single = pr_json(20874, "open", NULL, "2026-11-05T00:00:00Z", "main", NULL);
    ghs_add(s, &(ghs_route){.path = REPO "/pulls/20874", .body = single, .etag = "\"p20874\""});
    free(single);

    ghs_add(s, &(ghs_route){
                   .path = "/search/issues",
                   .etag = "\"search-1\"",
                   .body = "{\"total_count\": 2, \"incomplete_results\": false, \"items\": ["
                           "{\"number\": 500, \"title\": \"[v0.9.2] Release Tracker\","
                           " \"state\": \"open\", \"user\": {\"login\": \"captain\"},"
                           " \"body\": \"Requests go in comments.\\n- [x] #20700\\n\","
                           " \"updated_at\": \"2026-11-06T00:00:00Z\"},"
                           "{\"number\": 501, \"title\": \"Release Tracker ideas\","
                           " \"state\": \"open\", \"user\": {\"login\": \"x\"}, \"body\": null,"
                           " \"updated_at\": \"2026-11-06T00:00:00Z\"}]}"});
    char *c1 = rc_xasprintf(
        "[{\"id\": 9001, \"user\": {\"login\": \"alice\"}, \"body\": \"%s\"},"
        " {\"id\": 9002, \"user\": {\"login\": \"bob\"}, \"body\": \"LGTM, see #20871\"}]",
        comment_pytorch);
    ghs_add(s,
            &(ghs_route){.path = REPO "/issues/500/comments",
                         .query = "per_page=100",
                         .body = c1,
                         .etag = "\"c-1\"",
                         .headers = "Link: <{base}" REPO
                                    "/issues/500/comments?per_page=100&page=2>; rel=\"next\"\n"});
    free(c1);
    ghs_add(s, &(ghs_route){
                   .path = REPO "/issues/500/comments",
                   .query = "per_page=100&page=2",
                   .etag = "\"c-2\"",
                   .body = "[{\"id\": 9003, \"user\": {\"login\": \"carol\"}, \"body\": "
                           "\"- [ ] https://github.com/OWNER/REPO/pull/20650\\n- [x] #20999\"},"
                           " {\"id\": 9004, \"user\": {\"login\": \"dan\"}, \"body\": "
                           "\"**Link to landed trunk PR (if applicable):** "
                           "https://github.com/OWNER/REPO/pull/20871#issuecomment-1\\n"
                           "Link to release branch PR: #30002\\nCriteria Category: "
                           "Documentation\"}]"});
    ghs_add(s, &(ghs_route){.path = REPO "/commits/" H1 "/check-runs",
                            .etag = "\"ci-h1\"",
                            .body = "{\"total_count\": 2, \"check_runs\": ["
                                    "{\"status\": \"completed\", \"conclusion\": \"success\"},"
                                    "{\"status\": \"completed\", \"conclusion\": \"failure\"}]}"});
    /* a head GitHub does not have */
    ghs_add(s, &(ghs_route){.path = REPO "/commits/" H5 "/check-runs",
                            .status = 422,
                            .body = "{\"message\": \"No commit found for SHA: " H5 "\"}"});
    ghs_get(s, REPO "/commits/" T1 "/check-runs", NULL, "{\"total_count\": 0, \"check_runs\": []}");
    ghs_get(s, REPO "/commits/" T1 "/status", NULL,
            "{\"state\": \"success\", \"total_count\": 1, \"statuses\": [{\"state\": "
            "\"success\"}]}");
}

static int64_t when(const char *iso)
{
    int64_t t;
    assert_int_equal(rc_time_parse(&t, iso), 0);
    return t;
}

static fx *fx_new(void)
{
    fx *f = rc_xcalloc(1, sizeof *f);
    tu_env_init(&f->env);
    tu_env_db(&f->env, "cache.db");
    char *sql = rc_xasprintf(
        "INSERT INTO branches(name, version, status, head_sha, cut_sha, cut_date) VALUES"
        " ('releases/v0.9.2', '0.9.2', 'maintained', '%s', '%040d', %lld),"
        " ('releases/v0.8.0', '0.8.0', 'eol', NULL, NULL, %lld),"
        " ('releases/v0.8.5', '0.8.5', 'unmaintained', '%040d', NULL, %lld);"
        "INSERT INTO tags(name, version, release, sortkey, kind, sha) VALUES"
        " ('v0.9.2rc1', '0.9.2rc1', '0.9.2', 'k1', 'rc', '%s'),"
        " ('v0.9.1', '0.9.1', '0.9.1', 'k0', 'final', '%040d');",
        H1, 3, (long long)when("2026-10-01T00:00:00Z"), (long long)when("2026-01-01T00:00:00Z"), 5,
        (long long)when("2026-08-01T00:00:00Z"), T1, 4);
    assert_int_equal(rc_db_exec(f->env.db, sql), 0);
    free(sql);
    f->srv = ghs_start();
    add_fixtures(f->srv);
    setenv("GH_TOKEN", TOKEN, 1);
    unsetenv("GITHUB_TOKEN");
    return f;
}

static void fx_free(fx *f)
{
    ghs_stop(f->srv);
    tu_env_clear(&f->env);
    free(f);
}

/* Configuration pointing at the loopback server, plus extra -c values. */
static rc_config *cfg_for(fx *f, const char *extra1, const char *extra2)
{
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(f->srv));
    const char *ov[8] = {api, "relcap.github=OWNER/REPO", "relcap.githubRetries=2",
                         "relcap.githubRateWait=5", "relcap.httpTimeout=10"};
    size_t n = 5;
    if (extra1)
        ov[n++] = extra1;
    if (extra2)
        ov[n++] = extra2;
    rc_config *cfg = NULL;
    assert_int_equal(rc_config_open(&cfg, NULL, ov, n), 0);
    free(api);
    return cfg;
}

static int sync_with(fx *f, rc_ghsync_report *rep, const char *e1, const char *e2)
{
    rc_config *cfg = cfg_for(f, e1, e2);
    rc_ghsync_opts o = {.sleep_fn = fake_sleep, .sleep_ud = &f->z};
    int r = rc_ghsync_run(rep, f->env.db, cfg, NULL, &o);
    rc_config_free(cfg);
    return r;
}

/* Every cache table GitHub sync touches, as text. */
static char *snapshot(rc_db *db)
{
    static const char *const q[] = {
        "SELECT * FROM prs ORDER BY number",
        "SELECT * FROM trackers ORDER BY number",
        "SELECT * FROM tracker_requests ORDER BY comment_id",
        "SELECT * FROM ci_status ORDER BY sha",
        "SELECT * FROM meta ORDER BY key",
        "SELECT name, ci FROM branches ORDER BY name",
        "SELECT name, ci FROM tags ORDER BY name",
        "SELECT url, etag, hex(body), fetched_at FROM http_cache ORDER BY url",
    };
    rc_buf b = {0};
    for (size_t i = 0; i < sizeof q / sizeof *q; i++) {
        sqlite3_stmt *st;
        assert_int_equal(rc_db_prepare(&st, db, q[i]), 0);
        rc_buf_printf(&b, "== %s\n", q[i]);
        while (sqlite3_step(st) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(st); c++) {
                const char *v = (const char *)sqlite3_column_text(st, c);
                rc_buf_printf(&b, "%s|", v ? v : "NULL");
            }
            rc_buf_puts(&b, "\n");
        }
        sqlite3_finalize(st);
    }
    return rc_buf_detach(&b);
}

static void assert_text(rc_db *db, const char *sql, const char *want)
{
    char *v = tu_db_text(db, sql);
    if (!want) {
        assert_null(v);
        return;
    }
    if (!v || strcmp(v, want) != 0)
        fprintf(stderr, "%s -> %s, want %s\n", sql, v ? v : "NULL", want);
    assert_non_null(v);
    assert_string_equal(v, want);
    free(v);
}

static void test_full_sync(void **state)
{
    fx *f = fx_new();
    rc_ghsync_report rep;
    int r = sync_with(f, &rep, NULL, NULL);
    if (r)
        fprintf(stderr, "sync: %s\n", rc_error_last());
    assert_int_equal(r, 0);
    assert_null(rep.failed_stage);
    assert_int_equal(rep.prs_main, 4); /* 20871 20700 20650 20600; not 20790 (unmerged), 20500 */
    assert_int_equal(rep.prs_release, 3);
    assert_int_equal(rep.trackers, 1);
    assert_int_equal(rep.requests, 4); /* issue body, 9001, 9003, 9004 */
    assert_int_equal(rep.ci, 3);
    assert_int_equal(rep.not_modified, 0);
    rc_ghsync_report_free(&rep);

    /* pagination: three pages of PRs into main, two of comments */
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "base=main", 200), 3);
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "page=3", 200), 1);
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "sort=updated", 0), 5);
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "base=releases/v0.8.0", 0),
                     0); /* end of life */
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/issues/500/comments", NULL, 200), 2);
    /* the required headers on every request */
    for (size_t i = 0; i < ghs_count(f->srv); i++) {
        const ghs_request *q = ghs_request_at(f->srv, i);
        assert_string_equal(q->authorization, "Bearer " TOKEN);
        assert_string_equal(q->accept, "application/vnd.github+json");
        assert_string_equal(q->api_version, "2022-11-28");
        assert_non_null(q->user_agent);
        assert_memory_equal(q->user_agent, "relcap/", 7);
        assert_null(q->if_none_match);
    }

    rc_db *db = f->env.db;
    assert_text(db, "SELECT count(*) FROM prs WHERE base = 'main'", "5"); /* + 20874 */
    assert_text(db,
                "SELECT author || ' ' || state || ' ' || labels || ' ' || milestone FROM prs "
                "WHERE number = 20871",
                "dev20871 merged [\"bug\",\"ready\"] v0.9.2");
    assert_text(db, "SELECT merge_sha FROM prs WHERE number = 20871",
                "0000000000000000000000000000000000020871");
    assert_text(db, "SELECT state FROM prs WHERE number = 20874", "open");
    assert_text(db, "SELECT count(*) FROM prs WHERE number IN (20790, 20500, 30003)", "0");
    assert_text(db, "SELECT state FROM prs WHERE number = 30001", "open");
    assert_text(db, "SELECT state FROM prs WHERE number = 30002", "merged");
    assert_text(db, "SELECT version || ' ' || title FROM trackers",
                "0.9.2 [v0.9.2] Release Tracker");
    assert_text(db,
                "SELECT trunk_prs || ' ' || release_prs || ' ' || category || ' ' || on_trunk ||"
                " ' ' || author FROM tracker_requests WHERE comment_id = 9001",
                "[20871,20874] [30001] Regression fix - crash in prefix caching 0 alice");
    assert_text(db, "SELECT checked IS NULL FROM tracker_requests WHERE comment_id = 9001", "1");
    assert_text(db,
                "SELECT trunk_prs || ' ' || checked || ' ' || on_trunk FROM tracker_requests "
                "WHERE comment_id = 9003",
                "[20650,20999] 0 0");
    assert_text(db,
                "SELECT trunk_prs || release_prs || category || on_trunk FROM tracker_requests "
                "WHERE comment_id = 9004",
                "[20871][30002]Documentation1");
    assert_text(db,
                "SELECT trunk_prs || checked || on_trunk FROM tracker_requests "
                "WHERE comment_id = -500",
                "[20700]11");
    assert_text(db, "SELECT count(*) FROM tracker_requests WHERE comment_id = 9002", "0");
    assert_text(db, "SELECT state FROM ci_status WHERE sha = '" H1 "'", "failure");
    assert_text(db, "SELECT state FROM ci_status WHERE sha = '" T1 "'", "success");
    assert_text(db, "SELECT ci FROM branches WHERE name = 'releases/v0.9.2'", "failure");
    assert_text(db, "SELECT ci FROM tags WHERE name = 'v0.9.2rc1'", "success");
    assert_text(db, "SELECT ci FROM tags WHERE name = 'v0.9.1'", "none");
    assert_text(db, "SELECT ci FROM branches WHERE name = 'releases/v0.8.5'", "none");
    assert_text(db, "SELECT state FROM ci_status WHERE sha = '" H5 "'", "none");
    assert_text(db, "SELECT value FROM meta WHERE key = 'github.pulls.main.updated'",
                "2026-11-05T00:00:00Z");
    assert_text(db, "SELECT count(*) > 5 FROM http_cache", "1");
    fx_free(f);
}

/* The second sync sends If-None-Match, reuses the stored bodies on 304 and
 * stops paging PRs at the watermark: same cache, fewer requests. */
static void test_304_reuse_and_incremental(void **state)
{
    fx *f = fx_new();
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    rc_ghsync_report_free(&rep);
    char *before = snapshot(f->env.db);
    size_t n1 = ghs_count(f->srv);
    ghs_clear_log(f->srv);

    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    fprintf(stderr, "first sync: %zu requests; second: %zu requests, %zu answered 304\n", n1,
            rep.http_requests, rep.not_modified);
    assert_true(rep.not_modified >= 6);
    assert_int_equal(rep.not_modified, ghs_count_matching(f->srv, NULL, NULL, NULL, 304));
    assert_true(ghs_count(f->srv) < n1);
    rc_ghsync_report_free(&rep);
    /* page 1 of main answered 304 and was reused; its oldest PR is older
     * than the watermark, so pages 2 and 3 were not asked for */
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "base=main", 304), 1);
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "page=2", 0), 0);
    size_t with_inm = 0;
    for (size_t i = 0; i < ghs_count(f->srv); i++)
        with_inm += ghs_request_at(f->srv, i)->if_none_match != NULL;
    assert_true(with_inm >= 6);

    char *after = snapshot(f->env.db);
    /* same rows; only sync times differ */
    char *strip[] = {before, after};
    for (int k = 0; k < 2; k++) {
        char *m = strstr(strip[k], "github.synced_at|");
        assert_non_null(m);
        memset(m, '#', 38);
        for (char *c = strstr(strip[k], "== SELECT * FROM ci_status"); c && *c; c++) {
            if (strncmp(c, "== SELECT * FROM meta", 21) == 0)
                break;
            if (*c >= '0' && *c <= '9')
                *c = '0'; /* updated_at */
        }
        char *hc = strstr(strip[k], "== SELECT url, etag, hex(body)");
        if (hc)
            *hc = '\0'; /* fetched_at of http_cache */
    }
    assert_string_equal(before, after);
    free(before);
    free(after);
    fx_free(f);
}

/* Runs a sync that must fail with code and a message containing each of
 * the words, and checks that the cache is exactly as before. */
static void expect_failure(fx *f, const char *e1, const char *e2, int code,
                           const char *const *words)
{
    char *before = snapshot(f->env.db);
    rc_ghsync_report rep;
    int r = sync_with(f, &rep, e1, e2);
    const char *msg = rc_error_last();
    fprintf(stderr, "expected failure: %s\n", msg);
    assert_int_equal(r, code);
    assert_non_null(rep.failed_stage);
    assert_non_null(rep.progress);
    assert_non_null(strstr(msg, "the cache was left unchanged"));
    assert_null(strstr(msg, TOKEN));
    for (const char *const *w = words; *w; w++) {
        if (!strstr(msg, *w))
            fprintf(stderr, "missing '%s'\n", *w);
        assert_non_null(strstr(msg, *w));
    }
    rc_ghsync_report_free(&rep);
    char *after = snapshot(f->env.db);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

/* A good sync, then the fault route ahead of the fixtures. */
static fx *fx_faulty(const ghs_route *fault)
{
    fx *f = fx_new();
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    rc_ghsync_report_free(&rep);
    assert_text(f->env.db, "SELECT count(*) FROM prs", "8");
    ghs_clear_routes(f->srv);
    ghs_clear_log(f->srv);
    if (fault)
        ghs_add(f->srv, fault);
    add_fixtures(f->srv);
    f->z = (sleeper){0};
    return f;
}

static void test_rate_limit_long_is_a_clear_error(void **state)
{
    char hdr[256];
    int64_t reset = (int64_t)time(NULL) + 3600;
    snprintf(hdr, sizeof hdr,
             "X-RateLimit-Limit: 5000\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: %lld\n"
             "X-RateLimit-Resource: core\n",
             (long long)reset);
    fx *f = fx_faulty(&(ghs_route){
        .path = REPO "/pulls",
        .query = "base=main",
        .status = 403,
        .headers = hdr,
        .body = "{\"message\": \"API rate limit exceeded for user ID 1.\", \"status\": \"403\"}"});
    char day[21];
    rc_time_iso(day, reset);
    day[10] = ' ';
    day[13] = '\0'; /* "YYYY-MM-DD HH": robust against the second ticking */
    expect_failure(f, NULL, NULL, RC_ERATELIMIT,
                   (const char *[]){"rate limit", "retry after", day, "UTC",
                                    "relcap.githubRateWait", "PRs merged into main", NULL});
    assert_int_equal(f->z.calls, 0); /* did not wait an hour */
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/pulls", "base=main", 403), 1);
    fx_free(f);
}

static void test_rate_limit_short_waits(void **state)
{
    char hdr[256];
    snprintf(hdr, sizeof hdr,
             "X-RateLimit-Limit: 5000\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: %lld\n",
             (long long)time(NULL) + 2);
    fx *f = fx_faulty(&(ghs_route){.path = REPO "/pulls",
                                   .query = "base=main",
                                   .status = 403,
                                   .headers = hdr,
                                   .times = 1,
                                   .body = "{\"message\": \"API rate limit exceeded\"}"});
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    assert_int_equal(rep.rate_waits, 1);
    rc_ghsync_report_free(&rep);
    assert_int_equal(f->z.calls, 1);
    assert_true(f->z.last >= 1 && f->z.last <= 4);
    fx_free(f);
}

static void test_429_retry_after(void **state)
{
    fx *f = fx_faulty(&(ghs_route){.path = "/search/issues",
                                   .status = 429,
                                   .headers = "Retry-After: 3\n",
                                   .times = 1,
                                   .body = "{\"message\": \"You have exceeded a secondary rate "
                                           "limit.\"}"});
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    rc_ghsync_report_free(&rep);
    assert_int_equal(f->z.calls, 1);
    assert_true(f->z.last == 3.0);
    assert_int_equal(ghs_count_matching(f->srv, "GET", "/search/issues", NULL, 429), 1);
    fx_free(f);

    /* a Retry-After above relcap.githubRateWait is an error naming when */
    f = fx_faulty(&(ghs_route){
        .path = "/search/issues", .status = 429, .headers = "Retry-After: 900\n", .body = "{}"});
    expect_failure(f, NULL, NULL, RC_ERATELIMIT,
                   (const char *[]){"retry after", "in 900 s", "release tracker issues", NULL});
    fx_free(f);
}

static void test_500_then_success(void **state)
{
    fx *f = fx_faulty(&(ghs_route){.path = REPO "/issues/500/comments",
                                   .query = "per_page=100&page=2",
                                   .status = 500,
                                   .times = 1,
                                   .body = "{\"message\": \"Server Error\"}"});
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    assert_int_equal(rep.retries, 1);
    rc_ghsync_report_free(&rep);
    assert_int_equal(ghs_count_matching(f->srv, "GET", REPO "/issues/500/comments", "page=2", 500),
                     1);
    assert_int_equal(f->z.calls, 1); /* one backoff, with jitter: 0.25 .. 0.5 s */
    assert_true(f->z.last >= 0.25 && f->z.last <= 0.5);
    assert_text(f->env.db, "SELECT count(*) FROM tracker_requests", "4");
    fx_free(f);

    /* 500 for ever: relcap.githubRetries = 2 means three attempts, growing backoff */
    f = fx_faulty(&(ghs_route){.path = REPO "/commits/" H1 "/check-runs",
                               .status = 502,
                               .body = "{\"message\": \"Bad gateway\"}"});
    expect_failure(f, NULL, NULL, RC_ENET,
                   (const char *[]){"HTTP 502", "Bad gateway", "after 3 attempts", "CI of 111111",
                                    "got this far", NULL});
    assert_int_equal(
        ghs_count_matching(f->srv, "GET", REPO "/commits/" H1 "/check-runs", NULL, 502), 3);
    assert_int_equal(f->z.calls, 2);
    fx_free(f);
}

static void test_truncated_body(void **state)
{
    const char *body = "[{\"id\": 9001, \"user\": {\"login\": \"alice\"}, \"body\": \"x\"}]";
    fx *f = fx_faulty(&(ghs_route){.path = REPO "/issues/500/comments",
                                   .query = "per_page=100",
                                   .body = body,
                                   .declared_len = (long)strlen(body) + 400});
    expect_failure(f, NULL, NULL, RC_ENET,
                   (const char *[]){"truncated", "comments of tracker #500", NULL});
    fx_free(f);
}

static void test_invalid_json(void **state)
{
    fx *f = fx_faulty(&(ghs_route){.path = "/search/issues",
                                   .body = "{\"total_count\": 1, \"items\": [{\"number\": 5,"});
    expect_failure(f, NULL, NULL, RC_EINVALID,
                   (const char *[]){"invalid JSON", "/search/issues", NULL});
    fx_free(f);
}

static void test_slow_response_times_out(void **state)
{
    fx *f = fx_faulty(&(ghs_route){
        .path = REPO "/pulls", .query = "base=releases/v0.9.2", .body = "[]", .delay_ms = 2500});
    time_t t0 = time(NULL);
    expect_failure(f, "relcap.httpTimeout=1", "relcap.githubRetries=0", RC_ENET,
                   (const char *[]){"timed out", "relcap.httpTimeout", "releases/v0.9.2", NULL});
    assert_true(time(NULL) - t0 < 10);
    fx_free(f);
}

static void test_token_file(void **state)
{
    fx *f = fx_faulty(NULL);
    unsetenv("GH_TOKEN");
    char *tf = rc_xasprintf("%s/token", f->env.dir);
    tu_write(tf, "  ghp_FILEtoken42  \n");
    chmod(tf, 0644);
    char *key = rc_xasprintf("relcap.githubTokenFile=%s", tf);
    expect_failure(f, key, NULL, RC_ECONFIG,
                   (const char *[]){"refusing token file", "0644", "chmod 600", NULL});
    assert_int_equal(ghs_count(f->srv), 0); /* nothing was sent */

    chmod(tf, 0600);
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, key, NULL), 0);
    rc_ghsync_report_free(&rep);
    assert_string_equal(ghs_request_at(f->srv, 0)->authorization, "Bearer ghp_FILEtoken42");
    /* GH_TOKEN wins over GITHUB_TOKEN, which wins over the file */
    char *tok = NULL;
    rc_config *cfg = cfg_for(f, key, NULL);
    setenv("GITHUB_TOKEN", "from-github-token", 1);
    assert_int_equal(rc_github_token_load(&tok, cfg), 0);
    assert_string_equal(tok, "from-github-token");
    free(tok);
    setenv("GH_TOKEN", "from-gh-token", 1);
    assert_int_equal(rc_github_token_load(&tok, cfg), 0);
    assert_string_equal(tok, "from-gh-token");
    free(tok);
    rc_config_free(cfg);
    unsetenv("GITHUB_TOKEN");
    setenv("GH_TOKEN", TOKEN, 1);
    free(key);
    free(tf);
    fx_free(f);
}

/* A 200 that says the quota is used up stops the next request before it
 * is sent when the reset is far away. */
static void test_quota_exhausted_on_success(void **state)
{
    char hdr[256];
    snprintf(hdr, sizeof hdr,
             "X-RateLimit-Limit: 60\nX-RateLimit-Remaining: 0\nX-RateLimit-Reset: %lld\n"
             "X-RateLimit-Resource: core\n",
             (long long)time(NULL) + 1800);
    fx *f = fx_faulty(&(ghs_route){
        .path = REPO "/pulls", .query = "base=releases/v0.9.2", .body = "[]", .headers = hdr});
    expect_failure(f, NULL, NULL, RC_ERATELIMIT,
                   (const char *[]){"rate limit for core", "retry after", NULL});
    assert_int_equal(ghs_count_matching(f->srv, "GET", "/search/issues", NULL, 0), 0);
    fx_free(f);
}

static void assert_no_token_in_db_files(const char *dbpath)
{
    const char *suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char *p = rc_xasprintf("%s%s", dbpath, suffix[i]);
        if (tu_file_has(p, TOKEN))
            fail_msg("the token is in %s", p);
        free(p);
    }
}

static tu_result relcap(fx *f, const char *const *args)
{
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(f->srv));
    const char *argv[32] = {"--db", f->env.dbpath, "-c", api, "-c", "relcap.github=OWNER/REPO"};
    size_t n = 6;
    for (const char *const *a = args; *a && n < 31; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    const char *env[] = {"GH_TOKEN=" TOKEN, NULL};
    tu_result r = tu_relcap(f->env.dir, NULL, env, argv);
    free(api);
    return r;
}

static void assert_no_token_in(const tu_result *r)
{
    assert_null(strstr(r->out, TOKEN));
    assert_null(strstr(r->err, TOKEN));
}

/* Syncs that succeed and fail, commands that print and send: the token is
 * in none of the database files, messages or outputs. */
static void test_token_never_leaks(void **state)
{
    char echo[256];
    snprintf(echo, sizeof echo,
             "{\"message\": \"Bad credentials: token %s is not valid\", \"status\": \"401\"}",
             TOKEN);
    fx *f = fx_faulty(&(ghs_route){
        .path = REPO "/pulls", .query = "base=releases/v0.9.2", .status = 401, .body = echo});
    expect_failure(f, NULL, NULL, RC_ENET,
                   (const char *[]){"HTTP 401", "Bad credentials", "***", NULL});
    assert_no_token_in_db_files(f->env.dbpath);
    ghs_clear_routes(f->srv);
    add_fixtures(f->srv);
    rc_ghsync_report rep;
    assert_int_equal(sync_with(f, &rep, NULL, NULL), 0);
    rc_ghsync_report_free(&rep);

    const char *const cmds[][8] = {
        {"prs", "--json", NULL},
        {"tracker", "--json", NULL},
        {"gh", "comment", "0.9.2", "--body", "pick it", "--dry-run", NULL},
        {"gh", "label", "20871", "add", "backport", NULL}, /* 404 from the server */
    };
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        tu_result r = relcap(f, cmds[i]);
        assert_no_token_in(&r);
        tu_result_free(&r);
    }
    assert_no_token_in_db_files(f->env.dbpath);
    rc_db_free(f->env.db); /* checkpoint the WAL into the main file, then look again */
    f->env.db = NULL;
    assert_no_token_in_db_files(f->env.dbpath);
    assert_true(ghs_count(f->srv) > 0);
    fx_free(f);
}

static void test_commands(void **state)
{
    fx *f = fx_faulty(NULL);
    tu_result r = relcap(f, (const char *[]){"prs", "--json", NULL});
    assert_int_equal(r.status, 0);
    cJSON *a = cJSON_Parse(r.out);
    assert_true(cJSON_IsArray(a));
    assert_int_equal(cJSON_GetArraySize(a), 8);
    const cJSON *it, *pr = NULL;
    cJSON_ArrayForEach(it, a) if (cJSON_GetObjectItem(it, "number")->valueint == 20871) pr = it;
    assert_non_null(pr);
    assert_string_equal(cJSON_GetObjectItem(pr, "title")->valuestring, "PR 20871\x1b[31m title");
    assert_string_equal(cJSON_GetObjectItem(pr, "author")->valuestring, "dev20871");
    assert_string_equal(cJSON_GetObjectItem(pr, "state")->valuestring, "merged");
    assert_string_equal(cJSON_GetObjectItem(pr, "base")->valuestring, "main");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(pr, "labels"), 1)->valuestring,
                        "ready");
    assert_string_equal(cJSON_GetObjectItem(pr, "milestone")->valuestring, "v0.9.2");
    assert_string_equal(cJSON_GetObjectItem(pr, "merged_at")->valuestring, "2026-11-01T09:58:44Z");
    assert_string_equal(cJSON_GetObjectItem(pr, "merge_sha")->valuestring,
                        "0000000000000000000000000000000000020871");
    assert_string_equal(cJSON_GetObjectItem(pr, "url")->valuestring,
                        "https://github.com/OWNER/REPO/pull/20871");
    cJSON_Delete(a);
    tu_result_free(&r);

    r = relcap(f, (const char *[]){"prs", "--base", "releases/v0.9.2", "--json", NULL});
    assert_int_equal(r.status, 0);
    a = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetArraySize(a), 2);
    cJSON_Delete(a);
    tu_result_free(&r);

    /* text output is terminal-safe: the ESC in a title is gone */
    r = relcap(f, (const char *[]){"prs", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "#20871"));
    assert_null(strchr(r.out, '\x1b'));
    tu_result_free(&r);

    r = relcap(f, (const char *[]){"tracker", "v0.9.2", "--json", NULL});
    assert_int_equal(r.status, 0);
    a = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetArraySize(a), 4);
    const cJSON *req = NULL;
    cJSON_ArrayForEach(it, a) if (cJSON_GetObjectItem(it, "comment_id")->valueint == 9001) req = it;
    assert_non_null(req);
    assert_string_equal(cJSON_GetObjectItem(req, "author")->valuestring, "alice");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(req, "trunk_prs")), 2);
    assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(req, "release_prs"), 0)->valueint,
                     30001);
    assert_string_equal(cJSON_GetObjectItem(req, "category")->valuestring,
                        "Regression fix - crash in prefix caching");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(req, "checked")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(req, "on_trunk")));
    cJSON_Delete(a);
    tu_result_free(&r);

    r = relcap(f, (const char *[]){"tracker", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "NOT ON TRUNK"));
    tu_result_free(&r);
    r = relcap(f, (const char *[]){"tracker", "9.9.9", NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no release tracker for version 9.9.9"));
    tu_result_free(&r);

    /* actions: a dry run prints the exact request and sends nothing */
    ghs_clear_log(f->srv);
    r = relcap(f, (const char *[]){"gh", "comment", "0.9.2", "--body", "Picked \"#20871\"",
                                   "--dry-run", NULL});
    assert_int_equal(r.status, 0);
    char *line = rc_xasprintf("POST %s" REPO "/issues/500/comments\n", ghs_url(f->srv));
    assert_non_null(strstr(r.out, line));
    free(line);
    assert_non_null(strstr(r.out, "Authorization: Bearer ***\n"));
    assert_non_null(strstr(r.out, "X-GitHub-Api-Version: 2022-11-28\n"));
    assert_non_null(strstr(r.out, "{\"body\":\"Picked \\\"#20871\\\"\"}"));
    tu_result_free(&r);
    r = relcap(
        f, (const char *[]){"gh", "label", "#30001", "remove", "needs triage", "--dry-run", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "DELETE "));
    assert_non_null(strstr(r.out, REPO "/issues/30001/labels/needs%20triage\n"));
    tu_result_free(&r);
    assert_int_equal(ghs_count(f->srv), 0);

    /* for real */
    ghs_add(f->srv, &(ghs_route){.method = "POST",
                                 .path = REPO "/issues/500/comments",
                                 .status = 201,
                                 .body = "{\"id\": 9100, \"html_url\": "
                                         "\"https://github.com/OWNER/REPO/issues/500#issuecomment-"
                                         "9100\"}"});
    ghs_add(f->srv, &(ghs_route){.method = "POST",
                                 .path = REPO "/issues/30001/labels",
                                 .body = "[{\"name\": \"backport\"}]"});
    ghs_add(f->srv, &(ghs_route){.method = "DELETE",
                                 .path = REPO "/issues/30001/labels/backport",
                                 .body = "[]"});
    char *file = rc_xasprintf("%s/comment.md", f->env.dir);
    tu_write(file, "Picked into v0.9.2rc2.\n");
    r = relcap(f, (const char *[]){"gh", "comment", "v0.9.2", "--file", file, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "issuecomment-9100"));
    tu_result_free(&r);
    free(file);
    r = relcap(f, (const char *[]){"gh", "label", "30001", "add", "backport", NULL});
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    r = relcap(f, (const char *[]){"gh", "label", "30001", "remove", "backport", NULL});
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    assert_int_equal(ghs_count(f->srv), 3);
    const ghs_request *q = ghs_request_at(f->srv, 0);
    assert_string_equal(q->method, "POST");
    assert_string_equal(q->body, "{\"body\":\"Picked into v0.9.2rc2.\\n\"}");
    assert_string_equal(q->authorization, "Bearer " TOKEN);
    assert_string_equal(ghs_request_at(f->srv, 1)->body, "{\"labels\":[\"backport\"]}");
    assert_string_equal(ghs_request_at(f->srv, 2)->method, "DELETE");

    /* usage errors exit 2, an error from GitHub exits 1 and names it */
    r = relcap(f, (const char *[]){"gh", "label", "x", "add", "y", NULL});
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
    r = relcap(f, (const char *[]){"gh", "comment", "0.9.2", NULL});
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
    r = relcap(f, (const char *[]){"gh", "label", "31000", "add", "x", NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "HTTP 404"));
    tu_result_free(&r);
    fx_free(f);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_full_sync),
        cmocka_unit_test(test_304_reuse_and_incremental),
        cmocka_unit_test(test_rate_limit_long_is_a_clear_error),
        cmocka_unit_test(test_rate_limit_short_waits), cmocka_unit_test(test_429_retry_after),
        cmocka_unit_test(test_500_then_success), cmocka_unit_test(test_truncated_body),
        cmocka_unit_test(test_invalid_json), cmocka_unit_test(test_slow_response_times_out),
        cmocka_unit_test(test_token_file), cmocka_unit_test(test_quota_exhausted_on_success),
        cmocka_unit_test(test_token_never_leaks), cmocka_unit_test(test_commands))
