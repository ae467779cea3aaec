/* Reads of the tables git sync owns (branches, tags), for other rooms. */
#include "core/git/gitsync.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <sqlite3.h>
#include <stdlib.h>

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
