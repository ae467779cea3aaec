#include "core/base/sql.h"
#include "core/base/util.h"

const char *rc_sql_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

char *rc_sql_dup(sqlite3_stmt *st, int i)
{
    const char *s = rc_sql_text(st, i);
    return s ? rc_xstrdup(s) : NULL;
}

void rc_sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void rc_sql_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    rc_sql_bind_text(st, i, s && *s ? s : NULL);
}

void rc_sql_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
    if (t)
        sqlite3_bind_int64(st, i, t);
    else
        sqlite3_bind_null(st, i);
}
