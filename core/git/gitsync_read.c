/* Reads of the tables git sync owns (branches, tags), for other rooms. */
#include "core/git/gitsync.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

int rc_gitsync_branch_names(char ***out, size_t *count, rc_db *db, const char *status)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT name FROM branches WHERE ?1 IS NULL OR status = ?1 "
                          "ORDER BY sortkey DESC, name");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
    char **v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        v[n++] = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_strv_free(v, n);
        return rc_db_error(db, "reading branch names");
    }
    *out = v;
    *count = n;
    return 0;
}

#define BRANCH_COLS                                                                                \
    "name, version, release, status, head_sha, cut_sha, latest_tag, ci, head_date, cut_date,"      \
    " ahead, behind, remote"

static void read_int(int64_t *v, bool *has, sqlite3_stmt *st, int i)
{
    *has = sqlite3_column_type(st, i) != SQLITE_NULL;
    *v = *has ? sqlite3_column_int64(st, i) : 0;
}

static void branch_of(rc_branch_row *b, sqlite3_stmt *st)
{
    char **text[] = {&b->name,     &b->version, &b->release,    &b->status,
                     &b->head_sha, &b->cut_sha, &b->latest_tag, &b->ci};
    for (int i = 0; i < 8; i++)
        *text[i] = rc_sql_dup(st, i);
    read_int(&b->head_date, &b->has_head_date, st, 8);
    read_int(&b->cut_date, &b->has_cut_date, st, 9);
    read_int(&b->ahead, &b->has_ahead, st, 10);
    read_int(&b->behind, &b->has_behind, st, 11);
    b->remote = sqlite3_column_int(st, 12) != 0;
}

void rc_branch_row_free(rc_branch_row *b)
{
    free(b->name);
    free(b->version);
    free(b->release);
    free(b->status);
    free(b->head_sha);
    free(b->cut_sha);
    free(b->latest_tag);
    free(b->ci);
    memset(b, 0, sizeof *b);
}

void rc_branch_rows_free(rc_branch_row *rows, size_t count)
{
    for (size_t i = 0; i < count; i++)
        rc_branch_row_free(&rows[i]);
    free(rows);
}

int rc_gitsync_branches(rc_branch_row **out, size_t *count, rc_db *db, const char *status,
                        bool newest_first)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          newest_first ? "SELECT " BRANCH_COLS " FROM branches"
                                         " WHERE ?1 IS NULL OR status = ?1"
                                         " ORDER BY sortkey DESC, name"
                                       : "SELECT " BRANCH_COLS " FROM branches"
                                         " WHERE ?1 IS NULL OR status = ?1"
                                         " ORDER BY sortkey, name");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, status);
    rc_branch_row *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        memset(&v[n], 0, sizeof *v);
        branch_of(&v[n++], st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_branch_rows_free(v, n);
        return rc_db_error(db, "reading branches");
    }
    *out = v;
    *count = n;
    return 0;
}

int rc_gitsync_branch_get(rc_branch_row *out, rc_db *db, const char *name)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT " BRANCH_COLS " FROM branches WHERE name = ?");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        branch_of(out, st);
    else if (rc == SQLITE_DONE)
        r = rc_error_set(RC_ENOTFOUND, "no branch '%s' in the cache", name);
    else
        r = rc_db_error(db, "reading branch");
    sqlite3_finalize(st);
    return r;
}

#define TAG_COLS "name, version, release, kind, sha, branch, ci, date, on_main"

static void tag_of(rc_tag_row *t, sqlite3_stmt *st)
{
    char **text[] = {&t->name, &t->version, &t->release, &t->kind, &t->sha, &t->branch, &t->ci};
    for (int i = 0; i < 7; i++)
        *text[i] = rc_sql_dup(st, i);
    read_int(&t->date, &t->has_date, st, 7);
    t->on_main = sqlite3_column_int(st, 8) != 0;
}

void rc_tag_row_free(rc_tag_row *t)
{
    free(t->name);
    free(t->version);
    free(t->release);
    free(t->kind);
    free(t->sha);
    free(t->branch);
    free(t->ci);
    memset(t, 0, sizeof *t);
}

void rc_tag_rows_free(rc_tag_row *rows, size_t count)
{
    for (size_t i = 0; i < count; i++)
        rc_tag_row_free(&rows[i]);
    free(rows);
}

int rc_gitsync_tags(rc_tag_row **out, size_t *count, rc_db *db, const char *release,
                    const char *kind, bool newest_first)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          newest_first ? "SELECT " TAG_COLS " FROM tags"
                                         " WHERE (?1 IS NULL OR release = ?1)"
                                         " AND (?2 IS NULL OR kind = ?2)"
                                         " ORDER BY sortkey DESC, name"
                                       : "SELECT " TAG_COLS " FROM tags"
                                         " WHERE (?1 IS NULL OR release = ?1)"
                                         " AND (?2 IS NULL OR kind = ?2)"
                                         " ORDER BY sortkey, name");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, release);
    rc_sql_bind_text(st, 2, kind);
    rc_tag_row *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        memset(&v[n], 0, sizeof *v);
        tag_of(&v[n++], st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_tag_rows_free(v, n);
        return rc_db_error(db, "reading tags");
    }
    *out = v;
    *count = n;
    return 0;
}

int rc_gitsync_tag_get(rc_tag_row *out, rc_db *db, const char *name)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT " TAG_COLS " FROM tags WHERE name = ?");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, name);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        tag_of(out, st);
    else if (rc == SQLITE_DONE)
        r = rc_error_set(RC_ENOTFOUND, "no tag '%s' in the cache", name);
    else
        r = rc_db_error(db, "reading tag");
    sqlite3_finalize(st);
    return r;
}

int rc_gitsync_commit_summary(char **subject, char **author, rc_db *db, const char *sha)
{
    *subject = *author = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT subject, author_name FROM commits WHERE sha = ?");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, sha);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *subject = rc_sql_dup(st, 0);
        *author = rc_sql_dup(st, 1);
    } else if (rc != SQLITE_DONE) {
        r = rc_db_error(db, "reading commit");
    }
    sqlite3_finalize(st);
    return r;
}
