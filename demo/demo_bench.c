/* Benchmark result files of the demo (untracked, under .relcap-demo/bench)
 * and planted.json. Both benchmark formats relcap
 * imports (ARCHITECTURE.md, "Benchmarks") appear: vLLM's
 * --save-result serve JSON, latency and throughput JSON (one sample per file,
 * in run1..run3 directories so the file name stays the test name), and
 * PyTorch "v3" records as a list, a single object and JSON lines.
 *
 * Every metric moves by noise only (true change within +-1.5%, samples
 * within +-0.5%), except three planted deltas: one regression, one
 * improvement and one wide-noise metric whose samples spread +-14%. */
#include "demo/demo_internal.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NRUNS 3

typedef struct {
    const char *model, *serve_test, *latency_test, *throughput_test;
    int tp;
    /* H100 baseline; MI300X scales throughput by 0.93 and times by 1.07 */
    double req_tput, out_tput, total_tput, ttft, tpot, itl, e2el, latency_s, rps, tok_s;
} model_base;

static const model_base models[] = {
    {"meta-llama/Meta-Llama-3.1-8B-Instruct", "serving_llama8B_tp1_sharegpt", "latency_llama8B_tp1",
     "throughput_llama8B_tp1", 1, 9.16, 1827.5, 3808.1, 1802.7, 39.8, 30.2, 9811.0, 1.214, 34.5,
     14120.0},
    {"meta-llama/Llama-4-Scout-17B-16E-Instruct", "serving_llama4_scout_tp4_sharegpt",
     "latency_llama4_scout_tp4", NULL, 4, 13.21, 2651.3, 5512.4, 2404.9, 48.1, 41.0, 12822.0, 2.351,
     0, 0},
    {"mistralai/Mixtral-8x7B-Instruct-v0.1", "serving_mixtral8x7B_tp2_sharegpt",
     "latency_mixtral8x7B_tp2", "throughput_mixtral8x7B_tp2", 2, 10.52, 2110.8, 4391.7, 2051.3,
     44.0, 37.5, 11204.0, 1.912, 21.3, 9051.0},
};
#define NMODELS (sizeof models / sizeof models[0])

typedef struct {
    const char *name, *backend, *runner_type;
    double tput_scale, time_scale;
} hardware;

static const hardware hws[] = {
    {"H100", "cuda", "NVIDIA H100 80GB HBM3", 1.0, 1.0},
    {"MI300X", "rocm", "AMD Instinct MI300X", 0.93, 1.07},
};

static const rc_demo_bench_case planted[] = {
    {"regression", "H100", "cuda", "meta-llama/Llama-4-Scout-17B-16E-Instruct",
     "serving_llama4_scout_tp4_sharegpt", "median_ttft_ms", NULL, NULL, 20.0},
    {"improvement", "MI300X", "rocm", "mistralai/Mixtral-8x7B-Instruct-v0.1",
     "serving_mixtral8x7B_tp2_sharegpt", "output_throughput", NULL, NULL, 15.0},
    {"wide-noise", "MI300X", "rocm", "meta-llama/Meta-Llama-3.1-8B-Instruct",
     "serving_llama8B_tp1_sharegpt", "p99_itl_ms", NULL, NULL, 3.0},
};
#define NPLANTED (sizeof planted / sizeof planted[0])

static const rc_demo_bench_case *planted_for(const char *hw, const char *test, const char *metric)
{
    for (size_t i = 0; i < NPLANTED; i++)
        if (!strcmp(planted[i].hardware, hw) && !strcmp(planted[i].test, test) &&
            !strcmp(planted[i].metric, metric))
            return &planted[i];
    return NULL;
}

/* Six significant digits: enough for every sample of a run to differ (a
 * latency of 1.2 s with two decimals would repeat, and importers skip files
 * with identical content). */
static double round2(double x)
{
    if (x == 0)
        return 0;
    double scale = pow(10.0, 5 - floor(log10(fabs(x))));
    return round(x * scale) / scale;
}

/* NRUNS samples of a metric whose baseline is base, on the old (side 0) or
 * new (side 1) release. The true change of an unplanted metric is drawn
 * once per metric from both sides' shared stream, so old and new agree on
 * it. */
static void samples(double out[NRUNS], demo_rng *rng, double base, int side, const char *hw,
                    const char *test, const char *metric, double change)
{
    const rc_demo_bench_case *p = planted_for(hw, test, metric);
    if (p && !strcmp(p->kind, "wide-noise")) {
        static const double spread[2][NRUNS] = {{0.86, 1.00, 1.14}, {1.15, 0.87, 0.99}};
        for (int i = 0; i < NRUNS; i++)
            out[i] = round2(base * (side ? 1.0 + p->change_pct / 100.0 : 1.0) * spread[side][i]);
        return;
    }
    double truth = side ? base * (1.0 + (p ? p->change_pct / 100.0 : change)) : base;
    for (int i = 0; i < NRUNS; i++)
        out[i] = round2(truth * (1.0 + (demo_rng_unit(rng) - 0.5) * 0.01));
}

typedef struct {
    const char *name;
    double (*base)(const model_base *m, const hardware *h);
} metric_def;

#define TPUT(field)                                                                                \
    static double b_##field(const model_base *m, const hardware *h)                                \
    {                                                                                              \
        return m->field * h->tput_scale;                                                           \
    }
#define TIME(name, field, k)                                                                       \
    static double b_##name(const model_base *m, const hardware *h)                                 \
    {                                                                                              \
        return m->field * h->time_scale * (k);                                                     \
    }
TPUT(req_tput)
TPUT(out_tput)
TPUT(total_tput)
TIME(mean_ttft, ttft, 1.05)
TIME(median_ttft, ttft, 1.0)
TIME(std_ttft, ttft, 0.34)
TIME(p99_ttft, ttft, 1.72)
TIME(mean_tpot, tpot, 1.04)
TIME(median_tpot, tpot, 1.0)
TIME(std_tpot, tpot, 0.24)
TIME(p99_tpot, tpot, 1.94)
TIME(mean_itl, itl, 1.29)
TIME(median_itl, itl, 1.0)
TIME(std_itl, itl, 1.36)
TIME(p99_itl, itl, 6.67)
TIME(mean_e2el, e2el, 0.99)
TIME(median_e2el, e2el, 1.0)
TIME(std_e2el, e2el, 0.41)
TIME(p99_e2el, e2el, 1.85)

static const metric_def serve_metrics[] = {
    {"request_throughput", b_req_tput},
    {"output_throughput", b_out_tput},
    {"total_token_throughput", b_total_tput},
    {"mean_ttft_ms", b_mean_ttft},
    {"median_ttft_ms", b_median_ttft},
    {"std_ttft_ms", b_std_ttft},
    {"p99_ttft_ms", b_p99_ttft},
    {"mean_tpot_ms", b_mean_tpot},
    {"median_tpot_ms", b_median_tpot},
    {"std_tpot_ms", b_std_tpot},
    {"p99_tpot_ms", b_p99_tpot},
    {"mean_itl_ms", b_mean_itl},
    {"median_itl_ms", b_median_itl},
    {"std_itl_ms", b_std_itl},
    {"p99_itl_ms", b_p99_itl},
    {"mean_e2el_ms", b_mean_e2el},
    {"median_e2el_ms", b_median_e2el},
    {"std_e2el_ms", b_std_e2el},
    {"p99_e2el_ms", b_p99_e2el},
};
#define NSERVE (sizeof serve_metrics / sizeof serve_metrics[0])

static int write_json(const char *dir, const char *name, cJSON *doc, bool lines)
{
    int r = rc_mkdirs(dir, 0755);
    if (r)
        return r;
    char *text = NULL;
    if (lines) { /* JSON lines: one unformatted record per line */
        rc_buf b = {0};
        for (cJSON *it = doc->child; it; it = it->next) {
            char *s = cJSON_PrintUnformatted(it);
            rc_buf_printf(&b, "%s\n", s);
            free(s);
        }
        text = rc_buf_detach(&b);
    } else {
        char *s = cJSON_Print(doc);
        text = rc_xasprintf("%s\n", s);
        free(s);
    }
    char *path = rc_xasprintf("%s/%s", dir, name);
    r = rc_file_write(path, text, strlen(text), 0644);
    free(path);
    free(text);
    return r;
}

typedef struct {
    const char *tag, *sha, *branch;
    int side;
    int64_t when;
} side_info;

/* One PyTorch v3 record. */
static cJSON *v3_record(const model_base *m, const hardware *h, const char *test,
                        const char *metric, const double v[NRUNS], const side_info *s, bool meta)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON *bench = cJSON_AddObjectToObject(rec, "benchmark");
    cJSON_AddStringToObject(bench, "name", "vLLM benchmark");
    cJSON_AddStringToObject(bench, "mode", "inference");
    cJSON_AddStringToObject(bench, "dtype", "bf16");
    cJSON *args = cJSON_AddObjectToObject(cJSON_AddObjectToObject(bench, "extra_info"), "args");
    cJSON_AddStringToObject(args, "test_name", test);
    cJSON_AddNumberToObject(args, "tensor_parallel_size", m->tp);
    cJSON *model = cJSON_AddObjectToObject(rec, "model");
    cJSON_AddStringToObject(model, "name", m->model);
    cJSON *met = cJSON_AddObjectToObject(rec, "metric");
    cJSON_AddStringToObject(met, "name", metric);
    cJSON_AddItemToObject(met, "benchmark_values", cJSON_CreateDoubleArray(v, NRUNS));
    cJSON_AddNullToObject(met, "target_value");
    cJSON_AddObjectToObject(met, "extra_info");
    cJSON *runner = cJSON_CreateObject();
    cJSON_AddStringToObject(runner, "name", h->backend);
    cJSON_AddStringToObject(runner, "type", h->runner_type);
    cJSON_AddNumberToObject(runner, "gpu_count", m->tp);
    cJSON *runners = cJSON_AddArrayToObject(rec, "runners");
    cJSON_AddItemToArray(runners, runner);
    if (meta) {
        cJSON_AddStringToObject(rec, "head_branch", s->branch);
        cJSON_AddStringToObject(rec, "head_sha", s->sha);
        cJSON_AddNumberToObject(rec, "timestamp", (double)s->when);
        cJSON_AddStringToObject(rec, "schema_version", "v3");
    }
    return rec;
}

/* The true change of every unplanted metric, fixed per (hardware, test,
 * metric) before either side is written. */
typedef struct {
    double change[2][NMODELS][NSERVE + 8];
} changes;

/* Writes o as hwdir/run<N>/<test>.json, N = run + 1, and frees it. */
static int write_run(const char *hwdir, int run, const char *test, cJSON *o)
{
    char *dir = rc_xasprintf("%s/run%d", hwdir, run + 1);
    char *name = rc_xasprintf("%s.json", test);
    int r = write_json(dir, name, o, false);
    free(name);
    free(dir);
    cJSON_Delete(o);
    return r;
}

/* serve: one --save-result file per run */
static int write_serve(const char *hwdir, demo_rng *rng, const model_base *m, const hardware *h,
                       const double *chg, const side_info *s)
{
    double v[NSERVE][NRUNS];
    for (size_t k = 0; k < NSERVE; k++)
        samples(v[k], rng, serve_metrics[k].base(m, h), s->side, h->name, m->serve_test,
                serve_metrics[k].name, chg[k]);
    int r = 0;
    for (int run = 0; run < NRUNS && !r; run++) {
        cJSON *o = cJSON_CreateObject();
        char date[32];
        char iso[21];
        rc_time_iso(iso, s->when + 3600 * (run + 1));
        snprintf(date, sizeof date, "%.4s%.2s%.2s-%.2s%.2s%.2s", iso, iso + 5, iso + 8, iso + 11,
                 iso + 14, iso + 17);
        cJSON_AddStringToObject(o, "date", date);
        cJSON_AddStringToObject(o, "backend", "vllm");
        cJSON_AddStringToObject(o, "model_id", m->model);
        cJSON_AddStringToObject(o, "tokenizer_id", m->model);
        cJSON_AddNumberToObject(o, "num_prompts", 200);
        cJSON_AddStringToObject(o, "request_rate", "inf");
        cJSON_AddNumberToObject(o, "burstiness", 1.0);
        cJSON_AddNullToObject(o, "max_concurrency");
        cJSON_AddNumberToObject(o, "duration", round2(200.0 / v[0][run]));
        cJSON_AddNumberToObject(o, "completed", 200);
        cJSON_AddNumberToObject(o, "failed", 0);
        cJSON_AddNumberToObject(o, "total_input_tokens", 43256);
        cJSON_AddNumberToObject(o, "total_output_tokens", 39912);
        for (size_t k = 0; k < NSERVE; k++)
            cJSON_AddNumberToObject(o, serve_metrics[k].name, v[k][run]);
        r = write_run(hwdir, run, m->serve_test, o);
    }
    return r;
}

/* latency: vLLM JSON for Llama 3 (mi 0); v3 for the others */
static int write_latency(const char *hwdir, demo_rng *rng, size_t mi, const hardware *h,
                         const double *chg, const side_info *s)
{
    const model_base *m = &models[mi];
    double lat[NRUNS];
    samples(lat, rng, m->latency_s * h->time_scale, s->side, h->name, m->latency_test,
            "avg_latency", chg[NSERVE]);
    int r = 0;
    if (mi == 0) {
        for (int run = 0; run < NRUNS && !r; run++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "avg_latency", lat[run]);
            double l[5];
            for (int i = 0; i < 5; i++)
                l[i] = round2(lat[run] * (0.98 + 0.01 * i));
            cJSON_AddItemToObject(o, "latencies", cJSON_CreateDoubleArray(l, 5));
            cJSON *pct = cJSON_AddObjectToObject(o, "percentiles");
            static const char *const ps[] = {"10", "25", "50", "75", "90", "99"};
            static const double pf[] = {0.97, 0.985, 1.0, 1.01, 1.02, 1.04};
            for (int i = 0; i < 6; i++)
                cJSON_AddNumberToObject(pct, ps[i], round2(lat[run] * pf[i]));
            r = write_run(hwdir, run, m->latency_test, o);
        }
        return r;
    }
    /* Llama 4: a single v3 object; Mixtral: a v3 list */
    double lat_p99[NRUNS];
    samples(lat_p99, rng, m->latency_s * h->time_scale * 1.06, s->side, h->name, m->latency_test,
            "p99_latency", chg[NSERVE + 1]);
    char *name = rc_xasprintf("%s.v3.json", m->latency_test);
    if (mi == 1) {
        cJSON *o = v3_record(m, h, m->latency_test, "latency", lat, s, false);
        r = write_json(hwdir, name, o, false);
        cJSON_Delete(o);
    } else {
        cJSON *list = cJSON_CreateArray();
        cJSON_AddItemToArray(list, v3_record(m, h, m->latency_test, "latency", lat, s, true));
        cJSON_AddItemToArray(list,
                             v3_record(m, h, m->latency_test, "p99_latency", lat_p99, s, true));
        r = write_json(hwdir, name, list, false);
        cJSON_Delete(list);
    }
    free(name);
    return r;
}

/* throughput: vLLM JSON for Llama 3 (mi 0); JSON lines of v3 for Mixtral */
static int write_throughput(const char *hwdir, demo_rng *rng, size_t mi, const hardware *h,
                            const double *chg, const side_info *s)
{
    const model_base *m = &models[mi];
    double rps[NRUNS], tok[NRUNS];
    samples(rps, rng, m->rps * h->tput_scale, s->side, h->name, m->throughput_test,
            "requests_per_second", chg[NSERVE + 2]);
    samples(tok, rng, m->tok_s * h->tput_scale, s->side, h->name, m->throughput_test,
            "tokens_per_second", chg[NSERVE + 3]);
    int r = 0;
    if (mi == 0) {
        for (int run = 0; run < NRUNS && !r; run++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "elapsed_time", round2(1000.0 / rps[run]));
            cJSON_AddNumberToObject(o, "num_requests", 1000);
            cJSON_AddNumberToObject(o, "total_num_tokens", 409600);
            cJSON_AddNumberToObject(o, "requests_per_second", rps[run]);
            cJSON_AddNumberToObject(o, "tokens_per_second", tok[run]);
            r = write_run(hwdir, run, m->throughput_test, o);
        }
        return r;
    }
    cJSON *list = cJSON_CreateArray();
    cJSON_AddItemToArray(list,
                         v3_record(m, h, m->throughput_test, "requests_per_second", rps, s, true));
    cJSON_AddItemToArray(list,
                         v3_record(m, h, m->throughput_test, "tokens_per_second", tok, s, true));
    char *name = rc_xasprintf("%s.v3.jsonl", m->throughput_test);
    r = write_json(hwdir, name, list, true);
    free(name);
    cJSON_Delete(list);
    return r;
}

static int write_side(const char *root, demo_rng *rng, const changes *ch, const side_info *s)
{
    int r = 0;
    for (size_t hi = 0; hi < 2 && !r; hi++) {
        const hardware *h = &hws[hi];
        char *hwdir = rc_xasprintf("%s/%s/%s", root, s->tag, h->name);
        for (size_t mi = 0; mi < NMODELS && !r; mi++) {
            const double *chg = ch->change[hi][mi];
            r = write_serve(hwdir, rng, &models[mi], h, chg, s);
            if (!r)
                r = write_latency(hwdir, rng, mi, h, chg, s);
            if (!r && models[mi].throughput_test)
                r = write_throughput(hwdir, rng, mi, h, chg, s);
        }
        free(hwdir);
    }
    return r;
}

int demo_bench_write(rc_demo_report *rep, const char *bench_dir, unsigned seed, const char *old_tag,
                     const char *old_sha, const char *new_tag, const char *new_sha,
                     const char *branch)
{
    demo_rng rng;
    demo_rng_seed(&rng, (uint64_t)seed * 7919u + 17u);
    changes ch;
    for (size_t h = 0; h < 2; h++)
        for (size_t m = 0; m < NMODELS; m++)
            for (size_t k = 0; k < NSERVE + 8; k++)
                ch.change[h][m][k] = (demo_rng_unit(&rng) - 0.5) * 0.03; /* +-1.5% */
    /* Results were taken a day after each tag; the dates only decorate. */
    side_info old_side = {old_tag, old_sha, branch, 0, 1785744000 + 86400 * 60};
    side_info new_side = {new_tag, new_sha, branch, 1, 1785744000 + 86400 * 100};
    int r = write_side(bench_dir, &rng, &ch, &old_side);
    if (!r)
        r = write_side(bench_dir, &rng, &ch, &new_side);
    if (r)
        return r;
    rep->bench = rc_xcalloc(NPLANTED, sizeof *rep->bench);
    for (size_t i = 0; i < NPLANTED; i++) {
        rep->bench[i] = planted[i];
        rep->bench[i].old_tag = rep->previous_final;
        rep->bench[i].new_tag = rep->newest_rc;
    }
    rep->nbench = NPLANTED;
    return 0;
}

int demo_planted_write(const rc_demo_report *rep)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "dir", rep->dir);
    cJSON_AddNumberToObject(doc, "seed", rep->seed);
    cJSON_AddNumberToObject(doc, "main_commits", (double)rep->main_commits);
    cJSON_AddStringToObject(doc, "newest_branch", rep->newest_branch);
    cJSON_AddStringToObject(doc, "newest_rc", rep->newest_rc);
    cJSON_AddStringToObject(doc, "previous_final", rep->previous_final);
    cJSON_AddStringToObject(doc, "bench_dir", rep->bench_dir);
    cJSON *refs = cJSON_AddObjectToObject(doc, "refs");
    for (size_t i = 0; i < rep->nrefs; i++)
        cJSON_AddStringToObject(refs, rep->refs[i].name, rep->refs[i].sha);
    cJSON *cases = cJSON_AddObjectToObject(doc, "cases");
    for (size_t i = 0; i < rep->ncases; i++) {
        const rc_demo_case *c = &rep->cases[i];
        cJSON *o = cJSON_AddObjectToObject(cases, c->name);
        cJSON_AddStringToObject(o, "branch", c->branch);
        cJSON_AddStringToObject(o, "sha", c->sha);
        if (c->orig[0])
            cJSON_AddStringToObject(o, "orig", c->orig);
        else
            cJSON_AddNullToObject(o, "orig");
        cJSON_AddNumberToObject(o, "pr", c->pr);
        cJSON_AddNumberToObject(o, "orig_pr", c->orig_pr);
        cJSON_AddStringToObject(o, "note", c->note ? c->note : "");
        if (c->evidence)
            cJSON_AddStringToObject(o, "evidence", c->evidence);
    }
    cJSON *bench = cJSON_AddArrayToObject(doc, "bench");
    for (size_t i = 0; i < rep->nbench; i++) {
        const rc_demo_bench_case *b = &rep->bench[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", b->kind);
        cJSON_AddStringToObject(o, "hardware", b->hardware);
        cJSON_AddStringToObject(o, "backend", b->backend);
        cJSON_AddStringToObject(o, "model", b->model);
        cJSON_AddStringToObject(o, "test", b->test);
        cJSON_AddStringToObject(o, "metric", b->metric);
        cJSON_AddStringToObject(o, "old_tag", b->old_tag);
        cJSON_AddStringToObject(o, "new_tag", b->new_tag);
        cJSON_AddNumberToObject(o, "change_pct", b->change_pct);
        cJSON_AddItemToArray(bench, o);
    }
    char *dir = rc_xasprintf("%s/.relcap-demo", rep->dir);
    int r = write_json(dir, "planted.json", doc, false);
    free(dir);
    cJSON_Delete(doc);
    return r;
}
