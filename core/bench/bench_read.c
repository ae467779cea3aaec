/* Reads of the benchmark store for display (commands and the cockpit). */
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/bench/bench.h"

#include <stdlib.h>
#include <string.h>

void rc_bench_tags_free(rc_bench_tag *tags, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(tags[i].name);
        free(tags[i].release);
        free(tags[i].sha);
        free(tags[i].kind);
    }
    free(tags);
}

int rc_bench_tags(rc_bench_tag **out, size_t *count, rc_db *db)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT t.name, t.release, t.sha, t.kind FROM tags t WHERE EXISTS "
                          "(SELECT 1 FROM bench_results r WHERE r.commit_sha = t.sha OR "
                          "(r.commit_sha IS NULL AND r.tag = t.name)) ORDER BY t.sortkey DESC");
    if (r)
        return r;
    rc_bench_tag *v = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (n + 1) * sizeof *v);
        v[n].name = rc_sql_dup(st, 0);
        v[n].release = rc_sql_dup(st, 1);
        v[n].sha = rc_sql_dup(st, 2);
        v[n].kind = rc_sql_dup(st, 3);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        rc_bench_tags_free(v, n);
        return rc_db_error(db, "reading benchmarked tags");
    }
    *out = v;
    *count = n;
    return 0;
}

int rc_bench_count_results(long *out, rc_db *db, const char *hardware, const char *model,
                           const char *sha, const char *tag)
{
    *out = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT count(*) FROM bench_results WHERE hardware = ?1"
                          " AND (?2 IS NULL OR model = ?2) AND (commit_sha = ?3 OR tag = ?4)");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, hardware);
    rc_sql_bind_text(st, 2, model);
    rc_sql_bind_text(st, 3, sha);
    rc_sql_bind_text(st, 4, tag);
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = (long)sqlite3_column_int64(st, 0);
    else
        r = rc_db_error(db, "cannot count benchmark results");
    sqlite3_finalize(st);
    return r;
}
