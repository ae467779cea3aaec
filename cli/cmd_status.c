/* relcap status [--json]: one screen, one row per maintained release line. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/bench/bench_summary.h"
#include "cli/cmd.h"
#include "core/git/gitsync.h"

#include <string.h>

const char cmd_status_usage[] =
    "usage: relcap status [--json]\n"
    "For each maintained release line (newest first): its branch, head, latest RC\n"
    "tag, the name of the next RC, and when the cache was last synced.\n"
    "\n"
    "JSON: {last_sync, lines: [{branch, version, head_sha, head_date, ahead, behind,\n"
    "latest_rc, latest_tag, next_rc, ci}]}.\n";

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

/* The next RC after the newest tag of the release (X.Y.Zrc1 when it has none),
 * spelled with the first tag pattern. */
static char *next_rc_name(rc_db *db, const rc_config *cfg, const char *release)
{
    char *newest = newest_tag(db, release, NULL, false);
    char *base = newest ? newest : rc_xasprintf("%s.dev0", release);
    rc_version v, next;
    char *out = NULL;
    if (rc_version_parse(&v, base) == 0) {
        rc_version_next_rc(&next, &v);
        char ver[RC_VERSION_STRLEN];
        rc_version_format(ver, sizeof ver, &next);
        const char *const *pats;
        size_t n;
        rc_config_multi(&pats, &n, cfg, "relcap.tagPattern");
        const char *pat = n ? pats[0] : "v{version}", *ph = strstr(pat, "{version}");
        out = ph ? rc_xasprintf("%.*s%s%s", (int)(ph - pat), pat, ver, ph + 9) : rc_xstrdup(ver);
    }
    rc_error_clear();
    free(base);
    return out;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
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
            add_str(o, "hardware", sum[i].hardware);
            add_str(o, "head", sum[i].head);
            add_str(o, "base", sum[i].base);
            cJSON_AddNumberToObject(o, "regressions", (double)sum[i].regressions);
            cJSON_AddNumberToObject(o, "untriaged", (double)sum[i].untriaged);
            cJSON_AddItemToArray(arr, o);
        } else {
            printf("  %-10s %-14s vs %-14s %zu regression%s (%zu untriaged)\n", sum[i].hardware,
                   sum[i].head, sum[i].base ? sum[i].base : "-", sum[i].regressions,
                   sum[i].regressions == 1 ? "" : "s", sum[i].untriaged);
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

/* One maintained release line, as a JSON object in lines or a printed row. */
static void line(cJSON *lines, rc_db *db, const rc_config *cfg, const rc_branch_row *b, bool json)
{
    const char *rel = b->version;
    char date[21] = "-";
    if (b->has_head_date)
        rc_time_iso(date, b->head_date);
    char *rc = newest_tag(db, rel ? rel : "", "rc", true);
    char *next = next_rc_name(db, cfg, rel ? rel : "");
    if (json) {
        cJSON *o = cJSON_CreateObject();
        add_str(o, "branch", b->name);
        add_str(o, "version", rel);
        add_str(o, "head_sha", b->head_sha);
        add_str(o, "head_date", date[0] == '-' ? NULL : date);
        cJSON_AddNumberToObject(o, "ahead", (double)b->ahead);
        cJSON_AddNumberToObject(o, "behind", (double)b->behind);
        add_str(o, "latest_rc", rc);
        add_str(o, "latest_tag", b->latest_tag);
        add_str(o, "next_rc", next);
        add_str(o, "ci", b->ci);
        cJSON_AddItemToArray(lines, o);
    } else {
        char *sn = rc_sanitize(b->name ? b->name : "", false),
             *sr = rc_sanitize(rc ? rc : "-", false);
        date[10] = '\0';
        printf("%-28s %-9s %-10.10s %-10s %6lld %7lld  %-18s %-18s %s\n", sn, rel ? rel : "",
               b->head_sha ? b->head_sha : "", date, (long long)b->ahead, (long long)b->behind, sr,
               next ? next : "-", b->ci ? b->ci : "none");
        free(sn);
        free(sr);
    }
    free(rc);
    free(next);
}

int cmd_status(rc_ctx *ctx, int argc, char **argv)
{
    bool json;
    int done = cmd_json_only("status", argc, argv, &json);
    if (done >= 0)
        return done;
    rc_db *db;
    rc_config *cfg;
    int st = ctx_config(ctx, &cfg);
    if (!st)
        st = ctx_db(ctx, &db);
    if (st)
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
    add_str(doc, "last_sync", last);
    cJSON_AddItemToObject(doc, "lines", lines);
    if (!json) {
        printf("last sync: %s\n\n", last ? last : "never (run 'relcap sync')");
        printf("%-28s %-9s %-10s %-10s %6s %7s  %-18s %-18s %s\n", "BRANCH", "VERSION", "HEAD",
               "HEAD DATE", "AHEAD", "BEHIND", "LATEST RC", "NEXT RC", "CI");
    }
    for (size_t i = 0; i < n; i++)
        line(lines, db, cfg, &rows[i], json);
    rc_branch_rows_free(rows, n);
    free(last);
    add_bench_summary(doc, db, cfg, json);
    if (json)
        cmd_print_json(doc);
    else
        cJSON_Delete(doc);
    return 0;
}
