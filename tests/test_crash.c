/* Crash safety: a cold sync, the cherry-pick analysis, the GitHub write
 * (against a loopback server), a benchmark import, `pick apply` and a
 * perf-run import are killed with SIGKILL inside their write transactions
 * on the demo history (the test-only write hook of core/base/db.c proves
 * each kill landed inside). After every kill the database passes PRAGMA
 * integrity_check, opens, holds every triage decision and note made before
 * and nothing half-written; the repository is never left mid-cherry-pick or
 * locked. RELCAP_CRASH_RUNS sets the number of kills (default 60). */
#include "tests/testutil.h"
#include "tests/ghserver.h"

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

static char *base, *demo_dir, *db_path, *marker;
/* The release branch pick apply writes to, and where it stood. */
static char release_branch[256];
static git_oid release_tip;

static int setup(void **state)
{
    base = tu_mkdtemp();
    demo_dir = rc_xasprintf("%s/demo", base);
    db_path = rc_xasprintf("%s/cache.db", base);
    marker = rc_xasprintf("%s/write-open", base);
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

/* The demo, its cache and the marker go with the group: a crash test run
 * many times must not fill /tmp. */
static int teardown(void **state)
{
    (void)state;
    tu_rmtree(base);
    free(base);
    free(demo_dir);
    free(db_path);
    free(marker);
    return 0;
}

/* The kill lands inside a write: relcap runs with the test-only write hook
 * of core/base/db.c (RELCAP_TEST_WRITE_HOOK), whose marker file exists
 * exactly while a write transaction is open and names the transaction ("PID
 * N"). The kill comes a random time after the marker of transaction `tx`
 * appeared (tx 0: any); it landed inside when the marker of the dead
 * process is still there. */
/* The hook waits this long before COMMIT (every write made, none kept
 * yet); a kill comes at most this long plus half the undisturbed write's
 * time after the write began, so a loaded machine's noisy timings still
 * put most kills inside. */
#define PAUSE_MS 30

static const char *extra_env[4]; /* more K=V for the killed process (GitHub server) */

/* "PID N" from the marker: N, or 0 when there is none from pid. */
static int marker_tx(pid_t pid)
{
    FILE *f = fopen(marker, "r");
    if (!f)
        return 0;
    long p = 0;
    int n = 0;
    if (fscanf(f, "%ld %d", &p, &n) != 2 || p != (long)pid)
        n = 0;
    fclose(f);
    return n;
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static pid_t spawn(const char *const *args, int pause_ms)
{
    unlink(marker);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", 1);
        dup2(null, 1);
        dup2(null, 2);
        setenv("RELCAP_TEST_WRITE_HOOK", marker, 1);
        char ms[16];
        snprintf(ms, sizeof ms, "%d", pause_ms);
        setenv("RELCAP_TEST_WRITE_PAUSE_MS", ms, 1);
        for (const char *const *e = extra_env; *e; e++)
            putenv((char *)*e);
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
    return pid;
}

/* Waits for transaction tx (0: any) of pid to open, or a later one (a
 * loaded machine may not schedule this poll while tx is open): false when
 * pid ended first. */
static bool wait_tx(pid_t pid, int tx, int *status)
{
    for (;;) {
        int n = marker_tx(pid);
        if (n && (tx == 0 || n >= tx))
            return true;
        if (waitpid(pid, status, WNOHANG) == pid)
            return false;
        usleep(200);
    }
}

/* How long transaction tx (0: the first) of one undisturbed run stays
 * open, in microseconds; the run must succeed. */
static unsigned tx_window_us(const char *const *args, int tx)
{
    /* a short pause before each COMMIT, so that a write of a few
     * microseconds is still seen */
    pid_t pid = spawn(args, 5);
    int st = 0;
    assert_true(wait_tx(pid, tx, &st));
    double a = now_us();
    /* tx 0: from the first write to the end of the run */
    int want = tx ? tx : -1;
    while ((want < 0 || marker_tx(pid) == want) && waitpid(pid, &st, WNOHANG) == 0)
        usleep(200);
    double us = now_us() - a;
    if (want >= 0)
        waitpid(pid, &st, 0);
    if (!(WIFEXITED(st) && WEXITSTATUS(st) == 0))
        fail_msg("%s did not succeed undisturbed", args[0]);
    unlink(marker);
    return us < 1000 ? 1000 : (unsigned)us;
}

/* 1 when the kill landed inside transaction tx (any, when 0) of the run. */
static int kill_inside(const char *const *args, int tx, unsigned window_us)
{
    pid_t pid = spawn(args, PAUSE_MS);
    int st = 0;
    if (!wait_tx(pid, tx, &st))
        return 0; /* ended before the write: counted as not inside */
    usleep((useconds_t)(rand() % (int)window_us));
    /* a run of many transactions (tx 0) is killed at the next one open */
    bool ended = false;
    while (tx == 0 && !marker_tx(pid) && !(ended = waitpid(pid, &st, WNOHANG) == pid))
        usleep(100);
    if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &st, 0);
    }
    int n = WIFSIGNALED(st) ? marker_tx(pid) : 0;
    unlink(marker);
    return n && (tx == 0 || n == tx);
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
        tu_db_int(db, "SELECT count(*) FROM pick_decisions WHERE note LIKE 'crash-note-%'"),
        expected_decisions);
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
    const cJSON *it, *rows = cJSON_GetObjectItemCaseSensitive(doc, "rows"); /* picks --json */
    cJSON_ArrayForEach(it, rows)
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

static int count(const char *sql)
{
    rc_db *db;
    assert_int_equal(rc_db_open(&db, db_path), 0);
    int n = tu_db_int(db, sql);
    rc_db_free(db);
    return n;
}

static void exec_sql(const char *sql)
{
    rc_db *db;
    assert_int_equal(rc_db_open(&db, db_path), 0);
    assert_int_equal(rc_db_exec(db, sql), 0);
    rc_db_free(db);
}

static void relcap_ok(const char *const *args)
{
    const char *argv[16] = {"-C", demo_dir, "--db", db_path};
    size_t n = 4;
    for (; *args && n < 15; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    tu_result r = tu_relcap(NULL, NULL, extra_env, argv);
    if (r.status != 0)
        fail_msg("relcap %s failed: %s", argv[4], r.err);
    tu_result_free(&r);
}

static const char *const warm_sync[] = {"sync", "--no-fetch", "--git-only", NULL};
static const char *const clear_cache[] = {"cache", "clear", NULL};

/* What a whole run of each writing command leaves (taken from undisturbed
 * runs): after a kill each table holds all of it or none of it. */
static int full_commits, full_lines, full_picks, full_prs;
#define PICKS_DIGEST                                                                               \
    "SELECT count(*) || ':' || total(length(branch || sha || state || ifnull(evidence, '') ||"     \
    " ifnull(picked_as, ''))) FROM picks"
static char *picks_digest;

static char *text(const char *sql)
{
    rc_db *db;
    sqlite3_stmt *st;
    assert_int_equal(rc_db_open(&db, db_path), 0);
    assert_int_equal(rc_db_prepare(&st, db, sql), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    char *t = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    rc_db_free(db);
    return t;
}

static void all_or_none(const char *what, int got, int full)
{
    if (got != 0 && got != full)
        fail_msg("a kill left %d %s (a whole write makes %d)", got, what, full);
}

static void check_cold_sync(void)
{
    int commits = count("SELECT count(*) FROM commits");
    all_or_none("commits", commits, full_commits);
    all_or_none("line commits", count("SELECT count(*) FROM line_commits"), full_lines);
    int picks = count("SELECT count(*) FROM picks");
    all_or_none("picks", picks, full_picks);
    if (picks && !commits)
        fail_msg("picks written without the commits they come from");
}

static void check_analysis(void)
{
    char *d = text(PICKS_DIGEST);
    if (strcmp(d, picks_digest) != 0)
        fail_msg("a killed analysis changed the picks: %s, was %s", d, picks_digest);
    free(d);
}

static void check_github(void)
{
    all_or_none("pull requests", count("SELECT count(*) FROM prs"), full_prs);
}

/* Each file is imported in its own transaction, its row first with 0
 * records and the count of its results last: a file is there with all its
 * results or not at all. */
static void check_bench(void)
{
    int bad = count("SELECT count(*) FROM bench_files f WHERE f.records = 0 OR f.records !="
                    " (SELECT count(*) FROM bench_results r WHERE r.file_id = f.id)");
    if (bad)
        fail_msg("a kill left %d benchmark file(s) half imported", bad);
}

static int decisions_made;

/* The kill lands in the database write after the ref moved: the branch has
 * every pick, the cache records all of them or none. */
static void check_apply(void)
{
    int marked = count("SELECT count(*) FROM picks p JOIN pick_decisions d ON d.sha = p.sha"
                       " WHERE d.note LIKE 'crash-note-%' AND p.state = 'picked'");
    all_or_none("picks marked applied", marked, decisions_made);
}

static char model[32] = "crash0";

static void prep_cold(int i)
{
    (void)i;
    relcap_ok(clear_cache);
}

static void prep_warm(int i)
{
    (void)i;
    relcap_ok(warm_sync);
}

static void prep_github(int i)
{
    (void)i;
    exec_sql("DELETE FROM prs; DELETE FROM http_cache; DELETE FROM meta WHERE key LIKE 'github%'");
}

/* a new --model each time makes a new import key, so every import has work */
static void prep_bench(int i)
{
    snprintf(model, sizeof model, "crash%d", i);
}

/* the branch back at its start, and the picks it had there: the cache
 * still says picked after an apply, and the branch head it knew is the
 * same again, so only a forced analysis makes them pending */
static void prep_apply(int i)
{
    (void)i;
    const char *refresh[] = {"picks", "--refresh", NULL};
    reset_release();
    relcap_ok(warm_sync);
    relcap_ok(refresh);
}

typedef struct {
    const char *name;
    const char *const *args;
    int tx[2]; /* the transactions killed in turn (0: any) */
    void (*prep)(int i);
    void (*check)(void);
} crash_cmd;

/* A loopback GitHub with a page of merged PRs for the GitHub write. */
static ghs_server *github_start(void)
{
    ghs_server *s = ghs_start();
    rc_buf b = {0};
    rc_buf_puts(&b, "[");
    for (int n = 1; n <= 100; n++)
        rc_buf_printf(&b,
                      "%s{\"number\": %d, \"state\": \"closed\", \"title\": \"PR %d\","
                      " \"user\": {\"login\": \"dev\"}, \"body\": \"body %d\", \"labels\": [],"
                      " \"milestone\": null, \"created_at\": \"2026-09-01T00:00:00Z\","
                      " \"updated_at\": \"2026-10-%02dT00:00:00Z\","
                      " \"closed_at\": \"2026-10-01T00:00:00Z\","
                      " \"merged_at\": \"2026-10-01T00:00:00Z\", \"merge_commit_sha\": \"%040d\","
                      " \"base\": {\"ref\": \"main\"}, \"head\": {\"ref\": \"b%d\", \"sha\": "
                      "\"%040d\"}, \"html_url\": \"https://github.com/OWNER/REPO/pull/%d\"}",
                      n > 1 ? ",\n" : "", n, n, n, 28 - n % 27, n, n, n + 1, n);
    rc_buf_puts(&b, "]");
    ghs_get(s, "/repos/OWNER/REPO/pulls", "base=main", b.ptr);
    ghs_get(s, "/repos/OWNER/REPO/pulls", NULL, "[]");
    ghs_get(s, "/repos/OWNER/REPO/issues", NULL, "[]");
    ghs_get(s, "/search/issues", NULL,
            "{\"total_count\": 0, \"incomplete_results\": false, "
            "\"items\": []}");
    ghs_get(s, "/repos/OWNER/REPO/commits/*", NULL,
            "{\"total_count\": 0, \"check_runs\": [], \"state\": \"success\", \"statuses\": []}");
    free(b.ptr);
    return s;
}

/* After the undisturbed runs of command c (the order of test_kills's
 * table): what a whole write of it leaves. */
static void remember_whole(int c)
{
    if (c == 0) {
        full_commits = count("SELECT count(*) FROM commits");
        full_lines = count("SELECT count(*) FROM line_commits");
        full_picks = count("SELECT count(*) FROM picks");
        assert_true(full_commits > 0 && full_picks > 0);
    } else if (c == 1) {
        picks_digest = text(PICKS_DIGEST);
    } else if (c == 2) {
        full_prs = count("SELECT count(*) FROM prs");
        assert_int_equal(full_prs, 100);
    } else if (c == 3) {
        assert_true(count("SELECT count(*) FROM bench_results WHERE model = 'crash-1'") > 0);
        check_bench();
    } else if (c == 4) {
        check_apply();
        assert_int_equal(count("SELECT count(*) FROM picks WHERE state = 'picked' AND sha IN"
                               " (SELECT sha FROM pick_decisions WHERE note LIKE 'crash-note-%')"),
                         decisions_made);
        reset_release();
    }
}

/* Every writing command is killed inside its writes, some kills in each
 * transaction named; per command, at least half the kills must land inside
 * (the marker proves it), and after each the database is whole, every
 * decision and note is there and nothing is half-written. */
static void test_kills(void **state)
{
    const char *runs_env = getenv("RELCAP_CRASH_RUNS");
    int runs = runs_env ? atoi(runs_env) : 60;
    unsigned seed = (unsigned)time(NULL);
    srand(seed);
    remember_release();
    decisions_made = approve_some();
    check_state(decisions_made);
    ghs_server *gh = github_start();
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(gh));
    char *bench_dir = rc_xasprintf("%s/.relcap-demo/bench/v0.9.1/H100", demo_dir);
    const char *sync[] = {"sync", "--no-fetch", "--git-only", NULL};
    const char *analysis[] = {"picks", "--refresh", NULL};
    const char *github[] = {"-c",   api,          "-c", "relcap.github=OWNER/REPO",
                            "sync", "--no-fetch", NULL};
    const char *import[] = {"bench",      "import", bench_dir, "--tag", "v0.9.1",
                            "--hardware", "H100",   "--model", model,   NULL};
    const char *apply[] = {"pick", "apply", NULL};
    const crash_cmd cmds[] = {
        {"cold sync", sync, {1, 2}, prep_cold, check_cold_sync},
        {"pick analysis", analysis, {1, 1}, prep_warm, check_analysis},
        {"GitHub write", github, {2, 2}, prep_github, check_github},
        {"bench import", import, {0, 0}, prep_bench, check_bench},
        {"pick apply", apply, {1, 1}, prep_apply, check_apply},
    };
    enum { NCMD = sizeof cmds / sizeof *cmds };

    /* undisturbed runs: what a whole write leaves, how long each write lasts */
    unsigned window[NCMD][2];
    for (int c = 0; c < NCMD; c++) {
        for (int k = 0; k < 2; k++) {
            cmds[c].prep(-1 - k);
            window[c][k] = tx_window_us(cmds[c].args, cmds[c].tx[k]);
        }
        remember_whole(c);
    }

    int inside[NCMD] = {0}, tried[NCMD] = {0};
    for (int i = 0; i < runs; i++) {
        int c = i % NCMD, k = (i / NCMD) % 2;
        cmds[c].prep(i);
        tried[c]++;
        inside[c] += kill_inside(cmds[c].args, cmds[c].tx[k], window[c][k] / 2 + PAUSE_MS * 1000u);
        check_state(decisions_made);
        cmds[c].check();
        if (c == 4)
            reset_release();
    }
    for (int c = 0; c < NCMD; c++) {
        print_message("crash: %-13s %2d kills, %2d inside a write transaction (writes take %u/%u "
                      "ms)\n",
                      cmds[c].name, tried[c], inside[c], window[c][0] / 1000, window[c][1] / 1000);
        if (inside[c] * 2 < tried[c])
            fail_msg("only %d of %d kills of %s landed inside a write", inside[c], tried[c],
                     cmds[c].name);
    }
    print_message("crash: seed %u; database intact, all %d decisions with notes kept and nothing "
                  "half-written after each kill\n",
                  seed, decisions_made);
    free(bench_dir);
    free(api);
    ghs_stop(gh);
}

/* Perf-run import: a finished run's results are imported by `relcap run
 * refresh`; a refresh killed inside the import must leave the run imported
 * by the next refresh, with every decision kept. */
static void test_run_import_kills(void **state)
{
    const char *runs_env = getenv("RELCAP_CRASH_RUNS");
    int rounds = (runs_env ? atoi(runs_env) : 60) / 6;
    if (rounds < 3)
        rounds = 3;
    int decisions = count("SELECT count(*) FROM pick_decisions WHERE note LIKE 'crash-note-%'");
    relcap_ok(warm_sync);
    const char *refresh[] = {"run", "refresh", NULL};
    unsigned window = 100000;
    int inside = 0;
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
        /* the results of every run are the same: without the earlier
         * import each refresh has a whole import to make */
        exec_sql("DELETE FROM bench_results WHERE file_id IN"
                 " (SELECT id FROM bench_files WHERE path LIKE '%/relcap/runs/%');"
                 "DELETE FROM bench_files WHERE path LIKE '%/relcap/runs/%'");
        /* the first round times the import of an undisturbed refresh; the
         * others are killed inside theirs */
        if (i == 0)
            window = tx_window_us(refresh, 1);
        else
            inside += kill_inside(refresh, 1, window / 2 + PAUSE_MS * 1000u);
        check_state(decisions);
        /* the next refresh finishes the job */
        const char *more[] = {"run", "refresh", NULL};
        relcap_ok(more);
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
        check_bench();
    }
    print_message("crash: run refresh (perf-run import) %d kills, %d inside the import (it takes "
                  "%u ms), each run imported by the next refresh\n",
                  rounds, inside, window / 1000);
    if (inside * 2 < rounds)
        fail_msg("only %d of %d refresh kills landed inside the import", inside, rounds);
}

int main(void)
{
    git_libgit2_init();
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_kills),
                                       cmocka_unit_test(test_run_import_kills)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
