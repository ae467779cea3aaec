/* A metric's history across a release line: the median of each tag's
 * samples, one series per hardware, model and test. */
#include "core/bench/bench_diff.h"
#include "core/bench/bench_internal.h"

#include "core/bench/bench.h"
#include "core/bench/bench_stats.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Index of the row's series, added when new (an index, not a pointer: the
 * array grows). */
static size_t series_find(rc_bench_history *h, sqlite3_stmt *st)
{
    const char *hw = (const char *)sqlite3_column_text(st, 0);
    const char *model = (const char *)sqlite3_column_text(st, 2);
    const char *test = (const char *)sqlite3_column_text(st, 3);
    for (size_t i = 0; i < h->nseries; i++) {
        rc_bench_series *s = &h->series[i];
        if (!strcmp(s->hardware, hw) && !strcmp(s->model, model) && !strcmp(s->test, test))
            return i;
    }
    h->series = rc_xrealloc(h->series, (h->nseries + 1) * sizeof *h->series);
    rc_bench_series *s = &h->series[h->nseries++];
    s->hardware = rc_xstrdup(hw);
    s->backend = rc_sql_dup(st, 1);
    s->model = rc_xstrdup(model);
    s->test = rc_xstrdup(test);
    s->unit = rc_sql_dup(st, 4);
    if (!s->unit)
        s->unit = rc_xstrdup("");
    s->values = rc_xmalloc((h->ntags ? h->ntags : 1) * sizeof *s->values);
    s->counts = rc_xcalloc(h->ntags ? h->ntags : 1, sizeof *s->counts);
    for (size_t i = 0; i < h->ntags; i++)
        s->values[i] = NAN;
    return h->nseries - 1;
}

static int series_cmp(const void *pa, const void *pb)
{
    const rc_bench_series *a = pa, *b = pb;
    int d;
    if ((d = strcmp(a->hardware, b->hardware)) || (d = strcmp(a->model, b->model)))
        return d;
    return strcmp(a->test, b->test);
}

/* A tag of the line: its name and commit. */
typedef struct {
    char *name, *sha;
} line_tag;

static void line_tag_fill(void *row, sqlite3_stmt *st)
{
    line_tag *t = row;
    t->name = rc_sql_dup(st, 0);
    t->sha = rc_sql_dup(st, 1);
}

static void line_tag_clear(void *row)
{
    line_tag *t = row;
    free(t->name);
    free(t->sha);
}

static void line_tags_free(line_tag *t, size_t n)
{
    rc_sql_rows_free(t, n, sizeof *t, line_tag_clear);
}

static const rc_sql_rowtype line_tag_type = {sizeof(line_tag), line_tag_fill, line_tag_clear,
                                             "reading tags"};

/* The newest release line with tagged results for the metric. */
static int history_release(char **out, rc_db *db, const char *metric,
                           const rc_bench_diff_opts *opts)
{
    line_tag *t = NULL;
    size_t n = 0;
    *out = NULL;
    int r = rc_sql_select(
        &t, &n, db, &line_tag_type,
        "SELECT t.release, NULL FROM tags t WHERE t.kind != 'dev' AND EXISTS"
        " (SELECT 1 FROM bench_results r WHERE " MATCH(
            "t.sha", "t.name") " AND r.metric = ?1 AND (?2 IS NULL OR r.hardware = ?2)"
                               " AND (?3 IS NULL OR r.model = ?3))"
                               " ORDER BY t.sortkey DESC LIMIT 1",
        3, metric, opts->hardware, opts->model);
    if (!r && n && t[0].name) {
        *out = t[0].name;
        t[0].name = NULL;
    }
    line_tags_free(t, n);
    if (!r && !*out)
        r = rc_error_set(RC_ENOTFOUND, "no tagged results for metric '%s'", metric);
    return r;
}

/* One tag's medians into column t of each series (found or added). */
static void history_column(rc_bench_history *h, size_t t, sqlite3_stmt *st, rc_dvec *vals)
{
    size_t cur = SIZE_MAX;
    for (;;) {
        int s = sqlite3_step(st);
        size_t next = s == SQLITE_ROW ? series_find(h, st) : SIZE_MAX;
        if (cur != SIZE_MAX && cur != next) {
            h->series[cur].values[t] = rc_bench_median(vals->v, vals->n);
            h->series[cur].counts[t] = vals->n;
            vals->n = 0;
        }
        if (s != SQLITE_ROW)
            break;
        cur = next;
        rc_dvec_push(vals, sqlite3_column_double(st, 5));
    }
}

static int history_series(rc_bench_history *h, const line_tag *tags, rc_db *db,
                          const rc_bench_diff_opts *opts)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(
        &st, db,
        "SELECT hardware, backend, model, test, unit, value FROM bench_results r"
        " WHERE r.metric = ?1 AND " MATCH(
            "?2", "?3") " AND (?4 IS NULL OR r.hardware = ?4) AND (?5 IS NULL OR r.model = ?5)"
                        " ORDER BY hardware, model, test");
    if (r)
        return r;
    rc_dvec vals = {0};
    for (size_t t = 0; t < h->ntags; t++) {
        rc_sql_rebind(st, 5, h->metric, tags[t].sha, h->tags[t], opts->hardware, opts->model);
        history_column(h, t, st, &vals);
    }
    free(vals.v);
    sqlite3_finalize(st);
    if (h->nseries)
        qsort(h->series, h->nseries, sizeof *h->series, series_cmp);
    return 0;
}

int rc_bench_history_compute(rc_bench_history **out, rc_db *db, const char *metric,
                             const char *release, const rc_bench_diff_opts *opts)
{
    *out = NULL;
    char *rel = NULL;
    int r = release ? 0 : history_release(&rel, db, metric, opts);
    if (r)
        return r;
    rc_bench_history *h = rc_xcalloc(1, sizeof *h);
    h->metric = rc_xstrdup(metric);
    h->release = rel ? rel : rc_xstrdup(release);
    h->better = rc_bench_metric_direction(metric, opts->directions, opts->n_directions);
    line_tag *tags = NULL;
    size_t n = 0;
    r = rc_sql_select(&tags, &n, db, &line_tag_type,
                      "SELECT name, sha FROM tags WHERE release = ? AND kind != 'dev'"
                      " ORDER BY sortkey",
                      1, h->release);
    if (!r && n == 0)
        r = rc_error_set(RC_ENOTFOUND, "no tags of release %s in the cache (run relcap sync)",
                         h->release);
    if (!r) {
        h->tags = rc_xcalloc(n, sizeof *h->tags);
        for (size_t t = 0; t < n; t++)
            h->tags[t] = rc_xstrdup(tags[t].name);
        h->ntags = n;
        r = history_series(h, tags, db, opts);
    }
    line_tags_free(tags, n);
    if (r) {
        rc_bench_history_free(h);
        return r;
    }
    *out = h;
    return 0;
}

void rc_bench_history_free(rc_bench_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->nseries; i++) {
        rc_bench_series *s = &h->series[i];
        char **const strs[] = {&s->hardware, &s->backend, &s->model, &s->test, &s->unit};
        rc_strs_clear(strs, 5);
        free(s->values);
        free(s->counts);
    }
    free(h->series);
    for (size_t i = 0; i < h->ntags; i++)
        free(h->tags[i]);
    free(h->tags);
    free(h->metric);
    free(h->release);
    free(h);
}
