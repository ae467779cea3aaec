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

static void pr_of(rc_pr_row *p, sqlite3_stmt *st)
{
    memset(p, 0, sizeof *p);
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

int rc_github_prs(rc_pr_row **out, size_t *count, rc_db *db, const char *base)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT number, title, author, state, base, labels, milestone,"
                          " merge_sha, url, merged_at FROM prs WHERE (?1 IS NULL OR base = ?1)"
                          " ORDER BY COALESCE(merged_at, updated_at) DESC, number DESC");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, base);
    rc_pr_row *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        pr_of(&v[n++], st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_pr_rows_free(v, n);
        return rc_db_error(db, "reading pull requests");
    }
    *out = v;
    *count = n;
    return 0;
}

static void request_of(rc_tracker_request_row *q, sqlite3_stmt *st)
{
    memset(q, 0, sizeof *q);
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

int rc_github_tracker_requests(rc_tracker_request_row **out, size_t *count, rc_db *db,
                               const char *version)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT r.comment_id, r.author, r.trunk_prs, r.release_prs, r.category,"
                          " r.checked, r.on_trunk, t.number, t.version, t.title"
                          " FROM tracker_requests r JOIN trackers t ON t.number = r.tracker"
                          " WHERE (?1 IS NULL OR t.version = ?1)"
                          " ORDER BY t.number, r.comment_id < 0 DESC, r.comment_id");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, version);
    rc_tracker_request_row *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        request_of(&v[n++], st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_tracker_request_rows_free(v, n);
        return rc_db_error(db, "reading tracker requests");
    }
    *out = v;
    *count = n;
    return 0;
}

/* The first column of a one-row query on version, 0 when no row. */
static int one_number(long *out, rc_db *db, const char *sql, const char *version)
{
    *out = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, sql);
    if (r)
        return r;
    rc_sql_bind_text(st, 1, version);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        r = rc_db_error(db, "reading trackers");
    sqlite3_finalize(st);
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
