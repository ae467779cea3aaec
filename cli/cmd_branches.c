/* relcap branches [--json]: release branches from the cache. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <string.h>

const char cmd_branches_usage[] =
    "usage: relcap branches [--json]\n"
    "List the release branches found by the last 'relcap sync', oldest version first:\n"
    "maintenance status, head, cut point (merge base with main), commits ahead of\n"
    "the cut and behind main, the newest tag of the line reachable from the head.\n"
    "\n"
    "JSON fields: name, version, status, head_sha, head_date, cut_sha, cut_date, ahead,\n"
    "behind, latest_tag, ci (dates ISO 8601 UTC, shas 40 hex digits, null when none).\n";

static void add_date(cJSON *o, const char *key, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    char iso[21];
    rc_time_iso(iso, sqlite3_column_int64(st, col));
    cJSON_AddStringToObject(o, key, iso);
}

static void add_text(cJSON *o, const char *key, sqlite3_stmt *st, int col)
{
    const char *s = (const char *)sqlite3_column_text(st, col);
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static const char *col(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "-";
}

int cmd_branches(rc_ctx *ctx, int argc, char **argv)
{
    bool json;
    int done = cmd_json_only("branches", argc, argv, &json);
    if (done >= 0)
        return done;
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (rc_db_prepare(&q, db,
                      "SELECT name, version, status, head_sha, head_date, cut_sha, cut_date,"
                      " ahead, behind, latest_tag, ci FROM branches ORDER BY sortkey, name") != 0)
        return cmd_fail();
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    size_t n = 0;
    if (!json)
        printf("%-28s %-10s %-12s %-10s %-10s %-10s %6s %7s  %-18s %s\n", "BRANCH", "VERSION",
               "STATUS", "HEAD", "CUT", "CUT DATE", "AHEAD", "BEHIND", "LATEST TAG", "CI");
    while (sqlite3_step(q) == SQLITE_ROW) {
        n++;
        if (json) {
            cJSON *o = cJSON_CreateObject();
            add_text(o, "name", q, 0);
            add_text(o, "version", q, 1);
            add_text(o, "status", q, 2);
            add_text(o, "head_sha", q, 3);
            add_date(o, "head_date", q, 4);
            add_text(o, "cut_sha", q, 5);
            add_date(o, "cut_date", q, 6);
            cJSON_AddNumberToObject(o, "ahead", (double)sqlite3_column_int64(q, 7));
            cJSON_AddNumberToObject(o, "behind", (double)sqlite3_column_int64(q, 8));
            add_text(o, "latest_tag", q, 9);
            add_text(o, "ci", q, 10);
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        char date[21] = "-";
        if (sqlite3_column_type(q, 6) != SQLITE_NULL)
            rc_time_iso(date, sqlite3_column_int64(q, 6));
        date[10] = '\0';
        char *name = rc_sanitize(col(q, 0), false), *tag = rc_sanitize(col(q, 9), false);
        printf("%-28s %-10s %-12s %-10.10s %-10.10s %-10s %6lld %7lld  %-18s %s\n", name, col(q, 1),
               col(q, 2), col(q, 3), col(q, 5), date, (long long)sqlite3_column_int64(q, 7),
               (long long)sqlite3_column_int64(q, 8), tag, *col(q, 10) ? col(q, 10) : "none");
        free(name);
        free(tag);
    }
    sqlite3_finalize(q);
    if (json)
        cmd_print_json(arr);
    else if (n == 0)
        fprintf(stderr, "relcap: no release branches in the cache (run 'relcap sync')\n");
    return 0;
}
