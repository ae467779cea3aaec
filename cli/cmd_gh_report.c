/* relcap gh report VERSION [--dry-run]: the captain's report on the release
 * tracker, one comment edited in place (core/github/report.h). */
#include "cli/cmd.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/github.h"
#include "core/github/report.h"
#include "core/release/report_body.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *author_name(rc_config *cfg)
{
    const char *a = NULL;
    if (rc_config_string(&a, cfg, "relcap.author") == 0 && a && *a)
        return rc_xstrdup(a);
    rc_error_clear();
    const char *u = getenv("USER");
    return rc_xstrdup(u && *u ? u : "unknown");
}

/* The report's time: RELCAP_NOW (ISO 8601, for reproducible output in
 * tests and documentation) or the clock. */
static int64_t report_now(void)
{
    const char *s = getenv("RELCAP_NOW");
    int64_t t;
    if (s && rc_time_parse(&t, s) == 0)
        return t;
    return (int64_t)time(NULL);
}

static int publish(rc_github *gh, long tracker, int64_t existing, const char *body, bool dry)
{
    if (dry) {
        char *json = NULL;
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "body", body);
        json = cJSON_PrintUnformatted(doc);
        cJSON_Delete(doc);
        char *path =
            existing ? rc_xasprintf("/repos/%s/issues/comments/%lld", rc_github_repo(gh),
                                    (long long)existing)
                     : rc_xasprintf("/repos/%s/issues/%ld/comments", rc_github_repo(gh), tracker);
        cmd_print_text(rc_github_describe(gh, existing ? "PATCH" : "POST", path, json));
        printf("(dry run: nothing was sent)\n");
        free(path);
        free(json);
        return 0;
    }
    rc_report_sent sent;
    if (rc_report_send(&sent, gh, tracker, existing, body) != 0)
        return cmd_fail();
    printf("%s the report on tracker #%ld (comment %lld)%s%s\n",
           sent.created ? "created" : "updated", tracker, (long long)sent.comment_id,
           sent.url ? ": " : "", sent.url ? sent.url : "");
    rc_report_sent_free(&sent);
    return 0;
}

int cmd_gh_report(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *version = NULL;
    bool dry = false;
    const cmd_opt opts[] = {OPT_BOOL("--dry-run", &dry), OPT_END};
    rc_db *db;
    rc_config *cfg;
    int r = cmd_parse_args(self, argc, argv, opts, &version, 1, 1,
                           "report needs the VERSION of the release tracker");
    if (r || (r = ctx_db(ctx, &db)) || (r = ctx_config(ctx, &cfg)))
        return r;
    long tracker = 0;
    if ((r = cmd_tracker_for(&tracker, ctx, version)))
        return r;
    rc_github *gh = NULL;
    if (rc_github_open(&gh, cfg, ctx->repo, NULL, NULL) != 0)
        return cmd_fail();
    int64_t existing = 0;
    char *prev = NULL, *body = NULL, *author = author_name(cfg);
    /* a dry run without a token cannot ask whose comment is whose: it shows the first report */
    if (rc_github_has_token(gh) || !dry)
        r = rc_report_find(&existing, &prev, gh, tracker, author);
    if (!r)
        r = rc_report_build(&body, db, ctx->repo, cfg, version, author, prev, report_now());
    r = r ? cmd_fail() : publish(gh, tracker, existing, body, dry);
    free(body);
    free(prev);
    free(author);
    rc_github_free(gh);
    return r;
}
