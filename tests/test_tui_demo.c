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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    tu_result r = tu_relcap(dir, NULL, env, argv);
    if (r.status != 0)
        fprintf(stderr, "relcap ui failed (%d): %s\n", r.status, r.err);
    assert_int_equal(r.status, 0);
    char *out = r.out;
    r.out = NULL;
    tu_result_free(&r);
    assert_null(strchr(out, 0x1b));
    mask_sync_time(out);
    /* nothing from the wall clock is left: not this year's dates of today */
    return out;
}

static void test_demo_panes(void **state)
{
    (void)state;
    static const struct {
        const char *name, *keys;
    } views[] = {
        {"branches", ""}, {"gate", "r"},
        {"tags", "2"},    {"tag-detail", "2<Enter>"}, /* an RC: its diff from the previous one */
        {"picks", "3"},   {"pick-detail", "3j<Enter>"},
        {"bench", "4"},   {"bench-detail", "4<Enter>"},
        {"runs", "5"},    {"help", "?"},
    };
    const char *sizes[] = {"80x24", "160x50"};
    for (size_t v = 0; v < sizeof views / sizeof *views; v++)
        for (size_t s = 0; s < 2; s++) {
            char *out = snap(sizes[s], views[v].keys);
            char name[96];
            snprintf(name, sizeof name, "demo_%s-%s", views[v].name, sizes[s]);
            tu_expect_snapshot(name, out);
            free(out);
        }
    /* the dump is the same on a second run: nothing depends on the clock */
    char *a = snap("160x50", "r"), *b = snap("160x50", "r");
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_demo_gate(void **state)
{
    (void)state;
    /* the branches pane shows each release line's gate, from the repository */
    char *out = snap("80x24", "");
    assert_non_null(strstr(out, "Rev Ready"));
    assert_non_null(strstr(out, " fail"));
    free(out);
    /* the gate lists the items with the pane that fixes each */
    out = snap("160x50", "r");
    assert_non_null(strstr(out, "Ready 0.9.2: no"));
    assert_non_null(strstr(out, "NOT READY:"));
    assert_non_null(strstr(out, "FAIL     regressions"));
    assert_non_null(strstr(out, "fix in the bench pane: press 4"));
    assert_non_null(strstr(out, "fix in the picks pane: press 3"));
    free(out);
    /* from the gate, 3 opens the picks pane of that branch */
    out = snap("80x24", "r3");
    assert_non_null(strstr(out, "Picks for releases/v0.9.2"));
    free(out);
    /* a picked candidate's detail shows how it was found on the branch */
    out = snap("160x50", "3j<Enter>");
    assert_non_null(strstr(out, "State:     picked"));
    assert_non_null(strstr(out, "Evidence:  patch-id"));
    assert_non_null(strstr(out, "Picked as: "));
    free(out);
    /* a conflicting one lists the paths */
    out = snap("160x50", "3/Conflict:conflict<Enter><Enter>");
    assert_non_null(strstr(out, "Conflict:  conflicts on the branch head, in:\n             "));
    free(out);
    /* triaging the benchmark regression from the pane clears that item */
    out = snap("160x50", "4");
    assert_non_null(strstr(out, "1 untriaged"));
    free(out);
    out = snap("160x50", "4a");
    assert_non_null(strstr(out, "approve saved for 0.9.2"));
    assert_non_null(strstr(out, "0 untriaged"));
    free(out);
    out = snap("160x50", "r");
    assert_null(strstr(out, "FAIL     regressions"));
    assert_non_null(strstr(out, "pass     regressions"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_panes),
        cmocka_unit_test(test_demo_gate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
