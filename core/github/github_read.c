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

static void pr_of(void *row, sqlite3_stmt *st)
{
    rc_pr_row *p = row;
    p->number = sqlite3_column_int64(st, 0);
    char **text[] = {&p->title,  &p->author,    &p->state,     &p->base,
                     &p->labels, &p->milestone, &p->merge_sha, &p->url};
    for (int i = 0; i < 8; i++)
        *text[i] = rc_sql_dup(st, i + 1);
    p->has_merged_at = sqlite3_column_type(st, 9) != SQLITE_NULL;
    p->merged_at = sqlite3_column_int64(st, 9);
}

void rc_pr_rows_free(rc_pr_row *rows, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        rc_pr_row *p = &rows[i];
        free(p->title);
        free(p->author);
        free(p->state);
        free(p->base);
        free(p->labels);
        free(p->milestone);
        free(p->merge_sha);
        free(p->url);
    }
    free(rows);
}

static void pr_rows_free(void *rows, size_t count)
{
    rc_pr_rows_free(rows, count);
}

static const rc_sql_rowtype pr_type = {sizeof(rc_pr_row), pr_of, pr_rows_free,
                                       "reading pull requests"};

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
    q->author = rc_sql_dup(st, 1);
    q->trunk_prs = rc_sql_dup(st, 2);
    q->release_prs = rc_sql_dup(st, 3);
    q->category = rc_sql_dup(st, 4);
    opt_bool(&q->has_checked, &q->checked, st, 5);
    opt_bool(&q->has_on_trunk, &q->on_trunk, st, 6);
    q->tracker = sqlite3_column_int64(st, 7);
    q->version = rc_sql_dup(st, 8);
    q->title = rc_sql_dup(st, 9);
}

void rc_tracker_request_rows_free(rc_tracker_request_row *rows, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        rc_tracker_request_row *q = &rows[i];
        free(q->author);
        free(q->trunk_prs);
        free(q->release_prs);
        free(q->category);
        free(q->version);
        free(q->title);
    }
    free(rows);
}

static void request_rows_free(void *rows, size_t count)
{
    rc_tracker_request_rows_free(rows, count);
}

static const rc_sql_rowtype request_type = {sizeof(rc_tracker_request_row), request_of,
                                            request_rows_free, "reading tracker requests"};

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
