/* Release tracker comment parsing: both styles, with the spacing, markup
 * and links people really type. */
#include "tests/testutil.h"

#include "core/github/tracker.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPO "OWNER/REPO"

static void assert_longs(const long *got, size_t n, const long *want, size_t nwant)
{
    if (n != nwant) {
        fprintf(stderr, "got %zu numbers:", n);
        for (size_t i = 0; i < n; i++)
            fprintf(stderr, " %ld", got[i]);
        fprintf(stderr, "\n");
    }
    assert_int_equal(n, nwant);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(got[i], want[i]);
}
#define LONGS(...) (const long[]){__VA_ARGS__}, sizeof((const long[]){__VA_ARGS__}) / sizeof(long)

/* shared/samples/tracker-comment.md, kept here so the test does not depend
 * on where the shared folder lies relative to the checkout. */
static const char sample_comment[] =
    "Link to landed trunk PR (if applicable):\n"
    "* https://github.com/OWNER/REPO/pull/20871\n"
    "* #20874 (prerequisite)\n"
    "\n"
    "Link to release branch PR:\n"
    "* https://github.com/OWNER/REPO/pull/20912\n"
    "\n"
    "Criteria Category:\n"
    "Regression fix - crash in prefix caching introduced in v0.9.1\n";

static void test_sample_comment(void **state)
{
    char *body = rc_xstrdup(sample_comment);
    rc_tracker_request r;
    assert_int_equal(rc_tracker_parse(&r, body, REPO), 1);
    assert_longs(r.trunk, r.n_trunk, LONGS(20871, 20874));
    assert_longs(r.release, r.n_release, LONGS(20912));
    assert_string_equal(r.category,
                        "Regression fix - crash in prefix caching introduced in v0.9.1");
    assert_int_equal(r.checked, -1);
    rc_tracker_request_free(&r);
    free(body);
}

/* The PyTorch template as people fill it in: CRLF, bold headings, spaces
 * before colons, values on the heading line, links with trailing slashes,
 * /files, anchors and queries, lower-case owner, another repository's
 * link (ignored), N/A. */
static void test_messy_template(void **state)
{
    const char *body = "Hi @release-team, please pick this one.\r\n"
                       "\r\n"
                       "**Link to landed trunk PR (if applicable)** :\r\n"
                       "   *    https://github.com/owner/repo/pull/180277/   \r\n"
                       "* https://github.com/OWNER/REPO/pull/180300/files#diff-abc123\r\n"
                       "- https://github.com/other/fork/pull/999\r\n"
                       "*  https://github.com/OWNER/REPO/pull/180277#issuecomment-555\r\n"
                       "\r\n"
                       "### Link to release branch PR:\r\n"
                       "\t* https://www.github.com/OWNER/REPO/pull/181014?w=1\r\n"
                       "\r\n"
                       "\r\n"
                       "Criteria Category:\r\n"
                       "\r\n"
                       "  * Test/CI fixes  \r\n"
                       "Some trailing chatter mentioning #424242.\r\n";
    rc_tracker_request r;
    assert_int_equal(rc_tracker_parse(&r, body, REPO), 1);
    assert_longs(r.trunk, r.n_trunk, LONGS(180277, 180300));
    assert_longs(r.release, r.n_release, LONGS(181014));
    assert_string_equal(r.category, "Test/CI fixes");
    rc_tracker_request_free(&r);

    /* everything on the heading lines, N/A for trunk (release-branch-only change) */
    const char *inline_body = "Link to landed trunk PR (if applicable): N/A\n"
                              "Link to release branch PR: #181100, OWNER/REPO#181101 and "
                              "someone/else#5\n"
                              "Criteria Category: Release-branch-specific changes (version)\n";
    assert_int_equal(rc_tracker_parse(&r, inline_body, REPO), 1);
    assert_int_equal(r.n_trunk, 0);
    assert_longs(r.release, r.n_release, LONGS(181100, 181101));
    assert_string_equal(r.category, "Release-branch-specific changes (version)");
    rc_tracker_request_free(&r);
}

static void test_checkboxes(void **state)
{
    const char *body = "Cherry-picks for v0.9.2:\n"
                       "- [ ] https://github.com/OWNER/REPO/pull/101\n"
                       "- [x] #102\n"
                       "  * [X]   https://github.com/owner/repo/pull/103/  (needs #999 too)\n"
                       "-[ ] #104\n"
                       "1. [x] OWNER/REPO#105\n"
                       "- [x] https://github.com/vllm-project/other/pull/106\n"
                       "- [ ] #101 (listed twice)\n"
                       "- [] not a box #107\n";
    rc_tracker_request r;
    assert_int_equal(rc_tracker_parse(&r, body, REPO), 1);
    assert_int_equal(r.n_boxes, 5);
    const long want[] = {101, 102, 103, 104, 105};
    const bool ticked[] = {false, true, true, false, true};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(r.boxes[i].pr, want[i]);
        assert_int_equal(r.boxes[i].checked, ticked[i]);
    }
    assert_longs(r.trunk, r.n_trunk, LONGS(101, 102, 103, 104, 105));
    assert_int_equal(r.checked, 0);
    assert_null(r.category);
    rc_tracker_request_free(&r);

    assert_int_equal(rc_tracker_parse(&r, "- [x] #1\n- [X] #2\n", REPO), 1);
    assert_int_equal(r.checked, 1);
    rc_tracker_request_free(&r);
}

static void test_discussion_is_not_a_request(void **state)
{
    rc_tracker_request r;
    assert_int_equal(rc_tracker_parse(&r, "LGTM, thanks! Merged as #123 on main.", REPO), 0);
    assert_int_equal(r.n_trunk, 0);
    assert_int_equal(rc_tracker_parse(&r, "", REPO), 0);
    assert_int_equal(rc_tracker_parse(&r, NULL, REPO), 0);
    /* a template quoted inside a code block is documentation, not a request */
    assert_int_equal(
        rc_tracker_parse(&r, "Use this form:\n```\nLink to landed trunk PR:\n* #1\n```\n", REPO),
        0);
}

static void test_refs(void **state)
{
    long *v = NULL;
    size_t n = 0;
    rc_tracker_refs(
        &v, &n,
        "see (#12), #13, &#14; #15abc, x#16, OWNER/REPO#17, a/b#18, "
        "https://github.com/OWNER/REPO/pull/19#discussion_r20 "
        "https://github.com/OWNER/REPO/issues/21 https://github.com/OWNER/REPO/pulls/22/ "
        "https://github.com/OWNER/REPO-fork/pull/23 https://example.com/x#24 [#25](x)",
        REPO);
    assert_longs(v, n, LONGS(12, 13, 17, 19, 21, 22, 25));
    free(v);
}

static void test_titles(void **state)
{
    const char *pats[] = {"[v{version}] Release Tracker", "[Release Tracker] v{version}"};
    char ver[64];
    assert_true(rc_tracker_title_match(ver, sizeof ver, "[v2.12.0] Release Tracker", pats, 2));
    assert_string_equal(ver, "2.12.0");
    assert_true(rc_tracker_title_match(ver, sizeof ver, "  [Release Tracker] v0.9.2 \n", pats, 2));
    assert_string_equal(ver, "0.9.2");
    assert_false(rc_tracker_title_match(ver, sizeof ver, "Release Tracker for 2.12", pats, 2));
    assert_false(rc_tracker_title_match(ver, sizeof ver, NULL, pats, 2));
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_sample_comment), cmocka_unit_test(test_messy_template),
        cmocka_unit_test(test_checkboxes), cmocka_unit_test(test_discussion_is_not_a_request),
        cmocka_unit_test(test_refs), cmocka_unit_test(test_titles))
