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

static void add_date(cJSON *o, const char *key, bool known, int64_t t)
{
    if (!known) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    char iso[21];
    rc_time_iso(iso, t);
    cJSON_AddStringToObject(o, key, iso);
}

static void add_text(cJSON *o, const char *key, const char *s)
{
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static const char *or_dash(const char *s)
{
    return s ? s : "-";
}

static void add_branch(cJSON *arr, const rc_branch_row *b)
{
    cJSON *o = cJSON_CreateObject();
    add_text(o, "name", b->name);
    add_text(o, "version", b->version);
    add_text(o, "status", b->status);
    add_text(o, "head_sha", b->head_sha);
    add_date(o, "head_date", b->has_head_date, b->head_date);
    add_text(o, "cut_sha", b->cut_sha);
    add_date(o, "cut_date", b->has_cut_date, b->cut_date);
    cJSON_AddNumberToObject(o, "ahead", (double)b->ahead);
    cJSON_AddNumberToObject(o, "behind", (double)b->behind);
    add_text(o, "latest_tag", b->latest_tag);
    add_text(o, "ci", out_ci(b->ci));
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

int cmd_branches(rc_ctx *ctx, int argc, char **argv)
{
    bool json;
    int done = cmd_json_only("branches", argc, argv, &json);
    if (done >= 0)
        return done;
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    rc_branch_row *rows;
    size_t n;
    if (rc_gitsync_branches(&rows, &n, db, NULL, true) != 0)
        return cmd_fail();
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    static const out_col cols[] = {{"BRANCH", OUT_LEFT, true},      {"VERSION", OUT_LEFT, false},
                                   {"STATUS", OUT_LEFT, false},     {"HEAD", OUT_LEFT, false},
                                   {"CUT", OUT_LEFT, false},        {"CUT DATE", OUT_LEFT, false},
                                   {"AHEAD", OUT_RIGHT, false},     {"BEHIND", OUT_RIGHT, false},
                                   {"LATEST TAG", OUT_LEFT, false}, {"CI", OUT_LEFT, false}};
    out_table *t = json ? NULL : out_table_new(cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        if (json)
            add_branch(arr, &rows[i]);
        else
            print_branch(t, &rows[i]);
    }
    rc_branch_rows_free(rows, n);
    if (t && n)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    if (json)
        cmd_print_json(arr);
    else if (n == 0)
        fprintf(stderr, "relcap: no release branches in the cache (run 'relcap sync')\n");
    return 0;
}
