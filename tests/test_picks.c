/* The cherry-pick engine on a generated history: every evidence kind, the
 * three revert situations, a violation, clean and conflicting candidates,
 * new-feature fixes, triage surviving re-sync and cache clear, apply.
 * `git cherry` is the oracle for patch-id equivalence. */
#include "tests/picks_fixture.h"
#include "tests/testutil.h"

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/git/gitsync.h"
#include "core/picks/apply.h"
#include "core/picks/picks.h"
#include "core/picks/triage.h"
#include "core/sync.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    picks_env env; /* first: picks_teardown frees it */
    /* main after the cut */
    git_oid m_base, c_pid, c_trailer, c_prref, c_subject, c_issue, c_clean, c_conflict,
        r_before_cut, c_tweak, r_tweak, c_never, r_never, c_feature, c_newfix;
    /* on the branch */
    git_oid b_pid, b_trailer, b_prref, b_subject, b_ci, b_issue, b_feature, b_tweak, b_untweak;
} fixture;

static char *msg_with(const char *subject, const char *body_fmt, const git_oid *id)
{
    char hex[41];
    git_oid_tostr(hex, sizeof hex, id);
    char *body = rc_xasprintf(body_fmt, hex);
    char *m = rc_xasprintf("%s\n\n%s\n", subject, body);
    free(body);
    return m;
}

static void sync_cache(fixture *f)
{
    rc_gitsync_opts o = {.fetch = false};
    rc_gitsync_report rep;
    if (rc_gitsync_run(&rep, f->env.repo, f->env.db, f->env.cfg, &o) != 0)
        fail_msg("sync: %s", rc_error_last());
    rc_gitsync_report_free(&rep);
}

/* The history of the file comment at the top, in one repository. */
static int setup(void **state)
{
    fixture *f = rc_xcalloc(1, sizeof *f);
    picks_env_init(&f->env);
    const char *init[] = {
        "a.txt", "a\n",    "conf.txt", "conf=1\nmode=x\n", "f1.txt", "one\n", "f2.txt",
        "x\n",   "f3.txt", "h\n",      "f4.txt",           "g\n",    "t.txt", "t\n",
        "n.txt", "n\n",    NULL};
    tu_commit(f->env.repo, MAIN, "Initial commit", T, init);
    /* features merged before the cut: new in 1.0.0 */
    git_oid feat = picks_commit(&f->env, MAIN, "[Feature] Add sampling API (#5)", "s.txt", "api\n");
    (void)feat;
    f->m_base = picks_commit(&f->env, MAIN, "[Bugfix] Base fix (#1)", "a.txt", "a\nbase\n");
    tu_branch(f->env.repo, B, &f->m_base);

    /* main after the cut */
    f->c_pid =
        picks_commit(&f->env, MAIN, "[Bugfix] Fix crash in foo (#10)", "f1.txt", "one\nfix\n");
    f->c_trailer = picks_commit(&f->env, MAIN, "[Bugfix] Fix leak (#11)", "f2.txt", "y\n");
    f->c_prref = picks_commit(&f->env, MAIN, "[Bugfix] Fix hang (#12)", "f3.txt", "h\nfixed\n");
    f->c_subject = picks_commit(&f->env, MAIN, "[Doc] Update guide (#13)", "f4.txt", "g\ndoc\n");
    f->c_issue = picks_commit(&f->env, MAIN, "[Bugfix] Parser crash (#15)", "p.txt", "parser\n");
    f->c_clean =
        picks_commit(&f->env, MAIN, "[Bugfix] Fix #123 null handling (#14)", "q.txt", "q\n");
    f->c_conflict =
        picks_commit(&f->env, MAIN, "[Bugfix] Change conf (#16)", "conf.txt", "conf=2\nmode=x\n");
    char *m =
        msg_with("Revert \"[Bugfix] Base fix (#1)\" (#18)", "This reverts commit %s.", &f->m_base);
    f->r_before_cut = picks_commit(&f->env, MAIN, m, "a.txt", "a\n");
    free(m);
    f->c_tweak = picks_commit(&f->env, MAIN, "[Bugfix] Tweak timeout (#19)", "t.txt", "t\ntweak\n");
    m = msg_with("Revert \"[Bugfix] Tweak timeout (#19)\" (#20)", "This reverts commit %s.",
                 &f->c_tweak);
    f->r_tweak = picks_commit(&f->env, MAIN, m, "t.txt", "t\n");
    free(m);
    f->c_never = picks_commit(&f->env, MAIN, "[Bugfix] Never picked (#21)", "n.txt", "n\nnever\n");
    m = msg_with("Revert \"[Bugfix] Never picked (#21)\" (#22)", "This reverts commit %s.",
                 &f->c_never);
    f->r_never = picks_commit(&f->env, MAIN, m, "n.txt", "n\n");
    free(m);
    f->c_feature = picks_commit(&f->env, MAIN, "[Feature] New API (#23)", "api.txt", "api\n");
    f->c_newfix = picks_commit(&f->env, MAIN, "[Bugfix] Fix sampling API edge case (#24)", "s.txt",
                               "api\nedge\n");
    /* c_newfix names #5 in its body? it names it in the subject only by
     * words; give it the reference */

    /* the branch */
    f->b_pid =
        picks_commit(&f->env, BREF, "[v1.0.0] Repair foo crashing (#50)", "f1.txt", "one\nfix\n");
    m = msg_with("[v1.0.0] leak repair (#51)", "Adapted.\n\n(cherry picked from commit %s)",
                 &f->c_trailer);
    f->b_trailer = picks_commit(&f->env, BREF, m, "f2.txt", "z\n");
    free(m);
    f->b_prref =
        picks_commit(&f->env, BREF, "Hang repair for the release (#52)\n\nOriginal PR: #12\n",
                     "f3.txt", "h\nfixed differently\n");
    f->b_subject = picks_commit(&f->env, BREF, "[Cherry-pick] [Doc] Update guide (#53)", "f4.txt",
                                "g\nother doc\n");
    f->b_ci = picks_commit(&f->env, BREF, "[CI] Branch-only conf change (#54)", "conf.txt",
                           "conf=branch\nmode=x\n");
    f->b_issue = picks_commit(&f->env, BREF, "Fix #15 crash in banner (#55)", "banner.txt", "b\n");
    f->b_feature =
        picks_commit(&f->env, BREF, "[Feature] Add shiny thing (#56)", "shiny.txt", "s\n");
    m = msg_with("[v1.0.0] [Bugfix] Tweak timeout (#19) (#57)", "(cherry picked from commit %s)",
                 &f->c_tweak);
    f->b_tweak = picks_commit(&f->env, BREF, m, "t.txt", "t\ntweak\n");
    free(m);
    m = msg_with("Revert \"[v1.0.0] [Bugfix] Tweak timeout (#19) (#57)\"",
                 "This reverts commit %s.", &f->b_tweak);
    f->b_untweak = picks_commit(&f->env, BREF, m, "t.txt", "t\n");
    free(m);

    /* HEAD on main, work tree checked out */
    git_repository_set_head(f->env.repo, MAIN);
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_FORCE;
    assert_int_equal(git_checkout_head(f->env.repo, &co), 0);

    const char *ov[] = {"relcap.author=tester"};
    picks_env_open(&f->env, ov, 1);
    sync_cache(f);
    *state = f;
    return 0;
}

static void expect(const rc_pick_row *rows, size_t n, const git_oid *id, const char *state,
                   const char *evidence, const git_oid *picked_as)
{
    const rc_pick_row *r = row_of(rows, n, id);
    const char *st = rc_pick_state_name(r->state), *ev = rc_pick_evidence_name(r->evidence);
    if (strcmp(st, state) != 0)
        fail_msg("%s (%s): state %s, want %s", r->sha, r->subject, st, state);
    if (evidence) {
        if (!ev || strcmp(ev, evidence) != 0)
            fail_msg("%s (%s): evidence %s, want %s", r->sha, r->subject, ev ? ev : "(none)",
                     evidence);
    } else if (ev && strcmp(state, "picked") != 0 && strcmp(state, "not-needed") != 0) {
        fail_msg("%s: unexpected evidence %s", r->sha, ev);
    }
    if (picked_as) {
        assert_non_null(r->picked_as);
        assert_string_equal(r->picked_as, tu_hex(picked_as));
    }
}

static void compute(fixture *f, int conflicts)
{
    rc_picks_opts o = {.force = true, .conflict_check = conflicts};
    rc_picks_report rep;
    if (rc_picks_compute(&rep, f->env.db, f->env.repo, f->env.cfg, B, &o) != 0)
        fail_msg("compute: %s", rc_error_last());
    assert_int_equal(rep.nbranches, 1);
    rc_picks_report_free(&rep);
}

static void test_evidence_and_states(void **state)
{
    fixture *f = *state;
    compute(f, 1);
    rc_pick_row *rows;
    size_t n;
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    assert_int_equal(n, 14); /* every first-parent commit of main after the cut */
    expect(rows, n, &f->c_pid, "picked", "patch-id", &f->b_pid);
    expect(rows, n, &f->c_trailer, "picked", "trailer", &f->b_trailer);
    expect(rows, n, &f->c_prref, "picked", "pr-reference", &f->b_prref);
    expect(rows, n, &f->c_subject, "picked", "subject", &f->b_subject);
    /* "Fix #15 ..." on the branch names an issue-like number: not evidence */
    expect(rows, n, &f->c_issue, "pending", NULL, NULL);
    expect(rows, n, &f->c_clean, "pending", NULL, NULL);
    expect(rows, n, &f->c_feature, "pending", NULL, NULL);
    /* reverts: target before the cut, no revert on B */
    expect(rows, n, &f->r_before_cut, "revert-needed", NULL, NULL);
    assert_string_equal(row_of(rows, n, &f->r_before_cut)->reverts, tu_hex(&f->m_base));
    /* picked then reverted on B and on main */
    expect(rows, n, &f->r_tweak, "picked", NULL, &f->b_untweak);
    expect(rows, n, &f->c_tweak, "not-needed", NULL, NULL);
    /* never reached B */
    expect(rows, n, &f->r_never, "not-needed", NULL, NULL);
    expect(rows, n, &f->c_never, "not-needed", NULL, NULL);
    /* categories */
    assert_string_equal(row_of(rows, n, &f->c_feature)->category, "feature");
    assert_string_equal(row_of(rows, n, &f->c_subject)->category, "documentation");
    assert_string_equal(row_of(rows, n, &f->c_pid)->category, "critical-fix");
    /* conflicts: predicted in memory, work tree untouched */
    const rc_pick_row *cl = row_of(rows, n, &f->c_clean);
    assert_non_null(cl->conflict);
    assert_string_equal(cl->conflict, "clean");
    const rc_pick_row *cf = row_of(rows, n, &f->c_conflict);
    assert_non_null(cf->conflict);
    assert_string_equal(cf->conflict, "conflict");
    assert_non_null(cf->conflict_paths);
    assert_string_equal(cf->conflict_paths, "conf.txt");
    assert_null(row_of(rows, n, &f->c_pid)->conflict); /* picked: not tried */
    rc_picks_list_free(rows, n);
    assert_int_equal(git_repository_state(f->env.repo), GIT_REPOSITORY_STATE_NONE);
    char *chp = rc_xasprintf("%s/repo/.git/CHERRY_PICK_HEAD", f->env.dir);
    assert_int_not_equal(access(chp, F_OK), 0);
    free(chp);

    /* filters */
    rc_picks_filter flt = {.by_state = true, .state = RC_PICK_REVERT_NEEDED};
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, &flt), 0);
    assert_int_equal(n, 1);
    rc_picks_list_free(rows, n);
    flt = (rc_picks_filter){.category = "feature"};
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, &flt), 0);
    assert_int_equal(n, 1);
    rc_picks_list_free(rows, n);
}

static void test_violations(void **state)
{
    fixture *f = *state;
    compute(f, 0);
    rc_violation_row *v;
    size_t n;
    assert_int_equal(rc_picks_violations(&v, &n, f->env.db, B), 0);
    bool feature = false, issue = false;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].sha, tu_hex(&f->b_feature)) == 0) {
            feature = true;
            assert_non_null(strstr(v[i].reason, "feature"));
        } else if (strcmp(v[i].sha, tu_hex(&f->b_issue)) == 0) {
            issue = true;
            assert_non_null(strstr(v[i].reason, "not on main"));
        } else {
            fail_msg("unexpected violation %s: %s (%s)", v[i].sha, v[i].subject, v[i].reason);
        }
    }
    assert_true(feature);
    assert_true(issue);
    rc_picks_violations_free(v, n);
}

/* Our patch-id evidence agrees with `git cherry`. */
static void test_git_cherry_oracle(void **state)
{
    fixture *f = *state;
    compute(f, 0);
    char *repodir = rc_xasprintf("%s/repo", f->env.dir);
    const char *argv[] = {"git", "cherry", B, "main", NULL};
    tu_result r = tu_run(repodir, NULL, NULL, argv);
    free(repodir);
    if (r.status == 127) {
        tu_result_free(&r);
        tu_skip("the git CLI is not in PATH");
    }
    assert_int_equal(r.status, 0);
    rc_pick_row *rows;
    size_t n;
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    size_t minus = 0;
    for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n")) {
        assert_true(strlen(line) >= 42);
        const char *sha = line + 2;
        bool equivalent = line[0] == '-';
        const rc_pick_row *row = NULL;
        for (size_t i = 0; i < n; i++)
            if (strcmp(rows[i].sha, sha) == 0)
                row = &rows[i];
        assert_non_null(row);
        bool ours = row->evidence == RC_PICK_EVIDENCE_PATCH_ID;
        if (equivalent != ours)
            fail_msg("git cherry says %c for %s (%s), we say evidence %s", line[0], sha,
                     row->subject, row->evidence ? rc_pick_evidence_name(row->evidence) : "none");
        minus += equivalent;
    }
    assert_true(minus >= 2); /* c_pid and the tweak revert at least */
    rc_picks_list_free(rows, n);
    tu_result_free(&r);
}

static void test_stale_and_cached(void **state)
{
    fixture *f = *state;
    compute(f, 1);
    bool stale = true;
    assert_int_equal(rc_picks_is_stale(&stale, f->env.db, f->env.cfg, B), 0);
    assert_false(stale);
    rc_picks_report rep;
    rc_picks_opts o = {.force = false, .conflict_check = 1};
    assert_int_equal(rc_picks_compute(&rep, f->env.db, f->env.repo, f->env.cfg, NULL, &o), 0);
    assert_int_equal(rep.nbranches, 1);
    assert_true(rep.branches[0].skipped);
    rc_picks_report_free(&rep);
    /* forced: conflicts come from the cache, patch ids too */
    o.force = true;
    assert_int_equal(rc_picks_compute(&rep, f->env.db, f->env.repo, f->env.cfg, NULL, &o), 0);
    assert_int_equal(rep.branches[0].conflicts_checked, 0);
    assert_int_equal(rep.branches[0].patch_ids_computed, 0);
    rc_picks_report_free(&rep);
    /* the branch moves: stale; recomputed, the conflicts tried on the old
     * head are gone and the new head's are there */
    git_oid old_head;
    assert_int_equal(git_reference_name_to_id(&old_head, f->env.repo, BREF), 0);
    picks_commit(&f->env, BREF, "[CI] Another branch change", "ci.txt", "ci\n");
    sync_cache(f);
    assert_int_equal(rc_picks_is_stale(&stale, f->env.db, f->env.cfg, B), 0);
    assert_true(stale);
    bool computed = false;
    assert_int_equal(rc_picks_ensure(&computed, f->env.db, f->env.repo, f->env.cfg, B), 0);
    assert_true(computed);
    sqlite3_stmt *st;
    assert_int_equal(
        rc_db_prepare(&st, f->env.db, "SELECT count(*) FROM conflicts WHERE onto = ?1"), 0);
    sqlite3_bind_text(st, 1, tu_hex(&old_head), -1, SQLITE_TRANSIENT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
    assert_true(tu_db_int(f->env.db, "SELECT count(*) FROM conflicts") > 0);
    assert_int_equal(rc_picks_ensure(&computed, f->env.db, f->env.repo, f->env.cfg, B), 0);
    assert_false(computed);
}

/* A branch that moved keeps the outcomes of the candidates whose paths the
 * move did not touch (no trial); the others are tried again on the new head. */
static void test_moved_branch_reuses_outcomes(void **state)
{
    fixture *f = *state;
    compute(f, 1);
    rc_picks_opts o = {.force = true, .conflict_check = 1};
    rc_picks_report rep;
    /* a move touching no candidate's path: every outcome carried over */
    picks_commit(&f->env, BREF, "[CI] Branch-only change", "ci.txt", "ci\n");
    sync_cache(f);
    assert_int_equal(rc_picks_compute(&rep, f->env.db, f->env.repo, f->env.cfg, B, &o), 0);
    assert_int_equal(rep.branches[0].conflicts_checked, 0);
    rc_picks_report_free(&rep);
    rc_pick_row *rows;
    size_t n;
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    const rc_pick_row *cf = row_of(rows, n, &f->c_conflict);
    assert_non_null(cf->conflict);
    assert_string_equal(cf->conflict, "conflict");
    assert_string_equal(cf->conflict_paths, "conf.txt");
    assert_string_equal(row_of(rows, n, &f->c_clean)->conflict, "clean");
    rc_picks_list_free(rows, n);
    /* a move touching conf.txt: only the candidate changing it is tried */
    picks_commit(&f->env, BREF, "[v1.0.0] Pin conf", "conf.txt", "conf=9\n");
    sync_cache(f);
    assert_int_equal(rc_picks_compute(&rep, f->env.db, f->env.repo, f->env.cfg, B, &o), 0);
    assert_int_equal(rep.branches[0].conflicts_checked, 1);
    rc_picks_report_free(&rep);
}

static void test_new_feature_fix(void **state)
{
    fixture *f = *state;
    /* an older release branch, cut before the sampling feature (#5) */
    git_commit *c;
    git_oid parent;
    assert_int_equal(git_commit_lookup(&c, f->env.repo, &f->m_base), 0);
    git_oid feat = *git_commit_parent_id(c, 0);
    git_commit_free(c);
    assert_int_equal(git_commit_lookup(&c, f->env.repo, &feat), 0);
    parent = *git_commit_parent_id(c, 0);
    git_commit_free(c);
    tu_branch(f->env.repo, "releases/v0.9.0", &parent);
    /* a fix naming the feature's PR */
    picks_commit(&f->env, MAIN, "[Bugfix] Fix edge case of the sampling API\n\nFollow-up to #5.\n",
                 "s.txt", "api\nedge\nmore\n");
    sync_cache(f);
    compute(f, 0);
    rc_pick_row *rows;
    size_t n;
    rc_picks_filter flt = {.category = "new-feature-fix"};
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, &flt), 0);
    assert_int_equal(n, 1);
    assert_non_null(strstr(rows[0].subject, "sampling API"));
    rc_picks_list_free(rows, n);
}

static void test_triage_survives(void **state)
{
    fixture *f = *state;
    compute(f, 0);
    char sha[41];
    long pr;
    assert_int_equal(rc_picks_resolve(sha, &pr, f->env.db, B, "#15"), 0);
    assert_string_equal(sha, tu_hex(&f->c_issue));
    assert_int_equal(pr, 15);
    assert_int_equal(rc_picks_resolve(sha, NULL, f->env.db, B, "#999"), RC_ENOTFOUND);
    assert_int_equal(rc_picks_resolve(sha, NULL, f->env.db, B, "zz"), RC_EUSAGE);
    char prefix[9];
    memcpy(prefix, tu_hex(&f->c_clean), 8);
    prefix[8] = '\0';
    assert_int_equal(rc_picks_resolve(sha, NULL, f->env.db, B, prefix), 0);
    assert_string_equal(sha, tu_hex(&f->c_clean));

    rc_triage_change ch = {.branch = B,
                           .sha = tu_hex(&f->c_issue),
                           .pr = 15,
                           .decision = "approve",
                           .note = "needed for rc2",
                           .author = "ann"};
    assert_int_equal(rc_triage_set(f->env.db, &ch), 0);
    ch = (rc_triage_change){.branch = B,
                            .sha = tu_hex(&f->c_feature),
                            .decision = "reject",
                            .category = "documentation",
                            .author = "ann"};
    assert_int_equal(rc_triage_set(f->env.db, &ch), 0);
    /* a note alone keeps the decision */
    ch = (rc_triage_change){
        .branch = B, .sha = tu_hex(&f->c_issue), .note = "really", .author = "bob"};
    assert_int_equal(rc_triage_set(f->env.db, &ch), 0);
    ch = (rc_triage_change){.branch = B, .sha = "nothex", .decision = "approve"};
    assert_int_equal(rc_triage_set(f->env.db, &ch), RC_EINVALID);
    ch = (rc_triage_change){.branch = B, .sha = tu_hex(&f->c_issue), .decision = "maybe"};
    assert_int_equal(rc_triage_set(f->env.db, &ch), RC_EINVALID);

    /* full re-sync from an empty cache, and a cache clear */
    assert_int_equal(rc_db_cache_clear(f->env.db), 0);
    sync_cache(f);
    compute(f, 0);
    rc_pick_row *rows;
    size_t n;
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    const rc_pick_row *r = row_of(rows, n, &f->c_issue);
    assert_int_equal(r->decision, RC_PICK_DECISION_APPROVE);
    assert_string_equal(r->note, "really");
    assert_string_equal(r->decided_by, "bob");
    r = row_of(rows, n, &f->c_feature);
    assert_int_equal(r->decision, RC_PICK_DECISION_REJECT);
    assert_string_equal(r->category, "documentation"); /* the override */
    rc_picks_list_free(rows, n);
    assert_int_equal(tu_db_int(f->env.db, "SELECT count(*) FROM decision_log WHERE scope = 'pick'"),
                     3);

    /* export, clear the decisions, import back */
    char *json;
    assert_int_equal(rc_triage_export(&json, f->env.db, NULL), 0);
    assert_non_null(strstr(json, "really"));
    assert_int_equal(rc_db_exec(f->env.db, "DELETE FROM pick_decisions"), 0);
    rc_triage_import_report ir;
    assert_int_equal(rc_triage_import(&ir, f->env.db, json, strlen(json)), 0);
    assert_int_equal(ir.imported, 2);
    free(json);
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    assert_string_equal(row_of(rows, n, &f->c_issue)->note, "really");
    rc_picks_list_free(rows, n);

    /* bad entries: nothing written, every bad one named with its position */
    const char *bad = "{\"decisions\": ["
                      "{\"branch\": \"b\", \"sha\": \""
                      "0123456789abcdef0123456789abcdef01234567"
                      "\", \"decision\": \"approve\"},"
                      "{\"branch\": \"b\", \"sha\": \"xyz\", \"decision\": \"approve\"},"
                      "42,"
                      "{\"branch\": \"b\", \"sha\": \"0123456789abcdef0123456789abcdef01234567\","
                      " \"decision\": \"perhaps\"}]}";
    assert_int_equal(rc_triage_import(&ir, f->env.db, bad, strlen(bad)), RC_EINVALID);
    const char *msg = rc_error_last();
    assert_non_null(strstr(msg, "entry 2"));
    assert_non_null(strstr(msg, "entry 3"));
    assert_non_null(strstr(msg, "entry 4"));
    assert_null(strstr(msg, "entry 1:"));
    assert_int_equal(tu_db_int(f->env.db, "SELECT count(*) FROM pick_decisions WHERE branch = 'b'"),
                     0);
    assert_int_equal(rc_triage_import(&ir, f->env.db, "{not json", 9), RC_EINVALID);
}

static int count_commits(git_repository *repo, const char *ref)
{
    git_revwalk *w;
    git_revwalk_new(&w, repo);
    git_revwalk_push_ref(w, ref);
    git_oid id;
    int n = 0;
    while (git_revwalk_next(&id, w) == 0)
        n++;
    git_revwalk_free(w);
    return n;
}

static void checkout_branch(fixture *f)
{
    assert_int_equal(git_repository_set_head(f->env.repo, BREF), 0);
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_FORCE;
    assert_int_equal(git_checkout_head(f->env.repo, &co), 0);
}

static void approve(fixture *f, const git_oid *id)
{
    rc_triage_change ch = {.branch = B, .sha = tu_hex(id), .decision = "approve", .author = "t"};
    assert_int_equal(rc_triage_set(f->env.db, &ch), 0);
}

static char *git_out(fixture *f, const char *const *argv)
{
    char *repodir = rc_xasprintf("%s/repo", f->env.dir);
    tu_result r = tu_run(repodir, NULL, NULL, argv);
    free(repodir);
    assert_int_equal(r.status, 0);
    free(r.err);
    return r.out;
}

static void test_apply(void **state)
{
    fixture *f = *state;
    compute(f, 1);
    approve(f, &f->c_clean);
    approve(f, &f->c_issue);
    approve(f, &f->c_conflict);   /* predicted to conflict: left alone */
    approve(f, &f->r_before_cut); /* a revert that must follow */
    checkout_branch(f);
    git_oid before;
    assert_int_equal(git_reference_name_to_id(&before, f->env.repo, BREF), 0);
    int nbefore = count_commits(f->env.repo, BREF);

    /* a dirty work tree is refused, nothing moves */
    char *path = rc_xasprintf("%s/repo/conf.txt", f->env.dir);
    tu_write(path, "conf=dirty\n");
    rc_picks_apply_report rep;
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false), RC_EDIRTY);
    rc_picks_apply_report_free(&rep);
    git_oid now;
    assert_int_equal(git_reference_name_to_id(&now, f->env.repo, BREF), 0);
    assert_true(git_oid_equal(&now, &before));
    tu_write(path, "conf=branch\nmode=x\n");
    free(path);

    /* dry run: the plan, no change */
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, true), 0);
    assert_int_equal(rep.nsteps, 3);
    assert_string_equal(rep.steps[0].new_sha, "");
    rc_picks_apply_report_free(&rep);
    assert_int_equal(git_reference_name_to_id(&now, f->env.repo, BREF), 0);
    assert_true(git_oid_equal(&now, &before));

    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false), 0);
    assert_int_equal(rep.nsteps, 3);
    assert_true(rep.checked_out);
    /* main's order */
    assert_string_equal(rep.steps[0].sha, tu_hex(&f->c_issue));
    assert_string_equal(rep.steps[1].sha, tu_hex(&f->c_clean));
    assert_string_equal(rep.steps[2].sha, tu_hex(&f->r_before_cut));
    rc_picks_apply_report_free(&rep);
    assert_int_equal(count_commits(f->env.repo, BREF), nbefore + 3);
    const char *log[] = {"git", "log", "-3", "--format=%B----", B, NULL};
    char *out = git_out(f, log);
    char *want = rc_xasprintf("(cherry picked from commit %s)", tu_hex(&f->c_clean));
    if (!strstr(out, want))
        fail_msg("log: %s", out);
    free(want);
    want = rc_xasprintf("\n\n(cherry picked from commit %s)", tu_hex(&f->c_issue));
    if (!strstr(out, want))
        fail_msg("log: %s", out);
    assert_non_null(strstr(out, want));
    free(want);
    free(out);
    /* work tree and index follow the branch: nothing to commit */
    const char *status[] = {"git", "status", "--porcelain", "--untracked-files=no", NULL};
    out = git_out(f, status);
    assert_string_equal(out, "");
    free(out);
    path = rc_xasprintf("%s/repo/q.txt", f->env.dir);
    assert_int_equal(access(path, F_OK), 0);
    free(path);
    /* and the engine, after a sync, sees them as picked by trailer */
    sync_cache(f);
    compute(f, 1);
    rc_pick_row *rows;
    size_t n;
    assert_int_equal(rc_picks_list(&rows, &n, f->env.db, B, NULL), 0);
    assert_int_equal(row_of(rows, n, &f->c_clean)->state, RC_PICK_PICKED);
    assert_int_equal(row_of(rows, n, &f->r_before_cut)->state, RC_PICK_PICKED);
    assert_int_equal(row_of(rows, n, &f->c_conflict)->state, RC_PICK_PENDING);
    rc_picks_list_free(rows, n);
    /* nothing left to do: the conflicting one stays for the captain */
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false), 0);
    assert_int_equal(rep.nsteps, 0);
    rc_picks_apply_report_free(&rep);
}

/* A conflict not predicted (conflict check off) stops the run with the
 * repository exactly as it was. */
static void test_apply_conflict_changes_nothing(void **state)
{
    fixture *f = *state;
    compute(f, 0);
    approve(f, &f->c_clean);
    approve(f, &f->c_conflict);
    checkout_branch(f);
    git_oid before, now;
    assert_int_equal(git_reference_name_to_id(&before, f->env.repo, BREF), 0);
    const char *status[] = {"git", "status", "--porcelain", NULL};
    char *st_before = git_out(f, status);
    rc_picks_apply_report rep;
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false),
                     RC_ECONFLICT);
    assert_string_equal(rep.conflict_sha, tu_hex(&f->c_conflict));
    assert_string_equal(rep.conflict_paths, "conf.txt");
    rc_picks_apply_report_free(&rep);
    assert_int_equal(git_reference_name_to_id(&now, f->env.repo, BREF), 0);
    assert_true(git_oid_equal(&now, &before));
    assert_int_equal(git_repository_state(f->env.repo), GIT_REPOSITORY_STATE_NONE);
    char *st_after = git_out(f, status);
    assert_string_equal(st_after, st_before);
    free(st_before);
    free(st_after);
    char *path = rc_xasprintf("%s/repo/q.txt", f->env.dir);
    assert_int_not_equal(access(path, F_OK), 0);
    free(path);
}

/* A branch checked out in another worktree is refused; one checked out
 * nowhere is moved without touching any work tree. */
static void test_apply_worktrees(void **state)
{
    fixture *f = *state;
    compute(f, 0);
    approve(f, &f->c_clean);
    char *wt = rc_xasprintf("%s/other", f->env.dir);
    git_worktree *w;
    git_worktree_add_options wo;
    git_worktree_add_options_init(&wo, GIT_WORKTREE_ADD_OPTIONS_VERSION);
    git_reference *ref;
    assert_int_equal(git_reference_lookup(&ref, f->env.repo, BREF), 0);
    wo.ref = ref;
    assert_int_equal(git_worktree_add(&w, f->env.repo, "other", wt, &wo), 0);
    rc_picks_apply_report rep;
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false),
                     RC_EUNSAFE);
    rc_picks_apply_report_free(&rep);
    git_worktree_free(w);
    git_reference_free(ref);
    tu_rmtree(wt);
    free(wt);
    git_worktree *w2;
    assert_int_equal(git_worktree_lookup(&w2, f->env.repo, "other"), 0);
    git_worktree_prune_options po;
    git_worktree_prune_options_init(&po, GIT_WORKTREE_PRUNE_OPTIONS_VERSION);
    po.flags = GIT_WORKTREE_PRUNE_VALID;
    assert_int_equal(git_worktree_prune(w2, &po), 0);
    git_worktree_free(w2);
    /* not checked out anywhere now (HEAD is main) */
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false), 0);
    assert_int_equal(rep.nsteps, 1);
    assert_false(rep.checked_out);
    rc_picks_apply_report_free(&rep);
}

static tu_result cli(fixture *f, const char *const *args)
{
    char *repodir = rc_xasprintf("%s/repo", f->env.dir);
    const char *argv[32] = {"-C", repodir, "--db", f->env.dbpath, "-c", "relcap.author=ann"};
    size_t n = 6;
    for (size_t i = 0; args[i] && n < 31; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    tu_result r = tu_relcap(NULL, NULL, NULL, argv);
    free(repodir);
    return r;
}

static cJSON *cli_json(fixture *f, const char *const *args)
{
    tu_result r = cli(f, args);
    if (r.status != 0)
        fail_msg("relcap %s: status %d: %s", args[0], r.status, r.err);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    tu_result_free(&r);
    return doc;
}

static cJSON *find_sha(cJSON *arr, const git_oid *id)
{
    cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        cJSON *s = cJSON_GetObjectItemCaseSensitive(it, "sha");
        if (cJSON_IsString(s) && strcmp(s->valuestring, tu_hex(id)) == 0)
            return it;
    }
    fail_msg("%s not in the JSON", tu_hex(id));
    return NULL;
}

/* The commands end to end on the real binary. */
/* A failure recording the applied picks shows SQLite's message, not the
 * rollback's "not an error". */
static void test_apply_record_error(void **state)
{
    fixture *f = *state;
    compute(f, 1);
    approve(f, &f->c_clean);
    assert_int_equal(rc_db_exec(f->env.db, "CREATE TRIGGER no_update BEFORE UPDATE ON picks"
                                           " BEGIN SELECT RAISE(ABORT, 'picks are frozen'); END"),
                     0);
    rc_picks_apply_report rep;
    assert_int_equal(rc_picks_apply(&rep, f->env.repo, f->env.db, f->env.cfg, B, false), RC_EDB);
    rc_picks_apply_report_free(&rep);
    const char *msg = rc_error_last();
    if (!strstr(msg, "picks are frozen") || strstr(msg, "not an error"))
        fail_msg("error: %s", msg);
}

/* A parent whose tree cannot be read is an error, with the parent freed. */
static void test_patch_id_missing_parent_tree(void **state)
{
    fixture *f = *state;
    /* a parent with a tree no other commit has */
    const char *files[] = {"lonely.txt", "only here\n", NULL};
    git_oid lonely = tu_commit(f->env.repo, "refs/heads/lonely", "Lonely", T += 60, files);
    const char *files2[] = {"lonely.txt", "changed\n", NULL};
    git_oid child = tu_commit(f->env.repo, "refs/heads/lonely", "Child", T += 60, files2);
    git_commit *lc;
    assert_int_equal(git_commit_lookup(&lc, f->env.repo, &lonely), 0);
    char hex[41];
    git_oid_tostr(hex, sizeof hex, git_commit_tree_id(lc));
    git_commit_free(lc);
    char *obj = rc_xasprintf("%s/repo/.git/objects/%.2s/%s", f->env.dir, hex, hex + 2);
    assert_int_equal(unlink(obj), 0);
    free(obj);
    /* a fresh handle: nothing cached from before the removal */
    char *dir = rc_xasprintf("%s/repo", f->env.dir);
    git_repository *repo;
    assert_int_equal(git_repository_open(&repo, dir), 0);
    free(dir);
    char pid[41];
    assert_int_equal(rc_picks_patch_id(pid, repo, &child), RC_EGIT);
    git_repository_free(repo);
}

/* A patch id's diff reads only the changed paths: a nested edit, folders
 * added, removed and turned into a file or from one, a mode change give the
 * id of the diff of the whole trees. */
static void test_patch_id_changed_paths(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    const char *script =
        "set -e; export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@e GIT_COMMITTER_NAME=t"
        " GIT_COMMITTER_EMAIL=t@e; git init -q r; cd r; mkdir -p a/b x/y keep d;"
        " echo 1 >a/b/c; echo 2 >x/y/z; echo 3 >f; echo 4 >s.sh; echo 5 >keep/k; echo 6 >d/g;"
        " git add -A; git commit -qm one; echo 1b >a/b/c; git rm -rq x d; rm f; mkdir f n;"
        " echo 3 >f/in; echo 7 >n/new; chmod +x s.sh; echo 8 >d; echo 9 >top; git add -A;"
        " git commit -qm two";
    tu_result r = tu_run(dir, NULL, NULL, (const char *const[]){"sh", "-c", script, NULL});
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    char *path = rc_xasprintf("%s/r", dir);
    git_repository *repo;
    assert_int_equal(git_repository_open(&repo, path), 0);
    git_oid head;
    assert_int_equal(git_reference_name_to_id(&head, repo, "HEAD"), 0);
    char pid[41], want[41];
    assert_int_equal(rc_picks_patch_id(pid, repo, &head), 0);
    /* the reference: libgit2's diff of the whole trees */
    git_commit *c, *p;
    git_tree *t, *pt;
    git_diff *diff;
    git_oid w;
    assert_int_equal(git_commit_lookup(&c, repo, &head), 0);
    assert_int_equal(git_commit_parent(&p, c, 0), 0);
    assert_int_equal(git_commit_tree(&t, c), 0);
    assert_int_equal(git_commit_tree(&pt, p), 0);
    assert_int_equal(git_diff_tree_to_tree(&diff, repo, pt, t, NULL), 0);
    assert_int_equal(git_diff_num_deltas(diff), 9);
    assert_int_equal(git_diff_patchid(&w, diff, NULL), 0);
    git_oid_tostr(want, sizeof want, &w);
    assert_string_equal(pid, want);
    git_diff_free(diff);
    git_tree_free(t);
    git_tree_free(pt);
    git_commit_free(p);
    git_commit_free(c);
    git_repository_free(repo);
    tu_rmtree(dir);
    free(path);
    free(dir);
}

/* A compute whose main line cannot be read fails cleanly (and, under the
 * sanitizers, frees the branches it had collected). */
static void test_compute_main_line_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(rc_db_exec(f->env.db, "DROP TABLE line_commits"), 0);
    rc_picks_opts o = {.force = true, .conflict_check = 0};
    rc_picks_report rep;
    assert_true(rc_picks_compute(&rep, f->env.db, f->env.repo, f->env.cfg, NULL, &o) < 0);
    assert_null(rep.branches);
    assert_int_equal(rep.nbranches, 0);
}

/* `relcap sync` computes every maintained branch with main's line loaded
 * once, not once per branch. */
static void test_sync_loads_main_once(void **state)
{
    fixture *f = *state;
    git_oid at;
    assert_int_equal(git_reference_name_to_id(&at, f->env.repo, MAIN), 0);
    tu_branch(f->env.repo, "releases/v1.1.0", &f->c_clean);
    tu_branch(f->env.repo, "releases/v1.2.0", &at);
    rc_sync_opts o = {.git_only = true};
    rc_sync_report r;
    assert_int_equal(rc_sync_run(&r, f->env.repo, f->env.db, f->env.cfg, &o), 0);
    assert_int_equal(r.picks_branches, 3);
    assert_int_equal(r.picks_main_loads, 1);
    rc_sync_report_free(&r);
    /* and every one of them was computed */
    const char *names[] = {B, "releases/v1.1.0", "releases/v1.2.0"};
    for (size_t i = 0; i < 3; i++) {
        bool stale = true;
        assert_int_equal(rc_picks_is_stale(&stale, f->env.db, f->env.cfg, names[i]), 0);
        assert_false(stale);
    }
}

static void test_cli(void **state)
{
    fixture *f = *state;
    /* a hostile subject on main */
    picks_commit(&f->env, MAIN, "[Bugfix] \x1b]0;pwned\x07 evil \x1b[2J title (#99)", "evil.txt",
                 "e\n");
    /* and a 100 KB subject with invalid UTF-8 */
    size_t big = 100 * 1024;
    char *huge = rc_xmalloc(big + 16);
    for (size_t i = 0; i < big; i++)
        huge[i] = "ab\xff\xfe (#7 from #8) "[i % 16];
    strcpy(huge + big, " (#98)");
    picks_commit(&f->env, MAIN, huge, "huge.txt", "h\n");
    free(huge);
    const char *sync[] = {"sync", "--no-fetch", "--quiet", NULL};
    tu_result r = cli(f, sync);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);

    const char *list[] = {"picks", "--json", NULL};
    cJSON *top = cli_json(f, list), *doc = cJSON_GetObjectItem(top, "rows");
    assert_int_equal(cJSON_GetArraySize(doc), 16);
    /* the branch's violations apart from the candidates, as --violations gives them */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(top, "violations")), 2);
    assert_non_null(
        strstr(cJSON_GetObjectItem(top, "next")->valuestring, "2 violations to review"));
    /* queue order: find the huge one by its PR */
    cJSON *last = NULL;
    for (int i = 0; i < 16; i++) {
        cJSON *pr = cJSON_GetObjectItem(cJSON_GetArrayItem(doc, i), "pr");
        if (cJSON_IsNumber(pr) && pr->valueint == 98)
            last = cJSON_GetArrayItem(doc, i);
    }
    assert_non_null(last);
    assert_true(strlen(cJSON_GetObjectItem(last, "subject")->valuestring) > big);
    assert_non_null(strstr(cJSON_GetObjectItem(last, "subject")->valuestring, "\xef\xbf\xbd"));
    static const char *const fields[] = {"sha",       "pr",        "subject",        "author",
                                         "date",      "category",  "state",          "evidence",
                                         "picked_as", "conflict",  "conflict_paths", "decision",
                                         "note",      "review_pr", "requested",      "action"};
    cJSON *first = cJSON_GetArrayItem(doc, 0);
    cJSON *fc = cJSON_GetObjectItem(first, "conflict");
    bool conflicting = cJSON_IsString(fc) && strcmp(fc->valuestring, "conflict") == 0;
    /* a conflicting row has prerequisites and conflicts_with too */
    assert_int_equal(cJSON_GetArraySize(first), conflicting ? 18 : 16);
    for (size_t i = 0; i < 16; i++)
        if (!cJSON_HasObjectItem(first, fields[i]))
            fail_msg("field %s missing", fields[i]);
    cJSON *cf = find_sha(doc, &f->c_conflict);
    assert_string_equal(cJSON_GetObjectItem(cf, "conflict")->valuestring, "conflict");
    assert_string_equal(
        cJSON_GetArrayItem(cJSON_GetObjectItem(cf, "conflict_paths"), 0)->valuestring, "conf.txt");
    cJSON *pid = find_sha(doc, &f->c_pid);
    assert_string_equal(cJSON_GetObjectItem(pid, "evidence")->valuestring, "patch-id");
    assert_string_equal(cJSON_GetObjectItem(pid, "picked_as")->valuestring, tu_hex(&f->b_pid));
    assert_int_equal(cJSON_GetObjectItem(pid, "pr")->valueint, 10);
    assert_non_null(strstr(cJSON_GetObjectItem(pid, "date")->valuestring, "T"));
    cJSON_Delete(top);

    /* text output never carries the escape sequences */
    const char *text[] = {"picks", "releases/v1.0.0", NULL};
    r = cli(f, text);
    assert_int_equal(r.status, 0);
    assert_null(strchr(r.out, '\x1b'));
    assert_null(strchr(r.out, '\x07'));
    assert_non_null(strstr(r.out, "evil"));
    tu_result_free(&r);

    const char *viol[] = {"picks", "--violations", "releases/v1.0.0", "--json", NULL};
    doc = cli_json(f, viol);
    assert_int_equal(cJSON_GetArraySize(doc), 2);
    cJSON_Delete(doc);

    const char *approve_args[] = {"pick", "approve", "#15", "--note", "for rc2", NULL};
    r = cli(f, approve_args);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    char prefix[11];
    memcpy(prefix, tu_hex(&f->c_feature), 10);
    prefix[10] = '\0';
    const char *cat[] = {"pick",     "category",        prefix, "documentation",
                         "--branch", "releases/v1.0.0", NULL};
    r = cli(f, cat);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    const char *bad_cat[] = {"pick", "category", prefix, "nonsense", NULL};
    r = cli(f, bad_cat);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
    const char *bad_ref[] = {"pick", "approve", "#4242", NULL};
    r = cli(f, bad_ref);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "#4242"));
    tu_result_free(&r);
    const char *bad_state[] = {"picks", "--state", "bogus", NULL};
    r = cli(f, bad_state);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);

    const char *docs[] = {"picks", "--category", "documentation", "--json", NULL};
    top = cli_json(f, docs);
    cJSON *feat = find_sha(cJSON_GetObjectItem(top, "rows"), &f->c_feature);
    assert_null(cJSON_GetObjectItem(feat, "decision")->valuestring);
    cJSON_Delete(top);

    /* export, cache clear, re-sync: decisions are still there */
    char *file = rc_xasprintf("%s/decisions.json", f->env.dir);
    const char *exp[] = {"pick", "export", file, NULL};
    r = cli(f, exp);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    const char *clear[] = {"cache", "clear", NULL};
    r = cli(f, clear);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    r = cli(f, sync);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    top = cli_json(f, list);
    doc = cJSON_GetObjectItem(top, "rows");
    cJSON *iss = find_sha(doc, &f->c_issue);
    assert_string_equal(cJSON_GetObjectItem(iss, "decision")->valuestring, "approve");
    assert_string_equal(cJSON_GetObjectItem(iss, "note")->valuestring, "for rc2");
    assert_string_equal(cJSON_GetObjectItem(find_sha(doc, &f->c_feature), "category")->valuestring,
                        "documentation");
    cJSON_Delete(top);
    assert_int_equal(rc_db_exec(f->env.db, "DELETE FROM pick_decisions"), 0);
    const char *imp[] = {"pick", "import", file, NULL};
    r = cli(f, imp);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "imported 2"));
    tu_result_free(&r);
    tu_write(
        file,
        "{\"decisions\": [{\"branch\": \"x\", \"sha\": \"nope\", \"decision\": \"approve\"}]}");
    r = cli(f, imp);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "entry 1"));
    tu_result_free(&r);
    free(file);

    const char *dry[] = {"pick", "apply", "--dry-run", NULL};
    r = cli(f, dry);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "would pick"));
    assert_non_null(strstr(r.out, "Parser crash"));
    tu_result_free(&r);
    const char *help[] = {"pick", "--help", NULL};
    r = cli(f, help);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "apply"));
    tu_result_free(&r);
}

/* The queue's rules, one row per case. */
static void test_action_rules(void **state)
{
    (void)state;
    char conflict[] = "conflict", clean[] = "clean", fix[] = "critical-fix", feat[] = "feature",
         docs[] = "docs", bot[] = "Buildkite Bot", ann[] = "Ann", skip[] = "[skip ci] Update",
         subj[] = "[Bugfix] x", autom[] = "automation";
    struct {
        rc_pick_state state;
        rc_pick_decision decision;
        char *conflict, *category, *author, *subject;
        int64_t requested;
        long review_pr;
        rc_pick_action want;
    } cases[] = {
        {RC_PICK_REVERT_NEEDED, RC_PICK_DECISION_NONE, NULL, fix, ann, subj, 0, 0,
         RC_PICK_ACTION_REVERT},
        {RC_PICK_PENDING, RC_PICK_DECISION_APPROVE, clean, fix, ann, subj, 0, 0,
         RC_PICK_ACTION_APPLY},
        {RC_PICK_PENDING, RC_PICK_DECISION_APPROVE, conflict, fix, ann, subj, 0, 0,
         RC_PICK_ACTION_RESOLVE},
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, conflict, feat, ann, subj, 7, 0,
         RC_PICK_ACTION_RESOLVE},
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, conflict, fix, ann, subj, 0, 0,
         RC_PICK_ACTION_DECIDE},
        {RC_PICK_PENDING, RC_PICK_DECISION_DEFER, clean, docs, ann, subj, 0, 0,
         RC_PICK_ACTION_DECIDE},
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, clean, feat, ann, subj, 0, 12,
         RC_PICK_ACTION_REVIEW},
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, clean, feat, ann, subj, 0, 0, RC_PICK_ACTION_NONE},
        {RC_PICK_PENDING, RC_PICK_DECISION_REJECT, clean, fix, ann, subj, 0, 0,
         RC_PICK_ACTION_NONE},
        {RC_PICK_PICKED, RC_PICK_DECISION_APPROVE, NULL, fix, ann, subj, 0, 0, RC_PICK_ACTION_NONE},
        {RC_PICK_NOT_NEEDED, RC_PICK_DECISION_NONE, NULL, fix, ann, subj, 0, 0,
         RC_PICK_ACTION_NONE},
        /* automation (a bot, or a [skip ci] generated-file update): its
         * category says it, not the author (the captain may override it) */
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, clean, autom, bot, subj, 0, 0,
         RC_PICK_ACTION_NONE},
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, clean, autom, ann, skip, 0, 12,
         RC_PICK_ACTION_NONE},
        {RC_PICK_PENDING, RC_PICK_DECISION_NONE, clean, fix, bot, skip, 0, 0,
         RC_PICK_ACTION_DECIDE},
        {RC_PICK_PENDING, RC_PICK_DECISION_APPROVE, clean, autom, bot, skip, 0, 0,
         RC_PICK_ACTION_APPLY},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc_pick_row r;
        memset(&r, 0, sizeof r);
        r.state = cases[i].state;
        r.decision = cases[i].decision;
        r.conflict = cases[i].conflict;
        r.category = cases[i].category;
        r.author = cases[i].author;
        r.subject = cases[i].subject;
        r.requested = cases[i].requested;
        r.review_pr = cases[i].review_pr;
        if (rc_pick_action_of(&r) != cases[i].want)
            fail_msg("case %zu: %s, want %s", i, rc_pick_action_name(rc_pick_action_of(&r)),
                     rc_pick_action_name(cases[i].want));
    }
    rc_pick_action a;
    assert_int_equal(rc_pick_action_from_name(&a, "resolve"), 0);
    assert_int_equal(a, RC_PICK_ACTION_RESOLVE);
    assert_int_not_equal(rc_pick_action_from_name(&a, "bogus"), 0);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_action_rules),
        cmocka_unit_test_setup_teardown(test_evidence_and_states, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_violations, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_git_cherry_oracle, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_stale_and_cached, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_moved_branch_reuses_outcomes, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_new_feature_fix, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_triage_survives, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_apply, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_apply_conflict_changes_nothing, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_apply_worktrees, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_apply_record_error, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_patch_id_missing_parent_tree, setup, picks_teardown),
        cmocka_unit_test(test_patch_id_changed_paths),
        cmocka_unit_test_setup_teardown(test_compute_main_line_error, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_sync_loads_main_once, setup, picks_teardown),
        cmocka_unit_test_setup_teardown(test_cli, setup, picks_teardown))
