/* relcap tracker: cherry-pick requests parsed from release tracker issues. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

const char cmd_tracker_usage[] =
    "usage: relcap tracker [VERSION] [--json]\n"
    "\n"
    "List the cherry-pick requests of the release tracker issue of VERSION (all trackers\n"
    "when omitted), as parsed by the GitHub sync from every comment: trunk PRs, release\n"
    "branch PRs, criteria category, check-box state, and whether every trunk PR is merged\n"
    "into main (on_trunk; false marks a request whose trunk PR has not landed).\n"
    "\n"
    "  --json  print a JSON array of {comment_id, author, trunk_prs, release_prs, category,\n"
    "          checked, on_trunk, tracker, version}\n";

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static cJSON *bool_or_null(sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return cJSON_CreateNull();
    return cJSON_CreateBool(sqlite3_column_int(st, i) != 0);
}

static cJSON *int_array(const char *s)
{
    cJSON *a = cJSON_Parse(s ? s : "[]");
    if (!cJSON_IsArray(a)) {
        cJSON_Delete(a);
        a = cJSON_CreateArray();
    }
    return a;
}

static void print_prs(const char *label, const char *json)
{
    cJSON *a = int_array(json);
    if (cJSON_GetArraySize(a)) {
        printf("  %s", label);
        const cJSON *it;
        int k = 0;
        cJSON_ArrayForEach(it, a) printf("%s#%.0f", k++ ? "," : " ", it->valuedouble);
    }
    cJSON_Delete(a);
}

int cmd_tracker(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("tracker", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("tracker");
    const char *version = NULL;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] == '-')
            return cmd_usage_error(self, "unknown option '%s'", argv[i]);
        else if (!version)
            version = argv[i];
        else
            return cmd_usage_error(self, "unexpected argument '%s'", argv[i]);
    }
    if (version && (version[0] == 'v' || version[0] == 'V'))
        version++;
    rc_db *db;
    int r = ctx_db(ctx, &db);
    if (r)
        return r;
    sqlite3_stmt *st;
    if (version) {
        if (rc_db_prepare(&st, db, "SELECT count(*) FROM trackers WHERE version = ?") != 0)
            return cmd_fail();
        sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
        int found = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
        sqlite3_finalize(st);
        if (!found) {
            rc_error_set(RC_ENOTFOUND,
                         "no release tracker for version %s in the cache (run relcap sync; "
                         "titles are matched by relcap.trackerTitle)",
                         version);
            return cmd_fail();
        }
    }
    if (rc_db_prepare(&st, db,
                      "SELECT r.comment_id, r.author, r.trunk_prs, r.release_prs, r.category,"
                      " r.checked, r.on_trunk, t.number, t.version, t.title"
                      " FROM tracker_requests r JOIN trackers t ON t.number = r.tracker"
                      " WHERE (?1 IS NULL OR t.version = ?1)"
                      " ORDER BY t.number, r.comment_id < 0 DESC, r.comment_id") != 0)
        return cmd_fail();
    if (version)
        sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    long last_tracker = 0;
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        n++;
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "comment_id", (double)sqlite3_column_int64(st, 0));
            cJSON_AddItemToObject(o, "author",
                                  col(st, 1) ? cJSON_CreateString(col(st, 1)) : cJSON_CreateNull());
            cJSON_AddItemToObject(o, "trunk_prs", int_array(col(st, 2)));
            cJSON_AddItemToObject(o, "release_prs", int_array(col(st, 3)));
            cJSON_AddItemToObject(o, "category",
                                  col(st, 4) ? cJSON_CreateString(col(st, 4)) : cJSON_CreateNull());
            cJSON_AddItemToObject(o, "checked", bool_or_null(st, 5));
            cJSON_AddItemToObject(o, "on_trunk", bool_or_null(st, 6));
            cJSON_AddNumberToObject(o, "tracker", (double)sqlite3_column_int64(st, 7));
            cJSON_AddItemToObject(o, "version",
                                  col(st, 8) ? cJSON_CreateString(col(st, 8)) : cJSON_CreateNull());
            cJSON_AddItemToArray(arr, o);
            continue;
        }
        long tracker = (long)sqlite3_column_int64(st, 7);
        if (tracker != last_tracker) {
            char *title = rc_sanitize(col(st, 9), false);
            printf("%s#%ld %s\n", last_tracker ? "\n" : "", tracker, title);
            free(title);
            last_tracker = tracker;
        }
        char *author = rc_sanitize(col(st, 1), false);
        char *cat = rc_sanitize(col(st, 4), false);
        long long id = sqlite3_column_int64(st, 0);
        if (id < 0)
            printf("issue body  %-16s", author);
        else
            printf("comment %lld  %-16s", id, author);
        print_prs("trunk", col(st, 2));
        print_prs("release", col(st, 3));
        if (*cat)
            printf("  [%s]", cat);
        if (sqlite3_column_type(st, 5) != SQLITE_NULL)
            printf("  %s", sqlite3_column_int(st, 5) ? "checked" : "unchecked");
        if (sqlite3_column_type(st, 6) != SQLITE_NULL && !sqlite3_column_int(st, 6))
            printf("  NOT ON TRUNK");
        printf("\n");
        free(author);
        free(cat);
    }
    sqlite3_finalize(st);
    if (json)
        cmd_print_json(arr);
    else if (!n)
        printf("no tracker requests in the cache (run relcap sync)\n");
    return 0;
}
