/* The demo history as data: the script of steps the interpreter plays
 * (demo_play.c), the people who commit and the words filler subjects are
 * made of. The planted structure lives here and does not depend on the
 * seed, so tests can rely on it. */
#include "demo/demo_internal.h"

#include <stddef.h>

/* One step; the macros below name its fields for each kind. */
#define STEP(op, l, b, text, files, ref, arg)                                                      \
    {                                                                                              \
        op, l, b, text, files, ref, arg                                                            \
    }
#define FILL(n) STEP(S_FILL, NULL, NULL, NULL, NULL, NULL, n)
#define FILL_NOFIX(n) STEP(S_FILL_NOFIX, NULL, NULL, NULL, NULL, NULL, n)
#define UPGRADE(v) STEP(S_UPGRADE, NULL, NULL, v, NULL, NULL, 0)
#define MAIN(l, subj, files) STEP(S_MAIN, l, NULL, subj, files, NULL, 0)
/* An edit again of the slot FILES last got on main (a prerequisite pair). */
#define MAIN_AGAIN(l, subj, files) STEP(S_MAIN_AGAIN, l, NULL, subj, files, NULL, 0)
#define VERSION_FIX(l, subj) STEP(S_VERSION_FIX, l, NULL, subj, NULL, NULL, 0)
#define PERF(l, subj, file) STEP(S_PERF, l, NULL, subj, file, NULL, 0)
#define CUT(b) STEP(S_CUT, NULL, b, NULL, NULL, NULL, 0)
#define BUMP(l, b, v) STEP(S_BUMP, l, b, v, NULL, NULL, 0)
#define BRANCH(l, b, subj, files) STEP(S_BRANCH, l, b, subj, files, NULL, 0)
#define NOTES(l, b, v) STEP(S_NOTES, l, b, v, NULL, NULL, 0)
#define PICK(l, b, ref, style) STEP(S_PICK, l, b, NULL, NULL, ref, style)
/* A pick whose patch differs from its original's (P_ADAPTED). */
#define PICK_ADAPTED(l, b, ref, style) STEP(S_PICK, l, b, NULL, NULL, ref, (style) | P_ADAPTED)
#define PICK_AS(l, b, ref, subj) STEP(S_PICK, l, b, subj, NULL, ref, P_AS)
#define TAG(b, name, annotated) STEP(S_TAG, NULL, b, name, NULL, NULL, annotated)
#define REVERT_MAIN(l, ref, style) STEP(S_REVERT_MAIN, l, NULL, NULL, NULL, ref, style)
#define REVERT_BRANCH(l, b, ref) STEP(S_REVERT_BRANCH, l, b, NULL, NULL, ref, 0)
/* "Revert of PR #N" + "Merge commit: `<orig>`" on b, undoing the pick ref. */
#define REVERT_BRANCH_PR(l, b, ref, orig) STEP(S_REVERT_BRANCH, l, b, orig, NULL, ref, R_PR_MERGE)
#define DOCS(l) STEP(S_DOCS, l, NULL, NULL, NULL, NULL, 0)
#define CASE(name, l, ref, note) STEP(S_CASE, l, NULL, name, note, ref, 0)
/* A case with the evidence relcap must report for it (EV_*). */
#define CASE_EV(name, l, ref, ev, note) STEP(S_CASE, l, NULL, name, note, ref, ev)
/* A release line's start: n filler commits, the upgrade to version up, m
 * more, the cut of branch b, its version bump to v (label l) and its first
 * RC tag. */
#define LINE_START(n, up, m, b, l, v, rc1, annotated)                                              \
    FILL(n), UPGRADE(up), FILL(m), CUT(b), BUMP(l, b, v), TAG(b, rc1, annotated)

const step demo_script[] = {
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
    LINE_START(20, "v0.7.3", 25, "v0.7.3-dev", "b073", "0.7.3", "v0.7.3rc1", 1),
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
    LINE_START(20, "v0.8.5", 25, "releases/v0.8.5", "b085", "0.8.5", "v0.8.5rc1", 1),
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
    LINE_START(15, "v0.9.1", 25, "releases/v0.9.1", "b091", "0.9.1", "v0.9.1rc1", 0),
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
    CUT(DEMO_NEWEST),
    BRANCH("ci", DEMO_NEWEST, "[CI] Pin release runners to the v0.9.2 image",
           ".github/workflows/release.yml"),
    BUMP("bump", DEMO_NEWEST, "0.9.2"),
    TAG(DEMO_NEWEST, "v0.9.2-rc1", 1),
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
    /* the perf regression a bisect finds: picked before v0.9.2rc2 */
    PERF("o.slow",
         "[Bugfix] Fix chunked prefill with sliding window via the generic attention path",
         "vllm/attention/backends/flash_attn_prefill.py"),
    MAIN("o.keptpr", "[Bugfix] Fix usage stats of streamed chat completions",
         "vllm/entrypoints/openai/serving_chat.py"),
    MAIN("o.revpr", "[Core] Pad CUDA graph batch sizes to powers of two", "vllm/platforms/cuda.py"),
    FILL_NOFIX(3),
    PICK_ADAPTED("p.x", DEMO_NEWEST, "o.x", P_X),
    PICK_ADAPTED("p.same", DEMO_NEWEST, "o.same", P_SAME_TITLE),
    PICK("p.slow", DEMO_NEWEST, "o.slow", P_X),
    PICK_ADAPTED("p.from", DEMO_NEWEST, "o.from", P_FROM),
    PICK("p.fixref", DEMO_NEWEST, "o.fixref", P_X),
    PICK("p.revdone", DEMO_NEWEST, "o.revdone", P_SAME_SUBJECT),
    PICK("p.revneed", DEMO_NEWEST, "o.revneed", P_X),
    PICK_ADAPTED("p.revpr", DEMO_NEWEST, "o.revpr", P_X),
    TAG(DEMO_NEWEST, "v0.9.2rc2", 0),
    FILL_NOFIX(2),
    PICK_ADAPTED("p.origpr", DEMO_NEWEST, "o.origpr", P_ORIGINAL_PR),
    PICK_ADAPTED("p.cpfrom", DEMO_NEWEST, "o.cpfrom", P_CHERRY_FROM),
    PICK_ADAPTED("p.backport", DEMO_NEWEST, "o.backport", P_BACKPORT),
    PICK_ADAPTED("p.pver", DEMO_NEWEST, "o.pver", P_PREFIX_VERSION),
    PICK_ADAPTED("p.pcherry", DEMO_NEWEST, "o.pcherry", P_PREFIX_CHERRY),
    PICK_ADAPTED("p.pbranch", DEMO_NEWEST, "o.pbranch", P_PREFIX_BRANCH),
    PICK_ADAPTED("p.keptpr", DEMO_NEWEST, "o.keptpr", P_KEPT_PR),
    PICK_AS("p.content", DEMO_NEWEST, "o.content",
            "[Bugfix] Guard LLM.generate against empty input"),
    BRANCH("feature", DEMO_NEWEST, "[Feature] Add --max-loras-per-batch engine argument",
           "vllm/engine/arg_utils.py;vllm/lora/models.py"),
    REVERT_MAIN("r.revdone", "o.revdone", R_GIT_PR),
    REVERT_BRANCH("rb.revdone", DEMO_NEWEST, "p.revdone"),
    REVERT_MAIN("r.revpr", "o.revpr", R_GIT_PR),
    REVERT_BRANCH_PR("rb.revpr", DEMO_NEWEST, "p.revpr", "o.revpr"),
    REVERT_MAIN("r.revneed", "o.revneed", R_BRACKET),
    REVERT_MAIN("r.nopick", "o.nopick", R_GIT_PR),
    NOTES("notes", DEMO_NEWEST, "0.9.2"),
    TAG(DEMO_NEWEST, "v0.9.2rc3", 1),
    DOCS("docs"),
    PICK("p.docs", DEMO_NEWEST, "docs", P_SAME_SUBJECT),
    MAIN("pend.doc", "[Doc] Add an MI300X tuning guide",
         "docs/source/getting_started/installation/gpu/rocm.md"),
    VERSION_FIX("pend.conflict", "[Bugfix] Let VLLM_VERSION_OVERRIDE set the reported version"),
    MAIN("pend.issue", "[Bugfix] Fix #123: wrong rope scaling for Llama 4 long context",
         "vllm/model_executor/layers/rotary_embedding.py"),
    MAIN("pend.prereq", "[Bugfix] Fix the device capability check on Blackwell",
         "vllm/platforms/cuda.py"),
    FILL_NOFIX(1),
    MAIN_AGAIN("pend.needs", "[Bugfix] Fall back to the default capability for unknown GPUs",
               "vllm/platforms/cuda.py"),
    FILL_NOFIX(3),

    /* the patch of every pick below but pick.same-content differs from its
     * original's (PICK_ADAPTED): only the evidence named identifies it */
    CASE_EV("pick.x-trailer", "p.x", "o.x", EV_TRAILER,
            "git cherry-pick -x trailer names the original sha, patch adapted"),
    CASE("bisect.first-bad", "p.slow", "o.slow",
         "first bad commit of `bench bisect median_ttft_ms --node local-h100`: its flag file "
         "makes tools/fake_bench.sh report median_ttft_ms 15% worse on H100"),
    CASE_EV("pick.same-subject", "p.same", "o.same", EV_SUBJECT,
            "same subject with a new PR number, patch adapted"),
    CASE_EV("pick.from", "p.from", "o.from", EV_PR_REFERENCE,
            "'(from #N)' in the subject, new PR number, patch adapted"),
    CASE_EV("pick.original-pr", "p.origpr", "o.origpr", EV_PR_REFERENCE,
            "'Original PR: #N' in the body, patch adapted"),
    CASE_EV("pick.cherry-pick-from", "p.cpfrom", "o.cpfrom", EV_PR_REFERENCE,
            "'cherry-pick from #N' in the body, patch adapted"),
    CASE_EV("pick.backport", "p.backport", "o.backport", EV_PR_REFERENCE,
            "'backport of #N' in the body, patch adapted"),
    CASE_EV("pick.prefix-version", "p.pver", "o.pver", EV_SUBJECT,
            "'[v0.9.2]' subject prefix and a new PR number, no other reference, patch adapted"),
    CASE_EV(
        "pick.prefix-cherry-pick", "p.pcherry", "o.pcherry", EV_PR_REFERENCE,
        "'[Cherry-pick]' prefix, body 'Cherry-pick of PR #N onto releases/v0.9.2', patch adapted"),
    CASE_EV("pick.prefix-branch", "p.pbranch", "o.pbranch", EV_PR_REFERENCE,
            "'[releases/v0.9.2]' prefix, body 'pick-from: <pull URL>', patch adapted"),
    CASE_EV("pick.kept-pr", "p.keptpr", "o.keptpr", EV_PR_REFERENCE,
            "the original's ' (#N)' kept before the pick's own ' (#M)', patch adapted"),
    CASE_EV("pick.same-content", "p.content", "o.content", EV_PATCH_ID,
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
    CASE_EV("revert.pr-reference", "r.revpr", "o.revpr", EV_PR_REFERENCE,
            "main reverted a picked commit; the branch followed with 'Revert of PR #N'"),
    CASE("revert.pr-reference.branch", "rb.revpr", "p.revpr",
         "'Revert of PR #N' + 'Merge commit: `<original>`', the adapted pick's revert"),
    CASE("revert.needed", "r.revneed", "o.revneed",
         "main reverted a picked commit; the branch still has the pick"),
    CASE("revert.needed.pick", "p.revneed", "o.revneed", "the pick that must be reverted"),
    CASE("revert.not-needed", "r.nopick", "o.nopick", "main reverted a commit never picked"),
    CASE("pending.bugfix", "pend", NULL, "pending fix on main, applies cleanly"),
    CASE("pending.doc", "pend.doc", NULL, "pending doc fix on main, applies cleanly"),
    CASE("pending.conflict", "pend.conflict", NULL,
         "pending fix that conflicts: the branch pinned the same line of vllm/version.py"),
    CASE("pending.fix-issue", "pend.issue", NULL, "'Fix #123' names an issue, not a PR"),
    CASE("pending.prerequisite", "pend.needs", "pend.prereq",
         "pending fix that conflicts on the branch until its prerequisite (orig), an earlier"
         " pending fix on main, is picked first"),
    CASE("pending.prerequisite.base", "pend.prereq", NULL,
         "the prerequisite: a pending fix on main that applies cleanly"),
    CASE("unmaintained.pick", "p066b", "o066b", "a -x pick on the unmaintained releases/v0.6.6"),
    CASE("post.pick", "p085c", "o085c", "the fix behind v0.8.5.post1"),
};
const size_t demo_nscript = sizeof demo_script / sizeof demo_script[0];

/* ---- people ---- */

const person demo_authors[] = {
    {"Ana Ruiz", "ana.ruiz@example.com", 60},    {"Bo Chen", "bo.chen@example.com", 480},
    {"Chidi Okafor", "chidi@example.com", 60},   {"Dana Levin", "dana.levin@example.com", -420},
    {"Eitan Bar", "eitan.bar@example.com", 120}, {"Fatima Noor", "fatima@example.com", 300},
    {"Gao Lei", "gao.lei@example.com", 480},     {"Hiro Tanaka", "hiro.tanaka@example.com", 540},
};
const size_t demo_nauthors = sizeof demo_authors / sizeof demo_authors[0];
const person demo_github = {"GitHub", "noreply@github.com", 0};
const person demo_captain = {"Rhea Captain", "release-captain@example.com", -240};

/* ---- filler subjects ---- */

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
const char *const demo_places[] = {"the V1 scheduler",
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

const category demo_categories[] = {
    {"[Bugfix]", 30, v_fix, o_fix, 'p', true}, {"[Feature]", 10, v_feat, o_feat, 'p', false},
    {"[Doc]", 10, v_doc, o_doc, 'm', false},   {"[CI]", 8, v_ci, o_ci, 'y', false},
    {"[Perf]", 8, v_perf, o_perf, 'p', true},  {"[Model]", 12, v_model, o_model, 'o', false},
    {"[Core]", 8, v_core, o_core, 'p', false}, {"[Kernel]", 7, v_kernel, o_kernel, 'k', false},
    {"[Misc]", 7, v_misc, o_misc, 'p', false},
};
const size_t demo_ncategories = sizeof demo_categories / sizeof demo_categories[0];

const char *const demo_new_models[] = {"qwen3_moe",   "glm4",    "phi4mm", "gemma3",  "minicpmo",
                                       "deepseek_v3", "granite", "olmo2",  "exaone4", NULL};
