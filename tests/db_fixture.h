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

/* f->dir, f->db: the cache DIR/cache.db. */
typedef tu_env fx;

static inline int setup(void **state)
{
    fx *f = rc_xcalloc(1, sizeof *f);
    tu_env_init(f);
    tu_env_db(f, "cache.db");
    *state = f;
    return 0;
}

static inline int teardown(void **state)
{
    tu_env_clear(*state);
    free(*state);
    return 0;
}

/* The first column of the query's first row; the query must have one. */
static inline int count(rc_db *db, const char *sql)
{
    return tu_db_int(db, sql);
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
