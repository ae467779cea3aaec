#include "core/release/ready.h"
#include "core/bench/bench_diff.h"
#include "core/release/calendar.h"
#include "core/release/compat.h"
#include "core/release/docs.h"
#include "core/release/inputs.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/bench/bench.h"
#include "core/bench/bench_stats.h"
#include "core/git/gitsync.h"
#include "core/github/github.h"
#include "core/picks/picks_summary.h"
#include "core/runs/runs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rc_ready_status_name(rc_ready_status s)
{
    return s == RC_READY_PASS ? "pass" : s == RC_READY_FAIL ? "fail" : "unknown";
}

static void item(rc_ready_report *r, const char *name, rc_ready_status st, const char *where,
                 int pane, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void item(rc_ready_report *r, const char *name, rc_ready_status st, const char *where,
                 int pane, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = rc_vasprintf(fmt, ap);
    va_end(ap);
    if (!reason)
        reason = rc_xstrdup("?");
    r->items = rc_xrealloc(r->items, (r->nitems + 1) * sizeof(rc_ready_item));
    r->items[r->nitems++] = (rc_ready_item){name, st, reason, rc_xstrdup(where), pane};
    r->nfail += st == RC_READY_FAIL;
    r->nunknown += st == RC_READY_UNKNOWN;
}

/* The release X.Y.Z of a name, via the version parser. */
static bool release_of(const char *s, char *out, size_t n, rc_version *v)
{
    if (!s || rc_version_parse(v, s) != 0)
        return false;
    rc_version_release(out, n, v);
    return true;
}

/* Picks the release line: the requested one, else the newest branch's. */
static int find_branch(rc_ready_report *r, rc_db *db, const char *version)
{
    rc_version best = {0}, want;
    char want_rel[RC_VERSION_STRLEN] = "";
    if (version && !release_of(version, want_rel, sizeof want_rel, &want))
        return rc_error_set(RC_EUSAGE, "invalid version '%s'", version);
    rc_branch_row *rows;
    size_t n;
    int e = rc_gitsync_branches(&rows, &n, db, NULL, false);
    if (e)
        return e;
    for (size_t i = 0; i < n; i++) {
        rc_version v;
        char rel[RC_VERSION_STRLEN];
        if (!release_of(rows[i].version, rel, sizeof rel, &v))
            continue;
        bool take = version ? strcmp(rel, want_rel) == 0 && !r->branch
                            : (!r->branch || rc_version_cmp(&v, &best) > 0);
        if (take) {
            free(r->branch);
            free(r->version);
            r->branch = rc_xstrdup(rows[i].name);
            r->version = rc_xstrdup(rel);
            best = v;
        }
    }
    rc_branch_rows_free(rows, n);
    if (!r->version && version)
        r->version = rc_xstrdup(want_rel);
    if (!r->version)
        return rc_error_set(RC_ENOTFOUND, "no release branch in the cache (run relcap sync)");
    return 0;
}

typedef struct {
    char *name, *sha, *ci;
    rc_version v;
} tag_info;

/* Newest rc and the final (if any) of the release. */
static int find_tags(rc_db *db, const char *release, tag_info *rc, tag_info *final)
{
    memset(rc, 0, sizeof *rc);
    memset(final, 0, sizeof *final);
    rc_tag_row *rows;
    size_t n;
    /* the release column is the same rc_version_release of the name, so the
     * cache hands over only the line's tags (a gate per branch on screen,
     * each of a history with thousands of tags) */
    int e = rc_gitsync_tags(&rows, &n, db, release, NULL, false);
    if (e)
        return e;
    for (size_t i = 0; i < n; i++) {
        const rc_tag_row *t = &rows[i];
        rc_version v;
        char rel[RC_VERSION_STRLEN];
        if (!release_of(t->name, rel, sizeof rel, &v) || strcmp(rel, release) != 0)
            continue;
        rc_version_kind k = rc_version_kind_of(&v);
        tag_info *slot = k == RC_VKIND_RC ? rc : k == RC_VKIND_FINAL ? final : NULL;
        if (!slot || (slot->name && rc_version_cmp(&v, &slot->v) <= 0))
            continue;
        free(slot->name);
        free(slot->sha);
        free(slot->ci);
        slot->name = rc_xstrdup(t->name);
        slot->sha = t->sha ? rc_xstrdup(t->sha) : NULL;
        slot->ci = rc_xstrdup(t->ci ? t->ci : "none");
        slot->v = v;
    }
    rc_tag_rows_free(rows, n);
    return 0;
}

static void tag_info_free(tag_info *t)
{
    free(t->name);
    free(t->sha);
    free(t->ci);
}

static void check_picks(rc_ready_report *r, rc_db *db)
{
    rc_picks_gate_counts k;
    /* an unreadable cache fails the item: the gate must not pass because it
     * could not look */
    if (rc_picks_gate_count(&k, db, r->branch) != 0) {
        item(r, "picks", RC_READY_FAIL, "relcap picks", 3, "cannot read the cache: %s",
             rc_error_last());
        return;
    }
    if (k.total == 0) {
        item(r, "picks", RC_READY_UNKNOWN, "relcap sync", 3,
             "no cherry-pick analysis for %s in the cache", r->branch);
        return;
    }
    if (k.approved_pending > 0 || k.revert_needed > 0 || k.violations > 0)
        item(r, "picks", RC_READY_FAIL, "relcap picks", 3,
             "%ld approved not applied, %ld revert-needed, %ld policy violation%s",
             k.approved_pending, k.revert_needed, k.violations, k.violations == 1 ? "" : "s");
    else
        item(r, "picks", RC_READY_PASS, "relcap picks", 3,
             "nothing approved left unapplied, no revert to follow, no violation");
}

static void check_perf(rc_ready_report *r, rc_db *db, const rc_config *cfg, const tag_info *rc)
{
    if (!rc->name) {
        item(r, "perf", RC_READY_UNKNOWN, "relcap bench diff", 4, "no RC to validate");
        return;
    }
    const char *const *hw, *const *models;
    size_t nhw, nmodels;
    rc_config_multi(&hw, &nhw, cfg, "relcap.requiredHardware");
    rc_config_multi(&models, &nmodels, cfg, "relcap.requiredModels");
    rc_buf missing = {0};
    int e = 0;
    for (size_t i = 0; i < nhw && !e; i++) {
        long runs, results;
        e = rc_runs_count_succeeded(&runs, db, hw[i], rc->sha, rc->name);
        if (!e)
            e = rc_bench_count_results(&results, db, hw[i], NULL, rc->sha, rc->name);
        if (!e && runs <= 0 && results <= 0)
            rc_buf_printf(&missing, "%s%s", missing.len ? ", " : "", hw[i]);
        for (size_t m = 0; m < nmodels && !e && results > 0; m++) {
            long n;
            e = rc_bench_count_results(&n, db, hw[i], models[m], rc->sha, rc->name);
            if (!e && n <= 0)
                rc_buf_printf(&missing, "%s%s/%s", missing.len ? ", " : "", hw[i], models[m]);
        }
    }
    if (e)
        item(r, "perf", RC_READY_FAIL, "relcap bench diff", 4, "cannot read the cache: %s",
             rc_error_last());
    else if (missing.len)
        item(r, "perf", RC_READY_FAIL, "relcap run start NODE --tag RC", 5,
             "no perf results for %s on %s", rc->name, missing.ptr);
    else
        item(r, "perf", RC_READY_PASS, "relcap bench diff", 4,
             "perf results for %s on every required hardware", rc->name);
    rc_buf_free(&missing);
}

static bool listed(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], s))
            return true;
    return false;
}

/* An untriaged inconclusive row of a required metric (required hardware,
 * and required models when configured) is no pass: more runs would decide
 * whether it regressed. */
static void check_inconclusive(rc_ready_report *r, const rc_config *cfg, const rc_bench_diff *d)
{
    const char *const *hw, *const *models;
    size_t nhw = 0, nmodels = 0;
    rc_config_multi(&hw, &nhw, cfg, "relcap.requiredHardware");
    rc_config_multi(&models, &nmodels, cfg, "relcap.requiredModels");
    size_t n = 0;
    rc_buf which = {0};
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *row = &d->rows[i];
        if (row->verdict != RC_BENCH_INCONCLUSIVE || row->decision ||
            (nhw && !listed(hw, nhw, row->hardware)) ||
            (nmodels && !listed(models, nmodels, row->model)))
            continue;
        size_t fewer = row->base_n < row->head_n ? row->base_n : row->head_n;
        int more = row->runs_needed - (int)fewer;
        if (n++ >= 3)
            continue;
        rc_buf_printf(&which, "%s%s %s %s: ", which.len ? "; " : "", row->hardware, row->model,
                      row->metric);
        if (row->runs_needed >= RC_RUNS_NEEDED_MAX)
            rc_buf_puts(&which, "too noisy for more runs to decide");
        else
            rc_buf_printf(&which, "%d more run%s a side would decide", more, more == 1 ? "" : "s");
    }
    if (n)
        item(r, "undecided", RC_READY_FAIL, "relcap bench diff", 4,
             "%zu required metric%s of %s vs %s inconclusive: %s%s", n, n == 1 ? "" : "s", d->head,
             d->base, which.ptr, n > 3 ? "; ..." : "");
    else
        item(r, "undecided", RC_READY_PASS, "relcap bench diff", 4,
             "no required metric of %s vs %s inconclusive", d->head, d->base);
    rc_buf_free(&which);
}

/* Regressions of the newest RC with no triage decision fail the gate. */
static void check_regressions(rc_ready_report *r, rc_db *db, const rc_config *cfg,
                              git_repository *repo, const tag_info *rc)
{
    if (!rc->name) {
        item(r, "regressions", RC_READY_UNKNOWN, "relcap bench diff", 4, "no RC to compare");
        return;
    }
    rc_bench_diff_opts opts;
    rc_bench_diff_opts_init(&opts, cfg);
    rc_bench_diff *d = NULL;
    if (rc_bench_diff_compute(&d, db, repo, NULL, rc->name, &opts) != 0) {
        item(r, "regressions", RC_READY_UNKNOWN, "relcap bench diff", 4, "%s", rc_error_last());
        return;
    }
    size_t regressions = 0, untriaged = 0;
    rc_buf which = {0};
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *row = &d->rows[i];
        if (row->verdict != RC_BENCH_REGRESSION)
            continue;
        regressions++;
        if (row->decision)
            continue;
        if (untriaged++ < 3) {
            char pct[32];
            rc_bench_fmt_pct(pct, sizeof pct, row->delta_pct);
            rc_buf_printf(&which, "%s%s %s %s %s", which.len ? "; " : "", row->hardware, row->model,
                          row->metric, pct);
        }
    }
    if (untriaged)
        item(r, "regressions", RC_READY_FAIL, "relcap bench diff", 4,
             "%zu of %zu regression%s of %s vs %s untriaged: %s%s", untriaged, regressions,
             regressions == 1 ? "" : "s", d->head, d->base, which.ptr,
             untriaged > 3 ? "; ..." : "");
    else
        item(r, "regressions", RC_READY_PASS, "relcap bench diff", 4,
             "%zu regression%s of %s vs %s, all triaged", regressions, regressions == 1 ? "" : "s",
             d->head, d->base);
    rc_buf_free(&which);
    check_inconclusive(r, cfg, d);
    rc_bench_diff_free(d);
}

static void check_compat(rc_ready_report *r, rc_db *db, const rc_config *cfg)
{
    rc_compat_report c;
    int e = rc_compat_check_cached(&c, db, cfg);
    if (e) {
        item(r, "matrix", RC_READY_UNKNOWN, "relcap compat", 0, "%s", rc_error_last());
        return;
    }
    const rc_compat_row *row = NULL;
    for (size_t i = 0; i < c.nrows && !row; i++)
        if (strcmp(c.rows[i].version, r->version) == 0)
            row = &c.rows[i];
    if (!row)
        item(r, "matrix", RC_READY_FAIL, "relcap compat", 0, "%s has no row for %s", c.doc,
             r->version);
    else if (row->upstream_match == 0)
        item(r, "matrix", RC_READY_FAIL, "relcap compat", 0,
             "%s line %zu says upstream %s, the history says %s", c.doc, row->line,
             row->upstream ? row->upstream : "-", row->derived_upstream);
    else
        item(r, "matrix", RC_READY_PASS, "relcap compat", 0, "%s has a row for %s", c.doc,
             r->version);
    rc_compat_report_free(&c);
}

static void check_calendar(rc_ready_report *r, rc_db *db, const rc_config *cfg, int64_t now)
{
    rc_calendar_report c;
    if (rc_calendar_check_cached(&c, db, cfg, now) != 0) {
        item(r, "calendar", RC_READY_UNKNOWN, "relcap calendar", 0, "%s", rc_error_last());
        return;
    }
    size_t mentioned = 0, off = 0;
    const rc_calendar_event *late = NULL;
    for (size_t i = 0; i < c.nevents; i++) {
        rc_version v;
        char rel[RC_VERSION_STRLEN];
        if (!release_of(c.events[i].version, rel, sizeof rel, &v) || strcmp(rel, r->version))
            continue;
        mentioned++;
        off += c.events[i].tag && c.events[i].delta_days != 0;
        if (c.events[i].overdue_days > 0 && (!late || c.events[i].date > late->date))
            late = &c.events[i];
    }
    if (!mentioned) {
        item(r, "calendar", RC_READY_FAIL, "relcap calendar", 0, "%s has no event for %s", c.doc,
             r->version);
    } else if (late) {
        rc_version v;
        rc_version_parse(&v, late->version);
        rc_error_clear();
        char date[21];
        rc_time_iso(date, late->date);
        item(r, "calendar", RC_READY_FAIL, "relcap calendar", 0,
             "%s planned %.10s, %ld day%s overdue",
             rc_version_kind_of(&v) == RC_VKIND_FINAL ? "final" : late->version, date,
             late->overdue_days, late->overdue_days == 1 ? "" : "s");
    } else if (off) {
        item(r, "calendar", RC_READY_FAIL, "relcap calendar", 0,
             "%zu event%s of %s dated differently from the tag", off, off == 1 ? "" : "s",
             r->version);
    } else {
        item(r, "calendar", RC_READY_PASS, "relcap calendar", 0, "%zu event%s of %s agree",
             mentioned, mentioned == 1 ? "" : "s", r->version);
    }
    rc_calendar_report_free(&c);
}

static void check_docs(rc_ready_report *r, rc_db *db, const rc_config *cfg)
{
    char *head = NULL;
    rc_branch_row b;
    if (rc_gitsync_branch_get(&b, db, r->branch) == 0) {
        head = b.head_sha;
        b.head_sha = NULL;
    }
    rc_branch_row_free(&b);
    rc_docs_report d;
    if (!head || rc_docs_check_cached(&d, db, cfg, r->branch, head, r->version) != 0) {
        item(r, "docs", RC_READY_UNKNOWN, head ? "relcap sync" : "relcap ready --json", 0,
             "cannot read %s: %s", r->branch, head ? rc_error_last() : "no head in the cache");
        free(head);
        return;
    }
    free(head);
    if (d.nproblems) {
        rc_buf b = {0};
        for (size_t i = 0; i < d.nproblems; i++)
            if (d.problems[i].line)
                rc_buf_printf(&b, "%s%s:%zu: %s", i ? "; " : "", d.problems[i].path,
                              d.problems[i].line, d.problems[i].problem);
            else
                rc_buf_printf(&b, "%s%s: %s", i ? "; " : "", d.problems[i].path,
                              d.problems[i].problem);
        char *where = rc_xasprintf("git show %s:%s", r->branch, d.problems[0].path);
        item(r, "docs", RC_READY_FAIL, where, 0, "%s", b.ptr);
        free(where);
        rc_buf_free(&b);
    } else {
        item(r, "docs", RC_READY_PASS, "relcap ready", 0, "%zu release docs checked on %s",
             d.files_checked, r->branch);
    }
    rc_docs_report_free(&d);
}

/* Failures first, then unknowns, then passes; the check order within each. */
static void failures_first(rc_ready_report *r)
{
    static const rc_ready_status order[] = {RC_READY_FAIL, RC_READY_UNKNOWN, RC_READY_PASS};
    rc_ready_item *sorted = rc_xcalloc(r->nitems ? r->nitems : 1, sizeof *sorted);
    size_t k = 0;
    for (size_t o = 0; o < 3; o++)
        for (size_t i = 0; i < r->nitems; i++)
            if (r->items[i].status == order[o])
                sorted[k++] = r->items[i];
    free(r->items);
    r->items = sorted;
}

int rc_ready_check(rc_ready_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                   const char *version, int64_t now)
{
    memset(out, 0, sizeof *out);
    int e = find_branch(out, db, version);
    if (e && e != RC_ENOTFOUND)
        return e;
    if (e)
        return e;
    if (!out->branch) {
        item(out, "branch-cut", RC_READY_FAIL, "relcap branches", 1, "no release branch for %s",
             out->version);
        return 0;
    }
    item(out, "branch-cut", RC_READY_PASS, "relcap branches", 1, "%s is cut", out->branch);
    tag_info rc, final;
    if ((e = find_tags(db, out->version, &rc, &final)))
        return e;
    if (!rc.name)
        item(out, "rc", RC_READY_FAIL, "relcap tags", 2, "no release candidate of %s is tagged",
             out->version);
    else if (strcmp(rc.ci, "success") == 0)
        item(out, "rc", RC_READY_PASS, "relcap tags", 2, "%s is green", rc.name);
    else if (strcmp(rc.ci, "failure") == 0)
        item(out, "rc", RC_READY_FAIL, "relcap tags", 2, "%s CI failed", rc.name);
    else if (strcmp(rc.ci, "none") != 0)
        item(out, "rc", RC_READY_UNKNOWN, "relcap tags", 2, "%s CI %s", rc.name, rc.ci);
    else if (!rc_github_configured(cfg, repo))
        item(out, "rc", RC_READY_UNKNOWN, "relcap-config(5): relcap.github", 2,
             "%s CI unknown: GitHub not configured", rc.name);
    else
        item(out, "rc", RC_READY_UNKNOWN, "relcap sync", 2,
             "%s CI unknown: no CI state synced from GitHub yet", rc.name);
    out->newest_rc = rc.name ? rc_xstrdup(rc.name) : NULL;
    check_picks(out, db);
    check_perf(out, db, cfg, &rc);
    /* the RC is a tag of the cache: the diff resolves both sides there, and
     * the documents come from the copies sync made (core/release/inputs.c):
     * the gate reads no git object */
    check_regressions(out, db, cfg, NULL, &rc);
    check_compat(out, db, cfg);
    check_calendar(out, db, cfg, now);
    check_docs(out, db, cfg);
    if (final.name)
        item(out, "final-tag", RC_READY_PASS, "relcap tags", 2, "%s is tagged", final.name);
    else
        item(out, "final-tag", RC_READY_UNKNOWN, "relcap tags", 2, "v%s is not tagged yet",
             out->version);
    tag_info_free(&rc);
    tag_info_free(&final);
    failures_first(out);
    return 0;
}

void rc_ready_report_free(rc_ready_report *r)
{
    for (size_t i = 0; i < r->nitems; i++) {
        free(r->items[i].reason);
        free(r->items[i].where);
    }
    free(r->items);
    char **const strs[] = {&r->version, &r->branch, &r->newest_rc};
    rc_strs_clear(strs, 3);
    memset(r, 0, sizeof *r);
}
