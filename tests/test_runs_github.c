/* Perf runs on a github node, against the loopback GitHub server
 * (tests/ghserver) and a second loopback server standing in for the blob
 * storage GitHub redirects log and artifact downloads to. */
#include "tests/runs_fixture.h"

#include "tests/ghserver.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

static fx_repo fx;
static ghs_server *gh;

/* ---- blob storage: serves /log.txt and /a.zip, remembers auth headers ---- */
static struct MHD_Daemon *blob;
static char blob_url[64];
static unsigned char *zip_bytes;
static size_t zip_len;
static int blob_requests, blob_with_auth;
static pthread_mutex_t blob_mu = PTHREAD_MUTEX_INITIALIZER;

static enum MHD_Result blob_handler(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version, const char *upload,
                                    size_t *upload_size, void **con_cls)
{
    (void)cls;
    (void)method;
    (void)version;
    (void)upload;
    (void)upload_size;
    (void)con_cls;
    pthread_mutex_lock(&blob_mu);
    blob_requests++;
    if (MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization"))
        blob_with_auth++;
    pthread_mutex_unlock(&blob_mu);
    struct MHD_Response *resp;
    unsigned status = 200;
    if (strcmp(url, "/a.zip") == 0) {
        resp = MHD_create_response_from_buffer(zip_len, zip_bytes, MHD_RESPMEM_PERSISTENT);
    } else if (strcmp(url, "/log.txt") == 0) {
        static const char log[] = "2026-11-23T10:00:00Z serving_llama8B_tp1: 5.5 req/s\n";
        resp = MHD_create_response_from_buffer(strlen(log), (void *)log, MHD_RESPMEM_PERSISTENT);
    } else {
        status = 404;
        resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    }
    enum MHD_Result r = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return r;
}

static void blob_start(void)
{
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    blob =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
                         NULL, blob_handler, NULL, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_END);
    assert_non_null(blob);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(blob, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(blob_url, sizeof blob_url, "http://127.0.0.1:%u", (unsigned)info->port);
}

/* ---- a one-file "stored" zip, written here so no zip tool is needed ---- */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void put16(rc_buf *b, unsigned v)
{
    unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};
    rc_buf_put(b, (const char *)x, 2);
}

static void put32(rc_buf *b, uint32_t v)
{
    put16(b, v & 0xFFFF);
    put16(b, v >> 16);
}

static void make_zip(const char *name, const char *data)
{
    rc_buf b = {0};
    size_t nl = strlen(name), dl = strlen(data);
    uint32_t crc = crc32_of((const unsigned char *)data, dl);
    put32(&b, 0x04034b50);
    put16(&b, 10), put16(&b, 0), put16(&b, 0), put16(&b, 0), put16(&b, 0x21);
    put32(&b, crc), put32(&b, (uint32_t)dl), put32(&b, (uint32_t)dl);
    put16(&b, (unsigned)nl), put16(&b, 0);
    rc_buf_put(&b, name, nl);
    rc_buf_put(&b, data, dl);
    size_t cd = b.len;
    put32(&b, 0x02014b50);
    put16(&b, 20), put16(&b, 10), put16(&b, 0), put16(&b, 0), put16(&b, 0), put16(&b, 0x21);
    put32(&b, crc), put32(&b, (uint32_t)dl), put32(&b, (uint32_t)dl);
    put16(&b, (unsigned)nl), put16(&b, 0), put16(&b, 0), put16(&b, 0), put16(&b, 0);
    put32(&b, 0), put32(&b, 0);
    rc_buf_put(&b, name, nl);
    size_t cdl = b.len - cd;
    put32(&b, 0x06054b50);
    put16(&b, 0), put16(&b, 0), put16(&b, 1), put16(&b, 1);
    put32(&b, (uint32_t)cdl), put32(&b, (uint32_t)cd), put16(&b, 0);
    zip_len = b.len;
    zip_bytes = (unsigned char *)rc_buf_detach(&b);
}

static const char *const env_token[] = {"GH_TOKEN=test-token-123", NULL};

static tu_result gh_relcap(const char *const *args)
{
    const char *argv[40];
    size_t n = 0;
    argv[n++] = "-C";
    argv[n++] = fx.repo;
    argv[n++] = "--db";
    argv[n++] = fx.db;
    for (size_t i = 0; args[i] && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    return tu_relcap(NULL, NULL, env_token, argv);
}

static int setup(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    fx_make(&fx, dir);
    free(dir);
    gh = ghs_start();
    blob_start();
    make_zip("results/serve_llama8B.json",
             "{\"backend\": \"vllm\", \"model_id\": \"meta-llama/Llama-3.1-8B-Instruct\", "
             "\"date\": \"github\", \"num_prompts\": 10, \"request_throughput\": 5.5, "
             "\"median_ttft_ms\": 12.5}\n");
    char *cfg = rc_xasprintf("[relcap]\n"
                             "\tgithub = o/r\n"
                             "\tgithubApi = %s\n"
                             "\tgithubRetries = 0\n"
                             "[relcap \"node.h100-gh\"]\n"
                             "\tbackend = github\n"
                             "\tkind = cuda\n"
                             "\tworkflow = perf.yml\n"
                             "\tref = main\n"
                             "\tartifact = perf-results\n",
                             ghs_url(gh));
    fx_config(&fx, cfg);
    free(cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ghs_stop(gh);
    MHD_stop_daemon(blob);
    free(zip_bytes);
    tu_rmtree(fx.dir);
    fx_free(&fx);
    return 0;
}

static char *iso_now(int64_t delta)
{
    char buf[21];
    rc_time_iso(buf, (int64_t)time(NULL) + delta);
    return rc_xstrdup(buf);
}

/* The runs list: an old run, another workflow's run, and the given ids
 * (created now) on perf.yml. */
static void route_runs_list(const int *ids, size_t n)
{
    char *now = iso_now(0), *old = iso_now(-86400);
    rc_buf b = {0};
    rc_buf_printf(&b,
                  "{\"total_count\": %zu, \"workflow_runs\": ["
                  "{\"id\": 4000, \"path\": \".github/workflows/perf.yml\", \"head_branch\": "
                  "\"main\", \"created_at\": \"%s\", \"status\": \"completed\"},"
                  "{\"id\": 4001, \"path\": \".github/workflows/lint.yml\", \"head_branch\": "
                  "\"main\", \"created_at\": \"%s\", \"status\": \"queued\"}",
                  n + 2, old, now);
    for (size_t i = 0; i < n; i++)
        rc_buf_printf(&b,
                      ",{\"id\": %d, \"path\": \".github/workflows/perf.yml\", \"head_branch\": "
                      "\"main\", \"created_at\": \"%s\", \"status\": \"queued\"}",
                      ids[i], now);
    rc_buf_puts(&b, "]}");
    char *body = rc_buf_detach(&b);
    ghs_route r = {
        .path = "/repos/o/r/actions/runs", .query = "event=workflow_dispatch", .body = body};
    ghs_add(gh, &r);
    free(body);
    free(now);
    free(old);
}

/* updated_at of the completed runs: when GitHub says they ended */
static char g_updated[21];

static void route_run(int id, const char *status, const char *conclusion, int times)
{
    char *path = rc_xasprintf("/repos/o/r/actions/runs/%d", id);
    rc_time_iso(g_updated, (int64_t)time(NULL) - 7);
    char *body = rc_xasprintf("{\"id\": %d, \"status\": \"%s\", \"conclusion\": %s%s%s, "
                              "\"updated_at\": \"%s\"}",
                              id, status, conclusion ? "\"" : "", conclusion ? conclusion : "null",
                              conclusion ? "\"" : "", g_updated);
    ghs_route r = {.path = path, .body = body, .times = times};
    ghs_add(gh, &r);
    free(path);
    free(body);
}

static void route_common(int id)
{
    ghs_route d = {.method = "POST",
                   .path = "/repos/o/r/actions/workflows/perf.yml/dispatches",
                   .status = 204};
    ghs_add(gh, &d);
    char *path = rc_xasprintf("/repos/o/r/actions/runs/%d/jobs", id);
    char *body = rc_xasprintf(
        "{\"total_count\": 1, \"jobs\": [{\"id\": %d77, \"name\": \"benchmark\", \"status\": "
        "\"completed\", \"conclusion\": \"success\", \"steps\": [{\"name\": \"Run vLLM "
        "benchmarks\", \"status\": \"completed\", \"conclusion\": \"success\"}]}]}",
        id);
    ghs_get(gh, path, NULL, body);
    free(path);
    free(body);
    path = rc_xasprintf("/repos/o/r/actions/jobs/%d77/logs", id);
    char *hdr = rc_xasprintf("Location: %s/log.txt\n", blob_url);
    ghs_route l = {.path = path, .status = 302, .headers = hdr};
    ghs_add(gh, &l);
    free(path);
    free(hdr);
    path = rc_xasprintf("/repos/o/r/actions/runs/%d/artifacts", id);
    body = rc_xasprintf("{\"total_count\": 1, \"artifacts\": [{\"id\": 9, \"name\": "
                        "\"perf-results\", \"expired\": false, \"archive_download_url\": "
                        "\"{base}/repos/o/r/actions/artifacts/9/zip\"}]}");
    ghs_get(gh, path, NULL, body);
    free(path);
    free(body);
    hdr = rc_xasprintf("Location: %s/a.zip\n", blob_url);
    ghs_route z = {.path = "/repos/o/r/actions/artifacts/9/zip", .status = 302, .headers = hdr};
    ghs_add(gh, &z);
    free(hdr);
}

static cJSON *start(const char *const *extra)
{
    const char *args[16] = {"run", "start", "h100-gh", "--json"};
    size_t n = 4;
    for (size_t i = 0; extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    tu_result r = gh_relcap(args);
    if (r.status != 0)
        fail_msg("run start: %s", r.err);
    cJSON *o = cJSON_Parse(r.out);
    tu_result_free(&r);
    assert_non_null(o);
    return o;
}

static cJSON *get_run(int64_t id)
{
    const char *args[] = {"run", "list", "--json", NULL};
    tu_result r = gh_relcap(args);
    cJSON *o = fx_run_listed(r.out, id);
    tu_result_free(&r);
    return o;
}

static const char *s_of(cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, k));
}

static tu_result follow(int64_t id)
{
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    const char *args[] = {"run", "log", ids, "--follow", NULL};
    return gh_relcap(args);
}

static bool have_unzip(void)
{
    const char *argv[] = {"sh", "-c", "command -v unzip", NULL};
    tu_result r = tu_run(NULL, NULL, NULL, argv);
    bool ok = r.status == 0;
    tu_result_free(&r);
    return ok;
}

static void test_github_succeeds_and_imports(void **state)
{
    (void)state;
    ghs_clear_routes(gh);
    int ids[] = {5001};
    route_runs_list(ids, 1);
    route_run(5001, "in_progress", NULL, 2);
    route_run(5001, "completed", "success", 0);
    route_common(5001);
    const char *extra[] = {"--branch", "releases/v0.9.2", "--test", "serve", NULL};
    cJSON *o = start(extra);
    assert_string_equal(s_of(o, "remote_id"), "5001");
    int64_t id = (int64_t)cJSON_GetObjectItem(o, "id")->valuedouble;
    cJSON_Delete(o);
    /* the dispatch: ref and vLLM's inputs, with the token */
    size_t n = ghs_count(gh);
    const ghs_request *disp = NULL;
    for (size_t i = 0; i < n; i++) {
        const ghs_request *q = ghs_request_at(gh, i);
        if (strcmp(q->method, "POST") == 0 && strstr(q->path, "/dispatches"))
            disp = q;
    }
    assert_non_null(disp);
    assert_string_equal(disp->authorization, "Bearer test-token-123");
    cJSON *body = cJSON_Parse(disp->body);
    assert_string_equal(s_of(body, "ref"), "main");
    cJSON *in = cJSON_GetObjectItem(body, "inputs");
    assert_string_equal(s_of(in, "vllm_branch"), "releases/v0.9.2");
    assert_string_equal(s_of(in, "vllm_commit"), fx.sha);
    cJSON_Delete(body);

    tu_result r = follow(id);
    if (r.status != 0)
        fail_msg("follow: %s %s", r.out, r.err);
    assert_non_null(strstr(r.out, "== job benchmark: completed success"));
    assert_non_null(strstr(r.out, "benchmark / Run vLLM benchmarks: completed success"));
    if (!strstr(r.out, "serving_llama8B_tp1: 5.5 req/s"))
        fail_msg("log not fetched: %s / %s", r.out, r.err);
    tu_result_free(&r);
    o = get_run(id);
    fx_expect_state(o, "succeeded", NULL);
    /* the end is GitHub's updated_at of the completed run, not the poll */
    assert_string_equal(s_of(o, "ended_at"), g_updated);
    cJSON *imp = cJSON_GetObjectItem(o, "imported");
    if (!have_unzip()) {
        /* relcap says so; the import itself went unchecked: a skip (fails under CI) */
        assert_non_null(strstr(s_of(imp, "error"), "unzip"));
        cJSON_Delete(o);
        tu_skip("unzip is not installed: artifact import not checked");
    }
    assert_int_equal(cJSON_GetObjectItem(imp, "files")->valueint, 1);
    assert_true(cJSON_GetObjectItem(imp, "results")->valueint > 0);
    cJSON_Delete(o);
    /* blob storage got requests, never the token */
    assert_true(blob_requests >= 2);
    assert_int_equal(blob_with_auth, 0);
    /* umask 000 (main): the fetched copies are private */
    char *dir = fx_assert_private_run_dir(&fx, id);
    char *zip = rc_xasprintf("%s/artifact.zip", dir);
    fx_assert_mode(zip, 0600);
    free(zip);
    free(dir);
}

static void test_github_fails(void **state)
{
    (void)state;
    ghs_clear_routes(gh);
    int ids[] = {5001, 5002};
    route_runs_list(ids, 2);
    route_run(5002, "completed", "failure", 0);
    route_common(5002);
    const char *extra[] = {"--tag", "v0.9.2rc1", NULL};
    cJSON *o = start(extra);
    assert_string_equal(s_of(o, "remote_id"), "5002"); /* 5001 is taken */
    int64_t id = (int64_t)cJSON_GetObjectItem(o, "id")->valuedouble;
    cJSON_Delete(o);
    tu_result r = follow(id);
    assert_int_equal(r.status, 1);
    tu_result_free(&r);
    o = get_run(id);
    fx_expect_state(o, "failed", "concluded failure");
    cJSON_Delete(o);
}

static void test_github_cancel_and_reattach(void **state)
{
    (void)state;
    ghs_clear_routes(gh);
    int ids[] = {5001, 5002, 5003};
    route_runs_list(ids, 3);
    route_run(5003, "in_progress", NULL, 0);
    route_common(5003);
    ghs_route c = {.method = "POST",
                   .path = "/repos/o/r/actions/runs/5003/cancel",
                   .status = 202,
                   .body = "{}"};
    ghs_add(gh, &c);
    const char *extra[] = {"--commit", fx.sha, NULL};
    cJSON *o = start(extra);
    int64_t id = (int64_t)cJSON_GetObjectItem(o, "id")->valuedouble;
    cJSON_Delete(o);
    /* relcap killed while following; the run is still there afterwards */
    char ids_s[32];
    snprintf(ids_s, sizeof ids_s, "%lld", (long long)id);
    const char *killed[] = {"env",      "GH_TOKEN=test-token-123",
                            "timeout",  "-s",
                            "KILL",     "1",
                            RELCAP_BIN, "-C",
                            fx.repo,    "--db",
                            fx.db,      "run",
                            "log",      ids_s,
                            "--follow", NULL};
    tu_result r = tu_run(NULL, NULL, NULL, killed);
    assert_int_equal(r.status, 137);
    tu_result_free(&r);
    o = get_run(id);
    fx_expect_state(o, "running", NULL);
    cJSON_Delete(o);
    const char *args[] = {"run", "cancel", ids_s, NULL};
    r = gh_relcap(args);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    assert_int_equal(
        ghs_count_matching(gh, "POST", "/repos/o/r/actions/runs/5003/cancel", NULL, 202), 1);
    o = get_run(id);
    fx_expect_state(o, "cancelled", NULL);
    cJSON_Delete(o);
}

static void test_github_lost_and_hostile(void **state)
{
    (void)state;
    ghs_clear_routes(gh);
    int ids[] = {5001, 5002, 5003, 5004};
    route_runs_list(ids, 4);
    route_common(5004);
    ghs_route nf = {.path = "/repos/o/r/actions/runs/5004",
                    .status = 404,
                    .body = "{\"message\": \"Not Found\"}"};
    ghs_add(gh, &nf);
    const char *extra[] = {"--tag", "v0.9.2rc1", NULL};
    cJSON *o = start(extra);
    int64_t id = (int64_t)cJSON_GetObjectItem(o, "id")->valuedouble;
    cJSON_Delete(o);
    const char *refresh[] = {"run", "refresh", NULL};
    tu_result r = gh_relcap(refresh);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    o = get_run(id);
    fx_expect_state(o, "lost", "no longer knows workflow run 5004");
    cJSON_Delete(o);

    size_t posts =
        ghs_count_matching(gh, "POST", "/repos/o/r/actions/workflows/perf.yml/dispatches", NULL, 0);
    const char *bad1[] = {"run", "start", "h100-gh", "--branch", "releases/v1$(touch${IFS}PWNED)",
                          NULL};
    r = gh_relcap(bad1);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "refusing {branch} value"));
    tu_result_free(&r);
    const char *bad2[] = {"run", "start", "h100-gh", "--branch", "v1;touch${IFS}PWNED", NULL};
    r = gh_relcap(bad2);
    assert_int_equal(r.status, 1);
    tu_result_free(&r);
    const char *bad3[] = {"run", "start", "h100-gh", "--tag", "v1\ntouch PWNED", NULL};
    r = gh_relcap(bad3);
    assert_int_equal(r.status, 1);
    tu_result_free(&r);
    assert_int_equal(
        ghs_count_matching(gh, "POST", "/repos/o/r/actions/workflows/perf.yml/dispatches", NULL, 0),
        posts);
}

static void test_github_check(void **state)
{
    (void)state;
    ghs_clear_routes(gh);
    ghs_get(gh, "/repos/o/r/actions/workflows/perf.yml", NULL,
            "{\"id\": 1, \"name\": \"vLLM perf\", \"state\": \"active\"}");
    const char *args[] = {"nodes", "--check", NULL};
    tu_result r = gh_relcap(args);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "reachable: yes (workflow vLLM perf in o/r (active))"));
    tu_result_free(&r);
}

int main(void)
{
    git_libgit2_init();
    /* every mode checked here is then set by relcap, not inherited */
    umask(0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_github_check),
        cmocka_unit_test(test_github_succeeds_and_imports),
        cmocka_unit_test(test_github_fails),
        cmocka_unit_test(test_github_cancel_and_reattach),
        cmocka_unit_test(test_github_lost_and_hostile),
    };
    int r = cmocka_run_group_tests(tests, setup, teardown);
    git_libgit2_shutdown();
    return r;
}
