/* What a node runs on: GPU model, driver, CUDA or ROCm version and torch
 * version, asked on the node itself when relcap launches a run, through the
 * node's backend (a local process, one ssh command, the slurm job on its
 * compute node). The question is fixed text and argv: nothing configured or
 * taken from git goes into it. The answer is data from the node, cleaned
 * (rc_sanitize, length-capped) and stored as the environment JSON object
 * that bench_results.env holds, so the results a run brings carry it and a
 * delta whose sides differ says so (env_changed). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/runs/runs_internal.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* torch's own version and the CUDA or HIP (ROCm) runtime it was built
 * for, a line each ("" when not that kind). */
#define TORCH_PY                                                                                   \
    "import torch; print(torch.__version__); print(torch.version.cuda or \"\");"                   \
    " print(getattr(torch.version, \"hip\", None) or \"\")"

static const char *const gpu_argv[] = {"nvidia-smi", "--query-gpu=name,driver_version",
                                       "--format=csv,noheader", NULL};
static const char *const rocm_argv[] = {"rocm-smi", "--showproductname", "--showdriverversion",
                                        "--json", NULL};
static const char *const torch_argv[] = {"python3", "-c", TORCH_PY, NULL};

const char rc_run_env_script[] =
    "if command -v nvidia-smi >/dev/null 2>&1; then echo @gpu; nvidia-smi"
    " --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null; fi; "
    "if command -v rocm-smi >/dev/null 2>&1; then echo @rocm; rocm-smi --showproductname"
    " --showdriverversion --json 2>/dev/null; fi; "
    "if command -v python3 >/dev/null 2>&1; then echo @torch; python3 -c '" TORCH_PY
    "' 2>/dev/null; fi";

/* The same sections as rc_run_env_script, from programs started here. */
char *rc_run_env_probe_local(void)
{
    static const struct {
        const char *head;
        const char *const *argv;
    } q[] = {{"@gpu\n", gpu_argv}, {"@rocm\n", rocm_argv}, {"@torch\n", torch_argv}};
    rc_buf b = {0};
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        rc_spawn_result r;
        if (rc_spawn_run(&r, q[i].argv, &(rc_spawn_opts){.timeout_s = 60}) != 0) {
            rc_error_clear();
            continue;
        }
        if (r.status != 127) {
            rc_buf_puts(&b, q[i].head);
            if (r.status == 0 && r.out)
                rc_buf_puts(&b, r.out);
            rc_buf_puts(&b, "\n");
        }
        rc_spawn_result_free(&r);
    }
    return rc_buf_detach(&b);
}

/* A value from the node, made inert: no controls or escape sequences, no
 * surrounding blanks, at most 120 bytes; "" when nothing is left. */
static void put(cJSON *env, const char *key, const char *start, size_t len)
{
    if (cJSON_HasObjectItem(env, key))
        return;
    if (len > 120)
        len = 120;
    char *raw = rc_xstrndup(start, len), *clean = rc_sanitize(raw, false);
    char *s = clean;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    if (*s)
        cJSON_AddStringToObject(env, key, s);
    free(raw);
    free(clean);
}

/* nvidia-smi: "NAME, DRIVER" for each GPU; the first one speaks. */
static void parse_gpu(cJSON *env, const char *s, size_t len)
{
    while (len && (*s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    const char *nl = memchr(s, '\n', len);
    size_t line = nl ? (size_t)(nl - s) : len;
    const char *comma = NULL;
    for (size_t i = 0; i < line; i++)
        if (s[i] == ',')
            comma = s + i;
    put(env, "gpu", s, comma ? (size_t)(comma - s) : line);
    if (comma)
        put(env, "driver", comma + 1, line - (size_t)(comma + 1 - s));
}

static void put_json(cJSON *env, const char *key, const cJSON *v)
{
    if (cJSON_IsString(v))
        put(env, key, v->valuestring, strlen(v->valuestring));
}

/* rocm-smi --json: {"card0": {"Card series": ...}, "system": {"Driver
 * version": ...}}. */
static void parse_rocm(cJSON *env, const char *s, size_t len)
{
    char *text = rc_xstrndup(s, len);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    const cJSON *o, *f, *top = cJSON_IsObject(doc) ? doc : NULL;
    cJSON_ArrayForEach(o, top)
    {
        if (!cJSON_IsObject(o))
            continue;
        cJSON_ArrayForEach(f, o)
        {
            if (!f->string)
                continue;
            if (!strcmp(f->string, "Card series") || !strcmp(f->string, "Card model"))
                put_json(env, "gpu", f);
            else if (!strcmp(f->string, "Driver version"))
                put_json(env, "driver", f);
        }
    }
    cJSON_Delete(doc);
}

/* python3: torch, CUDA, HIP, a line each. */
static void parse_torch(cJSON *env, const char *s, size_t len)
{
    static const char *const keys[] = {"torch", "cuda", "rocm"};
    while (len && (*s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    for (int k = 0; k < 3 && len; k++) {
        const char *nl = memchr(s, '\n', len);
        size_t line = nl ? (size_t)(nl - s) : len;
        put(env, keys[k], s, line);
        if (!nl)
            break;
        len -= line + 1;
        s = nl + 1;
    }
}

char *rc_run_env_parse(const char *probe)
{
    static const struct {
        const char *head;
        void (*parse)(cJSON *, const char *, size_t);
    } sections[] = {{"@gpu\n", parse_gpu}, {"@rocm\n", parse_rocm}, {"@torch\n", parse_torch}};
    cJSON *env = cJSON_CreateObject();
    for (size_t i = 0; probe && i < sizeof sections / sizeof sections[0]; i++) {
        /* a section starts on a line of its own and ends at the next one */
        const char *h = probe;
        size_t hl = strlen(sections[i].head);
        while ((h = strstr(h, sections[i].head)) && h != probe && h[-1] != '\n')
            h += hl;
        if (!h)
            continue;
        const char *body = h + hl, *end = body;
        while ((end = strchr(end, '@')) && end[-1] != '\n')
            end++;
        sections[i].parse(env, body, end ? (size_t)(end - body) : strlen(body));
    }
    char *out = NULL;
    if (cJSON_GetArraySize(env)) {
        char *s = cJSON_PrintUnformatted(env);
        out = rc_xstrdup(s);
        cJSON_free(s);
    }
    cJSON_Delete(env);
    return out;
}
