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

static cJSON *json_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void add_pr(cJSON *arr, const rc_pr_row *p, const char *merged, cJSON *labels)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "number", (double)p->number);
    cJSON_AddItemToObject(o, "title", json_or_null(p->title));
    cJSON_AddItemToObject(o, "author", json_or_null(p->author));
    cJSON_AddItemToObject(o, "state", json_or_null(p->state));
    cJSON_AddItemToObject(o, "base", json_or_null(p->base));
    cJSON_AddItemToObject(o, "labels", labels);
    cJSON_AddItemToObject(o, "milestone", json_or_null(p->milestone));
    cJSON_AddItemToObject(o, "merged_at", json_or_null(merged));
    cJSON_AddItemToObject(o, "merge_sha", json_or_null(p->merge_sha));
    cJSON_AddItemToObject(o, "url", json_or_null(p->url));
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
    rc_pr_row *rows;
    size_t n;
    if (rc_github_prs(&rows, &n, db, base) != 0)
        return cmd_fail();
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    static const out_col cols[] = {{"PR", OUT_RIGHT, false},  {"STATE", OUT_LEFT, false},
                                   {"BASE", OUT_LEFT, false}, {"AUTHOR", OUT_LEFT, false},
                                   {"TITLE", OUT_LEFT, true}, {"LABELS", OUT_LEFT, false}};
    out_table *t = json ? NULL : out_table_new(cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        const rc_pr_row *p = &rows[i];
        const char *merged = NULL;
        char iso[21];
        if (p->has_merged_at) {
            rc_time_iso(iso, p->merged_at);
            merged = iso;
        }
        cJSON *labels = cJSON_Parse(p->labels ? p->labels : "[]");
        if (!cJSON_IsArray(labels)) {
            cJSON_Delete(labels);
            labels = cJSON_CreateArray();
        }
        if (json)
            add_pr(arr, p, merged, labels);
        else
            print_pr(t, p, labels);
    }
    rc_pr_rows_free(rows, n);
    if (t && n)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    if (json)
        cmd_print_json(arr);
    else if (!n)
        printf("no pull requests in the cache%s%s (%s)\n", base ? " with base " : "",
               base ? base : "", cmd_github_hint(ctx));
    return 0;
}
