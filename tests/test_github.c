/* The HTTP and GitHub client pieces on their own: URL policy, Link
 * parsing, repository names from remote URLs, token sources, pagination
 * safety, write requests (204 answers) against the loopback server. */
#include "tests/testutil.h"
#include "tests/ghserver.h"

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/github/github.h"
#include "core/github/http.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void test_url_policy(void **state)
{
    assert_int_equal(rc_http_check_url("https://api.github.com"), 0);
    assert_int_equal(rc_http_check_url("https://ghe.example.com/api/v3/repos/o/r"), 0);
    assert_int_equal(rc_http_check_url("http://127.0.0.1:8080/x"), 0);
    assert_int_equal(rc_http_check_url("http://localhost/x"), 0);
    assert_int_equal(rc_http_check_url("http://[::1]:99/"), 0);
    assert_int_equal(rc_http_check_url("http://api.github.com"), RC_EUNSAFE);
    assert_non_null(strstr(rc_error_last(), "only https://"));
    assert_int_equal(rc_http_check_url("http://127.0.0.1@evil.example/"), RC_EUNSAFE);
    assert_int_equal(rc_http_check_url("http://127.0.0.2/"), RC_EUNSAFE);
    assert_int_equal(rc_http_check_url("ftp://127.0.0.1/"), RC_EUNSAFE);
    assert_int_equal(rc_http_check_url("file:///etc/passwd"), RC_EUNSAFE);
    assert_int_equal(rc_http_check_url(""), RC_EUNSAFE);

    char *o = rc_http_origin("https://API.github.com/repos/x?page=2");
    assert_string_equal(o, "https://api.github.com:443");
    free(o);
    o = rc_http_origin("http://127.0.0.1:5000/a");
    assert_string_equal(o, "http://127.0.0.1:5000");
    free(o);
}

static void test_link_next(void **state)
{
    char *n = rc_http_link_next(
        "<https://api.github.com/repositories/1/pulls?state=closed&base=main&per_page=2&page=2>;"
        " rel=\"next\", <https://api.github.com/repositories/1/pulls?page=9>; rel=\"last\"");
    assert_string_equal(n, "https://api.github.com/repositories/1/pulls?state=closed&base=main&"
                           "per_page=2&page=2");
    free(n);
    n = rc_http_link_next("<https://x/?page=1>; rel=\"prev\", <https://x/?page=3>; rel=\"next\"");
    assert_string_equal(n, "https://x/?page=3");
    free(n);
    n = rc_http_link_next("<https://x/?a=1,2>;rel=next");
    assert_string_equal(n, "https://x/?a=1,2");
    free(n);
    n = rc_http_link_next("<https://x/?page=4>; title=\"a\"; rel=\"last next\"");
    assert_string_equal(n, "https://x/?page=4");
    free(n);
    assert_null(rc_http_link_next("<https://x/?page=1>; rel=\"first\", <https://x/?page=9>; "
                                  "rel=\"last\""));
    assert_null(rc_http_link_next(""));
    assert_null(rc_http_link_next("garbage <unterminated"));
}

static void test_repo_from_url(void **state)
{
    const char *ok[][2] = {
        {"https://github.com/vllm-project/vllm.git", "vllm-project/vllm"},
        {"https://github.com/vllm-project/vllm", "vllm-project/vllm"},
        {"https://github.com/vllm-project/vllm-ascend/", "vllm-project/vllm-ascend"},
        {"https://user@github.com/O/R.git", "O/R"},
        {"git@github.com:vllm-project/vllm.git", "vllm-project/vllm"},
        {"ssh://git@github.com/pytorch/pytorch.git", "pytorch/pytorch"},
        {"ssh://git@ghe.example.com:2222/team/repo.name", "team/repo.name"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char *r = NULL;
        assert_int_equal(rc_github_repo_from_url(&r, ok[i][0]), 0);
        assert_string_equal(r, ok[i][1]);
        free(r);
    }
    const char *bad[] = {"https://github.com/onlyowner", "/local/path/repo", "file:///tmp/x/y/z",
                         "git@github.com:a/b/c.git", "https://github.com/o/r%20x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *r = NULL;
        assert_int_equal(rc_github_repo_from_url(&r, bad[i]), RC_EINVALID);
        assert_null(r);
    }
}

static rc_config *config(const char *a, const char *b, const char *c)
{
    const char *ov[3];
    size_t n = 0;
    if (a)
        ov[n++] = a;
    if (b)
        ov[n++] = b;
    if (c)
        ov[n++] = c;
    rc_config *cfg = NULL;
    assert_int_equal(rc_config_open(&cfg, NULL, ov, n), 0);
    return cfg;
}

/* The repository comes from relcap.github, else from relcap.remote's URL. */
static void test_repo_from_remote(void **state)
{
    tu_env e;
    tu_env_init(&e);
    git_repository *repo = tu_env_repo(&e, NULL, false);
    git_remote *rem = NULL;
    assert_int_equal(
        git_remote_create(&rem, repo, "upstream", "git@github.com:vllm-project/vllm.git"), 0);
    git_remote_free(rem);
    unsetenv("GH_TOKEN");
    unsetenv("GITHUB_TOKEN");
    rc_config *cfg = config("relcap.remote=upstream", NULL, NULL);
    rc_github *gh = NULL;
    assert_int_equal(rc_github_open(&gh, cfg, repo, NULL, NULL), 0);
    assert_string_equal(rc_github_repo(gh), "vllm-project/vllm");
    assert_string_equal(rc_github_api(gh), "https://api.github.com");
    assert_false(rc_github_has_token(gh));
    rc_github_free(gh);
    rc_config_free(cfg);

    cfg = config("relcap.remote=upstream", "relcap.github=me/fork",
                 "relcap.githubApi=https://ghe.example.com/api/v3/");
    assert_int_equal(rc_github_open(&gh, cfg, repo, NULL, NULL), 0);
    assert_string_equal(rc_github_repo(gh), "me/fork");
    char *u = rc_github_url(gh, "/repos/me/fork/pulls");
    assert_string_equal(u, "https://ghe.example.com/api/v3/repos/me/fork/pulls");
    free(u);
    rc_github_free(gh);
    rc_config_free(cfg);

    cfg = config("relcap.remote=nosuch", NULL, NULL);
    assert_int_equal(rc_github_open(&gh, cfg, repo, NULL, NULL), RC_ECONFIG);
    assert_non_null(strstr(rc_error_last(), "relcap.github"));
    assert_false(rc_github_configured(cfg, repo));
    rc_config_free(cfg);

    /* only GitHub hosts (github.com, or the API's own host) name a repository */
    const struct {
        const char *url, *api;
        bool ok;
    } hosts[] = {
        {"git@github.com:vllm-project/vllm.git", NULL, true},
        {"https://GitHub.com/vllm-project/vllm", NULL, true},
        {"https://gitlab.com/o/r.git", NULL, false},
        {"file:///srv/git/o/r", NULL, false},
        {"/srv/git/o/r.git", NULL, false},
        {"git@ghe.example.com:team/repo.git", "relcap.githubApi=https://ghe.example.com/api/v3",
         true},
        {"ssh://git@ghe.example.com:2222/team/repo.git",
         "relcap.githubApi=https://ghe.example.com/api/v3", true},
        {"git@ghe.example.com:team/repo.git", NULL, false},
    };
    for (size_t i = 0; i < sizeof hosts / sizeof *hosts; i++) {
        assert_int_equal(git_remote_set_url(repo, "upstream", hosts[i].url), 0);
        cfg = config("relcap.remote=upstream", hosts[i].api, NULL);
        if (rc_github_configured(cfg, repo) != hosts[i].ok)
            fail_msg("%s with %s", hosts[i].url, hosts[i].api ? hosts[i].api : "github.com");
        if (!hosts[i].ok) {
            assert_int_equal(rc_github_open(&gh, cfg, repo, NULL, NULL), RC_ECONFIG);
            assert_non_null(strstr(rc_error_last(), "set relcap.github"));
        }
        rc_config_free(cfg);
    }
    tu_env_clear(&e);
}

static void test_token_file_modes(void **state)
{
    unsetenv("GH_TOKEN");
    unsetenv("GITHUB_TOKEN");
    tu_env e;
    tu_env_init(&e);
    char *tf = tu_env_path(&e, "tok");
    char *key = rc_xasprintf("relcap.githubTokenFile=%s", tf);
    rc_config *cfg = config(key, NULL, NULL);
    char *tok = NULL;
    assert_int_equal(rc_github_token_load(&tok, cfg), RC_ECONFIG); /* missing */
    assert_non_null(strstr(rc_error_last(), tf));
    tu_write(tf, "secret-value\nsecond line ignored\n");
    const int refused[] = {0644, 0640, 0604, 0660, 0606};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        chmod(tf, (mode_t)refused[i]);
        assert_int_equal(rc_github_token_load(&tok, cfg), RC_ECONFIG);
        assert_null(tok);
        assert_non_null(strstr(rc_error_last(), "refusing token file"));
        assert_null(strstr(rc_error_last(), "secret-value"));
    }
    chmod(tf, 0600);
    assert_int_equal(rc_github_token_load(&tok, cfg), 0);
    assert_string_equal(tok, "secret-value");
    free(tok);
    chmod(tf, 0400);
    assert_int_equal(rc_github_token_load(&tok, cfg), 0);
    free(tok);
    chmod(tf, 0600);
    tu_write(tf, "  \n");
    assert_int_equal(rc_github_token_load(&tok, cfg), RC_ECONFIG);
    assert_non_null(strstr(rc_error_last(), "empty"));
    rc_config_free(cfg);

    cfg = config(NULL, NULL, NULL); /* no token anywhere: fine for reads */
    assert_int_equal(rc_github_token_load(&tok, cfg), 0);
    assert_null(tok);
    rc_config_free(cfg);
    free(key);
    free(tf);
    tu_env_clear(&e);
}

static rc_github *client_for(ghs_server *s)
{
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(s));
    rc_config *cfg = config(api, "relcap.github=o/r", "relcap.githubRetries=2");
    rc_github *gh = NULL;
    assert_int_equal(rc_github_open(&gh, cfg, NULL, NULL, NULL), 0);
    rc_config_free(cfg);
    free(api);
    return gh;
}

/* Link headers pointing elsewhere, or back to a page already read, stop
 * the listing with an error instead of leaking the token or looping. */
static void test_pagination_safety(void **state)
{
    setenv("GH_TOKEN", "tok-xyz", 1);
    ghs_server *s = ghs_start();
    ghs_add(s, &(ghs_route){.path = "/a",
                            .body = "[1]",
                            .headers = "Link: <https://evil.example/a?page=2>; rel=\"next\"\n"});
    ghs_add(s, &(ghs_route){.path = "/b",
                            .body = "[1]",
                            .headers = "Link: <{base}/b?page=2>; rel=\"next\"\n"});
    ghs_add(s, &(ghs_route){.path = "/b",
                            .query = "page=2",
                            .body = "[2]",
                            .headers = "Link: <{base}/b>; rel=\"next\"\n"});
    ghs_add(s, &(ghs_route){.path = "/c", .body = "{\"items\": 5}"});
    rc_github *gh = client_for(s);
    cJSON *out = NULL;
    assert_int_equal(rc_github_get_list(&out, NULL, gh, "/a", NULL, 10, NULL, NULL), RC_EUNSAFE);
    assert_null(out);
    assert_non_null(strstr(rc_error_last(), "evil.example"));
    assert_int_equal(rc_github_get_list(&out, NULL, gh, "/b", NULL, 10, NULL, NULL), RC_EINVALID);
    assert_non_null(strstr(rc_error_last(), "loops"));
    size_t pages = 0;
    assert_int_equal(rc_github_get_list(&out, &pages, gh, "/b", NULL, 1, NULL, NULL), RC_EINVALID);
    assert_non_null(strstr(rc_error_last(), "more than 1 pages"));
    assert_int_equal(rc_github_get_list(&out, NULL, gh, "/c", "items", 10, NULL, NULL),
                     RC_EINVALID);
    assert_int_equal(ghs_count_matching(s, "GET", "/b", NULL, 0), 3); /* no page twice */
    rc_github_free(gh);
    ghs_stop(s);
}

/* Write requests: JSON body, token required, 204 with no body (as a
 * workflow dispatch answers), 404 names the URL. */
static void test_send(void **state)
{
    ghs_server *s = ghs_start();
    ghs_add(s, &(ghs_route){.method = "POST",
                            .path = "/repos/o/r/actions/workflows/perf.yml/dispatches",
                            .status = 204});
    ghs_add(s, &(ghs_route){
                   .method = "PATCH", .path = "/repos/o/r/issues/1", .body = "{\"number\": 1}"});
    setenv("GH_TOKEN", "tok-xyz", 1);
    rc_github *gh = client_for(s);
    cJSON *resp = NULL;
    assert_int_equal(rc_github_send(&resp, gh, "POST",
                                    "/repos/o/r/actions/workflows/perf.yml/"
                                    "dispatches",
                                    "{\"ref\": \"main\", \"inputs\": {\"vllm_commit\": \"abc\"}}"),
                     0);
    assert_null(resp);
    assert_int_equal(rc_github_send(&resp, gh, "PATCH", "/repos/o/r/issues/1", "{}"), 0);
    assert_int_equal(cJSON_GetObjectItem(resp, "number")->valueint, 1);
    cJSON_Delete(resp);
    assert_int_equal(rc_github_send(NULL, gh, "DELETE", "/repos/o/r/nothing", NULL), RC_ENOTFOUND);
    assert_non_null(strstr(rc_error_last(), "DELETE "));
    assert_non_null(strstr(rc_error_last(), "/repos/o/r/nothing: HTTP 404"));
    const ghs_request *q = ghs_request_at(s, 0);
    assert_string_equal(q->body, "{\"ref\": \"main\", \"inputs\": {\"vllm_commit\": \"abc\"}}");
    /* a POST is not repeated after a 5xx: GitHub may have acted on it */
    ghs_add(s, &(ghs_route){.method = "POST",
                            .path = "/repos/o/r/issues/2/comments",
                            .status = 502,
                            .times = 1});
    ghs_add(s, &(ghs_route){.method = "POST",
                            .path = "/repos/o/r/issues/2/comments",
                            .status = 201,
                            .body = "{}"});
    assert_int_equal(rc_github_send(NULL, gh, "POST", "/repos/o/r/issues/2/comments", "{}"),
                     RC_ENET);
    assert_non_null(strstr(rc_error_last(), "HTTP 502"));
    assert_int_equal(ghs_count_matching(s, "POST", "/repos/o/r/issues/2/comments", NULL, 0), 1);
    assert_string_equal(q->authorization, "Bearer tok-xyz");
    char *d = rc_github_describe(gh, "POST", "/x", "{}");
    assert_null(strstr(d, "tok-xyz"));
    assert_non_null(strstr(d, "Authorization: Bearer ***"));
    free(d);
    rc_github_free(gh);

    unsetenv("GH_TOKEN");
    gh = client_for(s);
    size_t before = ghs_count(s);
    assert_int_equal(rc_github_send(NULL, gh, "POST", "/repos/o/r/issues/1/comments", "{}"),
                     RC_ECONFIG);
    assert_non_null(strstr(rc_error_last(), "no GitHub token"));
    assert_int_equal(ghs_count(s), before);
    rc_github_free(gh);
    ghs_stop(s);
}

/* Without a database the client still works (no conditional requests). */
static void test_get_without_cache(void **state)
{
    ghs_server *s = ghs_start();
    ghs_add(s, &(ghs_route){.path = "/x", .body = "{\"a\": 1}", .etag = "\"e\""});
    unsetenv("GH_TOKEN");
    rc_github *gh = client_for(s);
    for (int i = 0; i < 2; i++) {
        cJSON *j = NULL;
        assert_int_equal(rc_github_get(&j, gh, "/x"), 0);
        assert_int_equal(cJSON_GetObjectItem(j, "a")->valueint, 1);
        cJSON_Delete(j);
    }
    /* pending ETag from the first answer is used by the second request */
    assert_int_equal(ghs_count_matching(s, "GET", "/x", NULL, 304), 1);
    assert_null(ghs_request_at(s, 0)->authorization);
    rc_github_free(gh);
    ghs_stop(s);
}

/* Redirects: followed by relcap itself; on the same origin with the token,
 * to another host (artifact storage) without it, never to a refused URL,
 * at most 5 hops. */
static void test_redirects(void **state)
{
    ghs_server *a = ghs_start(), *b = ghs_start();
    char hdr[256];
    snprintf(hdr, sizeof hdr, "Location: %s/blob/7.zip?sig=abc\n", ghs_url(b));
    ghs_add(a, &(ghs_route){
                   .path = "/repos/o/r/actions/artifacts/7/zip", .status = 302, .headers = hdr});
    ghs_add(b, &(ghs_route){.path = "/blob/7.zip",
                            .query = "sig=abc",
                            .body = "PK\x03\x04zip",
                            .headers = "Content-Type: application/zip\n"});
    ghs_add(a, &(ghs_route){.path = "/repos/old/r",
                            .status = 301,
                            .headers = "Location: /repos/new/r\n",
                            .body = "{\"message\": \"Moved Permanently\"}"});
    ghs_add(a, &(ghs_route){.path = "/repos/new/r", .body = "{\"full_name\": \"new/r\"}"});
    ghs_add(a, &(ghs_route){
                   .path = "/bad", .status = 302, .headers = "Location: http://example.com/x\n"});
    ghs_add(a, &(ghs_route){.path = "/loop", .status = 307, .headers = "Location: /loop\n"});
    setenv("GH_TOKEN", "tok-xyz", 1);
    rc_github *gh = client_for(a);

    char *url = rc_github_url(gh, "/repos/o/r/actions/artifacts/7/zip");
    rc_http_response resp;
    assert_int_equal(rc_http_request(&resp, rc_github_http(gh), "GET", url, NULL, false), 0);
    free(url);
    assert_int_equal(resp.status, 200);
    assert_string_equal(resp.body, "PK\x03\x04zip");
    rc_http_response_free(&resp);
    assert_string_equal(ghs_request_at(a, 0)->authorization, "Bearer tok-xyz");
    assert_null(ghs_request_at(b, 0)->authorization);

    cJSON *j = NULL;
    assert_int_equal(rc_github_get(&j, gh, "/repos/old/r"), 0);
    assert_string_equal(cJSON_GetObjectItem(j, "full_name")->valuestring, "new/r");
    cJSON_Delete(j);
    assert_string_equal(ghs_request_at(a, 2)->path, "/repos/new/r");
    assert_string_equal(ghs_request_at(a, 2)->authorization, "Bearer tok-xyz");

    assert_int_equal(rc_github_get(&j, gh, "/bad"), RC_EUNSAFE);
    assert_non_null(strstr(rc_error_last(), "not following the redirect to http://example.com/x"));
    assert_int_equal(rc_github_get(&j, gh, "/loop"), RC_EUNSAFE);
    assert_non_null(strstr(rc_error_last(), "more than 5 redirects"));
    assert_int_equal(ghs_count_matching(a, "GET", "/loop", NULL, 307), 6);
    rc_github_free(gh);
    ghs_stop(a);
    ghs_stop(b);
}

/* A token with a line break would add headers of its own (header
 * injection): the client refuses it before any request. */
static void test_token_line_break_refused(void **state)
{
    (void)state;
    const char *bad[] = {"tok\r\nX-Injected: 1", "tok\nX-Injected: 1", "tok\r", NULL};
    for (const char **t = bad; *t; t++) {
        rc_http *h = NULL;
        rc_http_opts o = {.token = *t};
        assert_int_equal(rc_http_new(&h, &o), RC_ECONFIG);
        assert_null(h);
        assert_non_null(strstr(rc_error_last(), "line break"));
    }
    rc_http *h = NULL;
    rc_http_opts o = {.token = "tok-xyz"};
    assert_int_equal(rc_http_new(&h, &o), 0);
    rc_http_free(h);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_url_policy), cmocka_unit_test(test_link_next),
        cmocka_unit_test(test_repo_from_url), cmocka_unit_test(test_repo_from_remote),
        cmocka_unit_test(test_token_file_modes), cmocka_unit_test(test_pagination_safety),
        cmocka_unit_test(test_send), cmocka_unit_test(test_get_without_cache),
        cmocka_unit_test(test_redirects), cmocka_unit_test(test_token_line_break_refused))
