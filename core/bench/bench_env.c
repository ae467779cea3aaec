/* What a result ran on, as far as its file says: a small JSON object
 * stored with each sample (bench_results.env) so that a delta whose sides
 * ran on a different driver, CUDA/ROCm or torch can say so (env_changed).
 * Only fields a file names are taken; nothing is guessed. For a run relcap
 * launched, what the node answered when asked (core/runs/run_env.c) fills
 * the fields the file does not name. */
#include "core/bench/bench.h"

#include "core/base/util.h"

#include <stdio.h>
#include <string.h>

/* Stored key, then the field names that mean it (PyTorch v3 runners[] and
 * their extra_info, the benchmark's extra_info, flat vLLM fields). */
static const struct {
    const char *key;
    const char *names[4];
} fields[] = {
    {"gpu", {"type", "gpu_type", "gpu_info", "gpu"}},
    {"driver", {"driver_version", "gpu_driver", "driver", NULL}},
    {"cuda", {"cuda_version", "cuda", NULL, NULL}},
    {"rocm", {"rocm_version", "hip_version", "rocm", NULL}},
    {"torch", {"torch_version", "pytorch_version", NULL, NULL}},
    {"vllm", {"vllm_version", NULL, NULL, NULL}},
};

static void text_of(char *out, size_t n, const cJSON *v)
{
    out[0] = '\0';
    if (cJSON_IsString(v) && v->valuestring)
        snprintf(out, n, "%s", v->valuestring);
    else if (cJSON_IsNumber(v))
        snprintf(out, n, "%g", v->valuedouble);
}

/* The first of the places that names the field. */
static void lookup(char *out, size_t n, const cJSON *const *places, size_t np, size_t f)
{
    out[0] = '\0';
    for (size_t p = 0; p < np && !out[0]; p++) {
        if (!cJSON_IsObject(places[p]))
            continue;
        for (size_t k = 0; k < 4 && fields[f].names[k] && !out[0]; k++) {
            /* "type" means the GPU only in a runner, not in a flat vLLM file */
            if (!strcmp(fields[f].names[k], "type") && p > 1)
                continue;
            text_of(out, n, cJSON_GetObjectItemCaseSensitive(places[p], fields[f].names[k]));
        }
    }
}

/* The record's fields, then those of node_env it does not name. */
static cJSON *env_object(const cJSON *rec, const char *node_env);

char *rc_bench_env_json(const cJSON *rec)
{
    return rc_bench_env_with(rec, NULL);
}

char *rc_bench_env_with(const cJSON *rec, const char *node_env)
{
    cJSON *env = env_object(rec, node_env);
    char *out = cJSON_GetArraySize(env) ? cJSON_PrintUnformatted(env) : NULL;
    cJSON_Delete(env);
    return out;
}

static cJSON *env_object(const cJSON *rec, const char *node_env)
{
    const cJSON *runners = cJSON_GetObjectItemCaseSensitive(rec, "runners");
    const cJSON *runner = cJSON_IsArray(runners) ? cJSON_GetArrayItem(runners, 0) : NULL;
    const cJSON *bench = cJSON_GetObjectItemCaseSensitive(rec, "benchmark");
    const cJSON *places[] = {
        runner,
        cJSON_IsObject(runner) ? cJSON_GetObjectItemCaseSensitive(runner, "extra_info") : NULL,
        cJSON_IsObject(bench) ? cJSON_GetObjectItemCaseSensitive(bench, "extra_info") : NULL,
        rec,
    };
    cJSON *env = cJSON_CreateObject();
    char v[128];
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        lookup(v, sizeof v, places, 4, f);
        if (v[0])
            cJSON_AddStringToObject(env, fields[f].key, v);
    }
    /* v3 "dependencies": {"pytorch": {"version": ...}, "vllm": {...}} */
    const cJSON *deps = cJSON_GetObjectItemCaseSensitive(rec, "dependencies");
    const cJSON *d;
    if (!cJSON_IsObject(deps))
        deps = NULL;
    cJSON_ArrayForEach(d, deps)
    {
        const char *key = !strcmp(d->string, "pytorch") ? "torch" : d->string;
        text_of(v, sizeof v, cJSON_GetObjectItemCaseSensitive(d, "version"));
        if (v[0] && !cJSON_HasObjectItem(env, key))
            cJSON_AddStringToObject(env, key, v);
    }
    cJSON *node = node_env ? cJSON_Parse(node_env) : NULL;
    if (!cJSON_IsObject(node))
        deps = NULL;
    else
        deps = node;
    cJSON_ArrayForEach(d, deps)
    {
        if (cJSON_IsString(d) && d->string && !cJSON_HasObjectItem(env, d->string))
            cJSON_AddStringToObject(env, d->string, d->valuestring);
    }
    cJSON_Delete(node);
    return env;
}
