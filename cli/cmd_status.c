/* relcap status [--json]: one screen, one row per maintained release line. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/bench/bench_summary.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/release/nextrc.h"
#include "core/git/gitsync.h"
#include "core/github/github.h"

#include <string.h>

const char cmd_status_usage[] =
    "usage: relcap status [--json]\n"
    "For each maintained release line (newest first, as 'relcap branches'): its\n"
    "branch, head, latest tag and RC, the name of the next tag, and when the cache\n"
    "was last synced. The next tag is the line's next RC until it is released;\n"
    "then the first RC of the next patch release when that release has no branch\n"
    "or tag of its own, else the line's next .postN. Names follow the spelling of\n"
    "the project's tags (prefix, rc1/-rc1/-rc.1, first RC 0 or 1).\n"
    "\n"
    "JSON: {last_sync, lines: [{branch, version, head_sha, head_date, ahead, behind,\n"
    "latest_rc, latest_tag, next_rc, released, ci}]}.\n";

/* The version (or name) of the newest tag of a release of that kind (NULL:
 * any), or NULL. */
static char *newest_tag(rc_db *db, const char *release, const char *kind, bool name)
{
    rc_tag_row *rows;
    size_t n;
    char *out = NULL;
    if (rc_gitsync_tags(&rows, &n, db, release, kind, true) != 0)
        return NULL;
    if (n)
        out = rc_xstrdup(name ? rows[0].name : rows[0].version);
    rc_tag_rows_free(rows, n);
    return out;
}

/* Regressions of the newest RC per hardware, against the previous final. */
static void add_bench_summary(cJSON *doc, rc_db *db, const rc_config *cfg, bool json)
{
    rc_bench_diff_opts opts;
    rc_bench_diff_opts_init(&opts, cfg);
    rc_bench_hw_summary *sum = NULL;
    size_t n = 0;
    cJSON *arr = cJSON_AddArrayToObject(doc, "benchmarks");
    if (rc_bench_regressions(&sum, &n, db, &opts) < 0) {
        rc_error_clear();
        return;
    }
    if (!json && n)
        printf("\nbenchmarks (newest RC vs previous final):\n");
    for (size_t i = 0; i < n; i++) {
        if (json) {
            cJSON *o = cJSON_CreateObject();
            out_json_str(o, "hardware", sum[i].hardware);
            out_json_str(o, "head", sum[i].head);
            out_json_str(o, "base", sum[i].base);
            cJSON_AddNumberToObject(o, "regressions", (double)sum[i].regressions);
            cJSON_AddNumberToObject(o, "untriaged", (double)sum[i].untriaged);
            cJSON_AddItemToArray(arr, o);
        } else {
            printf("  %-10s %-14s vs %-14s %zu %s (%zu untriaged)\n", sum[i].hardware, sum[i].head,
                   sum[i].base ? sum[i].base : "-", sum[i].regressions,
                   out_plural(sum[i].regressions, "regression", "regressions"), sum[i].untriaged);
        }
    }
    char *line = rc_bench_summary_line(sum, n);
    if (json)
        cJSON_AddStringToObject(doc, "benchmarks_line", line);
    else if (n)
        printf("  %s\n", line);
    free(line);
    rc_bench_summary_free(sum, n);
}

/* One maintained release line, as a JSON object in lines or a table row. */
static void line(cJSON *lines, out_table *t, rc_db *db, const rc_config *cfg,
                 const rc_branch_row *b)
{
    const char *rel = b->version;
    char date[21] = "-";
    if (b->has_head_date)
        rc_time_iso(date, b->head_date);
    char *rc = newest_tag(db, rel ? rel : "", "rc", true);
    char *next = NULL;
    bool released = false;
    if (rel)
        rc_release_next_tag(&next, &released, db, cfg, rel);
    rc_error_clear();
    if (lines) {
        cJSON *o = cJSON_CreateObject();
        out_json_str(o, "branch", b->name);
        out_json_str(o, "version", rel);
        out_json_str(o, "head_sha", b->head_sha);
        out_json_str(o, "head_date", date[0] == '-' ? NULL : date);
        cJSON_AddNumberToObject(o, "ahead", (double)b->ahead);
        cJSON_AddNumberToObject(o, "behind", (double)b->behind);
        out_json_str(o, "latest_rc", rc);
        out_json_str(o, "latest_tag", b->latest_tag);
        out_json_str(o, "next_rc", next);
        cJSON_AddBoolToObject(o, "released", released);
        out_json_str(o, "ci", out_ci(b->ci));
        cJSON_AddItemToArray(lines, o);
    } else {
        char head[11], ahead[24], behind[24];
        snprintf(head, sizeof head, "%.10s", b->head_sha ? b->head_sha : "-");
        snprintf(ahead, sizeof ahead, "%lld", (long long)b->ahead);
        snprintf(behind, sizeof behind, "%lld", (long long)b->behind);
        date[10] = '\0';
        const char *cells[] = {b->name, rel,           head, date, ahead,
                               behind,  b->latest_tag, rc,   next, out_ci(b->ci)};
        out_table_add(t, cells, NULL);
    }
    free(rc);
    free(next);
}

int cmd_status(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    rc_db *db;
    rc_config *cfg;
    int st = cmd_json_only(self, argc, argv, &json);
    if (st || (st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)))
        return st;
    char *last = NULL;
    rc_db_meta_get(&last, db, "last_sync");
    rc_error_clear();
    rc_branch_row *rows;
    size_t n;
    if (rc_gitsync_branches(&rows, &n, db, "maintained", true) != 0) {
        free(last);
        return cmd_fail();
    }
    cJSON *doc = cJSON_CreateObject(), *lines = cJSON_CreateArray();
    out_json_str(doc, "last_sync", last);
    cJSON_AddItemToObject(doc, "lines", lines);
    static const out_col cols[] = {{"BRANCH", OUT_LEFT, true},      {"VERSION", OUT_LEFT, false},
                                   {"HEAD", OUT_LEFT, false},       {"HEAD DATE", OUT_LEFT, false},
                                   {"AHEAD", OUT_RIGHT, false},     {"BEHIND", OUT_RIGHT, false},
                                   {"LATEST TAG", OUT_LEFT, false}, {"LATEST RC", OUT_LEFT, false},
                                   {"NEXT", OUT_LEFT, false},       {"CI", OUT_LEFT, false}};
    out_table *t = json ? NULL : out_table_new(cols, sizeof cols / sizeof *cols);
    if (!json)
        printf("last sync: %s\n\n", last ? last : "never (run 'relcap sync')");
    bool ci_unknown = false;
    for (size_t i = 0; i < n; i++) {
        line(json ? lines : NULL, t, db, cfg, &rows[i]);
        ci_unknown = ci_unknown || !out_ci(rows[i].ci);
    }
    rc_branch_rows_free(rows, n);
    if (t && n)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    /* a "-" in the CI column says why once, where GitHub is the reason */
    if (!json && ci_unknown && (!ctx->repo || !rc_github_configured(cfg, ctx->repo)))
        printf("CI -: GitHub not configured (set relcap.github, see relcap-config(5))\n");
    free(last);
    add_bench_summary(doc, db, cfg, json);
    if (json)
        cmd_print_json(doc);
    else
        cJSON_Delete(doc);
    return 0;
}
