/* The captain's triage of benchmark rows: a decision per release,
 * hardware, model, test and metric, logged in decision_log. */
#include "core/bench/bench_diff.h"

#include "core/base/error.h"
#include "core/base/sql.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The decision row, inserted or replaced (a note given before stays). */
static int save_decision(rc_db *db, const char *const parts[5], const char *decision,
                         const char *note, const char *author, int64_t now)
{
    sqlite3_stmt *st;
    int r = rc_sql_prepare(
        &st, db,
        "INSERT INTO bench_decisions(release, hardware, model, test, metric, decision,"
        " note, author, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        " ON CONFLICT(release, hardware, model, test, metric) DO UPDATE SET"
        " decision = excluded.decision, note = COALESCE(excluded.note, note),"
        " author = excluded.author, decided_at = excluded.decided_at",
        8, parts[0], parts[1], parts[2], parts[3], parts[4], decision, note, author);
    if (r)
        return r;
    sqlite3_bind_int64(st, 9, now);
    return rc_sql_done(db, st, "saving the benchmark decision");
}

/* The same decision appended to decision_log, keyed by the row's parts. */
static int log_decision(rc_db *db, const char *const parts[5], const char *decision,
                        const char *note, const char *author, int64_t now)
{
    cJSON *key = cJSON_CreateArray();
    for (size_t i = 0; i < 5; i++)
        cJSON_AddItemToArray(key, cJSON_CreateString(parts[i]));
    char *keys = cJSON_PrintUnformatted(key);
    cJSON_Delete(key);
    sqlite3_stmt *st;
    int r = rc_sql_prepare(&st, db,
                           "INSERT INTO decision_log(scope, key, decision, note, author, at)"
                           " VALUES ('bench', ?, ?, ?, ?, ?)",
                           4, keys, decision, note, author);
    free(keys);
    if (r)
        return r;
    sqlite3_bind_int64(st, 5, now);
    return rc_sql_done(db, st, "logging the benchmark decision");
}

int rc_bench_decide(rc_db *db, const char *release, const char *hardware, const char *model,
                    const char *test, const char *metric, const char *decision, const char *note,
                    const char *author)
{
    if (strcmp(decision, "approve") && strcmp(decision, "reject") && strcmp(decision, "defer"))
        return rc_error_set(RC_EUSAGE, "decision '%s' is not approve, reject or defer", decision);
    if (!release || !*release)
        return rc_error_set(RC_EUSAGE, "a benchmark decision needs a release (X.Y.Z)");
    int64_t known = 0;
    int r = rc_sql_count(&known, db, "reading benchmark results",
                         "SELECT count(*) FROM (SELECT 1 FROM bench_results WHERE hardware = ?"
                         " AND model = ? AND test = ? AND metric = ? LIMIT 1)",
                         4, hardware, model, test, metric);
    if (r)
        return r;
    if (!known)
        return rc_error_set(RC_ENOTFOUND, "no benchmark results for %s / %s / %s / %s", hardware,
                            model, test, metric);
    const char *const parts[] = {release, hardware, model, test, metric};
    int64_t now = (int64_t)time(NULL);
    if ((r = rc_db_begin(db)))
        return r;
    if ((r = save_decision(db, parts, decision, note, author, now)) ||
        (r = log_decision(db, parts, decision, note, author, now))) {
        rc_db_rollback(db);
        return r;
    }
    return rc_db_commit(db);
}
