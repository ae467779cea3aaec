/* relcap bench: import result files, deltas between releases, a metric's
 * history, triage of benchmark rows and the per-hardware summary. */
#include "core/bench/bench.h"
#include "core/bench/bench_diff.h"
#include "core/bench/bench_summary.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/git/gitsync.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char cmd_bench_usage[] =
    "usage: relcap bench import FILE|DIR... [--tag T | --commit SHA] [--hardware H]\n"
    "                          [--backend cuda|rocm] [--model M] [--json]\n"
    "       relcap bench diff [BASE] [HEAD] [--hardware H] [--model M] [--changed] [--json]\n"
    "       relcap bench history METRIC [--model M] [--hardware H] [--release X.Y.Z] [--json]\n"
    "       relcap bench approve|reject|defer HARDWARE MODEL TEST METRIC [--release X.Y.Z]\n"
    "                          [--note TEXT]\n"
    "       relcap bench summary [--json]\n"
    "       relcap bench bisect METRIC --node NODE [--test T] [--model M] [--hardware H]\n"
    "                          [--from TAG] [--to TAG] [--runs N] [--start-timeout S]\n"
    "                          [--no-wait]\n"
    "       relcap bench bisect --status [--json] | --continue [--id N]\n"
    "\n"
    "import   store results from vLLM --save-result JSON files (serve, latency, throughput)\n"
    "         and PyTorch OSS benchmark v3 records (a list, one object, or JSON lines).\n"
    "         Results belong to --tag's or --commit's commit, else each record's head_sha;\n"
    "         hardware comes from --hardware or the record's runner type. vLLM latency and\n"
    "         throughput files name no model: --model, else the test name's model part\n"
    "         (latency_llama8B_tp1: llama8B). A file already imported (same content) is\n"
    "         skipped; a bad file stores nothing.\n"
    "diff     per hardware, model, test and metric: base and head medians, the change\n"
    "         (positive is better), the ratio (below 1 is worse) with its 95% interval\n"
    "         (Welch's t on logs), the Benjamini-Hochberg q-value across the rows, and a\n"
    "         verdict: regression or improvement (q <= alpha and beyond the threshold),\n"
    "         noise (interval inside +-threshold), inconclusive (with the runs a side\n"
    "         that would decide, 80% power), missing. SCOPE: where a change holds\n"
    "         across relcap.requiredHardware (H100-only, all). A metric noisier on\n"
    "         the earlier tags of the line gets a wider threshold (Q3 + 3 IQR).\n"
    "         Default HEAD: the newest RC tag with results; default BASE: the newest final\n"
    "         release before it with results. Regressions are listed first; --changed\n"
    "         leaves out the noise rows. Tags may be named in any PEP 440 spelling\n"
    "         (v0.9.2rc1 finds v0.9.2-rc1). On a terminal the table goes through\n"
    "         $PAGER (default less -FRX), as git does.\n"
    "history  the metric's median on every tag of a release line (default: the newest\n"
    "         with results), one series per hardware, model and test.\n"
    "approve, reject, defer\n"
    "         record the captain's decision on a benchmark row for a release (default:\n"
    "         the release of the newest RC with results); shown by diff.\n"
    "summary  regressions of the newest RC per hardware, naming each regressed metric.\n"
    "bisect   find the commit that made METRIC worse: along the first-parent line from\n"
    "         --from (good; default the regression's base) to --to (bad; default its head)\n"
    "         it launches --runs runs (default 3) at each midpoint on NODE, imports them\n"
    "         and judges each against the good end as diff does (more runs when that\n"
    "         cannot tell, skip when the code fails to run). Test and model default to\n"
    "         the regression's row. The state is in the cache: interrupt at will,\n"
    "         --status shows it (--json: state, range, steps with commit, verdict and\n"
    "         runs, first bad commit with its PR and original on main), --continue\n"
    "         resumes (also after a pause: a node that failed, a run queued past\n"
    "         --start-timeout, default 1800 s).\n"
    "\n"
    "Keys: relcap.benchThreshold (percent, default 5), relcap.benchAlpha (q-value cut,\n"
    "default 0.05), relcap.metricDirection NAME=higher|lower (multi-valued),\n"
    "relcap.requiredHardware (the hardware SCOPE ranges over).\n";

/* --hardware as typed ("h100", "NVIDIA H100 80GB HBM3") to the stored name. */
static const char *hw_name(char *buf, size_t n, const char *typed)
{
    if (!typed)
        return NULL;
    rc_bench_normalize_hardware(buf, n, typed);
    return buf;
}

static char *safe(const char *s)
{
    return rc_sanitize(s ? s : "", false);
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *num_or_null(double d)
{
    return isfinite(d) ? cJSON_CreateNumber(d) : cJSON_CreateNull();
}

/* ---- import ---- */

/* The options of the subcommands: a FILE, METRIC... positional set,
 * --NAME V or --NAME=V, and "-" as a positional argument (stdin). */
static int parse(const rc_cmd *self, int argc, char **argv, const cmd_opt *opts, const char **pos,
                 int *npos, int max, const char *extra)
{
    return cmd_parse_opts(self, argc, argv,
                          &(cmd_args){.opts = opts,
                                      .pos = pos,
                                      .npos = npos,
                                      .max = max,
                                      .flags = CMD_ARGS_DASH,
                                      .extra = extra,
                                      .no_value = "%s needs a value"});
}

static int bench_import(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    rc_bench_import_opts o = {0};
    bool json = false;
    const char **paths = rc_xcalloc((size_t)argc, sizeof *paths);
    int np = 0;
    const cmd_opt opts[] = {OPT_STRING("--tag", &o.tag),
                            OPT_STRING("--commit", &o.commit),
                            OPT_STRING("--hardware", &o.hardware),
                            OPT_STRING("--backend", &o.backend),
                            OPT_STRING("--model", &o.model),
                            OPT_BOOL("--json", &json),
                            OPT_END};
    int err = parse(self, argc, argv, opts, paths, &np, -1, NULL);
    if (!err && np == 0)
        err = cmd_usage_error(self, "import needs a FILE or DIR");
    if (!err && o.tag && o.commit)
        err = cmd_usage_error(self, "give --tag or --commit, not both");
    if (!err && o.backend && strcmp(o.backend, "cuda") && strcmp(o.backend, "rocm"))
        err = cmd_usage_error(self, "--backend must be cuda or rocm");
    if (err) {
        free(paths);
        return err;
    }
    rc_db *db;
    int r = ctx_db(ctx, &db);
    if (r) {
        free(paths);
        return r;
    }
    git_repository *repo = ctx->repo; /* opened by ctx_config when there is one */
    rc_bench_import_report rep = {0};
    for (int i = 0; i < np; i++) {
        r = rc_bench_import_path(&rep, db, repo, paths[i], &o);
        if (r && r != RC_EINVALID) { /* --tag/--commit could not be resolved */
            free(paths);
            rc_bench_import_report_free(&rep);
            return cmd_fail();
        }
    }
    free(paths);
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddNumberToObject(doc, "files_imported", (double)rep.files_imported);
        cJSON_AddNumberToObject(doc, "files_skipped", (double)rep.files_skipped);
        cJSON_AddNumberToObject(doc, "files_failed", (double)rep.files_failed);
        cJSON_AddNumberToObject(doc, "results", (double)rep.results);
        cJSON *errs = cJSON_AddArrayToObject(doc, "errors");
        for (size_t i = 0; i < rep.nerrors; i++)
            cJSON_AddItemToArray(errs, cJSON_CreateString(rep.errors[i]));
        cmd_print_json(doc);
    } else {
        printf("imported %zu %s, %zu %s; %zu already imported; %zu failed\n", rep.files_imported,
               out_plural(rep.files_imported, "file", "files"), rep.results,
               out_plural(rep.results, "result", "results"), rep.files_skipped, rep.files_failed);
    }
    for (size_t i = 0; i < rep.nerrors; i++) {
        char *s = safe(rep.errors[i]);
        fprintf(stderr, "relcap: %s\n", s);
        free(s);
    }
    int status = rep.files_failed ? 1 : 0;
    rc_bench_import_report_free(&rep);
    return status;
}

/* ---- diff ---- */

static const char *better_name(int b)
{
    return b > 0 ? "higher" : b < 0 ? "lower" : "unknown";
}

/* The object a row of `bench diff --json` or a series of `bench history
 * --json` starts with: which series it is (metric omitted when NULL). */
static cJSON *series_json(const char *hardware, const char *backend, const char *model,
                          const char *test, const char *metric, const char *unit)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "hardware", hardware);
    cJSON_AddStringToObject(o, "backend", backend);
    cJSON_AddStringToObject(o, "model", model);
    cJSON_AddStringToObject(o, "test", test);
    if (metric)
        cJSON_AddStringToObject(o, "metric", metric);
    cJSON_AddStringToObject(o, "unit", unit);
    return o;
}

static void print_diff_json(const rc_bench_diff *d)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "base", d->base);
    cJSON_AddStringToObject(doc, "head", d->head);
    cJSON_AddStringToObject(doc, "base_sha", d->base_sha);
    cJSON_AddStringToObject(doc, "head_sha", d->head_sha);
    cJSON_AddStringToObject(doc, "release", d->release);
    cJSON *rows = cJSON_AddArrayToObject(doc, "rows");
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *x = &d->rows[i];
        cJSON *o = series_json(x->hardware, x->backend, x->model, x->test, x->metric, x->unit);
        cJSON_AddStringToObject(o, "better", better_name(x->better));
        cJSON_AddItemToObject(o, "base", num_or_null(x->base));
        cJSON_AddItemToObject(o, "head", num_or_null(x->head));
        cJSON_AddNumberToObject(o, "base_n", (double)x->base_n);
        cJSON_AddNumberToObject(o, "head_n", (double)x->head_n);
        cJSON_AddItemToObject(o, "delta_pct", num_or_null(x->delta_pct));
        cJSON_AddStringToObject(o, "verdict", rc_bench_verdict_name(x->verdict));
        cJSON_AddItemToObject(o, "ratio", num_or_null(x->ratio));
        cJSON_AddItemToObject(o, "ci_low", num_or_null(x->ci_low));
        cJSON_AddItemToObject(o, "ci_high", num_or_null(x->ci_high));
        cJSON_AddItemToObject(o, "p_value", num_or_null(x->p_value));
        cJSON_AddItemToObject(o, "q_value", num_or_null(x->q_value));
        cJSON_AddNumberToObject(o, "threshold_pct", x->threshold_pct);
        cJSON_AddItemToObject(o, "noise_fence_pct",
                              num_or_null(x->fence_tags ? x->fence_pct : NAN));
        if (x->runs_needed > 0)
            cJSON_AddNumberToObject(o, "runs_needed", x->runs_needed);
        else
            cJSON_AddNullToObject(o, "runs_needed");
        cJSON_AddItemToObject(o, "scope", str_or_null(x->scope));
        cJSON_AddItemToObject(o, "env_changed", str_or_null(x->env_changed));
        cJSON_AddItemToObject(o, "decision", str_or_null(x->decision));
        if (x->note)
            cJSON_AddStringToObject(o, "note", x->note);
        cJSON_AddItemToArray(rows, o);
    }
    cmd_print_json(doc);
}

static void fmt_num(char *buf, size_t n, double v)
{
    rc_bench_fmt_value(buf, n, v);
}

static const char *verdict_sgr(rc_bench_verdict v)
{
    return v == RC_BENCH_REGRESSION ? "31" : v == RC_BENCH_IMPROVEMENT ? "32" : NULL;
}

/* The RATIO, Q and SCOPE cells of a row (each malloc'd). */
static void stat_cells(char **ratio, char **q, char **scope, const rc_bench_delta *x)
{
    if (isfinite(x->ci_low))
        *ratio = rc_xasprintf("%.3f [%.3f, %.3f]", x->ratio, x->ci_low, x->ci_high);
    else
        *ratio = isfinite(x->ratio) ? rc_xasprintf("%.3f", x->ratio) : rc_xstrdup("-");
    *q = isfinite(x->q_value) ? rc_xasprintf("%.3g", x->q_value) : rc_xstrdup("-");
    if (x->runs_needed > 0)
        *scope = rc_xasprintf("needs %d a side", x->runs_needed);
    else
        *scope = rc_xstrdup(x->scope ? x->scope : "-");
}

/* changed: noise rows are left out (the count line still counts them). */
static void print_diff_plain(rc_ctx *ctx, const rc_bench_diff *d, bool changed)
{
    static const out_col cols[] = {
        {"VERDICT", OUT_LEFT, false}, {"HARDWARE", OUT_LEFT, false},
        {"MODEL", OUT_LEFT, true},    {"TEST", OUT_LEFT, true},
        {"METRIC", OUT_LEFT, false},  {"BASE", OUT_RIGHT, false},
        {"HEAD", OUT_RIGHT, false},   {"DELTA", OUT_RIGHT, false},
        {"N", OUT_RIGHT, false},      {"RATIO [95% CI]", OUT_RIGHT, false},
        {"Q", OUT_RIGHT, false},      {"SCOPE", OUT_LEFT, false},
        {"DECISION", OUT_LEFT, false}};
    char *b = safe(d->base), *h = safe(d->head);
    printf("base %s (%.12s)  head %s (%.12s)\n", b, d->base_sha, h, d->head_sha);
    free(b);
    free(h);
    if (d->n == 0) {
        printf("no results on either side\n");
        return;
    }
    out_table *t = out_table_new(cols, sizeof cols / sizeof *cols);
    size_t counts[RC_BENCH_NVERDICTS] = {0}, shown = 0;
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *x = &d->rows[i];
        counts[x->verdict]++;
        if (changed && x->verdict == RC_BENCH_NOISE)
            continue;
        char base[32], head[32], delta[32], n[48], *ratio, *q, *scope;
        rc_bench_fmt_value(base, sizeof base, x->base);
        rc_bench_fmt_value(head, sizeof head, x->head);
        rc_bench_fmt_pct(delta, sizeof delta, x->delta_pct);
        snprintf(n, sizeof n, "%zu/%zu", x->base_n, x->head_n);
        stat_cells(&ratio, &q, &scope, x);
        const char *cells[] = {rc_bench_verdict_name(x->verdict),
                               x->hardware,
                               x->model,
                               x->test,
                               x->metric,
                               base,
                               head,
                               delta,
                               n,
                               ratio,
                               q,
                               scope,
                               x->decision};
        out_table_add(t, cells, verdict_sgr(x->verdict));
        free(ratio);
        free(q);
        free(scope);
        shown++;
    }
    if (shown)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    size_t reg = counts[RC_BENCH_REGRESSION], imp = counts[RC_BENCH_IMPROVEMENT];
    printf("%zu %s, %zu %s, %zu inconclusive, %zu missing, %zu noise%s\n", reg,
           out_plural(reg, "regression", "regressions"), imp,
           out_plural(imp, "improvement", "improvements"), counts[RC_BENCH_INCONCLUSIVE],
           counts[RC_BENCH_MISSING], counts[RC_BENCH_NOISE],
           changed && counts[RC_BENCH_NOISE] ? " (noise not shown)" : "");
    for (int v = RC_BENCH_REGRESSION; v <= RC_BENCH_IMPROVEMENT; v++) {
        char *line = rc_bench_scope_line(d, (rc_bench_verdict)v), *s = safe(line);
        printf("%s\n", s);
        free(s);
        free(line);
    }
}

/* The comparison options of the configuration (threshold, alpha, metric
 * directions, required hardware); an exit status. */
static int diff_opts(rc_bench_diff_opts *o, rc_ctx *ctx)
{
    rc_config *cfg;
    int r = ctx_config(ctx, &cfg);
    if (r)
        return r;
    return rc_bench_diff_opts_init(o, cfg) != 0 ? cmd_fail() : 0;
}

static int bench_diff(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    int npos = 0;
    bool json = false, changed = false;
    rc_bench_diff_opts o;
    int r = diff_opts(&o, ctx);
    if (r)
        return r;
    const cmd_opt opts[] = {OPT_STRING("--hardware", &o.hardware), OPT_STRING("--model", &o.model),
                            OPT_BOOL("--json", &json), OPT_BOOL("--changed", &changed), OPT_END};
    if ((r = parse(self, argc, argv, opts, pos, &npos, 2, "diff takes at most BASE and HEAD")))
        return r;
    char hwbuf[64];
    o.hardware = hw_name(hwbuf, sizeof hwbuf, o.hardware);
    rc_db *db;
    if ((r = ctx_db(ctx, &db)))
        return r;
    /* One name: it is HEAD (compare it with its default base). */
    const char *base = npos == 2 ? pos[0] : NULL, *head = npos == 2 ? pos[1] : pos[0];
    rc_bench_diff *d;
    if (rc_bench_diff_compute(&d, db, ctx->repo, base, head, &o) != 0)
        return cmd_fail();
    if (json) {
        print_diff_json(d);
    } else {
        out_pager(); /* a diff runs to 150 rows: paged on a terminal, as git does */
        print_diff_plain(ctx, d, changed);
    }
    rc_bench_diff_free(d);
    return 0;
}

/* ---- history ---- */

static void sparkline(rc_buf *b, const double *v, size_t n)
{
    static const char *const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            lo = fmin(lo, v[i]);
            hi = fmax(hi, v[i]);
        }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) {
            rc_buf_puts(b, " ");
            continue;
        }
        int k = hi > lo ? (int)((v[i] - lo) / (hi - lo) * 7 + 0.5) : 3;
        rc_buf_puts(b, bars[k]);
    }
}

static void print_history_json(const rc_bench_history *h)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "metric", h->metric);
    cJSON_AddStringToObject(doc, "release", h->release);
    cJSON_AddStringToObject(doc, "better", better_name(h->better));
    cJSON *tags = cJSON_AddArrayToObject(doc, "tags");
    for (size_t t = 0; t < h->ntags; t++)
        cJSON_AddItemToArray(tags, cJSON_CreateString(h->tags[t]));
    cJSON *series = cJSON_AddArrayToObject(doc, "series");
    for (size_t i = 0; i < h->nseries; i++) {
        const rc_bench_series *s = &h->series[i];
        cJSON *o2 = series_json(s->hardware, s->backend, s->model, s->test, NULL, s->unit);
        cJSON *vals = cJSON_AddArrayToObject(o2, "values");
        cJSON *ns = cJSON_AddArrayToObject(o2, "n");
        for (size_t t = 0; t < h->ntags; t++) {
            cJSON_AddItemToArray(vals, num_or_null(s->values[t]));
            cJSON_AddItemToArray(ns, cJSON_CreateNumber((double)s->counts[t]));
        }
        cJSON_AddItemToArray(series, o2);
    }
    cmd_print_json(doc);
}

static void print_history_text(const rc_bench_history *h)
{
    char *m = safe(h->metric);
    printf("%s on release %s (%s is better)\ntags:", m, h->release, better_name(h->better));
    free(m);
    for (size_t t = 0; t < h->ntags; t++) {
        char *s = safe(h->tags[t]);
        printf(" %s", s);
        free(s);
    }
    putchar('\n');
    for (size_t i = 0; i < h->nseries; i++) {
        const rc_bench_series *s = &h->series[i];
        rc_buf line = {0};
        sparkline(&line, s->values, h->ntags);
        char *hw = safe(s->hardware), *mo = safe(s->model), *te = safe(s->test);
        printf("%-8s %-28s %-28s %s ", hw, mo, te, line.ptr ? line.ptr : "");
        free(hw);
        free(mo);
        free(te);
        rc_buf_free(&line);
        for (size_t t = 0; t < h->ntags; t++) {
            char v[32];
            fmt_num(v, sizeof v, s->values[t]);
            printf(" %s", v);
        }
        printf(" %s\n", s->unit);
    }
}

static int bench_history(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *metric = NULL, *release = NULL;
    bool json = false;
    rc_bench_diff_opts o;
    int r = diff_opts(&o, ctx);
    if (r)
        return r;
    const cmd_opt opts[] = {OPT_STRING("--hardware", &o.hardware), OPT_STRING("--model", &o.model),
                            OPT_STRING("--release", &release), OPT_BOOL("--json", &json), OPT_END};
    if ((r = parse(self, argc, argv, opts, &metric, NULL, 1, "history takes one METRIC")))
        return r;
    if (!metric)
        return cmd_usage_error(self, "history needs a METRIC");
    char hwbuf[64];
    o.hardware = hw_name(hwbuf, sizeof hwbuf, o.hardware);
    rc_db *db;
    if ((r = ctx_db(ctx, &db)))
        return r;
    rc_bench_history *h;
    if (rc_bench_history_compute(&h, db, metric, release, &o) != 0)
        return cmd_fail();
    if (json)
        print_history_json(h);
    else
        print_history_text(h);
    rc_bench_history_free(h);
    return 0;
}

/* ---- triage ---- */

static char *decision_author(rc_ctx *ctx, rc_config *cfg)
{
    const char *a = NULL;
    if (rc_config_string(&a, cfg, "relcap.author") == 0 && a && *a)
        return rc_xstrdup(a);
    if (ctx->repo) {
        git_config *gc = NULL;
        git_buf buf = {0};
        char *out = NULL;
        if (git_repository_config(&gc, ctx->repo) == 0 &&
            git_config_get_string_buf(&buf, gc, "user.name") == 0 && buf.ptr && *buf.ptr)
            out = rc_xstrdup(buf.ptr);
        git_buf_dispose(&buf);
        git_config_free(gc);
        if (out)
            return out;
    }
    const char *u = getenv("USER");
    return rc_xstrdup(u && *u ? u : "unknown");
}

/* approve, reject or defer (argv[0]) a benchmark row. */
static int bench_decide(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *decision = argv[0];
    const char *pos[4] = {0}, *release = NULL, *note = NULL;
    int npos = 0;
    const cmd_opt opts[] = {OPT_STRING("--release", &release), OPT_STRING("--note", &note),
                            OPT_END};
    /* the decision is one of three fixed words: a safe part of the format */
    char *takes = rc_xasprintf("%s takes HARDWARE MODEL TEST METRIC", decision);
    int err = parse(self, argc, argv, opts, pos, &npos, 4, takes);
    free(takes);
    if (!err && npos != 4)
        err = cmd_usage_error(self, "%s needs HARDWARE MODEL TEST METRIC", decision);
    if (err)
        return err;
    char hwbuf[64];
    pos[0] = hw_name(hwbuf, sizeof hwbuf, pos[0]);
    rc_config *cfg;
    rc_db *db;
    int r;
    if ((r = ctx_config(ctx, &cfg)) || (r = ctx_db(ctx, &db)))
        return r;
    char *rel = NULL;
    if (release) {
        rel = rc_xstrdup(release);
    } else {
        char *head = NULL;
        if (rc_bench_default_head(&head, db, pos[0]) != 0)
            return cmd_fail();
        rc_tag_row t;
        if (rc_gitsync_tag_get(&t, db, head) == 0) {
            rel = t.release;
            t.release = NULL;
        }
        rc_tag_row_free(&t);
        rc_error_clear();
        free(head);
    }
    char *author = decision_author(ctx, cfg);
    r = rc_bench_decide(db, rel, pos[0], pos[1], pos[2], pos[3], decision, note, author);
    free(author);
    if (r) {
        free(rel);
        return cmd_fail();
    }
    char *s = safe(pos[3]);
    printf("%s: %s for release %s\n", s, decision, rel);
    free(s);
    free(rel);
    return 0;
}

/* ---- summary ---- */

static int bench_summary(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    rc_db *db;
    rc_bench_diff_opts o;
    int r = cmd_json_only(self, argc, argv, &json);
    if (r || (r = diff_opts(&o, ctx)) || (r = ctx_db(ctx, &db)))
        return r;
    rc_bench_hw_summary *s;
    size_t n;
    int total = rc_bench_regressions(&s, &n, db, &o);
    if (total < 0)
        return cmd_fail();
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddNumberToObject(doc, "regressions", total);
        cJSON *arr = cJSON_AddArrayToObject(doc, "hardware");
        for (size_t i = 0; i < n; i++) {
            cJSON *o2 = cJSON_CreateObject();
            cJSON_AddStringToObject(o2, "hardware", s[i].hardware);
            cJSON_AddStringToObject(o2, "head", s[i].head);
            if (s[i].base)
                cJSON_AddStringToObject(o2, "base", s[i].base);
            else
                cJSON_AddNullToObject(o2, "base");
            cJSON_AddNumberToObject(o2, "regressions", (double)s[i].regressions);
            cJSON_AddNumberToObject(o2, "untriaged", (double)s[i].untriaged);
            if (s[i].regressed)
                cJSON_AddStringToObject(o2, "regressed", s[i].regressed);
            else
                cJSON_AddNullToObject(o2, "regressed");
            cJSON *sc = cJSON_AddArrayToObject(o2, "scopes");
            for (size_t k = 0; k < s[i].regressions; k++)
                cJSON_AddItemToArray(sc, cJSON_CreateString(s[i].scopes[k]));
            cJSON_AddItemToArray(arr, o2);
        }
        char *line = rc_bench_summary_line(s, n);
        cJSON_AddStringToObject(doc, "line", line);
        free(line);
        cmd_print_json(doc);
    } else {
        for (size_t i = 0; i < n; i++) {
            char *hw = safe(s[i].hardware), *h = safe(s[i].head), *b = safe(s[i].base);
            printf("%-8s %s vs %s: %zu %s, %zu untriaged%s%s\n", hw, h, s[i].base ? b : "(no base)",
                   s[i].regressions, out_plural(s[i].regressions, "regression", "regressions"),
                   s[i].untriaged, s[i].regressed ? ": " : "",
                   s[i].regressed ? s[i].regressed : "");
            free(hw);
            free(h);
            free(b);
        }
        if (n == 0) {
            printf("no RC has benchmark results\n");
        } else {
            char *line = rc_bench_summary_line(s, n), *ls = safe(line);
            printf("%s\n", ls);
            free(ls);
            free(line);
        }
    }
    rc_bench_summary_free(s, n);
    return 0;
}

int cmd_bench(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    static const cmd_action actions[] = {
        {"import", bench_import},   {"diff", bench_diff},         {"history", bench_history},
        {"approve", bench_decide},  {"reject", bench_decide},     {"defer", bench_decide},
        {"summary", bench_summary}, {"bisect", cmd_bench_bisect}, {NULL, NULL}};
    return cmd_dispatch(ctx, self, argc, argv, actions, "missing subcommand");
}
