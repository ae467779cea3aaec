/* The rooms' read functions over a real cache file: NULL stays NULL (the
 * caller picks how to show it), orders and filters, not-found and an
 * unreadable table are errors, never an empty answer. */
#include "tests/db_fixture.h"

#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/bench/bench.h"
#include "core/git/gitsync.h"
#include "core/github/github_read.h"
#include "core/picks/picks_summary.h"
#include "core/runs/runs.h"

#include <stdlib.h>
#include <string.h>

static void sql(fx *f, const char *s)
{
    assert_int_equal(rc_db_exec(f->db, s), 0);
}

static void test_branches(void **state)
{
    fx *f = *state;
    sql(f, "INSERT INTO branches(name, version, release, sortkey, status, head_sha, head_date,"
           " ahead, behind) VALUES ('releases/v1.0.0', '1.0.0', '1.0.0', 'b', 'maintained', 'aa',"
           " 0, 2, NULL), ('releases/v0.9.0', '0.9.0', NULL, 'a', 'eol', NULL, NULL, NULL, 3)");
    rc_branch_row *rows;
    size_t n;
    assert_int_equal(rc_gitsync_branches(&rows, &n, f->db, NULL, false), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "releases/v0.9.0");
    assert_null(rows[0].release);
    assert_null(rows[0].head_sha);
    assert_false(rows[0].has_head_date);
    assert_false(rows[0].has_ahead);
    assert_true(rows[0].has_behind);
    assert_int_equal(rows[0].behind, 3);
    assert_string_equal(rows[0].ci, "none");
    assert_true(rows[1].has_head_date); /* a stored 0 is a time, not "none" */
    assert_int_equal(rows[1].ahead, 2);
    rc_branch_rows_free(rows, n);
    assert_int_equal(rc_gitsync_branches(&rows, &n, f->db, "maintained", true), 0);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "releases/v1.0.0");
    rc_branch_rows_free(rows, n);
    rc_branch_row b;
    assert_int_equal(rc_gitsync_branch_get(&b, f->db, "releases/v1.0.0"), 0);
    assert_string_equal(b.head_sha, "aa");
    rc_branch_row_free(&b);
    assert_int_equal(rc_gitsync_branch_get(&b, f->db, "nope"), RC_ENOTFOUND);
    rc_branch_row_free(&b);
    sql(f, "DROP TABLE branches");
    assert_int_equal(rc_gitsync_branches(&rows, &n, f->db, NULL, false), RC_EDB);
    assert_int_equal(n, 0);
}

static void test_tags(void **state)
{
    fx *f = *state;
    sql(f, "INSERT INTO tags(name, version, release, sortkey, kind, sha, date, branch, on_main)"
           " VALUES ('v1.0.0rc1', '1.0.0rc1', '1.0.0', 'b1', 'rc', 's1', 100, 'r', 1),"
           " ('v1.0.0rc2', '1.0.0rc2', '1.0.0', 'b2', 'rc', 's2', NULL, NULL, 0),"
           " ('v1.0.0', '1.0.0', '1.0.0', 'b3', 'final', 's3', 300, NULL, NULL),"
           " ('v0.9.0', '0.9.0', '0.9.0', 'a', 'final', 's0', 50, NULL, 1)");
    rc_tag_row *rows;
    size_t n;
    assert_int_equal(rc_gitsync_tags(&rows, &n, f->db, "1.0.0", "rc", true), 0);
    assert_int_equal(n, 2);
    assert_string_equal(rows[0].name, "v1.0.0rc2");
    assert_false(rows[0].has_date);
    assert_null(rows[0].branch);
    assert_false(rows[0].on_main);
    assert_string_equal(rows[1].branch, "r");
    assert_true(rows[1].on_main);
    rc_tag_rows_free(rows, n);
    assert_int_equal(rc_gitsync_tags(&rows, &n, f->db, NULL, NULL, false), 0);
    assert_int_equal(n, 4);
    assert_string_equal(rows[0].name, "v0.9.0");
    rc_tag_rows_free(rows, n);
    rc_tag_row t;
    assert_int_equal(rc_gitsync_tag_get(&t, f->db, "v1.0.0"), 0);
    assert_string_equal(t.release, "1.0.0");
    assert_int_equal(t.date, 300);
    rc_tag_row_free(&t);
    assert_int_equal(rc_gitsync_tag_get(&t, f->db, "v2"), RC_ENOTFOUND);
    sql(f, "INSERT INTO commits(sha, subject, author_name) VALUES ('s1', 'subj', NULL)");
    char *subject, *author;
    assert_int_equal(rc_gitsync_commit_summary(&subject, &author, f->db, "s1"), 0);
    assert_string_equal(subject, "subj");
    assert_null(author);
    free(subject);
    assert_int_equal(rc_gitsync_commit_summary(&subject, &author, f->db, "zz"), 0);
    assert_null(subject);
}

static void test_github(void **state)
{
    fx *f = *state;
    sql(f, "INSERT INTO prs(number, title, base, merged_at, updated_at) VALUES"
           " (1, 'a', 'main', 10, 10), (2, NULL, 'main', NULL, 20), (3, 'c', 'rel', 30, 30)");
    rc_pr_row *prs;
    size_t n;
    assert_int_equal(rc_github_prs(&prs, &n, f->db, "main"), 0);
    assert_int_equal(n, 2);
    assert_int_equal(prs[0].number, 2);
    assert_null(prs[0].title);
    assert_false(prs[0].has_merged_at);
    assert_string_equal(prs[0].labels, "[]");
    assert_true(prs[1].has_merged_at);
    rc_pr_rows_free(prs, n);
    sql(f, "INSERT INTO trackers(number, title, version, state) VALUES (5, 'old', '1.0.0', "
           "'closed'), (4, 'open', '1.0.0', 'open')");
    sql(f, "INSERT INTO tracker_requests(comment_id, tracker, author, checked, on_trunk) VALUES"
           " (9, 4, 'x', NULL, 0), (-4, 4, NULL, 1, NULL)");
    long num;
    assert_int_equal(rc_github_tracker_number(&num, f->db, "1.0.0"), 0);
    assert_int_equal(num, 4);
    assert_int_equal(rc_github_tracker_count(&num, f->db, "1.0.0"), 0);
    assert_int_equal(num, 2);
    assert_int_equal(rc_github_tracker_number(&num, f->db, "2.0.0"), 0);
    assert_int_equal(num, 0);
    rc_tracker_request_row *q;
    assert_int_equal(rc_github_tracker_requests(&q, &n, f->db, "1.0.0"), 0);
    assert_int_equal(n, 2);
    assert_int_equal(q[0].comment_id, -4); /* the issue body first */
    assert_true(q[0].has_checked && q[0].checked);
    assert_false(q[0].has_on_trunk);
    assert_false(q[1].has_checked);
    assert_true(q[1].has_on_trunk);
    assert_false(q[1].on_trunk);
    rc_tracker_request_rows_free(q, n);
    sql(f, "DROP TABLE trackers");
    assert_int_equal(rc_github_tracker_count(&num, f->db, "1.0.0"), RC_EDB);
}

static void test_runs_picks_bench(void **state)
{
    fx *f = *state;
    sql(f, "INSERT INTO runs(id, node, backend, state, started_at, exit_code) VALUES"
           " (1, 'n', 'local', 'succeeded', 0, 0), (2, 'n', 'ssh', 'bogus', NULL, NULL)");
    rc_run_view *v;
    size_t n;
    assert_int_equal(rc_runs_view_list(&v, &n, f->db), 0);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].run.id, 2);
    assert_string_equal(v[0].state, "bogus"); /* shown as stored */
    assert_int_equal(v[0].run.state, RC_RUN_LOST);
    assert_false(v[0].has_started_at);
    assert_false(v[0].run.has_exit);
    assert_true(v[1].has_started_at);
    assert_true(v[1].run.has_exit);
    rc_run_views_free(v, n);
    rc_run_view one;
    assert_int_equal(rc_runs_view_get(&one, f->db, 3), RC_ENOTFOUND);
    rc_run_view_clear(&one);

    sql(f, "INSERT INTO picks(branch, sha, state) VALUES ('b', '1', 'pending'), ('b', '2',"
           " 'pending'), ('b', '3', 'revert-needed'), ('c', '4', 'picked')");
    sql(f, "INSERT INTO violations(branch, sha, reason) VALUES ('b', '9', 'feature')");
    rc_picks_branch_count *k;
    assert_int_equal(rc_picks_branch_counts(&k, &n, f->db), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++)
        if (strcmp(k[i].branch, "b") == 0)
            assert_true(k[i].pending == 2 && k[i].revert_needed == 1);
    rc_picks_branch_counts_free(k, n);
    rc_picks_state_count *sc;
    assert_int_equal(rc_picks_state_counts(&sc, &n, f->db, "b"), 0);
    assert_int_equal(n, 2);
    assert_string_equal(sc[0].state, "pending");
    rc_picks_state_counts_free(sc, n);
    rc_picks_policy_violation *pv;
    assert_int_equal(rc_picks_policy_violations(&pv, &n, f->db, "b"), 0);
    assert_int_equal(n, 1);
    assert_null(pv[0].subject);
    rc_picks_policy_violations_free(pv, n);

    sql(f, "INSERT INTO tags(name, version, release, sortkey, kind, sha) VALUES"
           " ('v1', '1', '1', 'a', 'final', 's1'), ('v2', '2', '2', 'b', 'rc', 's2'),"
           " ('v3', '3', '3', 'c', 'rc', 's3')");
    sql(f, "INSERT INTO bench_files(id, path, digest) VALUES (1, 'x', 'd')");
    sql(f, "INSERT INTO bench_results(file_id, commit_sha, tag, hardware, backend, model, test,"
           " metric, value) VALUES (1, 's1', NULL, 'h', 'b', 'm', 't', 'x', 1),"
           " (1, NULL, 'v3', 'h', 'b', 'm', 't', 'x', 1)");
    rc_bench_tag *bt;
    assert_int_equal(rc_bench_tags(&bt, &n, f->db), 0);
    assert_int_equal(n, 2);
    assert_string_equal(bt[0].name, "v3");
    assert_string_equal(bt[1].name, "v1");
    rc_bench_tags_free(bt, n);
}

TU_MAIN(setup, teardown, cmocka_unit_test(test_branches), cmocka_unit_test(test_tags),
        cmocka_unit_test(test_github), cmocka_unit_test(test_runs_picks_bench))
