/* The compatibility matrix: the markdown table whose first column names
 * this project's versions, cross-checked with the version tags and with the
 * upstream trailer found in the history of each tag. */
#include "core/release/compat.h"
#include "core/git/gitsync.h"
#include "core/release/docs.h"
#include "core/release/release_internal.h"
#include "core/base/error.h"
#include "core/release/mdtable.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    char *name, *version, *sha;
} tag_row;

/* "v0.9.2" -> "0.9.2"; NULL when the cell is no version. */
static char *norm_version(const char *cell)
{
    rc_version v;
    if (rc_version_parse(&v, cell) != 0)
        return NULL;
    char buf[RC_VERSION_STRLEN];
    rc_version_format(buf, sizeof buf, &v);
    return rc_xstrdup(buf);
}

static int load_tags(tag_row **out, size_t *n, rc_db *db)
{
    *out = NULL;
    *n = 0;
    rc_tag_row *rows;
    size_t count;
    int r = rc_gitsync_tags(&rows, &count, db, NULL, NULL, false);
    if (r)
        return r;
    for (size_t i = 0; i < count; i++) {
        const rc_tag_row *t = &rows[i];
        if (!t->kind || strcmp(t->kind, "dev") == 0)
            continue;
        char *v = norm_version(t->name);
        if (!v)
            continue;
        *out = rc_xrealloc(*out, (*n + 1) * sizeof(tag_row));
        (*out)[(*n)++] = (tag_row){rc_xstrdup(t->name), v, t->sha ? rc_xstrdup(t->sha) : NULL};
    }
    rc_tag_rows_free(rows, count);
    return 0;
}

static bool is_template(const char *cell)
{
    return strstr(cell, "{{") != NULL;
}

/* The matrix is the first table most of whose first-column cells are versions. */
static const rc_mdtable *find_matrix(const rc_mddoc *doc)
{
    for (size_t t = 0; t < doc->ntables; t++) {
        size_t versions = 0, rows = 0;
        for (size_t i = 0; i < doc->tables[t].nrows; i++) {
            const char *c = rc_mdrow_cell(&doc->tables[t].rows[i], 0);
            if (is_template(c))
                continue;
            rows++;
            char *v = norm_version(c);
            versions += v != NULL;
            free(v);
        }
        if (rows && versions * 2 > rows && doc->tables[t].header.ncells >= 2)
            return &doc->tables[t];
    }
    return NULL;
}

/* Does a cell like "v0.9.1 / v0.9.2" name version v? */
static bool cell_names(const char *cell, const char *v)
{
    char *copy = rc_xstrdup(cell);
    bool hit = false;
    for (char *save = NULL, *tok = strtok_r(copy, " /,;", &save); tok && !hit;
         tok = strtok_r(NULL, " /,;", &save)) {
        char *n = norm_version(tok);
        hit = n && strcmp(n, v) == 0;
        free(n);
    }
    free(copy);
    return hit;
}

static void push(char ***arr, size_t *n, const char *s)
{
    *arr = rc_xrealloc(*arr, (*n + 1) * sizeof(char *));
    (*arr)[(*n)++] = rc_xstrdup(s);
}

/* Releases being maintained (a maintained branch) with no row of their own
 * X.Y.Z: the row `relcap ready` asks for, even before the final is tagged. */
static void missing_releases(rc_compat_report *out, rc_db *db)
{
    rc_branch_row *b;
    size_t nb;
    if (rc_gitsync_branches(&b, &nb, db, "maintained", true) != 0) {
        rc_error_clear();
        return;
    }
    for (size_t i = 0; i < nb; i++) {
        bool row = false;
        for (size_t k = 0; k < out->nrows && !row && b[i].version; k++)
            row = strcmp(out->rows[k].version, b[i].version) == 0;
        if (b[i].version && !row)
            push(&out->missing_releases, &out->nmissing_releases, b[i].version);
    }
    rc_branch_rows_free(b, nb);
}

const char *rc_compat_doc_path(const rc_config *cfg)
{
    const char *path = NULL;
    if (rc_config_string(&path, cfg, "relcap.compatDoc") != 0 || !path || !*path)
        return NULL;
    return path;
}

static const char *trailer_of(const rc_config *cfg)
{
    const char *trailer = "vLLM version";
    rc_config_string(&trailer, cfg, "relcap.upstreamTrailer");
    return trailer;
}

static char *upstream_live(void *ud, const char *sha, const char *trailer)
{
    git_oid id;
    return git_oid_fromstr(&id, sha) == 0 ? rc_docs_upstream_at(ud, &id, trailer) : NULL;
}

int rc_compat_check(rc_compat_report *out, git_repository *repo, rc_db *db, const rc_config *cfg)
{
    memset(out, 0, sizeof *out);
    const char *path = rc_compat_doc_path(cfg);
    if (!path)
        return rc_error_set(RC_ENOTFOUND, "relcap.compatDoc is not set");
    char *rev = NULL, *text = NULL;
    int r = rc_docs_main_rev(&rev, repo, cfg);
    if (!r)
        r = rc_docs_read(&text, repo, rev, path);
    if (r) {
        free(rev);
        return r;
    }
    r = rc_compat_from_text(out, db, cfg, path, rev, text, upstream_live, repo);
    free(text);
    return r;
}

/* The upstream column is named after the trailer ("vLLM version" -> "vLLM"). */
static int upstream_column(const rc_mdtable *m, const char *trailer)
{
    char *upname = rc_xstrdup(trailer);
    char *sp = strrchr(upname, ' ');
    if (sp && strcasecmp(sp + 1, "version") == 0)
        *sp = '\0';
    int upcol = rc_mdtable_column(m, upname);
    free(upname);
    return upcol;
}

/* What one matrix row needs to become a report row. */
typedef struct {
    const rc_mdtable *m;
    int upcol;
    const char *trailer;
    tag_row *tags;
    size_t ntags;
    bool *seen; /* per tag: a row names its version */
    rc_upstream_fn upstream;
    void *ud;
} compat_scan;

/* Matrix row i as a report row (v: its normalised version, taken): its
 * cells, the first tag of that version and the upstream found there. */
static void add_row(rc_compat_report *out, const compat_scan *x, size_t i, char *v)
{
    const rc_mdrow *row = &x->m->rows[i];
    out->rows = rc_xrealloc(out->rows, (out->nrows + 1) * sizeof(rc_compat_row));
    rc_compat_row *cr = &out->rows[out->nrows++];
    memset(cr, 0, sizeof *cr);
    cr->line = row->line;
    cr->version = v;
    cr->nfields = x->m->header.ncells;
    cr->fields = rc_xcalloc(cr->nfields, sizeof(char *));
    cr->values = rc_xcalloc(cr->nfields, sizeof(char *));
    for (size_t c = 0; c < cr->nfields; c++) {
        cr->fields[c] = rc_xstrdup(x->m->header.cells[c]);
        cr->values[c] = rc_xstrdup(rc_mdrow_cell(row, c));
    }
    cr->upstream = x->upcol >= 0 ? rc_xstrdup(rc_mdrow_cell(row, (size_t)x->upcol)) : NULL;
    cr->upstream_match = -1;
    for (size_t t = 0; t < x->ntags; t++) {
        if (strcmp(x->tags[t].version, v) != 0)
            continue;
        x->seen[t] = true;
        if (!cr->tag) {
            cr->tag = rc_xstrdup(x->tags[t].name);
            if (x->tags[t].sha)
                cr->derived_upstream = x->upstream(x->ud, x->tags[t].sha, x->trailer);
        }
    }
    if (!cr->tag)
        push(&out->not_tagged, &out->nnot_tagged, v);
    if (cr->derived_upstream && cr->upstream) {
        cr->upstream_match = cell_names(cr->upstream, cr->derived_upstream);
        out->nmismatch += cr->upstream_match == 0;
    }
}

/* Tags no row covers go to missing_from_matrix; frees the tags. */
static void uncovered_tags(rc_compat_report *out, compat_scan *x)
{
    for (size_t t = 0; t < x->ntags; t++) {
        /* Several tags may spell one version (v1.0rc1, v1.0-rc1): one row covers them. */
        bool covered = x->seen[t];
        for (size_t i = 0; i < out->nrows && !covered; i++)
            covered = strcmp(out->rows[i].version, x->tags[t].version) == 0;
        if (!covered)
            push(&out->missing_from_matrix, &out->nmissing, x->tags[t].name);
        free(x->tags[t].name);
        free(x->tags[t].version);
        free(x->tags[t].sha);
    }
    free(x->tags);
    free(x->seen);
}

int rc_compat_from_text(rc_compat_report *out, rc_db *db, const rc_config *cfg, const char *path,
                        char *rev, const char *text, rc_upstream_fn upstream, void *ud)
{
    memset(out, 0, sizeof *out);
    out->doc = rc_xstrdup(path);
    out->rev = rev;
    rc_mddoc doc;
    rc_mddoc_parse(&doc, text);
    compat_scan x = {
        .m = find_matrix(&doc), .trailer = trailer_of(cfg), .upstream = upstream, .ud = ud};
    if (!x.m) {
        rc_mddoc_free(&doc);
        int e = rc_error_set(RC_ENOTFOUND, "%s at %s has no compatibility matrix table", path, rev);
        rc_compat_report_free(out);
        return e;
    }
    x.upcol = upstream_column(x.m, x.trailer);
    int r = load_tags(&x.tags, &x.ntags, db);
    if (r) {
        rc_mddoc_free(&doc);
        rc_compat_report_free(out);
        return r;
    }
    x.seen = rc_xcalloc(x.ntags ? x.ntags : 1, sizeof(bool));
    for (size_t i = 0; i < x.m->nrows; i++) {
        const char *first = rc_mdrow_cell(&x.m->rows[i], 0);
        char *v = is_template(first) ? NULL : norm_version(first);
        if (v)
            add_row(out, &x, i, v);
    }
    uncovered_tags(out, &x);
    rc_mddoc_free(&doc);
    missing_releases(out, db);
    return 0;
}

void rc_compat_report_free(rc_compat_report *r)
{
    for (size_t i = 0; i < r->nmissing_releases; i++)
        free(r->missing_releases[i]);
    free(r->missing_releases);
    for (size_t i = 0; i < r->nrows; i++) {
        rc_compat_row *cr = &r->rows[i];
        for (size_t c = 0; c < cr->nfields; c++) {
            free(cr->fields[c]);
            free(cr->values[c]);
        }
        free(cr->fields);
        free(cr->values);
        char **const strs[] = {&cr->version, &cr->upstream, &cr->tag, &cr->derived_upstream};
        rc_strs_clear(strs, 4);
    }
    free(r->rows);
    for (size_t i = 0; i < r->nmissing; i++)
        free(r->missing_from_matrix[i]);
    free(r->missing_from_matrix);
    for (size_t i = 0; i < r->nnot_tagged; i++)
        free(r->not_tagged[i]);
    free(r->not_tagged);
    free(r->doc);
    free(r->rev);
    memset(r, 0, sizeof *r);
}
