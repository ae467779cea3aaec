/* Shared by the perf-run tests: a small repository built with libgit2, a
 * benchmark script that writes one vLLM result file, and helpers to drive
 * the relcap binary. Included by tests/test_runs*.c (one copy each). */
#ifndef RELCAP_TESTS_RUNS_FIXTURE_H
#define RELCAP_TESTS_RUNS_FIXTURE_H

#include "core/base/util.h"
#include "tests/testutil.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Arguments: RUN COMMIT TAG BRANCH RESULTS TEST... Tests steer it:
 * sleep=N runs N seconds, exit=N fails with N, none=1 writes no results. */
static const char fx_bench_script[] =
    "#!/bin/sh\n"
    "run_id=$1\n"
    "echo \"run=$1 commit=$2 tag=$3 branch=$4\"\n"
    "echo \"note=$RC_NOTE\"\n"
    "results=$5; shift 5\n"
    "echo \"tests=$*\"\n"
    "secs=0; code=0; none=0\n"
    "set -f; IFS=,; set -- $*; IFS=' '\n"
    "for t; do case $t in sleep=*) secs=${t#sleep=};; exit=*) code=${t#exit=};; none=*) none=1;; "
    "esac; done\n"
    "i=0; while [ $i -lt $secs ]; do echo \"step $i\"; sleep 1; i=$((i+1)); done\n"
    "if [ $none = 0 ]; then mkdir -p \"$results\"\n"
    "printf '{\"backend\": \"vllm\", \"model_id\": \"meta-llama/Llama-3.1-8B-Instruct\", "
    "\"date\": \"run %s %s\", \"num_prompts\": 10, \"request_throughput\": 5.5, "
    "\"output_throughput\": 600.0, \"median_ttft_ms\": 12.5, \"median_tpot_ms\": 7.25}\\n' "
    "\"$run_id\" \"$(date +%s%N)\" > \"$results/serve_llama8B.json\"; fi\n"
    "echo finished\n"
    "exit $code\n";

typedef struct {
    char *dir, *repo, *db, *script;
    char sha[41];
} fx_repo;

/* A repository with main, a release branch, an RC tag, a hostile branch
 * name that git accepts, and the benchmark script beside it. */
static void fx_make(fx_repo *f, const char *dir)
{
    memset(f, 0, sizeof *f);
    f->dir = rc_xstrdup(dir);
    f->repo = rc_xasprintf("%s/repo", dir);
    f->db = rc_xasprintf("%s/cache.db", dir);
    f->script = rc_xasprintf("%s/bench.sh", dir);
    git_repository *repo = tu_repo_init(f->repo, false);
    const char *files[] = {"README.md", "hello\n", NULL};
    git_oid c1 = tu_commit(repo, "refs/heads/main", "Initial commit", 1700000000, files);
    const char *files2[] = {"vllm/version.py", "__version__ = '0.9.2'\n", NULL};
    git_oid c2 = tu_commit(repo, "refs/heads/main", "Bump version (#12)", 1700003600, files2);
    (void)c1;
    tu_branch(repo, "releases/v0.9.2", &c2);
    tu_branch(repo, "releases/v1$(touch${IFS}PWNED)", &c2);
    tu_branch(repo, "v1;touch${IFS}PWNED", &c2);
    tu_tag(repo, "v0.9.2rc1", &c2, true);
    snprintf(f->sha, sizeof f->sha, "%s", tu_hex(&c2));
    git_repository_free(repo);
    tu_write(f->script, fx_bench_script);
    chmod(f->script, 0755);
}

static void fx_free(fx_repo *f)
{
    free(f->dir);
    free(f->repo);
    free(f->db);
    free(f->script);
}

/* Appends text to the repository's .git/config. */
__attribute__((unused)) static void fx_config(const fx_repo *f, const char *text)
{
    char *p = rc_xasprintf("%s/.git/config", f->repo);
    FILE *fp = fopen(p, "a");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    free(p);
}

/* The permission bits of path are exactly mode. */
__attribute__((unused)) static void fx_assert_mode(const char *path, mode_t mode)
{
    struct stat st;
    if (stat(path, &st) != 0)
        fail_msg("%s is missing", path);
    if ((st.st_mode & 07777) != mode)
        fail_msg("%s has mode %04o, not %04o", path, (unsigned)(st.st_mode & 07777),
                 (unsigned)mode);
}

/* SECURITY.md, "Files and permissions": a run's local files live in
 * GITDIR/relcap/runs/N, and each directory on that way relcap creates is
 * 0700, so no other user reaches the log, the results or an artifact.
 * Callers run under umask 000 (main), so the modes are relcap's own. Returns
 * the run directory. */
__attribute__((unused)) static char *fx_assert_private_run_dir(const fx_repo *f, int64_t id)
{
    char *rel = rc_xasprintf("%s/.git/relcap", f->repo);
    char *runs = rc_xasprintf("%s/runs", rel);
    char *dir = rc_xasprintf("%s/%lld", runs, (long long)id);
    fx_assert_mode(rel, 0700);
    fx_assert_mode(runs, 0700);
    fx_assert_mode(dir, 0700);
    free(rel);
    free(runs);
    return dir;
}

/* relcap -C repo --db db ARGS... */
__attribute__((unused)) static tu_result fx_relcap(const fx_repo *f, const char *const *args)
{
    const char *argv[40];
    size_t n = 0;
    argv[n++] = "-C";
    argv[n++] = f->repo;
    argv[n++] = "--db";
    argv[n++] = f->db;
    for (size_t i = 0; args[i] && n < 39; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    return tu_relcap(NULL, NULL, NULL, argv);
}

/* Run id's object (a copy) in the output of `run list --json`; fails the
 * test when the output is not JSON or does not list the run. */
static cJSON *fx_run_listed(const char *out, int64_t id)
{
    cJSON *all = cJSON_Parse(out);
    assert_non_null(all);
    cJSON *it;
    cJSON_ArrayForEach(it, all)
    {
        if ((int64_t)cJSON_GetObjectItem(it, "id")->valuedouble == id) {
            cJSON *copy = cJSON_Duplicate(it, true);
            cJSON_Delete(all);
            return copy;
        }
    }
    cJSON_Delete(all);
    fail_msg("run %lld not listed", (long long)id);
    return NULL;
}

/* Asserts run o's state and, when reason is given, that its reason holds it. */
static void fx_expect_state(cJSON *o, const char *state, const char *reason)
{
    assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "state")), state);
    if (reason)
        assert_non_null(strstr(cJSON_GetStringValue(cJSON_GetObjectItem(o, "reason")), reason));
}

#endif
