/* Reads of the tables git sync owns (branches, tags), for other rooms. */
#include "core/git/gitsync.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static void name_of(void *row, sqlite3_stmt *st)
{
    *(char **)row = rc_xstrdup(rc_sql_text(st, 0));
}

static void strv_free(void *v, size_t n)
{
    rc_strv_free(v, n);
}

static const rc_sql_rowtype name_type = {sizeof(char *), name_of, strv_free,
                                         "reading branch names"};

int rc_gitsync_branch_names(char ***out, size_t *count, rc_db *db, const char *status)
{
    return rc_sql_select(out, count, db, &name_type,
                         "SELECT name FROM branches WHERE ?1 IS NULL OR status = ?1 "
                         "ORDER BY sortkey DESC, name",
                         1, status);
}

#define BRANCH_COLS                                                                                \
    "name, version, release, status, head_sha, cut_sha, latest_tag, ci, head_date, cut_date,"      \
    " ahead, behind, remote"

static void read_int(int64_t *v, bool *has, sqlite3_stmt *st, int i)
{
    *has = sqlite3_column_type(st, i) != SQLITE_NULL;
    *v = *has ? sqlite3_column_int64(st, i) : 0;
}

static void branch_of(void *row, sqlite3_stmt *st)
{
    rc_branch_row *b = row;
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

static void branch_rows_free(void *rows, size_t count)
{
    rc_branch_rows_free(rows, count);
}

static const rc_sql_rowtype branch_type = {sizeof(rc_branch_row), branch_of, branch_rows_free,
                                           "reading branches"};

int rc_gitsync_branches(rc_branch_row **out, size_t *count, rc_db *db, const char *status,
                        bool newest_first)
{
    return rc_sql_select(out, count, db, &branch_type,
                         newest_first ? "SELECT " BRANCH_COLS " FROM branches"
                                        " WHERE ?1 IS NULL OR status = ?1"
                                        " ORDER BY sortkey DESC, name"
                                      : "SELECT " BRANCH_COLS " FROM branches"
                                        " WHERE ?1 IS NULL OR status = ?1"
                                        " ORDER BY sortkey, name",
                         1, status);
}

int rc_gitsync_branch_get(rc_branch_row *out, rc_db *db, const char *name)
{
    memset(out, 0, sizeof *out);
    bool found;
    int r = rc_sql_first(&found, out, db, &branch_type,
                         "SELECT " BRANCH_COLS " FROM branches WHERE name = ?1", 1, name);
    if (!r && !found)
        r = rc_error_set(RC_ENOTFOUND, "no branch '%s' in the cache", name);
    return r;
}

#define TAG_COLS "name, version, release, kind, sha, branch, ci, date, on_main"

static void tag_of(void *row, sqlite3_stmt *st)
{
    rc_tag_row *t = row;
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

static void tag_rows_free(void *rows, size_t count)
{
    rc_tag_rows_free(rows, count);
}

static const rc_sql_rowtype tag_type = {sizeof(rc_tag_row), tag_of, tag_rows_free, "reading tags"};

int rc_gitsync_tags(rc_tag_row **out, size_t *count, rc_db *db, const char *release,
                    const char *kind, bool newest_first)
{
    return rc_sql_select(out, count, db, &tag_type,
                         newest_first ? "SELECT " TAG_COLS " FROM tags"
                                        " WHERE (?1 IS NULL OR release = ?1)"
                                        " AND (?2 IS NULL OR kind = ?2)"
                                        " ORDER BY sortkey DESC, name"
                                      : "SELECT " TAG_COLS " FROM tags"
                                        " WHERE (?1 IS NULL OR release = ?1)"
                                        " AND (?2 IS NULL OR kind = ?2)"
                                        " ORDER BY sortkey, name",
                         2, release, kind);
}

/* By name first; else any spelling of the same PEP 440 version (v0.9.2rc1
 * finds the tag written v0.9.2-rc1): equal versions have equal sort keys. */
int rc_gitsync_tag_get(rc_tag_row *out, rc_db *db, const char *name)
{
    memset(out, 0, sizeof *out);
    char key[RC_VERSION_STRLEN * 2] = "";
    rc_version v;
    if (rc_version_parse(&v, name) == 0)
        rc_version_sortkey(key, sizeof key, &v);
    rc_error_clear();
    bool found;
    int r = rc_sql_first(&found, out, db, &tag_type,
                         "SELECT " TAG_COLS " FROM tags WHERE name = ?1"
                         " OR (?2 <> '' AND sortkey = ?2) ORDER BY name <> ?1, name LIMIT 1",
                         2, name, (const char *)key);
    if (!r && !found)
        r = rc_error_set(RC_ENOTFOUND, "no tag '%s' in the cache", name);
    return r;
}

static void pair_of(void *row, sqlite3_stmt *st)
{
    char **pair = row;
    pair[0] = rc_sql_dup(st, 0);
    pair[1] = rc_sql_dup(st, 1);
}

int rc_gitsync_commit_summary(char **subject, char **author, rc_db *db, const char *sha)
{
    *subject = *author = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT subject, author_name FROM commits WHERE sha = ?");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, sha);
    char *pair[2] = {NULL, NULL};
    bool found;
    r = rc_sql_one(&found, pair, db, st, pair_of, "reading commit");
    *subject = pair[0];
    *author = pair[1];
    return r;
}
