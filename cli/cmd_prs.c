/* relcap prs: pull requests from the cache (filled by the GitHub sync). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

const char cmd_prs_usage[] =
    "usage: relcap prs [--base BRANCH] [--json]\n"
    "\n"
    "List the pull requests the GitHub sync cached: PRs merged into the main branch since\n"
    "the oldest release-branch cut, and open or merged PRs whose base is a release branch.\n"
    "Newest first.\n"
    "\n"
    "  --base BRANCH  only PRs whose base is BRANCH (main, releases/v0.9.2, ...)\n"
    "  --json         print a JSON array of {number, title, author, state, base, labels,\n"
    "                 milestone, merged_at, merge_sha, url}\n";

static cJSON *json_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

int cmd_prs(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("prs", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("prs");
    const char *base = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--base") == 0 && i + 1 < argc)
            base = argv[++i];
        else if (strncmp(argv[i], "--base=", 7) == 0)
            base = argv[i] + 7;
        else
            return cmd_usage_error(self, "unexpected argument '%s'", argv[i]);
    }
    rc_db *db;
    int r = ctx_db(ctx, &db);
    if (r)
        return r;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT number, title, author, state, base, labels, milestone, merged_at,"
                      " merge_sha, url FROM prs WHERE (?1 IS NULL OR base = ?1)"
                      " ORDER BY COALESCE(merged_at, updated_at) DESC, number DESC") != 0)
        return cmd_fail();
    if (base)
        sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        long number = (long)sqlite3_column_int64(st, 0);
        const char *merged = NULL;
        char iso[21];
        if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
            rc_time_iso(iso, sqlite3_column_int64(st, 7));
            merged = iso;
        }
        cJSON *labels = cJSON_Parse(col(st, 5) ? col(st, 5) : "[]");
        if (!cJSON_IsArray(labels)) {
            cJSON_Delete(labels);
            labels = cJSON_CreateArray();
        }
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "number", (double)number);
            cJSON_AddItemToObject(o, "title", json_or_null(col(st, 1)));
            cJSON_AddItemToObject(o, "author", json_or_null(col(st, 2)));
            cJSON_AddItemToObject(o, "state", json_or_null(col(st, 3)));
            cJSON_AddItemToObject(o, "base", json_or_null(col(st, 4)));
            cJSON_AddItemToObject(o, "labels", labels);
            cJSON_AddItemToObject(o, "milestone", json_or_null(col(st, 6)));
            cJSON_AddItemToObject(o, "merged_at", json_or_null(merged));
            cJSON_AddItemToObject(o, "merge_sha", json_or_null(col(st, 8)));
            cJSON_AddItemToObject(o, "url", json_or_null(col(st, 9)));
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        rc_buf lb = {0};
        const cJSON *it;
        cJSON_ArrayForEach(it, labels) if (cJSON_IsString(it))
            rc_buf_printf(&lb, "%s%s", lb.len ? "," : "", it->valuestring);
        cJSON_Delete(labels);
        char *title = rc_sanitize(col(st, 1), false);
        char *author = rc_sanitize(col(st, 2), false);
        char *b = rc_sanitize(col(st, 4), false);
        char *l = rc_sanitize(lb.ptr, false);
        printf("#%-7ld %-7s %-20s %-16s %s%s%s%s\n", number, col(st, 3) ? col(st, 3) : "", b,
               author, title, *l ? " [" : "", l, *l ? "]" : "");
        free(title);
        free(author);
        free(b);
        free(l);
        rc_buf_free(&lb);
    }
    sqlite3_finalize(st);
    if (json)
        cmd_print_json(arr);
    else if (!n)
        printf("no pull requests in the cache%s%s (run relcap sync)\n", base ? " with base " : "",
               base ? base : "");
    return 0;
}
