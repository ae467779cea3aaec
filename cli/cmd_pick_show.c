/* relcap pick show SHA|#PR [--branch B] [--json]: one candidate with its
 * decision history and the disagreements between captains. */
#include "cli/cmd.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/picks/pick_detail.h"
#include "core/picks/picks.h"

#include <stdlib.h>
#include <string.h>

static const char *jtext(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* "label: value" with the value sanitized; nothing when absent. */
static void line(const char *label, const char *v)
{
    if (!v)
        return;
    char *s = rc_sanitize(v, false);
    printf("%-10s %s\n", label, s);
    free(s);
}

static void print_plain(const cJSON *d)
{
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(d, "pr");
    char *subj = rc_sanitize(jtext(d, "subject") ? jtext(d, "subject") : "", false);
    if (cJSON_IsNumber(pr) && pr->valuedouble > 0)
        printf("#%.0f %s\n", pr->valuedouble, subj);
    else
        printf("%s\n", subj);
    free(subj);
    line("sha:", jtext(d, "sha"));
    line("state:", jtext(d, "state"));
    line("evidence:", jtext(d, "evidence"));
    line("picked as:", jtext(d, "picked_as"));
    line("category:", jtext(d, "category"));
    if (jtext(d, "decision")) {
        char *v = rc_xasprintf("%s by %s at %s", jtext(d, "decision"),
                               jtext(d, "decided_by") ? jtext(d, "decided_by") : "?",
                               jtext(d, "decided_at") ? jtext(d, "decided_at") : "?");
        line("decision:", v);
        free(v);
    }
    line("note:", jtext(d, "note"));
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "history"))
    {
        char *v = rc_xasprintf("%s %s %s", jtext(e, "at") ? jtext(e, "at") : "?",
                               jtext(e, "author") ? jtext(e, "author") : "?",
                               jtext(e, "decision") ? jtext(e, "decision") : "(category/note)");
        line("history:", v);
        free(v);
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(d, "disagreements"))
    {
        char *v = rc_xasprintf("%s %s (%s) vs %s %s (%s)", jtext(e, "author"), jtext(e, "decision"),
                               jtext(e, "at"), jtext(e, "other_author"), jtext(e, "other_decision"),
                               jtext(e, "other_at"));
        line("DISAGREE:", v);
        free(v);
    }
}

int cmd_pick_show(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *what = NULL, *branch = NULL;
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_STRING("--branch", &branch), OPT_END};
    char *def, sha[41];
    int st = cmd_parse_opts(
        self, argc, argv,
        &(cmd_args){.opts = opts,
                    .pos = &what,
                    .min = 1,
                    .max = 1,
                    .flags = CMD_ARGS_NUMBER,
                    .unknown = "unexpected argument '%s'",
                    .missing = "usage: relcap pick show SHA|#PR [--branch B] [--json]"});
    if (st || (st = cmd_pick_open(ctx, &branch, &def)))
        return st;
    long pr = 0;
    cJSON *d = NULL;
    if (rc_picks_resolve(sha, &pr, ctx->db, branch, what) != 0 ||
        rc_pick_detail(&d, ctx->db, branch, sha) != 0) {
        free(def);
        return cmd_fail();
    }
    if (json)
        cmd_print_json(d);
    else {
        print_plain(d);
        cJSON_Delete(d);
    }
    free(def);
    return 0;
}
