/* Reads of line_commits by commit. */
#include "core/git/gitsync_line.h"

#include "core/base/sql.h"

int rc_gitsync_on_line(rc_db *db, const char *line, const char *sha)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT 1 FROM line_commits WHERE line = ?1 AND sha = ?2");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, line);
    rc_sql_bind_text(st, 2, sha);
    r = sqlite3_step(st);
    r = r == SQLITE_ROW ? 1 : r == SQLITE_DONE ? 0 : rc_db_error(db, "reading line_commits");
    sqlite3_finalize(st);
    return r;
}
