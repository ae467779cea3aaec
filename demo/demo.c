/* The demo history, written as a script: a table of steps (filler commits,
 * planted commits on main, branch cuts, picks, reverts, tags, docs) that an
 * interpreter plays with libgit2 alone. Time, authors, filler subjects and
 * benchmark numbers come from a seeded generator and a fixed start date, so
 * one seed always gives the same object ids; the planted structure does not
 * depend on the seed, so tests can rely on it. */
#include "demo/demo.h"
#include "demo/demo_internal.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <dirent.h>
#include <git2.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the script ---- */

typedef enum {
    S_FILL,          /* arg filler commits on main, any category */
    S_FILL_NOFIX,    /* arg filler commits on main that are not fixes (after the newest cut) */
    S_UPGRADE,       /* main: "[Misc] Upgrade vLLM to TEXT", starts that upstream's trailers */
    S_MAIN,          /* main: planted commit TEXT editing FILES */
    S_VERSION_FIX,   /* main: planted commit TEXT rewriting vllm/version.py */
    S_CUT,           /* create BRANCH at main's head */
    S_BUMP,          /* BRANCH: pin vllm/version.py to TEXT */
    S_BRANCH,        /* BRANCH: branch-only commit TEXT editing FILES */
    S_NOTES,         /* BRANCH: RELEASE.md with a leftover conflict block for version TEXT */
    S_PICK,          /* BRANCH: cherry-pick of REF, message style ARG (TEXT for P_AS) */
    S_TAG,           /* tag TEXT at BRANCH's head, annotated when ARG */
    S_REVERT_MAIN,   /* main: revert REF, message style ARG */
    S_REVERT_BRANCH, /* BRANCH: git-style revert of REF (a pick) */
    S_DOCS,          /* main: versioning policy written from the tags so far */
    S_CASE,          /* record planted case TEXT: commit LABEL, referring to REF */
} step_op;

enum {
    P_SAME_SUBJECT,   /* the original message, nothing added */
    P_X,              /* git cherry-pick -x trailer */
    P_FROM,           /* "(from #N)" in the subject */
    P_ORIGINAL_PR,    /* "Original PR: #N" in the body */
    P_CHERRY_FROM,    /* "cherry-pick from #N" in the body */
    P_BACKPORT,       /* "backport of #N" in the body */
    P_PREFIX_VERSION, /* "[vX.Y.Z] " prefix, nothing else */
    P_PREFIX_CHERRY,  /* "[Cherry-pick] " prefix, "Cherry-pick of PR #N onto B" */
    P_PREFIX_BRANCH,  /* "[releases/vX.Y.Z] " prefix, "pick-from: URL" */
    P_AS,             /* a new subject, no reference: only the patch matches */
};
enum { R_GIT_PR, R_BRACKET };

typedef struct {
    step_op op;
    const char *label;  /* names this step's commit for later steps */
    const char *branch; /* release branch; NULL for main */
    const char *text;
    const char *files; /* ';'-separated paths */
    const char *ref;   /* label of the commit picked / reverted / referred to */
    int arg;
} step;

#define FILL(n)                                                                                    \
    {                                                                                              \
        S_FILL, NULL, NULL, NULL, NULL, NULL, n                                                    \
    }
#define FILL_NOFIX(n)                                                                              \
    {                                                                                              \
        S_FILL_NOFIX, NULL, NULL, NULL, NULL, NULL, n                                              \
    }
#define UPGRADE(v)                                                                                 \
    {                                                                                              \
        S_UPGRADE, NULL, NULL, v, NULL, NULL, 0                                                    \
    }
#define MAIN(l, subj, files)                                                                       \
    {                                                                                              \
        S_MAIN, l, NULL, subj, files, NULL, 0                                                      \
    }
#define VERSION_FIX(l, subj)                                                                       \
    {                                                                                              \
        S_VERSION_FIX, l, NULL, subj, NULL, NULL, 0                                                \
    }
#define CUT(b)                                                                                     \
    {                                                                                              \
        S_CUT, NULL, b, NULL, NULL, NULL, 0                                                        \
    }
#define BUMP(l, b, v)                                                                              \
    {                                                                                              \
        S_BUMP, l, b, v, NULL, NULL, 0                                                             \
    }
#define BRANCH(l, b, subj, files)                                                                  \
    {                                                                                              \
        S_BRANCH, l, b, subj, files, NULL, 0                                                       \
    }
#define NOTES(l, b, v)                                                                             \
    {                                                                                              \
        S_NOTES, l, b, v, NULL, NULL, 0                                                            \
    }
#define PICK(l, b, ref, style)                                                                     \
    {                                                                                              \
        S_PICK, l, b, NULL, NULL, ref, style                                                       \
    }
#define PICK_AS(l, b, ref, subj)                                                                   \
    {                                                                                              \
        S_PICK, l, b, subj, NULL, ref, P_AS                                                        \
    }
#define TAG(b, name, annotated)                                                                    \
    {                                                                                              \
        S_TAG, NULL, b, name, NULL, NULL, annotated                                                \
    }
#define REVERT_MAIN(l, ref, style)                                                                 \
    {                                                                                              \
        S_REVERT_MAIN, l, NULL, NULL, NULL, ref, style                                             \
    }
#define REVERT_BRANCH(l, b, ref)                                                                   \
    {                                                                                              \
        S_REVERT_BRANCH, l, b, NULL, NULL, ref, 0                                                  \
    }
#define DOCS(l)                                                                                    \
    {                                                                                              \
        S_DOCS, l, NULL, NULL, NULL, NULL, 0                                                       \
    }
#define CASE(name, l, ref, note)                                                                   \
    {                                                                                              \
        S_CASE, l, NULL, name, note, ref, 0                                                        \
    }

#define NEWEST "releases/v0.9.2"

static const step script[] = {
    /* 0.6: old enough to be unmaintained with maintainedMinors = 3 */
    FILL(45),
    UPGRADE("v0.6.6"),
    FILL(15),
    MAIN("o066a", "[Bugfix] Fix detokenizer crash on empty stop strings",
         "vllm/transformers_utils/detokenizer.py"),
    CUT("releases/v0.6.6"),
    BUMP("b066", "releases/v0.6.6", "0.6.6"),
    TAG("releases/v0.6.6", "v0.6.6rc1", 0),
    FILL(10),
    MAIN("o066b", "[Bugfix] Fix OOM in prefix caching with very long prompts",
         "vllm/core/block_manager.py;tests/core/test_scheduler.py"),
    PICK("p066b", "releases/v0.6.6", "o066b", P_X),
    TAG("releases/v0.6.6", "v0.6.6", 1),
    /* 0.7: the vllm-ascend style branch name */
    FILL(20),
    UPGRADE("v0.7.3"),
    FILL(25),
    CUT("v0.7.3-dev"),
    BUMP("b073", "v0.7.3-dev", "0.7.3"),
    TAG("v0.7.3-dev", "v0.7.3rc1", 1),
    FILL(8),
    MAIN("o073a", "[Kernel] Fix paged attention for head size 80 on ROCm",
         "csrc/attention/paged_attention_v2.cu"),
    MAIN("o073b", "[Doc] Fix broken links in the quickstart",
         "docs/source/getting_started/quickstart.md"),
    PICK("p073a", "v0.7.3-dev", "o073a", P_SAME_SUBJECT),
    PICK("p073b", "v0.7.3-dev", "o073b", P_X),
    TAG("v0.7.3-dev", "v0.7.3rc2", 0),
    FILL(6),
    TAG("v0.7.3-dev", "v0.7.3", 1),
    /* 0.8: SemVer-spelled RC tag and a .post1 */
    FILL(20),
    UPGRADE("v0.8.5"),
    FILL(25),
    CUT("releases/v0.8.5"),
    BUMP("b085", "releases/v0.8.5", "0.8.5"),
    TAG("releases/v0.8.5", "v0.8.5rc1", 1),
    FILL(6),
    MAIN("o085a", "[Bugfix] Fix Hermes tool parser for streamed arguments",
         "vllm/entrypoints/openai/tool_parsers/hermes_tool_parser.py;"
         "tests/entrypoints/openai/test_chat.py"),
    PICK("p085a", "releases/v0.8.5", "o085a", P_SAME_SUBJECT),
    TAG("releases/v0.8.5", "v0.8.5-rc2", 0),
    FILL(5),
    MAIN("o085b", "[Bugfix] Fix fused MoE top-k when num_experts is not a multiple of 8",
         "csrc/moe/topk_softmax_kernels.cu;tests/kernels/test_moe.py"),
    PICK("p085b", "releases/v0.8.5", "o085b", P_X),
    TAG("releases/v0.8.5", "v0.8.5", 1),
    FILL(6),
    MAIN("o085c", "[Bugfix] Fix crash when loading LoRA adapters with bias", "vllm/lora/models.py"),
    PICK("p085c", "releases/v0.8.5", "o085c", P_FROM),
    TAG("releases/v0.8.5", "v0.8.5.post1", 1),
    /* 0.9.1: the previous final, baseline of the benchmarks */
    FILL(15),
    UPGRADE("v0.9.1"),
    FILL(25),
    CUT("releases/v0.9.1"),
    BUMP("b091", "releases/v0.9.1", "0.9.1"),
    TAG("releases/v0.9.1", "v0.9.1rc1", 0),
    FILL(6),
    MAIN("o091a", "[Bugfix] Fix FP8 KV cache scale loading for Llama",
         "vllm/model_executor/layers/quantization/fp8.py"),
    MAIN("o091b", "[Core] Fix hang when the engine core dies during startup",
         "vllm/engine/async_llm_engine.py"),
    PICK("p091a", "releases/v0.9.1", "o091a", P_SAME_SUBJECT),
    PICK("p091b", "releases/v0.9.1", "o091b", P_X),
    TAG("releases/v0.9.1", "v0.9.1rc2", 1),
    FILL(5),
    TAG("releases/v0.9.1", "v0.9.1", 1),
    /* 0.9.2: the release in progress, where every planted case lives */
    FILL(20),
    UPGRADE("v0.9.2"),
    FILL(25),
    CUT(NEWEST),
    BRANCH("ci", NEWEST, "[CI] Pin release runners to the v0.9.2 image",
           ".github/workflows/release.yml"),
    BUMP("bump", NEWEST, "0.9.2"),
    TAG(NEWEST, "v0.9.2-rc1", 1),
    MAIN("pend", "[Bugfix] Fix prompt logprobs with chunked prefill",
         "vllm/v1/worker/gpu_model_runner.py"),
    MAIN("o.x", "[Bugfix] Fix KV cache leak when a request is aborted mid-prefill",
         "vllm/v1/core/kv_cache_manager.py;tests/core/test_scheduler.py"),
    FILL_NOFIX(2),
    MAIN("o.same", "[Bugfix] Fix Llama 4 chunked attention mask",
         "vllm/model_executor/models/llama4.py"),
    MAIN("o.from", "[Core] Fix deadlock in async output processing", "vllm/engine/llm_engine.py"),
    MAIN("o.fixref", "[Bugfix] Fix #{pr:pend}: drop stale logprobs of preempted requests",
         "vllm/sequence.py"),
    FILL_NOFIX(3),
    MAIN("o.origpr", "[Doc] Document the fp8 KV cache options",
         "docs/source/features/quantization/fp8.md"),
    MAIN("o.cpfrom", "[Bugfix] Fix fp8 scaling in the ROCm FlashAttention backend",
         "vllm/attention/backends/rocm_flash_attn.py"),
    MAIN("o.backport", "[Bugfix] Fix race in distributed shutdown",
         "vllm/distributed/parallel_state.py"),
    FILL_NOFIX(2),
    MAIN("o.pver", "[Bugfix] Fix structured output with xgrammar when n > 1",
         "vllm/model_executor/guided_decoding/xgrammar_decoding.py"),
    MAIN("o.pcherry", "[Doc] Fix the chat template example in the OpenAI server docs",
         "docs/source/serving/openai_compatible_server.md"),
    MAIN("o.pbranch", "[Bugfix] Handle a missing generation_config.json", "vllm/config.py"),
    MAIN("o.content", "[Bugfix] Handle an empty prompt list in LLM.generate",
         "vllm/entrypoints/llm.py"),
    MAIN("o.revdone", "[Core] Reduce scheduler lock contention", "vllm/v1/core/sched/scheduler.py"),
    MAIN("o.revneed", "[Bugfix] Use fp32 accumulation in fused MoE",
         "vllm/model_executor/layers/fused_moe/fused_moe.py"),
    MAIN("o.nopick", "[Feature] Add speculative decoding acceptance metrics",
         "vllm/worker/model_runner.py;docs/source/serving/openai_compatible_server.md"),
    FILL_NOFIX(3),
    PICK("p.x", NEWEST, "o.x", P_X),
    PICK("p.same", NEWEST, "o.same", P_SAME_SUBJECT),
    PICK("p.from", NEWEST, "o.from", P_FROM),
    PICK("p.fixref", NEWEST, "o.fixref", P_X),
    PICK("p.revdone", NEWEST, "o.revdone", P_SAME_SUBJECT),
    PICK("p.revneed", NEWEST, "o.revneed", P_X),
    TAG(NEWEST, "v0.9.2rc2", 0),
    FILL_NOFIX(2),
    PICK("p.origpr", NEWEST, "o.origpr", P_ORIGINAL_PR),
    PICK("p.cpfrom", NEWEST, "o.cpfrom", P_CHERRY_FROM),
    PICK("p.backport", NEWEST, "o.backport", P_BACKPORT),
    PICK("p.pver", NEWEST, "o.pver", P_PREFIX_VERSION),
    PICK("p.pcherry", NEWEST, "o.pcherry", P_PREFIX_CHERRY),
    PICK("p.pbranch", NEWEST, "o.pbranch", P_PREFIX_BRANCH),
    PICK_AS("p.content", NEWEST, "o.content", "[Bugfix] Guard LLM.generate against empty input"),
    BRANCH("feature", NEWEST, "[Feature] Add --max-loras-per-batch engine argument",
           "vllm/engine/arg_utils.py;vllm/lora/models.py"),
    REVERT_MAIN("r.revdone", "o.revdone", R_GIT_PR),
    REVERT_BRANCH("rb.revdone", NEWEST, "p.revdone"),
    REVERT_MAIN("r.revneed", "o.revneed", R_BRACKET),
    REVERT_MAIN("r.nopick", "o.nopick", R_GIT_PR),
    NOTES("notes", NEWEST, "0.9.2"),
    TAG(NEWEST, "v0.9.2rc3", 1),
    DOCS("docs"),
    PICK("p.docs", NEWEST, "docs", P_SAME_SUBJECT),
    MAIN("pend.doc", "[Doc] Add an MI300X tuning guide",
         "docs/source/getting_started/installation/gpu/rocm.md"),
    VERSION_FIX("pend.conflict", "[Bugfix] Let VLLM_VERSION_OVERRIDE set the reported version"),
    MAIN("pend.issue", "[Bugfix] Fix #123: wrong rope scaling for Llama 4 long context",
         "vllm/model_executor/layers/rotary_embedding.py"),
    FILL_NOFIX(3),

    CASE("pick.x-trailer", "p.x", "o.x", "git cherry-pick -x trailer names the original sha"),
    CASE("pick.same-subject", "p.same", "o.same", "same subject and PR number, nothing else"),
    CASE("pick.from", "p.from", "o.from", "'(from #N)' in the subject, new PR number"),
    CASE("pick.original-pr", "p.origpr", "o.origpr", "'Original PR: #N' in the body"),
    CASE("pick.cherry-pick-from", "p.cpfrom", "o.cpfrom", "'cherry-pick from #N' in the body"),
    CASE("pick.backport", "p.backport", "o.backport", "'backport of #N' in the body"),
    CASE("pick.prefix-version", "p.pver", "o.pver",
         "'[v0.9.2]' subject prefix and a new PR number, no other reference"),
    CASE("pick.prefix-cherry-pick", "p.pcherry", "o.pcherry",
         "'[Cherry-pick]' prefix, body 'Cherry-pick of PR #N onto releases/v0.9.2'"),
    CASE("pick.prefix-branch", "p.pbranch", "o.pbranch",
         "'[releases/v0.9.2]' prefix, body 'pick-from: <pull URL>'"),
    CASE("pick.same-content", "p.content", "o.content",
         "different subject, no reference: only the patch id matches"),
    CASE("evidence.fix-other-pr", "p.fixref", "pend",
         "the picked subject says 'Fix #N' with N the PR of pending.bugfix: not a pick of it"),
    CASE("violation.feature", "feature", NULL, "[Feature] committed on the branch, not on main"),
    CASE("branch.ci-fix", "ci", NULL, "branch-only CI change (release-branch-specific)"),
    CASE("branch.version-bump", "bump", NULL, "branch-only version pin (release-branch-specific)"),
    CASE("docs.conflict-markers", "notes", NULL,
         "RELEASE.md on the branch keeps a <<<<<<< ======= >>>>>>> block"),
    CASE("docs.policy", "docs", NULL, "versioning policy with the planted matrix/calendar drift"),
    CASE("docs.policy.pick", "p.docs", "docs", "the policy update picked onto the branch"),
    CASE("revert.followed", "r.revdone", "o.revdone",
         "main reverted a picked commit; the branch reverted its pick too"),
    CASE("revert.followed.branch", "rb.revdone", "p.revdone",
         "git-style revert on the branch: 'This reverts commit <pick>.'"),
    CASE("revert.needed", "r.revneed", "o.revneed",
         "main reverted a picked commit; the branch still has the pick"),
    CASE("revert.needed.pick", "p.revneed", "o.revneed", "the pick that must be reverted"),
    CASE("revert.not-needed", "r.nopick", "o.nopick", "main reverted a commit never picked"),
    CASE("pending.bugfix", "pend", NULL, "pending fix on main, applies cleanly"),
    CASE("pending.doc", "pend.doc", NULL, "pending doc fix on main, applies cleanly"),
    CASE("pending.conflict", "pend.conflict", NULL,
         "pending fix that conflicts: the branch pinned the same line of vllm/version.py"),
    CASE("pending.fix-issue", "pend.issue", NULL, "'Fix #123' names an issue, not a PR"),
    CASE("unmaintained.pick", "p066b", "o066b", "a -x pick on the unmaintained releases/v0.6.6"),
    CASE("post.pick", "p085c", "o085c", "the fix behind v0.8.5.post1"),
};

/* ---- people ---- */

typedef struct {
    const char *name, *email;
    int offset; /* minutes east of UTC */
} person;

static const person authors[] = {
    {"Ana Ruiz", "ana.ruiz@example.com", 60},    {"Bo Chen", "bo.chen@example.com", 480},
    {"Chidi Okafor", "chidi@example.com", 60},   {"Dana Levin", "dana.levin@example.com", -420},
    {"Eitan Bar", "eitan.bar@example.com", 120}, {"Fatima Noor", "fatima@example.com", 300},
    {"Gao Lei", "gao.lei@example.com", 480},     {"Hiro Tanaka", "hiro.tanaka@example.com", 540},
};
#define NAUTHORS (sizeof authors / sizeof authors[0])
static const person github = {"GitHub", "noreply@github.com", 0};
static const person captain = {"Rhea Captain", "release-captain@example.com", -240};

/* ---- filler subjects ---- */

typedef struct {
    const char *prefix;
    int weight;
    const char *const *verbs;
    const char *const *objects;
    char files; /* pool: 'p' engine python, 'k' kernels, 'o' models, 'm' docs, 'y' CI */
} category;

static const char *const v_fix[] = {"Fix", NULL};
static const char *const o_fix[] = {"off-by-one in block allocation",
                                    "dtype mismatch in sampler",
                                    "stale prefix cache hits",
                                    "crash with zero max_tokens",
                                    "wrong finish reason on abort",
                                    "memory leak in the tokenizer pool",
                                    "race in async output queue",
                                    "NaN logits with top-p of 1.0",
                                    "LoRA rank check",
                                    "seed handling in beam search",
                                    "usage stats for streamed requests",
                                    "CUDA graph capture sizes",
                                    "pipeline-parallel rank mapping",
                                    "ROCm wheel metadata",
                                    "guided JSON with nested arrays",
                                    "multi-modal placeholder offsets",
                                    "tokenizer mode auto-detection",
                                    "empty logit bias",
                                    "timeout of the health check",
                                    "attention metadata for encoder-decoder models",
                                    NULL};
/* Optional " in PLACE" suffix of fixes and speed-ups. */
static const char *const places[] = {"the V1 scheduler",
                                     "prefix caching",
                                     "the OpenAI server",
                                     "speculative decoding",
                                     "LoRA loading",
                                     "the ROCm backend",
                                     "FlashInfer",
                                     "pipeline parallelism",
                                     "guided decoding",
                                     "the multi-modal processor",
                                     "the CPU offloader",
                                     "the async engine",
                                     NULL};
static const char *const v_feat[] = {"Support", "Add", "Enable", NULL};
static const char *const o_feat[] = {"sleep mode for the V1 engine",
                                     "data-parallel serving",
                                     "prompt embeddings input",
                                     "structured outputs in the chat API",
                                     "KV cache offloading to CPU",
                                     "LoRA hot swapping",
                                     "per-request seed in batch API",
                                     "expert parallel load balancing",
                                     "FP8 attention on Hopper",
                                     "reasoning output parsing",
                                     "priority scheduling",
                                     "disaggregated prefill",
                                     "tool calling with streaming",
                                     "audio inputs in the chat API",
                                     "beam search in V1",
                                     "n-gram speculative decoding",
                                     "KV cache events",
                                     "request-level tracing",
                                     "the embeddings pooling API",
                                     "quantized LoRA adapters",
                                     NULL};
static const char *const v_doc[] = {"Update", "Clarify", "Document", "Rewrite", NULL};
static const char *const o_doc[] = {
    "the installation guide",       "engine arguments",           "the quantization overview",
    "the multi-node serving guide", "the supported models table", "LoRA usage",
    "environment variables",        "the metrics reference",      NULL};
static const char *const v_ci[] = {"Split", "Retry", "Bump", "Speed up", NULL};
static const char *const o_ci[] = {"the kernel test shards",
                                   "flaky entrypoint tests",
                                   "the pre-commit hooks",
                                   "the ROCm image",
                                   "the wheel build",
                                   "the nightly benchmarks",
                                   NULL};
static const char *const v_perf[] = {"Speed up", "Reduce", "Optimize", NULL};
static const char *const o_perf[] = {"sampler overhead",       "detokenization",
                                     "block table updates",    "MoE routing",
                                     "the scheduler hot loop", "input preparation",
                                     "prefix cache lookups",   "logprobs computation",
                                     "CUDA graph replay",      "all-reduce for small tensors",
                                     "penalty application",    NULL};
static const char *const v_model[] = {"Add support for", "Fix weight loading for",
                                      "Enable LoRA for", NULL};
static const char *const o_model[] = {
    "Qwen3-MoE",   "GLM-4",       "Phi-4-multimodal", "Gemma 3",   "MiniCPM-o",
    "DeepSeek-V3", "Granite 3.3", "OLMo 2",           "EXAONE 4",  "Mistral Small 3.1",
    "Qwen2.5-VL",  "InternVL3",   "Llama 4 Maverick", "Jamba 1.6", "Falcon-H1",
    "Bamba",       "Aria",        "Command A",        NULL};
static const char *const v_core[] = {"Refactor", "Simplify", "Move", "Split", "Type", NULL};
static const char *const o_core[] = {
    "the engine core loop",   "request state tracking", "KV cache config checks",
    "the output processor",   "worker initialization",  "sampling metadata",
    "the executor interface", "block hashing",          "the model loader",
    "the request queue",      "engine shutdown",        NULL};
static const char *const v_kernel[] = {"Tune", "Add", "Fix", "Vectorize", NULL};
static const char *const o_kernel[] = {"FP8 GEMM configs for MI300X",
                                       "Triton fused MoE configs for H100",
                                       "the rotary kernel",
                                       "the paged attention launch bounds",
                                       "the top-k softmax kernel",
                                       "the FP8 quant kernel",
                                       "the Marlin GEMM",
                                       "the cache copy kernel",
                                       "the layernorm kernel",
                                       NULL};
static const char *const v_misc[] = {"Clean up", "Bump", "Remove", NULL};
static const char *const o_misc[] = {
    "unused imports", "the transformers pin", "deprecated flags", "the type hints of config",
    "stale TODOs",    "the issue templates",  "the codeowners",   NULL};

static const category categories[] = {
    {"[Bugfix]", 30, v_fix, o_fix, 'p'}, {"[Feature]", 10, v_feat, o_feat, 'p'},
    {"[Doc]", 10, v_doc, o_doc, 'm'},    {"[CI]", 8, v_ci, o_ci, 'y'},
    {"[Perf]", 8, v_perf, o_perf, 'p'},  {"[Model]", 12, v_model, o_model, 'o'},
    {"[Core]", 8, v_core, o_core, 'p'},  {"[Kernel]", 7, v_kernel, o_kernel, 'k'},
    {"[Misc]", 7, v_misc, o_misc, 'p'},
};
#define NCATEGORIES (sizeof categories / sizeof categories[0])

static const char *const new_models[] = {"qwen3_moe",   "glm4",    "phi4mm", "gemma3",  "minicpmo",
                                         "deepseek_v3", "granite", "olmo2",  "exaone4", NULL};

/* ---- generator state ---- */

typedef struct {
    const char *name;     /* "main" or the release branch */
    const char *version;  /* "0.9.2" for releases/v0.9.2 */
    const char *upstream; /* trailer version at the cut */
    git_oid head;
} branch_state;

typedef struct {
    const char *label;
    const char *branch;
    git_oid oid;
    int pr;
    char *subject0; /* subject without " (#N)" */
} label_entry;

typedef struct {
    git_repository *repo;
    demo_rng rng;
    int64_t t;
    int pr;
    const char *upstream;
    branch_state branches[8];
    size_t nbranches;
    label_entry labels[96];
    size_t nlabels;
    int reserved[64]; /* next planted slot of demo_files[i] */
    char **subjects;  /* used subjects, to keep fillers distinct */
    size_t nsubjects;
    int models_made;
    demo_tag_info tags[32];
    size_t ntags;
    rc_demo_report *rep;
} demo;

#define START_TIME 1785744000 /* 2026-08-03T08:00:00Z */

#define GIT(call, what)                                                                            \
    do {                                                                                           \
        if ((call) < 0)                                                                            \
            return rc_error_from_git(RC_EGIT, what);                                               \
    } while (0)

/* ---- git helpers ---- */

static branch_state *branch_get(demo *d, const char *name)
{
    if (!name)
        name = "main";
    for (size_t i = 0; i < d->nbranches; i++)
        if (strcmp(d->branches[i].name, name) == 0)
            return &d->branches[i];
    return NULL;
}

static label_entry *label_get(demo *d, const char *label)
{
    for (size_t i = 0; i < d->nlabels; i++)
        if (strcmp(d->labels[i].label, label) == 0)
            return &d->labels[i];
    return NULL;
}

static void tick(demo *d)
{
    d->t += 3600 + (int64_t)demo_rng_below(&d->rng, 11 * 3600);
}

static int next_pr(demo *d)
{
    d->pr += 1 + (int)demo_rng_below(&d->rng, 6);
    return d->pr;
}

static int tree_of(demo *d, git_oid *out, const git_oid *commit_id)
{
    git_commit *c;
    GIT(git_commit_lookup(&c, d->repo, commit_id), "demo: commit lookup");
    git_oid_cpy(out, git_commit_tree_id(c));
    git_commit_free(c);
    return 0;
}

/* The file's content in tree, or NULL when absent. */
static char *tree_read(demo *d, const git_oid *tree_id, const char *path)
{
    git_tree *tree = NULL;
    git_tree_entry *e = NULL;
    git_blob *blob = NULL;
    char *s = NULL;
    if (git_tree_lookup(&tree, d->repo, tree_id) == 0 &&
        git_tree_entry_bypath(&e, tree, path) == 0 &&
        git_blob_lookup(&blob, d->repo, git_tree_entry_id(e)) == 0)
        s = rc_xstrndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
    git_blob_free(blob);
    git_tree_entry_free(e);
    git_tree_free(tree);
    return s;
}

static int tree_write(demo *d, git_oid *tree_id, const char *path, const char *content,
                      git_filemode_t mode)
{
    git_tree_update up = {.action = GIT_TREE_UPDATE_UPSERT, .filemode = mode, .path = path};
    GIT(git_blob_create_from_buffer(&up.id, d->repo, content, strlen(content)), "demo: blob");
    git_tree *base = NULL;
    if (!git_oid_is_zero(tree_id))
        GIT(git_tree_lookup(&base, d->repo, tree_id), "demo: tree lookup");
    int r = git_tree_create_updated(tree_id, d->repo, base, 1, &up);
    git_tree_free(base);
    GIT(r, "demo: tree update");
    return 0;
}

static const demo_file *file_find(const char *path, size_t *index)
{
    for (size_t i = 0; i < demo_nfiles; i++)
        if (strcmp(demo_files[i].path, path) == 0) {
            if (index)
                *index = i;
            return &demo_files[i];
        }
    return NULL;
}

/* Gives slot a new value (different from the current one). */
static int edit_slot(demo *d, git_oid *tree_id, const demo_file *f, int slot)
{
    char *old = tree_read(d, tree_id, f->path);
    if (!old)
        return rc_error_set(RC_ERROR, "demo: %s missing from the tree", f->path);
    char *new = NULL;
    for (int tries = 0; tries < 8; tries++) {
        free(new);
        new = demo_slotted_edit(old, f, slot, 8u * (1u + demo_rng_below(&d->rng, 512)));
        if (!new || strcmp(new, old) != 0)
            break;
    }
    free(old);
    if (!new)
        return rc_error_set(RC_ERROR, "demo: %s has no slot %d", f->path, slot);
    int r = tree_write(d, tree_id, f->path, new, GIT_FILEMODE_BLOB);
    free(new);
    return r;
}

/* Planted edits: each file named in the ';'-list gets its next reserved slot. */
static int edit_planted(demo *d, git_oid *tree_id, const char *files)
{
    char *list = rc_xstrdup(files);
    int r = 0;
    for (char *save = NULL, *p = strtok_r(list, ";", &save); p && !r;
         p = strtok_r(NULL, ";", &save)) {
        size_t i;
        const demo_file *f = file_find(p, &i);
        if (!f)
            r = rc_error_set(RC_ERROR, "demo: script names unknown file %s", p);
        else if (d->reserved[i] >= DEMO_SLOTS)
            r = rc_error_set(RC_ERROR, "demo: no planted slot left in %s", p);
        else
            r = edit_slot(d, tree_id, f, d->reserved[i]++);
    }
    free(list);
    return r;
}

typedef struct {
    const person *author;
    int64_t author_time;
    const git_signature *author_sig; /* takes precedence (picks keep the original) */
} authorship;

/* Commits tree on branch (parent: its head) and moves the branch ref. */
static int commit_on(demo *d, git_oid *out, branch_state *b, const git_oid *tree_id,
                     const char *message, const authorship *who)
{
    tick(d);
    const person *committer = strcmp(b->name, "main") == 0 ? &github : &captain;
    git_signature *asig = NULL, *csig = NULL;
    git_tree *tree = NULL;
    git_commit *parent = NULL;
    int r = RC_EGIT;
    if (!who->author_sig && git_signature_new(&asig, who->author->name, who->author->email,
                                              who->author_time, who->author->offset) < 0)
        goto done;
    if (git_signature_new(&csig, committer->name, committer->email, d->t, committer->offset) < 0 ||
        git_tree_lookup(&tree, d->repo, tree_id) < 0)
        goto done;
    if (!git_oid_is_zero(&b->head) && git_commit_lookup(&parent, d->repo, &b->head) < 0)
        goto done;
    const git_commit *parents[1] = {parent};
    if (git_commit_create(out, d->repo, NULL, who->author_sig ? who->author_sig : asig, csig, NULL,
                          message, tree, parent ? 1 : 0, parents) < 0)
        goto done;
    char ref[256];
    snprintf(ref, sizeof ref, "refs/heads/%s", b->name);
    git_reference *rf = NULL;
    if (git_reference_create(&rf, d->repo, ref, out, 1, NULL) < 0)
        goto done;
    git_reference_free(rf);
    git_oid_cpy(&b->head, out);
    r = 0;
done:
    if (r)
        rc_error_from_git(RC_EGIT, "demo: commit");
    git_signature_free(asig);
    git_signature_free(csig);
    git_tree_free(tree);
    git_commit_free(parent);
    return r;
}

static authorship random_author(demo *d)
{
    authorship a = {&authors[demo_rng_below(&d->rng, NAUTHORS)], 0, NULL};
    /* the PR was written a few hours to three days before it was merged */
    a.author_time = d->t - 1800 - (int64_t)demo_rng_below(&d->rng, 3 * 86400);
    return a;
}

static int remember(demo *d, const char *label, const char *branch, const git_oid *oid, int pr,
                    const char *subject0)
{
    if (!label)
        return 0;
    if (d->nlabels >= sizeof d->labels / sizeof d->labels[0])
        return rc_error_set(RC_ERROR, "demo: too many labels");
    label_entry *e = &d->labels[d->nlabels++];
    e->label = label;
    e->branch = branch ? branch : "main";
    git_oid_cpy(&e->oid, oid);
    e->pr = pr;
    e->subject0 = rc_xstrdup(subject0 ? subject0 : "");
    return 0;
}

static bool subject_used(demo *d, const char *s)
{
    for (size_t i = 0; i < d->nsubjects; i++)
        if (strcmp(d->subjects[i], s) == 0)
            return true;
    return false;
}

static void subject_add(demo *d, const char *s)
{
    d->subjects = rc_xrealloc(d->subjects, (d->nsubjects + 1) * sizeof *d->subjects);
    d->subjects[d->nsubjects++] = rc_xstrdup(s);
}

static size_t count_list(const char *const *l)
{
    size_t n = 0;
    while (l[n])
        n++;
    return n;
}

/* A main commit: subject0 + " (#PR)", optional body, trailers when an
 * upstream is set and the dice say so. */
static int main_commit(demo *d, git_oid *out, const git_oid *tree, const char *subject0,
                       const char *body, int pr, bool maybe_trailer)
{
    branch_state *m = branch_get(d, "main");
    rc_buf msg = {0};
    rc_buf_printf(&msg, "%s (#%d)\n", subject0, pr);
    if (body)
        rc_buf_printf(&msg, "\n%s\n", body);
    if (maybe_trailer && d->upstream && demo_rng_below(&d->rng, 10) < 3) {
        char hex[41];
        for (int i = 0; i < 40; i++)
            hex[i] = "0123456789abcdef"[demo_rng_below(&d->rng, 16)];
        hex[40] = '\0';
        rc_buf_printf(&msg,
                      "\n- vLLM version: %s\n- vLLM main: "
                      "https://github.com/vllm-project/vllm/commit/%s\n",
                      d->upstream, hex);
    }
    authorship a = random_author(d);
    char *m_s = rc_buf_detach(&msg);
    int r = commit_on(d, out, m, tree, m_s, &a);
    free(m_s);
    return r;
}

static int filler(demo *d, bool nofix)
{
    const category *c = NULL;
    static const size_t nplaces = sizeof places / sizeof places[0] - 1;
    do {
        int total = 0;
        for (size_t i = 0; i < NCATEGORIES; i++)
            total += categories[i].weight;
        int pick = (int)demo_rng_below(&d->rng, (unsigned)total);
        for (size_t i = 0; i < NCATEGORIES && !c; i++)
            if ((pick -= categories[i].weight) < 0)
                c = &categories[i];
        /* after the newest cut only work that is never picked lands on main,
         * so the pending fixes are exactly the planted ones */
        if (nofix && strcmp(c->prefix, "[Feature]") && strcmp(c->prefix, "[Model]") &&
            strcmp(c->prefix, "[Perf]"))
            c = NULL;
    } while (!c);

    char *subject = NULL;
    for (int tries = 0; tries < 64; tries++) {
        free(subject);
        const char *v = c->verbs[demo_rng_below(&d->rng, (unsigned)count_list(c->verbs))];
        const char *o = c->objects[demo_rng_below(&d->rng, (unsigned)count_list(c->objects))];
        bool placed = (c->verbs == v_fix || c->verbs == v_perf) && demo_rng_below(&d->rng, 3) != 0;
        const char *where = placed ? places[demo_rng_below(&d->rng, (unsigned)nplaces)] : "";
        subject = rc_xasprintf("%s %s %s%s%s%s", c->prefix, v, o, placed ? " in " : "", where,
                               tries >= 32 ? " (follow-up)" : "");
        if (!subject_used(d, subject))
            break;
    }
    subject_add(d, subject);

    branch_state *m = branch_get(d, "main");
    git_oid tree;
    int r = tree_of(d, &tree, &m->head);
    /* files: one or two from the category's pool, filler slots only */
    int nedits = 1 + (int)demo_rng_below(&d->rng, 2);
    for (int e = 0; e < nedits && !r; e++) {
        const demo_file *f = NULL;
        if (c->files == 'o' && e == 0 && demo_rng_below(&d->rng, 10) < 4 &&
            new_models[d->models_made]) {
            char *path =
                rc_xasprintf("vllm/model_executor/models/%s.py", new_models[d->models_made++]);
            demo_file nf = {path, 'p'};
            char *content = demo_slotted_initial(&nf, 4, &d->rng);
            r = tree_write(d, &tree, path, content, GIT_FILEMODE_BLOB);
            free(content);
            free(path);
            continue;
        }
        for (int tries = 0; !f; tries++) {
            const demo_file *cand = &demo_files[demo_rng_below(&d->rng, (unsigned)demo_nfiles)];
            bool ok;
            switch (c->files) {
            case 'k':
                ok = cand->kind == 'c' || strstr(cand->path, "/layers/");
                break;
            case 'o':
                ok = strstr(cand->path, "/models/") != NULL;
                break;
            case 'm':
            case 'y':
                ok = cand->kind == c->files;
                break;
            default:
                ok = cand->kind == 'p';
                break;
            }
            if (ok && strstr(cand->path, "release.yml"))
                ok = false;
            if (ok || tries > 200)
                f = cand;
        }
        r = edit_slot(d, &tree, f, (int)demo_rng_below(&d->rng, DEMO_FILLER_SLOTS));
    }
    git_oid out;
    if (!r)
        r = main_commit(d, &out, &tree, subject, NULL, next_pr(d), true);
    free(subject);
    return r;
}

/* "{pr:LABEL}" in text becomes that label's PR number. */
static char *expand(demo *d, const char *text)
{
    rc_buf b = {0};
    const char *p = text;
    const char *open;
    while ((open = strstr(p, "{pr:"))) {
        const char *close = strchr(open, '}');
        if (!close)
            break;
        rc_buf_put(&b, p, (size_t)(open - p));
        char *label = rc_xstrndup(open + 4, (size_t)(close - open - 4));
        label_entry *e = label_get(d, label);
        rc_buf_printf(&b, "%d", e ? e->pr : 0);
        free(label);
        p = close + 1;
    }
    rc_buf_puts(&b, p);
    return rc_buf_detach(&b);
}

/* The message of commit id split into subject and body (body may be ""). */
static int message_of(demo *d, const git_oid *id, char **subject, char **body,
                      git_signature **author)
{
    git_commit *c;
    GIT(git_commit_lookup(&c, d->repo, id), "demo: commit lookup");
    const char *msg = git_commit_message(c);
    size_t n = strcspn(msg, "\n");
    *subject = rc_xstrndup(msg, n);
    const char *rest = msg + n;
    while (*rest == '\n')
        rest++;
    *body = rc_xstrdup(rest);
    size_t bl = strlen(*body);
    while (bl && (*body)[bl - 1] == '\n')
        (*body)[--bl] = '\0';
    int r = 0;
    if (author && git_signature_dup(author, git_commit_author(c)) < 0)
        r = rc_error_from_git(RC_EGIT, "demo: signature");
    git_commit_free(c);
    return r;
}

static char *pick_message(demo *d, const step *s, const label_entry *o, const char *osubject,
                          const char *obody, int newpr, const branch_state *b)
{
    const char *s0 = o->subject0;
    char hex[41];
    git_oid_tostr(hex, sizeof hex, &o->oid);
    (void)d;
    switch (s->arg) {
    case P_SAME_SUBJECT:
        return *obody ? rc_xasprintf("%s\n\n%s\n", osubject, obody)
                      : rc_xasprintf("%s\n", osubject);
    case P_X:
        return *obody ? rc_xasprintf("%s\n\n%s\n\n(cherry picked from commit %s)\n", osubject,
                                     obody, hex)
                      : rc_xasprintf("%s\n\n(cherry picked from commit %s)\n", osubject, hex);
    case P_FROM:
        return rc_xasprintf("%s (from #%d) (#%d)\n", s0, o->pr, newpr);
    case P_ORIGINAL_PR:
        return rc_xasprintf("%s (#%d)\n\nOriginal PR: #%d\n", s0, newpr, o->pr);
    case P_CHERRY_FROM:
        return rc_xasprintf("%s (#%d)\n\ncherry-pick from #%d\n", s0, newpr, o->pr);
    case P_BACKPORT:
        return rc_xasprintf("%s (#%d)\n\nThis is a backport of #%d to %s.\n", s0, newpr, o->pr,
                            b->name);
    case P_PREFIX_VERSION:
        return rc_xasprintf("[v%s] %s (#%d)\n", b->version, s0, newpr);
    case P_PREFIX_CHERRY:
        return rc_xasprintf("[Cherry-pick] %s (#%d)\n\nCherry-pick of PR #%d onto %s.\n", s0, newpr,
                            o->pr, b->name);
    case P_PREFIX_BRANCH:
        return rc_xasprintf(
            "[%s] %s (#%d)\n\npick-from: https://github.com/vllm-project/vllm/pull/%d\n", b->name,
            s0, newpr, o->pr);
    default:
        return rc_xasprintf("%s (#%d)\n", s->text, newpr);
    }
}

static int do_pick(demo *d, const step *s)
{
    branch_state *b = branch_get(d, s->branch);
    label_entry *o = label_get(d, s->ref);
    if (!b || !o)
        return rc_error_set(RC_ERROR, "demo: pick of %s onto %s: unknown", s->ref, s->branch);
    git_commit *orig = NULL, *ours = NULL;
    git_index *idx = NULL;
    int r = RC_EGIT;
    git_oid tree;
    if (git_commit_lookup(&orig, d->repo, &o->oid) < 0 ||
        git_commit_lookup(&ours, d->repo, &b->head) < 0 ||
        git_cherrypick_commit(&idx, d->repo, orig, ours, 0, NULL) < 0) {
        r = rc_error_from_git(RC_EGIT, "demo: cherry-pick");
        goto done;
    }
    if (git_index_has_conflicts(idx)) {
        r = rc_error_set(RC_ECONFLICT, "demo: planted pick %s conflicts on %s", s->label, b->name);
        goto done;
    }
    if (git_index_write_tree_to(&tree, idx, d->repo) < 0) {
        r = rc_error_from_git(RC_EGIT, "demo: write tree");
        goto done;
    }
    char *osubject, *obody;
    git_signature *asig = NULL;
    if ((r = message_of(d, &o->oid, &osubject, &obody, &asig)))
        goto done;
    bool keeps_pr = s->arg == P_SAME_SUBJECT || s->arg == P_X;
    int newpr = keeps_pr ? o->pr : next_pr(d);
    char *msg = pick_message(d, s, o, osubject, obody, newpr, b);
    authorship a = {NULL, 0, asig};
    git_oid out;
    r = commit_on(d, &out, b, &tree, msg, &a);
    if (!r) {
        const char *s0 = s->arg == P_AS ? s->text : o->subject0;
        r = remember(d, s->label, b->name, &out, newpr, s0);
    }
    free(msg);
    free(osubject);
    free(obody);
    git_signature_free(asig);
done:
    git_index_free(idx);
    git_commit_free(orig);
    git_commit_free(ours);
    return r;
}

static int do_revert(demo *d, const step *s, branch_state *b)
{
    label_entry *o = label_get(d, s->ref);
    if (!o)
        return rc_error_set(RC_ERROR, "demo: revert of unknown %s", s->ref);
    git_commit *target = NULL, *ours = NULL;
    git_index *idx = NULL;
    git_oid tree, out;
    int r = 0;
    if (git_commit_lookup(&target, d->repo, &o->oid) < 0 ||
        git_commit_lookup(&ours, d->repo, &b->head) < 0 ||
        git_revert_commit(&idx, d->repo, target, ours, 0, NULL) < 0 ||
        git_index_write_tree_to(&tree, idx, d->repo) < 0) {
        r = rc_error_from_git(RC_EGIT, "demo: revert");
        goto done;
    }
    char hex[41];
    git_oid_tostr(hex, sizeof hex, &o->oid);
    char *osubject = NULL, *obody = NULL;
    if ((r = message_of(d, &o->oid, &osubject, &obody, NULL)))
        goto done;
    free(obody);
    bool main_branch = strcmp(b->name, "main") == 0;
    int pr = main_branch ? next_pr(d) : 0;
    char *subject0 = main_branch && s->arg == R_BRACKET
                         ? rc_xasprintf("[Revert] Revert \"%s\"", osubject)
                         : rc_xasprintf("Revert \"%s\"", osubject);
    char *msg = main_branch
                    ? rc_xasprintf("%s (#%d)\n\nThis reverts commit %s.\n", subject0, pr, hex)
                    : rc_xasprintf("%s\n\nThis reverts commit %s.\n", subject0, hex);
    authorship a = main_branch ? random_author(d) : (authorship){&captain, d->t, NULL};
    r = commit_on(d, &out, b, &tree, msg, &a);
    if (!r)
        r = remember(d, s->label, b->name, &out, pr, subject0);
    free(msg);
    free(subject0);
    free(osubject);
done:
    git_index_free(idx);
    git_commit_free(target);
    git_commit_free(ours);
    return r;
}

/* "v0.8.5-rc2" -> "0.8.5rc2" (the demo's tags need nothing more). */
static char *tag_version(const char *tag)
{
    rc_buf b = {0};
    for (const char *p = tag[0] == 'v' ? tag + 1 : tag; *p; p++)
        if (!(*p == '-' && strncmp(p + 1, "rc", 2) == 0))
            rc_buf_put(&b, p, 1);
    return rc_buf_detach(&b);
}

static int do_tag(demo *d, const step *s)
{
    branch_state *b = branch_get(d, s->branch);
    git_commit *c = NULL;
    GIT(git_commit_lookup(&c, d->repo, &b->head), "demo: tag target");
    int64_t when = git_commit_time(c);
    int r = 0;
    git_oid id;
    if (s->arg) {
        git_signature *tagger = NULL;
        char *msg = rc_xasprintf("vLLM %s\n", s->text);
        if (git_signature_new(&tagger, captain.name, captain.email, when, captain.offset) < 0 ||
            git_tag_create(&id, d->repo, s->text, (git_object *)c, tagger, msg, 0) < 0)
            r = rc_error_from_git(RC_EGIT, "demo: annotated tag");
        git_signature_free(tagger);
        free(msg);
    } else {
        char ref[256];
        snprintf(ref, sizeof ref, "refs/tags/%s", s->text);
        git_reference *rf = NULL;
        if (git_reference_create(&rf, d->repo, ref, &b->head, 0, NULL) < 0)
            r = rc_error_from_git(RC_EGIT, "demo: tag");
        git_reference_free(rf);
    }
    git_commit_free(c);
    if (!r && d->ntags < sizeof d->tags / sizeof d->tags[0])
        d->tags[d->ntags++] = (demo_tag_info){s->text, tag_version(s->text), b->upstream, when};
    return r;
}

static int do_case(demo *d, const step *s)
{
    label_entry *e = label_get(d, s->label);
    label_entry *o = s->ref ? label_get(d, s->ref) : NULL;
    if (!e || (s->ref && !o))
        return rc_error_set(RC_ERROR, "demo: case %s names an unknown label", s->text);
    rc_demo_report *rep = d->rep;
    rep->cases = rc_xrealloc(rep->cases, (rep->ncases + 1) * sizeof *rep->cases);
    rc_demo_case *c = &rep->cases[rep->ncases++];
    memset(c, 0, sizeof *c);
    c->name = s->text;
    c->branch = e->branch;
    git_oid_tostr(c->sha, sizeof c->sha, &e->oid);
    c->pr = e->pr;
    if (o) {
        git_oid_tostr(c->orig, sizeof c->orig, &o->oid);
        c->orig_pr = o->pr;
    }
    c->note = s->files;
    return 0;
}

static int run_step(demo *d, const step *s)
{
    branch_state *m = branch_get(d, "main");
    branch_state *b = s->branch ? branch_get(d, s->branch) : m;
    git_oid tree, out;
    int r = 0;
    if (!b && s->op != S_CUT)
        return rc_error_set(RC_ERROR, "demo: script names unknown branch %s", s->branch);
    switch (s->op) {
    case S_FILL:
    case S_FILL_NOFIX:
        for (int i = 0; i < s->arg && !r; i++)
            r = filler(d, s->op == S_FILL_NOFIX);
        return r;
    case S_UPGRADE: {
        d->upstream = s->text;
        char *subject = rc_xasprintf("[Misc] Upgrade vLLM to %s", s->text);
        const demo_file *f = file_find(".github/workflows/lint-and-test.yml", NULL);
        if ((r = tree_of(d, &tree, &m->head)) ||
            (r = edit_slot(d, &tree, f, (int)demo_rng_below(&d->rng, DEMO_FILLER_SLOTS))))
            return r;
        char hex[41];
        for (int i = 0; i < 40; i++)
            hex[i] = "0123456789abcdef"[demo_rng_below(&d->rng, 16)];
        hex[40] = '\0';
        char *body = rc_xasprintf("- vLLM version: %s\n- vLLM main: "
                                  "https://github.com/vllm-project/vllm/commit/%s",
                                  s->text, hex);
        r = main_commit(d, &out, &tree, subject, body, next_pr(d), false);
        free(body);
        free(subject);
        return r;
    }
    case S_MAIN:
    case S_VERSION_FIX: {
        char *subject = expand(d, s->text);
        if ((r = tree_of(d, &tree, &m->head)))
            return r;
        r = s->op == S_MAIN ? edit_planted(d, &tree, s->files)
                            : tree_write(d, &tree, "vllm/version.py", demo_version_py_main_fix,
                                         GIT_FILEMODE_BLOB);
        int pr = next_pr(d);
        if (!r)
            r = main_commit(d, &out, &tree, subject, NULL, pr, false);
        if (!r)
            r = remember(d, s->label, NULL, &out, pr, subject);
        subject_add(d, subject);
        free(subject);
        return r;
    }
    case S_CUT: {
        if (d->nbranches >= sizeof d->branches / sizeof d->branches[0])
            return rc_error_set(RC_ERROR, "demo: too many branches");
        branch_state *nb = &d->branches[d->nbranches++];
        nb->name = s->branch;
        const char *v = strncmp(s->branch, "releases/v", 10) == 0 ? s->branch + 10 : s->branch + 1;
        nb->version = rc_xstrndup(v, strcspn(v, "-"));
        nb->upstream = d->upstream;
        git_oid_cpy(&nb->head, &m->head);
        char ref[256];
        snprintf(ref, sizeof ref, "refs/heads/%s", s->branch);
        git_reference *rf = NULL;
        GIT(git_reference_create(&rf, d->repo, ref, &nb->head, 0, NULL), "demo: branch");
        git_reference_free(rf);
        return 0;
    }
    case S_BUMP:
    case S_NOTES:
    case S_BRANCH: {
        if ((r = tree_of(d, &tree, &b->head)))
            return r;
        char *subject, *content = NULL;
        if (s->op == S_BUMP) {
            subject = rc_xasprintf("[Misc] Bump version to %s", s->text);
            content = demo_version_py(s->text);
            r = tree_write(d, &tree, "vllm/version.py", content, GIT_FILEMODE_BLOB);
        } else if (s->op == S_NOTES) {
            subject = rc_xasprintf("[Misc] Update RELEASE.md for v%src3", s->text);
            content = demo_release_md_with_conflict(s->text);
            r = tree_write(d, &tree, "RELEASE.md", content, GIT_FILEMODE_BLOB);
        } else {
            subject = rc_xstrdup(s->text);
            r = edit_planted(d, &tree, s->files);
        }
        free(content);
        int pr = next_pr(d);
        char *msg = rc_xasprintf("%s (#%d)\n", subject, pr);
        authorship a = {&captain, d->t, NULL};
        if (!r)
            r = commit_on(d, &out, b, &tree, msg, &a);
        if (!r)
            r = remember(d, s->label, b->name, &out, pr, subject);
        free(msg);
        free(subject);
        return r;
    }
    case S_PICK:
        return do_pick(d, s);
    case S_TAG:
        return do_tag(d, s);
    case S_REVERT_MAIN:
    case S_REVERT_BRANCH:
        return do_revert(d, s, b);
    case S_DOCS: {
        char *doc = demo_policy_doc(d->tags, d->ntags);
        const char *subject = "[Doc] Update the versioning policy and release calendar";
        int pr = next_pr(d);
        if (!(r = tree_of(d, &tree, &m->head)) &&
            !(r = tree_write(d, &tree, "docs/source/community/versioning_policy.md", doc,
                             GIT_FILEMODE_BLOB)) &&
            !(r = main_commit(d, &out, &tree, subject, NULL, pr, false)))
            r = remember(d, s->label, NULL, &out, pr, subject);
        free(doc);
        return r;
    }
    case S_CASE:
        return do_case(d, s);
    }
    return 0;
}

/* The root commit: every slotted file and the fixed files. */
static int root_commit(demo *d)
{
    git_oid tree, out;
    memset(&tree, 0, sizeof tree);
    git_treebuilder *tb = NULL;
    GIT(git_treebuilder_new(&tb, d->repo, NULL), "demo: treebuilder");
    int r = git_treebuilder_write(&tree, tb);
    git_treebuilder_free(tb);
    GIT(r, "demo: empty tree");
    for (size_t i = 0; i < demo_nfiles && !r; i++) {
        char *content = demo_slotted_initial(&demo_files[i], DEMO_SLOTS, &d->rng);
        r = tree_write(d, &tree, demo_files[i].path, content, GIT_FILEMODE_BLOB);
        free(content);
    }
    for (size_t i = 0; demo_static_files[i] && !r; i += 2) {
        bool exec = strcmp(demo_static_files[i], demo_fake_bench_path) == 0;
        r = tree_write(d, &tree, demo_static_files[i], demo_static_files[i + 1],
                       exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB);
    }
    if (r)
        return r;
    authorship a = {&authors[0], d->t - 3600, NULL};
    return commit_on(d, &out, branch_get(d, "main"), &tree, "Initial commit of the demo history\n",
                     &a);
}

/* ---- after the script ---- */

static int refs_collect(demo *d)
{
    git_reference_iterator *it;
    GIT(git_reference_iterator_new(&it, d->repo), "demo: refs");
    git_reference *ref;
    rc_demo_report *rep = d->rep;
    while (git_reference_next(&ref, it) == 0) {
        if (git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
            rep->refs = rc_xrealloc(rep->refs, (rep->nrefs + 1) * sizeof *rep->refs);
            rc_demo_ref *e = &rep->refs[rep->nrefs++];
            e->name = rc_xstrdup(git_reference_name(ref));
            git_oid_tostr(e->sha, sizeof e->sha, git_reference_target(ref));
        }
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    for (size_t i = 1; i < rep->nrefs; i++) /* insertion sort: a few dozen refs */
        for (size_t j = i; j > 0 && strcmp(rep->refs[j - 1].name, rep->refs[j].name) > 0; j--) {
            rc_demo_ref t = rep->refs[j];
            rep->refs[j] = rep->refs[j - 1];
            rep->refs[j - 1] = t;
        }
    return 0;
}

static int count_main(demo *d, size_t *out)
{
    git_revwalk *w;
    GIT(git_revwalk_new(&w, d->repo), "demo: revwalk");
    git_oid id;
    int r = git_revwalk_push(w, &branch_get(d, "main")->head);
    size_t n = 0;
    while (r == 0 && git_revwalk_next(&id, w) == 0)
        n++;
    git_revwalk_free(w);
    GIT(r, "demo: revwalk");
    *out = n;
    return 0;
}

static int checkout_main(demo *d)
{
    GIT(git_repository_set_head(d->repo, "refs/heads/main"), "demo: HEAD");
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_FORCE;
    GIT(git_checkout_head(d->repo, &co), "demo: checkout");
    return 0;
}

static int exclude_demo_dir(demo *d)
{
    char *path = rc_xasprintf("%sinfo/exclude", git_repository_path(d->repo));
    char *old = NULL;
    rc_file_read(&old, NULL, path); /* may not exist */
    char *content = rc_xasprintf("%s%s/.relcap-demo/\n", old ? old : "",
                                 old && *old && old[strlen(old) - 1] != '\n' ? "\n" : "");
    char *dir = rc_xasprintf("%sinfo", git_repository_path(d->repo));
    int r = rc_mkdirs(dir, 0755);
    if (!r)
        r = rc_file_write(path, content, strlen(content), 0644);
    free(dir);
    free(content);
    free(old);
    free(path);
    return r;
}

/* The node's command goes to .git/config: it names this directory. Appended
 * as text so no regex-based libgit2 setter (which leaks in 1.5) is needed. */
static int write_node_command(demo *d)
{
    char *path = rc_xasprintf("%sconfig", git_repository_path(d->repo));
    char *old = NULL;
    int r = rc_file_read(&old, NULL, path);
    if (r) {
        free(path);
        return r;
    }
    char *lines = demo_node_command(git_repository_workdir(d->repo));
    char *content =
        rc_xasprintf("%s%s%s", old, *old && old[strlen(old) - 1] != '\n' ? "\n" : "", lines);
    r = rc_file_write(path, content, strlen(content), 0644);
    free(content);
    free(lines);
    free(old);
    free(path);
    return r;
}

static const char *peeled_tag(demo *d, const char *tag, char out[41])
{
    git_object *o = NULL;
    char spec[128];
    snprintf(spec, sizeof spec, "refs/tags/%s^{commit}", tag);
    if (git_revparse_single(&o, d->repo, spec) < 0)
        return NULL;
    git_oid_tostr(out, 41, git_object_id(o));
    git_object_free(o);
    return out;
}

static int dir_refuse_nonempty(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        if (errno == ENOENT)
            return rc_mkdirs(dir, 0755);
        return rc_error_set(RC_EIO, "demo: cannot open %s: %s", dir, strerror(errno));
    }
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(dh)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = false;
    closedir(dh);
    if (!empty)
        return rc_error_set(RC_EEXISTS, "demo: %s is not empty; give a new or empty directory",
                            dir);
    return 0;
}

int rc_demo_create(rc_demo_report *out, const char *dir, unsigned seed)
{
    memset(out, 0, sizeof *out);
    int r = dir_refuse_nonempty(dir);
    if (r)
        return r;
    demo d = {0};
    d.rep = out;
    demo_rng_seed(&d.rng, seed);
    d.t = START_TIME + (int64_t)demo_rng_below(&d.rng, 6 * 3600);
    d.pr = 9000 + (int)demo_rng_below(&d.rng, 400);
    for (size_t i = 0; i < demo_nfiles && i < 64; i++)
        d.reserved[i] = DEMO_FILLER_SLOTS;
    d.branches[d.nbranches++] = (branch_state){"main", NULL, NULL, {{0}}};

    git_repository_init_options io;
    git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    io.flags = GIT_REPOSITORY_INIT_MKPATH;
    io.initial_head = "main";
    if (git_repository_init_ext(&d.repo, dir, &io) < 0)
        return rc_error_from_git(RC_EGIT, "demo: init");

    r = root_commit(&d);
    for (size_t i = 0; !r && i < sizeof script / sizeof script[0]; i++)
        r = run_step(&d, &script[i]);
    if (!r)
        r = checkout_main(&d);
    if (!r)
        r = exclude_demo_dir(&d);
    if (!r)
        r = write_node_command(&d);
    if (!r)
        r = refs_collect(&d);
    if (!r)
        r = count_main(&d, &out->main_commits);
    if (!r) {
        const char *workdir = git_repository_workdir(d.repo);
        size_t wl = strlen(workdir);
        out->dir = rc_xstrndup(workdir, wl > 1 && workdir[wl - 1] == '/' ? wl - 1 : wl);
        out->bench_dir = rc_xasprintf("%s/.relcap-demo/bench", out->dir);
        out->planted_json = rc_xasprintf("%s/.relcap-demo/planted.json", out->dir);
        out->seed = seed;
        out->newest_branch = NEWEST;
        out->newest_rc = "v0.9.2rc3";
        out->previous_final = "v0.9.1";
        char old_sha[41], new_sha[41];
        if (!peeled_tag(&d, out->previous_final, old_sha) ||
            !peeled_tag(&d, out->newest_rc, new_sha))
            r = rc_error_set(RC_ERROR, "demo: benchmark tags missing");
        else
            r = demo_bench_write(out, out->bench_dir, seed, out->previous_final, old_sha,
                                 out->newest_rc, new_sha, NEWEST);
    }
    if (!r)
        r = demo_planted_write(out);

    for (size_t i = 0; i < d.nlabels; i++)
        free(d.labels[i].subject0);
    for (size_t i = 0; i < d.nsubjects; i++)
        free(d.subjects[i]);
    free(d.subjects);
    for (size_t i = 1; i < d.nbranches; i++)
        free((char *)d.branches[i].version);
    for (size_t i = 0; i < d.ntags; i++)
        free((char *)d.tags[i].version);
    git_repository_free(d.repo);
    if (r)
        rc_demo_report_free(out);
    return r;
}

void rc_demo_report_free(rc_demo_report *r)
{
    if (!r)
        return;
    free(r->dir);
    free(r->bench_dir);
    free(r->planted_json);
    for (size_t i = 0; i < r->nrefs; i++)
        free(r->refs[i].name);
    free(r->refs);
    free(r->cases);
    free(r->bench);
    memset(r, 0, sizeof *r);
}

const rc_demo_case *rc_demo_report_case(const rc_demo_report *r, const char *name)
{
    for (size_t i = 0; i < r->ncases; i++)
        if (strcmp(r->cases[i].name, name) == 0)
            return &r->cases[i];
    return NULL;
}

const char *rc_demo_report_ref(const rc_demo_report *r, const char *name)
{
    for (size_t i = 0; i < r->nrefs; i++) {
        const char *n = r->refs[i].name;
        if (strcmp(n, name) == 0 ||
            (strncmp(n, "refs/heads/", 11) == 0 && strcmp(n + 11, name) == 0) ||
            (strncmp(n, "refs/tags/", 10) == 0 && strcmp(n + 10, name) == 0))
            return r->refs[i].sha;
    }
    return NULL;
}

/* ---- rng ---- */

void demo_rng_seed(demo_rng *r, uint64_t seed)
{
    r->s = seed ^ 0x9E3779B97F4A7C15ull;
}

uint64_t demo_rng_next(demo_rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

unsigned demo_rng_below(demo_rng *r, unsigned n)
{
    return n ? (unsigned)(demo_rng_next(r) % n) : 0;
}

double demo_rng_unit(demo_rng *r)
{
    return (double)(demo_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}
