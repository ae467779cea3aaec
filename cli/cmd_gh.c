/* relcap gh: the only commands that change anything on GitHub, and only
 * when asked: comment on a release tracker, add or remove a PR label.
 * --dry-run prints the exact request instead of sending it. */
#include "core/base/error.h"
#include "core/github/github.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/github/github_read.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

const char cmd_gh_usage[] =
    "usage: relcap gh comment VERSION (--body TEXT | --file FILE) [--dry-run]\n"
    "       relcap gh label PR add|remove LABEL [--dry-run]\n"
    "       relcap gh report VERSION [--dry-run]\n"
    "\n"
    "Act on GitHub (relcap.github, relcap.githubApi) with the token from GH_TOKEN,\n"
    "GITHUB_TOKEN or relcap.githubTokenFile.\n"
    "\n"
    "  comment VERSION  post a comment on the release tracker issue of VERSION (found in\n"
    "                   the cache by relcap sync); the text comes from --body or --file\n"
    "  label PR add|remove LABEL\n"
    "                   add a label to, or remove it from, pull request PR\n"
    "  report VERSION   write the release report on the tracker of VERSION: requests with\n"
    "                   their decisions, picks applied since the last report, reverts, perf\n"
    "                   regressions, failing gate items and your decisions as a hidden\n"
    "                   JSON block that other captains' relcap sync imports; the first\n"
    "                   report is a new comment, later ones edit that comment in place\n"
    "  --dry-run        print the request (method, URL, headers with the token hidden,\n"
    "                   body) and send nothing\n";

static int perform(rc_ctx *ctx, const char *method, const char *path, cJSON *body, bool dry_run,
                   const char *done_fmt, long number)
{
    rc_config *cfg;
    int r = ctx_config(ctx, &cfg);
    if (r) {
        cJSON_Delete(body);
        return r;
    }
    rc_github *gh = NULL;
    if (rc_github_open(&gh, cfg, ctx->repo, NULL, NULL) != 0) {
        cJSON_Delete(body);
        return cmd_fail();
    }
    char *full = rc_xasprintf("/repos/%s%s", rc_github_repo(gh), path);
    char *json = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    if (dry_run) {
        cmd_print_text(rc_github_describe(gh, method, full, json));
        printf("(dry run: nothing was sent)\n");
    } else {
        cJSON *resp = NULL;
        r = rc_github_send(&resp, gh, method, full, json);
        if (r) {
            r = cmd_fail();
        } else {
            const cJSON *url = cJSON_GetObjectItemCaseSensitive(resp, "html_url");
            char *u = rc_sanitize(cJSON_IsString(url) ? url->valuestring : "", false);
            printf(done_fmt, number);
            printf("%s%s\n", *u ? " " : "", u);
            free(u);
        }
        cJSON_Delete(resp);
    }
    free(json);
    free(full);
    rc_github_free(gh);
    return r;
}

static bool parse_number(long *out, const char *s)
{
    if (*s == '#')
        s++;
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

static int gh_comment(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *version = NULL, *text = NULL, *file = NULL;
    bool dry = false;
    const cmd_opt opts[] = {OPT_BOOL("--dry-run", &dry), OPT_STRING("--body", &text),
                            OPT_STRING("--file", &file), OPT_END};
    int r = cmd_parse_args(self, argc, argv, opts, &version, 1, 1,
                           "comment needs the VERSION of the release tracker");
    if (r)
        return r;
    if (!text == !file)
        return cmd_usage_error(self, "comment needs exactly one of --body TEXT or --file FILE");
    char *data = NULL;
    if (file) {
        if (rc_file_read(&data, NULL, file) != 0)
            return cmd_fail();
        text = data;
    }
    if (!*text) {
        free(data);
        return cmd_usage_error(self, "the comment is empty");
    }
    long number = 0;
    r = cmd_tracker_for(&number, ctx, version);
    if (r) {
        free(data);
        return r;
    }
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "body", text);
    free(data);
    char *path = rc_xasprintf("/issues/%ld/comments", number);
    r = perform(ctx, "POST", path, body, dry, "commented on tracker #%ld:", number);
    free(path);
    return r;
}

static int gh_label(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *pos[3] = {0};
    bool dry = false;
    const cmd_opt opts[] = {OPT_BOOL("--dry-run", &dry), OPT_END};
    int st = cmd_parse_opts(self, argc, argv,
                            &(cmd_args){.opts = opts,
                                        .pos = pos,
                                        .min = 3,
                                        .max = 3,
                                        .flags = CMD_ARGS_LAST_FREE,
                                        .unknown = "unexpected argument '%s'",
                                        .missing = "label needs PR add|remove LABEL"});
    long pr;
    if (st)
        return st;
    if (!parse_number(&pr, pos[0]))
        return cmd_usage_error(self, "'%s' is not a pull request number", pos[0]);
    bool add = strcmp(pos[1], "add") == 0;
    if (!add && strcmp(pos[1], "remove") != 0)
        return cmd_usage_error(self, "label action must be add or remove, not '%s'", pos[1]);
    const char *label = pos[2];
    for (const unsigned char *p = (const unsigned char *)label; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return cmd_usage_error(self, "the label contains control characters");
    if (!*label)
        return cmd_usage_error(self, "the label is empty");
    if (add) {
        cJSON *body = cJSON_CreateObject();
        cJSON *labels = cJSON_AddArrayToObject(body, "labels");
        cJSON_AddItemToArray(labels, cJSON_CreateString(label));
        char *path = rc_xasprintf("/issues/%ld/labels", pr);
        int r = perform(ctx, "POST", path, body, dry, "labelled #%ld", pr);
        free(path);
        return r;
    }
    char *esc = curl_easy_escape(NULL, label, 0);
    char *path = rc_xasprintf("/issues/%ld/labels/%s", pr, esc ? esc : "");
    curl_free(esc);
    int r = perform(ctx, "DELETE", path, NULL, dry, "removed the label from #%ld", pr);
    free(path);
    return r;
}

int cmd_gh(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    static const cmd_action actions[] = {
        {"comment", gh_comment}, {"label", gh_label}, {"report", cmd_gh_report}, {NULL, NULL}};
    return cmd_dispatch(ctx, self, argc, argv, actions, "missing action: comment, label or report");
}
