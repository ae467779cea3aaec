#include "core/github/github_read.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

static void opt_bool(bool *has, bool *v, sqlite3_stmt *st, int i)
{
    *has = sqlite3_column_type(st, i) != SQLITE_NULL;
    *v = *has && sqlite3_column_int(st, i) != 0;
}

/* The text members of a pull request row, in the order of the columns. */
#define PR_TEXTS(p)                                                                                \
    {                                                                                              \
        &(p)->title, &(p)->author, &(p)->state, &(p)->base, &(p)->labels, &(p)->milestone,         \
            &(p)->merge_sha, &(p)->url                                                             \
    }

static void pr_of(void *row, sqlite3_stmt *st)
{
    rc_pr_row *p = row;
    p->number = sqlite3_column_int64(st, 0);
    char **const text[] = PR_TEXTS(p);
    rc_sql_dups(text, 8, st, 1);
    p->has_merged_at = sqlite3_column_type(st, 9) != SQLITE_NULL;
    p->merged_at = sqlite3_column_int64(st, 9);
}

static void pr_clear(void *row)
{
    rc_pr_row *p = row;
    char **const text[] = PR_TEXTS(p);
    rc_strs_clear(text, 8);
}

void rc_pr_rows_free(rc_pr_row *rows, size_t count)
{
    rc_sql_rows_free(rows, count, sizeof *rows, pr_clear);
}

static const rc_sql_rowtype pr_type = {sizeof(rc_pr_row), pr_of, pr_clear, "reading pull requests"};

int rc_github_prs(rc_pr_row **out, size_t *count, rc_db *db, const char *base)
{
    return rc_sql_select(out, count, db, &pr_type,
                         "SELECT number, title, author, state, base, labels, milestone,"
                         " merge_sha, url, merged_at FROM prs WHERE (?1 IS NULL OR base = ?1)"
                         " ORDER BY COALESCE(merged_at, updated_at) DESC, number DESC",
                         1, base);
}

static void request_of(void *row, sqlite3_stmt *st)
{
    rc_tracker_request_row *q = row;
    q->comment_id = sqlite3_column_int64(st, 0);
    char **const text[] = {&q->author, &q->trunk_prs, &q->release_prs, &q->category};
    rc_sql_dups(text, 4, st, 1);
    opt_bool(&q->has_checked, &q->checked, st, 5);
    opt_bool(&q->has_on_trunk, &q->on_trunk, st, 6);
    q->tracker = sqlite3_column_int64(st, 7);
    q->version = rc_sql_dup(st, 8);
    q->title = rc_sql_dup(st, 9);
}

static void request_clear(void *row)
{
    rc_tracker_request_row *q = row;
    char **const text[] = {&q->author,   &q->trunk_prs, &q->release_prs,
                           &q->category, &q->version,   &q->title};
    rc_strs_clear(text, 6);
}

void rc_tracker_request_rows_free(rc_tracker_request_row *rows, size_t count)
{
    rc_sql_rows_free(rows, count, sizeof *rows, request_clear);
}

static const rc_sql_rowtype request_type = {sizeof(rc_tracker_request_row), request_of,
                                            request_clear, "reading tracker requests"};

int rc_github_tracker_requests(rc_tracker_request_row **out, size_t *count, rc_db *db,
                               const char *version)
{
    return rc_sql_select(out, count, db, &request_type,
                         "SELECT r.comment_id, r.author, r.trunk_prs, r.release_prs, r.category,"
                         " r.checked, r.on_trunk, t.number, t.version, t.title"
                         " FROM tracker_requests r JOIN trackers t ON t.number = r.tracker"
                         " WHERE (?1 IS NULL OR t.version = ?1)"
                         " ORDER BY t.number, r.comment_id < 0 DESC, r.comment_id",
                         1, version);
}

/* The first column of a one-row query on version, 0 when no row. */
static int one_number(long *out, rc_db *db, const char *sql, const char *version)
{
    int64_t v;
    int r = rc_sql_count(&v, db, "reading trackers", sql, 1, version);
    *out = (long)v;
    return r;
}

int rc_github_tracker_count(long *out, rc_db *db, const char *version)
{
    return one_number(out, db, "SELECT count(*) FROM trackers WHERE version = ?", version);
}

int rc_github_tracker_number(long *out, rc_db *db, const char *version)
{
    return one_number(out, db,
                      "SELECT number FROM trackers WHERE version = ?"
                      " ORDER BY state = 'open' DESC, number DESC LIMIT 1",
                      version);
}
