/* relcap status [--json]: one screen, one row per maintained release line. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/bench/bench_summary.h"
#include "cli/cmd.h"

#include <string.h>

const char cmd_status_usage[] =
    "usage: relcap status [--json]\n"
    "For each maintained release line (newest first): its branch, head, latest RC\n"
    "tag, the name of the next RC, and when the cache was last synced.\n"
    "\n"
    "JSON: {last_sync, lines: [{branch, version, head_sha, head_date, ahead, behind,\n"
    "latest_rc, latest_tag, next_rc, ci}]}.\n";

/* One text value of a one-row query with a text parameter, or NULL. */
static char *query1(rc_db *db, const char *sql, const char *param)
{
    sqlite3_stmt *st;
    char *out = NULL;
    if (rc_db_prepare(&st, db, sql) != 0)
        return NULL;
    sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        out = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* The next RC after the newest tag of the release (X.Y.Zrc1 when it has none),
 * spelled with the first tag pattern. */
static char *next_rc_name(rc_db *db, const rc_config *cfg, const char *release)
{
    char *newest = query1(db,
                          "SELECT version FROM tags WHERE release = ?"
                          " ORDER BY sortkey DESC LIMIT 1",
                          release);
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
    sqlite3_stmt *q;
    if (rc_db_prepare(&q, db,
                      "SELECT name, version, head_sha, head_date, ahead, behind, latest_tag, ci"
                      " FROM branches WHERE status = 'maintained' ORDER BY sortkey DESC, name") !=
        0) {
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
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(q, 0);
        const char *rel = (const char *)sqlite3_column_text(q, 1);
        const char *head = (const char *)sqlite3_column_text(q, 2);
        char date[21] = "-";
        if (sqlite3_column_type(q, 3) != SQLITE_NULL)
            rc_time_iso(date, sqlite3_column_int64(q, 3));
        char *rc = query1(db,
                          "SELECT name FROM tags WHERE release = ? AND kind = 'rc'"
                          " ORDER BY sortkey DESC LIMIT 1",
                          rel ? rel : "");
        char *next = next_rc_name(db, cfg, rel ? rel : "");
        if (json) {
            cJSON *o = cJSON_CreateObject();
            add_str(o, "branch", name);
            add_str(o, "version", rel);
            add_str(o, "head_sha", head);
            add_str(o, "head_date", date[0] == '-' ? NULL : date);
            cJSON_AddNumberToObject(o, "ahead", (double)sqlite3_column_int64(q, 4));
            cJSON_AddNumberToObject(o, "behind", (double)sqlite3_column_int64(q, 5));
            add_str(o, "latest_rc", rc);
            add_str(o, "latest_tag", (const char *)sqlite3_column_text(q, 6));
            add_str(o, "next_rc", next);
            add_str(o, "ci", (const char *)sqlite3_column_text(q, 7));
            cJSON_AddItemToArray(lines, o);
        } else {
            char *sn = rc_sanitize(name ? name : "", false),
                 *sr = rc_sanitize(rc ? rc : "-", false);
            date[10] = '\0';
            printf("%-28s %-9s %-10.10s %-10s %6lld %7lld  %-18s %-18s %s\n", sn, rel ? rel : "",
                   head ? head : "", date, (long long)sqlite3_column_int64(q, 4),
                   (long long)sqlite3_column_int64(q, 5), sr, next ? next : "-",
                   sqlite3_column_text(q, 7) ? (const char *)sqlite3_column_text(q, 7) : "none");
            free(sn);
            free(sr);
        }
        free(rc);
        free(next);
    }
    sqlite3_finalize(q);
    free(last);
    add_bench_summary(doc, db, cfg, json);
    if (json)
        cmd_print_json(doc);
    else
        cJSON_Delete(doc);
    return 0;
}
