/* Commit-message references and categories: every reference form
 * listed in core/picks/refs.h, the non-evidence forms, and hostile input. */
#include "tests/testutil.h"

#include "core/picks/category.h"
#include "core/base/error.h"
#include "core/picks/refs.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

#define SHA1 "0123456789abcdef0123456789abcdef01234567"
#define SHA2 "89abcdef0123456789abcdef0123456789abcdef"

static bool has_from(const rc_refs *r, long pr)
{
    for (size_t i = 0; i < r->n_from_prs; i++)
        if (r->from_prs[i] == pr)
            return true;
    return false;
}

static void test_pr_number(void **state)
{
    assert_int_equal(rc_refs_pr_number("[Bugfix] Fix crash (#1234)", NULL), 1234);
    assert_int_equal(rc_refs_pr_number("[v0.23.0] Fix crash (#1234) (#1300)", NULL), 1300);
    assert_int_equal(rc_refs_pr_number("Fix #12 without pr", NULL), 0);
    assert_int_equal(rc_refs_pr_number("Fix (#12x)", NULL), 0);
    assert_int_equal(rc_refs_pr_number("Fix (#)", NULL), 0);
    assert_int_equal(rc_refs_pr_number("(#99999999999) too big", NULL), 0);
    assert_int_equal(rc_refs_pr_number("Add thing [PR-77]", "[PR-N]"), 77);
    assert_int_equal(rc_refs_pr_number("Add thing (!5)", " (!N)"), 5);
    assert_int_equal(rc_refs_pr_number(NULL, NULL), 0);
}

static void test_from_forms(void **state)
{
    struct {
        const char *subject, *body;
        long want;
    } cases[] = {
        {"[v0.23.0] Fix the scheduler (from #101) (#150)", NULL, 101},
        {"Fix the scheduler (#150)", "cherry-pick from #102", 102},
        {"Fix the scheduler (#150)", "Cherry-pick of PR #103 onto releases/v0.23.0", 103},
        {"Fix the scheduler (#150)", "Some text.\n\nOriginal PR: #104\n", 104},
        {"Fix the scheduler (#150)", "pick-from: https://github.com/vllm-project/vllm/pull/105",
         105},
        {"[Backport] Fix the scheduler (#150)", "Backport of #106", 106},
        {"Fix the scheduler (#150)", "Original PR: https://github.com/o/r/pull/107", 107},
        {"[Cherry-pick] Fix x (#108) (#151)", NULL, 108},
        {"Fix x", "This is a cherry-picked from #109 change", 109},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc_refs r;
        rc_refs_parse(&r, cases[i].subject, cases[i].body, NULL);
        if (!has_from(&r, cases[i].want))
            fail_msg("case %zu: %s / %s: %ld not found", i, cases[i].subject,
                     cases[i].body ? cases[i].body : "", cases[i].want);
        assert_false(r.is_revert);
        rc_refs_free(&r);
    }
}

static void test_trailer(void **state)
{
    rc_refs r;
    rc_refs_parse(&r, "Fix x (#1)",
                  "body\n\n(cherry picked from commit " SHA1 ")\n(cherry picked from commit "
                  "89ABCDEF0123456789abcdef0123456789abcdef)",
                  NULL);
    assert_int_equal(r.n_picked_from, 2);
    assert_string_equal(r.picked_from[0], SHA1);
    assert_string_equal(r.picked_from[1], SHA2);
    rc_refs_free(&r);
    /* short shas are not the -x trailer */
    rc_refs_parse(&r, "x", "(cherry picked from commit 0123456)", NULL);
    assert_int_equal(r.n_picked_from, 0);
    rc_refs_free(&r);
}

/* Issue numbers are not evidence of a pick. */
static void test_issue_refs_are_not_evidence(void **state)
{
    const char *subjects[] = {"Fix #123 crash in scheduler (#200)", "Fixes #123 (#200)",
                              "Closes #123: add docs (#200)", "[Bugfix] Fix #123 and #124 (#200)",
                              "See issue #77 for details (#200)"};
    for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
        rc_refs r;
        rc_refs_parse(&r, subjects[i], "Fixes #123\nCloses #124\nRelated to #125", NULL);
        assert_int_equal(r.pr, 200);
        assert_int_equal(r.n_from_prs, 0);
        assert_false(r.is_revert);
        rc_refs_free(&r);
    }
}

static void test_reverts(void **state)
{
    /* what each revert form yields; NULL and -1: not asserted for that form */
    static const struct {
        const char *subject, *body, *sha;
        long revert_pr, pr;
        const char *revert_subject;
        int n_from_prs;
    } reverts[] = {
        {"Revert \"[Bugfix] Fix crash (#100)\" (#300)", "This reverts commit " SHA1 ".\n", SHA1,
         100, 300, "[bugfix] fix crash", 0},
        {"[Revert] Revert \"[Feature] Add thing\" (#101) (#301)", NULL, NULL, 101, 301,
         "[feature] add thing", 0},
        {"Revert of PR #102 (#302)", NULL, NULL, 102, -1, NULL, -1},
        {"[Bugfix] Undo the thing (reverts #103) (#303)", NULL, NULL, 103, 303, NULL, -1},
        /* an unterminated quote still yields the reverted subject */
        {"Revert \"Add a very long title that was cut", NULL, NULL, -1, -1,
         "add a very long title that was cut", -1},
    };
    rc_refs r;
    for (size_t i = 0; i < sizeof reverts / sizeof *reverts; i++) {
        rc_refs_parse(&r, reverts[i].subject, reverts[i].body, NULL);
        assert_true(r.is_revert);
        if (reverts[i].sha)
            assert_string_equal(r.revert_sha, reverts[i].sha);
        if (reverts[i].revert_pr >= 0)
            assert_int_equal(r.revert_pr, reverts[i].revert_pr);
        if (reverts[i].pr >= 0)
            assert_int_equal(r.pr, reverts[i].pr);
        if (reverts[i].revert_subject)
            assert_string_equal(r.revert_subject, reverts[i].revert_subject);
        if (reverts[i].n_from_prs >= 0)
            assert_int_equal(r.n_from_prs, reverts[i].n_from_prs);
        rc_refs_free(&r);
    }

    /* not reverts */
    const char *no[] = {"Reverted behaviour is documented (#5)", "Add revert button (#6)",
                        "Revertible ops (#7)"};
    for (size_t i = 0; i < 3; i++) {
        rc_refs_parse(&r, no[i], "Nothing here reverts anything.", NULL);
        assert_false(r.is_revert);
        rc_refs_free(&r);
    }
}

static void test_normalize(void **state)
{
    struct {
        const char *in, *want;
    } cases[] = {
        {"[v0.23.0] [Bugfix] Fix crash (#1) (#2)", "[bugfix] fix crash"},
        {"[Cherry-pick] [Bugfix] Fix crash (#1)", "[bugfix] fix crash"},
        {"[releases/v0.23.0][Bugfix]  Fix   crash (#1)", "[bugfix] fix crash"},
        {"[0.9.1] [Bugfix] Fix crash", "[bugfix] fix crash"},
        {"[Backport] [Bugfix] Fix crash (from #1) (#3)", "[bugfix] fix crash"},
        {"[Bugfix] Fix crash (#12)", "[bugfix] fix crash"},
        {"Cherry-pick: [Bugfix] Fix crash (#12)", "[bugfix] fix crash"},
        {"[Model] Add Llama (#9)", "[model] add llama"},
        {"", ""},
        {"   ", ""},
        {"[v1.0.0]", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *n = rc_refs_normalize_subject(cases[i].in, NULL);
        if (strcmp(n, cases[i].want) != 0)
            fail_msg("normalize(%s) = '%s', want '%s'", cases[i].in, n, cases[i].want);
        free(n);
    }
    assert_true(rc_refs_is_release_prefix("v0.23.0", 7));
    assert_true(rc_refs_is_release_prefix("Cherry-pick", 11));
    assert_false(rc_refs_is_release_prefix("Bugfix", 6));
    assert_false(rc_refs_is_release_prefix("Model", 5));
}

/* 100 KB subjects, invalid UTF-8, NUL-free garbage: linear and crash-free. */
static void test_hostile(void **state)
{
    size_t n = 100 * 1024;
    char *big = rc_xmalloc(n + 64);
    static const char unit[] = "(#1 from cherry-pick of Revert \"\xff\xfe\x80 #";
    for (size_t i = 0; i < n; i++)
        big[i] = unit[i % (sizeof unit - 1)];
    strcpy(big + n, " (#42)");
    rc_refs r;
    rc_refs_parse(&r, big, big, NULL);
    assert_int_equal(r.pr, 42);
    rc_refs_free(&r);
    char *norm = rc_refs_normalize_subject(big, NULL);
    assert_non_null(norm);
    free(norm);
    (void)rc_category_of(NULL, big, "not json");
    memset(big, '[', n);
    big[n] = '\0';
    rc_refs_parse(&r, big, NULL, NULL);
    rc_refs_free(&r);
    norm = rc_refs_normalize_subject(big, "N");
    free(norm);
    memset(big, '"', n);
    rc_refs_parse(&r, "Revert \"", big, NULL);
    rc_refs_free(&r);
    rc_refs_parse(&r, big, NULL, "");
    rc_refs_free(&r);
    free(big);
    rc_refs_parse(&r, "\xc3\x28 (#7)", "\xa0\xa1 original pr: #\xff", NULL);
    assert_int_equal(r.pr, 7);
    assert_int_equal(r.n_from_prs, 0);
    rc_refs_free(&r);
    rc_refs_parse(&r, NULL, NULL, NULL);
    assert_int_equal(r.pr, 0);
    rc_refs_free(&r);
}

static void test_categories(void **state)
{
    struct {
        const char *subject, *want;
    } cases[] = {
        {"[Bugfix] Fix crash in scheduler (#1)", RC_CAT_CRITICAL},
        {"[Bugfix] Fix regression in sampler (#1)", RC_CAT_REGRESSION},
        {"[Bug] wrong output (#1)", RC_CAT_CRITICAL},
        {"[Doc] Update install guide (#1)", RC_CAT_DOC},
        {"[Docs] typo (#1)", RC_CAT_DOC},
        {"[CI] Pin torch (#1)", RC_CAT_RELEASE},
        {"[Build] Bump cmake (#1)", RC_CAT_RELEASE},
        {"[Feature] Add LoRA hot swap (#1)", RC_CAT_FEATURE},
        {"[Model] Add Llama 4 (#1)", RC_CAT_FEATURE},
        {"[Perf] Faster attention (#1)", RC_CAT_FEATURE},
        {"[Misc] Tidy things (#1)", RC_CAT_UNKNOWN},
        {"[Misc] Bump version to 0.9.2 (#1)", RC_CAT_RELEASE},
        {"[Misc] Update RELEASE.md for v0.9.2rc3 (#1)", RC_CAT_RELEASE},
        {"[Model] Fix weight loading for Llama 4 (#1)", RC_CAT_CRITICAL},
        {"[Model] Add support for Bamba (#1)", RC_CAT_FEATURE},
        {"[Feature] Fix-free new thing with fix word (#1)", RC_CAT_FEATURE},
        {"[v0.9.1][Bugfix] Fix deadlock (#1)", RC_CAT_CRITICAL},
        {"Revert \"[Feature] Add X (#1)\" (#2)", RC_CAT_REGRESSION},
        {"Fix memory leak in cache (#1)", RC_CAT_CRITICAL},
        {"Fix typo in README (#1)", RC_CAT_DOC},
        {"Bump version to 0.9.2", RC_CAT_RELEASE},
        {"Add support for new GPUs (#1)", RC_CAT_FEATURE},
        {"Tidy", RC_CAT_UNKNOWN},
        /* built-ins measured on a real history (bench/README.md) */
        {"[Bug fix] Fix the wrong shape (#1)", RC_CAT_CRITICAL},
        {"[CI Bug Fix] Pin the runner (#1)", RC_CAT_RELEASE},
        {"[Test] Update the e2e test (#1)", RC_CAT_RELEASE},
        {"[Kernel] Faster GMM (#1)", RC_CAT_FEATURE},
        {"[Spec Decode] Fix a crash on rejection (#1)", RC_CAT_CRITICAL},
        {"feat(rpa): env override for block sizes (#1)", RC_CAT_FEATURE},
        {"fix(sampler): wrong top-k (#1)", RC_CAT_CRITICAL},
        {"docs: install guide (#1)", RC_CAT_DOC},
        {"[WIP] Tidy (#1)", RC_CAT_UNKNOWN},
        {"Optimize AOT precompilation (#1)", RC_CAT_FEATURE},
        {"Add a model with tests (#1)", RC_CAT_FEATURE},
        {"Update the Mistral test on v7 (#1)", RC_CAT_RELEASE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *c = rc_category_of(NULL, cases[i].subject, NULL);
        if (strcmp(c, cases[i].want) != 0)
            fail_msg("category(%s) = %s, want %s", cases[i].subject, c, cases[i].want);
    }
    assert_true(rc_category_is_fix(RC_CAT_NEWFEATURE));
    assert_false(rc_category_is_fix(RC_CAT_DOC));
    assert_string_equal(rc_category_canonical("Documentation"), RC_CAT_DOC);
    assert_null(rc_category_canonical("bogus"));
    assert_string_equal(rc_category_canonical("bot"), RC_CAT_AUTOMATION);
    const char *aliases[] = {"docs", "doc", "critical", "regression", "bug", "ci"};
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
        assert_non_null(rc_category_canonical(aliases[i]));
    /* automation: bots by name or email, [skip ci] subjects; brackets literal */
    assert_true(rc_category_is_automation(NULL, "x", "Buildkite Bot", NULL));
    assert_true(rc_category_is_automation(NULL, "x", "dependabot[bot]", NULL));
    assert_true(
        rc_category_is_automation(NULL, "x", "B", "buildkite-bot@users.noreply.github.com"));
    assert_true(rc_category_is_automation(NULL, "[SKIP CI] Update matrices", "Ann", NULL));
    assert_false(rc_category_is_automation(NULL, "x", "Bo", "b@example.com"));
    assert_false(rc_category_is_automation(NULL, "x", "Abbot", NULL));
}

static void test_category_config(void **state)
{
    const char *ov[] = {"relcap.categoryPrefix=[Hotfix]=regression-fix",
                        "relcap.categoryPrefix=Kernel=feature",
                        "relcap.categoryLabel=needs-pick=critical-fix",
                        "relcap.categoryLabel=documentation=documentation"};
    rc_config *cfg;
    if (rc_config_open(&cfg, NULL, ov, 4) != 0)
        fail_msg("%s", rc_error_last());
    rc_category_rules *rules;
    assert_int_equal(rc_category_rules_new(&rules, cfg), 0);
    assert_string_equal(rc_category_of(rules, "[Hotfix] x", NULL), RC_CAT_REGRESSION);
    assert_string_equal(rc_category_of(rules, "[Kernel] fix crash", NULL), RC_CAT_FEATURE);
    assert_string_equal(rc_category_of(rules, "[Feature] x", "[\"needs-pick\"]"), RC_CAT_CRITICAL);
    assert_string_equal(rc_category_of(rules, "[Feature] x", "[{\"name\": \"Documentation\"}]"),
                        RC_CAT_DOC);
    assert_string_equal(rc_category_of(rules, "[Feature] x", "[\"other\"]"), RC_CAT_FEATURE);
    assert_string_equal(rc_category_of(rules, "[Feature] x", "{broken"), RC_CAT_FEATURE);
    rc_category_rules_free(rules);
    rc_config_free(cfg);

    const char *bad[] = {"relcap.categoryLabel=foo=nonsense"};
    assert_int_equal(rc_config_open(&cfg, NULL, bad, 1), 0);
    assert_int_equal(rc_category_rules_new(&rules, cfg), RC_ECONFIG);
    assert_non_null(strstr(rc_error_last(), "nonsense"));
    rc_config_free(cfg);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_pr_number), cmocka_unit_test(test_from_forms),
        cmocka_unit_test(test_trailer), cmocka_unit_test(test_issue_refs_are_not_evidence),
        cmocka_unit_test(test_reverts), cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_hostile), cmocka_unit_test(test_categories),
        cmocka_unit_test(test_category_config))
