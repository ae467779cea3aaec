/* Verdicts of benchmark rows: the judge of two sample arrays, the
 * Benjamini-Hochberg adjustment across a comparison's rows, the scope of a
 * change across the required hardware and what changed in the environment.
 *
 * Why these rules: the effect is a ratio with a 95% interval (Welch on
 * logs, bench_stats.h). A regression needs both evidence (q <= alpha after
 * correcting for the dozens of metrics compared at once: with 100 rows at
 * alpha 0.05 five would be flagged by chance) and size (the threshold, so a
 * real 1% drift is not a release blocker). When the interval lies inside
 * the threshold the data show there is no change worth a look (noise);
 * when it does not, the data cannot tell, and the screen says how many runs
 * would (inconclusive) instead of guessing. */
#include "core/bench/bench_diff.h"

#include "core/bench/bench_stats.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One name table for the enum. */
static const char *const verdict_names[RC_BENCH_NVERDICTS] = {
    "regression", "improvement", "inconclusive", "missing", "noise",
};

const char *rc_bench_verdict_name(rc_bench_verdict v)
{
    return (unsigned)v < RC_BENCH_NVERDICTS ? verdict_names[v] : "noise";
}

#define CONFIDENCE 0.95
#define POWER 0.8

void rc_bench_reverdict(rc_bench_delta *row, const rc_bench_diff_opts *opts)
{
    row->runs_needed = 0;
    row->threshold_pct = opts->threshold_pct;
    if (row->fence_tags && row->fence_pct > row->threshold_pct)
        row->threshold_pct = row->fence_pct;
    if (!row->base_n || !row->head_n) {
        row->verdict = RC_BENCH_MISSING;
        return;
    }
    double hi = 1 + row->threshold_pct / 100, lo = 1 / hi;
    bool beyond = row->ratio >= hi || row->ratio <= lo;
    bool inside = row->ci_low > lo && row->ci_high < hi; /* false when NAN */
    bool significant = row->q_value <= opts->alpha;      /* false when NAN */
    if (row->better != 0 && significant && beyond)
        row->verdict = row->ratio < 1 ? RC_BENCH_REGRESSION : RC_BENCH_IMPROVEMENT;
    else if (inside || row->better == 0)
        row->verdict = RC_BENCH_NOISE;
    else
        row->verdict = RC_BENCH_INCONCLUSIVE;
    if (row->verdict != RC_BENCH_INCONCLUSIVE)
        return;
    size_t now = row->base_n > row->head_n ? row->base_n : row->head_n;
    int n = isnan(row->spread) ? RC_BENCH_MIN_RUNS
                               : rc_bench_runs_needed(row->spread, log(hi), opts->alpha, POWER);
    /* Power enough already (the estimate sits near the threshold): one more
     * run a side is the least that can change the answer. */
    if (n < 0 || (size_t)n <= now)
        n = (int)now + 1;
    row->runs_needed = n;
}

void rc_bench_judge(rc_bench_delta *row, const double *base, size_t nb, const double *head,
                    size_t nh, const rc_bench_diff_opts *opts)
{
    row->base_n = nb;
    row->head_n = nh;
    row->base = nb ? rc_bench_median(base, nb) : NAN;
    row->head = nh ? rc_bench_median(head, nh) : NAN;
    row->delta_pct = row->ratio = row->ci_low = row->ci_high = NAN;
    row->p_value = row->q_value = row->spread = NAN;
    if (nb && nh) {
        double change;
        if (row->base != 0)
            change = (row->head - row->base) / fabs(row->base) * 100.0;
        else
            change = row->head == 0 ? 0 : NAN; /* no relative change from zero */
        row->delta_pct = row->better < 0 ? -change : change;
        rc_welch_result w;
        if (rc_bench_welch_log(&w, base, nb, head, nh, row->better, CONFIDENCE) == 0) {
            row->ratio = w.ratio;
            row->ci_low = w.ci_low;
            row->ci_high = w.ci_high;
            row->p_value = row->q_value = w.p_value;
            row->spread = w.sd;
        }
    }
    rc_bench_reverdict(row, opts);
}

/* ---- scope ---- */

static bool same_case(const rc_bench_delta *a, const rc_bench_delta *b)
{
    return !strcmp(a->model, b->model) && !strcmp(a->test, b->test) &&
           !strcmp(a->metric, b->metric);
}

static bool in_list(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return true;
    return false;
}

/* The hardware that `scope` ranges over: the required ones, else every
 * hardware of the comparison (sorted: rows come sorted by hardware). */
static const char **universe(size_t *n, const rc_bench_diff *d, const rc_bench_diff_opts *opts)
{
    const char **u = rc_xmalloc((opts->n_required_hw + d->n + 1) * sizeof *u);
    *n = 0;
    for (size_t i = 0; i < opts->n_required_hw; i++)
        u[(*n)++] = opts->required_hw[i];
    if (*n == 0)
        for (size_t i = 0; i < d->n; i++)
            if (!in_list(u, *n, d->rows[i].hardware))
                u[(*n)++] = d->rows[i].hardware;
    return u;
}

/* The row's change holds on the hardware where the same case has the same
 * verdict; "-only" or "all" when every other hardware was measured, else
 * the unmeasured ones are named so an untested MI300X is not read as
 * "no regression there". */
static char *scope_of(const rc_bench_diff *d, const rc_bench_delta *row, const char **u, size_t nu)
{
    rc_buf same = {0}, unmeasured = {0};
    size_t nsame = 0, nun = 0;
    bool row_in_u = in_list(u, nu, row->hardware);
    for (size_t k = 0; k <= nu; k++) {
        const char *hw = k < nu ? u[k] : row->hardware;
        if (k == nu && row_in_u)
            break;
        const rc_bench_delta *other = NULL;
        for (size_t i = 0; i < d->n && !other; i++)
            if (!strcmp(d->rows[i].hardware, hw) && same_case(&d->rows[i], row))
                other = &d->rows[i];
        if (other && other->verdict == row->verdict) {
            rc_buf_printf(&same, "%s%s", nsame++ ? "+" : "", hw);
        } else if (!other || other->verdict == RC_BENCH_MISSING) {
            rc_buf_printf(&unmeasured, "%s%s", nun++ ? ", " : "", hw);
        }
    }
    char *s;
    if (nsame == nu + !row_in_u && nu > 1)
        s = rc_xstrdup("all");
    else if (nsame == 1)
        s = rc_xasprintf("%s-only", same.ptr);
    else
        s = rc_xstrdup(same.ptr ? same.ptr : row->hardware);
    if (nun) {
        char *t = rc_xasprintf("%s (%s not measured)", s, unmeasured.ptr);
        free(s);
        s = t;
    }
    rc_buf_free(&same);
    rc_buf_free(&unmeasured);
    return s;
}

/* ---- environment ---- */

char *rc_bench_env_changed(const char *base_env, const char *head_env)
{
    if (!base_env || !head_env)
        return NULL;
    cJSON *b = cJSON_Parse(base_env), *h = cJSON_Parse(head_env);
    rc_buf out = {0};
    const cJSON *it;
    if (cJSON_IsObject(b) && cJSON_IsObject(h))
        cJSON_ArrayForEach(it, b)
        {
            const cJSON *o = cJSON_GetObjectItemCaseSensitive(h, it->string);
            if (!cJSON_IsString(it) || !cJSON_IsString(o) ||
                !strcmp(it->valuestring, o->valuestring))
                continue;
            rc_buf_printf(&out, "%s%s %s -> %s", out.ptr ? ", " : "", it->string, it->valuestring,
                          o->valuestring);
        }
    cJSON_Delete(b);
    cJSON_Delete(h);
    return out.ptr;
}

/* ---- a table of rows ---- */

void rc_bench_diff_adjust(rc_bench_diff *d, const rc_bench_diff_opts *opts)
{
    double *p = rc_xmalloc((d->n ? d->n : 1) * sizeof *p),
           *q = rc_xmalloc((d->n ? d->n : 1) * sizeof *q);
    for (size_t i = 0; i < d->n; i++)
        p[i] = d->rows[i].p_value;
    rc_bench_bh(q, p, d->n);
    for (size_t i = 0; i < d->n; i++) {
        d->rows[i].q_value = q[i];
        rc_bench_reverdict(&d->rows[i], opts);
    }
    free(p);
    free(q);
    size_t nu;
    const char **u = universe(&nu, d, opts);
    for (size_t i = 0; i < d->n; i++) {
        rc_bench_delta *row = &d->rows[i];
        free(row->scope);
        row->scope = NULL;
        if (row->verdict == RC_BENCH_REGRESSION || row->verdict == RC_BENCH_IMPROVEMENT)
            row->scope = scope_of(d, row, u, nu);
        free(row->env_changed);
        row->env_changed = rc_bench_env_changed(row->base_env, row->head_env);
    }
    free(u);
}

char *rc_bench_scope_line(const rc_bench_diff *d, rc_bench_verdict v)
{
    const char *name = rc_bench_verdict_name(v);
    /* distinct scopes in order of first appearance, with counts */
    const char **scopes = rc_xmalloc((d->n + 1) * sizeof *scopes);
    size_t *counts = rc_xcalloc(d->n + 1, sizeof *counts), ns = 0, total = 0;
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *row = &d->rows[i];
        if (row->verdict != v)
            continue;
        total++;
        const char *s = row->scope ? row->scope : row->hardware;
        size_t k = 0;
        while (k < ns && strcmp(scopes[k], s))
            k++;
        if (k == ns)
            scopes[ns++] = s;
        counts[k]++;
    }
    rc_buf b = {0};
    if (total == 0)
        rc_buf_printf(&b, "no %ss", name);
    else
        rc_buf_printf(&b, "%zu %s%s", total, name, total == 1 ? "" : "s");
    for (size_t k = 0; k < ns; k++)
        rc_buf_printf(&b, "%s%zu %s%s", k ? ", " : ": ", counts[k],
                      strcmp(scopes[k], "all") ? "" : "on ", scopes[k]);
    free(scopes);
    free(counts);
    return b.ptr;
}

/* ---- the verdict in words ---- */

static void fmt_q(char *out, size_t n, double q)
{
    if (q < 0.0001)
        snprintf(out, n, "q < 0.0001");
    else
        snprintf(out, n, "q = %.2g", q);
}

char *rc_bench_basis(const rc_bench_delta *row, const rc_bench_diff_opts *opts)
{
    rc_buf b = {0};
    const char *name = rc_bench_verdict_name(row->verdict);
    double th = row->threshold_pct;
    if (row->verdict == RC_BENCH_MISSING) {
        rc_buf_printf(&b, "%zu vs %zu runs: no results on the %s side -> missing", row->base_n,
                      row->head_n, row->base_n ? "head" : "base");
        return b.ptr;
    }
    rc_buf_printf(&b, "%zu vs %zu runs, ratio %.2f", row->base_n, row->head_n, row->ratio);
    if (isfinite(row->ci_low)) {
        char q[32];
        fmt_q(q, sizeof q, row->q_value);
        rc_buf_printf(&b, " [%.2f, %.2f], BH %s -> %s", row->ci_low, row->ci_high, q, name);
    } else {
        rc_buf_printf(&b, " -> %s", name);
    }
    size_t fewer = row->base_n < row->head_n ? row->base_n : row->head_n;
    int more = row->runs_needed - (int)fewer;
    switch (row->verdict) {
    case RC_BENCH_REGRESSION:
    case RC_BENCH_IMPROVEMENT:
        rc_buf_printf(&b, "\nsignificant (q <= %g) and %s by more than the %g%% threshold",
                      opts->alpha, row->verdict == RC_BENCH_REGRESSION ? "worse" : "better", th);
        break;
    case RC_BENCH_NOISE:
        if (row->better == 0)
            rc_buf_printf(&b, "\nno direction known for %s (relcap.metricDirection): not judged",
                          row->metric);
        else
            rc_buf_printf(&b, "\nthe interval lies inside +-%g%%: no change worth a look", th);
        break;
    case RC_BENCH_INCONCLUSIVE:
        if (isnan(row->spread))
            rc_buf_printf(&b,
                          "\none run a side shows no spread to judge by:\n%d more runs a side"
                          " (%d in all) would give an interval",
                          more, row->runs_needed);
        else if (row->runs_needed >= RC_RUNS_NEEDED_MAX)
            rc_buf_printf(&b,
                          "\nthe interval crosses the %g%% threshold:\nthe spread is too wide"
                          " for %d runs a side to decide",
                          th, RC_RUNS_NEEDED_MAX);
        else
            rc_buf_printf(&b,
                          "\nthe interval crosses the %g%% threshold:\n%d more runs a side (%d"
                          " in all) would decide",
                          th, more, row->runs_needed);
        break;
    default:
        break;
    }
    if (row->fence_tags && row->fence_pct > opts->threshold_pct)
        rc_buf_printf(&b,
                      "\nthreshold widened from %g%% to %.1f%%: this metric's runs on\n%zu earlier"
                      " tag%s of the line vary that much (Q3 + 3 IQR)",
                      opts->threshold_pct, row->fence_pct, row->fence_tags,
                      row->fence_tags == 1 ? "" : "s");
    return b.ptr;
}
