/* Stepping a bisect: poll its runs, judge what finished, launch what is
 * needed. Each pass decides one thing from what the cache holds, so a pass
 * may stop anywhere and the next (in this or another relcap) goes on. */
#include "core/bisect/bisect_internal.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/bench/bench.h"
#include "core/bench/bench_diff.h"
#include "core/bench/bench_samples.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ROUNDS 3 /* an inconclusive commit gets runs_per_step more, this many times */

/* What the counted runs at one commit add up to. */
typedef enum { P_LAUNCH, P_WAIT, P_SAMPLES, P_FAILED, P_NOMETRIC, P_NODE } point_status;

typedef struct {
    point_status status;
    double *v;
    size_t nv;
    char *why;      /* for FAILED / NOMETRIC / NODE */
    int64_t queued; /* a run still queued: its id (for the start timeout) */
    int64_t queued_since;
} point_eval;

typedef struct {
    rc_db *db;
    git_repository *repo;
    const rc_config *cfg;
    rc_bisect b;
    bisect_run *runs;
    size_t nruns;
    bisect_point *points;
    size_t npoints;
    rc_bench_diff_opts opts;
} step_ctx;

static void eval_free(point_eval *e)
{
    free(e->v);
    free(e->why);
    memset(e, 0, sizeof *e);
}

static char *imported_path(const rc_run *run, char **error)
{
    *error = NULL;
    cJSON *doc = run->imported ? cJSON_Parse(run->imported) : NULL;
    const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "path"));
    const char *e = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "error"));
    char *path = p ? rc_xstrdup(p) : NULL;
    if (!path)
        *error = rc_xstrdup(e ? e : "its results were not imported");
    cJSON_Delete(doc);
    return path;
}

/* The samples one succeeded run brought; NOMETRIC with the reason when it
 * brought none of the metric. */
static int run_samples(step_ctx *c, const bisect_run *br, point_eval *e)
{
    char *err = NULL, *path = imported_path(&br->run, &err);
    if (!path) {
        e->status = P_NOMETRIC;
        e->why = rc_xasprintf("run %lld succeeded but %s", (long long)br->run_id, err);
        free(err);
        return 0;
    }
    double *v = NULL;
    size_t n = 0;
    const rc_bisect *b = &c->b;
    int r = rc_bench_samples_under(&v, &n, c->db, path, b->hardware, b->model, b->test, b->metric);
    if (!r && n == 0) {
        char *have = NULL;
        rc_bench_metrics_under(&have, c->db, path, b->hardware, b->model, b->test);
        e->status = P_NOMETRIC;
        e->why = rc_xasprintf("run %lld left results without %s for %s %s on %s (%s%s)",
                              (long long)br->run_id, b->metric, b->model, b->test, b->hardware,
                              have && *have ? "it has: " : "no results of that test at all",
                              have ? have : "");
        free(have);
    }
    for (size_t i = 0; i < n; i++) {
        e->v = rc_xrealloc(e->v, (e->nv + 1) * sizeof *e->v);
        e->v[e->nv++] = v[i];
    }
    free(v);
    free(path);
    return r;
}

static void eval_point(step_ctx *c, const char *sha, int want, point_eval *e)
{
    memset(e, 0, sizeof *e);
    size_t ok = 0;
    for (size_t i = 0; i < c->nruns; i++) {
        const bisect_run *br = &c->runs[i];
        if (!br->counted || strcmp(br->sha, sha) != 0)
            continue;
        const rc_run *run = &br->run;
        if (!rc_run_state_final(run->state)) {
            e->status = P_WAIT;
            if (run->state == RC_RUN_QUEUED && !e->queued) {
                e->queued = br->run_id;
                e->queued_since = run->created_at;
            }
            return;
        }
        if (run->state == RC_RUN_SUCCEEDED && !run->imported &&
            (int64_t)time(NULL) - run->ended_at < 120) {
            /* another relcap (the cockpit's poller) moved it and is
             * importing its results right now */
            e->status = P_WAIT;
            return;
        }
        if (run->state == RC_RUN_SUCCEEDED) {
            ok++;
            if (run_samples(c, br, e) || e->status == P_NOMETRIC)
                return;
            continue;
        }
        /* a run that started and failed says the code does not run there
         * (git bisect skip); the rest is the node's fault */
        bool code_failed = run->state == RC_RUN_FAILED && run->has_exit;
        e->status = code_failed ? P_FAILED : P_NODE;
        e->why = rc_xasprintf("run %lld %s: %s", (long long)br->run_id,
                              rc_run_state_name(run->state), run->reason ? run->reason : "");
        return;
    }
    e->status = ok >= (size_t)want ? P_SAMPLES : P_LAUNCH;
}

typedef enum { J_WORSE, J_SAME, J_UNSURE } judgement;

/* The one place that turns two samples into a step's verdict: the judge
 * of `bench diff` (Welch's t on log values, 95% interval of the ratio,
 * threshold), the commit under test as head. *need: runs a side that would
 * decide when it cannot tell. */
static judgement judge(step_ctx *c, const point_eval *good, const point_eval *x, int *need,
                       char **why)
{
    rc_bench_delta row;
    memset(&row, 0, sizeof row);
    row.better = rc_bench_metric_direction(c->b.metric, c->opts.directions, c->opts.n_directions);
    if (row.better == 0)
        row.better = -1; /* unknown direction: treated as a time, lower is better */
    rc_bench_judge(&row, good->v, good->nv, x->v, x->nv, &c->opts);
    char ci[64] = "", q[48] = "";
    if (!isnan(row.ci_low))
        snprintf(ci, sizeof ci, " [%.3f, %.3f]", row.ci_low, row.ci_high);
    if (!isnan(row.q_value))
        snprintf(q, sizeof q, ", q = %.3g", row.q_value);
    *why =
        rc_xasprintf("%zu vs %zu runs, ratio %.3f%s%s, medians %.6g vs %.6g -> %s", good->nv, x->nv,
                     row.ratio, ci, q, row.base, row.head, rc_bench_verdict_name(row.verdict));
    *need = row.runs_needed;
    switch (row.verdict) {
    case RC_BENCH_REGRESSION:
        return J_WORSE;
    case RC_BENCH_INCONCLUSIVE:
    case RC_BENCH_MISSING:
        return J_UNSURE;
    default:
        return J_SAME;
    }
}

/* Runs wanted after an inconclusive judgement: what the judge says would
 * decide, at least runs_per_step more, at most MAX_ROUNDS rounds; 0 when
 * that limit is reached (the commit is skipped). */
static int more_runs(const rc_bisect *b, int want, int need)
{
    int cap = MAX_ROUNDS * b->runs_per_step;
    if (want >= cap)
        return 0;
    int next = want + b->runs_per_step;
    if (need > next)
        next = need;
    return next < cap ? next : cap;
}

static int pause(step_ctx *c, const char *why)
{
    char *m = rc_xasprintf("%s; nothing is lost: fix it, then relcap bench bisect --continue", why);
    int r = bisect_set_state(c->db, c->b.id, RC_BISECT_PAUSED, m, NULL);
    free(m);
    return r;
}

static int want_of(step_ctx *c, const char *sha)
{
    bisect_point *p = bisect_point_find(c->points, c->npoints, sha);
    return p && p->want > 0 ? p->want : c->b.runs_per_step;
}

static rc_bisect_mark mark_of(step_ctx *c, const char *sha)
{
    bisect_point *p = bisect_point_find(c->points, c->npoints, sha);
    return p ? p->mark : RC_MARK_NONE;
}

static int launch(step_ctx *c, const char *sha, bool *waiting)
{
    const char *tests[] = {c->b.test};
    rc_run_start_opts o = {.commit = sha, .tests = tests, .ntests = 1, .model = c->b.model};
    int64_t id = 0;
    int r = rc_runs_start(&id, c->db, c->repo, c->cfg, c->b.node, &o);
    if (r) {
        char *why = rc_xasprintf("node %s could not start a run at %.12s: %s", c->b.node, sha,
                                 rc_error_last());
        if (id)
            bisect_run_add(c->db, c->b.id, id, sha, false);
        r = pause(c, why);
        free(why);
        return r;
    }
    *waiting = true;
    return bisect_run_add(c->db, c->b.id, id, sha, true);
}

/* A run in flight; one queued past the start timeout is cancelled and the
 * bisect pauses (a node that never schedules it). */
static int wait_or_timeout(step_ctx *c, const point_eval *e, bool *waiting)
{
    int64_t now = (int64_t)time(NULL);
    if (!e->queued || now - e->queued_since <= c->b.start_timeout) {
        *waiting = true;
        return 0;
    }
    rc_runs_cancel(c->db, c->repo, c->cfg, e->queued);
    rc_error_clear();
    bisect_run_uncount(c->db, c->b.id, e->queued);
    char *why = rc_xasprintf("run %lld on %s did not start within %d s (cancelled)",
                             (long long)e->queued, c->b.node, c->b.start_timeout);
    int r = pause(c, why);
    free(why);
    return r;
}

/* Runs at one end until it has samples; 1 when this pass stops there. */
static int endpoint(step_ctx *c, const char *sha, const char *what, point_eval *e, bool *waiting,
                    int *err)
{
    char *why = NULL;
    switch (e->status) {
    case P_SAMPLES:
        return 0;
    case P_LAUNCH:
        *err = launch(c, sha, waiting);
        return 1;
    case P_WAIT:
        *err = wait_or_timeout(c, e, waiting);
        return 1;
    case P_NOMETRIC:
        why = rc_xasprintf("at the %s (%.12s): %s", what, sha, e->why);
        *err = bisect_set_state(c->db, c->b.id, RC_BISECT_FAILED, why, NULL);
        break;
    default: /* the ends must run: a failure there is for the captain to fix */
        for (size_t i = 0; i < c->nruns; i++)
            if (c->runs[i].counted && !strcmp(c->runs[i].sha, sha) &&
                c->runs[i].run.state != RC_RUN_SUCCEEDED)
                bisect_run_uncount(c->db, c->b.id, c->runs[i].run_id);
        why = rc_xasprintf("the %s (%.12s) did not run: %s", what, sha, e->why);
        *err = pause(c, why);
        break;
    }
    free(why);
    return 1;
}

/* Both ends measured: the bad end must be worse, or there is nothing to find. */
static int check_ends(step_ctx *c, const point_eval *g, const point_eval *h, bool *again)
{
    const rc_bisect *b = &c->b;
    const char *good = b->commits[0], *bad = b->commits[b->ncommits - 1];
    char *why = NULL;
    int need = 0;
    judgement j = judge(c, g, h, &need, &why);
    int r = 0, want = want_of(c, bad), more = j == J_UNSURE ? more_runs(b, want, need) : 0;
    if (j == J_WORSE) {
        r = bisect_point_set(c->db, b->id, good, RC_MARK_GOOD, want, "the good end");
        if (!r)
            r = bisect_point_set(c->db, b->id, bad, RC_MARK_BAD, want, why);
        *again = r == 0;
    } else if (more) {
        r = bisect_point_set(c->db, b->id, good, RC_MARK_NONE, more, why);
        if (!r)
            r = bisect_point_set(c->db, b->id, bad, RC_MARK_NONE, more, why);
        *again = r == 0;
    } else {
        char *m = rc_xasprintf("%s does not get worse from %s to %s on %s (%s): nothing to bisect",
                               b->metric, b->from_name, b->to_name, b->node, why);
        r = bisect_set_state(c->db, b->id, RC_BISECT_FAILED, m, NULL);
        free(m);
    }
    free(why);
    return r;
}

/* The open interval (lo, hi) between the newest good and the oldest bad. */
static void interval(step_ctx *c, long *lo, long *hi)
{
    const rc_bisect *b = &c->b;
    *lo = 0;
    *hi = (long)b->ncommits - 1;
    for (size_t i = 0; i < c->npoints; i++) {
        long k = bisect_index(b, c->points[i].sha);
        if (c->points[i].mark == RC_MARK_BAD && k > 0 && k < *hi)
            *hi = k;
    }
    for (size_t i = 0; i < c->npoints; i++) {
        long k = bisect_index(b, c->points[i].sha);
        if (c->points[i].mark == RC_MARK_GOOD && k > *lo && k < *hi)
            *lo = k;
    }
}

static int finish(step_ctx *c, long lo, long hi)
{
    const rc_bisect *b = &c->b;
    size_t skipped = 0;
    for (long k = lo + 1; k < hi; k++)
        skipped += mark_of(c, b->commits[k]) == RC_MARK_SKIP;
    char *m = skipped ? rc_xasprintf("the first bad commit is %.12s or one of the %zu skipped "
                                     "commits before it (they could not be measured)",
                                     b->commits[hi], skipped)
                      : rc_xasprintf("the first bad commit is %.12s", b->commits[hi]);
    int r = bisect_set_state(c->db, b->id, RC_BISECT_DONE, m, b->commits[hi]);
    free(m);
    return r;
}

/* Judges the commit under test once its runs are in. */
static int judge_mid(step_ctx *c, const char *sha, const point_eval *g, point_eval *e,
                     bool *waiting, bool *again)
{
    const rc_bisect *b = &c->b;
    int want = want_of(c, sha), r = 0;
    char *why = NULL;
    switch (e->status) {
    case P_LAUNCH:
        return launch(c, sha, waiting);
    case P_WAIT:
        return wait_or_timeout(c, e, waiting);
    case P_FAILED:
    case P_NOMETRIC:
        r = bisect_point_set(c->db, b->id, sha, RC_MARK_SKIP, want, e->why);
        *again = r == 0;
        return r;
    case P_NODE:
        return pause(c, e->why);
    case P_SAMPLES:
        break;
    }
    int need = 0;
    judgement j = judge(c, g, e, &need, &why);
    int more = j == J_UNSURE ? more_runs(b, want, need) : 0;
    if (more)
        r = bisect_point_set(c->db, b->id, sha, RC_MARK_NONE, more, why);
    else
        r = bisect_point_set(c->db, b->id, sha,
                             j == J_WORSE  ? RC_MARK_BAD
                             : j == J_SAME ? RC_MARK_GOOD
                                           : RC_MARK_SKIP,
                             want, why);
    free(why);
    *again = r == 0;
    return r;
}

static int step_once(step_ctx *c, bool *waiting, bool *again)
{
    const rc_bisect *b = &c->b;
    const char *good = b->commits[0], *bad = b->commits[b->ncommits - 1];
    point_eval g, h, m;
    memset(&h, 0, sizeof h);
    memset(&m, 0, sizeof m);
    int err = 0;
    eval_point(c, good, want_of(c, good), &g);
    if (endpoint(c, good, "good end", &g, waiting, &err))
        goto out;
    eval_point(c, bad, want_of(c, bad), &h);
    if (endpoint(c, bad, "bad end", &h, waiting, &err))
        goto out;
    if (mark_of(c, bad) != RC_MARK_BAD) {
        err = check_ends(c, &g, &h, again);
        goto out;
    }
    long lo, hi;
    interval(c, &lo, &hi);
    long mid = -1;
    double centre = (double)(lo + hi) / 2.0;
    for (long k = lo + 1; k < hi; k++)
        if (mark_of(c, b->commits[k]) != RC_MARK_SKIP &&
            (mid < 0 || fabs((double)k - centre) < fabs((double)mid - centre)))
            mid = k;
    if (mid < 0) {
        err = finish(c, lo, hi);
        goto out;
    }
    eval_point(c, b->commits[mid], want_of(c, b->commits[mid]), &m);
    err = judge_mid(c, b->commits[mid], &g, &m, waiting, again);
out:
    eval_free(&g);
    eval_free(&h);
    eval_free(&m);
    return err;
}

/* Polls the bisect's runs in flight; a node that does not answer pauses. */
static int refresh_runs(step_ctx *c, bool *paused)
{
    *paused = false;
    for (size_t i = 0; i < c->nruns; i++) {
        const bisect_run *br = &c->runs[i];
        if (!br->counted || rc_run_state_final(br->run.state))
            continue;
        bool changed;
        if (rc_runs_refresh_one(&changed, c->db, c->repo, c->cfg, br->run_id) != 0) {
            char *why = rc_xasprintf("node %s did not answer about run %lld (%s); the run goes "
                                     "on there",
                                     c->b.node, (long long)br->run_id, rc_error_last());
            int r = pause(c, why);
            free(why);
            *paused = true;
            return r;
        }
    }
    return 0;
}

static int load(step_ctx *c)
{
    bisect_runs_free(c->runs, c->nruns);
    bisect_points_free(c->points, c->npoints);
    c->runs = NULL;
    c->points = NULL;
    c->nruns = c->npoints = 0;
    int r = bisect_runs_load(&c->runs, &c->nruns, c->db, c->b.id);
    if (!r)
        r = bisect_points_load(&c->points, &c->npoints, c->db, c->b.id);
    return r;
}

int rc_bisect_advance(bool *waiting, rc_db *db, git_repository *repo, const rc_config *cfg,
                      int64_t id)
{
    *waiting = false;
    step_ctx c;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.repo = repo;
    c.cfg = cfg;
    int r = rc_bisect_get(&c.b, db, id);
    if (r)
        return r;
    if (c.b.state != RC_BISECT_RUNNING || c.b.ncommits < 2)
        goto out;
    if ((r = rc_bench_diff_opts_init(&c.opts, cfg)))
        goto out;
    bool paused = false;
    if ((r = load(&c)) || (r = refresh_runs(&c, &paused)) || paused)
        goto out;
    /* marks are cheap: keep deciding until a run is needed */
    for (int i = 0; i < 4 * (int)c.b.ncommits + 16; i++) {
        bool again = false;
        if ((r = load(&c)) || (r = step_once(&c, waiting, &again)) || !again)
            break;
    }
out:
    bisect_runs_free(c.runs, c.nruns);
    bisect_points_free(c.points, c.npoints);
    rc_bisect_clear(&c.b);
    return r;
}
