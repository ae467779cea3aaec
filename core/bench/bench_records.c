/* The two record formats of a benchmark result file (see bench.c): vLLM's
 * --save-result objects and PyTorch OSS benchmark "v3" records, each turned
 * into result rows of the file being imported. */
#include "core/bench/bench.h"
#include "core/bench/bench_internal.h"
#include "core/git/gitsync.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int rec_fail(import_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int rec_fail(import_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = rc_vasprintf(fmt, ap);
    va_end(ap);
    free(c->err);
    c->err = m ? m : rc_xstrdup("out of memory");
    return RC_EINVALID;
}

static bool is_hex40(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return i == 40;
}

/* Full lowercase sha of anything git resolves to a commit. A full sha is
 * taken as is: results may come for a commit not fetched here yet. */
int bench_resolve_commit(char **out, git_repository *repo, const char *spec)
{
    if (is_hex40(spec)) {
        *out = rc_xstrdup(spec);
        for (char *p = *out; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return 0;
    }
    if (!repo)
        return rc_error_set(RC_ENOTFOUND, "cannot resolve '%s' without a repository", spec);
    git_object *obj = NULL, *peeled = NULL;
    if (git_revparse_single(&obj, repo, spec) != 0)
        return rc_error_set(RC_ENOTFOUND, "'%s' is not a commit in this repository", spec);
    int r = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
    git_object_free(obj);
    if (r != 0)
        return rc_error_set(RC_ENOTFOUND, "'%s' does not name a commit", spec);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_object_id(peeled));
    git_object_free(peeled);
    *out = rc_xstrdup(hex);
    return 0;
}

int bench_resolve_tag(char **out, rc_db *db, git_repository *repo, const char *tag)
{
    rc_tag_row t;
    int r = rc_gitsync_tag_get(&t, db, tag); /* any spelling of the version */
    if (r == 0 && t.sha) {
        *out = t.sha;
        t.sha = NULL;
    }
    rc_tag_row_free(&t);
    if (r != RC_ENOTFOUND)
        return r;
    rc_error_clear();
    if (repo) {
        char *ref = rc_xasprintf("refs/tags/%s", tag);
        r = bench_resolve_commit(out, repo, ref);
        free(ref);
        if (r == 0)
            return 0;
    }
    return rc_error_set(RC_ENOTFOUND, "tag '%s' not found (not in the cache nor the repository)",
                        tag);
}

static int store(import_ctx *c, const char *sha, const char *hw, const char *backend,
                 const char *model, const char *test, const char *metric, double value,
                 int64_t when)
{
    if (!isfinite(value))
        return rec_fail(c, "metric %s: value is not a finite number", metric);
    sqlite3_stmt *st = c->ins;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, c->file_id);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
    if (c->opt_tag)
        sqlite3_bind_text(st, 3, c->opt_tag, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, hw, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, backend, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, test, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, metric, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, rc_bench_metric_unit(metric), -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 10, value);
    if (when > 0)
        sqlite3_bind_int64(st, 11, when);
    else
        sqlite3_bind_null(st, 11);
    if (c->env)
        sqlite3_bind_text(st, 12, c->env, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 12);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc_db_error(c->db, "storing a benchmark result");
        return rec_fail(c, "%s", rc_error_last());
    }
    c->samples++;
    return 0;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* The commit of a record: --tag/--commit win over the record's head_sha. */
static int record_commit(import_ctx *c, char **sha, const cJSON *rec)
{
    if (c->opt_sha) {
        *sha = rc_xstrdup(c->opt_sha);
        return 0;
    }
    if (!rec)
        return rec_fail(c, "no commit: vLLM result files name none; give --tag or --commit");
    const char *h = str_of(rec, "head_sha");
    if (!h)
        return rec_fail(c, "no commit: the record has no head_sha; give --tag or --commit");
    if (bench_resolve_commit(sha, c->repo, h) != 0)
        return rec_fail(c, "head_sha '%s' is not a commit", h);
    return 0;
}

/* "20261102-141503" (vLLM's date) as epoch seconds, 0 when absent. */
static int64_t vllm_date(const cJSON *o)
{
    const char *d = str_of(o, "date");
    struct tm tm = {0};
    if (!d || sscanf(d, "%4d%2d%2d-%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                     &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

/* "NAME [k=v, ...]" from the scalar entries of extra_info and extra_info.args
 * (in file order), or NAME when there are none. */
static void put_scalars(rc_buf *b, const cJSON *o, bool *first)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, o)
    {
        char num[64];
        const char *v = NULL;
        if (cJSON_IsString(e))
            v = e->valuestring;
        else if (cJSON_IsNumber(e)) {
            snprintf(num, sizeof num, "%.17g", e->valuedouble);
            v = num;
        } else if (cJSON_IsBool(e))
            v = cJSON_IsTrue(e) ? "true" : "false";
        if (!v || b->len > 200)
            continue;
        rc_buf_printf(b, "%s%s=%s", *first ? " [" : ", ", e->string, v);
        *first = false;
    }
}

static char *compose_test(const char *name, const cJSON *extra)
{
    rc_buf b = {0};
    rc_buf_puts(&b, name);
    bool first = true;
    if (cJSON_IsObject(extra)) {
        put_scalars(&b, extra, &first);
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(extra, "args");
        if (cJSON_IsObject(args))
            put_scalars(&b, args, &first);
    }
    if (!first)
        rc_buf_puts(&b, "]");
    return rc_buf_detach(&b);
}

static int import_v3(import_ctx *c, const cJSON *rec)
{
    const cJSON *bench = cJSON_GetObjectItemCaseSensitive(rec, "benchmark");
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(rec, "model");
    const cJSON *metric = cJSON_GetObjectItemCaseSensitive(rec, "metric");
    const char *model_name = cJSON_IsObject(model) ? str_of(model, "name") : NULL;
    if (!model_name)
        return rec_fail(c, "missing model (model.name)");
    const char *metric_name = cJSON_IsObject(metric) ? str_of(metric, "name") : NULL;
    if (!metric_name)
        return rec_fail(c, "missing metric (metric.name)");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(metric, "benchmark_values");
    if (!cJSON_IsArray(values) || cJSON_GetArraySize(values) == 0)
        return rec_fail(c, "metric %s: missing benchmark_values", metric_name);

    const cJSON *runners = cJSON_GetObjectItemCaseSensitive(rec, "runners");
    const cJSON *runner = cJSON_IsArray(runners) ? cJSON_GetArrayItem(runners, 0) : NULL;
    const char *rtype = cJSON_IsObject(runner) ? str_of(runner, "type") : NULL;
    if (!rtype && cJSON_IsObject(runner))
        rtype = str_of(runner, "gpu_type");
    const char *rname = cJSON_IsObject(runner) ? str_of(runner, "name") : NULL;
    char hw[64];
    if (c->opt_hw)
        snprintf(hw, sizeof hw, "%s", c->opt_hw);
    else if (rtype)
        rc_bench_normalize_hardware(hw, sizeof hw, rtype);
    else
        return rec_fail(c, "no hardware: the record has no runners[].type; give --hardware");
    const char *backend = c->opts && c->opts->backend
                              ? c->opts->backend
                              : rc_bench_backend_of(rname, rtype ? rtype : hw);

    int i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        if (!cJSON_IsNumber(v))
            return rec_fail(c, "metric %s: benchmark_values[%d] is not a number", metric_name, i);
        i++;
    }
    char *sha = NULL;
    int r = record_commit(c, &sha, rec);
    if (r)
        return r;
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(rec, "timestamp");
    /* a timestamp outside what int64 holds (1e300, from the file) would make
     * the conversion undefined: such a record has no time */
    int64_t when = cJSON_IsNumber(ts) && ts->valuedouble >= -9.0e15 && ts->valuedouble <= 9.0e15
                       ? (int64_t)ts->valuedouble
                       : 0;
    /* Test name: the benchmark's test_name, else the benchmark name with the
     * settings in its extra_info, so different configurations stay apart. */
    const char *test = NULL;
    const cJSON *extra =
        cJSON_IsObject(bench) ? cJSON_GetObjectItemCaseSensitive(bench, "extra_info") : NULL;
    if (cJSON_IsObject(extra)) {
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(extra, "args");
        test = cJSON_IsObject(args) ? str_of(args, "test_name") : NULL;
        if (!test)
            test = str_of(extra, "test_name");
    }
    char *composed = NULL;
    if (!test && cJSON_IsObject(bench) && str_of(bench, "name"))
        test = composed = compose_test(str_of(bench, "name"), extra);
    if (!test)
        test = c->file_test;

    cJSON_ArrayForEach(v, values)
    {
        if ((r = store(c, sha, hw, backend, model_name, test, metric_name, v->valuedouble, when)))
            break;
    }
    free(sha);
    free(composed);
    return r;
}

/* vLLM's latency and throughput runs write no model; their test names do:
 * "latency_llama8B_tp1" -> "llama8B" (between the first '_' and "_tp<N>"). */
static bool model_from_test(char *out, size_t n, const char *test)
{
    const char *us = strchr(test, '_');
    const char *tp = us ? strstr(us + 1, "_tp") : NULL;
    while (tp && !isdigit((unsigned char)tp[3]))
        tp = strstr(tp + 1, "_tp");
    if (!tp || tp == us + 1 || (size_t)(tp - us - 1) >= n)
        return false;
    snprintf(out, n, "%.*s", (int)(tp - us - 1), us + 1);
    return true;
}

/* A vLLM --save-result object: every numeric key whose name has a known
 * direction is a metric (counts and settings such as num_prompts are not);
 * latency runs' "percentiles" become pNN_latency. */
static int import_vllm(import_ctx *c, const cJSON *o)
{
    const char *test = str_of(o, "test_name");
    if (!test)
        test = c->file_test;
    const char *model = str_of(o, "model_id");
    if (!model)
        model = str_of(o, "model");
    if (!model)
        model = c->opts->model;
    char derived[128];
    if (!model && model_from_test(derived, sizeof derived, test))
        model = derived;
    if (!model)
        return rec_fail(c, "missing model (model_id); give --model");

    /* Check everything before storing anything of the record. */
    size_t nmetrics = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        if (strcmp(it->string, "percentiles") == 0) {
            if (!cJSON_IsObject(it))
                return rec_fail(c, "percentiles is not an object");
            const cJSON *p;
            cJSON_ArrayForEach(p, it)
            {
                if (!cJSON_IsNumber(p))
                    return rec_fail(c, "percentiles.%s is not a number", p->string);
                nmetrics++;
            }
            continue;
        }
        if (rc_bench_metric_direction(it->string, NULL, 0) == 0 || cJSON_IsNull(it))
            continue;
        if (!cJSON_IsNumber(it))
            return rec_fail(c, "%s is not a number", it->string);
        nmetrics++;
    }
    if (nmetrics == 0)
        return rec_fail(c, "missing metric: no known metric (like median_ttft_ms, avg_latency, "
                           "requests_per_second)");
    if (!c->opt_hw)
        return rec_fail(c, "no hardware in a vLLM result file; give --hardware");
    char *sha = NULL;
    int r = record_commit(c, &sha, NULL);
    if (r)
        return r;
    const char *backend =
        c->opts && c->opts->backend ? c->opts->backend : rc_bench_backend_of(NULL, c->opt_hw);
    int64_t when = vllm_date(o);
    cJSON_ArrayForEach(it, o)
    {
        if (strcmp(it->string, "percentiles") == 0) {
            const cJSON *p;
            cJSON_ArrayForEach(p, it)
            {
                char name[96];
                snprintf(name, sizeof name, "p%s_latency",
                         p->string + (p->string[0] == 'p' || p->string[0] == 'P'));
                if ((r = store(c, sha, c->opt_hw, backend, model, test, name, p->valuedouble,
                               when)))
                    goto out;
            }
        } else if (cJSON_IsNumber(it) && rc_bench_metric_direction(it->string, NULL, 0) != 0) {
            if ((r = store(c, sha, c->opt_hw, backend, model, test, it->string, it->valuedouble,
                           when)))
                goto out;
        }
    }
out:
    free(sha);
    return r;
}

int bench_import_record(import_ctx *c, const cJSON *rec)
{
    if (!cJSON_IsObject(rec))
        return rec_fail(c, "not a JSON object");
    /* v3 records nest model, metric and runners in objects; vLLM's are flat. */
    bool v3 = cJSON_HasObjectItem(rec, "metric") || cJSON_HasObjectItem(rec, "benchmark") ||
              cJSON_HasObjectItem(rec, "runners") ||
              cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "model"));
    c->env = rc_bench_env_with(rec, c->opts ? c->opts->env : NULL);
    int r = v3 ? import_v3(c, rec) : import_vllm(c, rec);
    cJSON_free(c->env);
    c->env = NULL;
    return r;
}
