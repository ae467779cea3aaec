/* Perf bisection pieces that the demo test (tests/sh/bisect_demo.sh) does
 * not pin down: a step's samples are exactly those of its own run's
 * directory, and the range is the head's first-parent line, refused when
 * the base is not an ancestor (nothing recorded). */
#include "tests/testutil.h"

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/bench/bench.h"
#include "core/bench/bench_samples.h"
#include "core/bisect/bisect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static char *g_dir;

static int setup(void **state)
{
    (void)state;
    g_dir = tu_mkdtemp();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(g_dir);
    free(g_dir);
    return 0;
}

static void write_result(const char *path, double ttft)
{
    char *json = rc_xasprintf("{\"date\": \"20260101-000000\", \"backend\": \"vllm\","
                              " \"model_id\": \"m\", \"median_ttft_ms\": %.1f,"
                              " \"output_throughput\": 100.0}",
                              ttft);
    tu_write(path, json);
    free(json);
}

static void import(rc_db *db, const char *path)
{
    rc_bench_import_report rep;
    memset(&rep, 0, sizeof rep);
    rc_bench_import_opts o = {.commit = "0123456789012345678901234567890123456789",
                              .hardware = "H100"};
    assert_int_equal(rc_bench_import_path(&rep, db, NULL, path, &o), 0);
    assert_int_equal(rep.files_imported, 1);
    rc_bench_import_report_free(&rep);
}

/* runs/1 must not take runs/10's samples (a bare prefix would), nor a
 * directory whose name holds LIKE wildcards match others. */
static void test_samples_under_own_directory(void **state)
{
    (void)state;
    char *dbp = rc_xasprintf("%s/cache.db", g_dir);
    rc_db *db;
    assert_int_equal(rc_db_open(&db, dbp), 0);
    const char *const dirs[] = {"runs/1/results", "runs/10/results", "runs/1%/results",
                                "runs/1_/results"};
    const double values[] = {100.5, 200.5, 300.5, 400.5};
    char *paths[4];
    for (int i = 0; i < 4; i++) {
        paths[i] = rc_xasprintf("%s/%s", g_dir, dirs[i]);
        char *f = rc_xasprintf("%s/serving_x.json", paths[i]);
        write_result(f, values[i]);
        import(db, paths[i]);
        free(f);
    }
    for (int i = 0; i < 4; i++) {
        double *v;
        size_t n;
        assert_int_equal(rc_bench_samples_under(&v, &n, db, paths[i], "H100", "m", "serving_x",
                                                "median_ttft_ms"),
                         0);
        assert_int_equal(n, 1);
        assert_true(v[0] == values[i]);
        free(v);
    }
    double *v;
    size_t n;
    assert_int_equal(
        rc_bench_samples_under(&v, &n, db, paths[0], "H100", "m", "serving_x", "p99_itl_ms"), 0);
    assert_int_equal(n, 0);
    assert_null(v);
    char *have;
    assert_int_equal(rc_bench_metrics_under(&have, db, paths[0], "H100", "m", "serving_x"), 0);
    assert_non_null(strstr(have, "median_ttft_ms"));
    assert_non_null(strstr(have, "output_throughput"));
    free(have);
    for (int i = 0; i < 4; i++)
        free(paths[i]);
    rc_db_free(db);
    free(dbp);
}

typedef struct {
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    git_oid c[5], side, feature, merge;
} range_fx;

/*   main:  c0 - c1 - c2 - merge - c3      tags: good (c0), bad (c3), side (side)
 *               \        /
 *                 feature
 *   side branch from c1: side */
static void range_make(range_fx *f)
{
    char *dir = rc_xasprintf("%s/repo", g_dir);
    f->repo = tu_repo_init(dir, false);
    const char *files[] = {"a", "1", NULL};
    f->c[0] = tu_commit(f->repo, "refs/heads/main", "c0", 1000, files);
    f->c[1] = tu_commit(f->repo, "refs/heads/main", "c1", 1100, files);
    f->feature =
        tu_commit_parents(f->repo, "refs/heads/feature", "feature", 1150, files, &f->c[1], 1);
    f->side = tu_commit_parents(f->repo, "refs/heads/side", "side", 1160, files, &f->c[1], 1);
    f->c[2] = tu_commit(f->repo, "refs/heads/main", "c2", 1200, files);
    git_oid parents[2] = {f->c[2], f->feature};
    f->merge = tu_commit_parents(f->repo, "refs/heads/main", "merge", 1300, files, parents, 2);
    f->c[3] = tu_commit(f->repo, "refs/heads/main", "c3", 1400, files);
    tu_tag(f->repo, "good", &f->c[0], false);
    tu_tag(f->repo, "bad", &f->c[3], false);
    tu_tag(f->repo, "side", &f->side, false);
    const char *over[] = {"relcap.node.n.backend=local", "relcap.node.n.kind=cuda",
                          "relcap.node.n.hardware=H100", "relcap.node.n.command=true"};
    assert_int_equal(rc_config_open(&f->cfg, f->repo, over, 4), 0);
    char *dbp = rc_xasprintf("%s/range.db", g_dir);
    assert_int_equal(rc_db_open(&f->db, dbp), 0);
    free(dbp);
    free(dir);
}

/* A bisect of median_ttft_ms on node n between two tags of the range. */
static rc_bisect_opts range_opts(const char *from, const char *to)
{
    return (rc_bisect_opts){
        .metric = "median_ttft_ms", .test = "t", .model = "m", .node = "n", .from = from, .to = to};
}

static void range_free(range_fx *f)
{
    rc_db_free(f->db);
    rc_config_free(f->cfg);
    git_repository_free(f->repo);
}

/* Bisect median_ttft_ms of t/m on node n from `from` to the tag bad. */
static void test_range_is_first_parent_line(void **state)
{
    (void)state;
    range_fx f;
    range_make(&f);
    rc_bisect_opts o = range_opts("good", "bad");
    int64_t id = 0;
    assert_int_equal(rc_bisect_start(&id, f.db, f.repo, f.cfg, &o), 0);
    rc_bisect b;
    assert_int_equal(rc_bisect_get(&b, f.db, 0), 0);
    assert_int_equal(b.id, id);
    assert_int_equal(b.state, RC_BISECT_RUNNING);
    /* c0 c1 c2 merge c3: the feature commit (second parent) is not a step */
    const git_oid *want[] = {&f.c[0], &f.c[1], &f.c[2], &f.merge, &f.c[3]};
    assert_int_equal(b.ncommits, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(b.commits[i], tu_hex(want[i]));
    assert_string_equal(b.hardware, "H100");
    assert_null(b.note);
    assert_int_equal(b.runs_per_step, 3);
    rc_bisect_clear(&b);
    range_free(&f);
}

static void test_range_refuses_a_base_off_the_line(void **state)
{
    (void)state;
    range_fx f;
    range_make(&f);
    rc_bisect_opts o = range_opts("side", "bad");
    int64_t id = 0;
    assert_int_equal(rc_bisect_start(&id, f.db, f.repo, f.cfg, &o), RC_EINVALID);
    const char *msg = rc_error_last();
    assert_non_null(strstr(msg, "side is not an ancestor of bad"));
    char *hint = rc_xasprintf("--from %.12s", tu_hex(&f.c[1]));
    assert_non_null(strstr(msg, hint));
    free(hint);
    rc_bisect b;
    assert_int_equal(rc_bisect_get(&b, f.db, 0), RC_ENOTFOUND); /* nothing recorded */
    rc_bisect_clear(&b);
    /* the same commit twice, and the ends swapped */
    o.from = "bad";
    assert_int_equal(rc_bisect_start(&id, f.db, f.repo, f.cfg, &o), RC_EINVALID);
    assert_non_null(strstr(rc_error_last(), "same commit"));
    o.from = "bad";
    o.to = "good";
    assert_int_equal(rc_bisect_start(&id, f.db, f.repo, f.cfg, &o), RC_EINVALID);
    assert_non_null(strstr(rc_error_last(), "swap --from and --to"));
    o.from = "nope";
    assert_int_equal(rc_bisect_start(&id, f.db, f.repo, f.cfg, &o), RC_ENOTFOUND);
    o.from = "good";
    o.to = "bad";
    o.node = "missing";
    assert_true(rc_bisect_start(&id, f.db, f.repo, f.cfg, &o) < 0);
    range_free(&f);
}

/* A node whose benchmark reads the commit: c0 and c1 near 100, c2 all over
 * the place (70 or 150 by run), c3 130. */
static const char bench_sh[] =
    "#!/bin/sh\n"
    "c=$1 run=$2 res=$3\n"
    "mkdir -p \"$res\"\n"
    "v=\"100.$((run % 3))\"\n"
    "[ \"$c\" = \"$C2\" ] && { [ $((run % 2)) = 0 ] && v=70 || v=150; }\n"
    "[ \"$c\" = \"$C3\" ] && v=\"130.$((run % 3))\"\n"
    "printf '{\"date\": \"20260101-000000\", \"model_id\": \"m\", \"relcap_run\": \"%s\", "
    "\"median_ttft_ms\": %s}\\n' \"$run\" \"$v\" >\"$res/t.json\"\n";

static int count_runs_of(const char *report, const char *sha12)
{
    const char *p = strstr(report, sha12);
    int n = 0;
    if (p && (p = strstr(p, "\n          ")))
        sscanf(p + 11, "%d run", &n);
    return n;
}

/* An inconclusive commit gets more runs (what the judge says would decide,
 * three rounds at most), then is skipped; the answer names the skipped
 * commit it could also be. */
static void test_inconclusive_gets_more_runs_then_skip(void **state)
{
    (void)state;
    char *dir = rc_xasprintf("%s/repo", g_dir);
    git_repository *repo = tu_repo_init(dir, false);
    const char *files[] = {"a", "1", NULL};
    git_oid c[4];
    for (int i = 0; i < 4; i++) {
        char msg[8];
        snprintf(msg, sizeof msg, "c%d", i);
        c[i] = tu_commit(repo, "refs/heads/main", msg, 1000 + 100 * i, files);
    }
    tu_tag(repo, "good", &c[0], false);
    tu_tag(repo, "bad", &c[3], false);
    char *script = rc_xasprintf("%s/bench.sh", g_dir);
    tu_write(script, bench_sh);
    assert_int_equal(chmod(script, 0755), 0);
    setenv("C2", tu_hex(&c[2]), 1);
    setenv("C3", tu_hex(&c[3]), 1);
    char *cmd0 = rc_xasprintf("relcap.node.n.command=%s", script);
    const char *over[] = {"relcap.node.n.backend=local",    "relcap.node.n.kind=cuda",
                          "relcap.node.n.hardware=H100",    cmd0,
                          "relcap.node.n.command={commit}", "relcap.node.n.command={run}",
                          "relcap.node.n.command={results}"};
    rc_config *cfg;
    assert_int_equal(rc_config_open(&cfg, repo, over, 7), 0);
    char *dbp = rc_xasprintf("%s/inc.db", g_dir);
    rc_db *db;
    assert_int_equal(rc_db_open(&db, dbp), 0);
    rc_bisect_opts o = range_opts("good", "bad");
    int64_t id;
    assert_int_equal(rc_bisect_start(&id, db, repo, cfg, &o), 0);
    bool waiting = true;
    for (int i = 0; i < 3000 && waiting; i++) {
        if (rc_bisect_advance(&waiting, db, repo, cfg, id) != 0)
            fail_msg("advance: %s", rc_error_last());
        struct timespec ts = {0, 20 * 1000000L};
        nanosleep(&ts, NULL);
    }
    rc_bisect b;
    assert_int_equal(rc_bisect_get(&b, db, id), 0);
    char *report = NULL;
    assert_int_equal(rc_bisect_report(&report, db, repo, cfg, id), 0);
    if (b.state != RC_BISECT_DONE)
        fail_msg("not done: %s", report);
    assert_string_equal(b.first_bad, tu_hex(&c[3]));
    assert_non_null(strstr(b.message, "one of the 1 skipped"));
    char c2[13];
    snprintf(c2, sizeof c2, "%.12s", tu_hex(&c[2]));
    char *want = rc_xasprintf("  skip    [2/3] %s c2\n", c2);
    const char *line = strstr(report, want);
    if (!line)
        fail_msg("no '%s' in:\n%s", want, report);
    free(want);
    assert_int_equal(count_runs_of(report, c2), 9); /* 3 rounds of 3 */
    assert_non_null(strstr(line, "-> inconclusive"));
    free(report);
    rc_bisect_clear(&b);
    rc_db_free(db);
    rc_config_free(cfg);
    git_repository_free(repo);
    free(dbp);
    free(cmd0);
    free(script);
    free(dir);
}

TU_MAIN(setup, teardown, cmocka_unit_test(test_samples_under_own_directory),
        cmocka_unit_test(test_range_is_first_parent_line),
        cmocka_unit_test(test_range_refuses_a_base_off_the_line),
        cmocka_unit_test(test_inconclusive_gets_more_runs_then_skip))
