/* relcap branches [--json]: release branches from the cache. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/git/gitsync.h"

#include <string.h>

const char cmd_branches_usage[] =
    "usage: relcap branches [--json]\n"
    "List the release branches found by the last 'relcap sync', newest version first\n(the order "
    "of 'relcap status' and the cockpit):\n"
    "maintenance status, head, cut point (merge base with main), commits ahead of\n"
    "the cut and behind main, the newest tag of the line reachable from the head.\n"
    "\n"
    "JSON fields: name, version, status, head_sha, head_date, cut_sha, cut_date, ahead,\n"
    "behind, latest_tag, ci (dates ISO 8601 UTC, shas 40 hex digits, null when none).\n";

static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

static void add_branch(cJSON *arr, const rc_branch_row *b)
{
    cJSON *o = cJSON_CreateObject();
    out_json_str(o, "name", b->name);
    out_json_str(o, "version", b->version);
    out_json_str(o, "status", b->status);
    out_json_str(o, "head_sha", b->head_sha);
    out_json_time(o, "head_date", b->has_head_date, b->head_date);
    out_json_str(o, "cut_sha", b->cut_sha);
    out_json_time(o, "cut_date", b->has_cut_date, b->cut_date);
    cJSON_AddNumberToObject(o, "ahead", (double)b->ahead);
    cJSON_AddNumberToObject(o, "behind", (double)b->behind);
    out_json_str(o, "latest_tag", b->latest_tag);
    out_json_str(o, "ci", out_ci(b->ci));
    cJSON_AddItemToArray(arr, o);
}

static void print_branch(out_table *t, const rc_branch_row *b)
{
    char date[21] = "-";
    if (b->has_cut_date)
        rc_time_iso(date, b->cut_date);
    date[10] = '\0';
    char head[11], cut[11], ahead[24], behind[24];
    snprintf(head, sizeof head, "%.10s", or_dash(b->head_sha));
    snprintf(cut, sizeof cut, "%.10s", or_dash(b->cut_sha));
    snprintf(ahead, sizeof ahead, "%lld", (long long)b->ahead);
    snprintf(behind, sizeof behind, "%lld", (long long)b->behind);
    const char *cells[] = {b->name, b->version, b->status, head,          cut,
                           date,    ahead,      behind,    b->latest_tag, out_ci(b->ci)};
    bool dim = b->status && strcmp(b->status, "maintained") != 0;
    out_table_add(t, cells, dim ? "2" : NULL);
}

int cmd_branches(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    int st = cmd_json_only(self, argc, argv, &json);
    rc_db *db;
    if (st || (st = ctx_db(ctx, &db)))
        return st;
    rc_branch_row *rows;
    size_t n;
    if (rc_gitsync_branches(&rows, &n, db, NULL, true) != 0)
        return cmd_fail();
    static const out_col cols[] = {{"BRANCH", OUT_LEFT, true},      {"VERSION", OUT_LEFT, false},
                                   {"STATUS", OUT_LEFT, false},     {"HEAD", OUT_LEFT, false},
                                   {"CUT", OUT_LEFT, false},        {"CUT DATE", OUT_LEFT, false},
                                   {"AHEAD", OUT_RIGHT, false},     {"BEHIND", OUT_RIGHT, false},
                                   {"LATEST TAG", OUT_LEFT, false}, {"CI", OUT_LEFT, false}};
    out_list l;
    out_list_open(&l, json, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        if (json)
            add_branch(l.json, &rows[i]);
        else
            print_branch(l.table, &rows[i]);
    }
    rc_branch_rows_free(rows, n);
    out_list_close(&l, ctx, n);
    if (!json && n == 0)
        fprintf(stderr, "relcap: no release branches in the cache (run 'relcap sync')\n");
    return 0;
}
