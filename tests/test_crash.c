/* Crash safety: relcap sync, relcap pick apply and relcap bench import are
 * killed with SIGKILL at random points on the demo history. After every
 * kill the database passes PRAGMA integrity_check, opens, and holds every
 * triage decision and note made before; the repository is never left
 * mid-cherry-pick. RELCAP_CRASH_RUNS sets the number of kills (default 60). */
#include "tests/testutil.h"

#include "core/base/db.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *demo_dir, *db_path;
/* The release branch pick apply writes to, and where it stood. */
static char release_branch[256];
static git_oid release_tip;

static int setup(void **state)
{
    char *base = tu_mkdtemp();
    demo_dir = rc_xasprintf("%s/demo", base);
    db_path = rc_xasprintf("%s/cache.db", base);
    free(base);
    const char *demo[] = {"demo", demo_dir, "--no-ui", "--seed", "7", NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, demo);
    if (r.status != 0)
        fail_msg("relcap demo failed: %s", r.err);
    tu_result_free(&r);
    const char *sync[] = {"-C",   demo_dir,     "--db",       db_path,
                          "sync", "--no-fetch", "--git-only", NULL};
    r = tu_relcap(NULL, NULL, NULL, sync);
    if (r.status != 0)
        fail_msg("relcap sync failed: %s", r.err);
    tu_result_free(&r);
    return 0;
}

/* Starts relcap with argv and kills it after a random delay in [0, max_us). */
static int run_and_kill(const char *const *args, unsigned max_us)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", 1);
        dup2(null, 1);
        dup2(null, 2);
        size_t n = 0;
        while (args[n])
            n++;
        const char **argv = rc_xcalloc(n + 6, sizeof *argv);
        argv[0] = RELCAP_BIN;
        argv[1] = "-C";
        argv[2] = demo_dir;
        argv[3] = "--db";
        argv[4] = db_path;
        for (size_t i = 0; i < n; i++)
            argv[5 + i] = args[i];
        execv(RELCAP_BIN, (char *const *)argv);
        _exit(127);
    }
    usleep((useconds_t)(rand() % (int)max_us));
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    return WIFSIGNALED(st) ? 1 : 0; /* 1 when really killed mid-run */
}

static void check_state(int expected_decisions)
{
    rc_db *db;
    assert_int_equal(rc_db_open(&db, db_path), 0);
    sqlite3_stmt *st;
    assert_int_equal(rc_db_prepare(&st, db, "PRAGMA integrity_check"), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    assert_int_equal(
        rc_db_prepare(&st, db,
                      "SELECT count(*) FROM pick_decisions WHERE note LIKE 'crash-note-%'"),
        0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), expected_decisions);
    sqlite3_finalize(st);
    rc_db_free(db);

    git_repository *repo;
    assert_int_equal(git_repository_open(&repo, demo_dir), 0);
    assert_int_equal(git_repository_state(repo), GIT_REPOSITORY_STATE_NONE);
    git_oid id;
    assert_int_equal(git_reference_name_to_id(&id, repo, "HEAD"), 0);
    /* no lock file left behind that would block the next git operation */
    const char *locks[] = {"index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", NULL};
    for (const char **l = locks; *l; l++) {
        char *p = rc_xasprintf("%s/.git/%s", demo_dir, *l);
        if (access(p, F_OK) == 0)
            fail_msg("a kill left %s", p);
        free(p);
    }
    if (release_branch[0]) {
        char *p = rc_xasprintf("%s/.git/%s.lock", demo_dir, release_branch);
        if (access(p, F_OK) == 0)
            fail_msg("a kill left %s", p);
        free(p);
        git_commit *tip;
        assert_int_equal(git_reference_name_to_id(&id, repo, release_branch), 0);
        assert_int_equal(git_commit_lookup(&tip, repo, &id), 0); /* points at a whole commit */
        git_commit_free(tip);
        /* all approved picks or none: a killed apply never leaves half of them */
        size_t ahead = 0, behind = 0;
        assert_int_equal(git_graph_ahead_behind(&ahead, &behind, repo, &id, &release_tip), 0);
        if (behind != 0 || (ahead != 0 && ahead != (size_t)expected_decisions))
            fail_msg("release branch %zu ahead, %zu behind its start after a kill", ahead, behind);
    }
    git_repository_free(repo);
}

/* Approves a few clean pending picks with notes: the user data every kill
 * must keep, and the work `pick apply` has to do. */
static int approve_some(void)
{
    const char *list[] = {"-C",      demo_dir,  "--db",   db_path, "picks",
                          "--state", "pending", "--json", NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, list);
    assert_int_equal(r.status, 0);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    int made = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, doc)
    {
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(it, "sha");
        const cJSON *conflict = cJSON_GetObjectItemCaseSensitive(it, "conflict");
        if (made >= 4 || !cJSON_IsString(sha) || !cJSON_IsString(conflict) ||
            strcmp(conflict->valuestring, "clean") != 0)
            continue;
        char *note = rc_xasprintf("crash-note-%d", made);
        const char *ap[] = {"-C",      demo_dir,         "--db",   db_path, "pick",
                            "approve", sha->valuestring, "--note", note,    NULL};
        tu_result a = tu_relcap(NULL, NULL, NULL, ap);
        if (a.status != 0)
            fail_msg("pick approve failed: %s", a.err);
        tu_result_free(&a);
        free(note);
        made++;
    }
    cJSON_Delete(doc);
    tu_result_free(&r);
    assert_true(made > 0);
    return made;
}

static void remember_release(void)
{
    const char *list[] = {"-C", demo_dir, "--db", db_path, "branches", "--json", NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, list);
    assert_int_equal(r.status, 0);
    cJSON *doc = cJSON_Parse(r.out);
    const cJSON *it;
    cJSON_ArrayForEach(it, doc)
    {
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "status");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
        /* newest first: the first maintained branch is the newest line */
        if (!release_branch[0] && cJSON_IsString(st) && !strcmp(st->valuestring, "maintained") &&
            cJSON_IsString(name))
            snprintf(release_branch, sizeof release_branch, "refs/heads/%s", name->valuestring);
    }
    cJSON_Delete(doc);
    tu_result_free(&r);
    assert_true(release_branch[0]);
    git_repository *repo;
    assert_int_equal(git_repository_open(&repo, demo_dir), 0);
    assert_int_equal(git_reference_name_to_id(&release_tip, repo, release_branch), 0);
    git_repository_free(repo);
}

/* Puts the release branch back where it was, so every apply has picks to make. */
static void reset_release(void)
{
    git_repository *repo;
    git_reference *ref;
    assert_int_equal(git_repository_open(&repo, demo_dir), 0);
    assert_int_equal(git_reference_create(&ref, repo, release_branch, &release_tip, 1, NULL), 0);
    git_reference_free(ref);
    git_repository_free(repo);
}

/* Microseconds one run of args takes, to spread the kills over its life. */
static unsigned duration_us(const char *const *args)
{
    size_t n = 0;
    while (args[n])
        n++;
    const char **argv = rc_xcalloc(n + 5, sizeof *argv);
    argv[0] = "-C";
    argv[1] = demo_dir;
    argv[2] = "--db";
    argv[3] = db_path;
    memcpy(argv + 4, args, n * sizeof *argv);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    tu_result r = tu_relcap(NULL, NULL, NULL, argv);
    clock_gettime(CLOCK_MONOTONIC, &b);
    tu_result_free(&r);
    free(argv);
    long us = (b.tv_sec - a.tv_sec) * 1000000L + (b.tv_nsec - a.tv_nsec) / 1000;
    return us < 2000 ? 2000 : (unsigned)us;
}

static void test_kills(void **state)
{
    const char *runs_env = getenv("RELCAP_CRASH_RUNS");
    int runs = runs_env ? atoi(runs_env) : 60;
    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    remember_release();
    int decisions = approve_some();
    check_state(decisions);
    char *bench_dir = rc_xasprintf("%s/.relcap-demo/bench/v0.9.1/H100", demo_dir);
    const char *sync[] = {"sync", "--no-fetch", "--git-only", NULL};
    const char *apply[] = {"pick", "apply", NULL};
    /* a new --model each time makes a new import key, so every import has work */
    char model[32] = "crash0";
    const char *import[] = {"bench",      "import", bench_dir, "--tag", "v0.9.1",
                            "--hardware", "H100",   "--model", model,   NULL};
    const char *clear[] = {"cache", "clear", NULL};
    const char *const *cmds[] = {sync, apply, import, clear};
    const char *names[] = {"sync", "pick apply", "bench import", "cache clear"};
    unsigned dur[4];
    for (int c = 0; c < 4; c++) {
        dur[c] = duration_us(cmds[c]);
        if (c == 1) { /* an apply left alone makes every approved pick */
            git_repository *repo;
            git_oid tip;
            size_t ahead = 0, behind = 0;
            assert_int_equal(git_repository_open(&repo, demo_dir), 0);
            assert_int_equal(git_reference_name_to_id(&tip, repo, release_branch), 0);
            assert_int_equal(git_graph_ahead_behind(&ahead, &behind, repo, &tip, &release_tip), 0);
            git_repository_free(repo);
            assert_int_equal(ahead, (size_t)decisions);
            reset_release();
        }
        if (c == 3)
            duration_us(sync);
    }
    int killed[4] = {0}, tried[4] = {0};
    for (int i = 0; i < runs; i++) {
        int c = i % 4;
        snprintf(model, sizeof model, "crash%d", i);
        if (c == 1) /* apply needs the branches in the cache */
            duration_us(sync);
        tried[c]++;
        killed[c] += run_and_kill(cmds[c], dur[c] + dur[c] / 5);
        check_state(decisions);
        if (c == 1)
            reset_release();
    }
    int total = 0;
    for (int c = 0; c < 4; c++) {
        print_message("crash: %-12s %2d runs, %2d killed mid-run (a run takes %u ms)\n", names[c],
                      tried[c], killed[c], dur[c] / 1000);
        total += killed[c];
    }
    print_message("crash: %d runs (seed %u), %d killed mid-run, database intact and all %d "
                  "decisions with notes kept after each, repository never mid-operation\n",
                  runs, seed, total, decisions);
    assert_true(total > runs / 3);
    free(bench_dir);
}

/* Perf-run import: a finished run's results are imported by `relcap run
 * refresh`; killing it mid-import must leave the run importable by the next
 * refresh, with every decision kept. */
static void test_run_import_kills(void **state)
{
    const char *runs_env = getenv("RELCAP_CRASH_RUNS");
    int rounds = (runs_env ? atoi(runs_env) : 60) / 6;
    if (rounds < 3)
        rounds = 3;
    int decisions = 0, killed = 0;
    {
        rc_db *db;
        sqlite3_stmt *st;
        assert_int_equal(rc_db_open(&db, db_path), 0);
        assert_int_equal(rc_db_prepare(&st, db,
                                       "SELECT count(*) FROM pick_decisions"
                                       " WHERE note LIKE 'crash-note-%'"),
                         0);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        decisions = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        rc_db_free(db);
    }
    const char *sync[] = {"sync", "--no-fetch", "--git-only", NULL};
    duration_us(sync);
    const char *refresh[] = {"run", "refresh", NULL};
    unsigned refresh_us = 100000;
    for (int i = 0; i < rounds + 1; i++) {
        const char *start[] = {"-C",         demo_dir, "--db",      db_path,  "run", "start",
                               "local-h100", "--tag",  "v0.9.2rc3", "--json", NULL};
        tu_result r = tu_relcap(NULL, NULL, NULL, start);
        if (r.status != 0)
            fail_msg("run start failed: %s", r.err);
        cJSON *run = cJSON_Parse(r.out);
        tu_result_free(&r);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(run, "id");
        assert_true(cJSON_IsNumber(id));
        int rid = id->valueint;
        cJSON_Delete(run);
        char *exitf = rc_xasprintf("%s/.git/relcap/runs/%d/exit", demo_dir, rid);
        for (int w = 0; w < 400 && access(exitf, F_OK) != 0; w++)
            usleep(50000);
        assert_int_equal(access(exitf, F_OK), 0);
        free(exitf);
        /* the first round times a whole refresh (with its import); the
         * others are killed somewhere within that time */
        if (i == 0)
            refresh_us = duration_us(refresh);
        else
            killed += run_and_kill(refresh, refresh_us);
        check_state(decisions);
        /* the next refresh finishes the job */
        const char *list[] = {"-C", demo_dir, "--db", db_path, "run", "refresh", NULL};
        r = tu_relcap(NULL, NULL, NULL, list);
        tu_result_free(&r);
        const char *ls[] = {"-C", demo_dir, "--db", db_path, "run", "list", "--json", NULL};
        r = tu_relcap(NULL, NULL, NULL, ls);
        cJSON *all = cJSON_Parse(r.out);
        tu_result_free(&r);
        const cJSON *it;
        bool seen = false;
        cJSON_ArrayForEach(it, all)
        {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(it, "id");
            if (!cJSON_IsNumber(x) || x->valueint != rid)
                continue;
            seen = true;
            const cJSON *st = cJSON_GetObjectItemCaseSensitive(it, "state");
            const cJSON *imp = cJSON_GetObjectItemCaseSensitive(it, "imported");
            const cJSON *failed = cJSON_GetObjectItemCaseSensitive(imp, "failed");
            if (!cJSON_IsString(st) || strcmp(st->valuestring, "succeeded") != 0 ||
                !cJSON_IsObject(imp) || !cJSON_IsNumber(failed) || failed->valueint != 0)
                fail_msg("run %d not succeeded and imported after a killed refresh", rid);
        }
        assert_true(seen);
        cJSON_Delete(all);
    }
    print_message("crash: run refresh (perf-run import) %d runs, %d killed mid-run (a refresh "
                  "takes %u ms), each run imported by the next refresh\n",
                  rounds, killed, refresh_us / 1000);
}

int main(void)
{
    git_libgit2_init();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_kills),
                                       cmocka_unit_test(test_run_import_kills)};
    return cmocka_run_group_tests(tests, setup, NULL);
}
