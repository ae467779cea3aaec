/* Samples by the directory their files were imported from. */
#include "core/bench/bench_samples.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

/* A file is under dir when its path is dir or starts with "dir/"; the
 * prefix is compared as bytes (substr), never as a LIKE pattern, so '%' or
 * '_' in a path mean themselves. */
#define UNDER                                                                                      \
    " JOIN bench_files f ON f.id = r.file_id WHERE (f.path = ?1 OR substr(f.path, 1,"              \
    " length(?1) + 1) = ?1 || '/') AND r.hardware = ?2 AND r.model = ?3 AND r.test = ?4"

int rc_bench_samples_under(double **out, size_t *n, rc_db *db, const char *dir,
                           const char *hardware, const char *model, const char *test,
                           const char *metric)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT r.value FROM bench_results r" UNDER " AND r.metric = ?5"
                          " ORDER BY r.id");
    if (r)
        return r;
    const char *binds[] = {dir, hardware, model, test, metric};
    for (int i = 0; i < 5; i++)
        rc_sql_bind_text(st, i + 1, binds[i]);
    double *v = NULL;
    size_t cnt = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        v = rc_xrealloc(v, (cnt + 1) * sizeof *v);
        v[cnt++] = sqlite3_column_double(st, 0);
    }
    sqlite3_finalize(st);
    if (s != SQLITE_DONE) {
        free(v);
        return rc_db_error(db, "reading samples");
    }
    *out = v;
    *n = cnt;
    return 0;
}

int rc_bench_metrics_under(char **out, rc_db *db, const char *dir, const char *hardware,
                           const char *model, const char *test)
{
    *out = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(
        &st, db, "SELECT DISTINCT r.metric FROM bench_results r" UNDER " ORDER BY r.metric");
    if (r)
        return r;
    const char *binds[] = {dir, hardware, model, test};
    for (int i = 0; i < 4; i++)
        rc_sql_bind_text(st, i + 1, binds[i]);
    rc_buf b = {0};
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW)
        rc_buf_printf(&b, "%s%s", b.len ? ", " : "", rc_sql_text(st, 0));
    sqlite3_finalize(st);
    if (s != SQLITE_DONE) {
        rc_buf_free(&b);
        return rc_db_error(db, "reading metrics");
    }
    char *list = rc_buf_detach(&b);
    *out = list ? list : rc_xstrdup("");
    return 0;
}
