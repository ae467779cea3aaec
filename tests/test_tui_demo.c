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
#include "core/bench/bench_diff.h"
#include "core/picks/category.h"
#include "core/picks/picks.h"
#include "core/runs/runs.h"
#include "tests/testutil.h"

#include <git2.h>
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
        {"branches", ""}, {"gate", "r"},
        {"tags", "2"},    {"tag-detail", "2<Enter>"}, /* an RC: its diff from the previous one */
        {"picks", "3"},   {"pick-detail", "3j<Enter>"},
        {"bench", "4"},   {"bench-detail", "4<Enter>"},
        {"runs", "5"},    {"help", "?"},
    };
    tui_expect_views(snap, "demo_", views, sizeof views / sizeof *views);
    /* the dump is the same on a second run: nothing depends on the clock */
    tui_expect_same(snap, "160x50", "r", "r");
}

/* The same views at 200x50 (a wide terminal: a free-text column must not
 * take the room of the others). */
static void test_demo_wide(void **state)
{
    (void)state;
    static const char *const views[][2] = {{"branches", ""}, {"tags", "2"}, {"picks", "3"},
                                           {"bench", "4"},   {"runs", "5"}, {"gate", "r"}};
    for (size_t v = 0; v < sizeof views / sizeof *views; v++) {
        char *out = snap("200x50", views[v][1]);
        char name[64];
        snprintf(name, sizeof name, "demo_%s-200x50", views[v][0]);
        tu_expect_snapshot(name, out);
        free(out);
    }
    /* a metric's name is whole where there is room (it was cut at 18) */
    tui_expect_shows(snap, "200x50", "4", " requests_per_second ", " total_token_throughput ",
                     NULL);
}

/* Words of the fixed vocabularies on screen: states, categories, verdicts,
 * hardware and the demo's tags. */
static char **vocabulary(size_t *n)
{
    char **w = rc_xcalloc(256, sizeof *w);
    size_t k = 0;
    for (const char *const *c = rc_category_names; *c; c++)
        w[k++] = rc_xstrdup(*c);
    for (int s = 0; s < RC_PICK_STATE_COUNT; s++)
        w[k++] = rc_xstrdup(rc_pick_state_name((rc_pick_state)s));
    for (int v = 0; v < RC_BENCH_NVERDICTS; v++)
        w[k++] = rc_xstrdup(rc_bench_verdict_name((rc_bench_verdict)v));
    for (int r = RC_RUN_QUEUED; r <= RC_RUN_LOST; r++)
        w[k++] = rc_xstrdup(rc_run_state_name((rc_run_state)r));
    const char *more[] = {"maintained", "unmaintained", "H100",  "MI300X",
                          "approve",    "reject",       "defer", "fail"};
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        w[k++] = rc_xstrdup(more[i]);
    git_libgit2_init();
    git_repository *repo = NULL;
    git_strarray tags = {0};
    assert_int_equal(git_repository_open(&repo, demo), 0);
    assert_int_equal(git_tag_list(&tags, repo), 0);
    for (size_t i = 0; i < tags.count && k < 255; i++)
        w[k++] = rc_xstrdup(tags.strings[i]);
    git_strarray_dispose(&tags);
    git_repository_free(repo);
    git_libgit2_shutdown();
    *n = k;
    return w;
}

/* Is the word at s (up to a space) a vocabulary word cut short: the start
 * (3 characters or more) of one but none itself ("documentatio")? */
static bool cut_short(const char *s, size_t l, char **vocab, size_t nvocab)
{
    bool whole = false, prefix = false;
    for (size_t i = 0; l >= 3 && i < nvocab; i++) {
        size_t vl = strlen(vocab[i]);
        if (vl == l && strncmp(vocab[i], s, l) == 0)
            whole = true;
        else if (vl > l && strncmp(vocab[i], s, l) == 0)
            prefix = true;
    }
    return prefix && !whole;
}

/* In the table of screen (the 3rd line holds the column titles), the first
 * word of every cell of a fixed-vocabulary column is whole. */
static void expect_nothing_cut(const char *screen, char **vocab, size_t nvocab, const char *what)
{
    static const char *const titles[] = {"State",  "Category", "Status", "Latest",  "Version",
                                         "Tag",    "Verdict",  "HW",     "Kind",    "Release",
                                         "Triage", "Decision", "CI",     "Backend", NULL};
    const char *hdr = strchr(screen, '\n');
    hdr = hdr ? strchr(hdr + 1, '\n') : NULL;
    assert_non_null(hdr);
    hdr++;
    size_t hl = strcspn(hdr, "\n");
    for (const char *const *t = titles; *t; t++) {
        size_t tl = strlen(*t);
        const char *at = NULL;
        for (const char *p = hdr; p + tl <= hdr + hl; p++)
            if (strncmp(p, *t, tl) == 0 && (p == hdr || p[-1] == ' ') &&
                (p[tl] == ' ' || p[tl] == '^' || p[tl] == 'v' || p[tl] == '\n' || !p[tl])) {
                at = p;
                break;
            }
        if (!at)
            continue;
        size_t col = (size_t)(at - hdr);
        for (const char *line = hdr + hl + 1; *line; line += strcspn(line, "\n") + 1) {
            size_t ll = strcspn(line, "\n");
            if (ll > col && (col == 0 || line[col - 1] == ' ')) {
                size_t wl = strcspn(line + col, " \n");
                if (cut_short(line + col, wl, vocab, nvocab)) {
                    fprintf(stderr, "%s:\n%s\n", what, screen);
                    fail_msg("%s: %s '%.*s' is cut short", what, *t, (int)wl, line + col);
                }
            }
            if (!line[ll])
                break;
        }
    }
}

static void test_demo_nothing_cut(void **state)
{
    (void)state;
    size_t nvocab;
    char **vocab = vocabulary(&nvocab);
    static const char *const sizes[] = {"80x24", "200x50"};
    static const char *const keys[] = {"", "2", "3", "4", "5", "3G", "2G"};
    for (size_t s = 0; s < 2; s++)
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            char *out = snap(sizes[s], keys[k]);
            char what[64];
            snprintf(what, sizeof what, "%s after '%s'", sizes[s], keys[k]);
            expect_nothing_cut(out, vocab, nvocab, what);
            free(out);
        }
    for (size_t i = 0; i < nvocab; i++)
        free(vocab[i]);
    free(vocab);
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
    /* a picked candidate (action none: z unfolds them) shows how it was found on the branch */
    tui_expect_shows(snap, "160x50", "3z/State:picked<Enter><Enter>", "State:     picked",
                     "Evidence:  trailer", "Picked as: ", "Action:    none", NULL);
    /* a conflicting one lists the paths, and its prerequisites or the branch's collision */
    tui_expect_shows(snap, "160x50", "3/Conflict:conflict<Enter><Enter>",
                     "Conflict:  conflicts on the branch head, in:\n             ",
                     "Prerequisites: none found", "Branch commits that changed these paths:", NULL);
    tui_expect_shows(snap, "160x50", "3/Subject:unknown GPUs<Enter><Enter>",
                     "Prerequisites (pick first, in this order):", NULL);
    /* the queue: the planted revert first, the headline above the table */
    tui_expect_shows(snap, "160x50", "3", "next: 1 revert to follow", "revert revert-needed", NULL);
    /* w: where the pick is on every branch */
    tui_expect_shows(snap, "160x50", "3w", "Where is", "releases/v0.9.1", NULL);
    /* triaging the benchmark regression from the pane clears that item */
    tui_expect_shows(snap, "160x50", "4", "1 untriaged", NULL);
    tui_expect_shows(snap, "160x50", "4a", "approve saved for 0.9.2", "0 untriaged", NULL);
    char *out = snap("160x50", "r");
    assert_null(strstr(out, "FAIL     regressions"));
    assert_non_null(strstr(out, "pass     regressions"));
    /* an unknown item says where to look, not that a pane fixes it */
    assert_non_null(strstr(out, "see the RC tags pane: press 2"));
    assert_null(strstr(out, "fix in the RC tags pane"));
    /* a passing item says nothing about where to fix it (the next line is its hint) */
    const char *hint = strchr(strstr(out, "pass     regressions"), '\n') + 1;
    assert_false(strncmp(hint + strspn(hint, " "), "fix in", 6) == 0);
    assert_non_null(strstr(out, "fix in the picks pane: press 3"));
    free(out);
}

/* The Bench pane's title drops what does not fit, never cuts a word ("1
 * incon" at 80 columns). */
static void test_demo_bench_title(void **state)
{
    (void)state;
    tui_expect_shows(snap, "80x24", "4",
                     "\nbase v0.9.1 -> head v0.9.2rc3: 1 regression, 1 untriaged, 1 improvement\n",
                     NULL);
    tui_expect_shows(snap, "160x50", "4", ", 1 improvement, 1 inconclusive | 1 regression: ", NULL);
}

/* A benchmark row's detail: a short title whole at 80 columns (it was the
 * model, test and metric, cut mid-word), the model and the test a line each. */
static void test_demo_bench_detail(void **state)
{
    (void)state;
    char *out = snap("80x24", "4<Enter>");
    const char *title = strchr(out, '\n');
    assert_non_null(title);
    assert_int_equal(strncmp(title + 1, "H100 median_ttft_ms\n", 20), 0);
    assert_non_null(strstr(out, "\nModel:      meta-llama/Llama-4-Scout-17B-16E-Instruct\n"));
    assert_non_null(strstr(out, "\nTest:       serving_llama4_scout_tp4_sharegpt\n"));
    free(out);
}

/* The command line on the same demo says what is true of an empty GitHub
 * table: sync skips GitHub while relcap.github is not set. */
static void test_demo_cli_github_hint(void **state)
{
    (void)state;
    const char *prs[] = {"-C", demo, "prs", NULL};
    tu_result r = tu_relcap(dir, NULL, env, prs);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no pull requests in the cache (GitHub not configured: set "
                                  "relcap.github, see relcap-config(5))"));
    tu_result_free(&r);
    const char *tracker[] = {"-C", demo, "tracker", NULL};
    r = tu_relcap(dir, NULL, env, tracker);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no tracker requests in the cache (GitHub not configured"));
    tu_result_free(&r);
    /* gh report needs a tracker: the same advice, not "run relcap sync" */
    const char *report[] = {"-C", demo, "gh", "report", "0.9.2", "--dry-run", NULL};
    r = tu_relcap(dir, NULL, env, report);
    assert_int_not_equal(r.status, 0);
    assert_non_null(strstr(r.err, "no release tracker for version 0.9.2 in the cache (GitHub not "
                                  "configured: set relcap.github"));
    tu_result_free(&r);
    const char *set[] = {"-C", demo, "-c", "relcap.github=o/r", "prs", NULL};
    r = tu_relcap(dir, NULL, env, set);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "no pull requests in the cache (run relcap sync)"));
    tu_result_free(&r);
}

/* `calendar` and `compat` are listings like the others: a header row, then
 * a row per event (what became of it) or per matrix row. */
static void test_demo_cli_calendar(void **state)
{
    (void)state;
    const char *argv[] = {"-C", demo, "calendar", "--now", "2026-12-05", NULL};
    tu_result r = tu_relcap(dir, NULL, env, argv);
    assert_int_equal(r.status, 0);
    const char *hdr = strstr(r.out, "\nDATE ");
    if (!hdr || !strstr(hdr, " EVENT ") || !strstr(hdr, " TAG ") || !strstr(hdr, " OUTCOME\n")) {
        fprintf(stderr, "%s\n", r.out);
        fail_msg("calendar has no header row");
    }
    assert_non_null(strstr(r.out, " no tag, "));
    assert_non_null(strstr(r.out, " overdue\n"));
    assert_non_null(strstr(r.out, " planned, "));
    tu_result_free(&r);
    /* compat too, the planted mismatch in words */
    const char *compat[] = {"-C", demo, "compat", NULL};
    r = tu_relcap(dir, NULL, env, compat);
    assert_int_equal(r.status, 0);
    if (!strstr(r.out, "\nVERSION ") || !strstr(r.out, " UPSTREAM ") ||
        !strstr(r.out, " CHECK\n")) {
        fprintf(stderr, "%s\n", r.out);
        fail_msg("compat has no header row");
    }
    assert_non_null(strstr(r.out, " MISMATCH, history says 0.7.3\n"));
    assert_non_null(strstr(r.out, "no row for release 0.9.2"));
    tu_result_free(&r);
}

/* At the smallest size (60x15) every pane draws and its function bar folds:
 * hints drop from its end, the way out and ?Help stay. */
static void test_demo_narrow(void **state)
{
    (void)state;
    static const char *const keys[] = {"", "2", "3", "4", "5", "3<Enter>", "4<Enter>", "r", "3/x"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        char *out = snap("60x15", keys[k]);
        const char *bar = strrchr(out, '\n');
        while (bar && bar > out && bar[1] == '\0') /* the dump's last line, not its newline */
            bar = memrchr(out, '\n', (size_t)(bar - out));
        if (strstr(out, "too small") || !bar || !strstr(bar, "?Help")) {
            fprintf(stderr, "60x15 after '%s':\n%s\n", keys[k], out);
            fail_msg("no ?Help in the function bar at 60x15 after '%s'", keys[k]);
        }
        free(out);
    }
}

/* The cockpit names a line's next tag as `relcap status` does (one
 * function, rc_release_next_tag): a released line's next post or patch RC,
 * in the project's own spelling. */
static void test_demo_next_tag(void **state)
{
    (void)state;
    const char *argv[] = {"-C", demo, "status", NULL};
    tu_result r = tu_relcap(dir, NULL, env, argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, " v0.9.2rc4 "));
    assert_non_null(strstr(r.out, " v0.9.1.post1 "));
    assert_non_null(strstr(r.out, " v0.8.6rc1 "));
    tu_result_free(&r);
    tui_expect_shows(snap, "160x50", "2", "release 0.9.2: next RC v0.9.2rc4", NULL);
    tui_expect_shows(snap, "160x50", "j2", "release 0.9.1: released as v0.9.1; next v0.9.1.post1",
                     NULL);
    tui_expect_shows(snap, "160x50", "jj2", "release 0.8.5: released as v0.8.5; next v0.8.6rc1",
                     NULL);
    tui_expect_shows(snap, "160x50", "j2<Enter>",
                     "Release line 0.9.1: released as v0.9.1; next v0.9.1.post1", NULL);
}

/* Empty states that say what is true, in the demo: CI unknown without
 * GitHub, the gate's pane keys opening the pane filtered to what fails, a
 * branch sync does not analyse (v0.6.6, unmaintained) analysed on Enter. */
static void test_demo_empty_states(void **state)
{
    (void)state;
    char *out = snap("80x24", "");
    assert_non_null(strstr(out, "CI \u2013: GitHub not configured (relcap.github)"));
    assert_non_null(strstr(out, "v0.9.2rc3    \u2013 "));
    assert_null(strstr(out, " none "));
    free(out);
    tui_expect_shows(snap, "80x24", "2", "CI \u2013: GitHub not configured", NULL);
    /* in as many words as fit, never cut: "(re" at 80 columns */
    tui_expect_shows(snap, "80x24", "2",
                     "\nRC tags: 15   release 0.9.2: next RC v0.9.2rc4   CI \u2013: GitHub not "
                     "configured\n",
                     NULL);
    tui_expect_shows(snap, "60x15", "",
                     "\nRelease branches: 5   CI \u2013: GitHub not configured\n", NULL);
    /* ... and the details say it in words, not "none" */
    tui_expect_shows(snap, "80x24", "<Enter>",
                     "CI:         \u2013 (unknown: GitHub not configured, see relcap.github)",
                     NULL);
    tui_expect_shows(snap, "80x24", "2<Enter>",
                     "CI:       \u2013 (unknown: GitHub not configured, see relcap.github)", NULL);
    /* from the gate: 3 and 4 open the pane filtered to the failing items */
    tui_expect_shows(snap, "160x50", "r3", "[/state:revert-needed|decision:approve] Picks for",
                     "1 shown of ", "revert-needed", NULL);
    tui_expect_shows(snap, "160x50", "r4", "[/verdict:regression]", "regression", NULL);
    /* ... and q clears that filter */
    tui_expect_shows(snap, "160x50", "r4q", "base v0.9.1", NULL);
    /* an unknown column lists the columns, whole at 80 columns (the sync
     * time gives the message its room) */
    tui_expect_shows(snap, "80x24", "3/bogus:x<Enter>",
                     "no column 'bogus': Action State Category PR Subject Conflict Decision", NULL);
    /* releases/v0.6.6 is not analysed by sync: the pane says so, Enter does it */
    tui_expect_shows(snap, "80x24", "G3",
                     "releases/v0.6.6: not analysed \u2014 Enter analyses it now", NULL);
    char *done = snap("80x24", "G3<Enter>");
    assert_null(strstr(done, "not analysed"));
    assert_non_null(strstr(done, "analysing releases/v0.6.6: done"));
    assert_non_null(strstr(done, "Picks for releases/v0.6.6: "));
    free(done);
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
    assert_non_null(strstr(r.out, "5 runs of serving_llama4_scout_tp4_sharegpt on v0.9.1 and"));
    assert_non_null(strstr(r.out, "on v0.9.2rc3, on local-h100."));
    tu_result_free(&r);
    argv[8] = "4My";
    r = tu_relcap(dir, NULL, env, argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "10 runs started (see the Runs pane)"));
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

/* Tags sort as versions (PEP 440), whatever their spelling: an RC before
 * its final, the final before its post release; kinds in their meaning
 * order. */
static void test_demo_sort_versions(void **state)
{
    (void)state;
    char *out = snap("80x30", "2sss");
    assert_non_null(strstr(out, "Tag^"));
    const char *rc1 = strstr(out, " v0.8.5rc1 "), *rc2 = strstr(out, " v0.8.5-rc2 "),
               *fin = strstr(out, " v0.8.5 "), *post = strstr(out, " v0.8.5.post1 ");
    if (!rc1 || !rc2 || !fin || !post || !(rc1 < rc2 && rc2 < fin && fin < post)) {
        fprintf(stderr, "%s\n", out);
        fail_msg("0.8.5's tags not in version order");
    }
    free(out);
    out = snap("80x30", "2sssss");
    assert_non_null(strstr(out, "Kind^"));
    const char *last_rc = strstr(out, " rc "), *first_final = strstr(out, " final "),
               *first_post = strstr(out, " post ");
    assert_non_null(last_rc);
    assert_non_null(first_final);
    assert_non_null(first_post);
    for (const char *p = last_rc; (p = strstr(p + 1, " rc "));)
        last_rc = p;
    assert_true(last_rc < first_final && first_final < first_post);
    free(out);
}

/* s sorts categories in their meaning order, and a category the captain
 * set (shown "*documentation") sorts as that category, not by its star.
 * Last: it overrides a category. */
static void test_demo_sort_by_meaning(void **state)
{
    (void)state;
    char *out = snap("160x50", "3zjjc4sssss"); /* c's menu: 4 is documentation */
    const char *hdr = strstr(out, "Category^");
    assert_non_null(hdr);
    const char *star = strstr(hdr, "*documentation"), *crit = strstr(hdr, "critical-fix"),
               *feat = strstr(hdr, " feature "),
               *unk = strstr(hdr, " unknown        #"); /* the cell, not "unknown GPUs" */
    assert_non_null(star);
    assert_non_null(crit);
    assert_non_null(feat);
    assert_non_null(unk);
    if (!(crit < star && star < feat && feat < unk)) {
        fprintf(stderr, "%s\n", out);
        fail_msg("categories not in their meaning order");
    }
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        // clang-format off
        cmocka_unit_test(test_demo_panes),
        cmocka_unit_test(test_demo_wide),
        cmocka_unit_test(test_demo_nothing_cut),
        cmocka_unit_test(test_demo_next_tag),
        cmocka_unit_test(test_demo_narrow),
        cmocka_unit_test(test_demo_bench_detail),
        cmocka_unit_test(test_demo_bench_title),
        cmocka_unit_test(test_demo_cli_github_hint),
        cmocka_unit_test(test_demo_cli_calendar),
        cmocka_unit_test(test_demo_empty_states), /* it analyses releases/v0.6.6 */
        cmocka_unit_test(test_demo_gate),         /* it triages a row */
        cmocka_unit_test(test_demo_more_runs),
        cmocka_unit_test(test_demo_sort_versions),
        cmocka_unit_test(test_demo_sort_by_meaning),
        // clang-format on
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
