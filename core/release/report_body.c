/* The Markdown of a tracker report, read from the cache only (plus the
 * gate's documents), so it is the same on every run until something moves.
 * Text from git and GitHub is put in table cells with '|' and newlines
 * escaped; the decisions block escapes '<' and '>' so no value can close
 * the HTML comment that hides it. */
#include "core/release/report_body.h"

#include "core/github/report.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/bench/bench_diff.h"
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
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT name FROM branches WHERE version = ?1 OR release = ?1"
                      " ORDER BY remote, name LIMIT 1") != 0)
        return NULL;
    rc_sql_bind_text(st, 1, version);
    char *b = sqlite3_step(st) == SQLITE_ROW ? rc_sql_dup(st, 0) : NULL;
    sqlite3_finalize(st);
    return b;
}

static int section_requests(rc_buf *b, rc_db *db, long tracker, const char *branch)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(
        &st, db,
        "SELECT r.comment_id, r.author, j.value, p.state, p.picked_as, d.decision, d.author"
        " FROM tracker_requests r, json_each(r.trunk_prs) j"
        " LEFT JOIN picks p ON p.branch = ?2 AND p.pr = j.value"
        " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
        " WHERE r.tracker = ?1 ORDER BY r.comment_id, j.key");
    if (r)
        return r;
    sqlite3_bind_int64(st, 1, tracker);
    rc_sql_bind_text(st, 2, branch);
    rc_buf_puts(b, "### Requests\n\n");
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (!n++)
            rc_buf_puts(b, "| PR | Requested by | Decision | State | Landed as |\n"
                           "|---|---|---|---|---|\n");
        const char *by = rc_sql_text(st, 1), *state = rc_sql_text(st, 3);
        const char *as = rc_sql_text(st, 4), *dec = rc_sql_text(st, 5);
        rc_buf_printf(b, "| #%lld | ", (long long)sqlite3_column_int64(st, 2));
        put_cell(b, by ? by : "-");
        rc_buf_puts(b, " | ");
        put_cell(b, dec ? dec : "-");
        if (dec && rc_sql_text(st, 6)) {
            rc_buf_puts(b, " (");
            put_cell(b, rc_sql_text(st, 6));
            rc_buf_puts(b, ")");
        }
        rc_buf_puts(b, " | ");
        put_cell(b, state ? state : "not merged on main");
        rc_buf_printf(b, " | %.10s |\n", as ? as : "-");
    }
    sqlite3_finalize(st);
    if (!n)
        rc_buf_puts(b, "No requests on the tracker.\n");
    rc_buf_puts(b, "\n");
    return 0;
}

static bool listed(const rc_report_block *prev, const char *sha)
{
    for (size_t i = 0; prev && i < prev->npicked; i++)
        if (strcmp(prev->picked[i], sha) == 0)
            return true;
    return false;
}

/* Picks not listed by the previous report; *picked gets every picked sha. */
static int section_picks(rc_buf *b, cJSON *picked, rc_db *db, const char *branch,
                         const rc_report_block *prev)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT p.sha, p.pr, p.picked_as, c.subject FROM picks p"
                          " LEFT JOIN commits c ON c.sha = p.sha"
                          " WHERE p.branch = ?1 AND p.state = 'picked' ORDER BY p.pos");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    rc_buf_puts(b, "### Picks applied since the last report\n\n");
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *sha = rc_sql_text(st, 0), *as = rc_sql_text(st, 2);
        cJSON_AddItemToArray(picked, cJSON_CreateString(sha));
        if (listed(prev, sha))
            continue;
        n++;
        rc_buf_puts(b, "- ");
        if (sqlite3_column_int64(st, 1) > 0)
            rc_buf_printf(b, "#%lld ", (long long)sqlite3_column_int64(st, 1));
        put_cell(b, rc_sql_text(st, 3));
        rc_buf_printf(b, " → `%.10s`\n", as ? as : "?");
    }
    sqlite3_finalize(st);
    rc_buf_puts(b, n ? "\n" : "None.\n\n");
    return 0;
}

static int section_reverts(rc_buf *b, rc_db *db, const char *branch)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT p.state, p.pr, c.subject FROM picks p"
                          " LEFT JOIN commits c ON c.sha = p.sha"
                          " WHERE p.branch = ?1 AND p.reverts IS NOT NULL"
                          "  AND p.state IN ('picked', 'revert-needed') ORDER BY p.pos");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    rc_buf_puts(b, "### Reverts\n\n");
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        bool done = strcmp(rc_sql_text(st, 0), "picked") == 0;
        rc_buf_puts(b, done ? "- followed: " : "- **still needed**: ");
        if (sqlite3_column_int64(st, 1) > 0)
            rc_buf_printf(b, "#%lld ", (long long)sqlite3_column_int64(st, 1));
        put_cell(b, rc_sql_text(st, 2));
        rc_buf_puts(b, "\n");
    }
    sqlite3_finalize(st);
    rc_buf_puts(b, n ? "\n" : "None.\n\n");
    return 0;
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

static void add_opt(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* The captain's own decisions on branch: what other captains import. */
static int block_decisions(cJSON *arr, rc_db *db, const char *branch, const char *author)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT sha, pr, decision, category, note, decided_at"
                          " FROM pick_decisions WHERE branch = ?1 AND author = ?2"
                          " ORDER BY decided_at, sha");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, author);
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        char iso[21];
        cJSON_AddStringToObject(o, "branch", branch);
        cJSON_AddStringToObject(o, "sha", rc_sql_text(st, 0));
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            cJSON_AddNullToObject(o, "pr");
        else
            cJSON_AddNumberToObject(o, "pr", (double)sqlite3_column_int64(st, 1));
        add_opt(o, "decision", rc_sql_text(st, 2));
        add_opt(o, "category", rc_sql_text(st, 3));
        add_opt(o, "note", rc_sql_text(st, 4));
        cJSON_AddStringToObject(o, "author", author);
        rc_time_iso(iso, sqlite3_column_int64(st, 5));
        cJSON_AddStringToObject(o, "at", iso);
        cJSON_AddItemToArray(arr, o);
    }
    sqlite3_finalize(st);
    return 0;
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
    cJSON *decisions = cJSON_AddArrayToObject(doc, "decisions");
    cJSON *picked = cJSON_AddArrayToObject(doc, "picked");
    r = section_requests(&b, db, tracker, branch);
    if (!r)
        r = section_picks(&b, picked, db, branch, have_prev ? &prev : NULL);
    if (!r)
        r = section_reverts(&b, db, branch);
    if (!r) {
        section_perf(&b, db, repo, cfg, version);
        section_gate(&b, db, repo, cfg, version, now);
        r = block_decisions(decisions, db, branch, author);
    }
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
