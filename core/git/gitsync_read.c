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

static const rc_sql_rowtype name_type = {sizeof(char *), name_of, rc_sql_clear_text,
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

/* The text members of a branch row, in the order of BRANCH_COLS. */
#define BRANCH_TEXTS(b)                                                                            \
    {                                                                                              \
        &(b)->name, &(b)->version, &(b)->release, &(b)->status, &(b)->head_sha, &(b)->cut_sha,     \
            &(b)->latest_tag, &(b)->ci                                                             \
    }

static void branch_of(void *row, sqlite3_stmt *st)
{
    rc_branch_row *b = row;
    char **const text[] = BRANCH_TEXTS(b);
    rc_sql_dups(text, 8, st, 0);
    read_int(&b->head_date, &b->has_head_date, st, 8);
    read_int(&b->cut_date, &b->has_cut_date, st, 9);
    read_int(&b->ahead, &b->has_ahead, st, 10);
    read_int(&b->behind, &b->has_behind, st, 11);
    b->remote = sqlite3_column_int(st, 12) != 0;
}

static void branch_clear(void *row)
{
    rc_branch_row *b = row;
    char **const text[] = BRANCH_TEXTS(b);
    rc_strs_clear(text, 8);
    memset(b, 0, sizeof *b);
}

static const rc_sql_rowtype branch_type = {sizeof(rc_branch_row), branch_of, branch_clear,
                                           "reading branches"};

void rc_branch_row_free(rc_branch_row *b)
{
    branch_clear(b);
}

void rc_branch_rows_free(rc_branch_row *rows, size_t count)
{
    rc_sql_rows_free(rows, count, sizeof *rows, branch_clear);
}

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

/* The text members of a tag row, in the order of TAG_COLS. */
#define TAG_TEXTS(t)                                                                               \
    {                                                                                              \
        &(t)->name, &(t)->version, &(t)->release, &(t)->kind, &(t)->sha, &(t)->branch, &(t)->ci    \
    }

static void tag_of(void *row, sqlite3_stmt *st)
{
    rc_tag_row *t = row;
    char **const text[] = TAG_TEXTS(t);
    rc_sql_dups(text, 7, st, 0);
    read_int(&t->date, &t->has_date, st, 7);
    t->on_main = sqlite3_column_int(st, 8) != 0;
}

static void tag_clear(void *row)
{
    rc_tag_row *t = row;
    char **const text[] = TAG_TEXTS(t);
    rc_strs_clear(text, 7);
    memset(t, 0, sizeof *t);
}

static const rc_sql_rowtype tag_type = {sizeof(rc_tag_row), tag_of, tag_clear, "reading tags"};

void rc_tag_row_free(rc_tag_row *t)
{
    tag_clear(t);
}

void rc_tag_rows_free(rc_tag_row *rows, size_t count)
{
    rc_sql_rows_free(rows, count, sizeof *rows, tag_clear);
}

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
