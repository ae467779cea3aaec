#include "tests/testutil.h"

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/release/calendar.h"
#include "core/release/compat.h"
#include "core/release/docs.h"
#include "core/base/error.h"
#include "core/release/mdtable.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

static void test_mdtable_messy(void **state)
{
    const char *md = "# Policy\n"
                     "\n"
                     "| Version|  Upstream |Python | Notes |\n"
                     "|:--------|---|:---:|---|\n"
                     "|v0.9.2rc1 | v0.9.2|>= 3.10, < 3.13| a \\| b |\n"
                     "v0.9.1 | v0.9.1 | N/A\n"
                     "| v0.9.0 | v0.9.0 | 3.12 | x | extra |\n"
                     "\n"
                     "Some text with a | pipe but no table.\n"
                     "\n"
                     "```\n| not | a table |\n|---|---|\n```\n"
                     "| Date | Event |\n"
                     "|------|-------|\n"
                     "| 2026.01.05 | v0.9.2 final release |\n";
    rc_mddoc doc;
    rc_mddoc_parse(&doc, md);
    assert_int_equal(doc.ntables, 2);
    const rc_mdtable *t = &doc.tables[0];
    assert_int_equal(t->header.ncells, 4);
    assert_string_equal(t->header.cells[0], "Version");
    assert_int_equal(t->nrows, 3);
    assert_string_equal(rc_mdrow_cell(&t->rows[0], 2), ">= 3.10, < 3.13");
    assert_string_equal(rc_mdrow_cell(&t->rows[0], 3), "a | b");
    assert_string_equal(rc_mdrow_cell(&t->rows[1], 2), "N/A");
    assert_string_equal(rc_mdrow_cell(&t->rows[1], 3), ""); /* ragged: short row */
    assert_int_equal(t->rows[2].ncells, 5);                 /* ragged: long row */
    assert_int_equal(t->rows[0].line, 5);
    assert_int_equal(rc_mdtable_column(t, "upstream"), 1);
    assert_int_equal(rc_mdtable_column(&doc.tables[1], "Event"), 1);
    rc_mddoc_free(&doc);
}

static void test_conflict_markers(void **state)
{
    size_t first;
    assert_int_equal(
        rc_docs_conflict_blocks("a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\nz\n", &first), 1);
    assert_int_equal(first, 2);
    /* a setext heading underline is not a conflict */
    assert_int_equal(rc_docs_conflict_blocks("Title\n=======\n\ntext\n", &first), 0);
    /* an unterminated block is not a whole block */
    assert_int_equal(rc_docs_conflict_blocks("<<<<<<< a\nx\n=======\n", &first), 0);
    /* markers must start the line */
    assert_int_equal(rc_docs_conflict_blocks(" <<<<<<< a\n=======\n >>>>>>> b\n", &first), 0);
    assert_int_equal(
        rc_docs_conflict_blocks("<<<<<<<\n=======\n>>>>>>>\n\n<<<<<<<\n=======\n>>>>>>>\n", &first),
        2);
}

typedef struct {
    tu_env env; /* first: teardown frees it */
    git_oid c1, c2, c3;
} fixture;

static void add_tag(fixture *f, const char *name, const char *version, const char *kind,
                    const git_oid *at, const char *date)
{
    tu_tag(f->env.repo, name, at, false);
    int64_t t;
    assert_int_equal(rc_time_parse(&t, date), 0);
    sqlite3_stmt *st;
    assert_int_equal(rc_db_prepare(&st, f->env.db,
                                   "INSERT INTO tags(name, version, release, sortkey, kind, sha,"
                                   " date) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                     0);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, version, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, tu_hex(at), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, t);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static const char policy_md[] = "# Versioning policy\n\n"
                                "## Release compatibility matrix\n\n"
                                "| vLLM Ascend | vLLM | Python | Stable CANN |\n"
                                "|-------------|------|--------|-------------|\n"
                                "| v1.1.0 | v0.9.2 | >= 3.10 | 8.1 |\n"
                                "| v1.0.0 | v0.9.0 | >= 3.9 | 8.0 |\n"
                                "| v1.0.0rc1 | v0.9.0 | >= 3.9 | N/A |\n"
                                "| v0.9.9 | v0.8.0 | >= 3.9 | 7.0 |\n"
                                "| {{main_vllm_commit}} | main | | |\n\n"
                                "## Release cadence\n\n"
                                "| Date | Event |\n"
                                "|------|-------|\n"
                                "| 2026.01.10 | Release candidate v1.0.0rc1 |\n"
                                "| 2026.01.20 | v1.0.0 final release |\n"
                                "| 2026.03.01 | v1.1.0 final release |\n"
                                "| 2026.12.30 | v1.2.0 planned |\n";

static int setup(void **state)
{
    fixture *f = rc_xcalloc(1, sizeof *f);
    tu_env_init(&f->env);
    tu_env_repo(&f->env, NULL, false);
    const char *files1[] = {"a.txt", "1", NULL};
    f->c1 = tu_commit(f->env.repo, "refs/heads/main", "[Core] start\n\n- vLLM version: v0.8.0\n",
                      1767225600, files1);
    const char *files2[] = {"a.txt", "2", NULL};
    f->c2 = tu_commit(f->env.repo, "refs/heads/main", "[Core] bump\n\n- vLLM version: v0.9.0\n",
                      1768000000, files2);
    const char *files3[] = {"docs/source/community/versioning_policy.md", policy_md, NULL};
    f->c3 = tu_commit(f->env.repo, "refs/heads/main", "[Doc] policy (#3)\n", 1768100000, files3);
    tu_env_db(&f->env, "cache.db");
    add_tag(f, "v1.0.0rc1", "1.0.0rc1", "rc", &f->c2, "2026-01-10T12:00:00Z");
    add_tag(f, "v1.0.0", "1.0.0", "final", &f->c3, "2026-01-22T08:00:00Z");
    add_tag(f, "v1.0.1", "1.0.1", "final", &f->c3, "2026-01-25T08:00:00Z");
    const char *ov[] = {"relcap.compatDoc=docs/source/community/versioning_policy.md"};
    tu_env_config(&f->env, ov, 1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    tu_env_clear(*state);
    free(*state);
    return 0;
}

static void test_compat_crosscheck(void **state)
{
    fixture *f = *state;
    rc_compat_report r;
    assert_int_equal(rc_compat_check(&r, f->env.repo, f->env.db, f->env.cfg), 0);
    assert_int_equal(r.nrows, 4); /* template row ignored */
    assert_string_equal(r.rows[0].version, "1.1.0");
    assert_null(r.rows[0].tag);
    /* rows without a tag */
    assert_int_equal(r.nnot_tagged, 2);
    assert_string_equal(r.not_tagged[0], "1.1.0");
    assert_string_equal(r.not_tagged[1], "0.9.9");
    /* tags without a row */
    assert_int_equal(r.nmissing, 1);
    assert_string_equal(r.missing_from_matrix[0], "v1.0.1");
    /* upstream: v1.0.0 is at c3, newest trailer says v0.9.0: matches */
    assert_string_equal(r.rows[1].tag, "v1.0.0");
    assert_string_equal(r.rows[1].derived_upstream, "0.9.0");
    assert_int_equal(r.rows[1].upstream_match, 1);
    assert_int_equal(r.nmismatch, 0);
    assert_string_equal(r.rows[1].fields[2], "Python");
    assert_string_equal(r.rows[2].values[3], "N/A");
    rc_compat_report_free(&r);
}

static void test_compat_upstream_mismatch(void **state)
{
    fixture *f = *state;
    /* a newer commit says v0.9.1: the row of v1.0.2 (v0.9.0) no longer matches */
    const char *files[] = {"docs/source/community/versioning_policy.md",
                           "| vLLM Ascend | vLLM |\n|---|---|\n| v1.0.2 | v0.9.0 |\n", NULL};
    git_oid c =
        tu_commit(f->env.repo, "refs/heads/main", "x\n\nvLLM version: v0.9.1\n", 1768200000, files);
    add_tag(f, "v1.0.2", "1.0.2", "final", &c, "2026-01-26T00:00:00Z");
    rc_compat_report r;
    assert_int_equal(rc_compat_check(&r, f->env.repo, f->env.db, f->env.cfg), 0);
    assert_int_equal(r.nrows, 1);
    assert_string_equal(r.rows[0].derived_upstream, "0.9.1");
    assert_int_equal(r.rows[0].upstream_match, 0);
    assert_int_equal(r.nmismatch, 1);
    rc_compat_report_free(&r);
}

/* The release calendar as of the time `iso`. */
static rc_calendar_report calendar_at(fixture *f, const char *iso, int64_t *now)
{
    assert_int_equal(rc_time_parse(now, iso), 0);
    rc_calendar_report r;
    assert_int_equal(rc_calendar_check(&r, f->env.repo, f->env.db, f->env.cfg, *now), 0);
    return r;
}

static void test_calendar(void **state)
{
    int64_t now;
    rc_calendar_report r = calendar_at(*state, "2026-12-01T00:00:00Z", &now);
    assert_int_equal(r.nevents, 4);
    assert_string_equal(r.events[0].tag, "v1.0.0rc1");
    assert_int_equal(r.events[0].delta_days, 0);
    assert_string_equal(r.events[1].tag, "v1.0.0");
    assert_int_equal(r.events[1].delta_days, 2); /* documented 20th, tagged 22nd */
    assert_null(r.events[2].tag);                /* v1.1.0 never tagged, date past */
    assert_false(r.events[2].future);
    assert_true(r.events[3].future);
    assert_int_equal(r.events[3].days_left, 29);
    assert_int_equal(r.nmismatch, 1);
    assert_false(r.from_cadence);
    rc_calendar_report_free(&r);
}

static void test_calendar_cadence(void **state)
{
    int64_t now;
    rc_calendar_report r = calendar_at(*state, "2027-02-01T00:00:00Z", &now);
    assert_true(r.from_cadence);
    assert_true(r.next_release >= now);
    assert_int_equal(r.next_release - r.next_cut, 2 * 86400);
    /* the cadence counts from the newest final (v1.0.1, 2026-01-25) */
    int64_t last;
    rc_time_parse(&last, "2026-01-25T08:00:00Z");
    assert_int_equal((r.next_release - last) % (14 * 86400), 0);
    rc_calendar_report_free(&r);
}

static void test_docs_check_branch(void **state)
{
    fixture *f = *state;
    const char *files[] = {"RELEASE.md",
                           "# Release\n\nSteps\n=======\n\n<<<<<<< HEAD\nold\n=======\nnew\n"
                           ">>>>>>> fix\n",
                           "docs/source/community/versioning_policy.md",
                           "| Version | vLLM |\n|---|---|\n| v1.0.0 | v0.9.0 |\n",
                           "docs/other.md",
                           "<<<<<<<\n=======\n>>>>>>>\n",
                           NULL};
    git_oid c = tu_commit(f->env.repo, "refs/heads/releases/v1.0.1", "docs", 1768300000, files);
    (void)c;
    rc_docs_report r;
    assert_int_equal(
        rc_docs_check_branch(&r, f->env.repo, f->env.cfg, "refs/heads/releases/v1.0.1", "1.0.1"),
        0);
    assert_int_equal(r.files_checked, 2); /* docs/other.md matches no glob */
    assert_int_equal(r.nproblems, 2);
    int conflict = -1, norow = -1;
    for (size_t i = 0; i < r.nproblems; i++) {
        if (strstr(r.problems[i].problem, "merge-conflict"))
            conflict = (int)i;
        if (strstr(r.problems[i].problem, "no row for 1.0.1"))
            norow = (int)i;
    }
    assert_true(conflict >= 0 && norow >= 0);
    assert_string_equal(r.problems[conflict].path, "RELEASE.md");
    assert_int_equal(r.problems[conflict].line, 6);
    rc_docs_report_free(&r);
    /* the same docs on a version that has its row: only the conflict remains */
    assert_int_equal(
        rc_docs_check_branch(&r, f->env.repo, f->env.cfg, "refs/heads/releases/v1.0.1", "1.0.0"),
        0);
    assert_int_equal(r.nproblems, 1);
    rc_docs_report_free(&r);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_mdtable_messy), cmocka_unit_test(test_conflict_markers),
        cmocka_unit_test_setup_teardown(test_compat_crosscheck, setup, teardown),
        cmocka_unit_test_setup_teardown(test_compat_upstream_mismatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calendar_cadence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docs_check_branch, setup, teardown))
