/* Perf runs: quoting and template expansion, and the local backend end to
 * end through the relcap binary (start, follow, fail, cancel, re-attach,
 * lost, results imported, hostile names). `test_runs --make-repo DIR`
 * builds the fixture for the shell-driven ssh and slurm tests. */
#include "tests/runs_fixture.h"

#include "core/base/error.h"
#include "core/base/spawn.h"
#include "core/runs/runs.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

static fx_repo fx;

static const char node_cfg[] = "[relcap \"node.loc\"]\n"
                               "\tbackend = local\n"
                               "\tkind = cuda\n"
                               "\thardware = H100\n"
                               "\tcommand = %s\n"
                               "\tcommand = {run}\n"
                               "\tcommand = {commit}\n"
                               "\tcommand = {tag}\n"
                               "\tcommand = {branch}\n"
                               "\tcommand = {results}\n"
                               "\tcommand = {test}\n"
                               "\tenv = \"RC_NOTE=$(touch PWNED) ; `touch PWNED`\"\n"
                               "[relcap \"node.far\"]\n"
                               "\tbackend = ssh\n"
                               "\thost = 127.0.0.1\n"
                               "\tport = 1\n"
                               "\tcommand = %s\n"
                               "\tcommand = {branch}\n"
                               "\tcommand = {test}\n";

static int setup(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    fx_make(&fx, dir);
    free(dir);
    char *cfg = rc_xasprintf(node_cfg, fx.script, fx.script);
    fx_config(&fx, cfg);
    free(cfg);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(fx.dir);
    fx_free(&fx);
    return 0;
}

/* ---- quoting and expansion ---- */

static void test_shell_quote(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    const char *hostile[] = {"plain",
                             "it's",
                             "$(touch PWNED)",
                             "a\nb; touch PWNED",
                             "`touch PWNED`",
                             "'; touch PWNED; '",
                             "\\'\\\"",
                             "",
                             "*",
                             "--opt",
                             "${IFS}$HOME",
                             NULL};
    for (const char **h = hostile; *h; h++) {
        char *q = rc_run_shell_quote(*h);
        char *script = rc_xasprintf("printf %%s %s", q);
        const char *argv[] = {"sh", "-c", script, NULL};
        tu_result r = tu_run(dir, NULL, NULL, argv);
        assert_int_equal(r.status, 0);
        assert_string_equal(r.out, *h);
        tu_result_free(&r);
        free(script);
        free(q);
    }
    char *pwned = rc_xasprintf("%s/PWNED", dir);
    assert_int_not_equal(access(pwned, F_OK), 0);
    free(pwned);
    tu_rmtree(dir);
    free(dir);
}

static void test_value_safe(void **state)
{
    (void)state;
    assert_true(rc_run_value_safe("releases/v0.9.2"));
    assert_true(rc_run_value_safe("v0.9.2rc1"));
    assert_true(rc_run_value_safe("serving_llama8B_tp1_sharegpt,latency=2:x@y+z"));
    assert_false(rc_run_value_safe("releases/v1$(touch PWNED)"));
    assert_false(rc_run_value_safe("v1;touch PWNED"));
    assert_false(rc_run_value_safe("v1\ntouch"));
    assert_false(rc_run_value_safe("a b"));
    assert_false(rc_run_value_safe("it's"));
    assert_false(rc_run_value_safe("`x`"));
}

static void test_expand(void **state)
{
    (void)state;
    const char *tests[] = {"serve_a", "latency_b"};
    rc_run_vars v = {
        "abc123", "releases/v0.9.2", "v0.9.2rc1", "0.9.2", NULL, "/r/results", "7", tests, 2};
    const char *tmpl[] = {"bench",       "--commit={commit}", "{test}",          "--tests={test}",
                          "{results}/x", "{model}",           "v{release}-{run}"};
    rc_spawn_argv a;
    assert_int_equal(rc_run_expand(&a, tmpl, 7, &v, true), 0);
    assert_int_equal(a.n, 7);
    assert_string_equal(a.v[0], "bench");
    assert_string_equal(a.v[1], "--commit=abc123");
    assert_string_equal(a.v[2], "serve_a,latency_b");
    assert_string_equal(a.v[3], "--tests=serve_a,latency_b");
    assert_string_equal(a.v[4], "/r/results/x");
    assert_string_equal(a.v[5], "");
    assert_string_equal(a.v[6], "v0.9.2-7");
    assert_null(a.v[7]);
    rc_spawn_argv_free(&a);

    const char *bad[] = {"bench", "{nope}"};
    assert_int_equal(rc_run_expand(&a, bad, 2, &v, true), RC_ECONFIG);
    assert_non_null(strstr(rc_error_last(), "{nope}"));

    rc_run_vars hv = v;
    hv.branch = "v1;touch PWNED";
    const char *tb[] = {"bench", "--branch={branch}"};
    assert_int_equal(rc_run_expand(&a, tb, 2, &hv, true), RC_EUNSAFE);
    assert_non_null(strstr(rc_error_last(), "{branch}"));
    assert_non_null(strstr(rc_error_last(), "v1;touch PWNED"));
    /* local runs take it as one inert argument */
    assert_int_equal(rc_run_expand(&a, tb, 2, &hv, false), 0);
    assert_string_equal(a.v[1], "--branch=v1;touch PWNED");
    rc_spawn_argv_free(&a);

    const char *hostile_test[] = {"ok", "x\ntouch PWNED"};
    hv = v;
    hv.tests = hostile_test;
    const char *tt[] = {"{test}"};
    assert_int_equal(rc_run_expand(&a, tt, 1, &hv, true), RC_EUNSAFE);
    assert_non_null(strstr(rc_error_last(), "{test}"));
    assert_non_null(strstr(rc_error_last(), "x\\ntouch PWNED"));
}

/* The one process helper: argv (no shell), stdin, environment additions,
 * exit status, time limit, a missing program. */
static void test_spawn(void **state)
{
    (void)state;
    rc_spawn_result r;
    const char *const sh[] = {"sh", "-c", "cat; echo \"[$RELCAP_T]\" >&2; exit 3", NULL};
    const char *const env[] = {"RELCAP_T=a b;c", NULL};
    assert_int_equal(
        rc_spawn_run(&r, sh, &(rc_spawn_opts){.input = "in\n", .inlen = 3, .env = env}), 0);
    assert_int_equal(r.status, 3);
    assert_string_equal(r.out, "in\n");
    assert_int_equal(r.out_len, 3);
    assert_string_equal(r.err, "[a b;c]\n");
    rc_spawn_result_free(&r);
    assert_null(getenv("RELCAP_T")); /* only the child's environment */

    const char *const literal[] = {"echo", "$HOME;", "`id`", NULL};
    assert_int_equal(rc_spawn_run(&r, literal, NULL), 0);
    assert_string_equal(r.out, "$HOME; `id`\n");
    rc_spawn_result_free(&r);

    const char *const slow[] = {"sleep", "30", NULL};
    time_t t0 = time(NULL);
    assert_int_equal(rc_spawn_run(&r, slow, &(rc_spawn_opts){.timeout_s = 1}), 0);
    assert_int_equal(r.status, 124);
    assert_true(time(NULL) - t0 < 10);
    char *s = rc_spawn_summary(&r);
    assert_non_null(strstr(s, "timed out"));
    free(s);
    rc_spawn_result_free(&r);

    const char *const missing[] = {"relcap-no-such-program", NULL};
    assert_int_equal(rc_spawn_run(&r, missing, NULL), 0);
    assert_int_equal(r.status, 127);
    rc_spawn_result_free(&r);
}

/* ---- the local backend through the binary ---- */

static cJSON *run_json(int64_t id)
{
    const char *args[] = {"run", "list", "--json", NULL};
    tu_result r = fx_relcap(&fx, args);
    assert_int_equal(r.status, 0);
    cJSON *o = fx_run_listed(r.out, id);
    tu_result_free(&r);
    return o;
}

static const char *jstr(cJSON *o, const char *k)
{
    cJSON *v = cJSON_GetObjectItem(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Starts a run with extra args, returns its id. */
static int64_t start_run(const char *const *extra)
{
    const char *args[24] = {"run", "start", "loc", "--json"};
    size_t n = 4;
    for (size_t i = 0; extra[i]; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    tu_result r = fx_relcap(&fx, args);
    if (r.status != 0)
        fail_msg("run start failed: %s", r.err);
    cJSON *o = cJSON_Parse(r.out);
    assert_non_null(o);
    int64_t id = (int64_t)cJSON_GetObjectItem(o, "id")->valuedouble;
    cJSON_Delete(o);
    tu_result_free(&r);
    return id;
}

static tu_result follow(int64_t id)
{
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    const char *args[] = {"run", "log", ids, "--follow", NULL};
    return fx_relcap(&fx, args);
}

static int count_results(const char *sha)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(fx.db, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*) FROM bench_results WHERE commit_sha = ? "
                                        "AND hardware = 'H100'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

static void assert_no_pwned(void)
{
    const char *places[] = {fx.dir, fx.repo, NULL};
    for (const char **p = places; *p; p++) {
        char *f = rc_xasprintf("%s/PWNED", *p);
        assert_int_not_equal(access(f, F_OK), 0);
        free(f);
    }
    const char *args[] = {"find", fx.dir, "-name", "PWNED", NULL};
    tu_result r = tu_run(NULL, NULL, NULL, args);
    assert_string_equal(r.out, "");
    tu_result_free(&r);
}

static void test_local_succeeds_and_imports(void **state)
{
    (void)state;
    int before = count_results(fx.sha);
    const char *extra[] = {"--tag",  "v0.9.2rc1", "--test", "serve_llama8B",
                           "--test", "sleep=1",   NULL};
    int64_t id = start_run(extra);
    tu_result r = follow(id);
    assert_int_equal(r.status, 0);
    char *want = rc_xasprintf("commit=%s tag=v0.9.2rc1", fx.sha);
    assert_non_null(strstr(r.out, want));
    free(want);
    assert_non_null(strstr(r.out, "tests=serve_llama8B,sleep=1"));
    assert_non_null(strstr(r.out, "step 0"));
    assert_non_null(strstr(r.out, "finished"));
    /* the env template reached the command as inert text */
    assert_non_null(strstr(r.out, "note=$(touch PWNED) ; `touch PWNED`"));
    tu_result_free(&r);
    cJSON *o = run_json(id);
    fx_expect_state(o, "succeeded", NULL);
    assert_int_equal(cJSON_GetObjectItem(o, "exit_code")->valueint, 0);
    assert_string_equal(jstr(o, "commit"), fx.sha);
    assert_string_equal(jstr(o, "hardware"), "H100");
    cJSON *imp = cJSON_GetObjectItem(o, "imported");
    assert_non_null(imp);
    assert_int_equal(cJSON_GetObjectItem(imp, "files")->valueint, 1);
    assert_true(cJSON_GetObjectItem(imp, "results")->valueint > 0);
    cJSON_Delete(o);
    assert_true(count_results(fx.sha) > before);
    assert_no_pwned();
    /* umask 000 (main): the run directory is private, its files not writable by others */
    char *dir = fx_assert_private_run_dir(&fx, id);
    const char *files[] = {"log", "pid", "exit"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *p = rc_xasprintf("%s/%s", dir, files[i]);
        fx_assert_mode(p, 0644);
        free(p);
    }
    free(dir);
}

static void test_local_fails_with_exit_code(void **state)
{
    (void)state;
    const char *extra[] = {"--branch", "releases/v0.9.2", "--test", "exit=3", NULL};
    int64_t id = start_run(extra);
    tu_result r = follow(id);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.out, "branch=releases/v0.9.2"));
    assert_non_null(strstr(r.err, "failed"));
    tu_result_free(&r);
    cJSON *o = run_json(id);
    fx_expect_state(o, "failed", NULL);
    assert_int_equal(cJSON_GetObjectItem(o, "exit_code")->valueint, 3);
    assert_non_null(strstr(jstr(o, "reason"), "exit code 3"));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "imported")));
    cJSON_Delete(o);
}

static bool alive(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *s = NULL;
    if (rc_file_read(&s, NULL, path) != 0)
        return false;
    const char *rp = strrchr(s, ')');
    bool z = rp && (rp[2] == 'Z' || rp[2] == 'X');
    free(s);
    return !z;
}

static void test_local_cancel(void **state)
{
    (void)state;
    const char *extra[] = {"--commit", fx.sha, "--test", "sleep=60", NULL};
    int64_t id = start_run(extra);
    cJSON *o = run_json(id);
    fx_expect_state(o, "running", NULL);
    pid_t pid = (pid_t)atoi(jstr(o, "remote_id"));
    cJSON_Delete(o);
    assert_true(alive(pid));
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    const char *args[] = {"run", "cancel", ids, NULL};
    tu_result r = fx_relcap(&fx, args);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    for (int i = 0; i < 50 && alive(pid); i++)
        usleep(100000);
    assert_false(alive(pid));
    o = run_json(id);
    fx_expect_state(o, "cancelled", NULL);
    cJSON_Delete(o);
    /* a second cancel is refused: it already ended */
    r = fx_relcap(&fx, args);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "already"));
    tu_result_free(&r);
}

static void test_local_reattach_after_restart(void **state)
{
    (void)state;
    const char *extra[] = {"--tag", "v0.9.2rc1", "--test", "sleep=4", NULL};
    int64_t id = start_run(extra);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    /* relcap killed in the middle of following it */
    const char *killed[] = {"timeout", "-s",  "KILL", "1",   RELCAP_BIN, "-C",       fx.repo,
                            "--db",    fx.db, "run",  "log", ids,        "--follow", NULL};
    tu_result r = tu_run(NULL, NULL, NULL, killed);
    assert_int_equal(r.status, 128 + SIGKILL);
    tu_result_free(&r);
    const char *refresh[] = {"run", "refresh", "--json", NULL};
    r = fx_relcap(&fx, refresh);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    cJSON *o = run_json(id);
    fx_expect_state(o, "running", NULL);
    cJSON_Delete(o);
    /* a new relcap picks it up from the database and sees it through */
    r = follow(id);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "step 3"));
    assert_non_null(strstr(r.out, "finished"));
    tu_result_free(&r);
    o = run_json(id);
    fx_expect_state(o, "succeeded", NULL);
    assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "imported"), "files"));
    cJSON_Delete(o);
}

static void test_local_lost(void **state)
{
    (void)state;
    const char *extra[] = {"--tag", "v0.9.2rc1", "--test", "sleep=60", NULL};
    int64_t id = start_run(extra);
    cJSON *o = run_json(id);
    pid_t pid = (pid_t)atoi(jstr(o, "remote_id"));
    cJSON_Delete(o);
    /* the machine "forgets" it: the whole session dies without a trace */
    kill(-pid, SIGKILL);
    for (int i = 0; i < 50 && alive(pid); i++)
        usleep(100000);
    const char *refresh[] = {"run", "refresh", NULL};
    tu_result r = fx_relcap(&fx, refresh);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    o = run_json(id);
    fx_expect_state(o, "lost", "without recording an exit code");
    cJSON_Delete(o);
}

static int count_runs(void)
{
    const char *args[] = {"run", "list", "--json", NULL};
    tu_result r = fx_relcap(&fx, args);
    cJSON *a = cJSON_Parse(r.out);
    tu_result_free(&r);
    int n = cJSON_GetArraySize(a);
    cJSON_Delete(a);
    return n;
}

static void test_hostile_names(void **state)
{
    (void)state;
    /* A branch git accepts, run locally: one inert argument. */
    const char *extra[] = {"--branch", "releases/v1$(touch${IFS}PWNED)", NULL};
    int64_t id = start_run(extra);
    tu_result r = follow(id);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "branch=releases/v1$(touch${IFS}PWNED)"));
    tu_result_free(&r);
    const char *extra2[] = {"--branch", "v1;touch${IFS}PWNED", NULL};
    id = start_run(extra2);
    r = follow(id);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "branch=v1;touch${IFS}PWNED"));
    tu_result_free(&r);

    int runs = count_runs();
    /* Names git itself refuses cannot name a target. */
    const char *bad[][5] = {
        {"run", "start", "loc", "--branch", "v1;touch PWNED"},
        {"run", "start", "loc", "--branch", "releases/v1$(touch PWNED)"},
        {"run", "start", "loc", "--tag", "v1\ntouch PWNED"},
    };
    for (size_t i = 0; i < 3; i++) {
        const char *args[] = {bad[i][0], bad[i][1], bad[i][2], bad[i][3], bad[i][4], NULL};
        r = fx_relcap(&fx, args);
        assert_int_equal(r.status, 1);
        assert_non_null(strstr(r.err, "no "));
        tu_result_free(&r);
    }
    /* A node whose command reaches a remote shell refuses them before
     * connecting (port 1 is closed: nothing could have been sent). */
    const char *far[] = {"run", "start", "far", "--branch", "releases/v1$(touch${IFS}PWNED)", NULL};
    r = fx_relcap(&fx, far);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "refusing {branch} value 'releases/v1$(touch${IFS}PWNED)'"));
    tu_result_free(&r);
    const char *far2[] = {"run",       "start",  "far",           "--tag",
                          "v0.9.2rc1", "--test", "a;touch PWNED", NULL};
    r = fx_relcap(&fx, far2);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "refusing {test} value 'a;touch PWNED'"));
    tu_result_free(&r);
    assert_int_equal(count_runs(), runs);
    assert_no_pwned();
}

static void test_nodes(void **state)
{
    (void)state;
    const char *args[] = {"nodes", "--json", NULL};
    tu_result r = fx_relcap(&fx, args);
    assert_int_equal(r.status, 0);
    cJSON *a = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetArraySize(a), 2);
    assert_string_equal(jstr(cJSON_GetArrayItem(a, 0), "name"), "far");
    assert_string_equal(jstr(cJSON_GetArrayItem(a, 1), "backend"), "local");
    cJSON_Delete(a);
    tu_result_free(&r);

    const char *check[] = {"nodes", "--check", "--json", NULL};
    r = fx_relcap(&fx, check);
    assert_int_equal(r.status, 1); /* far is unreachable */
    a = cJSON_Parse(r.out);
    cJSON *farc = cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "check");
    cJSON *locc = cJSON_GetObjectItem(cJSON_GetArrayItem(a, 1), "check");
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(farc, "reachable")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(locc, "reachable")));
    const char *which[] = {"sh", "-c", "command -v nvidia-smi", NULL};
    tu_result w = tu_run(NULL, NULL, NULL, which);
    if (w.status != 0) {
        assert_false(cJSON_IsTrue(cJSON_GetObjectItem(locc, "gpu_tool")));
        assert_non_null(strstr(jstr(locc, "gpu_detail"), "no nvidia-smi on this node"));
    }
    tu_result_free(&w);
    cJSON_Delete(a);
    tu_result_free(&r);

    const char *unknown[] = {"run", "start", "nosuch", "--tag", "v0.9.2rc1", NULL};
    r = fx_relcap(&fx, unknown);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no node 'nosuch' (configured: "));
    assert_non_null(strstr(r.err, "far"));
    tu_result_free(&r);
}

/* A node's output is untrusted: `run log` prints it with no control. */
static void test_local_log_sanitized(void **state)
{
    (void)state;
    const char *extra[] = {"--tag", "v0.9.2rc1", "--test",
                           "log-visible \x1b]0;pwned\x07\x1b[2J\xc2\x9b"
                           "2J\x9b"
                           "31m\x07\x08 end",
                           NULL};
    int64_t id = start_run(extra);
    tu_result r = follow(id);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "tests=log-visible"));
    tu_no_controls("relcap run log --follow", r.out);
    tu_result_free(&r);
    char ids[32];
    snprintf(ids, sizeof ids, "%lld", (long long)id);
    r = fx_relcap(&fx, (const char *[]){"run", "log", ids, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "tests=log-visible"));
    tu_no_controls("relcap run log", r.out);
    tu_result_free(&r);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--make-repo") == 0) {
        git_libgit2_init();
        fx_repo f;
        rc_mkdirs(argv[2], 0755);
        fx_make(&f, argv[2]);
        printf("%s\n", f.sha);
        fx_free(&f);
        git_libgit2_shutdown();
        return 0;
    }
    git_libgit2_init();
    /* every mode checked here is then set by relcap, not inherited */
    umask(0);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shell_quote),
        cmocka_unit_test(test_value_safe),
        cmocka_unit_test(test_expand),
        cmocka_unit_test(test_spawn),
        cmocka_unit_test(test_nodes),
        cmocka_unit_test(test_local_succeeds_and_imports),
        cmocka_unit_test(test_local_fails_with_exit_code),
        cmocka_unit_test(test_local_cancel),
        cmocka_unit_test(test_local_reattach_after_restart),
        cmocka_unit_test(test_local_lost),
        cmocka_unit_test(test_hostile_names),
        cmocka_unit_test(test_local_log_sanitized),
    };
    int r = cmocka_run_group_tests(tests, setup, teardown);
    git_libgit2_shutdown();
    return r;
}
