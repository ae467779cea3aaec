/* What the demo repository's files say: slotted source files whose values
 * commits edit, the fixed files of the root commit (.relcap, the fake
 * benchmark script, release docs) and the versioning-policy document whose
 * matrix and calendar drift from the tags in planted places. */
#include "demo/demo_internal.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const demo_file demo_files[] = {
    {"vllm/config.py", 'p'},
    {"vllm/engine/arg_utils.py", 'p'},
    {"vllm/engine/llm_engine.py", 'p'},
    {"vllm/engine/async_llm_engine.py", 'p'},
    {"vllm/core/scheduler.py", 'p'},
    {"vllm/core/block_manager.py", 'p'},
    {"vllm/worker/model_runner.py", 'p'},
    {"vllm/v1/core/kv_cache_manager.py", 'p'},
    {"vllm/v1/core/sched/scheduler.py", 'p'},
    {"vllm/v1/worker/gpu_model_runner.py", 'p'},
    {"vllm/attention/backends/flash_attn.py", 'p'},
    {"vllm/attention/backends/rocm_flash_attn.py", 'p'},
    {"vllm/model_executor/layers/fused_moe/fused_moe.py", 'p'},
    {"vllm/model_executor/layers/rotary_embedding.py", 'p'},
    {"vllm/model_executor/layers/quantization/fp8.py", 'p'},
    {"vllm/model_executor/models/llama.py", 'p'},
    {"vllm/model_executor/models/llama4.py", 'p'},
    {"vllm/model_executor/models/mixtral.py", 'p'},
    {"vllm/entrypoints/llm.py", 'p'},
    {"vllm/entrypoints/openai/serving_chat.py", 'p'},
    {"vllm/entrypoints/openai/tool_parsers/hermes_tool_parser.py", 'p'},
    {"vllm/distributed/parallel_state.py", 'p'},
    {"vllm/lora/models.py", 'p'},
    {"vllm/platforms/cuda.py", 'p'},
    {"vllm/platforms/rocm.py", 'p'},
    {"vllm/transformers_utils/detokenizer.py", 'p'},
    {"vllm/model_executor/guided_decoding/xgrammar_decoding.py", 'p'},
    {"vllm/sequence.py", 'p'},
    {"csrc/attention/paged_attention_v2.cu", 'c'},
    {"csrc/moe/topk_softmax_kernels.cu", 'c'},
    {"csrc/quantization/fp8/common.cu", 'c'},
    {"tests/core/test_scheduler.py", 'p'},
    {"tests/entrypoints/openai/test_chat.py", 'p'},
    {"tests/kernels/test_moe.py", 'p'},
    {"docs/source/getting_started/quickstart.md", 'm'},
    {"docs/source/serving/openai_compatible_server.md", 'm'},
    {"docs/source/models/supported_models.md", 'm'},
    {"docs/source/features/quantization/fp8.md", 'm'},
    {"docs/source/getting_started/installation/gpu/rocm.md", 'm'},
    {".github/workflows/lint-and-test.yml", 'y'},
    {".github/workflows/pre-commit.yml", 'y'},
    {".github/workflows/release.yml", 'y'},
    {".buildkite/test-pipeline.yaml", 'y'},
};
const size_t demo_nfiles = sizeof demo_files / sizeof demo_files[0];

static const char *const knob_names[] = {
    "max_num_seqs",   "block_size",     "chunk_size",   "num_retries",  "timeout_s",
    "max_loras",      "swap_space_gib", "warmup_iters", "tile_m",       "tile_n",
    "prefetch_depth", "max_tokens",     "queue_depth",  "cache_blocks", "num_stages",
};
#define NKNOBS (sizeof knob_names / sizeof knob_names[0])

/* "vllm/core/scheduler.py" -> "scheduler" (into buf). */
static const char *stem(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strcspn(base, ".");
    if (len >= n)
        len = n - 1;
    for (size_t i = 0; i < len; i++)
        buf[i] = base[i] == '-' ? '_' : base[i];
    buf[len] = '\0';
    return buf;
}

static void header(rc_buf *b, const demo_file *f)
{
    char s[64];
    stem(f->path, s, sizeof s);
    switch (f->kind) {
    case 'p':
        rc_buf_printf(b, "# SPDX-License-Identifier: Apache-2.0\n\"\"\"Tunables of %s.\"\"\"\n\n",
                      s);
        break;
    case 'c':
        rc_buf_puts(b, "// SPDX-License-Identifier: Apache-2.0\n#include <cuda_runtime.h>\n\n");
        break;
    case 'm':
        rc_buf_printf(b, "# %s\n\nThis page is part of the vLLM documentation.\n", s);
        break;
    default:
        rc_buf_printf(b, "name: %s\non: [push, pull_request]\njobs:\n", s);
        break;
    }
}

/* The value line of slot k (without newline). */
static void value_line(rc_buf *b, const demo_file *f, int k, unsigned value)
{
    const char *knob = knob_names[(size_t)k % NKNOBS];
    switch (f->kind) {
    case 'p':
        rc_buf_printf(b, "    %s = %u", knob, value);
        break;
    case 'c':
        rc_buf_printf(b, "  constexpr int kTile = %u;", value);
        break;
    case 'm':
        rc_buf_printf(b, "Default `%s`: `%u`.", knob, value);
        break;
    default:
        rc_buf_printf(b, "    timeout-minutes: %u", value);
        break;
    }
}

static void slot(rc_buf *b, const demo_file *f, int k, unsigned value)
{
    char s[64];
    stem(f->path, s, sizeof s);
    const char *knob = knob_names[(size_t)k % NKNOBS];
    switch (f->kind) {
    case 'p':
        rc_buf_printf(b, "def _%s_%s_%d(cfg):\n    \"\"\"Tunable %d of %s.\"\"\"\n", s, knob, k, k,
                      s);
        value_line(b, f, k, value);
        rc_buf_printf(b, "\n    return %s\n\n", knob);
        break;
    case 'c':
        rc_buf_printf(b,
                      "__device__ inline int %s_tiles_%d(int n) {\n  // tile size of variant %d\n",
                      s, k, k);
        value_line(b, f, k, value);
        rc_buf_puts(b, "\n  return (n + kTile - 1) / kTile;\n}\n");
        break;
    case 'm':
        rc_buf_printf(b, "## %s (%d)\n\n", knob, k);
        value_line(b, f, k, value);
        rc_buf_puts(b, "\nSee the engine arguments reference for details.\n\n");
        break;
    default:
        rc_buf_printf(b, "  %s-%d:\n    runs-on: %s\n", s, k,
                      k % 3 == 0 ? "ubuntu-22.04" : (k % 3 == 1 ? "gpu-h100" : "gpu-mi300x"));
        value_line(b, f, k, value);
        rc_buf_printf(b, "\n    steps:\n      - run: pytest -q tests/shard_%d\n", k);
        break;
    }
}

char *demo_slotted_initial(const demo_file *f, int nslots, demo_rng *rng)
{
    rc_buf b = {0};
    header(&b, f);
    for (int k = 0; k < nslots; k++)
        slot(&b, f, k, 8u * (1u + demo_rng_below(rng, 64)));
    return rc_buf_detach(&b);
}

char *demo_slotted_edit(const char *content, const demo_file *f, int k, unsigned value)
{
    int target = 3 + 5 * k + 2, line = 0;
    const char *p = content;
    while (line < target && (p = strchr(p, '\n')))
        p++, line++;
    if (!p || !*p)
        return NULL;
    const char *end = strchr(p, '\n');
    if (!end)
        return NULL;
    rc_buf b = {0};
    rc_buf_put(&b, content, (size_t)(p - content));
    value_line(&b, f, k, value);
    rc_buf_puts(&b, end);
    return rc_buf_detach(&b);
}

/* ---- fixed files ---- */

static const char readme_md[] =
    "# vLLM (relcap demo history)\n"
    "\n"
    "This repository was generated by `relcap demo`: a deterministic history shaped like vLLM's\n"
    "(squash-merged PRs on `main`, `releases/vX.Y.Z` and `vX.Y.Z-dev` release branches, RC and\n"
    "final tags, cherry-picks, reverts). The sources are placeholders; only the history matters.\n"
    "\n"
    "`.relcap` configures relcap for it; `tools/fake_bench.sh` stands in for the benchmark "
    "suite.\n";

static const char release_md[] =
    "# Releasing vLLM\n"
    "\n"
    "1. Cut `releases/vX.Y.Z` from `main` one or two days before the release.\n"
    "2. Tag `vX.Y.Zrc1` on the branch; the release build runs on the RC tag.\n"
    "3. Only regression fixes, critical fixes, fixes to new features, documentation and\n"
    "   release-branch-specific changes are cherry-picked, and always from `main` first.\n"
    "4. Reverts on `main` after the cut are applied to the release branch too.\n"
    "5. Run the performance validation on H100 and MI300X against the previous release.\n"
    "6. Tag the final `vX.Y.Z` when the tracker is clean.\n"
    "\n"
    "## Release notes\n"
    "\n"
    "See docs/source/user_guide/release_notes.md.\n";

/* A setext heading whose underline is exactly seven '=': a lone "======="
 * that is not a merge conflict. */
static const char release_notes_md[] =
    "Release notes\n"
    "=======\n"
    "\n"
    "The notes of each release live on its GitHub release page.\n"
    "\n"
    "Upgrading\n"
    "---------\n"
    "\n"
    "Read the versioning policy before pinning a release branch.\n";

static const char policy_initial_md[] =
    "# Versioning policy\n"
    "\n"
    "## Release compatibility matrix\n"
    "\n"
    "| vLLM Ascend | vLLM | Python | Stable CANN | PyTorch/torch_npu |\n"
    "|-------------|------|--------|-------------|-------------------|\n"
    "| main | {{main_vllm_commit}} | >= 3.9, < 3.12 | 8.0.RC3 | 2.4.0 / 2.4.0 |\n"
    "\n"
    "## Release cadence\n"
    "\n"
    "| Date | Event |\n"
    "|------|-------|\n";

static const char version_py_main[] =
    "# SPDX-License-Identifier: Apache-2.0\n"
    "# Release branches pin the version; main reports a development version.\n"
    "__version__ = \"0.0.0.dev0\"\n"
    "__version_tuple__ = (0, 0, 0, \"dev0\")\n";

const char demo_version_py_main_fix[] =
    "# SPDX-License-Identifier: Apache-2.0\n"
    "# Release branches pin the version; main reports a development version.\n"
    "__version__ = __import__(\"os\").environ.get(\"VLLM_VERSION_OVERRIDE\", \"0.0.0.dev0\")\n"
    "__version_tuple__ = (0, 0, 0, \"dev0\")\n";

static const char pyproject_toml[] = "[project]\n"
                                     "name = \"vllm\"\n"
                                     "dynamic = [\"version\"]\n"
                                     "requires-python = \">=3.9,<3.13\"\n";

static const char gitignore[] = "__pycache__/\n*.egg-info/\nbuild/\nresults/\n";

/* Committed configuration: git-config syntax, read by libgit2. The node's
 * command names tools/fake_bench.sh by absolute path, which depends on where
 * the demo lives, so rc_demo_create writes it into .git/config (see
 * demo_node_command); committing it would make ids depend on the path. */
static const char relcap_cfg[] =
    "# relcap configuration of the demo history (git-config syntax).\n"
    "[relcap]\n"
    "\tmainBranch = main\n"
    "\treleaseBranch = releases/v{version}\n"
    "\treleaseBranch = v{version}-dev\n"
    "\ttagPattern = v{version}\n"
    "\tmaintainedMinors = 3\n"
    "\tcompatDoc = docs/source/community/versioning_policy.md\n"
    "\tcalendarDoc = docs/source/community/versioning_policy.md\n"
    "\tupstreamTrailer = vLLM version\n"
    "\trequiredHardware = H100\n"
    "\trequiredHardware = MI300X\n"
    "\trequiredModels = meta-llama/Meta-Llama-3.1-8B-Instruct\n"
    "\trequiredModels = meta-llama/Llama-4-Scout-17B-16E-Instruct\n"
    "\trequiredModels = mistralai/Mixtral-8x7B-Instruct-v0.1\n"
    "# A perf-run node on this machine. Its command (argv template, one value per\n"
    "# argument) runs tools/fake_bench.sh; runs start in their own run directory,\n"
    "# so the script's absolute path is kept in .git/config by relcap demo:\n"
    "#   command = /path/to/demo/tools/fake_bench.sh\n"
    "#   command = --commit\n"
    "#   command = {commit}   (then --model {model} --test {test} --results {results} --run "
    "{run}\n"
    "#             --hardware H100)\n"
    "[relcap \"node.local-h100\"]\n"
    "\tkind = cuda\n"
    "\tbackend = local\n"
    "\thardware = H100\n"
    "\tresults = results\n";

/* The command of node local-h100 as .git/config lines; the script path is
 * quoted for git-config (backslash, quote and newline escaped). */
char *demo_node_command(const char *workdir)
{
    rc_buf b = {0};
    rc_buf_puts(&b, "[relcap \"node.local-h100\"]\n\tcommand = \"");
    for (const char *p = workdir; *p; p++) {
        if (*p == '\\' || *p == '"')
            rc_buf_put(&b, "\\", 1);
        if (*p == '\n')
            rc_buf_puts(&b, "\\n");
        else
            rc_buf_put(&b, p, 1);
    }
    rc_buf_printf(&b, "%s%s\"\n", workdir[0] && workdir[strlen(workdir) - 1] == '/' ? "" : "/",
                  "tools/fake_bench.sh");
    static const char *const args[] = {"--commit", "{commit}", "--model",    "{model}",
                                       "--test",   "{test}",   "--results",  "{results}",
                                       "--run",    "{run}",    "--hardware", "H100"};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
        rc_buf_printf(&b, "\tcommand = %s\n", args[i]);
    return rc_buf_detach(&b);
}

const char demo_fake_bench_path[] = "tools/fake_bench.sh";

const char demo_perf_flag_py[] =
    "# SPDX-License-Identifier: Apache-2.0\n"
    "# Chunked prefill with a sliding window goes through the generic attention\n"
    "# path: correct everywhere, slower to first token on H100.\n"
    "USE_GENERIC_PREFILL_PATH = True\n";

/* Stands in for `vllm bench serve --save-result`: waits a little, then
 * writes one result JSON per test (--test takes a comma-separated list) into
 * the results directory. Arguments are data, checked against a safe set,
 * never evaluated. Its numbers come from the code it measures: the commit's
 * hash moves them a little, the planted perf flag (demo_perf_flag_py, read
 * with git show at --commit) makes median_ttft_ms 15% worse on H100, and the
 * run id adds +-0.5% of run-to-run noise (and makes each file distinct). */
static const char fake_bench_sh[] =
    "#!/bin/sh\n"
    "# Fake benchmark of the relcap demo: writes vLLM --save-result JSON files.\n"
    "# usage: fake_bench.sh [--commit SHA] [--model ID] [--test NAME[,NAME...]]\n"
    "#                      [--results DIR] [--run ID] [--seconds N] [--fail]\n"
    "#                      [--hardware H100|MI300X]\n"
    "set -eu\n"
    "commit=0000000000000000000000000000000000000000\n"
    "model=\n"
    "tests=\n"
    "results=results\n"
    "run=local\n"
    "seconds=1\n"
    "fail=0\n"
    "hardware=H100\n"
    "while [ $# -gt 0 ]; do\n"
    "    case \"$1\" in\n"
    "    --commit) commit=${2-}; shift 2 ;;\n"
    "    --model) model=${2-}; shift 2 ;;\n"
    "    --test) tests=${2-}; shift 2 ;;\n"
    "    --results) results=${2-}; shift 2 ;;\n"
    "    --run) run=${2-}; shift 2 ;;\n"
    "    --seconds) seconds=${2-}; shift 2 ;;\n"
    "    --fail) fail=1; shift ;;\n"
    "    --hardware) hardware=${2-}; shift 2 ;;\n"
    "    *) echo \"fake_bench: unknown argument\" >&2; exit 2 ;;\n"
    "    esac\n"
    "done\n"
    "[ -n \"$model\" ] || model=meta-llama/Meta-Llama-3.1-8B-Instruct\n"
    "[ -n \"$tests\" ] || tests=serving_llama8B_tp1_sharegpt\n"
    "[ -n \"$results\" ] || results=results\n"
    "for v in \"$commit\" \"$model\" \"$tests\" \"$results\" \"$run\" \"$seconds\" "
    "\"$hardware\"; do\n"
    "    case $v in\n"
    "    *[!A-Za-z0-9._/+:@=,-]*) echo \"fake_bench: refusing unsafe argument\" >&2; exit 2 ;;\n"
    "    esac\n"
    "done\n"
    "echo \"fake_bench: run $run: $tests on $model at $commit\"\n"
    "sleep \"$seconds\"\n"
    "if [ \"$fail\" = 1 ]; then echo \"fake_bench: failing as asked\" >&2; exit 3; fi\n"
    "hex=$(printf '%s' \"$commit\" | cut -c1-4)\n"
    "case $hex in *[!0-9a-fA-F]*|'') hex=0 ;; esac\n"
    "n=$(printf '%d' \"0x$hex\")\n"
    "tput=$((1800 + n % 50))\n"
    "slow=0\n"
    "if [ \"$hardware\" = H100 ] && git show "
    "\"$commit:vllm/attention/backends/flash_attn_prefill.py\" 2>/dev/null |\n"
    "    grep -q '^USE_GENERIC_PREFILL_PATH = True'; then slow=1; fi\n"
    "case $run in *[!0-9]*|'') r=0 ;; *) r=$run ;; esac\n"
    "noise=$(( (r * 7919) % 11 - 5 ))\n"
    "t=$(( (1780 + n % 40) * 1000 + 700 ))\n"
    "[ \"$slow\" = 0 ] || t=$(( t * 115 / 100 ))\n"
    "t=$(( t * (1000 + noise) / 1000 ))\n"
    "ttft=$(printf '%d.%03d' $((t / 1000)) $((t % 1000)))\n"
    "mkdir -p \"$results\"\n"
    "set -f\n"
    "IFS=,\n"
    "for test in $tests; do\n"
    "    [ -n \"$test\" ] || continue\n"
    "    out=\"$results/$test.json\"\n"
    "    cat >\"$out.tmp\" <<EOF\n"
    "{\"date\": \"20260101-000000\", \"backend\": \"vllm\", \"model_id\": \"$model\",\n"
    " \"relcap_run\": \"$run\", \"hardware\": \"$hardware\",\n"
    " \"tokenizer_id\": \"$model\", \"num_prompts\": 200, \"request_rate\": \"inf\",\n"
    " \"max_concurrency\": null, \"duration\": 21.8, \"completed\": 200, \"failed\": 0,\n"
    " \"total_input_tokens\": 43256, \"total_output_tokens\": 39912,\n"
    " \"request_throughput\": 9.16, \"output_throughput\": $tput.5,\n"
    " \"total_token_throughput\": 3808.1, \"mean_ttft_ms\": 1893.2, \"median_ttft_ms\": $ttft,\n"
    " \"std_ttft_ms\": 611.9, \"p99_ttft_ms\": 3101.4, \"mean_tpot_ms\": 41.3,\n"
    " \"median_tpot_ms\": 39.8, \"std_tpot_ms\": 9.7, \"p99_tpot_ms\": 77.1, \"mean_itl_ms\": "
    "38.9,\n"
    " \"median_itl_ms\": 30.2, \"std_itl_ms\": 41.0, \"p99_itl_ms\": 201.6, \"mean_e2el_ms\": "
    "9742.5,\n"
    " \"median_e2el_ms\": 9811.0, \"std_e2el_ms\": 4030.3, \"p99_e2el_ms\": 18122.9}\n"
    "EOF\n"
    "    mv \"$out.tmp\" \"$out\"\n"
    "    echo \"fake_bench: wrote $out\"\n"
    "done\n";

const char *const demo_static_files[] = {
    "README.md",
    readme_md,
    "RELEASE.md",
    release_md,
    ".relcap",
    relcap_cfg,
    ".gitignore",
    gitignore,
    "pyproject.toml",
    pyproject_toml,
    "vllm/version.py",
    version_py_main,
    "docs/source/user_guide/release_notes.md",
    release_notes_md,
    "docs/source/community/versioning_policy.md",
    policy_initial_md,
    demo_fake_bench_path,
    fake_bench_sh,
    NULL,
    NULL,
};

char *demo_version_py(const char *version)
{
    /* "0.9.2" -> tuple (0, 9, 2) */
    unsigned a = 0, b = 0, c = 0;
    sscanf(version, "%u.%u.%u", &a, &b, &c);
    return rc_xasprintf("# SPDX-License-Identifier: Apache-2.0\n"
                        "# Release branches pin the version; main reports a development version.\n"
                        "__version__ = \"%s\"\n"
                        "__version_tuple__ = (%u, %u, %u)\n",
                        version, a, b, c);
}

char *demo_release_md_with_conflict(const char *version)
{
    return rc_xasprintf("%s"
                        "\n"
                        "## v%s\n"
                        "\n"
                        "<<<<<<< HEAD\n"
                        "- v%src2: scheduler and fused MoE fixes; see the tracker.\n"
                        "=======\n"
                        "- v%src3: structured output and OpenAI server fixes.\n"
                        ">>>>>>> 5e1c0de ([Doc] Add rc3 notes)\n",
                        release_md, version, version, version);
}

/* ---- versioning policy ---- */

/* Support columns by minor line, as a plugin's matrix would list them. */
static void support_cells(const char *version, const char **py, const char **cann,
                          const char **torch)
{
    *py = ">= 3.9, < 3.12";
    if (strncmp(version, "0.6.", 4) == 0) {
        *cann = strstr(version, "rc") ? "N/A" : "8.0.RC2";
        *torch = "2.4.0 / 2.4.0";
    } else if (strncmp(version, "0.7.", 4) == 0) {
        *cann = "8.0.0";
        *torch = "2.5.1 / 2.5.1";
    } else if (strncmp(version, "0.8.", 4) == 0) {
        *cann = "8.1.RC1";
        *torch = "2.5.1 / 2.5.1.post1";
    } else {
        *py = ">= 3.9, < 3.13";
        *cann = "8.1.RC1";
        *torch = "2.5.1 / 2.5.1.post1.dev20250619";
    }
}

static void matrix_row(rc_buf *b, const char *version, const char *upstream)
{
    const char *py, *cann, *torch;
    support_cells(version, &py, &cann, &torch);
    rc_buf_printf(b, "| v%s | %s | %s | %s | %s |\n", version, upstream, py, cann, torch);
}

static void date_str(char out[11], int64_t t)
{
    char iso[21];
    rc_time_iso(iso, t);
    memcpy(out, iso, 10);
    out[10] = '\0';
}

/* Planted drift (see ARCHITECTURE.md "Demo history"):
 * - v0.8.5.post1 is tagged but has no matrix row (missing_from_matrix);
 * - a v0.9.0 row although 0.9.0 was never tagged (not_tagged);
 * - the v0.7.3 row names vLLM v0.7.2 while the trailers say v0.7.3;
 * - the calendar dates the v0.9.1 final two days before its tag. */
char *demo_policy_doc(const demo_tag_info *tags, size_t ntags)
{
    rc_buf b = {0};
    rc_buf_puts(
        &b, "# Versioning policy\n"
            "\n"
            "Each release follows an upstream vLLM release; release candidates are tagged\n"
            "on the release branch and published like finals.\n"
            "\n"
            "## Release compatibility matrix\n"
            "\n"
            "| vLLM Ascend | vLLM | Python | Stable CANN | PyTorch/torch_npu |\n"
            "|-------------|------|--------|-------------|-------------------|\n"
            "| main | {{main_vllm_commit}} | >= 3.9, < 3.13 | 8.1.RC1 | 2.5.1 / 2.5.1.post1 |\n");
    for (size_t i = ntags; i-- > 0;) {
        const demo_tag_info *t = &tags[i];
        if (strcmp(t->version, "0.8.5.post1") == 0)
            continue; /* planted: missing_from_matrix */
        if (strcmp(t->version, "0.8.5") == 0)
            matrix_row(&b, "0.9.0", "v0.9.0");                       /* planted: not_tagged */
        const char *up = strcmp(t->version, "0.7.3") == 0 ? "v0.7.2" /* planted mismatch */
                                                          : t->upstream;
        matrix_row(&b, t->version, up);
    }
    rc_buf_puts(&b, "\n"
                    "## Branch states\n"
                    "\n"
                    "| Branch | State | Note |\n"
                    "|--------|-------|------|\n"
                    "| main | Maintained | CI commitment for vLLM main |\n"
                    "| releases/v0.9.2 | Maintained | release candidates in progress |\n"
                    "| releases/v0.9.1 | Maintained | |\n"
                    "| releases/v0.8.5 | Maintained | |\n"
                    "| v0.7.3-dev | Maintained | |\n"
                    "| releases/v0.6.6 | Unmaintained | fixes welcome, no releases |\n"
                    "\n"
                    "## Release cadence\n"
                    "\n"
                    "| Date | Event |\n"
                    "|------|-------|\n");
    int64_t last = 0;
    for (size_t i = 0; i < ntags; i++) {
        const demo_tag_info *t = &tags[i];
        if (strncmp(t->version, "0.9.", 4) != 0)
            continue;
        char d[11];
        bool final = !strstr(t->version, "rc");
        date_str(d, t->date - (strcmp(t->version, "0.9.1") == 0 ? 2 * 86400 : 0));
        rc_buf_printf(&b, "| %s | %s v%s |\n", d, final ? "Final release," : "Release candidate,",
                      t->version);
        last = t->date;
    }
    char d1[11], d2[11];
    /* planned a few weeks out, so that a demo built these days still shows
     * them ahead (the history itself never reads the clock) */
    date_str(d1, last + 14 * 86400);
    date_str(d2, last + 21 * 86400);
    rc_buf_printf(&b, "| %s | Final release, v0.9.2 |\n| %s | Release candidate, v0.10.0rc1 |\n",
                  d1, d2);
    return rc_buf_detach(&b);
}
