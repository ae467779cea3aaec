/* The cockpit on the demo (`relcap demo DIR --no-ui --seed 1`: a real
 * repository, synced, with benchmarks imported): every pane and the main
 * detail views at 80x24 and 160x50 against tests/snapshots/demo_*.txt
 * (RELCAP_UPDATE_SNAPSHOTS=1 rewrites them), the readiness column and gate
 * computed from the repository, the jump from the gate to a pane, and
 * triage of a benchmark regression clearing its gate item.
 *
 * The demo's dates come from the seed and the cockpit's clock is fixed in
 * snapshot mode; the one wall-clock value on screen is the time of the
 * demo's own sync ("synced 2026-11-23 23:51" in the status line), masked
 * here before comparing. */
#include "core/base/util.h"
#include "tests/testutil.h"
#include "tests/tui_snap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *dir, *demo;

static int setup(void **state)
{
    (void)state;
    dir = tu_mkdtemp();
    demo = rc_xasprintf("%s/demo", dir);
    const char *argv[] = {"demo", demo, "--no-ui", "--seed", "1", NULL};
    tu_result r = tu_relcap(dir, NULL, NULL, argv);
    if (r.status != 0)
        fprintf(stderr, "relcap demo failed (%d): %s\n", r.status, r.err);
    int st = r.status;
    tu_result_free(&r);
    return st == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    tu_rmtree(dir);
    free(dir);
    free(demo);
    return 0;
}

static const char *const env[] = {"LC_ALL=C.UTF-8", "TERM=xterm-256color", "NO_COLOR=", NULL};

/* "synced YYYY-MM-DD HH:MM" -> "synced ####-##-## ##:##" (the demo's sync
 * ran at wall-clock time). */
static void mask_sync_time(char *s)
{
    for (char *p = strstr(s, "synced "); p; p = strstr(p, "synced ")) {
        p += 7;
        for (int i = 0; i < 16 && p[i] && p[i] != '\n'; i++)
            if (p[i] >= '0' && p[i] <= '9')
                p[i] = '#';
    }
}

static char *snap(const char *size, const char *keys)
{
    const char *argv[] = {"-C", demo, "ui", "--snapshot", size, "--keys", keys, NULL};
    char *out = tui_snap_run(dir, env, argv);
    mask_sync_time(out);
    /* nothing from the wall clock is left: not this year's dates of today */
    return out;
}

static void test_demo_panes(void **state)
{
    (void)state;
    static const tui_view views[] = {
        {"branches", ""},
        {"gate", "r"},
        {"tags", "2"},
        {"tag-detail", "2<Enter>"}, /* an RC: its diff from the previous one */
        {"picks", "3"},
        {"pick-detail", "3j<Enter>"},
        {"bench", "4"},
        {"bench-detail", "4<Enter>"},
        {"runs", "5"},
        {"help", "?"},
    };
    tui_expect_views(snap, "demo_", views, sizeof views / sizeof *views);
    /* the dump is the same on a second run: nothing depends on the clock */
    tui_expect_same(snap, "160x50", "r", "r");
}

static void test_demo_gate(void **state)
{
    (void)state;
    /* the branches pane shows each release line's gate, from the repository */
    tui_expect_shows(snap, "80x24", "", "Rev Ready", " fail", NULL);
    /* the gate lists the items with the pane that fixes each */
    tui_expect_shows(snap, "160x50", "r", "Ready 0.9.2: no", "NOT READY:", "FAIL     regressions",
                     "fix in the bench pane: press 4", "fix in the picks pane: press 3", NULL);
    /* from the gate, 3 opens the picks pane of that branch */
    tui_expect_shows(snap, "80x24", "r3", "Picks for releases/v0.9.2", NULL);
    /* a picked candidate's detail shows how it was found on the branch */
    tui_expect_shows(snap, "160x50", "3j<Enter>", "State:     picked", "Evidence:  trailer",
                     "Picked as: ", NULL);
    /* a conflicting one lists the paths */
    tui_expect_shows(snap, "160x50", "3/Conflict:conflict<Enter><Enter>",
                     "Conflict:  conflicts on the branch head, in:\n             ", NULL);
    /* triaging the benchmark regression from the pane clears that item */
    tui_expect_shows(snap, "160x50", "4", "1 untriaged", NULL);
    tui_expect_shows(snap, "160x50", "4a", "approve saved for 0.9.2", "0 untriaged", NULL);
    char *out = snap("160x50", "r");
    assert_null(strstr(out, "FAIL     regressions"));
    assert_non_null(strstr(out, "pass     regressions"));
    free(out);
}

/* M on an inconclusive row launches its missing runs on the demo's H100
 * node through the run machinery (a strict relcap.benchAlpha makes the
 * planted regression undecided: 3 vs 3 runs, so 1 more a side). Last:
 * it adds runs the other tests' snapshots do not show. */
static void test_demo_more_runs(void **state)
{
    (void)state;
    const char *argv[] = {"-C", demo,         "-c",     "relcap.benchAlpha=1e-12",
                          "ui", "--snapshot", "160x50", "--keys",
                          "4M", NULL};
    tu_result r = tu_relcap(dir, NULL, env, argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Launch more runs?"));
    assert_non_null(strstr(r.out, "run(s) of serving_llama4_scout_tp4_sharegpt on v0.9.1 and"));
    assert_non_null(strstr(r.out, "on v0.9.2rc3, on local-h100."));
    tu_result_free(&r);
    argv[8] = "4My";
    r = tu_relcap(dir, NULL, env, argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "run(s) started (see the Runs pane)"));
    tu_result_free(&r);
    const char *list[] = {"-C", demo, "run", "list", "--no-refresh", "--json", NULL};
    r = tu_relcap(dir, NULL, env, list);
    if (r.status != 0) { /* an older `run list` without --no-refresh */
        tu_result_free(&r);
        list[4] = "--json";
        list[5] = NULL;
        r = tu_relcap(dir, NULL, env, list);
    }
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"v0.9.1\""));
    assert_non_null(strstr(r.out, "\"v0.9.2rc3\""));
    assert_non_null(strstr(r.out, "serving_llama4_scout_tp4_sharegpt"));
    tu_result_free(&r);
    sleep(3); /* the fake benchmark runs for a second: let it end before teardown */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_panes),
        cmocka_unit_test(test_demo_gate),
        cmocka_unit_test(test_demo_more_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
