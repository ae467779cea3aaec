/* Hostile input end to end: branch, tag and author names and commit
 * messages with shell metacharacters, newlines, escape sequences, invalid
 * UTF-8 and 100 KB subjects go through `relcap sync` and out of every
 * listing (plain output carries no ESC byte, JSON parses, nothing runs); a
 * 50 MB benchmark file imports with bounded memory; a GitHub answer of
 * 10 000 pull requests (100 pages) is stored with bounded memory; a config
 * with every key wrong is refused key by key with exit status 2. */
#include "tests/testutil.h"
#include "tests/ghserver.h"

#include "core/bench/bench.h"
#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/github/ghsync.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <locale.h>

#define T0 1700000000

/* Memory bounds: sanitizer builds carry shadow memory and a quarantine of
 * freed blocks (up to 256 MB), so they get a looser bound. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#define MEM_SLACK_MB 700
#else
#define MEM_SLACK_MB 0
#endif

/* libgit2 1.5 leaks pcre2 match data when resolving remotes (see test_gitsync.c). */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libpcre2-8.so\n";
}

static int inputs_tried;

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A commit written as a raw object, so author and message may hold any byte. */
static git_oid raw_commit(git_repository *repo, const char *ref, const git_oid *parent,
                          const char *author, const char *message, int64_t t)
{
    git_index *idx;
    git_oid tree;
    assert_int_equal(git_repository_index(&idx, repo), 0);
    assert_int_equal(git_index_write_tree(&tree, idx), 0);
    git_index_free(idx);
    rc_buf b = {0};
    rc_buf_printf(&b, "tree %s\n", tu_hex(&tree));
    if (parent)
        rc_buf_printf(&b, "parent %s\n", tu_hex(parent));
    rc_buf_printf(&b, "author %s <evil@example.com> %lld +0000\n", author, (long long)t);
    rc_buf_printf(&b, "committer %s <evil@example.com> %lld +0000\n\n%s\n", author, (long long)t,
                  message);
    git_odb *odb;
    git_oid id;
    assert_int_equal(git_repository_odb(&odb, repo), 0);
    assert_int_equal(git_odb_write(&id, odb, b.ptr, b.len, GIT_OBJECT_COMMIT), 0);
    git_odb_free(odb);
    rc_buf_free(&b);
    git_reference *r;
    assert_int_equal(git_reference_create(&r, repo, ref, &id, 1, NULL), 0);
    git_reference_free(r);
    inputs_tried++;
    return id;
}

/* The output, decoded by the C library (not relcap's own UTF-8 code), holds
 * no C0 control but newline and tab, no DEL, no C1 control (U+0080..U+009F,
 * which some terminals take as ESC [ and friends) and no raw byte that is not
 * UTF-8 (a lone 0x9B is CSI on an 8-bit terminal). */
static void valid_json(const char *what, const char *out)
{
    cJSON *j = cJSON_Parse(out);
    if (!j)
        fail_msg("%s printed invalid JSON", what);
    cJSON_Delete(j);
}

/* Runs a listing plain and --json in cwd; both must be clean. */
static void listing(const char *cwd, const char *repo, const char *db, const char *cmd,
                    bool has_json)
{
    const char *plain[] = {"-C", repo, "--db", db, cmd, NULL};
    tu_result r = tu_relcap(cwd, NULL, NULL, plain);
    if (r.status != 0)
        fail_msg("relcap %s failed: %s", cmd, r.err);
    tu_no_controls(cmd, r.out);
    tu_no_controls(cmd, r.err);
    tu_result_free(&r);
    if (!has_json)
        return;
    const char *json[] = {"-C", repo, "--db", db, cmd, "--json", NULL};
    r = tu_relcap(cwd, NULL, NULL, json);
    if (r.status != 0)
        fail_msg("relcap %s --json failed: %s", cmd, r.err);
    valid_json(cmd, r.out);
    tu_result_free(&r);
}

static void test_hostile_history(void **state)
{
    tu_env e;
    tu_env_init(&e);
    git_repository *repo = tu_env_repo(&e, "repo", false);
    const char *dir = e.dir, *wd = e.wd, *db = e.dbpath = tu_env_path(&e, "cache.db");
    const char *files[] = {"README", "hello\n", NULL};
    git_oid base = tu_commit(repo, "refs/heads/main", "initial", T0, files);

    char *big = rc_xmalloc(100 * 1024 + 1);
    for (size_t i = 0; i < 100 * 1024; i++)
        big[i] = "ab$(;`|&\x1b"[i % 10];
    big[100 * 1024] = '\0';
    const char *messages[] = {
        "fix: $(touch PWNED) `touch PWNED` (#101)",
        "fix: x; touch PWNED && touch PWNED | touch PWNED (#102)",
        "\x1b]0;pwned\x07title\x1b[2J\x1b[31mred (#103)\n\nbody \x1b[H line",
        "bad utf-8 \xff\xfe\xc3\x28 \xe2\x82 end (#104)",
        "subject\nwith\r\nnewlines\tand tabs (#105)",
        /* C1 controls: CSI, OSC, ST, NEL as UTF-8, then as raw 8-bit bytes */
        "c1 utf-8 \xc2\x9b"
        "2J\xc2\x9d"
        "0;pwned\xc2\x9c\xc2\x85 end (#106)",
        "c1 raw \x9b"
        "2J\x9d"
        "0;pwned\x9c\x85\x80\x9f end (#107)",
        "Revert \"\x1b[2Jfix: $(touch PWNED)\"\n\nThis reverts commit "
        "ffffffffffffffffffffffffffffffffffffffff.",
        big,
    };
    const char *authors[] = {"$(touch PWNED)",
                             "x;touch PWNED",
                             "\x1b]0;pwned\x07\x1b[2J",
                             "\xff\xfe invalid",
                             "tab\there",
                             "c1 \xc2\x9b"
                             "2J",
                             "raw \x9b"
                             "2J\x85",
                             "ok",
                             "ok"};
    git_oid tip = base;
    for (size_t i = 0; i < sizeof messages / sizeof *messages; i++)
        tip = raw_commit(repo, "refs/heads/main", &tip, authors[i], messages[i],
                         T0 + 100 * (int64_t)(i + 1));
    /* release branches and tags: refnames cannot hold spaces or controls,
     * but shell metacharacters they can */
    tu_branch(repo, "releases/v0.1.0", &base);
    tu_tag(repo, "v0.0.9", &base, true);
    git_oid rel = raw_commit(repo, "refs/heads/releases/v0.1.0", &base, "\x1b[2Jcaptain",
                             "\x1b[2J[Bugfix] cherry-pick $(touch PWNED) (#104)", T0 + 5000);
    const char *branches[] = {"releases/v0.2.0$(touch${IFS}PWNED)", "releases/v1;touch${IFS}PWNED",
                              "releases/v0.3.0`touch${IFS}PWNED`", "v0.4.0|touch${IFS}PWNED-dev",
                              "releases/v0.5.0&&touch${IFS}PWNED"};
    for (size_t i = 0; i < sizeof branches / sizeof *branches; i++) {
        tu_branch(repo, branches[i], &tip);
        inputs_tried++;
    }
    const char *tags[] = {"v0.1.0rc1", "v0.1.0$(touch${IFS}PWNED)", "v1;touch${IFS}PWNED",
                          "v0.1.0rc2`touch${IFS}PWNED`"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++) {
        tu_tag(repo, tags[i], i ? &tip : &rel, i % 2);
        inputs_tried++;
    }

    char *cwd = rc_xasprintf("%s/cwd", dir);
    mkdir(cwd, 0700);
    const char *sync[] = {"-C", wd, "--db", db, "sync", "--no-fetch", "--git-only", NULL};
    tu_result r = tu_relcap(cwd, NULL, NULL, sync);
    if (r.status != 0)
        fail_msg("sync failed: %s", r.err);
    tu_no_controls("sync", r.out);
    tu_no_controls("sync", r.err);
    tu_result_free(&r);

    listing(cwd, wd, db, "branches", true);
    listing(cwd, wd, db, "tags", true);
    listing(cwd, wd, db, "status", false);
    /* the cherry-pick listing of the release branch */
    listing(cwd, wd, db, "picks", true);
    /* and the hostile subjects really went through it (sanitized, not dropped) */
    const char *pk[] = {"-C", wd, "--db", db, "picks", "--all", NULL};
    r = tu_relcap(cwd, NULL, NULL, pk);
    if (!strstr(r.out, "$(touch PWNED)") || !strstr(r.out, "bad utf-8 \xef\xbf\xbd"))
        fail_msg("hostile subjects missing from relcap picks:\n%s", r.out);
    tu_result_free(&r);
    /* the cockpit in snapshot mode, on every pane and a pick's detail view */
    const char *keys[] = {"", "2", "3", "3<Enter>", "3<End><Enter>", "4", "5", "L"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *snap[] = {"-C",         wd,       "--db",   db,      "ui",
                              "--snapshot", "120x40", "--keys", keys[i], NULL};
        r = tu_relcap(cwd, NULL, NULL, snap);
        if (r.status != 0)
            fail_msg("ui --snapshot --keys '%s' failed: %s", keys[i], r.err);
        tu_no_controls("ui --snapshot", r.out);
        tu_result_free(&r);
    }
    /* the plain lists name the tag that is a version; the hostile ones are
     * either listed (sanitized) or skipped, but nothing ran */
    const char *tl[] = {"-C", wd, "--db", db, "tags", "--json", NULL};
    r = tu_relcap(cwd, NULL, NULL, tl);
    assert_non_null(strstr(r.out, "v0.1.0rc1"));
    tu_result_free(&r);

    /* benchmark records with hostile test, model, metric and hardware names */
    char *bf = rc_xasprintf("%s/evil.jsonl", dir);
    for (int side = 0; side < 2; side++) {
        char *rec = rc_xasprintf(
            "{\"benchmark\": {\"name\": \"b\", \"extra_info\": {\"args\": {\"test_name\": "
            "\"serving\\u001b[2J$(touch PWNED)\"}}}, \"model\": {\"name\": "
            "\"\\u001b]0;pwned\\u0007evil;touch PWNED\"}, \"metric\": {\"name\": "
            "\"median_ttft_ms\\u001b[31m\", \"benchmark_values\": [%d.0, %d.5]}, \"runners\": "
            "[{\"name\": \"cuda\", \"type\": \"NVIDIA H100\\u001b[5m`touch PWNED`\"}]}\n"
            "{\"benchmark\": {\"name\": \"b\", \"extra_info\": {\"args\": {\"test_name\": "
            "\"latency_x\"}}}, \"model\": {\"name\": \"m\"}, \"metric\": {\"name\": "
            "\"median_ttft_ms\", \"benchmark_values\": [%d.0]}, \"runners\": [{\"name\": "
            "\"cuda\", \"type\": \"H100\"}]}\n",
            10 + side * 5, 11 + side * 5, 20 + side);
        tu_write(bf, rec);
        free(rec);
        const char *imp[] = {
            "-C", wd, "--db", db, "bench", "import", bf, "--tag", side ? "v0.1.0rc1" : "v0.0.9",
            NULL};
        r = tu_relcap(cwd, NULL, NULL, imp);
        if (r.status != 0)
            fail_msg("bench import of hostile names failed: %s", r.err);
        tu_no_controls("bench import", r.out);
        tu_no_controls("bench import", r.err);
        tu_result_free(&r);
        inputs_tried++;
    }
    free(bf);
    const char *diff[] = {"-C", wd, "--db", db, "bench", "diff", "v0.0.9", "v0.1.0rc1", NULL};
    r = tu_relcap(cwd, NULL, NULL, diff);
    if (r.status > 1)
        fail_msg("bench diff failed: %s", r.err);
    tu_no_controls("bench diff", r.out);
    if (!strstr(r.out, "touch PWNED"))
        fail_msg("the hostile benchmark names are missing from bench diff:\n%s", r.out);
    tu_result_free(&r);
    const char *diffj[] = {"-C",   wd,       "--db",      db,       "bench",
                           "diff", "v0.0.9", "v0.1.0rc1", "--json", NULL};
    r = tu_relcap(cwd, NULL, NULL, diffj);
    valid_json("bench diff --json", r.out);
    tu_result_free(&r);
    const char *sum[] = {"-C", wd, "--db", db, "bench", "summary", NULL};
    r = tu_relcap(cwd, NULL, NULL, sum);
    tu_no_controls("bench summary", r.out);
    tu_result_free(&r);
    const char *snapb[] = {"-C", wd, "--db", db, "ui", "--snapshot", "120x40", "--keys", "4", NULL};
    r = tu_relcap(cwd, NULL, NULL, snapb);
    tu_no_controls("ui bench pane", r.out);
    tu_result_free(&r);

    char *p1 = rc_xasprintf("%s/PWNED", cwd), *p2 = rc_xasprintf("%s/PWNED", wd);
    assert_false(exists(p1));
    assert_false(exists(p2));
    assert_false(exists("PWNED"));
    print_message("hostile history: %d hostile commits/refs synced and listed, nothing ran\n",
                  inputs_tried);
    free(p1);
    free(p2);
    free(big);
    free(cwd);
    tu_env_clear(&e);
}

/* Runs relcap with argv and returns its exit status; *maxrss_kb gets the
 * child's peak resident set. */
static int run_measured(long *maxrss_kb, const char *const *argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        size_t n = 0;
        while (argv[n])
            n++;
        const char **av = rc_xcalloc(n + 2, sizeof *av);
        av[0] = RELCAP_BIN;
        memcpy(av + 1, argv, n * sizeof *av);
        execv(RELCAP_BIN, (char *const *)av);
        _exit(127);
    }
    int st;
    struct rusage ru;
    assert_int_equal(wait4(pid, &st, 0, &ru), pid);
    *maxrss_kb = ru.ru_maxrss;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void test_big_bench_file(void **state)
{
    tu_env e;
    tu_env_init(&e);
    char *path = tu_env_path(&e, "big.jsonl");
    const char *db = e.dbpath = tu_env_path(&e, "cache.db");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    size_t written = 0, records = 0;
    while (written < 50u * 1024 * 1024) {
        int n = fprintf(
            f,
            "{\"benchmark\": {\"name\": \"vLLM benchmark\", \"extra_info\": {\"args\": "
            "{\"test_name\": \"serving_llama8B_tp1_%zu\"}}}, \"model\": {\"name\": "
            "\"meta-llama/Llama-3.1-8B-Instruct\"}, \"metric\": {\"name\": \"median_ttft_ms\", "
            "\"benchmark_values\": [%zu.5, 1.25, 3.75]}, \"runners\": [{\"name\": \"cuda\", "
            "\"type\": \"NVIDIA H100 80GB HBM3\", \"gpu_count\": 1}]}\n",
            records % 997, records);
        written += (size_t)n;
        records++;
    }
    fclose(f);
    long rss = 0;
    const char *argv[] = {
        "--db", db, "bench", "import", path, "--commit", "0123456789abcdef0123456789abcdef01234567",
        NULL};
    int st = run_measured(&rss, argv);
    assert_int_equal(st, 0);
    print_message("50 MB benchmark file: %zu records imported, child max RSS %ld MB\n", records,
                  rss / 1024);
    assert_true(rss / 1024 < 200 + MEM_SLACK_MB);
    rc_db *h;
    assert_int_equal(rc_db_open(&h, db), 0);
    sqlite3_stmt *q;
    assert_int_equal(rc_db_prepare(&q, h, "SELECT count(*) FROM bench_results"), 0);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_true((size_t)sqlite3_column_int64(q, 0) >= records);
    sqlite3_finalize(q);
    rc_db_free(h);
    inputs_tried++;
    free(path);
    tu_env_clear(&e);
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = 0;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &v) == 1)
            break;
    if (f)
        fclose(f);
    return v;
}

#define REPO "/repos/OWNER/REPO"

/* A cache with one maintained release branch, for the GitHub sync tests. */
/* The cache DIR/cache.db (e->dbpath) with one branch; the caller frees it. */
static rc_db *open_with_branch(tu_env *e)
{
    e->dbpath = tu_env_path(e, "cache.db");
    rc_db *db;
    assert_int_equal(rc_db_open(&db, e->dbpath), 0);
    assert_int_equal(
        rc_db_exec(db, "INSERT INTO branches(name, version, status, head_sha, cut_sha, cut_date)"
                       " VALUES ('releases/v0.9.2', '0.9.2', 'maintained',"
                       " '1111111111111111111111111111111111111111',"
                       " '3333333333333333333333333333333333333333', 1600000000)"),
        0);
    return db;
}

static void test_ten_thousand_prs(void **state)
{
    tu_env e;
    tu_env_init(&e);
    rc_db *db = open_with_branch(&e);
    const char *dir = e.dir, *dbpath = e.dbpath;
    ghs_server *srv = ghs_start();
    for (int page = 1; page <= 100; page++) {
        rc_buf b = {0};
        rc_buf_puts(&b, "[");
        for (int i = 0; i < 100; i++) {
            long n = 100000 - ((page - 1) * 100 + i);
            rc_buf_printf(
                &b,
                "%s{\"number\": %ld, \"state\": \"closed\", \"title\": \"\\u001b]0;pwned\\u0007"
                "PR %ld $(touch PWNED) \\u009b2J \\u0085 \xc2\x9d"
                "0;x\xc2\x9c \x9b"
                "2J\", \"user\": {\"login\": \"dev\\u001b[2J\"},"
                " \"body\": \"b\", \"labels\": [{\"name\": \"bug\"}],"
                " \"created_at\": \"2026-09-01T00:00:00Z\","
                " \"updated_at\": \"2026-11-01T00:00:00Z\", \"closed_at\": "
                "\"2026-11-01T00:00:00Z\", \"merged_at\": \"2026-11-01T00:00:00Z\","
                " \"merge_commit_sha\": \"%040ld\", \"base\": {\"ref\": \"main\"},"
                " \"head\": {\"ref\": \"b\", \"sha\": \"%040ld\"}}",
                i ? "," : "", n, n, n, n);
        }
        rc_buf_puts(&b, "]");
        char *q = page == 1 ? rc_xstrdup("base=main") : rc_xasprintf("base=main&page=%d", page);
        char *hdr = page < 100 ? rc_xasprintf("Link: <{base}" REPO "/pulls?state=closed&base=main"
                                              "&sort=updated&direction=desc&per_page=100&page=%d>;"
                                              " rel=\"next\"\n",
                                              page + 1)
                               : NULL;
        ghs_add(srv,
                &(ghs_route){.path = REPO "/pulls", .query = q, .body = b.ptr, .headers = hdr});
        free(q);
        free(hdr);
        rc_buf_free(&b);
    }
    ghs_get(srv, REPO "/pulls", "base=releases/v0.9.2", "[]");
    ghs_get(srv, "/search/issues", NULL, "{\"total_count\": 0, \"items\": []}");
    ghs_get(srv, REPO "/commits/*", NULL, "{\"total_count\": 0, \"check_runs\": []}");
    setenv("GH_TOKEN", "ghp_hostileTOKEN", 1);
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(srv));
    const char *ov[] = {api, "relcap.github=OWNER/REPO", "relcap.githubRetries=1"};
    rc_config *cfg;
    assert_int_equal(rc_config_open(&cfg, NULL, ov, 3), 0);
    long before = rss_kb();
    rc_ghsync_report rep = {0};
    int r = rc_ghsync_run(&rep, db, cfg, NULL, NULL);
    if (r != 0)
        fail_msg("ghsync of 10 000 PRs failed: %s", rc_error_last());
    long grown = rss_kb() - before;
    print_message("10 000 PRs: %zu stored in %zu requests, RSS grew %ld MB\n", rep.prs_main,
                  rep.http_requests, grown / 1024);
    assert_int_equal(rep.prs_main, 10000);
    assert_true(grown / 1024 < 300 + MEM_SLACK_MB);
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM prs"), 10000);
    rc_ghsync_report_free(&rep);
    rc_config_free(cfg);
    rc_db_free(db);

    /* and the listing of them stays terminal-safe */
    const char *prs[] = {"--db", dbpath, "prs", NULL};
    tu_result out = tu_relcap(dir, NULL, NULL, prs);
    if (out.status != 0)
        fail_msg("relcap prs failed (%d): %s", out.status, out.err);
    if (!strstr(out.out, "PR 100000 $(touch PWNED)"))
        fail_msg("the hostile titles are missing from relcap prs");
    tu_no_controls("prs", out.out);
    tu_no_controls("prs", out.err);
    tu_result_free(&out);
    inputs_tried++;
    ghs_stop(srv);
    free(api);
    tu_env_clear(&e);
}

/* Regression (found by fuzz_ghsync): GitHub numbers too large for a long
 * (a tracker issue numbered 5e90) made ghsync convert a double out of range,
 * undefined behaviour that the sanitizer build aborts on; the same held for
 * a benchmark record's timestamp (1e300). Both are now treated as absent. */
static void test_huge_json_numbers(void **state)
{
    tu_env e;
    tu_env_init(&e);
    rc_db *db = open_with_branch(&e);
    const char *dir = e.dir;
    ghs_server *srv = ghs_start();
    ghs_get(srv, REPO "/pulls", "base=main",
            "[{\"number\": 5e90, \"state\": \"closed\", \"title\": \"t\","
            " \"merged_at\": \"2026-11-01T00:00:00Z\", \"updated_at\": \"2026-11-01T00:00:00Z\","
            " \"base\": {\"ref\": \"main\"}},"
            " {\"number\": -1e300, \"state\": \"closed\", \"title\": \"u\","
            " \"merged_at\": \"2026-11-01T00:00:00Z\", \"updated_at\": \"2026-11-01T00:00:00Z\","
            " \"base\": {\"ref\": \"main\"}}]");
    ghs_get(srv, REPO "/pulls", "base=releases/v0.9.2", "[]");
    ghs_get(srv, "/search/issues", NULL,
            "{\"total_count\": 1, \"items\": [{\"number\": 5.00556e+90, \"title\": \"[v0.9.2] "
            "Release Tracker\", \"state\": \"open\", \"body\": \"- [ ] #1\","
            " \"updated_at\": \"2026-11-06T00:00:00Z\"}]}");
    ghs_get(srv, REPO "/commits/*", NULL, "{\"total_count\": 0, \"check_runs\": []}");
    setenv("GH_TOKEN", "ghp_hostileTOKEN", 1);
    char *api = rc_xasprintf("relcap.githubApi=%s", ghs_url(srv));
    const char *ov[] = {api, "relcap.github=OWNER/REPO", "relcap.githubRetries=0"};
    rc_config *cfg;
    assert_int_equal(rc_config_open(&cfg, NULL, ov, 3), 0);
    rc_ghsync_report rep = {0};
    int r = rc_ghsync_run(&rep, db, cfg, NULL, NULL);
    if (r != 0)
        fail_msg("ghsync with huge numbers failed: %s", rc_error_last());
    assert_int_equal(rep.trackers, 0);
    /* PRs without a usable number are not stored */
    assert_int_equal(tu_db_int(db, "SELECT count(*) FROM prs"), 0);
    rc_ghsync_report_free(&rep);
    rc_config_free(cfg);
    ghs_stop(srv);
    free(api);

    char *bf = rc_xasprintf("%s/ts.jsonl", dir);
    tu_write(bf, "{\"benchmark\": {\"name\": \"b\", \"extra_info\": {\"args\": {\"test_name\": "
                 "\"t\"}}}, \"model\": {\"name\": \"m\"}, \"metric\": {\"name\": "
                 "\"median_ttft_ms\", \"benchmark_values\": [1.0]}, \"timestamp\": 1e300,"
                 " \"runners\": [{\"name\": \"cuda\", \"type\": \"H100\"}]}\n");
    rc_bench_import_report br = {0};
    rc_bench_import_opts bo = {.commit = "0123456789abcdef0123456789abcdef01234567"};
    assert_int_equal(rc_bench_import_path(&br, db, NULL, bf, &bo), 0);
    assert_int_equal(br.results, 1);
    rc_bench_import_report_free(&br);
    rc_db_free(db);
    inputs_tried += 4;
    free(bf);
    tu_env_clear(&e);
}

/* A value of the wrong form for each type; NULL where any text is valid. */
static const char *wrong_value(const rc_config_key *k)
{
    switch (k->type) {
    case RC_CFG_INT:
        return "many";
    case RC_CFG_NUMBER:
        return "-x1";
    case RC_CFG_BOOL:
        return "perhaps";
    case RC_CFG_PATTERN:
        return "no-placeholder";
    case RC_CFG_MAPPING:
        return "no equals sign";
    case RC_CFG_ENUM:
        return "bogus$(touch PWNED)";
    case RC_CFG_REPO:
        return "not a repo";
    case RC_CFG_URL:
        return "ftp://example.com/$(touch PWNED)";
    default:
        return NULL;
    }
}

/* A repository DIR/repo with one commit; returns the path of its .relcap. */
static char *repo_with_readme(tu_env *e)
{
    tu_env_init(e);
    git_repository *repo = tu_env_repo(e, "repo", false);
    const char *files[] = {"README", "x\n", NULL};
    tu_commit(repo, "refs/heads/main", "initial", T0, files);
    return rc_xasprintf("%s/.relcap", e->wd);
}

static void test_every_key_wrong(void **state)
{
    tu_env e;
    char *rcfile = repo_with_readme(&e);
    const char *dir = e.dir, *wd = e.wd;
    int refused = 0, free_text = 0;
    for (const rc_config_key *k = rc_config_keys; k->name; k++) {
        const char *bad = wrong_value(k);
        if (!bad) {
            free_text++;
            continue;
        }
        char *key = rc_xstrdup(k->name);
        char *star = strchr(key, '*');
        if (star) {
            char *k2 = rc_xasprintf("%.*sh100%s", (int)(star - key), key, star + 1);
            free(key);
            key = k2;
        }
        /* in the committed .relcap file: the message names key and file */
        /* relcap.A -> [relcap] A; relcap.S.T.A -> [relcap "S.T"] A */
        char *dot = strrchr(key, '.');
        const char *first = strchr(key, '.');
        char *content = dot == first
                            ? rc_xasprintf("[relcap]\n\t%s = %s\n", dot + 1, bad)
                            : rc_xasprintf("[relcap \"%.*s\"]\n\t%s = %s\n", (int)(dot - first - 1),
                                           first + 1, dot + 1, bad);
        tu_write(rcfile, content);
        const char *argv[] = {"-C", wd, "config", NULL};
        tu_result r = tu_relcap(dir, NULL, NULL, argv);
        if (r.status != 2)
            fail_msg("%s = %s in .relcap: exit %d, stderr %s", key, bad, r.status, r.err);
        if (!strcasestr(r.err, key) || !strstr(r.err, ".relcap"))
            fail_msg("%s in .relcap: message does not name key and file: %s", key, r.err);
        tu_result_free(&r);
        /* and as -c */
        char *ov = rc_xasprintf("%s=%s", key, bad);
        unlink(rcfile);
        const char *argv2[] = {"-C", wd, "-c", ov, "config", NULL};
        r = tu_relcap(dir, NULL, NULL, argv2);
        if (r.status != 2 || !strcasestr(r.err, key))
            fail_msg("-c %s: exit %d, stderr %s", ov, r.status, r.err);
        tu_result_free(&r);
        refused++;
        inputs_tried += 2;
        free(ov);
        free(content);
        free(key);
    }
    char *pw = rc_xasprintf("%s/PWNED", dir);
    assert_false(exists(pw));
    free(pw);
    print_message("config: %d keys refused with a wrong value (in .relcap and -c), %d free-text "
                  "keys take any value\n",
                  refused, free_text);
    assert_true(refused >= 20);
    free(rcfile);
    tu_env_clear(&e);
}

/* Regression (found in review for this test): a committed .relcap could set
 * relcap.node.NAME.sshOption = ProxyCommand=... and `relcap nodes --check`
 * (which must start nothing) ran it on this machine through ssh. Options
 * that run local commands are now refused, naming the file. */
static void test_ssh_options_from_relcap(void **state)
{
    tu_env e;
    char *rcfile = repo_with_readme(&e);
    const char *dir = e.dir, *wd = e.wd;
    char *pwned = rc_xasprintf("%s/PWNED", dir);
    const char *opts[] = {"ProxyCommand=touch %s",
                          "proxycommand touch %s",
                          "LocalCommand=touch %s",
                          "KnownHostsCommand=touch %s",
                          "Match=exec \"touch %s\"",
                          "PKCS11Provider=%s.so",
                          "Include=%s",
                          "ProxyJump=-oProxyCommand=touch%s"};
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
        char *opt = rc_xasprintf(opts[i], pwned);
        char *content = rc_xasprintf("[relcap \"node.evil\"]\n\tbackend = ssh\n\thost = "
                                     "127.0.0.1\n\tport = 1\n\tcommand = true\n\tsshOption = %s\n",
                                     opt);
        tu_write(rcfile, content);
        const char *argv[] = {"-C", wd, "nodes", "--check", NULL};
        tu_result r = tu_relcap(dir, NULL, NULL, argv);
        if (!strstr(r.out, "refusing ssh option") && !strstr(r.err, "refusing ssh option"))
            fail_msg("sshOption %s not refused: %s%s", opt, r.out, r.err);
        if (!strstr(r.out, ".relcap") && !strstr(r.err, ".relcap"))
            fail_msg("refusal of %s does not name the file: %s%s", opt, r.out, r.err);
        tu_no_controls("nodes --check", r.out);
        tu_result_free(&r);
        assert_false(exists(pwned));
        inputs_tried++;
        free(opt);
        free(content);
    }
    /* a destination that ssh would read as an option */
    tu_write(rcfile, "[relcap \"node.evil\"]\n\tbackend = ssh\n\thost = -oProxyCommand=touch\n"
                     "\tcommand = true\n");
    const char *argv[] = {"-C", wd, "nodes", "--check", NULL};
    tu_result r = tu_relcap(dir, NULL, NULL, argv);
    if (!strstr(r.out, "not a plain ssh destination") &&
        !strstr(r.err, "not a plain ssh destination"))
        fail_msg("host -oProxyCommand=touch not refused: %s%s", r.out, r.err);
    tu_result_free(&r);
    inputs_tried++;
    free(rcfile);
    free(pwned);
    tu_env_clear(&e);
}

static int report(void **state)
{
    print_message("hostile inputs tried: %d\n", inputs_tried);
    return 0;
}

int main(void)
{
    git_libgit2_init();
    /* tu_no_controls decodes with mbrtowc: the C library is the UTF-8 oracle */
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_hostile: no C.UTF-8 locale\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_history),         cmocka_unit_test(test_every_key_wrong),
        cmocka_unit_test(test_ssh_options_from_relcap), cmocka_unit_test(test_ten_thousand_prs),
        cmocka_unit_test(test_huge_json_numbers),       cmocka_unit_test(test_big_bench_file),
    };
    return cmocka_run_group_tests(tests, NULL, report);
}
