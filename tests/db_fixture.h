/* Shared by the tests that read and write one cache file: a fresh database
 * in a temporary directory per test, and a one-number query. Included by
 * tests/test_bench.c, test_db.c and test_reads.c (one copy each). */
#ifndef RELCAP_TESTS_DB_FIXTURE_H
#define RELCAP_TESTS_DB_FIXTURE_H

#include "core/base/db.h"
#include "core/base/util.h"
#include "tests/testutil.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    char *dir;
    rc_db *db;
} fx;

static inline int setup(void **state)
{
    fx *f = rc_xcalloc(1, sizeof *f);
    f->dir = tu_mkdtemp();
    char *p = rc_xasprintf("%s/cache.db", f->dir);
    assert_int_equal(rc_db_open(&f->db, p), 0);
    free(p);
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    fx *f = *state;
    rc_db_free(f->db);
    tu_rmtree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

/* The first column of the query's first row; the query must have one. */
static inline int count(rc_db *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(rc_db_prepare(&st, db, sql), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* count() of a query built with printf's format. */
__attribute__((format(printf, 2, 3), unused)) static int countf(rc_db *db, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *sql = NULL;
    assert_true(vasprintf(&sql, fmt, ap) >= 0);
    va_end(ap);
    int n = count(db, sql);
    free(sql);
    return n;
}

#endif
