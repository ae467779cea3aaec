/* Deltas between releases on a constructed release history with known
 * answers, default BASE/HEAD, history, triage, the status summary, and the
 * command line (relcap bench ... --json). */
#include "tests/testutil.h"

#include "core/bench/bench.h"
#include "core/bench/bench_diff.h"
#include "core/bench/bench_stats.h"
#include "core/bench/bench_summary.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S090 "9090909090909090909090909090909090909090"
#define S091 "9191919191919191919191919191919191919191"
#define S092R1 "9292929292929292929292929292929292920001"
#define S092R2 "9292929292929292929292929292929292920002"
#define S092 "9292929292929292929292929292929292929292"
#define S093R1 "9393939393939393939393939393939393930001"

#define H100 "NVIDIA H100 80GB HBM3"
#define MI300X "AMD Instinct MI300X"

typedef struct {
    tu_env env; /* first: teardown frees it */
    int nfile;
} fx;

/* A tag row as git sync writes it: version, release, kind and sort key from
 * the version module. */
static void add_tag(fx *f, const char *name, const char *sha)
{
    rc_version v;
    assert_int_equal(rc_version_parse(&v, name), 0);
    char version[RC_VERSION_STRLEN], release[RC_VERSION_STRLEN], key[RC_VERSION_STRLEN];
    rc_version_format(version, sizeof version, &v);
    rc_version_release(release, sizeof release, &v);
    rc_version_sortkey(key, sizeof key, &v);
    sqlite3_stmt *st;
    assert_int_equal(rc_db_prepare(&st, f->env.db,
                                   "INSERT INTO tags(name, version, release, sortkey, kind, sha)"
                                   " VALUES (?, ?, ?, ?, ?, ?)"),
                     0);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, release, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, rc_version_kind_name(rc_version_kind_of(&v)), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, sha, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

/* One v3 record file for (commit, runner type, test, metric, values). */
static void put(fx *f, const char *sha, const char *runner, const char *test, const char *metric,
                const char *values)
{
    char *p = rc_xasprintf("%s/in/r%03d.jsonl", f->env.dir, f->nfile++);
    char *body = rc_xasprintf(
        "{\"benchmark\": {\"name\": \"vLLM benchmark\", \"extra_info\": {\"args\":"
        " {\"test_name\": \"%s\"}}}, \"model\": {\"name\": \"org/model-8B\"}, \"metric\":"
        " {\"name\": \"%s\", \"benchmark_values\": [%s]}, \"runners\": [{\"type\": \"%s\"}],"
        " \"head_sha\": \"%s\"}\n",
        test, metric, values, runner, sha);
    tu_write(p, body);
    rc_bench_import_report rep = {0};
    assert_int_equal(rc_bench_import_path(&rep, f->env.db, NULL, p, NULL), 0);
    assert_int_equal(rep.files_imported, 1);
    rc_bench_import_report_free(&rep);
    free(body);
    free(p);
}

/* As put, with the runner's torch version (the record's environment). */
static void put_env(fx *f, const char *sha, const char *runner, const char *metric,
                    const char *values, const char *torch)
{
    char *p = rc_xasprintf("%s/in/r%03d.json", f->env.dir, f->nfile++);
    char *body = rc_xasprintf(
        "[{\"benchmark\": {\"name\": \"vLLM benchmark\", \"extra_info\": {\"args\":"
        " {\"test_name\": \"serving_model8B_tp1_sharegpt\"}}}, \"model\": {\"name\":"
        " \"org/model-8B\"}, \"metric\": {\"name\": \"%s\", \"benchmark_values\": [%s]},"
        " \"runners\": [{\"type\": \"%s\", \"extra_info\": {\"torch_version\": \"%s\"}}],"
        " \"head_sha\": \"%s\"}]",
        metric, values, runner, torch, sha);
    tu_write(p, body);
    rc_bench_import_report rep = {0};
    assert_int_equal(rc_bench_import_path(&rep, f->env.db, NULL, p, NULL), 0);
    rc_bench_import_report_free(&rep);
    free(body);
    free(p);
}

/* The planted history: v0.9.1 is the base, v0.9.2rc2 the head on H100;
 * MI300X has results on rc1 only. */
static int setup(void **state)
{
    fx *f = rc_xcalloc(1, sizeof *f);
    tu_env_init(&f->env);
    tu_env_db(&f->env, "cache.db");
    add_tag(f, "v0.9.0", S090);
    add_tag(f, "v0.9.1", S091);
    add_tag(f, "v0.9.2rc1", S092R1);
    add_tag(f, "v0.9.2rc2", S092R2);
    add_tag(f, "v0.9.2", S092);
    add_tag(f, "v0.9.3rc1", S093R1);
    const char *t = "serving_model8B_tp1_sharegpt";
    /* older release: must not be the default base */
    put(f, S090, H100, t, "median_ttft_ms", "50, 51, 49, 50.5, 49.5");
    /* base v0.9.1 */
    put(f, S091, H100, t, "median_ttft_ms", "100, 100.5, 99.5, 100.2, 99.8");
    put(f, S091, H100, t, "output_throughput", "1000, 1004, 996, 1001, 999");
    put(f, S091, H100, t, "median_tpot_ms", "70, 130, 95, 105, 100");
    put(f, S091, H100, t, "p99_itl_ms", "100, 100.5, 99.5, 100.2, 99.8");
    put(f, S091, H100, t, "request_throughput", "10");
    put(f, S091, H100, t, "mean_e2el_ms", "500, 501, 499");
    put(f, S091, MI300X, t, "median_ttft_ms", "200, 201, 199");
    /* rc1: an earlier head */
    put(f, S092R1, H100, t, "median_ttft_ms", "105, 105.5, 104.5");
    put(f, S092R1, MI300X, t, "median_ttft_ms", "240, 241, 239");
    /* head v0.9.2rc2 */
    put(f, S092R2, H100, t, "median_ttft_ms", "110, 110.4, 109.6, 110.1, 109.9");
    put(f, S092R2, H100, t, "output_throughput", "1200, 1204, 1196, 1201, 1199");
    put(f, S092R2, H100, t, "median_tpot_ms", "77, 140, 104.5, 115.5, 110");
    put(f, S092R2, H100, t, "p99_itl_ms", "101, 101.5, 100.5, 101.2, 100.8");
    put(f, S092R2, H100, t, "request_throughput", "9");
    put(f, S092R2, H100, t, "std_ttft_ms", "12, 13");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    tu_env_clear(*state);
    free(*state);
    return 0;
}

static const rc_bench_delta *row_of(const rc_bench_diff *d, const char *hw, const char *metric)
{
    for (size_t i = 0; i < d->n; i++)
        if (!strcmp(d->rows[i].hardware, hw) && !strcmp(d->rows[i].metric, metric))
            return &d->rows[i];
    fail_msg("no row %s %s", hw, metric);
    return NULL;
}

static void test_default_diff(void **state)
{
    fx *f = *state;
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    assert_string_equal(d->head, "v0.9.2rc2");
    assert_string_equal(d->base, "v0.9.1");
    assert_string_equal(d->release, "0.9.2");
    assert_string_equal(d->head_sha, S092R2);
    assert_int_equal(d->n, 8);

    const rc_bench_delta *r = row_of(d, "H100", "median_ttft_ms");
    assert_int_equal(r->verdict, RC_BENCH_REGRESSION);
    assert_float_equal(r->delta_pct, -10, 1e-9);
    assert_float_equal(r->base, 100, 1e-9);
    assert_float_equal(r->head, 110, 1e-9);
    assert_int_equal(r->base_n, 5);
    assert_int_equal(r->head_n, 5);
    assert_int_equal(r->better, -1);
    assert_string_equal(r->unit, "ms");
    assert_string_equal(r->backend, "cuda");
    assert_string_equal(r->model, "org/model-8B");
    assert_string_equal(r->test, "serving_model8B_tp1_sharegpt");
    assert_null(r->decision);
    assert_true(r->ratio < 1 && r->ci_low <= r->ratio && r->ratio <= r->ci_high);
    assert_true(r->q_value >= r->p_value && r->q_value <= 0.05);
    /* MI300X has no rc2 results: the regression is not called H100-only
     * as if MI300X had been measured. */
    assert_string_equal(r->scope, "H100-only (MI300X not measured)");
    r = row_of(d, "H100", "output_throughput");
    assert_int_equal(r->verdict, RC_BENCH_IMPROVEMENT);
    assert_float_equal(r->delta_pct, 20, 1e-9);
    assert_string_equal(r->unit, "tok/s");
    r = row_of(d, "H100", "median_tpot_ms");
    assert_int_equal(r->verdict, RC_BENCH_INCONCLUSIVE); /* 10% inside wide noise */
    assert_float_equal(r->delta_pct, -10, 1e-9);
    assert_true(r->runs_needed > 5);
    assert_null(r->scope);
    r = row_of(d, "H100", "p99_itl_ms");
    assert_int_equal(r->verdict, RC_BENCH_NOISE); /* 1% */
    r = row_of(d, "H100", "request_throughput");
    assert_int_equal(r->verdict, RC_BENCH_INCONCLUSIVE); /* one a side: no spread */
    assert_int_equal(r->runs_needed, RC_BENCH_MIN_RUNS);
    assert_true(isnan(r->p_value));
    r = row_of(d, "H100", "mean_e2el_ms");
    assert_int_equal(r->verdict, RC_BENCH_MISSING);
    assert_int_equal(r->head_n, 0);
    r = row_of(d, "H100", "std_ttft_ms");
    assert_int_equal(r->verdict, RC_BENCH_MISSING);
    assert_int_equal(r->base_n, 0);
    r = row_of(d, "MI300X", "median_ttft_ms");
    assert_int_equal(r->verdict, RC_BENCH_MISSING); /* MI300X not run on rc2 yet */
    assert_string_equal(r->backend, "rocm");

    /* Order: regressions (worst first), improvements, inconclusive, missing,
     * noise. */
    assert_int_equal(d->rows[0].verdict, RC_BENCH_REGRESSION);
    assert_string_equal(d->rows[0].metric, "median_ttft_ms");
    assert_int_equal(d->rows[1].verdict, RC_BENCH_IMPROVEMENT);
    assert_int_equal(d->rows[2].verdict, RC_BENCH_INCONCLUSIVE);
    for (size_t i = 1; i < d->n; i++)
        assert_true(d->rows[i - 1].verdict <= d->rows[i].verdict);
    rc_bench_diff_free(d);
}

static void test_explicit_sides_and_filters(void **state)
{
    fx *f = *state;
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    /* Named BASE and HEAD. */
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, "v0.9.0", "v0.9.2rc1", &o), 0);
    const rc_bench_delta *r = row_of(d, "H100", "median_ttft_ms");
    assert_float_equal(r->base, 50, 1e-9);
    assert_float_equal(r->head, 105, 1e-9);
    assert_int_equal(r->verdict, RC_BENCH_REGRESSION); /* 3 vs 5, separated */
    rc_bench_diff_free(d);
    /* HEAD alone: its default base. */
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, "v0.9.2rc1", &o), 0);
    assert_string_equal(d->base, "v0.9.1");
    r = row_of(d, "MI300X", "median_ttft_ms");
    assert_int_equal(r->verdict, RC_BENCH_REGRESSION);
    assert_float_equal(r->delta_pct, -20, 1e-9);
    rc_bench_diff_free(d);
    /* A bare commit as HEAD. */
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, "v0.9.1", S092R2, &o), 0);
    assert_string_equal(d->release, "");
    assert_int_equal(row_of(d, "H100", "median_ttft_ms")->verdict, RC_BENCH_REGRESSION);
    rc_bench_diff_free(d);
    /* Filters. */
    o.hardware = "MI300X";
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    assert_string_equal(d->head, "v0.9.2rc1"); /* newest RC with MI300X results */
    assert_int_equal(d->n, 1);
    rc_bench_diff_free(d);
    o.hardware = NULL;
    o.model = "other/model";
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    assert_int_equal(d->n, 0);
    rc_bench_diff_free(d);
    o.model = NULL;
    /* Unknown names. */
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, "v0.9.1", "v7", &o), RC_ENOTFOUND);
    assert_non_null(strstr(rc_error_last(), "v7"));
    /* Direction override: ttft "higher is better" turns the regression over. */
    const char *dirs[] = {"median_ttft_ms=higher"};
    o.directions = dirs;
    o.n_directions = 1;
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    r = row_of(d, "H100", "median_ttft_ms");
    assert_int_equal(r->verdict, RC_BENCH_IMPROVEMENT);
    assert_float_equal(r->delta_pct, 10, 1e-9);
    rc_bench_diff_free(d);
}

/* The noise floor from earlier tags of the line, a change on all hardware,
 * the environment that changed, and BH q-values across the rows. */
static void test_fence_scope_env(void **state)
{
    fx *f = *state;
    const char *t = "serving_model8B_tp1_sharegpt";
    /* median_itl_ms: 10% slower on rc2 with tight runs, but on rc1 (an
     * earlier tag of the line) its runs spread +-30%: the fence widens the
     * threshold and the change is not a regression. */
    put(f, S091, H100, t, "median_itl_ms", "100, 100.5, 99.5");
    put(f, S092R1, H100, t, "median_itl_ms", "70, 100, 130, 85, 115");
    put(f, S092R2, H100, t, "median_itl_ms", "110, 110.5, 109.5");
    /* median_e2el_ms: 20% slower on both hardware. */
    put(f, S091, H100, t, "median_e2el_ms", "200, 201, 199");
    put(f, S091, MI300X, t, "median_e2el_ms", "300, 301, 299");
    put(f, S092R2, H100, t, "median_e2el_ms", "240, 241, 239");
    put(f, S092R2, MI300X, t, "median_e2el_ms", "360, 361, 359");
    /* mean_tpot_ms: same speed, new torch on head. */
    put_env(f, S091, H100, "mean_tpot_ms", "30, 30.1, 29.9", "2.5.1");
    put_env(f, S092R2, H100, "mean_tpot_ms", "30, 30.1, 29.9", "2.6.0");
    assert_int_equal(tu_db_int(f->env.db,
                               "SELECT count(*) FROM bench_results WHERE"
                               " env = '{\"gpu\":\"NVIDIA H100 80GB HBM3\",\"torch\":\"2.6.0\"}'"),
                     3);

    /* a flat vLLM file and v3 "dependencies" name theirs too */
    char *vp = rc_xasprintf("%s/in/vllm_env.json", f->env.dir);
    tu_write(vp, "{\"model_id\": \"org/model-8B\", \"test_name\": \"envtest\","
                 " \"median_ttft_ms\": 5, \"torch_version\": \"2.6.0\", \"cuda_version\": 12.4}");
    rc_bench_import_opts io = {.tag = "v0.9.1", .hardware = "H100"};
    rc_bench_import_report rep = {0};
    assert_int_equal(rc_bench_import_path(&rep, f->env.db, NULL, vp, &io), 0);
    rc_bench_import_report_free(&rep);
    free(vp);
    assert_int_equal(tu_db_int(f->env.db,
                               "SELECT count(*) FROM bench_results WHERE test = 'envtest' AND"
                               " env = '{\"cuda\":\"12.4\",\"torch\":\"2.6.0\"}'"),
                     1);
    cJSON *rec = cJSON_Parse("{\"runners\": [{\"type\": \"AMD Instinct MI300X\", \"extra_info\":"
                             " {\"rocm_version\": \"6.3\"}}], \"dependencies\": {\"pytorch\":"
                             " {\"version\": \"2.7.0\"}, \"vllm\": {\"version\": \"0.9.2\"}}}");
    char *env = rc_bench_env_json(rec);
    assert_string_equal(env, "{\"gpu\":\"AMD Instinct MI300X\",\"rocm\":\"6.3\",\"torch\":"
                             "\"2.7.0\",\"vllm\":\"0.9.2\"}");
    cJSON_free(env);
    cJSON_Delete(rec);
    rec = cJSON_Parse("{\"median_ttft_ms\": 1}");
    assert_null(rc_bench_env_json(rec));
    /* what the node answered fills what the file does not say */
    env = rc_bench_env_with(rec, "{\"gpu\":\"NVIDIA H100\",\"driver\":\"550.54.15\"}");
    assert_string_equal(env, "{\"gpu\":\"NVIDIA H100\",\"driver\":\"550.54.15\"}");
    cJSON_free(env);
    cJSON_Delete(rec);
    rec = cJSON_Parse("{\"torch_version\": \"2.6.0\"}");
    env = rc_bench_env_with(rec, "{\"torch\":\"2.5.1\",\"cuda\":\"12.4\",\"bad\":1}");
    assert_string_equal(env, "{\"torch\":\"2.6.0\",\"cuda\":\"12.4\"}");
    cJSON_free(env);
    assert_null(rc_bench_env_with(NULL, "not json"));
    cJSON_Delete(rec);

    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    const rc_bench_delta *r = row_of(d, "H100", "median_itl_ms");
    assert_int_equal(r->fence_tags, 1);
    assert_true(r->fence_pct > 20);
    assert_float_equal(r->threshold_pct, r->fence_pct, 0);
    assert_int_not_equal(r->verdict, RC_BENCH_REGRESSION);
    assert_true(r->q_value < 0.05); /* significant, yet within this metric's noise */
    /* rc1's own tight median_ttft_ms gives a fence below 5%: unchanged. */
    r = row_of(d, "H100", "median_ttft_ms");
    assert_int_equal(r->fence_tags, 1);
    assert_true(r->fence_pct < 5);
    assert_float_equal(r->threshold_pct, 5, 0);
    assert_int_equal(r->verdict, RC_BENCH_REGRESSION);

    r = row_of(d, "H100", "median_e2el_ms");
    assert_int_equal(r->verdict, RC_BENCH_REGRESSION);
    assert_string_equal(r->scope, "all");
    assert_string_equal(row_of(d, "MI300X", "median_e2el_ms")->scope, "all");
    char *line = rc_bench_scope_line(d, RC_BENCH_REGRESSION);
    assert_string_equal(line, "3 regressions: 2 on all, 1 H100-only (MI300X not measured)");
    free(line);

    r = row_of(d, "H100", "mean_tpot_ms");
    assert_int_equal(r->verdict, RC_BENCH_NOISE);
    assert_string_equal(r->env_changed, "torch 2.5.1 -> 2.6.0");
    assert_null(row_of(d, "H100", "median_ttft_ms")->env_changed);

    /* q-values: BH across every tested row of the comparison. */
    double p[64], q[64];
    assert_true(d->n <= 64);
    for (size_t i = 0; i < d->n; i++)
        p[i] = d->rows[i].p_value;
    rc_bench_bh(q, p, d->n);
    for (size_t i = 0; i < d->n; i++) {
        if (isnan(p[i]))
            assert_true(isnan(d->rows[i].q_value));
        else
            assert_float_equal(d->rows[i].q_value, q[i], 0);
    }
    /* The hardware filter keeps the comparison's scope and q-values. */
    o.hardware = "H100";
    rc_bench_diff *h;
    assert_int_equal(rc_bench_diff_compute(&h, f->env.db, NULL, NULL, NULL, &o), 0);
    r = row_of(h, "H100", "median_e2el_ms");
    assert_string_equal(r->scope, "all");
    assert_float_equal(r->q_value, row_of(d, "H100", "median_e2el_ms")->q_value, 0);
    for (size_t i = 0; i < h->n; i++)
        assert_string_equal(h->rows[i].hardware, "H100");
    rc_bench_diff_free(h);
    rc_bench_diff_free(d);
}

static void test_no_results(void **state)
{
    (void)state;
    tu_env e;
    tu_env_init(&e);
    rc_db *db = tu_env_db(&e, "c.db");
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    assert_int_equal(rc_bench_diff_compute(&d, db, NULL, NULL, NULL, &o), RC_ENOTFOUND);
    rc_bench_hw_summary *s;
    size_t n;
    assert_int_equal(rc_bench_regressions(&s, &n, db, NULL), 0);
    assert_int_equal(n, 0);
    rc_bench_summary_free(s, n);
    tu_env_clear(&e);
}

/* Ordering comes from version sort keys: 0.9.10 after 0.9.9, a post
 * release after its final, an RC before its final. */
static void test_version_order(void **state)
{
    fx *f = *state;
    rc_db_exec(f->env.db, "DELETE FROM tags");
    add_tag(f, "v0.9.9", "a999999999999999999999999999999999999999");
    add_tag(f, "v0.9.10", "a910000000000000000000000000000000000000");
    add_tag(f, "v0.9.10.post1", "a910100000000000000000000000000000000000");
    add_tag(f, "v0.10.0rc1", "a100100000000000000000000000000000000000");
    add_tag(f, "v0.10.0rc2", "a100200000000000000000000000000000000000");
    add_tag(f, "v0.10.0", "a100000000000000000000000000000000000000");
    const char *t = "latency_x";
    put(f, "a999999999999999999999999999999999999999", H100, t, "latency", "1");
    put(f, "a910000000000000000000000000000000000000", H100, t, "latency", "2");
    put(f, "a910100000000000000000000000000000000000", H100, t, "latency", "3");
    put(f, "a100100000000000000000000000000000000000", H100, t, "latency", "4");
    put(f, "a100000000000000000000000000000000000000", H100, t, "latency", "5");
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    o.hardware = "H100";
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    assert_string_equal(d->head, "v0.10.0rc1"); /* rc2 has no results */
    assert_string_equal(d->base, "v0.9.10.post1");
    assert_string_equal(d->release, "0.10.0");
    assert_float_equal(row_of(d, "H100", "latency")->delta_pct, -100.0 / 3.0, 1e-9);
    rc_bench_diff_free(d);
    rc_bench_history *h;
    assert_int_equal(rc_bench_history_compute(&h, f->env.db, "latency", NULL, &o), 0);
    assert_string_equal(h->release, "0.10.0");
    assert_int_equal(h->ntags, 3);
    assert_string_equal(h->tags[0], "v0.10.0rc1");
    assert_string_equal(h->tags[2], "v0.10.0");
    assert_float_equal(h->series[0].values[2], 5, 0);
    rc_bench_history_free(h);
}

static void test_history(void **state)
{
    fx *f = *state;
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_history *h;
    assert_int_equal(rc_bench_history_compute(&h, f->env.db, "median_ttft_ms", NULL, &o), 0);
    assert_string_equal(h->release, "0.9.2");
    assert_int_equal(h->better, -1);
    assert_int_equal(h->ntags, 3);
    assert_string_equal(h->tags[0], "v0.9.2rc1");
    assert_string_equal(h->tags[1], "v0.9.2rc2");
    assert_string_equal(h->tags[2], "v0.9.2");
    assert_int_equal(h->nseries, 2);
    assert_string_equal(h->series[0].hardware, "H100");
    assert_float_equal(h->series[0].values[0], 105, 1e-9);
    assert_float_equal(h->series[0].values[1], 110, 1e-9);
    assert_true(isnan(h->series[0].values[2]));
    assert_int_equal(h->series[0].counts[1], 5);
    assert_string_equal(h->series[1].hardware, "MI300X");
    assert_float_equal(h->series[1].values[0], 240, 1e-9);
    assert_true(isnan(h->series[1].values[1]));
    rc_bench_history_free(h);
    /* Another release line, filtered. */
    o.hardware = "H100";
    assert_int_equal(rc_bench_history_compute(&h, f->env.db, "median_ttft_ms", "0.9.1", &o), 0);
    assert_int_equal(h->ntags, 1);
    assert_int_equal(h->nseries, 1);
    assert_float_equal(h->series[0].values[0], 100, 1e-9);
    rc_bench_history_free(h);
    assert_int_equal(rc_bench_history_compute(&h, f->env.db, "no_such_ms", NULL, &o), RC_ENOTFOUND);
    assert_int_equal(rc_bench_history_compute(&h, f->env.db, "median_ttft_ms", "7.7.7", &o),
                     RC_ENOTFOUND);
}

static void test_decisions_and_summary(void **state)
{
    fx *f = *state;
    const char *t = "serving_model8B_tp1_sharegpt";
    rc_bench_hw_summary *s;
    size_t n;
    assert_int_equal(rc_bench_regressions(NULL, NULL, f->env.db, NULL), 2);
    assert_int_equal(rc_bench_regressions(&s, &n, f->env.db, NULL), 2);
    assert_int_equal(n, 2);
    assert_string_equal(s[0].hardware, "H100");
    assert_string_equal(s[0].head, "v0.9.2rc2");
    assert_string_equal(s[0].base, "v0.9.1");
    assert_int_equal(s[0].regressions, 1);
    assert_int_equal(s[0].untriaged, 1);
    assert_string_equal(s[1].hardware, "MI300X");
    assert_string_equal(s[1].head, "v0.9.2rc1");
    assert_int_equal(s[1].regressions, 1);
    char *line = rc_bench_summary_line(s, n);
    assert_string_equal(line, "2 regressions: 1 H100-only (MI300X not measured), 1 MI300X-only");
    free(line);
    rc_bench_summary_free(s, n);

    assert_int_equal(rc_bench_decide(f->env.db, "0.9.2", "H100", "org/model-8B", t,
                                     "median_ttft_ms", "approve", "known: new scheduler", "ann"),
                     0);
    /* A later decision without a note keeps the note; both are logged. */
    assert_int_equal(rc_bench_decide(f->env.db, "0.9.2", "H100", "org/model-8B", t,
                                     "median_ttft_ms", "defer", NULL, "bob"),
                     0);
    assert_int_equal(tu_db_int(f->env.db,
                               "SELECT count(*) FROM decision_log WHERE scope = 'bench' AND"
                               " key = '[\"0.9.2\",\"H100\",\"org/model-8B\","
                               "\"serving_model8B_tp1_sharegpt\",\"median_ttft_ms\"]'"),
                     2);
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, NULL, NULL, &o), 0);
    const rc_bench_delta *r = row_of(d, "H100", "median_ttft_ms");
    assert_string_equal(r->decision, "defer");
    assert_string_equal(r->note, "known: new scheduler");
    assert_null(row_of(d, "H100", "request_throughput")->decision);
    rc_bench_diff_free(d);
    assert_int_equal(rc_bench_regressions(&s, &n, f->env.db, NULL), 2);
    assert_int_equal(s[0].untriaged, 0);
    rc_bench_summary_free(s, n);
    /* Decisions belong to a release: another release's diff shows none. */
    assert_int_equal(rc_bench_diff_compute(&d, f->env.db, NULL, "v0.9.0", "v0.9.1", &o), 0);
    assert_null(row_of(d, "H100", "median_ttft_ms")->decision);
    rc_bench_diff_free(d);
    /* Bad input. */
    assert_int_equal(rc_bench_decide(f->env.db, "0.9.2", "H100", "org/model-8B", t, "typo_ms",
                                     "approve", NULL, "ann"),
                     RC_ENOTFOUND);
    assert_int_equal(rc_bench_decide(f->env.db, "0.9.2", "H100", "org/model-8B", t,
                                     "median_ttft_ms", "maybe", NULL, "ann"),
                     RC_EUSAGE);
    assert_int_equal(tu_db_int(f->env.db, "SELECT count(*) FROM bench_decisions"), 1);
}

/* ---- the command line ---- */

static tu_result run(fx *f, const char *const *args)
{
    const char *argv[16] = {"--db", f->env.dbpath};
    size_t i = 2;
    for (; args[i - 2]; i++)
        argv[i] = args[i - 2];
    argv[i] = NULL;
    /* The user's own git config stays out of the test. */
    char *home = rc_xasprintf("HOME=%s", f->env.dir),
         *xdg = rc_xasprintf("XDG_CONFIG_HOME=%s/xdg", f->env.dir);
    const char *env[] = {home, xdg, NULL};
    tu_result r = tu_relcap(f->env.dir, NULL, env, argv);
    free(home);
    free(xdg);
    return r;
}

static void test_cli(void **state)
{
    fx *f = *state;
    const char *help[] = {"bench", "--help", NULL};
    tu_result r = run(f, help);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "usage: relcap bench import"));
    tu_result_free(&r);

    const char *diff[] = {"bench", "diff", "--json", NULL};
    r = run(f, diff);
    assert_int_equal(r.status, 0);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    assert_string_equal(cJSON_GetObjectItem(doc, "head")->valuestring, "v0.9.2rc2");
    assert_string_equal(cJSON_GetObjectItem(doc, "base")->valuestring, "v0.9.1");
    cJSON *rows = cJSON_GetObjectItem(doc, "rows");
    assert_int_equal(cJSON_GetArraySize(rows), 8);
    cJSON *first = cJSON_GetArrayItem(rows, 0);
    static const char *const fields[] = {
        "hardware",    "backend",   "model",       "test",          "metric",
        "unit",        "better",    "base",        "head",          "base_n",
        "head_n",      "delta_pct", "verdict",     "ratio",         "ci_low",
        "ci_high",     "p_value",   "q_value",     "threshold_pct", "noise_fence_pct",
        "runs_needed", "scope",     "env_changed", "decision",      NULL};
    int nf = 0;
    for (size_t i = 0; fields[i]; i++, nf++)
        if (!cJSON_HasObjectItem(first, fields[i]))
            fail_msg("field %s missing", fields[i]);
    assert_int_equal(cJSON_GetArraySize(first), nf);
    assert_string_equal(cJSON_GetObjectItem(first, "verdict")->valuestring, "regression");
    assert_string_equal(cJSON_GetObjectItem(first, "better")->valuestring, "lower");
    assert_string_equal(cJSON_GetObjectItem(first, "metric")->valuestring, "median_ttft_ms");
    assert_float_equal(cJSON_GetObjectItem(first, "delta_pct")->valuedouble, -10, 1e-9);
    /* missing rows: null medians and delta */
    int missing = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, rows)
    {
        if (!strcmp(cJSON_GetObjectItem(it, "verdict")->valuestring, "missing")) {
            missing++;
            assert_true(cJSON_IsNull(cJSON_GetObjectItem(it, "delta_pct")));
        }
    }
    assert_int_equal(missing, 3);
    cJSON_Delete(doc);
    tu_result_free(&r);

    /* --hardware as typed by hand. */
    const char *mi[] = {"bench", "diff", "--hardware", "mi300x", "--json", NULL};
    r = run(f, mi);
    assert_int_equal(r.status, 0);
    doc = cJSON_Parse(r.out);
    assert_string_equal(cJSON_GetObjectItem(doc, "head")->valuestring, "v0.9.2rc1");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "rows")), 1);
    cJSON_Delete(doc);
    tu_result_free(&r);

    /* Plain: a table, regressions first. */
    const char *plain[] = {"bench", "diff", NULL};
    r = run(f, plain);
    assert_int_equal(r.status, 0);
    char *line2 = strchr(strchr(r.out, '\n') + 1, '\n') + 1;
    assert_true(strncmp(line2, "regression", 10) == 0);
    assert_non_null(
        strstr(r.out, "1 regression, 1 improvement, 2 inconclusive, 3 missing, 1 noise"));
    assert_non_null(strstr(r.out, "1 regression: 1 H100-only (MI300X not measured)\n"));
    assert_non_null(strstr(r.out, "needs 3 a side")); /* request_throughput, 1 vs 1 */
    tu_result_free(&r);

    /* Triage through the command, shown by diff. */
    const char *appr[] = {"bench",
                          "approve",
                          "H100",
                          "org/model-8B",
                          "serving_model8B_tp1_sharegpt",
                          "request_throughput",
                          "--note",
                          "expected",
                          NULL};
    r = run(f, appr);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "approve for release 0.9.2"));
    tu_result_free(&r);
    r = run(f, diff);
    assert_non_null(strstr(r.out, "\"decision\":\t\"approve\""));
    tu_result_free(&r);
    const char *bad[] = {"bench", "reject", "H100", "x", "y", NULL};
    r = run(f, bad);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);

    const char *hist[] = {"bench",  "history", "median_ttft_ms", "--hardware", "H100",
                          "--json", NULL};
    r = run(f, hist);
    assert_int_equal(r.status, 0);
    doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "tags")), 3);
    cJSON *vals =
        cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "series"), 0), "values");
    assert_float_equal(cJSON_GetArrayItem(vals, 1)->valuedouble, 110, 1e-9);
    assert_true(cJSON_IsNull(cJSON_GetArrayItem(vals, 2)));
    cJSON_Delete(doc);
    tu_result_free(&r);

    const char *sum[] = {"bench", "summary", "--json", NULL};
    r = run(f, sum);
    assert_int_equal(r.status, 0);
    doc = cJSON_Parse(r.out);
    assert_int_equal(cJSON_GetObjectItem(doc, "regressions")->valueint, 2);
    assert_string_equal(cJSON_GetObjectItem(doc, "line")->valuestring,
                        "2 regressions: 1 H100-only (MI300X not measured), 1 MI300X-only");
    cJSON_Delete(doc);
    tu_result_free(&r);

    /* Import through the command: a bad file names file and position and
     * fails; the good one is stored. */
    char *good = rc_xasprintf("%s/cli/serving_x.json", f->env.dir);
    char *badf = rc_xasprintf("%s/cli/broken.json", f->env.dir);
    tu_write(good, "{\"model_id\": \"m\", \"median_ttft_ms\": 4}");
    tu_write(badf, "[\n{\"model\": {\"name\": \"m\"},\n \"metric\": 3 x]\n");
    const char *imp[] = {"bench",  "import",     good,   badf, "--tag",
                         "v0.9.2", "--hardware", "H100", NULL};
    r = run(f, imp);
    assert_int_equal(r.status, 1);
    char *want = rc_xasprintf("relcap: %s: line 3, column ", badf);
    assert_non_null(strstr(r.err, want));
    free(want);
    assert_non_null(strstr(r.out, "imported 1 file, 1 result;"));
    tu_result_free(&r);
    assert_int_equal(tu_db_int(f->env.db,
                               "SELECT count(*) FROM bench_results WHERE commit_sha = '" S092
                               "' AND tag = 'v0.9.2'"),
                     1);
    r = run(f, imp);
    assert_non_null(strstr(r.out, "0 files, 0 results; 1 already imported; 1 failed"));
    tu_result_free(&r);
    free(good);
    free(badf);
}

/* The demo history: importing every benchmark file of every tag and
 * hardware, the default diff shows exactly the planted regression and
 * improvement. A failing demo or sync (a sanitizer abort included) fails. */
static void test_demo_planted(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char *repo_dir = rc_xasprintf("%s/demo", dir);
    char *home = rc_xasprintf("HOME=%s", dir);
    const char *env[] = {home, NULL};
    const char *demo[] = {"demo", repo_dir, "--no-ui", NULL};
    tu_result r = tu_relcap(dir, NULL, env, demo);
    if (r.status != 0)
        fail_msg("relcap demo failed (%d): %s", r.status, r.err);
    tu_result_free(&r);
    char *planted_path = rc_xasprintf("%s/.relcap-demo/planted.json", repo_dir);
    char *planted = NULL;
    assert_int_equal(rc_file_read(&planted, NULL, planted_path), 0);
    const char *sync[] = {"-C", repo_dir, "sync", "--no-fetch", "--git-only", "--quiet", NULL};
    r = tu_relcap(dir, NULL, env, sync);
    if (r.status != 0)
        fail_msg("relcap sync failed (%d): %s", r.status, r.err);
    tu_result_free(&r);
    cJSON *doc = cJSON_Parse(planted);
    assert_non_null(doc);
    const char *bench_dir = cJSON_GetObjectItem(doc, "bench_dir")->valuestring;
    git_repository *repo;
    assert_int_equal(git_repository_open(&repo, repo_dir), 0);
    char *dbp = rc_xasprintf("%s/.git/relcap/cache.db", repo_dir);
    rc_db *db;
    assert_int_equal(rc_db_open(&db, dbp), 0);
    cJSON *cases = cJSON_GetObjectItem(doc, "bench");
    const char *old_tag = NULL, *new_tag = NULL;
    cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        old_tag = cJSON_GetObjectItem(c, "old_tag")->valuestring;
        new_tag = cJSON_GetObjectItem(c, "new_tag")->valuestring;
    }
    assert_non_null(old_tag);
    const char *tags[] = {old_tag, new_tag};
    const char *hws[] = {"H100", "MI300X"};
    for (int t = 0; t < 2; t++)
        for (int h = 0; h < 2; h++) {
            char *sub = rc_xasprintf("%s/%s/%s", bench_dir, tags[t], hws[h]);
            rc_bench_import_opts o = {.tag = tags[t], .hardware = hws[h]};
            rc_bench_import_report rep = {0};
            if (rc_bench_import_path(&rep, db, repo, sub, &o) != 0)
                fail_msg("%s: %s", sub, rep.nerrors ? rep.errors[0] : rc_error_last());
            assert_true(rep.files_imported + rep.files_skipped > 0); /* demo imports them too */
            rc_bench_import_report_free(&rep);
            free(sub);
        }
    rc_bench_diff_opts o;
    rc_bench_diff_opts_init(&o, NULL);
    rc_bench_diff *d;
    assert_int_equal(rc_bench_diff_compute(&d, db, repo, NULL, NULL, &o), 0);
    assert_string_equal(d->head, new_tag);
    assert_string_equal(d->base, old_tag);
    size_t moved = 0, planted_moves = 0;
    for (size_t i = 0; i < d->n; i++)
        if (d->rows[i].verdict == RC_BENCH_REGRESSION || d->rows[i].verdict == RC_BENCH_IMPROVEMENT)
            moved++;
    cJSON_ArrayForEach(c, cases)
    {
        const char *kind = cJSON_GetObjectItem(c, "kind")->valuestring;
        rc_bench_verdict want = !strcmp(kind, "regression")    ? RC_BENCH_REGRESSION
                                : !strcmp(kind, "improvement") ? RC_BENCH_IMPROVEMENT
                                                               : RC_BENCH_NOISE;
        planted_moves += want != RC_BENCH_NOISE;
        bool found = false;
        for (size_t i = 0; i < d->n; i++) {
            const rc_bench_delta *x = &d->rows[i];
            if (!strcmp(x->hardware, cJSON_GetObjectItem(c, "hardware")->valuestring) &&
                !strcmp(x->model, cJSON_GetObjectItem(c, "model")->valuestring) &&
                !strcmp(x->test, cJSON_GetObjectItem(c, "test")->valuestring) &&
                !strcmp(x->metric, cJSON_GetObjectItem(c, "metric")->valuestring)) {
                found = true;
                /* wide noise is never a regression: noise, or inconclusive
                 * (its +-14% spread is too wide for 3 runs to decide) */
                bool ok = x->verdict == want ||
                          (want == RC_BENCH_NOISE && x->verdict == RC_BENCH_INCONCLUSIVE);
                if (!ok)
                    fail_msg("%s %s: %s, planted %s", x->test, x->metric,
                             rc_bench_verdict_name(x->verdict), kind);
                if (want == RC_BENCH_NOISE) {
                    assert_true(x->verdict == RC_BENCH_NOISE || x->runs_needed > 3);
                    continue;
                }
                /* a change comes with its interval, its q-value and scope */
                assert_true(isfinite(x->ci_low) && isfinite(x->ci_high));
                assert_true(x->ci_low <= x->ratio && x->ratio <= x->ci_high);
                assert_true(want == RC_BENCH_REGRESSION ? x->ci_high < 1 : x->ci_low > 1);
                assert_true(x->q_value <= 0.05);
                char *scope = rc_xasprintf("%s-only", x->hardware);
                assert_string_equal(x->scope, scope);
                free(scope);
            }
        }
        assert_true(found);
    }
    assert_int_equal(moved, planted_moves); /* exactly the planted ones */
    rc_bench_diff_free(d);
    rc_db_free(db);
    git_repository_free(repo);
    cJSON_Delete(doc);
    free(dbp);
    free(planted);
    free(planted_path);
    free(home);
    free(repo_dir);
    tu_rmtree(dir);
    free(dir);
}

TU_MAIN(NULL, NULL, cmocka_unit_test_setup_teardown(test_default_diff, setup, teardown),
        cmocka_unit_test_setup_teardown(test_explicit_sides_and_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fence_scope_env, setup, teardown),
        cmocka_unit_test(test_no_results),
        cmocka_unit_test_setup_teardown(test_version_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_decisions_and_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cli, setup, teardown),
        cmocka_unit_test(test_demo_planted))
