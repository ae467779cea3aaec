/* Reads of the prs table by number. */
#include "core/github/github_pr.h"

#include "core/base/sql.h"

#include <stddef.h>

int rc_github_pr_author(char **out, rc_db *db, long number)
{
    *out = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT author FROM prs WHERE number = ?1 AND author <> ''");
    if (r)
        return r;
    sqlite3_bind_int64(st, 1, number);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = rc_sql_dup(st, 0);
    sqlite3_finalize(st);
    return 0;
}
