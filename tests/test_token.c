/* The GitHub token's life in relcap's memory and cache (SECURITY.md, "The
 * GitHub token").
 *
 * "Never stored": a response body that echoes the token is not cached,
 * while the same request without it is (so caching was on).
 *
 * "Wiped after use": every copy of the GitHub token that
 * relcap makes (the one read from the environment or the token file, the
 * file's whole contents, the HTTP client's own copy, each Authorization
 * header line) is overwritten before it is freed.
 *
 * This binary is linked with -Wl,--wrap=free (tests/CMakeLists.txt): every
 * free() called from relcap's own code (the static core libraries and this
 * file) goes through __wrap_free, which looks for the token in the block
 * about to be freed. A block still holding it is a copy freed unwiped; a
 * memset that the compiler dropped as a dead store before free() is caught
 * too, since the test runs the code as built. libcurl's copy of the header
 * list is freed inside libcurl (not wrapped): it is not relcap's to wipe. */
#include "tests/testutil.h"
#include "tests/ghserver.h"

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/github.h"
#include "core/github/http.h"

#include <cjson/cJSON.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TOKEN "ghp_wipeTest0123456789abcdefWIPE"

static bool watching;
static size_t frees, unwiped;

void __real_free(void *p);
void __wrap_free(void *p);
void __wrap_free(void *p)
{
    if (p && watching) {
        frees++;
        if (memmem(p, malloc_usable_size(p), TOKEN, strlen(TOKEN)))
            unwiped++;
    }
    __real_free(p);
}

static void watch(void)
{
    frees = unwiped = 0;
    watching = true;
}

/* The watcher sees relcap's frees and a copy freed unwiped: without this,
 * a wrapper that was never linked in would pass every test. */
static void test_detector_sees_a_copy(void **state)
{
    watch();
    char *copy = rc_xstrdup("Authorization: Bearer " TOKEN);
    free(copy);
    rc_buf b = {0};
    rc_buf_printf(&b, "x %s", TOKEN);
    rc_buf_free(&b); /* freed inside core/base */
    watching = false;
    assert_true(frees >= 2);
    assert_true(unwiped >= 2);
}

/* Opens a client on the loopback server, makes two requests (each builds
 * and frees an Authorization line), closes it; every free is watched. */
static void client_round_trip(const char *token_file)
{
    ghs_server *s = ghs_start();
    ghs_get(s, "/repos/o/r", NULL, "{\"full_name\": \"o/r\"}");
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(s));
    char *tf = token_file ? rc_xasprintf("relcap.githubTokenFile=%s", token_file) : NULL;
    const char *ov[] = {api, "relcap.github=o/r", tf};
    rc_config *cfg = NULL;
    if (rc_config_open(&cfg, NULL, ov, tf ? 3 : 2) != 0)
        fail_msg("config: %s", rc_error_last());

    watch();
    rc_github *gh = NULL;
    assert_int_equal(rc_github_open(&gh, cfg, NULL, NULL, NULL), 0);
    for (int i = 0; i < 2; i++) {
        cJSON *doc = NULL;
        assert_int_equal(rc_github_get(&doc, gh, "/repos/o/r"), 0);
        cJSON_Delete(doc);
    }
    rc_github_free(gh);
    watching = false;

    /* the token really travelled, so its copies existed */
    assert_int_equal(ghs_count(s), 2);
    assert_string_equal(ghs_request_at(s, 1)->authorization, "Bearer " TOKEN);
    assert_true(frees > 10);
    assert_int_equal(unwiped, 0);
    rc_config_free(cfg);
    free(api);
    free(tf);
    ghs_stop(s);
}

static void test_env_token_wiped(void **state)
{
    setenv("GH_TOKEN", TOKEN, 1);
    client_round_trip(NULL);
    unsetenv("GH_TOKEN");
}

/* The token file's whole contents (the token and whatever follows it) are
 * wiped as well as the token cut from them. */
static void test_file_token_wiped(void **state)
{
    unsetenv("GH_TOKEN");
    unsetenv("GITHUB_TOKEN");
    tu_env e;
    tu_env_init(&e);
    char *tf = tu_env_path(&e, "token");
    tu_write(tf, "  " TOKEN "  \n" TOKEN " on a second line\n");
    chmod(tf, 0600);
    client_round_trip(tf);
    free(tf);
    tu_env_clear(&e);
}

static void test_echo_not_cached(void **state)
{
    ghs_server *s = ghs_start();
    ghs_add(s, &(ghs_route){.path = "/repos/o/r/echo",
                            .etag = "\"e1\"",
                            .body = "{\"message\": \"your token is " TOKEN "\"}"});
    ghs_add(s, &(ghs_route){.path = "/repos/o/r/plain",
                            .etag = "\"e2\"",
                            .body = "{\"message\": \"cached-plain-body\"}"});
    tu_env e;
    tu_env_init(&e);
    rc_db *db = tu_env_db(&e, "cache.db");
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(s));
    const char *ov[] = {api, "relcap.github=o/r"};
    rc_config *cfg = NULL;
    assert_int_equal(rc_config_open(&cfg, NULL, ov, 2), 0);
    setenv("GH_TOKEN", TOKEN, 1);
    rc_github *gh = NULL;
    assert_int_equal(rc_github_open(&gh, cfg, NULL, db, NULL), 0);
    const char *paths[] = {"/repos/o/r/echo", "/repos/o/r/plain"};
    for (size_t i = 0; i < 2; i++) {
        cJSON *doc = NULL;
        assert_int_equal(rc_github_get(&doc, gh, paths[i]), 0);
        cJSON_Delete(doc);
    }
    assert_int_equal(rc_http_cache_flush(rc_github_http(gh)), 0);
    rc_github_free(gh);
    rc_db_free(db); /* checkpoints the WAL into the main file */
    e.db = NULL;
    assert_true(tu_file_has(e.dbpath, "cached-plain-body"));
    assert_false(tu_file_has(e.dbpath, TOKEN));
    unsetenv("GH_TOKEN");
    rc_config_free(cfg);
    free(api);
    tu_env_clear(&e);
    ghs_stop(s);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_detector_sees_a_copy),
        cmocka_unit_test(test_env_token_wiped), cmocka_unit_test(test_file_token_wiped),
        cmocka_unit_test(test_echo_not_cached))
