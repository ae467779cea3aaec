/* relcap tags [--json] [--release X.Y.Z]: version tags from the cache. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "cli/cmd.h"
#include "cli/out.h"
#include "core/git/gitsync.h"

#include <string.h>

const char cmd_tags_usage[] =
    "usage: relcap tags [--json] [--release X.Y.Z]\n"
    "List the version tags found by the last 'relcap sync', in PEP 440 order: kind\n"
    "(dev, pre, rc, final, post), commit, date (tagger date of annotated tags), the\n"
    "release branch holding it and whether main contains it.\n"
    "\n"
    "  --release X.Y.Z   only the tags of that release\n"
    "\n"
    "JSON fields: name, version, release, kind, sha, date, branch, on_main, ci.\n";

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static void add_tag(cJSON *arr, const rc_tag_row *t)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", or_empty(t->name));
    cJSON_AddStringToObject(o, "version", or_empty(t->version));
    cJSON_AddStringToObject(o, "release", or_empty(t->release));
    cJSON_AddStringToObject(o, "kind", or_empty(t->kind));
    cJSON_AddStringToObject(o, "sha", or_empty(t->sha));
    out_json_time(o, "date", t->has_date, t->date);
    out_json_str(o, "branch", t->branch);
    cJSON_AddBoolToObject(o, "on_main", t->on_main);
    out_json_str(o, "ci", out_ci(t->ci)); /* null: unknown, GitHub not synced */
    cJSON_AddItemToArray(arr, o);
}

static void print_tag(out_table *t, const rc_tag_row *r)
{
    char date[21] = "-", sha[11];
    if (r->has_date)
        rc_time_iso(date, r->date);
    snprintf(sha, sizeof sha, "%.10s", or_empty(r->sha));
    const char *cells[] = {
        r->name,   r->version,   r->release, r->kind, sha, date, r->on_main ? "yes" : "no",
        r->branch, out_ci(r->ci)};
    out_table_add(t, cells, NULL);
}

/* --release X.Y.Z, any PEP 440 spelling, into its release string. */
static int parse_release(const rc_cmd *self, const cmd_opt *opt, const char *arg)
{
    rc_version v;
    if (rc_version_parse(&v, arg) != 0)
        return cmd_usage_error(self, "%s", rc_error_last());
    rc_version_release(opt->value, RC_VERSION_STRLEN, &v);
    return 0;
}

int cmd_tags(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json = false;
    char release[RC_VERSION_STRLEN] = "";
    const cmd_opt opts[] = {OPT_BOOL("--json", &json),
                            OPT_CALLBACK("--release", release, parse_release), OPT_END};
    const char *bad = "unknown or incomplete argument '%s'";
    int st = cmd_parse_only(self, argc, argv, opts, bad);
    rc_db *db;
    if (st || (st = ctx_db(ctx, &db)))
        return st;
    rc_tag_row *rows;
    size_t n;
    if (rc_gitsync_tags(&rows, &n, db, release[0] ? release : NULL, NULL, false) != 0)
        return cmd_fail();
    static const out_col cols[] = {
        {"TAG", OUT_LEFT, false},  {"VERSION", OUT_LEFT, false}, {"RELEASE", OUT_LEFT, false},
        {"KIND", OUT_LEFT, false}, {"COMMIT", OUT_LEFT, false},  {"DATE", OUT_LEFT, false},
        {"MAIN", OUT_LEFT, false}, {"BRANCH", OUT_LEFT, true},   {"CI", OUT_LEFT, false}};
    out_list l;
    out_list_open(&l, json, cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        if (json)
            add_tag(l.json, &rows[i]);
        else
            print_tag(l.table, &rows[i]);
    }
    rc_tag_rows_free(rows, n);
    out_list_close(&l, ctx, n);
    return 0;
}
