/* GitHub data in the cherry-pick engine: PR labels (built-in and
 * configured mapping), merged and open PRs into the release branch, and
 * release tracker requests, inserted into the cache after a git sync the
 * way `relcap sync` would store them. */
#include "tests/picks_fixture.h"
#include "tests/testutil.h"

#include "core/picks/category.h"
#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/git/gitsync.h"
#include "core/picks/picks.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNFETCHED "1234567890abcdef1234567890abcdef12345678"

typedef struct {
    picks_env env; /* first: picks_teardown frees it */
    git_oid c10, c11, c12, c13, c14, c15, c16, c17, b16, b_ci, b_ver, b_other;
} fixture;

static void exec_sql(fixture *f, const char *sql)
{
    if (rc_db_exec(f->env.db, sql) != 0)
        fail_msg("%s: %s", sql, rc_error_last());
}

static int setup(void **state)
{
    fixture *f = rc_xcalloc(1, sizeof *f);
    picks_env_init(&f->env);
    const char *init[] = {"a.txt", "a\n", NULL};
    tu_commit(f->env.repo, MAIN, "Initial commit", T, init);
    git_oid base = picks_commit(&f->env, MAIN, "[Bugfix] Base fix (#1)", "a.txt", "a\nbase\n");
    tu_branch(f->env.repo, B, &base);
    f->c10 = picks_commit(&f->env, MAIN, "[Misc] Tweak scheduler (#10)", "f10.txt", "x\n");
    f->c11 = picks_commit(&f->env, MAIN, "[Bugfix] Fix leak (#11)", "f11.txt", "x\n");
    f->c12 = picks_commit(&f->env, MAIN, "[Bugfix] Fix hang (#12)", "f12.txt", "x\n");
    f->c13 = picks_commit(&f->env, MAIN, "[Bugfix] Fix crash (#13)", "f13.txt", "x\n");
    f->c14 = picks_commit(&f->env, MAIN, "[Bugfix] Fix race (#14)", "f14.txt", "x\n");
    f->c15 = picks_commit(&f->env, MAIN, "[Misc] Something (#15)", "f15.txt", "x\n");
    f->c16 = picks_commit(&f->env, MAIN, "[Bugfix] Fix overflow (#16)", "f16.txt", "x\n");
    f->c17 = picks_commit(&f->env, MAIN, "[Bugfix] Fix underflow (#17)", "f17.txt", "x\n");
    /* #16 is on the branch and fetched: its release PR's merge commit */
    f->b16 = picks_commit(&f->env, BREF, "[v1.0.0] Overflow repair (#70)", "f16.txt", "x\nother\n");
    /* branch-only commits: CI and version files are release-specific
     * whatever the subject says; other paths are not */
    f->b_ci = picks_commit(&f->env, BREF, "Pin the runner image (#71)", ".github/workflows/ci.yml",
                           "x\n");
    f->b_ver =
        picks_commit(&f->env, BREF, "[Misc] Pin 1.0.0 (#72)", "pkg/version.py", "v = '1.0.0'\n");
    f->b_other =
        picks_commit(&f->env, BREF, "[Misc] Tweak the scheduler (#73)", "pkg/sched.py", "x\n");
    git_repository_set_head(f->env.repo, MAIN);

    const char *ov[] = {"relcap.author=tester", "relcap.categoryLabel=perf=regression-fix"};
    picks_env_open(&f->env, ov, 2);
    rc_gitsync_opts o = {.fetch = false};
    rc_gitsync_report rep;
    if (rc_gitsync_run(&rep, f->env.repo, f->env.db, f->env.cfg, &o) != 0)
        fail_msg("sync: %s", rc_error_last());
    rc_gitsync_report_free(&rep);
    *state = f;
    return 0;
}

/* What sync stores from GitHub for this history. */
static void insert_github(fixture *f)
{
    char *sql = rc_xasprintf(
        "INSERT INTO prs(number, title, state, base, labels, merged_at, merge_sha, body,"
        " updated_at) VALUES"
        /* trunk PRs with labels */
        " (11, '[Bugfix] Fix leak', 'merged', 'main', '[\"documentation\"]', 1, NULL, '', 1),"
        " (15, '[Misc] Something', 'merged', 'main', '[{\"name\":\"regression\"}]', 1, NULL, '',"
        " 1),"
        " (14, '[Bugfix] Fix race', 'merged', 'main', '[\"perf\", \"bug\"]', 1, NULL, '', 1),"
        " (12, '[Bugfix] Fix hang', 'merged', 'main', '[]', 1, NULL, '', 1),"
        /* merged into B, commit not fetched yet */
        " (60, '[v1.0.0] Fix hang (#12)', 'merged', '" B "', '[]', 5, '" UNFETCHED "', '', 2),"
        /* open into B: under review */
        " (61, 'Fix crash for 1.0', 'open', '" B "', '[]', NULL, NULL,"
        " 'Cherry-pick of #13 onto the release', 3),"
        /* closed without merge: no evidence */
        " (62, 'Fix race for 1.0 (#14)', 'closed', '" B "', '[]', NULL, NULL, '', 4),"
        /* merged into another branch: not this one's evidence */
        " (63, 'Fix race (#14)', 'merged', 'releases/v0.9.0', '[]', 6, '" UNFETCHED "', '', 5),"
        /* merged into B, merge commit fetched (the branch's own commit) */
        " (70, 'Overflow repair', 'merged', '" B "', '[]', 7, '%s',"
        " 'Original PR: #16', 6),"
        /* open into B, naming nothing: the tracker request links it to #17 */
        " (64, 'Underflow for the release', 'open', '" B "', '[]', NULL, NULL, '', 7);"
        "INSERT INTO trackers(number, title, version, state) VALUES"
        " (100, '[v1.0.0] Release Tracker', '1.0.0', 'open'),"
        " (101, '[v2.0.0] Release Tracker', 'v2.0.0', 'open');"
        "INSERT INTO tracker_requests(comment_id, tracker, author, trunk_prs, release_prs,"
        " category, checked, on_trunk) VALUES"
        " (1001, 100, 'ann', '[10]', '[]', 'Regression fix', 0, 1),"
        " (1002, 100, 'bob', '[11]', '[]', 'Critical fix', 1, 1),"
        " (1003, 100, 'cy', '[99, 12]', '[60]', 'Critical fix', 0, 0),"
        " (1004, 100, 'eve', '[17]', '[64]', NULL, 0, 1),"
        " (2001, 101, 'dee', '[13]', '[]', 'Documentation', 0, 0);",
        tu_hex(&f->b16));
    exec_sql(f, sql);
    free(sql);
}

static void test_github_evidence(void **state)
{
    fixture *f = *state;
    bool computed;
    assert_int_equal(rc_picks_ensure(&computed, f->env.db, f->env.repo, f->env.cfg, B), 0);
    assert_true(computed);
    rc_pick_row *rows;
    size_t n;
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    assert_int_equal(n, 8);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(rows[i].review_pr, 0);
        assert_int_equal(rows[i].requested, 0);
    }
    const rc_pick_row *r = row_of(rows, n, &f->c12);
    assert_string_equal(rc_pick_state_name(r->state), "pending");
    assert_string_equal(row_of(rows, n, &f->c10)->category, RC_CAT_UNKNOWN);
    rc_picks_list_free(rows, n);
    /* without GitHub data the branch's own commit is on main by no evidence */
    rc_violation_row *v;
    assert_int_equal(rc_picks_violations(&v, &n, f->env.db, B), 0);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].sha, tu_hex(&f->b16));
    assert_string_equal(v[1].sha, tu_hex(&f->b_other));
    rc_picks_violations_free(v, n);

    insert_github(f);
    /* new GitHub data makes the cache stale */
    assert_int_equal(rc_picks_ensure(&computed, f->env.db, f->env.repo, f->env.cfg, B), 0);
    assert_true(computed);
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    assert_int_equal(n, 8);

    /* merged release PR naming trunk #12: picked before its commit is fetched */
    r = row_of(rows, n, &f->c12);
    assert_string_equal(rc_pick_state_name(r->state), "picked");
    assert_string_equal(rc_pick_evidence_name(r->evidence), "release-pr");
    assert_string_equal(r->picked_as, UNFETCHED);
    assert_int_equal(r->review_pr, 0);
    assert_int_equal(r->requested, 1003);
    /* open release PR: still pending, under review */
    r = row_of(rows, n, &f->c13);
    assert_string_equal(rc_pick_state_name(r->state), "pending");
    assert_int_equal(r->evidence, RC_PICK_EVIDENCE_NONE);
    assert_int_equal(r->review_pr, 61);
    assert_int_equal(r->requested, 0); /* requested on another release's tracker */
    /* closed PR into B and merged PR into another branch: nothing */
    r = row_of(rows, n, &f->c14);
    assert_string_equal(rc_pick_state_name(r->state), "pending");
    assert_int_equal(r->review_pr, 0);
    /* configured label mapping first (perf), over the built-in (bug) */
    assert_string_equal(r->category, RC_CAT_REGRESSION);
    /* release PR whose merge commit is on the branch: picked_as that commit */
    r = row_of(rows, n, &f->c16);
    assert_string_equal(rc_pick_state_name(r->state), "picked");
    assert_string_equal(r->picked_as, tu_hex(&f->b16));
    /* tracker category when no label decides */
    r = row_of(rows, n, &f->c10);
    assert_int_equal(r->requested, 1001);
    assert_string_equal(r->category, RC_CAT_REGRESSION);
    /* a label decides over the tracker's category */
    r = row_of(rows, n, &f->c11);
    assert_int_equal(r->requested, 1002);
    assert_string_equal(r->category, RC_CAT_DOC);
    /* release PR linked by the tracker request only */
    r = row_of(rows, n, &f->c17);
    assert_string_equal(rc_pick_state_name(r->state), "pending");
    assert_int_equal(r->review_pr, 64);
    assert_int_equal(r->requested, 1004);
    assert_string_equal(r->category, RC_CAT_CRITICAL);
    /* built-in label mapping, objects form */
    assert_string_equal(row_of(rows, n, &f->c15)->category, RC_CAT_REGRESSION);
    rc_picks_list_free(rows, n);

    /* request for a PR not merged on main: a violation-like warning; #12
     * of the same comment is merged (row in prs with merged_at), #13 is on
     * another release's tracker */
    assert_int_equal(rc_picks_violations(&v, &n, f->env.db, B), 0);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].sha[0] && strcmp(v[i].sha, tu_hex(&f->b_other)) == 0)
            continue;
        if (v[i].sha[0])
            fail_msg("%s is a violation, but its PR #70 names trunk #16", v[i].sha);
        found++;
        assert_int_equal(v[i].pr, 99);
        assert_int_equal(v[i].comment_id, 1003);
        assert_string_equal(v[i].reason, "requested on the tracker but not merged on main");
    }
    assert_int_equal(found, 1);
    rc_picks_violations_free(v, n);

    /* the PR gets merged into B: the cache goes stale again, then the open
     * review turns into a pick */
    exec_sql(f, "UPDATE prs SET state = 'merged', merged_at = 9, updated_at = 9"
                " WHERE number IN (61, 64)");
    assert_int_equal(rc_picks_ensure(&computed, f->env.db, f->env.repo, f->env.cfg, B), 0);
    assert_true(computed);
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    r = row_of(rows, n, &f->c13);
    assert_string_equal(rc_pick_state_name(r->state), "picked");
    assert_string_equal(rc_pick_evidence_name(r->evidence), "release-pr");
    assert_null(r->picked_as); /* merge sha unknown */
    assert_int_equal(r->review_pr, 0);
    r = row_of(rows, n, &f->c17);
    assert_string_equal(rc_pick_state_name(r->state), "picked");
    assert_string_equal(rc_pick_evidence_name(r->evidence), "release-pr");
    rc_picks_list_free(rows, n);
}

static void test_cli_fields(void **state)
{
    fixture *f = *state;
    insert_github(f);
    char *repodir = rc_xasprintf("%s/repo", f->env.dir);
    const char *argv[] = {"-C",           repodir, "--db",   f->env.dbpath, "picks",
                          "--violations", B,       "--json", NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, argv);
    assert_int_equal(r.status, 0);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    assert_int_equal(cJSON_GetArraySize(doc), 2);
    cJSON *o = cJSON_GetArrayItem(doc, 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "sha")));
    assert_int_equal(cJSON_GetObjectItem(o, "pr")->valueint, 99);
    assert_int_equal(cJSON_GetObjectItem(o, "comment_id")->valueint, 1003);
    cJSON_Delete(doc);
    tu_result_free(&r);

    const char *list[] = {"-C", repodir, "--db", f->env.dbpath, "picks", B, "--json", NULL};
    r = tu_relcap(NULL, NULL, NULL, list);
    assert_int_equal(r.status, 0);
    cJSON *top = cJSON_Parse(r.out);
    assert_non_null(top);
    doc = cJSON_GetObjectItem(top, "rows");
    int review = 0, requested = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, doc)
    {
        cJSON *rp = cJSON_GetObjectItem(it, "review_pr");
        cJSON *rq = cJSON_GetObjectItem(it, "requested");
        assert_non_null(rp);
        assert_non_null(rq);
        if (cJSON_IsNumber(rp)) {
            assert_true(rp->valueint == 61 || rp->valueint == 64);
            review++;
        }
        requested += cJSON_IsNumber(rq);
    }
    assert_int_equal(review, 2);
    assert_int_equal(requested, 4);
    cJSON_Delete(top);
    tu_result_free(&r);

    const char *plain[] = {"-C", repodir, "--db", f->env.dbpath, "picks", B, NULL};
    r = tu_relcap(NULL, NULL, NULL, plain);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "[under review #61]"));
    assert_non_null(strstr(r.out, "[requested]"));
    tu_result_free(&r);
    free(repodir);
}

static void test_category_from_text(void **state)
{
    (void)state;
    assert_string_equal(rc_category_from_text("Regression fix"), RC_CAT_REGRESSION);
    assert_string_equal(rc_category_from_text("Test/CI fixes"), RC_CAT_RELEASE);
    assert_string_equal(rc_category_from_text("Documentation"), RC_CAT_DOC);
    assert_string_equal(rc_category_from_text("Critical fix"), RC_CAT_CRITICAL);
    assert_string_equal(rc_category_from_text("Fixes to new features"), RC_CAT_CRITICAL);
    assert_string_equal(rc_category_from_text("new feature fix"), RC_CAT_NEWFEATURE);
    assert_string_equal(rc_category_from_text("critical-fix"), RC_CAT_CRITICAL);
    assert_null(rc_category_from_text("unknown"));
    assert_null(rc_category_from_text("whatever"));
    assert_null(rc_category_from_text(NULL));
    /* built-in labels without configuration */
    rc_category_rules *rules;
    assert_int_equal(rc_category_rules_new(&rules, NULL), 0);
    assert_string_equal(rc_category_of(rules, "Something", "[\"ci\"]"), RC_CAT_RELEASE);
    assert_string_equal(rc_category_of(rules, "Something", "[\"Bug\"]"), RC_CAT_CRITICAL);
    assert_string_equal(rc_category_of(rules, "[Doc] Something", "[\"regression\"]"),
                        RC_CAT_REGRESSION);
    assert_string_equal(rc_category_of(rules, "[Doc] Something", "[\"triaged\"]"), RC_CAT_DOC);
    assert_string_equal(rc_category_of(rules, "[Misc] Bump version to 1.0.1", NULL),
                        RC_CAT_RELEASE);
    assert_string_equal(rc_category_of(rules, "[Misc] Update RELEASE.md", NULL), RC_CAT_RELEASE);
    rc_category_rules_free(rules);
}

TU_MAIN(NULL, NULL, cmocka_unit_test_setup_teardown(test_github_evidence, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_cli_fields, setup, picks_teardown),
        cmocka_unit_test(test_category_from_text))
