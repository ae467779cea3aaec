/* Reads of line_commits by commit. */
#include "core/git/gitsync_line.h"

#include "core/base/sql.h"

int rc_gitsync_on_line(rc_db *db, const char *line, const char *sha)
{
    int64_t n;
    int r = rc_sql_count(&n, db, "reading line_commits",
                         "SELECT 1 FROM line_commits WHERE line = ?1 AND sha = ?2", 2, line, sha);
    return r ? r : n != 0;
}
