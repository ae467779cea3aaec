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
    if (t->has_date) {
        char date[21];
        rc_time_iso(date, t->date);
        cJSON_AddStringToObject(o, "date", date);
    } else {
        cJSON_AddNullToObject(o, "date");
    }
    if (t->branch)
        cJSON_AddStringToObject(o, "branch", t->branch);
    else
        cJSON_AddNullToObject(o, "branch");
    cJSON_AddBoolToObject(o, "on_main", t->on_main);
    if (out_ci(t->ci))
        cJSON_AddStringToObject(o, "ci", t->ci);
    else
        cJSON_AddNullToObject(o, "ci"); /* unknown: GitHub not synced */
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

int cmd_tags(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("tags", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("tags");
    bool json = false;
    char release[RC_VERSION_STRLEN] = "";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--release") == 0 && i + 1 < argc) {
            rc_version v;
            if (rc_version_parse(&v, argv[++i]) != 0)
                return cmd_usage_error(self, "%s", rc_error_last());
            rc_version_release(release, sizeof release, &v);
        } else {
            return cmd_usage_error(self, "unknown or incomplete argument '%s'", argv[i]);
        }
    }
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    rc_tag_row *rows;
    size_t n;
    if (rc_gitsync_tags(&rows, &n, db, release[0] ? release : NULL, NULL, false) != 0)
        return cmd_fail();
    cJSON *arr = json ? cJSON_CreateArray() : NULL;
    static const out_col cols[] = {
        {"TAG", OUT_LEFT, false},  {"VERSION", OUT_LEFT, false}, {"RELEASE", OUT_LEFT, false},
        {"KIND", OUT_LEFT, false}, {"COMMIT", OUT_LEFT, false},  {"DATE", OUT_LEFT, false},
        {"MAIN", OUT_LEFT, false}, {"BRANCH", OUT_LEFT, true},   {"CI", OUT_LEFT, false}};
    out_table *t = json ? NULL : out_table_new(cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < n; i++) {
        if (json)
            add_tag(arr, &rows[i]);
        else
            print_tag(t, &rows[i]);
    }
    rc_tag_rows_free(rows, n);
    if (t && n)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    if (json)
        cmd_print_json(arr);
    return 0;
}
