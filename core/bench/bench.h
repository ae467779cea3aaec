/* Benchmark results: import of vLLM --save-result JSON and PyTorch OSS
 * benchmark "v3" records into the user-data tables, deltas between two
 * releases, and a metric's history across a release line. */
#ifndef RELCAP_BENCH_H
#define RELCAP_BENCH_H

#include "core/base/db.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stddef.h>

typedef struct {
    const char *tag;      /* --tag: results belong to this tag's commit */
    const char *commit;   /* --commit: a sha (or anything git resolves) */
    const char *hardware; /* --hardware: e.g. H100 (else from the file's runner info) */
    const char *backend;  /* cuda|rocm (else derived from hardware) */
    const char *model;    /* --model: for files that name none (vLLM latency and
                           * throughput runs); else taken from a test name like
                           * latency_llama8B_tp1 (-> llama8B) */
    const char *env;      /* JSON object: the environment relcap asked the node
                           * for (core/runs/run_env.c); fills what a record's
                           * own fields do not say. NULL: none */
} rc_bench_import_opts;

typedef struct {
    size_t files_imported, files_skipped /* already imported */, files_failed;
    size_t results; /* samples stored */
    char **errors;  /* "FILE: position: message", one per failed file */
    size_t nerrors;
} rc_bench_import_report;

/* Imports a file or every *.json / *.jsonl file below a directory. Each file
 * is one transaction: a bad file stores nothing, the others still do.
 * report must be zeroed before the first call; further calls add to it.
 * Returns 0 when every file imported or was skipped, RC_EINVALID when some
 * failed (see report->errors). */
int rc_bench_import_path(rc_bench_import_report *report, rc_db *db, git_repository *repo,
                         const char *path, const rc_bench_import_opts *opts);
void rc_bench_import_report_free(rc_bench_import_report *r);

/* "NVIDIA H100 80GB HBM3" -> "H100", "AMD Instinct MI300X" -> "MI300X",
 * "NVIDIA A100-SXM4-80GB" -> "A100"; a short name is kept, in upper case
 * ("h100" -> "H100"). Writes at most n bytes. */
void rc_bench_normalize_hardware(char *out, size_t n, const char *type);
/* "cuda" or "rocm" from a runner name (may be NULL) and a hardware type. */
const char *rc_bench_backend_of(const char *runner_name, const char *hardware);
/* Unit derived from the metric name: "ms", "s", "req/s", "tok/s" or "". */
const char *rc_bench_metric_unit(const char *metric);
/* +1 higher is better, -1 lower is better, 0 unknown. overrides are
 * "NAME=higher|lower" values of relcap.metricDirection (the last match wins
 * over the name rule). */
int rc_bench_metric_direction(const char *metric, const char *const *overrides, size_t n_overrides);

/* The environment a v3 or vLLM record says it ran on, as a JSON object
 * {"gpu", "driver", "cuda", "rocm", "torch", "vllm"} of the fields present
 * (malloc'd text, cJSON's allocator), or NULL when it names none. */
char *rc_bench_env_json(const cJSON *rec);
/* The same, then every field of node_env (a JSON object, may be NULL) the
 * record does not name; NULL when neither says anything. */
char *rc_bench_env_with(const cJSON *rec, const char *node_env);

/* A version tag that has benchmark results (matched as core/bench_diff
 * does: by commit, or by tag name for rows imported without one). Text NULL
 * where the cache has none. From core/bench/bench_read.c. */
typedef struct {
    char *name, *release, *sha, *kind;
} rc_bench_tag;

/* Newest first. Free with rc_bench_tags_free. */
int rc_bench_tags(rc_bench_tag **out, size_t *count, rc_db *db);
void rc_bench_tags_free(rc_bench_tag *tags, size_t count);

/* How many results of hardware (and model, unless NULL) the cache holds
 * for a commit sha or, for rows imported without one, a tag name. */
int rc_bench_count_results(long *out, rc_db *db, const char *hardware, const char *model,
                           const char *sha, const char *tag);

#endif
