/* relcap tags [--json] [--release X.Y.Z]: version tags from the cache. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "cli/cmd.h"

#include <string.h>

const char cmd_tags_usage[] =
    "usage: relcap tags [--json] [--release X.Y.Z]\n"
    "List the version tags found by the last 'relcap sync', in PEP 440 order: kind\n"
    "(dev, pre, rc, final, post), commit, date (tagger date of annotated tags), the\n"
    "release branch holding it and whether main contains it.\n"
    "\n"
    "  --release X.Y.Z   only the tags of that release\n"
    "\n"
    "JSON fields: name, version, release, kind, sha, date, branch, on_main, ci.\n";

int cmd_tags(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("tags", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("tags");
    bool json = false;
    char release[RC_VERSION_STRLEN] = "";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--release") == 0 && i + 1 < argc) {
            rc_version v;
            if (rc_version_parse(&v, argv[++i]) != 0)
                return cmd_usage_error(self, "%s", rc_error_last());
            rc_version_release(release, sizeof release, &v);
        } else {
            return cmd_usage_error(self, "unknown or incomplete argument '%s'", argv[i]);
        }
    }
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    sqlite3_stmt *q;
    if (rc_db_prepare(&q, db,
                      "SELECT name, version, release, kind, sha, date, branch, on_main, ci"
                      " FROM tags WHERE ?1 = '' OR release = ?1 ORDER BY sortkey, name") != 0)
        return cmd_fail();
    sqlite3_bind_text(q, 1, release, -1, SQLITE_STATIC);
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    if (!json)
        printf("%-22s %-16s %-9s %-6s %-10s %-20s %-5s %-20s %s\n", "TAG", "VERSION", "RELEASE",
               "KIND", "COMMIT", "DATE", "MAIN", "BRANCH", "CI");
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *f[9];
        for (int i = 0; i < 9; i++)
            f[i] = (const char *)sqlite3_column_text(q, i);
        char date[21] = "-";
        if (sqlite3_column_type(q, 5) != SQLITE_NULL)
            rc_time_iso(date, sqlite3_column_int64(q, 5));
        bool on_main = sqlite3_column_int(q, 7) != 0;
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", f[0] ? f[0] : "");
            cJSON_AddStringToObject(o, "version", f[1] ? f[1] : "");
            cJSON_AddStringToObject(o, "release", f[2] ? f[2] : "");
            cJSON_AddStringToObject(o, "kind", f[3] ? f[3] : "");
            cJSON_AddStringToObject(o, "sha", f[4] ? f[4] : "");
            if (sqlite3_column_type(q, 5) != SQLITE_NULL)
                cJSON_AddStringToObject(o, "date", date);
            else
                cJSON_AddNullToObject(o, "date");
            if (f[6])
                cJSON_AddStringToObject(o, "branch", f[6]);
            else
                cJSON_AddNullToObject(o, "branch");
            cJSON_AddBoolToObject(o, "on_main", on_main);
            cJSON_AddStringToObject(o, "ci", f[8] ? f[8] : "none");
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        char *name = rc_sanitize(f[0] ? f[0] : "", false);
        char *br = rc_sanitize(f[6] ? f[6] : "-", false);
        printf("%-22s %-16s %-9s %-6s %-10.10s %-20s %-5s %-20s %s\n", name, f[1] ? f[1] : "",
               f[2] ? f[2] : "", f[3] ? f[3] : "", f[4] ? f[4] : "", date, on_main ? "yes" : "no",
               br, f[8] ? f[8] : "none");
        free(name);
        free(br);
    }
    sqlite3_finalize(q);
    if (json)
        cmd_print_json(arr);
    return 0;
}
