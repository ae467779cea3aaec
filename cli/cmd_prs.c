/* relcap prs: pull requests from the cache (filled by the GitHub sync). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/github/github_read.h"

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

static void add_pr(cJSON *arr, const rc_pr_row *p, cJSON *labels)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "number", (double)p->number);
    out_json_str(o, "title", p->title);
    out_json_str(o, "author", p->author);
    out_json_str(o, "state", p->state);
    out_json_str(o, "base", p->base);
    cJSON_AddItemToObject(o, "labels", labels);
    out_json_str(o, "milestone", p->milestone);
    out_json_time(o, "merged_at", p->has_merged_at, p->merged_at);
    out_json_str(o, "merge_sha", p->merge_sha);
    out_json_str(o, "url", p->url);
    cJSON_AddItemToArray(arr, o);
}

static void print_pr(out_table *t, const rc_pr_row *p, cJSON *labels)
{
    rc_buf lb = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, labels) if (cJSON_IsString(it))
        rc_buf_printf(&lb, "%s%s", lb.len ? "," : "", it->valuestring);
    cJSON_Delete(labels);
    char num[24];
    snprintf(num, sizeof num, "#%ld", (long)p->number);
    const char *cells[] = {num, p->state, p->base, p->author, p->title, lb.len ? lb.ptr : NULL};
    out_table_add(t, cells, NULL);
    rc_buf_free(&lb);
}

int cmd_prs(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *base = NULL;
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_STRING("--base", &base), OPT_END};
    int r = cmd_parse_args(self, argc, argv, opts, NULL, 0, 0, NULL);
    rc_db *db;
    if (r || (r = ctx_db(ctx, &db)))
        return r;
    rc_pr_row *rows;
    size_t n;
    if (rc_github_prs(&rows, &n, db, base) != 0)
        return cmd_fail();
    static const out_col cols[] = {{"PR", OUT_RIGHT, false},  {"STATE", OUT_LEFT, false},
                                   {"BASE", OUT_LEFT, false}, {"AUTHOR", OUT_LEFT, false},
                                   {"TITLE", OUT_LEFT, true}, {"LABELS", OUT_LEFT, false}};
    out_list l;
    out_list_open(&l, json, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        const rc_pr_row *p = &rows[i];
        cJSON *labels = out_json_array(p->labels);
        if (json)
            add_pr(l.json, p, labels);
        else
            print_pr(l.table, p, labels);
    }
    rc_pr_rows_free(rows, n);
    out_list_close(&l, ctx, n);
    if (!json && !n)
        printf("no pull requests in the cache%s%s (%s)\n", base ? " with base " : "",
               base ? base : "", cmd_github_hint(ctx));
    return 0;
}
