#include "core/picks/picks_summary.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

static void branch_count_row(void *e, sqlite3_stmt *st)
{
    rc_picks_branch_count *c = e;
    c->branch = rc_sql_dup(st, 0);
    c->pending = sqlite3_column_int64(st, 1);
    c->revert_needed = sqlite3_column_int64(st, 2);
}

/* The text of a count row is its first member. */
void rc_picks_branch_counts_free(rc_picks_branch_count *v, size_t count)
{
    rc_sql_rows_free(v, count, sizeof *v, rc_sql_clear_text);
}

static const rc_sql_rowtype branch_count_type = {sizeof(rc_picks_branch_count), branch_count_row,
                                                 rc_sql_clear_text, "reading cherry-pick results"};

int rc_picks_branch_counts(rc_picks_branch_count **out, size_t *count, rc_db *db)
{
    return rc_sql_select(out, count, db, &branch_count_type,
                         "SELECT branch, sum(state = 'pending'), sum(state = 'revert-needed')"
                         " FROM picks GROUP BY branch",
                         0);
}

static void state_count_row(void *e, sqlite3_stmt *st)
{
    rc_picks_state_count *c = e;
    c->state = rc_sql_dup(st, 0);
    c->count = sqlite3_column_int64(st, 1);
}

void rc_picks_state_counts_free(rc_picks_state_count *v, size_t count)
{
    rc_sql_rows_free(v, count, sizeof *v, rc_sql_clear_text);
}

static const rc_sql_rowtype state_count_type = {sizeof(rc_picks_state_count), state_count_row,
                                                rc_sql_clear_text, "reading cherry-pick results"};

int rc_picks_state_counts(rc_picks_state_count **out, size_t *count, rc_db *db, const char *branch)
{
    return rc_sql_select(out, count, db, &state_count_type,
                         "SELECT state, count(*) FROM picks WHERE branch = ? GROUP BY state"
                         " ORDER BY state",
                         1, branch);
}

static void violation_row(void *e, sqlite3_stmt *st)
{
    rc_picks_policy_violation *v = e;
    v->sha = rc_sql_dup(st, 0);
    v->reason = rc_sql_dup(st, 1);
    v->subject = rc_sql_dup(st, 2);
}

static void violation_clear(void *e)
{
    rc_picks_policy_violation *v = e;
    char **const text[] = {&v->sha, &v->reason, &v->subject};
    rc_strs_clear(text, 3);
}

void rc_picks_policy_violations_free(rc_picks_policy_violation *v, size_t count)
{
    rc_sql_rows_free(v, count, sizeof *v, violation_clear);
}

static const rc_sql_rowtype violation_type = {sizeof(rc_picks_policy_violation), violation_row,
                                              violation_clear, "reading cherry-pick results"};

int rc_picks_policy_violations(rc_picks_policy_violation **out, size_t *count, rc_db *db,
                               const char *branch)
{
    return rc_sql_select(out, count, db, &violation_type,
                         "SELECT v.sha, v.reason, c.subject FROM violations v"
                         " LEFT JOIN commits c ON c.sha = v.sha WHERE v.branch = ? ORDER BY v.sha",
                         1, branch);
}

static int count(long *out, rc_db *db, const char *sql, const char *branch)
{
    int64_t n;
    int r = rc_sql_count(&n, db, "cannot count", sql, 1, branch);
    *out = (long)n;
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
