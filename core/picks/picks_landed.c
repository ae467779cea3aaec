/* Reads of the engine's results keyed by the branch commit. */
#include "core/picks/picks_landed.h"

#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rc_picks_landed_get(rc_picks_landed *out, rc_db *db, const char *branch, const char *sha)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_sql_prepare(&st, db,
                           "SELECT p.sha, p.pr, COALESCE(k.category, p.category), p.evidence,"
                           " p.reverts, c.subject FROM picks p"
                           " LEFT JOIN pick_decisions k ON k.branch = p.branch AND k.sha = p.sha"
                           " LEFT JOIN commits c ON c.sha = p.sha"
                           " WHERE p.branch = ?1 AND p.picked_as = ?2 ORDER BY p.pos LIMIT 1",
                           2, branch, sha);
    if (r)
        return r;
    r = sqlite3_step(st);
    if (r == SQLITE_ROW) {
        snprintf(out->candidate, sizeof out->candidate, "%s",
                 rc_sql_text(st, 0) ? rc_sql_text(st, 0) : "");
        out->pr = (long)sqlite3_column_int64(st, 1);
        char **const text[] = {&out->category, &out->evidence, &out->reverts, &out->subject};
        rc_sql_dups(text, 4, st, 2);
        r = 1;
    } else {
        r = r == SQLITE_DONE ? 0 : rc_db_error(db, "reading picks");
    }
    sqlite3_finalize(st);
    return r;
}

void rc_picks_landed_free(rc_picks_landed *l)
{
    if (!l)
        return;
    char **const strs[] = {&l->category, &l->evidence, &l->reverts, &l->subject};
    rc_strs_clear(strs, 4);
    memset(l, 0, sizeof *l);
}

int rc_picks_violation_reason(char **out, rc_db *db, const char *branch, const char *sha)
{
    return rc_sql_text_first(out, db, "reading violations",
                             "SELECT reason FROM violations WHERE branch = ?1 AND sha = ?2", 2,
                             branch, sha);
}
