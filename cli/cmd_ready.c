#include "core/base/error.h"
#include "core/release/ready.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <string.h>
#include <time.h>

const char cmd_ready_usage[] =
    "usage: relcap ready [VERSION] [--json] [--now ISO-DATE]\n"
    "The go/no-go gate for release VERSION (default: the newest release branch's line).\n"
    "Items: branch-cut, rc (newest RC and its CI), picks (approved not applied,\n"
    "revert-needed, violations), perf (results or a succeeded run for the newest RC on\n"
    "each relcap.requiredHardware and relcap.requiredModels), regressions (every\n"
    "regression verdict triaged), matrix, calendar, docs, final-tag. Each is pass, fail\n"
    "or unknown with the reason and, unless it passes, where to fix it; failures are\n"
    "listed first. The calendar item fails when a planned date of the release passed\n"
    "without its tag. Exit status 0 only when nothing fails.\n";

int cmd_ready(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    int64_t now;
    const char *version;
    int st = cmd_json_now(self, argc, argv, &json, &now, &version);
    if (st || (st = ctx_open_all(ctx)))
        return st;
    rc_ready_report r;
    if (rc_ready_check(&r, ctx->repo, ctx->db, ctx->cfg, version, now) != 0)
        return cmd_fail();
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "version", r.version);
        cJSON_AddItemToObject(doc, "branch",
                              r.branch ? cJSON_CreateString(r.branch) : cJSON_CreateNull());
        cJSON_AddItemToObject(doc, "newest_rc",
                              r.newest_rc ? cJSON_CreateString(r.newest_rc) : cJSON_CreateNull());
        cJSON_AddBoolToObject(doc, "ready", r.nfail == 0);
        cJSON *items = cJSON_AddArrayToObject(doc, "items");
        for (size_t i = 0; i < r.nitems; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "name", r.items[i].name);
            cJSON_AddStringToObject(o, "status", rc_ready_status_name(r.items[i].status));
            cJSON_AddStringToObject(o, "reason", r.items[i].reason);
            if (r.items[i].status == RC_READY_PASS)
                cJSON_AddNullToObject(o, "where");
            else
                cJSON_AddStringToObject(o, "where", r.items[i].where);
            cJSON_AddItemToArray(items, o);
        }
        cmd_print_json(doc);
    } else {
        printf("release %s (%s): %s\n", r.version, r.branch ? r.branch : "not cut",
               r.nfail ? "NOT READY" : "ready");
        for (size_t i = 0; i < r.nitems; i++) {
            char *reason = rc_sanitize(r.items[i].reason, false);
            /* where to fix it, for what is not passing */
            bool pass = r.items[i].status == RC_READY_PASS;
            printf("  %-7s %-12s %s%s%s%s\n", rc_ready_status_name(r.items[i].status),
                   r.items[i].name, reason, pass ? "" : "  [", pass ? "" : r.items[i].where,
                   pass ? "" : "]");
            free(reason);
        }
    }
    int status = r.nfail ? 1 : 0;
    rc_ready_report_free(&r);
    return status;
}
