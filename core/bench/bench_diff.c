/* Deltas of benchmark results between two sides. Samples are selected in
 * SQL per side and grouped here, so every row's full sample list is at hand
 * for the judge (bench_verdict.c). A metric's history is bench_history.c,
 * the captain's triage bench_decide.c. */
#include "core/bench/bench_diff.h"
#include "core/bench/bench_internal.h"
#include "core/git/gitsync.h"

#include "core/bench/bench.h"
#include "core/bench/bench_stats.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int rc_bench_diff_opts_init(rc_bench_diff_opts *out, const rc_config *cfg)
{
    memset(out, 0, sizeof *out);
    out->threshold_pct = 5;
    out->alpha = 0.05;
    if (!cfg)
        return 0;
    double d;
    if (rc_config_number(&d, cfg, "relcap.benchThreshold") == 0)
        out->threshold_pct = d;
    if (rc_config_number(&d, cfg, "relcap.benchAlpha") == 0)
        out->alpha = d;
    const char *const *dirs;
    size_t n;
    if (rc_config_multi(&dirs, &n, cfg, "relcap.metricDirection") == 0) {
        for (size_t i = 0; i < n; i++) {
            const char *eq = strchr(dirs[i], '=');
            if (!eq || (strcasecmp(eq + 1, "higher") && strcasecmp(eq + 1, "lower")))
                return rc_error_set(
                    RC_ECONFIG, "relcap.metricDirection: '%s' is not NAME=higher|lower", dirs[i]);
        }
        out->directions = dirs;
        out->n_directions = n;
    }
    if (rc_config_multi(&dirs, &n, cfg, "relcap.requiredHardware") == 0) {
        out->required_hw = dirs;
        out->n_required_hw = n;
    }
    return 0;
}

/* ---- sides ---- */

typedef struct {
    char *name, *sha, *release, *sortkey;
} side;

static void side_free(side *s)
{
    char **const strs[] = {&s->name, &s->sha, &s->release, &s->sortkey};
    rc_strs_clear(strs, 4);
}

/* The commit of a commit-ish that is not a known tag. */
static char *commit_of(git_repository *repo, const char *spec)
{
    size_t len = strlen(spec);
    bool hex = len == 40;
    for (size_t i = 0; hex && i < len; i++)
        hex = isxdigit((unsigned char)spec[i]);
    char *sha = NULL;
    if (repo) {
        git_object *obj = NULL, *c = NULL;
        if (git_revparse_single(&obj, repo, spec) == 0 &&
            git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0) {
            char h[GIT_OID_HEXSZ + 1];
            git_oid_tostr(h, sizeof h, git_object_id(c));
            sha = rc_xstrdup(h);
        }
        git_object_free(obj);
        git_object_free(c);
    } else if (hex) {
        sha = rc_xstrdup(spec);
        for (char *p = sha; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
    return sha;
}

static int side_resolve(side *out, rc_db *db, git_repository *repo, const char *spec)
{
    memset(out, 0, sizeof *out);
    rc_tag_row t; /* any spelling of a tag's version finds it (v0.9.2rc1: v0.9.2-rc1) */
    int r = rc_gitsync_tag_get(&t, db, spec);
    if (r == 0) {
        sqlite3_stmt *st;
        if ((r = rc_db_prepare(&st, db, "SELECT sortkey FROM tags WHERE name = ?")) == 0) {
            sqlite3_bind_text(st, 1, t.name, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                out->sortkey = rc_sql_dup(st, 0);
            sqlite3_finalize(st);
            out->name = t.name;
            out->sha = t.sha;
            out->release = t.release;
            t.name = t.sha = t.release = NULL;
        }
        rc_tag_row_free(&t);
        return r;
    }
    rc_tag_row_free(&t);
    if (r != RC_ENOTFOUND)
        return r;
    rc_error_clear();
    out->sha = commit_of(repo, spec);
    if (!out->sha)
        return rc_error_set(RC_ENOTFOUND, "'%s' is neither a tag in the cache nor a commit", spec);
    out->name = rc_xstrdup(spec);
    out->release = rc_xstrdup("");
    return 0;
}

static int pick_tag(char **out, rc_db *db, const char *sql, const char *a, const char *b,
                    const char *what)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, sql);
    if (r)
        return r;
    if (a)
        sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (b)
        sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int s = sqlite3_step(st);
    if (s == SQLITE_ROW) {
        *out = rc_sql_dup(st, 0);
        sqlite3_finalize(st);
        return 0;
    }
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return rc_db_error(db, what);
    *out = NULL;
    return rc_error_set(RC_ENOTFOUND, "%s", what);
}

int rc_bench_default_head(char **out, rc_db *db, const char *hardware)
{
    return pick_tag(
        out, db,
        "SELECT t.name FROM tags t WHERE t.kind = 'rc' AND EXISTS (SELECT 1 FROM"
        " bench_results r WHERE " MATCH(
            "t.sha",
            "t.name") " AND (?1 IS NULL OR r.hardware = ?1)) ORDER BY t.sortkey DESC LIMIT 1",
        hardware, NULL, "no RC tag has benchmark results (import some, or name HEAD)");
}

int rc_bench_default_base(char **out, rc_db *db, const char *head, const char *hardware)
{
    return pick_tag(
        out, db,
        "SELECT t.name FROM tags t WHERE t.kind IN ('final', 'post') AND t.sortkey <"
        " (SELECT sortkey FROM tags WHERE name = ?2) AND EXISTS (SELECT 1 FROM bench_results r"
        " WHERE " MATCH("t.sha", "t.name") " AND (?1 IS NULL OR r.hardware = ?1))"
                                           " ORDER BY t.sortkey DESC LIMIT 1",
        hardware, head, "no final release before HEAD has benchmark results (name BASE)");
}

/* ---- diff ---- */

void rc_dvec_push(rc_dvec *d, double x)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = rc_xrealloc(d->v, d->cap * sizeof *d->v);
    }
    d->v[d->n++] = x;
}

static int verdict_rank(rc_bench_verdict v)
{
    return (int)v; /* the enum is declared in display order */
}

static int row_cmp(const void *pa, const void *pb)
{
    const rc_bench_delta *a = pa, *b = pb;
    int d = verdict_rank(a->verdict) - verdict_rank(b->verdict);
    if (d)
        return d;
    if (a->verdict == RC_BENCH_REGRESSION && a->delta_pct != b->delta_pct)
        return a->delta_pct < b->delta_pct ? -1 : 1; /* worst first */
    if ((d = strcmp(a->hardware, b->hardware)) || (d = strcmp(a->model, b->model)) ||
        (d = strcmp(a->test, b->test)))
        return d;
    return strcmp(a->metric, b->metric);
}

static bool same_key(sqlite3_stmt *st, const rc_bench_delta *row)
{
    return strcmp((const char *)sqlite3_column_text(st, 1), row->hardware) == 0 &&
           strcmp((const char *)sqlite3_column_text(st, 3), row->model) == 0 &&
           strcmp((const char *)sqlite3_column_text(st, 4), row->test) == 0 &&
           strcmp((const char *)sqlite3_column_text(st, 5), row->metric) == 0;
}

static int attach_decisions(rc_bench_diff *d, rc_db *db)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT decision, note FROM bench_decisions WHERE release = ? AND"
                          " hardware = ? AND model = ? AND test = ? AND metric = ?");
    if (r)
        return r;
    for (size_t i = 0; i < d->n; i++) {
        rc_bench_delta *row = &d->rows[i];
        rc_sql_rebind(st, 5, d->release, row->hardware, row->model, row->test, row->metric);
        if (sqlite3_step(st) == SQLITE_ROW) {
            row->decision = rc_sql_dup(st, 0);
            row->note = rc_sql_dup(st, 1);
        }
    }
    sqlite3_finalize(st);
    return 0;
}

/* A --hardware without results says which hardware has some, rather than
 * that no tag has results. */
static int hardware_known(rc_db *db, const char *hw)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT DISTINCT hardware FROM bench_results ORDER BY 1");
    if (r)
        return r;
    rc_buf list = {0};
    bool found = false;
    while (!found && sqlite3_step(st) == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(st, 0);
        found = h && strcmp(h, hw) == 0;
        rc_buf_printf(&list, "%s%s", list.len ? ", " : "", h ? h : "");
    }
    sqlite3_finalize(st);
    if (!found)
        r = list.len ? rc_error_set(RC_ENOTFOUND, "no results on %s; hardware with results: %s", hw,
                                    list.ptr)
                     : rc_error_set(RC_ENOTFOUND,
                                    "no results on %s; no benchmark results yet "
                                    "(relcap bench import)",
                                    hw);
    rc_buf_free(&list);
    return r;
}

static void delta_free(rc_bench_delta *row);

static void keep_hardware(rc_bench_diff *d, const char *hw)
{
    size_t k = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->rows[i].hardware, hw) == 0)
            d->rows[k++] = d->rows[i];
        else
            delta_free(&d->rows[i]);
    }
    d->n = k;
}

static rc_bench_delta *find_row(rc_bench_diff *d, sqlite3_stmt *st)
{
    for (size_t i = 0; i < d->n; i++)
        if (same_key(st, &d->rows[i]))
            return &d->rows[i];
    return NULL;
}

/* The row's fence from the deviations |log x - mean of its tag's logs| of
 * the runs of earlier tags (at least 3 deviations, from tags with 2 runs or
 * more). */
static void fence_set(rc_bench_delta *row, rc_dvec *dev, size_t tags)
{
    if (row && dev->n >= 3) {
        row->fence_pct = (exp(rc_bench_fence(dev->v, dev->n)) - 1) * 100;
        row->fence_tags = tags;
    }
    dev->n = 0;
}

static void tag_deviations(rc_dvec *dev, rc_dvec *vals, size_t *tags)
{
    if (vals->n >= 2) {
        double m = 0;
        for (size_t i = 0; i < vals->n; i++)
            m += log(vals->v[i]);
        m /= (double)vals->n;
        for (size_t i = 0; i < vals->n; i++)
            rc_dvec_push(dev, fabs(log(vals->v[i]) - m));
        (*tags)++;
    }
    vals->n = 0;
}

/* Noise floor from history, like rustc-perf's: the run-to-run spread of
 * the same hardware, model, test and metric on the earlier tags of the
 * head's release line (rc1 before rc2). A metric that routinely varies by
 * more than the threshold between runs gets its Q3 + 3 IQR fence as its
 * threshold (rc_bench_reverdict). Non-positive values have no logs and no
 * fence. */
static int load_fences(rc_bench_diff *d, rc_db *db, const side *hs)
{
    if (!hs->sortkey || !hs->release || !*hs->release)
        return 0;
    sqlite3_stmt *st;
    int r = rc_sql_prepare(
        &st, db,
        "SELECT t.name, r.hardware, r.backend, r.model, r.test, r.metric, r.value"
        " FROM bench_results r JOIN tags t ON " MATCH(
            "t.sha", "t.name") " WHERE t.release = ?1"
                               " AND t.sortkey < ?2 AND t.kind != 'dev' AND r.value > 0"
                               " ORDER BY r.hardware, r.model, r.test, r.metric, t.sortkey",
        2, hs->release, hs->sortkey);
    if (r)
        return r;
    rc_dvec dev = {0}, vals = {0};
    rc_bench_delta *row = NULL;
    char *tag = NULL;
    size_t tags = 0;
    int s;
    for (bool first = true;; first = false) {
        s = sqlite3_step(st);
        bool new_key = s != SQLITE_ROW || first || !row || !same_key(st, row);
        bool new_tag = new_key || strcmp(tag, (const char *)sqlite3_column_text(st, 0)) != 0;
        if (!first && new_tag)
            tag_deviations(&dev, &vals, &tags);
        if (!first && new_key) {
            fence_set(row, &dev, tags);
            tags = 0;
        }
        if (s != SQLITE_ROW)
            break;
        if (new_key)
            row = find_row(d, st);
        if (new_tag) {
            free(tag);
            tag = rc_sql_dup(st, 0);
        }
        rc_dvec_push(&vals, sqlite3_column_double(st, 6));
    }
    sqlite3_finalize(st);
    free(tag);
    free(dev.v);
    free(vals.v);
    return s == SQLITE_DONE ? 0 : rc_db_error(db, "reading the noise history");
}

/* HEAD and BASE as given or defaulted (the newest RC with results, the
 * newest final before it). */
static int sides_resolve(side *hs, side *bs, rc_db *db, git_repository *repo, const char *base,
                         const char *head, const char *hw)
{
    char *head_name = NULL, *base_name = NULL;
    int r = 0;
    if (!head && (r = rc_bench_default_head(&head_name, db, hw)))
        return r;
    if ((r = side_resolve(hs, db, repo, head ? head : head_name)))
        goto done;
    if (!base && !hs->sortkey) {
        r = rc_error_set(RC_EUSAGE, "HEAD '%s' is not a tag: name BASE too", hs->name);
        goto done;
    }
    if (!base && (r = rc_bench_default_base(&base_name, db, hs->name, hw)))
        goto done;
    r = side_resolve(bs, db, repo, base ? base : base_name);
done:
    free(head_name);
    free(base_name);
    return r;
}

/* A new row for the key of the current result row of st. */
static rc_bench_delta *row_new(rc_bench_diff *d, size_t *cap, sqlite3_stmt *st,
                               const rc_bench_diff_opts *opts)
{
    if (d->n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        d->rows = rc_xrealloc(d->rows, *cap * sizeof *d->rows);
    }
    rc_bench_delta *row = &d->rows[d->n++];
    memset(row, 0, sizeof *row);
    row->hardware = rc_sql_dup(st, 1);
    row->backend = rc_sql_dup(st, 2);
    row->model = rc_sql_dup(st, 3);
    row->test = rc_sql_dup(st, 4);
    row->metric = rc_sql_dup(st, 5);
    row->unit = rc_sql_dup(st, 6);
    if (!row->unit)
        row->unit = rc_xstrdup(rc_bench_metric_unit(row->metric));
    row->better = rc_bench_metric_direction(row->metric, opts->directions, opts->n_directions);
    return row;
}

/* Both sides' samples, one row per hardware, model, test and metric, each
 * judged as its last sample is read. */
static int rows_read(rc_bench_diff *d, rc_db *db, const side *bs, const side *hs,
                     const rc_bench_diff_opts *opts)
{
    sqlite3_stmt *st;
    int r = rc_sql_prepare(
        &st, db,
        "SELECT side, hardware, backend, model, test, metric, unit, value, env FROM ("
        " SELECT 0 AS side, r.* FROM bench_results r WHERE " MATCH(
            "?1", "?2") " UNION ALL SELECT 1 AS side, r.* FROM bench_results r "
                        "WHERE " MATCH("?3", "?4") ") WHERE (?5 IS NULL OR hardware = "
                                                   "?5) AND (?6 IS NULL OR model = ?6)"
                                                   " ORDER BY hardware, model, test, "
                                                   "metric, side",
        /* Every hardware is read, whatever the filter (?5 NULL): the scope of
         * a change and the BH adjustment are across the whole comparison
         * (rows of other hardware are dropped afterwards). */
        6, bs->sha, bs->name, hs->sha, hs->name, (const char *)NULL, opts->model);
    if (r)
        return r;
    size_t cap = 0;
    rc_dvec sb = {0}, sh = {0};
    rc_bench_delta *cur = NULL;
    int s;
    for (;;) {
        s = sqlite3_step(st);
        if (cur && (s != SQLITE_ROW || !same_key(st, cur))) {
            rc_bench_judge(cur, sb.v, sb.n, sh.v, sh.n, opts);
            sb.n = sh.n = 0;
            cur = NULL;
        }
        if (s != SQLITE_ROW)
            break;
        if (!cur)
            cur = row_new(d, &cap, st, opts);
        int head_side = sqlite3_column_int(st, 0);
        rc_dvec_push(head_side ? &sh : &sb, sqlite3_column_double(st, 7));
        char **env = head_side ? &cur->head_env : &cur->base_env;
        if (!*env && sqlite3_column_type(st, 8) == SQLITE_TEXT)
            *env = rc_sql_dup(st, 8);
    }
    sqlite3_finalize(st);
    free(sb.v);
    free(sh.v);
    return s == SQLITE_DONE ? 0 : rc_db_error(db, "reading benchmark results");
}

int rc_bench_diff_compute(rc_bench_diff **out, rc_db *db, git_repository *repo, const char *base,
                          const char *head, const rc_bench_diff_opts *opts)
{
    *out = NULL;
    const char *hw = opts->hardware;
    int r = 0;
    if (hw && (r = hardware_known(db, hw)))
        return r;
    side hs = {0}, bs = {0};
    if ((r = sides_resolve(&hs, &bs, db, repo, base, head, hw)))
        goto done;
    rc_bench_diff *d = rc_xcalloc(1, sizeof *d);
    r = rows_read(d, db, &bs, &hs, opts);
    d->base = rc_xstrdup(bs.name);
    d->head = rc_xstrdup(hs.name);
    d->base_sha = rc_xstrdup(bs.sha);
    d->head_sha = rc_xstrdup(hs.sha);
    d->release = rc_xstrdup(hs.release ? hs.release : "");
    if (r || (r = attach_decisions(d, db)) || (r = load_fences(d, db, &hs))) {
        rc_bench_diff_free(d);
        goto done;
    }
    rc_bench_diff_adjust(d, opts);
    if (hw)
        keep_hardware(d, hw);
    if (d->n)
        qsort(d->rows, d->n, sizeof *d->rows, row_cmp);
    *out = d;
done:
    side_free(&hs);
    side_free(&bs);
    return r;
}

static void delta_free(rc_bench_delta *row)
{
    char **const strs[] = {&row->scope,    &row->env_changed, &row->base_env, &row->head_env,
                           &row->hardware, &row->backend,     &row->model,    &row->test,
                           &row->metric,   &row->unit,        &row->decision, &row->note};
    rc_strs_clear(strs, 12);
}

void rc_bench_diff_free(rc_bench_diff *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        delta_free(&d->rows[i]);
    free(d->rows);
    char **const strs[] = {&d->base, &d->head, &d->base_sha, &d->head_sha, &d->release};
    rc_strs_clear(strs, 5);
    free(d);
}

void rc_bench_fmt_value(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "-");
    else if (fabs(v) >= 1e4 && fabs(v) < 1e15)
        snprintf(buf, n, "%.0f", v); /* no exponent for big throughputs */
    else
        snprintf(buf, n, "%.4g", v == 0 ? 0.0 : v);
}

void rc_bench_fmt_pct(char *buf, size_t n, double pct)
{
    if (!isfinite(pct))
        snprintf(buf, n, "-");
    else if (fabs(pct) < 0.05)
        snprintf(buf, n, "0.0%%"); /* what rounds to zero has no sign: never -0.0% */
    else
        snprintf(buf, n, "%+.1f%%", pct);
}
