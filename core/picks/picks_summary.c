#include "core/picks/picks_summary.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

/* Runs st to the end, calling row for each row into a growing array of
 * elements of size sz. */
static int read_all(void **out, size_t *count, rc_db *db, sqlite3_stmt *st, size_t sz,
                    void (*row)(void *elem, sqlite3_stmt *st), void (*free_all)(void *, size_t))
{
    char *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sz);
        memset(v + n * sz, 0, sz);
        row(v + n * sz, st);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free_all(v, n);
        return rc_db_error(db, "reading cherry-pick results");
    }
    *out = v;
    *count = n;
    return 0;
}

static void branch_count_row(void *e, sqlite3_stmt *st)
{
    rc_picks_branch_count *c = e;
    c->branch = rc_sql_dup(st, 0);
    c->pending = sqlite3_column_int64(st, 1);
    c->revert_needed = sqlite3_column_int64(st, 2);
}

void rc_picks_branch_counts_free(rc_picks_branch_count *v, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(v[i].branch);
    free(v);
}

static void branch_counts_free(void *v, size_t n)
{
    rc_picks_branch_counts_free(v, n);
}

int rc_picks_branch_counts(rc_picks_branch_count **out, size_t *count, rc_db *db)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT branch, sum(state = 'pending'), sum(state = 'revert-needed')"
                          " FROM picks GROUP BY branch");
    if (r)
        return r;
    return read_all((void **)out, count, db, st, sizeof **out, branch_count_row,
                    branch_counts_free);
}

static void state_count_row(void *e, sqlite3_stmt *st)
{
    rc_picks_state_count *c = e;
    c->state = rc_sql_dup(st, 0);
    c->count = sqlite3_column_int64(st, 1);
}

void rc_picks_state_counts_free(rc_picks_state_count *v, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(v[i].state);
    free(v);
}

static void state_counts_free(void *v, size_t n)
{
    rc_picks_state_counts_free(v, n);
}

int rc_picks_state_counts(rc_picks_state_count **out, size_t *count, rc_db *db, const char *branch)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT state, count(*) FROM picks WHERE branch = ? GROUP BY state"
                          " ORDER BY state");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    return read_all((void **)out, count, db, st, sizeof **out, state_count_row, state_counts_free);
}

static void violation_row(void *e, sqlite3_stmt *st)
{
    rc_picks_policy_violation *v = e;
    v->sha = rc_sql_dup(st, 0);
    v->reason = rc_sql_dup(st, 1);
    v->subject = rc_sql_dup(st, 2);
}

void rc_picks_policy_violations_free(rc_picks_policy_violation *v, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(v[i].sha);
        free(v[i].reason);
        free(v[i].subject);
    }
    free(v);
}

static void violations_free(void *v, size_t n)
{
    rc_picks_policy_violations_free(v, n);
}

int rc_picks_policy_violations(rc_picks_policy_violation **out, size_t *count, rc_db *db,
                               const char *branch)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r =
        rc_db_prepare(&st, db,
                      "SELECT v.sha, v.reason, c.subject FROM violations v"
                      " LEFT JOIN commits c ON c.sha = v.sha WHERE v.branch = ? ORDER BY v.sha");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    return read_all((void **)out, count, db, st, sizeof **out, violation_row, violations_free);
}

static int count(long *out, rc_db *db, const char *sql, const char *branch)
{
    sqlite3_stmt *st;
    *out = 0;
    int r = rc_db_prepare(&st, db, sql);
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        r = rc_db_error(db, "cannot count");
    sqlite3_finalize(st);
    return r;
}

int rc_picks_gate_count(rc_picks_gate_counts *out, rc_db *db, const char *branch)
{
    memset(out, 0, sizeof *out);
    int r = count(&out->total, db, "SELECT count(*) FROM picks WHERE branch = ?", branch);
    if (!r)
        r = count(&out->approved_pending, db,
                  "SELECT count(*) FROM pick_decisions d JOIN picks p"
                  " ON p.branch = d.branch AND p.sha = d.sha"
                  " WHERE d.branch = ? AND d.decision = 'approve' AND p.state = 'pending'",
                  branch);
    if (!r)
        r = count(&out->revert_needed, db,
                  "SELECT count(*) FROM picks WHERE branch = ? AND state = 'revert-needed'",
                  branch);
    if (!r)
        r = count(&out->violations, db, "SELECT count(*) FROM violations WHERE branch = ?", branch);
    return r;
}
