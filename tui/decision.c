#include "tui/decision.h"

#include "core/error.h"

#include <time.h>

int rc_tui_decision_save(rc_db *db, const char *branch, const char *sha, long pr,
                         const char *decision, const char *category, const char *note,
                         const char *author)
{
    int r = rc_db_begin(db);
    if (r)
        return r;
    sqlite3_stmt *st = NULL;
    int64_t now = (int64_t)time(NULL);
    r = rc_db_prepare(&st, db,
                      "INSERT INTO pick_decisions(branch, sha, pr, decision, category, note, "
                      "author, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                      "ON CONFLICT(branch, sha) DO UPDATE SET "
                      "pr = coalesce(excluded.pr, pr), "
                      "decision = coalesce(excluded.decision, decision), "
                      "category = coalesce(excluded.category, category), "
                      "note = coalesce(excluded.note, note), "
                      "author = excluded.author, decided_at = excluded.decided_at");
    if (r)
        goto fail;
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
    if (pr > 0)
        sqlite3_bind_int64(st, 3, pr);
    sqlite3_bind_text(st, 4, decision, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, category, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, note, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, author, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 8, now);
    if (sqlite3_step(st) != SQLITE_DONE) {
        r = rc_db_error(db, "saving the decision");
        goto fail;
    }
    sqlite3_finalize(st);
    st = NULL;
    /* the log keeps the row as it now stands */
    r = rc_db_prepare(&st, db,
                      "INSERT INTO decision_log(scope, key, decision, category, note, author, at) "
                      "SELECT 'pick', branch || ' ' || sha, decision, category, note, author, "
                      "decided_at FROM pick_decisions WHERE branch = ?1 AND sha = ?2");
    if (r)
        goto fail;
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) {
        r = rc_db_error(db, "logging the decision");
        goto fail;
    }
    sqlite3_finalize(st);
    return rc_db_commit(db);
fail:
    sqlite3_finalize(st);
    rc_db_rollback(db);
    return r;
}
