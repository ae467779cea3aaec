/* Benchmark deltas for the cockpit: medians per (hardware, model, test,
 * metric) of the base and head tags, the change signed so that positive is
 * better, a verdict by threshold, and each metric's medians across the head
 * release line's tags for the sparkline. The significance test of
 * `relcap bench diff` belongs to core/bench; when it offers a query
 * function this file calls it instead of its own threshold verdict. */
#include "core/error.h"
#include "core/util.h"
#include "tui/model.h"
#include "tui/theme.h"
#include "widgets/sparkline.h"
#include "widgets/widget.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

int model_bench_tags(rc_tag_rec **out, size_t *n, rc_db *db)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT t.name, t.release, t.sha, t.kind FROM tags t WHERE EXISTS "
                          "(SELECT 1 FROM bench_results r WHERE r.tag = t.name OR r.commit_sha = "
                          "t.sha) ORDER BY t.sortkey DESC");
    if (r)
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        *out = rc_xrealloc(*out, (*n + 1) * sizeof **out);
        rc_tag_rec *t = &(*out)[(*n)++];
        memset(t, 0, sizeof *t);
        snprintf(t->name, sizeof t->name, "%s", col(st, 0));
        snprintf(t->release, sizeof t->release, "%s", col(st, 1));
        snprintf(t->sha, sizeof t->sha, "%s", col(st, 2));
        snprintf(t->kind, sizeof t->kind, "%s", col(st, 3));
    }
    sqlite3_finalize(st);
    return 0;
}

typedef struct {
    char *key; /* hardware \t model \t test \t metric */
    char *unit;
    int tag; /* index into the tag list */
    double v;
} sample;

static int cmp_sample(const void *a, const void *b)
{
    const sample *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->tag != y->tag)
        return x->tag - y->tag;
    return x->v < y->v ? -1 : x->v > y->v;
}

static bool lower_is_better(const char *metric)
{
    static const char *const lower[] = {"latency", "ttft", "tpot",     "itl", "e2el",  "_ms",
                                        "ms_",     "time", "duration", "_s",  "memory"};
    for (size_t i = 0; i < sizeof lower / sizeof *lower; i++)
        if (strstr(metric, lower[i]))
            return true;
    return false;
}

typedef struct {
    char *cells[8];
    int verdict_rank;
    double delta;
    int role;
} delta_row;

static int cmp_delta(const void *a, const void *b)
{
    const delta_row *x = a, *y = b;
    if (x->verdict_rank != y->verdict_rank)
        return x->verdict_rank - y->verdict_rank;
    if (x->delta != y->delta)
        return x->delta < y->delta ? -1 : 1;
    return strcmp(x->cells[1], y->cells[1]);
}

static void fmt_value(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "-");
    else if (fabs(v) >= 1000)
        snprintf(buf, n, "%.0f", v);
    else if (fabs(v) >= 10)
        snprintf(buf, n, "%.1f", v);
    else
        snprintf(buf, n, "%.3g", v);
}

int model_bench_load(rc_grid *g, rc_db *db, const char *base, const char *head, double threshold,
                     size_t *regressions, size_t *improvements)
{
    rc_grid_clear(g);
    *regressions = *improvements = 0;
    if (!head || !*head)
        return 0;
    /* tags: [0] base, [1] head, then the head's release line in order */
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT name, sha, release = (SELECT release FROM tags WHERE name = ?2) "
                          "FROM tags WHERE name = ?1 OR name = ?2 OR release = "
                          "(SELECT release FROM tags WHERE name = ?2) ORDER BY sortkey");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, base ? base : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, head, -1, SQLITE_TRANSIENT);
    char(*names)[128] = NULL, (*shas)[41] = NULL;
    size_t ntags = 0;
    int ibase = -1, ihead = -1;
    bool *in_line = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        names = rc_xrealloc(names, (ntags + 1) * sizeof *names);
        shas = rc_xrealloc(shas, (ntags + 1) * sizeof *shas);
        in_line = rc_xrealloc(in_line, (ntags + 1) * sizeof *in_line);
        snprintf(names[ntags], sizeof *names, "%s", col(st, 0));
        snprintf(shas[ntags], sizeof *shas, "%s", col(st, 1));
        in_line[ntags] = sqlite3_column_int(st, 2) != 0;
        if (base && strcmp(names[ntags], base) == 0)
            ibase = (int)ntags;
        if (strcmp(names[ntags], head) == 0)
            ihead = (int)ntags;
        ntags++;
    }
    sqlite3_finalize(st);
    sample *s = NULL;
    size_t ns = 0;
    r = rc_db_prepare(&st, db,
                      "SELECT hardware || char(9) || model || char(9) || test || char(9) || "
                      "metric, unit, value FROM bench_results WHERE tag = ?1 OR commit_sha = ?2");
    if (r)
        goto done;
    for (size_t t = 0; t < ntags; t++) {
        if (!in_line[t] && (int)t != ibase)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, names[t], -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, shas[t], -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW) {
            s = rc_xrealloc(s, (ns + 1) * sizeof *s);
            s[ns].key = rc_xstrdup(col(st, 0));
            s[ns].unit = rc_xstrdup(col(st, 1));
            s[ns].tag = (int)t;
            s[ns].v = sqlite3_column_double(st, 2);
            ns++;
        }
    }
    sqlite3_finalize(st);
    qsort(s, ns, sizeof *s, cmp_sample);
    delta_row *rows = NULL;
    size_t nrows = 0;
    double *series = rc_xcalloc(ntags ? ntags : 1, sizeof *series);
    for (size_t i = 0; i < ns;) {
        size_t j = i;
        while (j < ns && strcmp(s[j].key, s[i].key) == 0)
            j++;
        /* medians per tag */
        size_t nline = 0;
        double mbase = NAN, mhead = NAN;
        for (size_t t = 0; t < ntags; t++)
            series[t] = NAN;
        for (size_t a = i; a < j;) {
            size_t b = a;
            while (b < j && s[b].tag == s[a].tag)
                b++;
            size_t m = b - a;
            double med = m % 2 ? s[a + m / 2].v : (s[a + m / 2 - 1].v + s[a + m / 2].v) / 2;
            series[s[a].tag] = med;
            if (s[a].tag == ibase)
                mbase = med;
            if (s[a].tag == ihead)
                mhead = med;
            a = b;
        }
        double line[64];
        for (size_t t = 0; t < ntags && nline < 64; t++)
            if (in_line[t])
                line[nline++] = series[t];
        char spark[128];
        rc_sparkline_format(spark, sizeof spark, line, nline, 8, rc_wutf8());
        char *parts[4] = {0};
        char *k = rc_xstrdup(s[i].key), *save = NULL;
        int np = 0;
        for (char *tok = strtok_r(k, "\t", &save); tok && np < 4; tok = strtok_r(NULL, "\t", &save))
            parts[np++] = tok;
        const char *metric = np > 3 ? parts[3] : "";
        bool lower = lower_is_better(metric);
        double delta = NAN;
        const char *verdict;
        int rank, role;
        if (isnan(mbase) || isnan(mhead)) {
            verdict = "missing";
            rank = 3;
            role = ROLE_DIM;
        } else {
            delta = mbase != 0 ? (mhead - mbase) / fabs(mbase) * 100.0 : 0;
            if (lower)
                delta = -delta;
            if (fabs(delta) < threshold) {
                verdict = "noise";
                rank = 2;
                role = ROLE_DIM;
            } else if (delta < 0) {
                verdict = "regression";
                rank = 0;
                role = ROLE_BAD;
                (*regressions)++;
            } else {
                verdict = "improvement";
                rank = 1;
                role = ROLE_GOOD;
                (*improvements)++;
            }
        }
        char vb[32], vh[32], vd[32];
        fmt_value(vb, sizeof vb, mbase);
        fmt_value(vh, sizeof vh, mhead);
        if (isnan(delta))
            snprintf(vd, sizeof vd, "-");
        else
            snprintf(vd, sizeof vd, "%+.1f%%", delta);
        char mt[512];
        snprintf(mt, sizeof mt, "%s %s", np > 1 ? parts[1] : "", np > 2 ? parts[2] : "");
        rows = rc_xrealloc(rows, (nrows + 1) * sizeof *rows);
        delta_row *d = &rows[nrows++];
        d->cells[0] = rc_xstrdup(np > 0 ? parts[0] : "");
        d->cells[1] = rc_xstrdup(mt);
        d->cells[2] = rc_xstrdup(metric);
        d->cells[3] = rc_xstrdup(vb);
        d->cells[4] = rc_xstrdup(vh);
        d->cells[5] = rc_xstrdup(vd);
        d->cells[6] = rc_xstrdup(verdict);
        d->cells[7] = rc_xstrdup(spark);
        d->verdict_rank = rank;
        d->delta = isnan(delta) ? 0 : delta;
        d->role = role;
        free(k);
        i = j;
    }
    qsort(rows, nrows, sizeof *rows, cmp_delta);
    for (size_t i = 0; i < nrows; i++) {
        size_t row = rc_grid_add(g, (const char *const *)rows[i].cells, NULL);
        rc_grid_role(g, row, 5, rows[i].role);
        rc_grid_role(g, row, 6, rows[i].role);
        for (int c = 0; c < 8; c++)
            free(rows[i].cells[c]);
    }
    free(rows);
    free(series);
    for (size_t i = 0; i < ns; i++) {
        free(s[i].key);
        free(s[i].unit);
    }
    free(s);
    r = 0;
done:
    free(names);
    free(shas);
    free(in_line);
    return r;
}
