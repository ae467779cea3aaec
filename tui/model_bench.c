/* Benchmark deltas for the cockpit: rows of core/bench_diff (the verdicts
 * of `relcap bench diff`: Welch's t on logs, BH q-values, the threshold and
 * its noise fence, metric directions from the configuration, triage) turned
 * into grid rows,
 * with each metric's medians across the head's release line
 * (rc_bench_history_compute) as a sparkline. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/bench/bench.h"
#include "tui/model.h"
#include "tui/theme.h"
#include "widgets/sparkline.h"
#include "widgets/widget.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *str(const char *s)
{
    return s ? s : "";
}

int model_bench_tags(rc_tag_rec **out, size_t *n, rc_db *db)
{
    *out = NULL;
    *n = 0;
    rc_bench_tag *tags;
    size_t count;
    int r = rc_bench_tags(&tags, &count, db);
    if (r)
        return r;
    if (count)
        *out = rc_xcalloc(count, sizeof **out);
    for (size_t i = 0; i < count; i++) {
        rc_tag_rec *t = &(*out)[i];
        snprintf(t->name, sizeof t->name, "%s", str(tags[i].name));
        snprintf(t->release, sizeof t->release, "%s", str(tags[i].release));
        snprintf(t->sha, sizeof t->sha, "%s", str(tags[i].sha));
        snprintf(t->kind, sizeof t->kind, "%s", str(tags[i].kind));
    }
    *n = count;
    rc_bench_tags_free(tags, count);
    return 0;
}

void model_bench_fmt_value(char *buf, size_t n, double v)
{
    rc_bench_fmt_value(buf, n, v); /* the digits `relcap bench diff` prints */
}

static bool same(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* The sparkline of row's series in h (empty when none). */
static void trend(char *out, size_t n, const rc_bench_history *h, const rc_bench_delta *row)
{
    out[0] = '\0';
    if (!h)
        return;
    for (size_t i = 0; i < h->nseries; i++) {
        const rc_bench_series *s = &h->series[i];
        if (same(s->hardware, row->hardware) && same(s->model, row->model) &&
            same(s->test, row->test) && (!s->backend || same(s->backend, row->backend))) {
            rc_sparkline_format(out, n, s->values, h->ntags, 6, rc_wutf8());
            return;
        }
    }
}

/* One history per metric (the rows come grouped by verdict, not metric). */
typedef struct {
    const char **metrics;
    rc_bench_history **hist;
    size_t n;
} metric_trends;

static rc_bench_history *trend_of(metric_trends *t, rc_db *db, const rc_bench_diff *d,
                                  const char *metric, const rc_bench_diff_opts *opts)
{
    for (size_t m = 0; m < t->n; m++)
        if (!strcmp(t->metrics[m], metric))
            return t->hist[m];
    t->metrics = rc_xrealloc(t->metrics, (t->n + 1) * sizeof *t->metrics);
    t->hist = rc_xrealloc(t->hist, (t->n + 1) * sizeof *t->hist);
    t->metrics[t->n] = metric;
    t->hist[t->n] = NULL;
    if (d->release && *d->release &&
        rc_bench_history_compute(&t->hist[t->n], db, metric, d->release, opts) != 0)
        t->hist[t->n] = NULL; /* no trend is no reason to hide the deltas */
    return t->hist[t->n++];
}

static void trends_free(metric_trends *t)
{
    for (size_t m = 0; m < t->n; m++)
        rc_bench_history_free(t->hist[m]);
    free(t->hist);
    free(t->metrics);
}

/* The row's colours by verdict and decision, counted. */
static void row_roles(rc_grid *g, size_t gr, const rc_bench_delta *row, rc_bench_counts *counts)
{
    int role = ROLE_DIM;
    switch (row->verdict) {
    case RC_BENCH_REGRESSION:
        role = ROLE_BAD;
        counts->regressions++;
        if (!row->decision)
            counts->untriaged++;
        break;
    case RC_BENCH_IMPROVEMENT:
        role = ROLE_GOOD;
        counts->improvements++;
        break;
    case RC_BENCH_INCONCLUSIVE:
        role = ROLE_WARN;
        counts->inconclusive++;
        break;
    default:
        break;
    }
    rc_grid_role(g, gr, 5, role);
    rc_grid_role(g, gr, 6, role);
    if (row->decision)
        rc_grid_role(g, gr, 7,
                     !strcmp(row->decision, "approve")  ? ROLE_GOOD
                     : !strcmp(row->decision, "reject") ? ROLE_BAD
                                                        : ROLE_WARN);
}

static size_t row_add(rc_grid *g, const rc_bench_delta *row, size_t i, const rc_bench_history *hist)
{
    char vb[32], vh[32], vd[32], spark[128], mt[512];
    model_bench_fmt_value(vb, sizeof vb, row->base);
    model_bench_fmt_value(vh, sizeof vh, row->head);
    rc_bench_fmt_pct(vd, sizeof vd, row->delta_pct);
    trend(spark, sizeof spark, hist, row);
    snprintf(mt, sizeof mt, "%s %s", row->model ? row->model : "", row->test ? row->test : "");
    const char *cells[] = {row->hardware,
                           mt,
                           row->metric,
                           vb,
                           vh,
                           vd,
                           rc_bench_verdict_name(row->verdict),
                           row->decision ? row->decision : "",
                           spark};
    rc_bench_rec *rec = rc_xcalloc(1, sizeof *rec);
    rec->row = i;
    return rc_grid_add(g, cells, rec);
}

int model_bench_load(rc_grid *g, rc_bench_diff **out, rc_db *db, git_repository *repo,
                     const rc_bench_diff_opts *opts, const char *base, const char *head,
                     rc_bench_counts *counts)
{
    rc_grid_clear(g);
    memset(counts, 0, sizeof *counts);
    *out = NULL;
    if (!head || !*head || !base || !*base)
        return 0;
    rc_bench_diff *d;
    int r = rc_bench_diff_compute(&d, db, repo, base, head, opts);
    if (r)
        return r;
    metric_trends t = {0};
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *row = &d->rows[i];
        size_t gr = row_add(g, row, i, trend_of(&t, db, d, row->metric, opts));
        row_roles(g, gr, row, counts);
    }
    trends_free(&t);
    *out = d;
    return 0;
}
