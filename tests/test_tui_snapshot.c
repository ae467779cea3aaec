/* The cockpit through the real binary in snapshot mode, on a fixture cache:
 * every pane at 80x24 and 160x50 against tests/snapshots/ (set
 * RELCAP_UPDATE_SNAPSHOTS=1 to rewrite them after a deliberate change),
 * filtering, sorting, detail views, decisions saved, escape sequences made
 * harmless, colour markup, a too-small terminal.
 * `test_tui_snapshot --make-fixture DB LOG [EXTRA]` only writes the fixture
 * (for tests/sh/tui_tmux.sh and bench/tui.sh). */
#include "tests/testutil.h"
#include "tests/tui_fixture.h"
#include "tests/tui_snap.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir, *db_path, *log_path;

static int setup(void **state)
{
    (void)state;
    dir = tu_mkdtemp();
    db_path = rc_xasprintf("%s/cache.db", dir);
    log_path = rc_xasprintf("%s/run3.log", dir);
    return tui_fixture_build(db_path, log_path, 0);
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    free(db_path);
    free(log_path);
    return 0;
}

static const char *const env_colour[] = {"LC_ALL=C.UTF-8", "TERM=xterm-256color",
                                         "NO_COLOR=", NULL};
static const char *const env_ascii[] = {"LC_ALL=C", "TERM=xterm-256color", "NO_COLOR=", NULL};
static const char *const env_mono[] = {"LC_ALL=C.UTF-8", "TERM=xterm-256color", "NO_COLOR=1", NULL};

/* Runs relcap --db DB ui --snapshot SIZE [--keys KEYS] [extra]; returns stdout. */
static char *snap_env(const char *const *env, const char *size, const char *keys, const char *extra)
{
    const char *argv[12];
    int n = 0;
    argv[n++] = "--db";
    argv[n++] = db_path;
    argv[n++] = "ui";
    argv[n++] = "--snapshot";
    argv[n++] = size;
    if (keys) {
        argv[n++] = "--keys";
        argv[n++] = keys;
    }
    if (extra)
        argv[n++] = extra;
    argv[n] = NULL;
    char *out = tui_snap_run(dir, env, argv);
    assert_null(strchr(out, 0x07)); /* nor a bell */
    return out;
}

static char *snap(const char *size, const char *keys)
{
    return snap_env(env_colour, size, keys, NULL);
}

static void test_panes(void **state)
{
    (void)state;
    static const tui_view panes[] = {
        {"branches", ""}, {"tags", "2"}, {"picks", "3"}, {"bench", "4"}, {"runs", "5"}};
    tui_expect_views(snap, "", panes, sizeof panes / sizeof *panes);
}

static void test_pane_switching(void **state)
{
    (void)state;
    /* Tab walks the panes in order and wraps; S-Tab goes back */
    tui_expect_same(snap, "80x24", "<Tab><Tab>", "3");
    tui_expect_same(snap, "80x24", "<Tab><Tab><Tab><Tab><Tab>", "");
    tui_expect_same(snap, "80x24", "<S-Tab>", "5");
}

static void test_escapes_are_harmless(void **state)
{
    (void)state;
    /* the subject with OSC and CSI sequences, in the list ... */
    char *out = snap("160x50", "3");
    /* the PR column shows #1206: the subject drops its "(#1206)" */
    assert_non_null(strstr(out, "#1206 Fix crash on startup  "));
    assert_null(strstr(out, "(#1206)"));
    assert_null(strstr(out, "pwned"));
    free(out);
    /* ... and the PR title in the detail view (the 4th row of the queue) */
    out = snap("160x50", "3jjj<Enter>");
    assert_non_null(strstr(out, "PR #1206: PR title  here"));
    assert_non_null(strstr(out, "Conflict:  conflicts on the branch head, in:\n"
                                "             vllm/engine/core.py\n"
                                "             docs/index.md\n"));
    free(out);
    /* the run log carries colour codes: shown as text without them */
    tui_expect_shows(snap, "160x50", "5gG<Home><Enter>", "request 1/100 ok", NULL);
}

static void test_detail_and_help(void **state)
{
    (void)state;
    char *out = snap("80x24", "3j<Enter>");
    tu_expect_snapshot("pick-detail-80x24", out);
    assert_non_null(strstr(out, "Fixes #1190."));
    free(out);
    tui_expect_shows(snap, "160x50", "3j<Enter>",
                     "tracker #1100 comment 9001 by ada: Critical fixes, checked", NULL);
    /* q closes the detail view, back to the list */
    tui_expect_same(snap, "80x24", "3j<Enter>q", "3j");
    out = snap("80x24", "?");
    tu_expect_snapshot("help-80x24", out);
    assert_non_null(strstr(out, "next-pane"));
    free(out);
    tui_expect_shows(snap, "80x24", "<Enter>", "Ahead/behind main: 12/40", NULL);
}

static void test_filter_and_sort(void **state)
{
    (void)state;
    /* the pending feature nobody asked for is folded (action none) */
    char *out = snap("80x24", "3/state:pending<Enter>");
    assert_non_null(strstr(out, "3 shown of 6"));
    assert_non_null(strstr(out, "[/state:pending]"));
    assert_null(strstr(out, "revert-needed  "));
    free(out);
    tui_expect_shows(snap, "80x24", "3z/state:pending<Enter>", "4 shown of 6", NULL);
    /* as you type: the view follows each key, Esc restores */
    tui_expect_shows(snap, "80x24", "3/docs", "1 shown of 6", NULL);
    tui_expect_shows(snap, "80x24", "3/docs<Esc>", "4 shown of 6", NULL);
    /* filter then Esc at the list clears it */
    tui_expect_shows(snap, "80x24", "3/docs<Enter><Esc>", "4 shown of 6", NULL);
    tui_expect_shows(snap, "80x24", "3z", "6 shown of 6", NULL);
    /* s sorts by the first column: branches by name */
    out = snap("80x24", "s");
    const char *hdr = strstr(out, "Branch^");
    assert_non_null(hdr);
    const char *a = strstr(hdr, "releases/v0.8.5"), *b = strstr(hdr, "releases/v0.9.2");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a < b);
    assert_non_null(strstr(out, "Branch^"));
    free(out);
    out = snap("80x24", "ss");
    hdr = strstr(out, "Branchv");
    assert_non_null(hdr);
    a = strstr(hdr, "releases/v0.8.5");
    b = strstr(hdr, "releases/v0.9.2");
    assert_true(b < a);
    free(out);
}

static int count_rows(const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    int n = -1;
    if (sqlite3_open(db_path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

static void test_decisions_saved(void **state)
{
    (void)state;
    /* approve the 2nd row (KV cache fix), reject the feature (unfolded: the
     * 7th row, after the branch's violation) */
    tui_expect_shows(snap, "80x24", "3ja", "approve saved", NULL);
    char *out = snap("80x24", "3zjjjjjjx");
    free(out);
    assert_int_equal(count_rows("SELECT count(*) FROM pick_decisions WHERE sha LIKE '1111%' AND "
                                "decision = 'approve' AND branch = 'releases/v0.9.2'"),
                     1);
    assert_int_equal(count_rows("SELECT count(*) FROM pick_decisions WHERE sha LIKE '3333%' AND "
                                "decision = 'reject'"),
                     1);
    assert_int_equal(count_rows("SELECT count(*) FROM decision_log WHERE scope = 'pick'"), 2);
    /* a note keeps the decision; the defer of #1202 keeps its note */
    out = snap("80x24", "3jnfixes the crash<Enter>");
    free(out);
    assert_int_equal(count_rows("SELECT count(*) FROM pick_decisions WHERE sha LIKE '1111%' AND "
                                "decision = 'approve' AND note = 'fixes the crash'"),
                     1);
    /* c: a menu of the categories and auto, not free text; Esc cancels */
    tui_expect_shows(snap, "80x24", "3jjc", "Category of 2222", "1  regression-fix",
                     "4  documentation", "7  automation", "9  auto", "Enter choose", NULL);
    tui_expect_shows(snap, "80x24", "3jjc<Esc>", "cancelled", NULL);
    assert_int_equal(count_rows("SELECT count(*) FROM pick_decisions WHERE sha LIKE '2222%' AND "
                                "category IS NOT NULL"),
                     0);
    /* a letter moves to the next category starting with it (d is not defer
     * here), Enter chooses */
    out = snap("80x24", "3jjcd<Enter>");
    assert_non_null(strstr(out, "category documentation saved"));
    free(out);
    assert_int_equal(
        count_rows("SELECT count(*) FROM pick_decisions WHERE sha LIKE '2222%' AND "
                   "decision = 'defer' AND category = 'documentation' AND note = 'after rc2'"),
        1);
    /* a new start shows them */
    out = snap("160x50", "3");
    assert_non_null(strstr(out, "approve +note"));
    assert_non_null(strstr(out, "*documentati"));
    assert_non_null(strstr(out, "next: 1 revert to follow \xc2\xb7 1 to apply"));
    free(out);
    /* approving what is on the branch is refused */
    tui_expect_shows(snap, "80x24", "3zjjjjja", "already on releases/v0.9.2", NULL);
    /* approving a conflict warns */
    tui_expect_shows(snap, "160x50", "3jjja", "but it conflicts in", NULL);
    /* apply lists what will happen and asks; a bare cache has no repository to apply to */
    tui_expect_shows(snap, "80x24", "3P", "Apply 1 pick onto releases/v0.9.2?",
                     "111111111111 [Bugfix] Fix KV cache", NULL);
    tui_expect_shows(snap, "80x24", "3Py", "apply: no repository", NULL);
    tui_expect_shows(snap, "80x24", "3Pn", "cancelled", NULL);
}

static void test_bench_and_runs(void **state)
{
    (void)state;
    char *out = snap("80x24", "4");
    assert_non_null(strstr(out, "base v0.9.1 -> head v0.9.2rc2"));
    assert_non_null(strstr(out, "1 regression, 1 untriaged, 1 improvement"));
    /* regressions first */
    const char *reg = strstr(out, "regression"), *imp = strstr(out, "improvement ");
    assert_non_null(reg);
    assert_non_null(imp);
    assert_true(reg < imp);
    free(out);
    tui_expect_shows(snap, "80x24", "4b", "base v0.9.2rc1 -> head v0.9.2rc2", NULL);
    tui_expect_shows(snap, "80x24", "4h", "base v0.9.1 -> head v0.9.2rc1", NULL);
    out = snap_env(env_colour, "80x24", "4jj", "--attrs");
    assert_non_null(strstr(out, "{r:regression "));
    assert_non_null(strstr(out, "{g:improvement"));
    assert_non_null(strstr(out, "{tabsel: 4 Bench }"));
    free(out);
    out = snap_env(env_mono, "80x24", "4jj", "--attrs");
    assert_non_null(strstr(out, "{B:regression "));
    assert_null(strstr(out, "{r:"));
    free(out);
    /* sparklines: blocks with UTF-8, ASCII without */
    tui_expect_shows(snap, "80x24", "4", "regression         \u2588\u2581", NULL);
    out = snap_env(env_ascii, "80x24", "4", NULL);
    assert_non_null(strstr(out, "regression         #_"));
    free(out);
    /* triage of a benchmark row, as for picks: saved through rc_bench_decide */
    tui_expect_shows(snap, "80x24", "4a", "H100 output_throughput: approve saved for 0.9.2",
                     "1 regression, 0 untriaged", "regression  approve", NULL);
    assert_int_equal(count_rows("SELECT count(*) FROM bench_decisions WHERE release = '0.9.2' AND "
                                "hardware = 'H100' AND metric = 'output_throughput' AND "
                                "decision = 'approve'"),
                     1);
    assert_int_equal(count_rows("SELECT count(*) FROM decision_log WHERE scope = 'bench'"), 1);
    /* a note keeps the decision; the detail view shows both and the verdict's basis */
    out = snap("80x24", "4nslower kernel, accepted<Enter>");
    free(out);
    assert_int_equal(count_rows("SELECT count(*) FROM bench_decisions WHERE decision = 'approve' "
                                "AND note = 'slower kernel, accepted'"),
                     1);
    tui_expect_shows(snap, "80x24", "4<Enter>", "Decision:   approve",
                     "Note:       slower kernel, accepted",
                     "Verdict:    3 vs 3 runs, ratio 0.90 [0.", "-> regression",
                     "Scope:      H100-only (MI300X not measured)", "higher is better", NULL);
    tui_expect_shows(snap, "80x24", "4jx", "median_ttft_ms: reject saved", NULL);
    /* the same keys still triage picks in the picks pane */
    tui_expect_shows(snap, "160x50", "?", "approve the pick or benchmark row", NULL);
    /* readiness: a bare cache has no repository for the gate */
    tui_expect_shows(snap, "80x24", "", "Rev Ready", "   1 ?", NULL);
    tui_expect_shows(snap, "80x24", "r", "readiness needs the repository", NULL);
    /* runs: cancel asks first, only for live runs */
    tui_expect_shows(snap, "80x24", "5K", "Cancel run 3?", NULL);
    tui_expect_shows(snap, "80x24", "5KY", "cancel: run 3: no node 'local'", NULL);
    tui_expect_shows(snap, "80x24", "5jjK", "run 1 is succeeded: nothing to cancel", NULL);
    tui_expect_shows(snap, "80x24", "5r", "Launch on NODE TARGET:  v0.9.2rc2", NULL);
}

static void test_small_and_bad_keys(void **state)
{
    (void)state;
    tui_expect_shows(snap, "59x15", "", "terminal too small: 59x15, relcap needs at least 60x15",
                     NULL);
    const char *argv[] = {"--db", db_path, "ui", "--snapshot", "80x24", "--keys", "<Nope>", NULL};
    tu_result r = tu_relcap(dir, NULL, env_colour, argv);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "unknown key '<Nope>'"));
    tu_result_free(&r);
    const char *argv2[] = {"--db", db_path, "ui", "--snapshot", "80", NULL};
    r = tu_relcap(dir, NULL, env_colour, argv2);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
    /* a user binding replaces the key: approve on A */
    const char *argv3[] = {"--db", db_path,      "-c",     "relcap.bind.approve=A",
                           "ui",   "--snapshot", "160x50", "--keys",
                           "3?",   NULL};
    r = tu_relcap(dir, NULL, env_colour, argv3);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "A a"));
    tu_result_free(&r);
    const char *argv4[] = {"--db", db_path,      "-c",    "relcap.bind.approve=<Bad>",
                           "ui",   "--snapshot", "80x24", NULL};
    r = tu_relcap(dir, NULL, env_colour, argv4);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "relcap.bind.approve"));
    tu_result_free(&r);
}

/* The screen at size after keys does not show text. */
static void expect_hides(const char *size, const char *keys, const char *text)
{
    char *out = snap(size, keys);
    if (strstr(out, text)) {
        fprintf(stderr, "screen %s after '%s':\n%s\n", size, keys, out);
        fail_msg("'%s' shown", text);
    }
    free(out);
}

/* Keys that never surprise: Esc never quits, each view its own function
 * bar and keys, stale messages dropped, states sorted by meaning. */
static void test_keys_and_views(void **state)
{
    (void)state;
    /* Esc after Esc does not quit: the 2 after them still switches pane */
    tui_expect_shows(snap, "80x24", "3/docs<Enter><Esc><Esc>2", "RC tags: ", NULL);
    tui_expect_shows(snap, "80x24", "<Esc><Esc><Esc>3<Esc>", "Picks for", "q quits", NULL);
    /* after Esc in a prompt the status line drops the stale "filter cleared" */
    tui_expect_shows(snap, "80x24", "3/docs<Enter><Esc>", "filter cleared", NULL);
    expect_hides("80x24", "3/docs<Enter><Esc>n<Esc>", "filter cleared");
    /* the log view: its own bar with F (follow) and R; R syncs, 1..5 switch */
    tui_expect_shows(snap, "80x24", "L", "FFollow", "RSync", "qBack", NULL);
    expect_hides("80x24", "L", "Detail");
    expect_hides("80x24", "L", "/Filter");
    tui_expect_shows(snap, "80x24", "LR", "sync is off in snapshot mode", NULL);
    tui_expect_shows(snap, "80x24", "L3", "Picks for releases/v0.9.2", NULL);
    tui_expect_shows(snap, "80x24", "LF", "follow off", NULL);
    /* the pick detail view: triage keys in its bar, and they work there */
    tui_expect_shows(snap, "80x24", "3j<Enter>", "aApprove", "qBack", NULL);
    expect_hides("80x24", "3j<Enter>", "/Filter");
    tui_expect_shows(snap, "80x24", "3jj<Enter>a", "Pick ", "approve saved", NULL);
    /* back in the list the queue counts it: 1 to apply before, 2 after */
    tui_expect_shows(snap, "80x24", "3jj<Enter>aq", "2 to apply", NULL);
    /* on a pane the bar says q quits */
    tui_expect_shows(snap, "80x24", "", "qQuit", NULL);
    /* help: F, S and a legend */
    tui_expect_shows(snap, "160x50", "?", "sort-reset", NULL);
    tui_expect_shows(snap, "160x50", "?G", "follow", "Legend", "+note", "Ahd / Bhd", "*category",
                     "Pend / Rev", "Colours", NULL);
    /* s sorts states by meaning (revert-needed first), not alphabetically;
     * S restores the natural order */
    char *out = snap("80x24", "3zsss");
    const char *hdr = strstr(out, "State^");
    assert_non_null(hdr);
    assert_non_null(strstr(hdr, "\nrevert revert-needed "));
    assert_true(strstr(hdr, "revert-needed ") < strstr(hdr, "pending "));
    assert_true(strstr(hdr, "pending ") < strstr(hdr, "picked "));
    free(out);
    tui_expect_same(snap, "80x24", "3sssssS", "3S");
}

/* Empty lists and filters say what is true; the cockpit draws down to
 * 60x15; `relcap --no-sync` is `relcap ui --no-sync`. */
static void test_empty_states_and_sizes(void **state)
{
    (void)state;
    tui_expect_shows(snap, "80x24", "3/state:foo<Enter>",
                     "no rows match state:foo \u2014 Esc clears", NULL);
    expect_hides("80x24", "3/state:foo<Enter>", "press R to sync");
    tui_expect_shows(snap, "160x50", "3/foo:bar<Enter>",
                     "no column 'foo': Action State Category PR Subject Conflict Decision", NULL);
    /* a filter with no column still searches every cell: "#12:" is no column */
    tui_expect_shows(snap, "80x24", "3/state:revert|decision:defer<Enter>", "2 shown of 6", NULL);
    /* small terminals: fewer columns, the bar keeps what fits */
    tui_expect_shows(snap, "60x15", "", "Release branches", "releases/v0.9.2", "Ready", NULL);
    tui_expect_shows(snap, "60x15", "3", "revert-needed", "qQuit", NULL);
    tui_expect_shows(snap, "120x20", "3", "Picks for releases/v0.9.2", "Fix crash on startup",
                     NULL);
    /* relcap --no-sync: the ui's options without the word ui */
    const char *argv[] = {"--db", db_path, "--no-sync", "--snapshot", "80x24", NULL};
    tu_result r = tu_relcap(dir, NULL, env_colour, argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Release branches"));
    tu_result_free(&r);
}

/* An inconclusive row (a strict alpha makes the tight 10% change of
 * output_throughput undecided): the detail says how many runs would decide,
 * and M launches the missing ones on the nodes of its hardware, after a
 * confirmation, through the ordinary run machinery. */
static void test_more_runs(void **state)
{
    (void)state;
    const char *base[] = {"--db",   db_path,
                          "-c",     "relcap.benchAlpha=1e-12",
                          "-c",     "relcap.node.h1.backend=local",
                          "-c",     "relcap.node.h1.kind=cuda",
                          "-c",     "relcap.node.h1.command=true",
                          "-c",     "relcap.node.m1.backend=local",
                          "-c",     "relcap.node.m1.kind=rocm",
                          "-c",     "relcap.node.m1.command=true",
                          "ui",     "--snapshot",
                          "160x50", "--keys",
                          NULL,     NULL};
    size_t k = sizeof base / sizeof *base - 2;
    base[k] = "4<Enter>";
    tu_result r = tu_relcap(dir, NULL, env_colour, base);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "-> inconclusive"));
    assert_non_null(strstr(r.out, "more runs a side"));
    assert_non_null(strstr(r.out, "(M launches them on the nodes of H100)"));
    tu_result_free(&r);
    base[k] = "4M";
    r = tu_relcap(dir, NULL, env_colour, base);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Launch more runs?"));
    assert_non_null(strstr(r.out, "runs of serve on v0.9.1 and"));
    assert_non_null(strstr(r.out, "on v0.9.2rc2, on h1."));
    tu_result_free(&r);
    assert_int_equal(count_rows("SELECT count(*) FROM runs WHERE node = 'h1'"), 0);
    /* "y" goes through rc_runs_start for each run, base's tag and head's,
     * on h1; the fixture has no repository, so each start fails and the
     * message says why (a real start: test_tui_demo) */
    base[k] = "4My";
    r = tu_relcap(dir, NULL, env_colour, base);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "0 runs started, 6 failed: no tag 'v0.9.2rc2'"));
    tu_result_free(&r);
    /* a decided row needs none */
    base[3] = "relcap.benchAlpha=0.05";
    base[k] = "4M";
    r = tu_relcap(dir, NULL, env_colour, base);
    assert_non_null(strstr(r.out, "only an inconclusive row needs them"));
    tu_result_free(&r);
}

/* relcap ui --list-keys prints the one key table; every action is in the
 * man page's cockpit section as "Ic ACTION". */
static void test_list_keys(void **state)
{
    (void)state;
    const char *argv[] = {"ui", "--list-keys", NULL};
    tu_result r = tu_relcap(dir, NULL, NULL, argv);
    assert_int_equal(r.status, 0);
    char *path = rc_xasprintf("%s/man/relcap.1", RELCAP_SOURCE_DIR), *page = NULL;
    assert_int_equal(rc_file_read(&page, NULL, path), 0);
    char *sec = strstr(page, ".\\\" ---- cockpit ----");
    assert_non_null(sec);
    int n = 0;
    bool ready = false, approve = false;
    for (char *save = NULL, *line = strtok_r(r.out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);               /* ACTION<TAB>KEY<TAB>help */
        assert_null(strchr(t2 + 1, '\t')); /* three fields */
        assert_true(t2 > t1 + 1 && t2[1]); /* keys and help present */
        *t1 = '\0';
        if (!strcmp(line, "ready"))
            ready = !strncmp(t1 + 1, "r\t", 2);
        if (!strcmp(line, "approve"))
            approve = strstr(t2 + 1, "benchmark") != NULL;
        char *want = rc_xasprintf("Ic %s Ta", line);
        if (!strstr(sec, want))
            fail_msg("man/relcap.1 cockpit section lacks '%s'", want);
        free(want);
        n++;
    }
    assert_true(n >= 30);
    assert_true(ready);
    assert_true(approve);
    free(page);
    free(path);
    tu_result_free(&r);
    /* alone only */
    const char *bad[] = {"ui", "--list-keys", "--no-sync", NULL};
    r = tu_relcap(dir, NULL, NULL, bad);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "--make-fixture") == 0)
        return tui_fixture_build(argv[2], argv[3], argc > 4 ? atol(argv[4]) : 0) ? 1 : 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_panes),
        cmocka_unit_test(test_pane_switching),
        cmocka_unit_test(test_escapes_are_harmless),
        cmocka_unit_test(test_detail_and_help),
        cmocka_unit_test(test_filter_and_sort),
        cmocka_unit_test(test_decisions_saved),
        cmocka_unit_test(test_bench_and_runs),
        cmocka_unit_test(test_small_and_bad_keys),
        cmocka_unit_test(test_more_runs),
        cmocka_unit_test(test_list_keys),
        cmocka_unit_test(test_keys_and_views),
        cmocka_unit_test(test_empty_states_and_sizes),
    };
    return tu_run_each(tests, setup, teardown);
}
