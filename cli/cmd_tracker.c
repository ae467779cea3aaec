/* relcap tracker: cherry-pick requests parsed from release tracker issues. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/github/github_read.h"

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

static cJSON *bool_or_null(bool has, bool v)
{
    return has ? cJSON_CreateBool(v) : cJSON_CreateNull();
}

static void print_prs(const char *label, const char *json)
{
    cJSON *a = out_json_array(json);
    if (cJSON_GetArraySize(a)) {
        printf("  %s", label);
        const cJSON *it;
        int k = 0;
        cJSON_ArrayForEach(it, a) printf("%s#%.0f", k++ ? "," : " ", it->valuedouble);
    }
    cJSON_Delete(a);
}

static void add_request(cJSON *arr, const rc_tracker_request_row *q)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "comment_id", (double)q->comment_id);
    out_json_str(o, "author", q->author);
    cJSON_AddItemToObject(o, "trunk_prs", out_json_array(q->trunk_prs));
    cJSON_AddItemToObject(o, "release_prs", out_json_array(q->release_prs));
    out_json_str(o, "category", q->category);
    cJSON_AddItemToObject(o, "checked", bool_or_null(q->has_checked, q->checked));
    cJSON_AddItemToObject(o, "on_trunk", bool_or_null(q->has_on_trunk, q->on_trunk));
    cJSON_AddNumberToObject(o, "tracker", (double)q->tracker);
    out_json_str(o, "version", q->version);
    cJSON_AddItemToArray(arr, o);
}

static void print_request(const rc_tracker_request_row *q, long *last_tracker)
{
    long tracker = (long)q->tracker;
    if (tracker != *last_tracker) {
        char *title = rc_sanitize(q->title, false);
        printf("%s#%ld %s\n", *last_tracker ? "\n" : "", tracker, title);
        free(title);
        *last_tracker = tracker;
    }
    char *author = rc_sanitize(q->author, false);
    char *cat = rc_sanitize(q->category, false);
    long long id = (long long)q->comment_id;
    if (id < 0)
        printf("issue body  %-16s", author);
    else
        printf("comment %lld  %-16s", id, author);
    print_prs("trunk", q->trunk_prs);
    print_prs("release", q->release_prs);
    if (*cat)
        printf("  [%s]", cat);
    if (q->has_checked)
        printf("  %s", q->checked ? "checked" : "unchecked");
    if (q->has_on_trunk && !q->on_trunk)
        printf("  NOT ON TRUNK");
    printf("\n");
    free(author);
    free(cat);
}

int cmd_tracker(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *version = NULL;
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_END};
    int r = cmd_parse_opts(self, argc, argv, &(cmd_args){.opts = opts, .pos = &version, .max = 1});
    if (r)
        return r;
    if (version && (version[0] == 'v' || version[0] == 'V'))
        version++;
    rc_db *db;
    if ((r = ctx_db(ctx, &db)))
        return r;
    if (version) {
        long found;
        if (rc_github_tracker_count(&found, db, version) != 0)
            return cmd_fail();
        if (!found) {
            rc_error_set(RC_ENOTFOUND,
                         "no release tracker for version %s in the cache (%s; "
                         "titles are matched by relcap.trackerTitle)",
                         version, cmd_github_hint(ctx));
            return cmd_fail();
        }
    }
    rc_tracker_request_row *rows;
    size_t n;
    if (rc_github_tracker_requests(&rows, &n, db, version) != 0)
        return cmd_fail();
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    long last_tracker = 0;
    for (size_t i = 0; i < n; i++) {
        if (json)
            add_request(arr, &rows[i]);
        else
            print_request(&rows[i], &last_tracker);
    }
    rc_tracker_request_rows_free(rows, n);
    if (json)
        cmd_print_json(arr);
    else if (!n)
        printf("no tracker requests in the cache (%s)\n", cmd_github_hint(ctx));
    return 0;
}
