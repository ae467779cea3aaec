/* The Markdown of a tracker report, read from the cache only (plus the
 * gate's documents), so it is the same on every run until something moves.
 * Text from git and GitHub is put in table cells with '|' and newlines
 * escaped; the decisions block escapes '<' and '>' so no value can close
 * the HTML comment that hides it. */
#include "core/release/report_body.h"

#include "core/github/report.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/bench/bench_diff.h"
#include "core/git/gitsync.h"
#include "core/picks/picks_report.h"
#include "core/release/ready.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One line of text for a table cell or a list item. */
static void put_cell(rc_buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            rc_buf_puts(b, "\\|");
        else if (*s == '\n' || *s == '\r')
            rc_buf_puts(b, " ");
        else if (*s == '<')
            rc_buf_puts(b, "&lt;");
        else
            rc_buf_put(b, s, 1);
    }
}

static char *branch_of(rc_db *db, const char *version)
{
    rc_branch_row *rows = NULL;
    size_t n = 0;
    char *b = NULL;
    if (rc_gitsync_branches(&rows, &n, db, NULL, false) != 0)
        return NULL;
    /* the local branch before a remote-tracking one of the same line */
    for (int remote = 0; remote < 2 && !b; remote++)
        for (size_t i = 0; i < n && !b; i++)
            if (rows[i].remote == remote &&
                ((rows[i].version && strcmp(rows[i].version, version) == 0) ||
                 (rows[i].release && strcmp(rows[i].release, version) == 0)))
                b = rc_xstrdup(rows[i].name);
    rc_branch_rows_free(rows, n);
    return b;
}

static const char *js(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static long jnum(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

static void section_requests(rc_buf *b, const cJSON *data)
{
    rc_buf_puts(b, "### Requests\n\n");
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(data, "requests"))
    {
        if (!n++)
            rc_buf_puts(b, "| PR | Requested by | Decision | State | Landed as |\n"
                           "|---|---|---|---|---|\n");
        const char *by = js(e, "by"), *state = js(e, "state");
        const char *as = js(e, "picked_as"), *dec = js(e, "decision");
        rc_buf_printf(b, "| #%ld | ", jnum(e, "pr"));
        put_cell(b, by ? by : "-");
        rc_buf_puts(b, " | ");
        put_cell(b, dec ? dec : "-");
        if (dec && js(e, "decided_by")) {
            rc_buf_puts(b, " (");
            put_cell(b, js(e, "decided_by"));
            rc_buf_puts(b, ")");
        }
        rc_buf_puts(b, " | ");
        put_cell(b, state ? state : "not merged on main");
        rc_buf_printf(b, " | %.10s |\n", as ? as : "-");
    }
    if (!n)
        rc_buf_puts(b, "No requests on the tracker.\n");
    rc_buf_puts(b, "\n");
}

static bool listed(const rc_report_block *prev, const char *sha)
{
    for (size_t i = 0; prev && i < prev->npicked; i++)
        if (strcmp(prev->picked[i], sha) == 0)
            return true;
    return false;
}

/* Picks not listed by the previous report; *picked gets every picked sha. */
static void section_picks(rc_buf *b, cJSON *picked, const cJSON *data, const rc_report_block *prev)
{
    rc_buf_puts(b, "### Picks applied since the last report\n\n");
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(data, "picked"))
    {
        const char *sha = js(e, "sha"), *as = js(e, "picked_as");
        if (!sha)
            continue;
        cJSON_AddItemToArray(picked, cJSON_CreateString(sha));
        if (listed(prev, sha))
            continue;
        n++;
        rc_buf_puts(b, "- ");
        if (jnum(e, "pr") > 0)
            rc_buf_printf(b, "#%ld ", jnum(e, "pr"));
        put_cell(b, js(e, "subject"));
        rc_buf_printf(b, " → `%.10s`\n", as ? as : "?");
    }
    rc_buf_puts(b, n ? "\n" : "None.\n\n");
}

static void section_reverts(rc_buf *b, const cJSON *data)
{
    rc_buf_puts(b, "### Reverts\n\n");
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(data, "reverts"))
    {
        n++;
        bool done = js(e, "state") && strcmp(js(e, "state"), "picked") == 0;
        rc_buf_puts(b, done ? "- followed: " : "- **still needed**: ");
        if (jnum(e, "pr") > 0)
            rc_buf_printf(b, "#%ld ", jnum(e, "pr"));
        put_cell(b, js(e, "subject"));
        rc_buf_puts(b, "\n");
    }
    rc_buf_puts(b, n ? "\n" : "None.\n\n");
}

/* Regressions of the newest RC with results against the previous release,
 * when that RC belongs to this release. */
static void section_perf(rc_buf *b, rc_db *db, git_repository *repo, const rc_config *cfg,
                         const char *version)
{
    rc_buf_puts(b, "### Performance\n\n");
    rc_bench_diff_opts o;
    rc_bench_diff *d = NULL;
    if (rc_bench_diff_opts_init(&o, cfg) != 0 ||
        rc_bench_diff_compute(&d, db, repo, NULL, NULL, &o) != 0 || !d->release ||
        strcmp(d->release, version) != 0) {
        rc_error_clear();
        rc_buf_puts(b, "No benchmark results for this release.\n\n");
        rc_bench_diff_free(d);
        return;
    }
    size_t n = 0;
    rc_buf_printf(b, "%s against %s:\n\n", d->head, d->base);
    for (size_t i = 0; i < d->n; i++) {
        const rc_bench_delta *x = &d->rows[i];
        if (x->verdict != RC_BENCH_REGRESSION)
            continue;
        n++;
        rc_buf_puts(b, "- regression: ");
        put_cell(b, x->hardware);
        rc_buf_puts(b, " / ");
        put_cell(b, x->model);
        rc_buf_puts(b, " / ");
        put_cell(b, x->test);
        rc_buf_puts(b, " / ");
        put_cell(b, x->metric);
        rc_buf_printf(b, " %+.1f%%", isnan(x->delta_pct) ? 0.0 : x->delta_pct);
        if (x->decision) {
            rc_buf_puts(b, " (");
            put_cell(b, x->decision);
            rc_buf_puts(b, ")");
        }
        rc_buf_puts(b, "\n");
    }
    rc_buf_puts(b, n ? "\n" : "No regressions.\n\n");
    rc_bench_diff_free(d);
}

static void section_gate(rc_buf *b, rc_db *db, git_repository *repo, const rc_config *cfg,
                         const char *version, int64_t now)
{
    rc_buf_puts(b, "### Gate\n\n");
    rc_ready_report rr;
    if (rc_ready_check(&rr, repo, db, cfg, version, now) != 0) {
        rc_buf_puts(b, "Not computed: ");
        put_cell(b, rc_error_last());
        rc_buf_puts(b, "\n\n");
        rc_error_clear();
        return;
    }
    for (size_t i = 0; i < rr.nitems; i++) {
        if (rr.items[i].status != RC_READY_FAIL)
            continue;
        rc_buf_printf(b, "- failing: %s: ", rr.items[i].name);
        put_cell(b, rr.items[i].reason);
        rc_buf_puts(b, "\n");
    }
    rc_buf_puts(b, rr.nfail ? "\n" : "Every item passes.\n\n");
    rc_ready_report_free(&rr);
}

/* The JSON with '<' and '>' as \u escapes: they only occur inside strings,
 * and without them no note can end the HTML comment early. */
static void put_block(rc_buf *b, cJSON *doc)
{
    char *json = cJSON_PrintUnformatted(doc);
    rc_buf_puts(b, RC_REPORT_BLOCK_OPEN "\n");
    for (const char *p = json; p && *p; p++) {
        if (*p == '<')
            rc_buf_puts(b, "\\u003c");
        else if (*p == '>')
            rc_buf_puts(b, "\\u003e");
        else
            rc_buf_put(b, p, 1);
    }
    rc_buf_puts(b, "\n-->\n");
    free(json);
}

int rc_report_build(char **out, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const char *version, const char *author, const char *prev_body, int64_t now)
{
    *out = NULL;
    if (version[0] == 'v' || version[0] == 'V')
        version++;
    long tracker = 0;
    int r = rc_report_tracker_for(&tracker, db, version);
    if (r)
        return r;
    char *branch = branch_of(db, version);
    if (!branch)
        return rc_error_set(RC_ENOTFOUND, "no release branch for %s in the cache", version);
    rc_report_block prev = {0};
    bool have_prev = prev_body && rc_report_block_parse(&prev, prev_body) == 0;
    rc_error_clear();
    rc_buf b = {0};
    char iso[21];
    rc_time_iso(iso, now);
    rc_buf_puts(&b, RC_REPORT_MARKER "\n## Release report for v");
    put_cell(&b, version);
    rc_buf_puts(&b, " (`");
    put_cell(&b, branch);
    rc_buf_printf(&b, "`)\n\n_Updated %s by ", iso);
    put_cell(&b, author);
    rc_buf_puts(&b, " with `relcap gh report`; this comment is edited in place._\n\n");
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "relcap_decisions", 1);
    cJSON_AddStringToObject(doc, "captain", author);
    cJSON_AddStringToObject(doc, "version", version);
    cJSON_AddStringToObject(doc, "at", iso);
    cJSON *data = NULL;
    r = rc_picks_report_data(&data, db, tracker, branch, author);
    cJSON *picked = cJSON_CreateArray();
    if (!r) {
        section_requests(&b, data);
        section_picks(&b, picked, data, have_prev ? &prev : NULL);
        section_reverts(&b, data);
        section_perf(&b, db, repo, cfg, version);
        section_gate(&b, db, repo, cfg, version, now);
        cJSON_AddItemToObject(doc, "decisions", cJSON_DetachItemFromObject(data, "decisions"));
    }
    cJSON_AddItemToObject(doc, "picked", picked);
    cJSON_Delete(data);
    if (!r)
        put_block(&b, doc);
    cJSON_Delete(doc);
    rc_report_block_free(&prev);
    free(branch);
    if (r) {
        rc_buf_free(&b);
        return r;
    }
    *out = rc_buf_detach(&b);
    return 0;
}
