/* Crash safety: relcap sync, relcap pick apply and relcap bench import are
 * killed with SIGKILL at random points on the demo history. After every
 * kill the database passes PRAGMA integrity_check, opens, and holds every
 * triage decision and note made before; the repository is never left
 * mid-cherry-pick. RELCAP_CRASH_RUNS sets the number of kills (default 60). */
#include "tests/testutil.h"

#include "core/db.h"
#include "core/util.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *demo_dir, *db_path;

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
    const char *sync[] = {"-C", demo_dir, "--db", db_path, "sync", "--no-fetch", "--git-only",
                          NULL};
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
    git_repository_free(repo);
}

/* Approves a few pending picks with notes: the user data every kill must keep. */
static int approve_some(void)
{
    const char *list[] = {"-C", demo_dir, "--db", db_path, "picks", "--state", "pending", "--json",
                          NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, list);
    assert_int_equal(r.status, 0);
    int made = 0;
    for (const char *p = r.out; (p = strstr(p, "\"sha\":")) && made < 4; p++) {
        char sha[41];
        if (sscanf(p, "\"sha\": \"%40[0-9a-f]\"", sha) != 1 &&
            sscanf(p, "\"sha\":\"%40[0-9a-f]\"", sha) != 1)
            continue;
        char *note = rc_xasprintf("crash-note-%d", made);
        const char *ap[] = {"-C", demo_dir, "--db", db_path, "pick", "approve", sha, "--note",
                            note, NULL};
        tu_result a = tu_relcap(NULL, NULL, NULL, ap);
        assert_int_equal(a.status, 0);
        tu_result_free(&a);
        free(note);
        made++;
    }
    tu_result_free(&r);
    assert_true(made > 0);
    return made;
}

static void test_kills(void **state)
{
    const char *runs_env = getenv("RELCAP_CRASH_RUNS");
    int runs = runs_env ? atoi(runs_env) : 60;
    srand((unsigned)time(NULL));
    int decisions = approve_some();
    check_state(decisions);
    char *bench_dir = rc_xasprintf("%s/.relcap-demo/bench", demo_dir);
    const char *sync[] = {"sync", "--no-fetch", "--git-only", NULL};
    const char *apply[] = {"pick", "apply", NULL};
    const char *import[] = {"bench", "import", bench_dir, NULL};
    const char *clear[] = {"cache", "clear", NULL};
    const char *const *cmds[] = {sync, apply, import, clear};
    int killed = 0;
    for (int i = 0; i < runs; i++) {
        killed += run_and_kill(cmds[i % 4], 300000);
        check_state(decisions);
    }
    print_message("crash: %d runs, %d killed mid-run, every decision kept\n", runs, killed);
    assert_true(killed > runs / 4);
    free(bench_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_kills)};
    return cmocka_run_group_tests(tests, setup, NULL);
}
