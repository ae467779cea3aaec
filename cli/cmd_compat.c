#include "core/release/compat.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>

const char cmd_compat_usage[] =
    "usage: relcap compat [--json]\n"
    "Read the compatibility matrix (relcap.compatDoc) at the main branch's head and\n"
    "cross-check it with the version tags: tags with no row (missing_from_matrix), rows\n"
    "with no tag (not_tagged), maintained releases with no row of their own X.Y.Z\n"
    "(missing_releases: the row 'relcap ready' asks for), and the upstream column\n"
    "against the upstream trailer (relcap.upstreamTrailer) found in each tag's history.\n";

static cJSON *row_json(const rc_compat_row *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "line", (double)r->line);
    cJSON_AddStringToObject(o, "version", r->version);
    cJSON *fields = cJSON_AddObjectToObject(o, "fields");
    for (size_t i = 0; i < r->nfields; i++)
        if (!cJSON_HasObjectItem(fields, r->fields[i]))
            cJSON_AddStringToObject(fields, r->fields[i], r->values[i]);
    cJSON_AddItemToObject(o, "tag", r->tag ? cJSON_CreateString(r->tag) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "upstream",
                          r->upstream ? cJSON_CreateString(r->upstream) : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "derived_upstream",
                          r->derived_upstream ? cJSON_CreateString(r->derived_upstream)
                                              : cJSON_CreateNull());
    cJSON_AddItemToObject(o, "upstream_match",
                          r->upstream_match < 0 ? cJSON_CreateNull()
                                                : cJSON_CreateBool(r->upstream_match));
    return o;
}

/* The matrix as a table (VERSION TAG UPSTREAM CHECK), a mismatch in red. */
static void print_rows(rc_ctx *ctx, const rc_compat_report *r)
{
    static const out_col cols[] = {{"VERSION", OUT_LEFT, false},
                                   {"TAG", OUT_LEFT, false},
                                   {"UPSTREAM", OUT_LEFT, false},
                                   {"CHECK", OUT_LEFT, true}};
    printf("%s at %s: %zu %s\n", r->doc, r->rev, r->nrows, out_plural(r->nrows, "row", "rows"));
    out_table *t = out_table_new(cols, sizeof cols / sizeof *cols);
    for (size_t i = 0; i < r->nrows; i++) {
        const rc_compat_row *cr = &r->rows[i];
        char *check = cr->upstream_match == 0
                          ? rc_xasprintf("MISMATCH, history says %s", cr->derived_upstream)
                      : cr->upstream_match > 0 ? rc_xstrdup("ok")
                                               : NULL; /* unknown: "-" */
        const char *cells[] = {cr->version, cr->tag ? cr->tag : "(not tagged)", cr->upstream,
                               check};
        out_table_add(t, cells, cr->upstream_match == 0 ? "31" : NULL);
        free(check);
    }
    if (r->nrows)
        out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
}

int cmd_compat(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json;
    int st = cmd_json_only(self, argc, argv, &json);
    if (st || (st = ctx_open_all(ctx)))
        return st;
    rc_compat_report r;
    if (rc_compat_check(&r, ctx->repo, ctx->db, ctx->cfg) != 0)
        return cmd_fail();
    if (json) {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "doc", r.doc);
        cJSON_AddStringToObject(doc, "rev", r.rev);
        cJSON *rows = cJSON_AddArrayToObject(doc, "rows");
        for (size_t i = 0; i < r.nrows; i++)
            cJSON_AddItemToArray(rows, row_json(&r.rows[i]));
        cJSON_AddItemToObject(
            doc, "missing_from_matrix",
            cJSON_CreateStringArray((const char *const *)r.missing_from_matrix, (int)r.nmissing));
        cJSON_AddItemToObject(
            doc, "not_tagged",
            cJSON_CreateStringArray((const char *const *)r.not_tagged, (int)r.nnot_tagged));
        cJSON_AddItemToObject(doc, "missing_releases",
                              cJSON_CreateStringArray((const char *const *)r.missing_releases,
                                                      (int)r.nmissing_releases));
        cJSON_AddNumberToObject(doc, "upstream_mismatches", (double)r.nmismatch);
        cmd_print_json(doc);
    } else {
        print_rows(ctx, &r);
        for (size_t i = 0; i < r.nmissing; i++)
            printf("missing from matrix: %s\n", r.missing_from_matrix[i]);
        for (size_t i = 0; i < r.nnot_tagged; i++)
            printf("not tagged: %s\n", r.not_tagged[i]);
        for (size_t i = 0; i < r.nmissing_releases; i++)
            printf("no row for release %s (what 'relcap ready %s' needs)\n", r.missing_releases[i],
                   r.missing_releases[i]);
    }
    rc_compat_report_free(&r);
    return 0;
}
