/* The go/no-go gate: each item forced to fail, then to pass. */
#include "tests/testutil.h"

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/release/inputs.h"
#include "core/release/ready.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    tu_env env; /* first: teardown frees it */
    git_oid cut, head;
} fx;

static const char policy_ok[] = "| Project | vLLM |\n|---|---|\n| v1.0.0 | v0.9.0 |\n"
                                "| v1.0.0rc1 | v0.9.0 |\n\n"
                                "| Date | Event |\n|---|---|\n| 2026-01-10 | v1.0.0rc1 |\n";

static void sql(fx *f, const char *s)
{
    assert_int_equal(rc_db_exec(f->env.db, s), 0);
}

static void sqlf(fx *f, const char *fmt, const char *a, const char *b)
{
    char *s = rc_xasprintf(fmt, a, b);
    sql(f, s);
    free(s);
}

static int setup(void **state)
{
    fx *f = rc_xcalloc(1, sizeof *f);
    tu_env_init(&f->env);
    tu_env_repo(&f->env, NULL, false);
    const char *files[] = {"docs/versioning_policy.md", policy_ok, NULL};
    f->cut = tu_commit(f->env.repo, "refs/heads/main", "start\n\n- vLLM version: v0.9.0\n",
                       1767225600, files);
    const char *rel[] = {"RELEASE.md", "# Release v1.0.0\n", NULL};
    f->head = tu_commit_parents(f->env.repo, "refs/heads/releases/v1.0.0", "[CI] release docs",
                                1768000000, rel, &f->cut, 1);
    tu_env_db(&f->env, "c.db");
    const char *ov[] = {"relcap.compatDoc=docs/versioning_policy.md"};
    tu_env_config(&f->env, ov, 1);
    sqlf(f,
         "INSERT INTO branches(name, version, release, head_sha, cut_sha) VALUES"
         " ('releases/v1.0.0', '1.0.0', '1.0.0', '%s', '%s')",
         tu_hex(&f->head), tu_hex(&f->cut));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    tu_env_clear(*state);
    free(*state);
    return 0;
}

static const rc_ready_item *get(const rc_ready_report *r, const char *name)
{
    for (size_t i = 0; i < r->nitems; i++)
        if (strcmp(r->items[i].name, name) == 0)
            return &r->items[i];
    fail_msg("no item %s", name);
    return NULL;
}

/* What sync does after the git scan: the readiness inputs from git into the
 * cache (the gate itself reads no git object). */
static void sync_inputs(fx *f)
{
    rc_release_inputs_report ir;
    assert_int_equal(rc_release_inputs_sync(&ir, f->env.db, f->env.repo, f->env.cfg), 0);
}

static rc_ready_status status_of(fx *f, const char *name)
{
    rc_ready_report r;
    int64_t now;
    rc_time_parse(&now, "2026-02-01T00:00:00Z");
    sync_inputs(f);
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", now), 0);
    rc_ready_status s = get(&r, name)->status;
    rc_ready_report_free(&r);
    return s;
}

static void add_rc(fx *f, const char *ci)
{
    tu_tag(f->env.repo, "v1.0.0rc1", &f->head, false);
    char *s = rc_xasprintf("INSERT OR REPLACE INTO tags(name, version, release, sortkey, kind,"
                           " sha, date, ci) VALUES ('v1.0.0rc1', '1.0.0rc1', '1.0.0', 'x', 'rc',"
                           " '%s', 1768046400, '%s')",
                           tu_hex(&f->head), ci);
    sql(f, s);
    free(s);
}

static void test_branch_cut(void **state)
{
    fx *f = *state;
    assert_int_equal(status_of(f, "branch-cut"), RC_READY_PASS);
    sql(f, "DELETE FROM branches");
    rc_ready_report r;
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", 0), 0);
    assert_int_equal(get(&r, "branch-cut")->status, RC_READY_FAIL);
    assert_true(r.nfail > 0);
    rc_ready_report_free(&r);
}

static void test_rc_ci(void **state)
{
    fx *f = *state;
    assert_int_equal(status_of(f, "rc"), RC_READY_FAIL); /* no RC */
    add_rc(f, "failure");
    assert_int_equal(status_of(f, "rc"), RC_READY_FAIL);
    add_rc(f, "pending");
    assert_int_equal(status_of(f, "rc"), RC_READY_UNKNOWN);
    add_rc(f, "success");
    assert_int_equal(status_of(f, "rc"), RC_READY_PASS);
}

static void test_picks(void **state)
{
    fx *f = *state;
    assert_int_equal(status_of(f, "picks"), RC_READY_UNKNOWN); /* never analysed */
    sql(f, "INSERT INTO picks(branch, sha, state) VALUES ('releases/v1.0.0', 'a1', 'picked'),"
           " ('releases/v1.0.0', 'a2', 'pending')");
    assert_int_equal(status_of(f, "picks"), RC_READY_PASS);
    sql(f, "INSERT INTO pick_decisions(branch, sha, decision) VALUES"
           " ('releases/v1.0.0', 'a2', 'approve')");
    assert_int_equal(status_of(f, "picks"), RC_READY_FAIL); /* approved, not applied */
    sql(f, "UPDATE picks SET state = 'picked' WHERE sha = 'a2'");
    assert_int_equal(status_of(f, "picks"), RC_READY_PASS);
    sql(f, "INSERT INTO picks(branch, sha, state) VALUES ('releases/v1.0.0', 'a3',"
           " 'revert-needed')");
    assert_int_equal(status_of(f, "picks"), RC_READY_FAIL);
    sql(f, "DELETE FROM picks WHERE sha = 'a3'");
    sql(f,
        "INSERT INTO violations(branch, sha, reason) VALUES ('releases/v1.0.0', 'b1', 'feature')");
    assert_int_equal(status_of(f, "picks"), RC_READY_FAIL);
}

/* A cache the gate cannot read fails the item: an SQL error is not "none". */
static void test_unreadable_fails_closed(void **state)
{
    fx *f = *state;
    sql(f, "INSERT INTO picks(branch, sha, state) VALUES ('releases/v1.0.0', 'a1', 'picked')");
    assert_int_equal(status_of(f, "picks"), RC_READY_PASS);
    sql(f, "DROP TABLE violations");
    rc_ready_report r;
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", 0), 0);
    const rc_ready_item *it = get(&r, "picks");
    assert_int_equal(it->status, RC_READY_FAIL);
    assert_non_null(strstr(it->reason, "cannot read the cache"));
    assert_true(r.nfail > 0);
    rc_ready_report_free(&r);
    add_rc(f, "success");
    sql(f, "DROP TABLE bench_results");
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", 0), 0);
    it = get(&r, "perf");
    assert_int_equal(it->status, RC_READY_FAIL);
    assert_non_null(strstr(it->reason, "cannot read the cache"));
    rc_ready_report_free(&r);
}

static void test_perf(void **state)
{
    fx *f = *state;
    add_rc(f, "success");
    assert_int_equal(status_of(f, "perf"), RC_READY_FAIL);
    sql(f, "INSERT INTO bench_files(id, path, digest) VALUES (1, 'x', 'd')");
    sql(f, "INSERT INTO bench_results(file_id, tag, hardware, backend, model, test, metric, value)"
           " VALUES (1, 'v1.0.0rc1', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 1)");
    assert_int_equal(status_of(f, "perf"), RC_READY_FAIL); /* MI300X still missing */
    char *s = rc_xasprintf("INSERT INTO runs(node, backend, hardware, target_sha, state) VALUES"
                           " ('mi', 'ssh', 'MI300X', '%s', 'succeeded')",
                           tu_hex(&f->head));
    sql(f, s);
    free(s);
    assert_int_equal(status_of(f, "perf"), RC_READY_PASS);
}

static void test_matrix_calendar_docs(void **state)
{
    fx *f = *state;
    add_rc(f, "success");
    assert_int_equal(status_of(f, "matrix"), RC_READY_PASS);
    assert_int_equal(status_of(f, "calendar"), RC_READY_PASS);
    assert_int_equal(status_of(f, "docs"), RC_READY_PASS);
    /* the RC was tagged a day after the documented date */
    sql(f, "UPDATE tags SET date = 1768176000");
    assert_int_equal(status_of(f, "calendar"), RC_READY_FAIL);
    /* a conflict block on the branch, and a policy without the row */
    const char *bad[] = {"RELEASE.md", "<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n",
                         "docs/versioning_policy.md",
                         "| P | vLLM |\n|---|---|\n| v0.9.0 | v0.8.0 |\n", NULL};
    git_oid h = tu_commit(f->env.repo, "refs/heads/releases/v1.0.0", "bad docs", 1768100000, bad);
    sqlf(f, "UPDATE branches SET head_sha = '%s'%s", tu_hex(&h), "");
    assert_int_equal(status_of(f, "docs"), RC_READY_FAIL);
    /* the matrix is read on main: replace it there */
    const char *nomain[] = {"docs/versioning_policy.md",
                            "| P | vLLM |\n|---|---|\n| v1.0.0 | v0.8.0 |\n", NULL};
    tu_commit(f->env.repo, "refs/heads/main", "policy", 1768100000, nomain);
    tu_tag(f->env.repo, "v1.0.0", &h, false);
    sqlf(f,
         "INSERT INTO tags(name, version, release, sortkey, kind, sha, date) VALUES"
         " ('v1.0.0', '1.0.0', '1.0.0', 'y', 'final', '%s', 1768200000)%s",
         tu_hex(&h), "");
    /* history of v1.0.0 says upstream v0.9.0, the row says v0.8.0 */
    assert_int_equal(status_of(f, "matrix"), RC_READY_FAIL);
    assert_int_equal(status_of(f, "final-tag"), RC_READY_PASS);
}

/* A cache without the inputs (one from before migration 7, or a head sync
 * has not read) never passes the items that need them: unknown, and the
 * reason says to sync. */
static void test_inputs_not_synced(void **state)
{
    fx *f = *state;
    add_rc(f, "success");
    rc_ready_report r;
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", 0), 0);
    const char *names[] = {"matrix", "calendar", "docs"};
    for (size_t i = 0; i < 3; i++) {
        const rc_ready_item *it = get(&r, names[i]);
        assert_int_equal(it->status, RC_READY_UNKNOWN);
        assert_non_null(strstr(it->reason, "run relcap sync"));
    }
    rc_ready_report_free(&r);
    /* synced: they pass; the branch then moves without a sync: docs unknown */
    assert_int_equal(status_of(f, "docs"), RC_READY_PASS);
    const char *files[] = {"RELEASE.md", "# Release v1.0.0, final\n", NULL};
    git_oid h =
        tu_commit(f->env.repo, "refs/heads/releases/v1.0.0", "more docs", 1768100000, files);
    sqlf(f, "UPDATE branches SET head_sha = '%s'%s", tu_hex(&h), "");
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", 0), 0);
    assert_int_equal(get(&r, "docs")->status, RC_READY_UNKNOWN);
    assert_non_null(strstr(get(&r, "docs")->reason, "run relcap sync"));
    rc_ready_report_free(&r);
}

/* A warm sync reuses what it read: nothing is read again while no head
 * moves; a moved branch whose documents did not change reads its tree but
 * parses nothing (the facts are kept per blob); an upstream is walked once
 * per tag. */
static void test_inputs_reused(void **state)
{
    fx *f = *state;
    add_rc(f, "success");
    tu_tag(f->env.repo, "v1.0.0", &f->head, false);
    sqlf(f,
         "INSERT INTO tags(name, version, release, sortkey, kind, sha, date) VALUES"
         " ('v1.0.0', '1.0.0', '1.0.0', 'y', 'final', '%s', 1768200000)%s",
         tu_hex(&f->head), "");
    rc_release_inputs_report ir;
    assert_int_equal(rc_release_inputs_sync(&ir, f->env.db, f->env.repo, f->env.cfg), 0);
    assert_int_equal(ir.branches_read, 1);
    assert_int_equal(ir.docs_parsed, 1); /* RELEASE.md: the policy is not under docs/ANY/ */
    assert_int_equal(ir.main_docs_read, 1);
    assert_int_equal(ir.upstreams_walked, 1); /* v1.0.0 and v1.0.0rc1: one commit */
    assert_int_equal(rc_release_inputs_sync(&ir, f->env.db, f->env.repo, f->env.cfg), 0);
    assert_int_equal(ir.branches_read, 0);
    assert_int_equal(ir.branches_kept, 1);
    assert_int_equal(ir.docs_parsed + ir.main_docs_read + ir.upstreams_walked, 0);
    /* the branch moves by a commit that leaves its documents alone */
    const char *other[] = {"src/x.c", "int x;\n", NULL};
    git_oid h = tu_commit(f->env.repo, "refs/heads/releases/v1.0.0", "code", 1768100000, other);
    sqlf(f, "UPDATE branches SET head_sha = '%s'%s", tu_hex(&h), "");
    assert_int_equal(rc_release_inputs_sync(&ir, f->env.db, f->env.repo, f->env.cfg), 0);
    assert_int_equal(ir.branches_read, 1);
    assert_int_equal(ir.docs_parsed, 0);
    assert_int_equal(status_of(f, "docs"), RC_READY_PASS);
}

/* The base of the perf comparison: v0.9.0 tagged at the cut, and the two
 * result files (1: the base's, 2: the head's). */
static void base_release(fx *f)
{
    tu_tag(f->env.repo, "v0.9.0", &f->cut, false);
    sqlf(f,
         "INSERT INTO tags(name, version, release, sortkey, kind, sha, date)"
         " VALUES ('v0.9.0', '0.9.0', '0.9.0', '0', 'final', '%s', 1767225600)",
         tu_hex(&f->cut), NULL);
    sql(f, "INSERT INTO bench_files(id, path, digest) VALUES (1, 'a', 'd1'), (2, 'b', 'd2')");
}

static void test_regressions(void **state)
{
    fx *f = *state;
    add_rc(f, "success");
    assert_int_equal(status_of(f, "regressions"), RC_READY_UNKNOWN); /* no results */
    base_release(f);
    /* three runs a side: one run a side would be inconclusive, not a regression */
    char *s = rc_xasprintf(
        "INSERT INTO bench_results(file_id, commit_sha, tag, hardware, backend, model,"
        " test, metric, unit, value) VALUES"
        " (1, '%s', 'v0.9.0', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 100),"
        " (1, '%s', 'v0.9.0', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 101),"
        " (1, '%s', 'v0.9.0', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 99),"
        " (2, '%s', 'v1.0.0rc1', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 120),"
        " (2, '%s', 'v1.0.0rc1', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 121),"
        " (2, '%s', 'v1.0.0rc1', 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 119)",
        tu_hex(&f->cut), tu_hex(&f->cut), tu_hex(&f->cut), tu_hex(&f->head), tu_hex(&f->head),
        tu_hex(&f->head));
    sql(f, s);
    free(s);
    assert_int_equal(status_of(f, "regressions"), RC_READY_FAIL);
    sql(f, "INSERT INTO bench_decisions(release, hardware, model, test, metric, decision) VALUES"
           " ('1.0.0', 'H100', 'm', 't', 'median_ttft_ms', 'approve')");
    assert_int_equal(status_of(f, "regressions"), RC_READY_PASS);
}

/* A required metric whose verdict is inconclusive is no pass: the item says
 * how many more runs a side would decide; a row on hardware that is not
 * required does not count, and a triage decision settles it. */
static void test_inconclusive(void **state)
{
    fx *f = *state;
    add_rc(f, "success");
    base_release(f);
    /* two runs a side, a wide spread: inconclusive on H100 (required) and on
     * A100 (not required) */
    const char *hws[] = {"A100", "H100"};
    for (int h = 0; h < 2; h++) {
        char *q = rc_xasprintf(
            "INSERT INTO bench_results(file_id, commit_sha, tag, hardware, backend, model,"
            " test, metric, unit, value) VALUES"
            " (1, '%s', 'v0.9.0', '%s', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 100),"
            " (1, '%s', 'v0.9.0', '%s', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 140),"
            " (2, '%s', 'v1.0.0rc1', '%s', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 110),"
            " (2, '%s', 'v1.0.0rc1', '%s', 'cuda', 'm', 't', 'median_ttft_ms', 'ms', 150)",
            tu_hex(&f->cut), hws[h], tu_hex(&f->cut), hws[h], tu_hex(&f->head), hws[h],
            tu_hex(&f->head), hws[h]);
        sql(f, q);
        free(q);
    }
    rc_ready_report r;
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, "1.0.0", 0), 0);
    const rc_ready_item *it = get(&r, "undecided");
    assert_int_equal(it->status, RC_READY_FAIL);
    assert_non_null(strstr(it->reason, "1 required metric of v1.0.0rc1 vs v0.9.0 inconclusive"));
    assert_non_null(strstr(it->reason, "H100 m median_ttft_ms: "));
    assert_non_null(strstr(it->reason, "more runs a side would decide"));
    assert_null(strstr(it->reason, "A100"));
    assert_int_equal(get(&r, "regressions")->status, RC_READY_PASS);
    rc_ready_report_free(&r);
    sql(f, "INSERT INTO bench_decisions(release, hardware, model, test, metric, decision) VALUES"
           " ('1.0.0', 'H100', 'm', 't', 'median_ttft_ms', 'approve')");
    assert_int_equal(status_of(f, "undecided"), RC_READY_PASS);
}

static void test_exit_summary(void **state)
{
    fx *f = *state;
    rc_ready_report r;
    assert_int_equal(rc_ready_check(&r, f->env.repo, f->env.db, f->env.cfg, NULL, 0), 0);
    assert_string_equal(r.version, "1.0.0");
    assert_string_equal(r.branch, "releases/v1.0.0");
    assert_true(r.nfail > 0);
    assert_int_equal(get(&r, "final-tag")->status, RC_READY_UNKNOWN);
    rc_ready_report_free(&r);
}

TU_MAIN(setup, teardown, cmocka_unit_test(test_branch_cut), cmocka_unit_test(test_rc_ci),
        cmocka_unit_test(test_picks), cmocka_unit_test(test_unreadable_fails_closed),
        cmocka_unit_test(test_perf), cmocka_unit_test(test_matrix_calendar_docs),
        cmocka_unit_test(test_inputs_not_synced), cmocka_unit_test(test_inputs_reused),
        cmocka_unit_test(test_regressions), cmocka_unit_test(test_inconclusive),
        cmocka_unit_test(test_exit_summary))
