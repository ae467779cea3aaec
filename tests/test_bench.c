/* Import of benchmark result files: both formats, the three v3 layouts,
 * bad files, idempotence, commit resolution, names and directions. */
#include "tests/db_fixture.h"

#include "core/bench/bench.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHA1 "0123456789abcdef0123456789abcdef01234567"
#define SHA2 "1111111111111111111111111111111111111111"

/* The project's own result files (tests/data/bench, numbers made up for
 * the tests), in the formats relcap reads. */
static char *sample(const char *name)
{
    return rc_xasprintf("%s/tests/data/bench/%s", RELCAP_SOURCE_DIR, name);
}

static char *fixture(fx *f, const char *name, const char *content)
{
    char *p = rc_xasprintf("%s/in/%s", f->dir, name);
    tu_write(p, content);
    return p;
}

static int import(rc_bench_import_report *rep, fx *f, const char *path,
                  const rc_bench_import_opts *o)
{
    return rc_bench_import_path(rep, f->db, NULL, path, o);
}

/* ---- formats and layouts ---- */

static void test_v3_list(void **state)
{
    fx *f = *state;
    char *p = sample("v3-records.json");
    rc_bench_import_report rep = {0};
    assert_int_equal(import(&rep, f, p, NULL), 0);
    assert_int_equal(rep.files_imported, 1);
    assert_int_equal(rep.results, 6);
    /* Keyed by the record's head_sha, hardware normalized, backend from the runner. */
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE commit_sha = '" SHA1
                                  "' AND hardware = 'H100' AND backend = 'cuda' AND model ="
                                  " 'Qwen/Qwen2.5-7B-Instruct' AND test ="
                                  " 'serving_qwen7B_tp1_random'"),
                     6);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric ="
                                  " 'median_ttft_ms' AND unit = 'ms' AND value IN"
                                  " (412.5, 405.25, 418.75)"),
                     3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric ="
                                  " 'output_throughput' AND unit = 'tok/s'"),
                     3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE recorded_at ="
                                  " 1770703200"),
                     6);
    assert_int_equal(count(f->db, "SELECT records FROM bench_files"), 6);
    rc_bench_import_report_free(&rep);
    free(p);
}

static void test_v3_lines(void **state)
{
    fx *f = *state;
    char *p = sample("v3-records.jsonl");
    rc_bench_import_report rep = {0};
    /* The records carry no head_sha: without --commit the file is refused. */
    assert_int_equal(import(&rep, f, p, NULL), RC_EINVALID);
    assert_int_equal(rep.nerrors, 1);
    assert_non_null(strstr(rep.errors[0], "line 1: no commit"));
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results"), 0);
    rc_bench_import_report_free(&rep);

    rc_bench_import_opts o = {.commit = SHA2};
    assert_int_equal(import(&rep, f, p, &o), 0);
    assert_int_equal(rep.results, 4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE hardware = 'MI300X'"
                                  " AND backend = 'rocm' AND commit_sha = '" SHA2 "'"),
                     4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric = 'latency'"
                                  " AND test = 'latency_qwen32B_tp2' AND unit = 's'"),
                     3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric ="
                                  " 'tokens_per_second' AND unit = 'tok/s' AND model ="
                                  " 'Qwen/Qwen3-30B-A3B'"),
                     1);
    rc_bench_import_report_free(&rep);
    free(p);
}

/* A single v3 object, pretty-printed over several lines and on one line. */
static void test_v3_single_object(void **state)
{
    fx *f = *state;
    char *p = fixture(f, "one.json",
                      "{\n  \"benchmark\": {\"name\": \"vLLM benchmark\", \"extra_info\":"
                      " {\"args\": {\"test_name\": \"serving_qwen_tp1\"}}},\n"
                      "  \"model\": {\"name\": \"Qwen/Qwen3-8B\"},\n"
                      "  \"metric\": {\"name\": \"p99_itl_ms\", \"benchmark_values\": [5, 6]},\n"
                      "  \"runners\": [{\"name\": \"linux.h100\", \"type\": \"NVIDIA H100 80GB"
                      " HBM3\"}],\n  \"head_sha\": \"" SHA1 "\"\n}\n");
    char *q = fixture(f, "two.json",
                      "{\"benchmark\": {\"name\": \"my bench\"}, \"model\": {\"name\": \"m\"},"
                      " \"metric\": {\"name\": \"req_latency\", \"benchmark_values\": [1.5]},"
                      " \"runners\": [{\"type\": \"AMD Instinct MI300X\"}]}\n");
    /* A byte order mark and CRLF line ends are fine too. */
    char *r = fixture(f, "bom.jsonl",
                      "\xEF\xBB\xBF{\"model\": {\"name\": \"bom\"}, \"metric\": {\"name\":"
                      " \"x_ms\", \"benchmark_values\": [1]}, \"runners\": [{\"type\": \"H100\"}],"
                      " \"head_sha\": \"" SHA1 "\"}\r\n\r\n");
    rc_bench_import_report rep = {0};
    assert_int_equal(import(&rep, f, p, NULL), 0);
    rc_bench_import_opts o = {.commit = SHA2};
    assert_int_equal(import(&rep, f, q, &o), 0);
    assert_int_equal(import(&rep, f, r, NULL), 0);
    free(r);
    assert_int_equal(rep.files_imported, 3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE model = 'bom'"), 1);
    rep.results -= 1;
    assert_int_equal(rep.results, 3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test ="
                                  " 'serving_qwen_tp1' AND hardware = 'H100' AND backend = 'cuda'"
                                  " AND metric = 'p99_itl_ms'"),
                     2);
    /* No test_name: the benchmark name with its extra_info settings. */
    char *t = fixture(f, "three.json",
                      "[{\"benchmark\": {\"name\": \"pt2\", \"extra_info\": {\"device\":"
                      " \"cuda\", \"bs\": 8, \"compile\": true, \"args\": {\"seq\": 128},"
                      " \"nested\": {}}}, \"model\": {\"name\": \"m\"}, \"metric\":"
                      " {\"name\": \"x_ms\", \"benchmark_values\": [1]}, \"runners\":"
                      " [{\"type\": \"H100\"}], \"head_sha\": \"" SHA1 "\"}]");
    assert_int_equal(import(&rep, f, t, NULL), 0);
    free(t);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test ="
                                  " 'pt2 [device=cuda, bs=8, compile=true, seq=128]'"),
                     1);
    /* No extra_info: the benchmark name; AMD hardware without a runner name: rocm. */
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test = 'my bench'"
                                  " AND hardware = 'MI300X' AND backend = 'rocm' AND commit_sha"
                                  " = '" SHA2 "'"),
                     1);
    rc_bench_import_report_free(&rep);
    free(p);
    free(q);
}

static void test_vllm_serve(void **state)
{
    fx *f = *state;
    char *dir = rc_xasprintf("%s/in", f->dir);
    char *p = sample("serving_qwen7B_tp1_random.json"), *body = NULL;
    assert_int_equal(rc_file_read(&body, NULL, p), 0);
    rc_bench_import_report rep = {0};
    /* No hardware in a vLLM file: refused without --hardware. */
    rc_bench_import_opts o = {.tag = NULL, .commit = SHA1};
    assert_int_equal(import(&rep, f, p, &o), RC_EINVALID);
    assert_non_null(strstr(rep.errors[0], "give --hardware"));
    rc_bench_import_report_free(&rep);

    o.hardware = "NVIDIA H100 80GB HBM3";
    assert_int_equal(import(&rep, f, p, &o), 0);
    /* Every metric key of the sample, no settings or counts. */
    cJSON *j = cJSON_Parse(body);
    int expected = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, j)
    {
        if (!cJSON_IsNumber(it))
            continue;
        bool setting = !strcmp(it->string, "num_prompts") || !strcmp(it->string, "burstiness") ||
                       !strcmp(it->string, "completed") || !strcmp(it->string, "failed") ||
                       !strcmp(it->string, "total_input_tokens") ||
                       !strcmp(it->string, "total_output_tokens");
        char *sql = rc_xasprintf("SELECT count(*) FROM bench_results WHERE metric = '%s' AND"
                                 " value = %.17g",
                                 it->string, it->valuedouble);
        assert_int_equal(count(f->db, sql), setting ? 0 : 1);
        free(sql);
        expected += setting ? 0 : 1;
    }
    cJSON_Delete(j);
    assert_int_equal((int)rep.results, expected);
    assert_int_equal(expected, 20);
    /* Test name from the file name; date parsed. */
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test ="
                                  " 'serving_qwen7B_tp1_random' AND hardware = 'H100' AND"
                                  " backend = 'cuda' AND model ="
                                  " 'Qwen/Qwen2.5-7B-Instruct' AND recorded_at ="
                                  " 1773736215"),
                     20);
    char *u =
        tu_db_text(f->db, "SELECT unit FROM bench_results WHERE metric = 'request_throughput'");
    assert_string_equal(u, "req/s");
    free(u);
    rc_bench_import_report_free(&rep);
    free(body);
    free(p);
    free(dir);
}

static void test_vllm_latency_and_throughput(void **state)
{
    fx *f = *state;
    /* As vLLM writes them: no model in either file. */
    char *lat = sample("latency_qwen7B_tp1.json");
    char *thr = sample("throughput_qwen7B_tp1.json");
    rc_bench_import_opts o = {.commit = SHA1, .hardware = "AMD Instinct MI300X"};
    rc_bench_import_report rep = {0};
    assert_int_equal(import(&rep, f, lat, &o), 0); /* model from the test name */
    o.model = "m8";
    assert_int_equal(import(&rep, f, thr, &o), 0); /* model from --model */
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE model = 'qwen7B'"
                                  " AND test = 'latency_qwen7B_tp1'"),
                     4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test ="
                                  " 'latency_qwen7B_tp1' AND unit = 's' AND metric IN"
                                  " ('avg_latency', 'p10_latency', 'p50_latency', 'p99_latency')"),
                     4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric ="
                                  " 'p99_latency' AND value = 1.12 AND hardware = 'MI300X' AND"
                                  " backend = 'rocm'"),
                     1);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test ="
                                  " 'throughput_qwen7B_tp1' AND model = 'm8'"),
                     3); /* requests_per_second, tokens_per_second, elapsed_time */
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric ="
                                  " 'requests_per_second' AND unit = 'req/s'"),
                     1);
    rc_bench_import_report_free(&rep);
    free(lat);
    free(thr);
}

/* ---- idempotence and samples across files ---- */

static void test_reimport_adds_nothing(void **state)
{
    fx *f = *state;
    char *p = sample("v3-records.json"), *body = NULL;
    assert_int_equal(rc_file_read(&body, NULL, p), 0);
    char *copy = fixture(f, "renamed.json", body);
    rc_bench_import_report rep = {0};
    assert_int_equal(import(&rep, f, p, NULL), 0);
    assert_int_equal(import(&rep, f, p, NULL), 0);
    assert_int_equal(import(&rep, f, copy, NULL), 0); /* same content, other name */
    assert_int_equal(rep.files_imported, 1);
    assert_int_equal(rep.files_skipped, 2);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results"), 6);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_files"), 1);
    /* The digest is git's blob id of the content. */
    git_oid oid;
    assert_int_equal(git_odb_hash(&oid, body, strlen(body), GIT_OBJECT_BLOB), 0);
    char *d = tu_db_text(f->db, "SELECT digest FROM bench_files");
    assert_string_equal(d, tu_hex(&oid));
    free(d);

    /* A vLLM file names neither commit nor hardware: the same content under
     * other options is another result; under the same options, nothing new. */
    char *v = fixture(f, "serving_v.json", "{\"model_id\": \"m\", \"median_ttft_ms\": 4}");
    rc_bench_import_opts o1 = {.commit = SHA1, .hardware = "H100"};
    rc_bench_import_opts o2 = {.commit = SHA2, .hardware = "H100"};
    rc_bench_import_opts o3 = {.commit = SHA1, .hardware = "MI300X"};
    assert_int_equal(import(&rep, f, v, &o1), 0);
    assert_int_equal(import(&rep, f, v, &o2), 0);
    assert_int_equal(import(&rep, f, v, &o3), 0);
    assert_int_equal(import(&rep, f, v, &o1), 0);
    assert_int_equal(rep.files_imported, 4);
    assert_int_equal(rep.files_skipped, 3);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test = 'serving_v'"),
                     3);
    free(v);

    /* A second run of the same test (other content) adds samples to the key. */
    char *more = fixture(f, "more.jsonl",
                         "{\"benchmark\": {\"name\": \"vLLM benchmark\", \"extra_info\": {\"args\":"
                         " {\"test_name\": \"serving_qwen7B_tp1_random\"}}}, \"model\":"
                         " {\"name\": \"Qwen/Qwen2.5-7B-Instruct\"}, \"metric\":"
                         " {\"name\": \"median_ttft_ms\", \"benchmark_values\": [1800.0]},"
                         " \"runners\": [{\"name\": \"cuda\", \"type\": \"NVIDIA H100 80GB"
                         " HBM3\"}], \"head_sha\": \"" SHA1 "\"}\n");
    assert_int_equal(import(&rep, f, more, NULL), 0);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE metric ="
                                  " 'median_ttft_ms' AND commit_sha = '" SHA1 "' AND model <> 'm'"),
                     4);
    rc_bench_import_report_free(&rep);
    free(p);
    free(body);
    free(copy);
    free(more);
}

/* ---- bad files ---- */

static const char good_rec[] =
    "{\"benchmark\": {\"name\": \"b\"}, \"model\": {\"name\": \"m\"}, \"metric\": {\"name\":"
    " \"median_ttft_ms\", \"benchmark_values\": [1, 2]}, \"runners\": [{\"name\": \"cuda\","
    " \"type\": \"NVIDIA H100 80GB HBM3\"}], \"head_sha\": \"" SHA1 "\"}";

static void expect_bad(fx *f, const char *name, const char *content, const char *message)
{
    char *p = fixture(f, name, content);
    int before = count(f->db, "SELECT count(*) FROM bench_results");
    int files_before = count(f->db, "SELECT count(*) FROM bench_files");
    rc_bench_import_report rep = {0};
    assert_int_equal(import(&rep, f, p, NULL), RC_EINVALID);
    assert_int_equal(rep.files_failed, 1);
    assert_int_equal(rep.nerrors, 1);
    char *want = rc_xasprintf("%s: %s", p, message);
    if (strncmp(rep.errors[0], want, strlen(want)) != 0)
        fail_msg("got '%s', want '%s...'", rep.errors[0], want);
    free(want);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results"), before);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_files"), files_before);
    rc_bench_import_report_free(&rep);
    free(p);
}

static void test_bad_files(void **state)
{
    fx *f = *state;
    /* Invalid JSON: position of the offending character. */
    expect_bad(f, "syntax.json", "[\n  {\"a\": 1,,}\n]\n", "line 2, column 12: invalid JSON");
    expect_bad(f, "trailing.json", "{\n\"model_id\": \"m\"\n} x\n",
               "line 3, column 3: invalid JSON");
    expect_bad(f, "empty.json", "\n\n", "line 1, column 1:");
    char *lines = rc_xasprintf("%s\n%s\n{\"metric\": \n", good_rec, good_rec);
    expect_bad(f, "broken.jsonl", lines, "line 3, column 12: invalid JSON");
    free(lines);
    /* A record missing model or metric: its number; earlier records not kept. */
    char *list = rc_xasprintf("[%s,\n {\"metric\": {\"name\": \"x_ms\", \"benchmark_values\":"
                              " [1]}}]",
                              good_rec);
    expect_bad(f, "nomodel.json", list, "record 2: missing model");
    free(list);
    expect_bad(f, "nometric.json",
               "[{\"benchmark\": {\"name\": \"b\"}, \"model\": {\"name\": \"m\"}}]",
               "record 1: missing metric");
    char *l2 = rc_xasprintf("%s\n{\"benchmark\": {}, \"model\": {\"name\": \"m\"}, \"metric\":"
                            " {\"benchmark_values\": [1]}}\n",
                            good_rec);
    expect_bad(f, "nometric.jsonl", l2, "line 2: missing metric");
    free(l2);
    /* Non-numeric values, in both formats. */
    expect_bad(f, "nan.json",
               "[{\"model\": {\"name\": \"m\"}, \"metric\": {\"name\": \"x_ms\","
               " \"benchmark_values\": [1, \"fast\"]}, \"runners\": [{\"type\": \"H100\"}],"
               " \"head_sha\": \"" SHA1 "\"}]",
               "record 1: metric x_ms: benchmark_values[1] is not a number");
    expect_bad(
        f, "vllm_bad.json",
        "{\n\"model_id\": \"m\",\n\"median_ttft_ms\": \"12ms\",\n\"output_throughput\": 3\n}",
        "record 1: median_ttft_ms is not a number");
    expect_bad(f, "vllm_nometric.json", "{\"model_id\": \"m\", \"num_prompts\": 3}",
               "line 1: missing metric");
    expect_bad(f, "vllm_nomodel.json", "{\"median_ttft_ms\": 3}", "line 1: missing model");
    expect_bad(f, "latency_x_tpa.json", "{\"avg_latency\": 3}", "line 1: missing model");
    expect_bad(f, "scalar.json", "[1]", "record 1: not a JSON object");
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results"), 0);
}

/* A directory with good and bad files: the good ones are stored. */
static void test_directory_mixed(void **state)
{
    fx *f = *state;
    char *good = fixture(f, "a/good.jsonl", good_rec);
    char *bad = fixture(f, "a/b/bad.json", "[{\"model\": {\"name\": \"m\"}}]");
    char *ignored = fixture(f, "a/notes.txt", "not json");
    char *good2 = fixture(f, "a/b/c/serving_x.json",
                          "{\"model_id\": \"m\", \"median_ttft_ms\": 4, \"p99_ttft_ms\": 9}");
    char *dir = rc_xasprintf("%s/in/a", f->dir);
    rc_bench_import_report rep = {0};
    rc_bench_import_opts o = {.hardware = "H100"};
    /* good.jsonl has its head_sha; serving_x.json needs a commit: give one. */
    o.commit = SHA2;
    assert_int_equal(import(&rep, f, dir, &o), RC_EINVALID);
    assert_int_equal(rep.files_imported, 2);
    assert_int_equal(rep.files_failed, 1);
    assert_non_null(strstr(rep.errors[0], "bad.json: record 1: missing metric"));
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results"), 4);
    assert_int_equal(count(f->db, "SELECT count(*) FROM bench_results WHERE test = 'serving_x'"),
                     2);
    /* --commit wins over head_sha. */
    assert_int_equal(
        count(f->db, "SELECT count(*) FROM bench_results WHERE commit_sha = '" SHA2 "'"), 4);
    rc_bench_import_report_free(&rep);
    free(good);
    free(bad);
    free(ignored);
    free(good2);
    free(dir);
}

/* Big JSON lines files are streamed; every record lands. */
static void test_many_lines(void **state)
{
    fx *f = *state;
    char *p = rc_xasprintf("%s/big.jsonl", f->dir);
    FILE *out = fopen(p, "w");
    assert_non_null(out);
    for (int i = 0; i < 5000; i++)
        fprintf(out,
                "{\"model\": {\"name\": \"m%d\"}, \"metric\": {\"name\": \"median_ttft_ms\","
                " \"benchmark_values\": [%d.5, %d.25]}, \"runners\": [{\"type\": \"NVIDIA B200\"}],"
                " \"head_sha\": \"%s\"}\n",
                i % 50, i, i, SHA1);
    fclose(out);
    rc_bench_import_report rep = {0};
    assert_int_equal(import(&rep, f, p, NULL), 0);
    assert_int_equal(rep.results, 10000);
    assert_int_equal(count(f->db, "SELECT count(DISTINCT model) FROM bench_results WHERE"
                                  " hardware = 'B200'"),
                     50);
    rc_bench_import_report_free(&rep);
    free(p);
}

/* A commit of one file on main, built with libgit2 directly (blob, tree
 * builder, commit). */
static git_oid commit_file(git_repository *repo, const char *content, int64_t when,
                           const git_oid *parent)
{
    git_oid blob, tree_id, id;
    assert_int_equal(git_blob_create_from_buffer(&blob, repo, content, strlen(content)), 0);
    git_treebuilder *tb;
    assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
    assert_int_equal(git_treebuilder_insert(NULL, tb, "a.txt", &blob, GIT_FILEMODE_BLOB), 0);
    assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
    git_treebuilder_free(tb);
    git_tree *tree;
    assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
    git_signature *sig;
    assert_int_equal(git_signature_new(&sig, "T", "t@example.com", when, 0), 0);
    git_commit *pc = NULL;
    if (parent)
        assert_int_equal(git_commit_lookup(&pc, repo, parent), 0);
    const git_commit *parents[1] = {pc};
    assert_int_equal(git_commit_create(&id, repo, "refs/heads/main", sig, sig, NULL, content, tree,
                                       parent ? 1 : 0, parents),
                     0);
    git_commit_free(pc);
    git_signature_free(sig);
    git_tree_free(tree);
    return id;
}

/* ---- commits: --tag through the tags table or libgit2, --commit revparse ---- */

static void test_commit_resolution(void **state)
{
    fx *f = *state;
    char *rdir = rc_xasprintf("%s/repo", f->dir);
    git_repository *repo = tu_repo_init(rdir, false);
    git_oid c1 = commit_file(repo, "one\n", 1700000000, NULL);
    git_oid c2 = commit_file(repo, "two\n", 1700000100, &c1);
    tu_tag(repo, "v1.0.0rc1", &c1, true);
    char h1[41], h2[41];
    strcpy(h1, tu_hex(&c1));
    strcpy(h2, tu_hex(&c2));

    char *p = fixture(f, "serving_a.json", "{\"model_id\": \"m\", \"median_ttft_ms\": 4}");
    char *q = fixture(f, "serving_b.json", "{\"model_id\": \"m\", \"median_ttft_ms\": 5}");
    char *s = fixture(f, "serving_c.json", "{\"model_id\": \"m\", \"median_ttft_ms\": 6}");
    rc_bench_import_report rep = {0};
    /* Annotated tag peeled to its commit through libgit2. */
    rc_bench_import_opts o = {.tag = "v1.0.0rc1", .hardware = "H100"};
    assert_int_equal(rc_bench_import_path(&rep, f->db, repo, p, &o), 0);
    assert_int_equal(countf(f->db,
                            "SELECT count(*) FROM bench_results WHERE commit_sha = '%s' AND"
                            " tag = 'v1.0.0rc1' AND value = 4",
                            h1),
                     1);
    /* --commit: anything git resolves. */
    rc_bench_import_opts o2 = {.commit = "main", .hardware = "H100"};
    assert_int_equal(rc_bench_import_path(&rep, f->db, repo, q, &o2), 0);
    assert_int_equal(
        countf(f->db, "SELECT count(*) FROM bench_results WHERE commit_sha = '%s' AND value = 5",
               h2),
        1);
    /* The tags table (filled by sync) is asked first. */
    char *ins = rc_xasprintf("INSERT INTO tags(name, version, release, sortkey, kind, sha) VALUES"
                             " ('v9.9.9', '9.9.9', '9.9.9', 'k', 'final', '%s')",
                             h2);
    assert_int_equal(rc_db_exec(f->db, ins), 0);
    free(ins);
    rc_bench_import_opts o3 = {.tag = "v9.9.9", .hardware = "H100"};
    assert_int_equal(rc_bench_import_path(&rep, f->db, NULL, s, &o3), 0);
    assert_int_equal(
        countf(f->db, "SELECT count(*) FROM bench_results WHERE commit_sha = '%s' AND value = 6",
               h2),
        1);
    /* Unknown tag or commit: an error before any file is read. */
    rc_bench_import_opts bad = {.tag = "v0.0.0", .hardware = "H100"};
    assert_int_equal(rc_bench_import_path(&rep, f->db, repo, s, &bad), RC_ENOTFOUND);
    assert_non_null(strstr(rc_error_last(), "v0.0.0"));
    rc_bench_import_opts bad2 = {.commit = "no-such-branch", .hardware = "H100"};
    assert_int_equal(rc_bench_import_path(&rep, f->db, repo, s, &bad2), RC_ENOTFOUND);
    assert_int_equal(rep.files_imported, 3);
    rc_bench_import_report_free(&rep);
    git_repository_free(repo);
    free(rdir);
    free(p);
    free(q);
    free(s);
}

/* ---- names ---- */

static void test_hardware_names(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"NVIDIA H100 80GB HBM3", "H100"},
        {"AMD Instinct MI300X", "MI300X"},
        {"NVIDIA A100-SXM4-80GB", "A100"},
        {"NVIDIA H200", "H200"},
        {"NVIDIA B200", "B200"},
        {"AMD Instinct MI325X", "MI325X"},
        {"NVIDIA GeForce RTX 4090", "RTX4090"},
        {"H100", "H100"},
        {"NVIDIA L4", "L4"},
        {"h100", "H100"},
        {"Tesla V100-SXM2-16GB", "V100"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        rc_bench_normalize_hardware(out, sizeof out, cases[i][0]);
        assert_string_equal(out, cases[i][1]);
    }
    assert_string_equal(rc_bench_backend_of("cuda", "NVIDIA H100 80GB HBM3"), "cuda");
    assert_string_equal(rc_bench_backend_of("rocm", "AMD Instinct MI300X"), "rocm");
    assert_string_equal(rc_bench_backend_of("linux.rocm.gpu.2", NULL), "rocm");
    assert_string_equal(rc_bench_backend_of(NULL, "AMD Instinct MI300X"), "rocm");
    assert_string_equal(rc_bench_backend_of(NULL, "MI300X"), "rocm");
    assert_string_equal(rc_bench_backend_of(NULL, "H100"), "cuda");
}

/* Direction of every metric in the sample files, and the override. */
static void test_directions(void **state)
{
    (void)state;
    static const char *const higher[] = {"request_throughput",
                                         "output_throughput",
                                         "total_token_throughput",
                                         "request_goodput",
                                         "requests_per_second",
                                         "tokens_per_second",
                                         NULL};
    static const char *const lower[] = {"median_ttft_ms", "mean_ttft_ms",   "std_ttft_ms",
                                        "p99_ttft_ms",    "mean_tpot_ms",   "median_tpot_ms",
                                        "std_tpot_ms",    "p99_tpot_ms",    "mean_itl_ms",
                                        "median_itl_ms",  "std_itl_ms",     "p99_itl_ms",
                                        "mean_e2el_ms",   "median_e2el_ms", "std_e2el_ms",
                                        "p99_e2el_ms",    "duration",       "latency",
                                        "avg_latency",    "p99_latency",    NULL};
    for (size_t i = 0; higher[i]; i++)
        if (rc_bench_metric_direction(higher[i], NULL, 0) != 1)
            fail_msg("%s should be higher-is-better", higher[i]);
    for (size_t i = 0; lower[i]; i++)
        if (rc_bench_metric_direction(lower[i], NULL, 0) != -1)
            fail_msg("%s should be lower-is-better", lower[i]);
    assert_int_equal(rc_bench_metric_direction("num_prompts", NULL, 0), 0);
    assert_int_equal(rc_bench_metric_direction("completed", NULL, 0), 0);

    /* Every metric the sample files hold has a direction. */
    const char *names[] = {"serving_qwen7B_tp1_random.json", "v3-records.json", "v3-records.jsonl",
                           NULL};
    for (size_t k = 0; names[k]; k++) {
        char *p = sample(names[k]), *body = NULL;
        assert_int_equal(rc_file_read(&body, NULL, p), 0);
        static const char pre[] = "\"metric\": {\"name\": \"";
        int found = 0;
        for (char *s = strstr(body, pre); s; s = strstr(s + 1, pre)) {
            char metric[64];
            assert_int_equal(sscanf(s + strlen(pre), "%63[^\"]", metric), 1);
            if (rc_bench_metric_direction(metric, NULL, 0) == 0)
                fail_msg("%s: no direction for %s", names[k], metric);
            found++;
        }
        if (k > 0) /* the v3 files: 2 records each */
            assert_int_equal(found, 2);
        free(body);
        free(p);
    }
    const char *ov[] = {"median_ttft_ms=higher", "goodness=higher", "badness=lower"};
    assert_int_equal(rc_bench_metric_direction("median_ttft_ms", ov, 3), 1);
    assert_int_equal(rc_bench_metric_direction("goodness", ov, 3), 1);
    assert_int_equal(rc_bench_metric_direction("badness", ov, 3), -1);
    assert_int_equal(rc_bench_metric_direction("output_throughput", ov, 3), 1);
    assert_string_equal(rc_bench_metric_unit("median_ttft_ms"), "ms");
    assert_string_equal(rc_bench_metric_unit("request_throughput"), "req/s");
    assert_string_equal(rc_bench_metric_unit("output_throughput"), "tok/s");
    assert_string_equal(rc_bench_metric_unit("tokens_per_second"), "tok/s");
    assert_string_equal(rc_bench_metric_unit("requests_per_second"), "req/s");
}

TU_MAIN(NULL, NULL, cmocka_unit_test_setup_teardown(test_v3_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v3_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v3_single_object, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vllm_serve, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vllm_latency_and_throughput, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimport_adds_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_directory_mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_resolution, setup, teardown),
        cmocka_unit_test(test_hardware_names), cmocka_unit_test(test_directions))
