/* relcap diff: the range comes from libgit2's revwalk (so it is git's own
 * A..B), the meaning of each commit from the engine's tables (picks,
 * line_commits, violations) after rc_picks_ensure, so a pick is named
 * exactly as `relcap picks` names it. */
#include "core/release/rcdiff.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/bench/bench_diff.h"
#include "core/git/gitsync.h"
#include "core/git/gitsync_line.h"
#include "core/picks/picks.h"
#include "core/picks/picks_landed.h"
#include "core/picks/refs.h"
#include "core/release/ready.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void tag_fill(rc_tag_info *out, const rc_tag_row *t)
{
    memset(out, 0, sizeof *out);
    out->name = t->name ? rc_xstrdup(t->name) : NULL;
    out->version = t->version ? rc_xstrdup(t->version) : NULL;
    out->release = t->release ? rc_xstrdup(t->release) : NULL;
    out->kind = t->kind ? rc_xstrdup(t->kind) : NULL;
    out->branch = t->branch ? rc_xstrdup(t->branch) : NULL;
    snprintf(out->sha, sizeof out->sha, "%s", t->sha ? t->sha : "");
}

/* PEP 440 order of two tags' versions (unparsable ones sort first). */
static int version_cmp(const char *a, const char *b)
{
    rc_version va, vb;
    bool oka = a && rc_version_parse(&va, a) == 0, okb = b && rc_version_parse(&vb, b) == 0;
    rc_error_clear();
    if (!oka || !okb)
        return oka - okb;
    return rc_version_cmp(&va, &vb);
}

int rc_tag_lookup(rc_tag_info *out, rc_db *db, const char *what)
{
    memset(out, 0, sizeof *out);
    rc_tag_row t;
    int r = rc_gitsync_tag_get(&t, db, what);
    if (r == 0) {
        tag_fill(out, &t);
        rc_tag_row_free(&t);
        return 0;
    }
    if (r != RC_ENOTFOUND)
        return r;
    rc_error_clear();
    rc_tag_row *rows = NULL;
    size_t n = 0;
    if ((r = rc_gitsync_tags(&rows, &n, db, NULL, NULL, false)))
        return r;
    /* by version, any PEP 440 spelling ("0.9.2rc3" for v0.9.2rc3) */
    for (size_t i = 0; i < n && !out->name; i++)
        if (version_cmp(rows[i].version, what) == 0)
            tag_fill(out, &rows[i]);
    rc_tag_rows_free(rows, n);
    if (out->name)
        return 0;
    char *w = rc_sanitize(what, false);
    r = rc_error_set(RC_ENOTFOUND, "no tag '%s' in the cache (see relcap tags)", w);
    free(w);
    return r;
}

/* The newest tag before `of` that passes the filter. */
static int tag_before(rc_tag_info *out, rc_db *db, const rc_tag_info *of, bool same_release,
                      bool releases_only, bool other_release)
{
    memset(out, 0, sizeof *out);
    rc_tag_row *rows = NULL;
    size_t n = 0;
    int r = rc_gitsync_tags(&rows, &n, db, same_release ? of->release : NULL, NULL, true);
    if (r)
        return r;
    for (size_t i = 0; i < n && !out->name; i++) {
        const rc_tag_row *t = &rows[i];
        bool rel = t->kind && (strcmp(t->kind, "final") == 0 || strcmp(t->kind, "post") == 0);
        if (version_cmp(t->version, of->version) >= 0 || (releases_only && !rel) ||
            (other_release && t->release && of->release && strcmp(t->release, of->release) == 0))
            continue;
        tag_fill(out, t);
    }
    rc_tag_rows_free(rows, n);
    return out->name ? 0 : RC_ENOTFOUND;
}

int rc_tag_previous(rc_tag_info *out, rc_db *db, const rc_tag_info *of)
{
    int r = tag_before(out, db, of, true, false, false);
    if (r == RC_ENOTFOUND)
        r = tag_before(out, db, of, false, true, false);
    if (r == RC_ENOTFOUND)
        r = rc_error_set(RC_ENOTFOUND, "no tag before %s: give the first tag of the diff",
                         of->name);
    return r;
}

int rc_tag_previous_release(rc_tag_info *out, rc_db *db, const rc_tag_info *of)
{
    bool post = of->kind && strcmp(of->kind, "post") == 0;
    int r = tag_before(out, db, of, false, true, !post);
    if (r == RC_ENOTFOUND)
        r = rc_error_set(RC_ENOTFOUND, "no release before %s: give --from", of->name);
    return r;
}

void rc_tag_info_free(rc_tag_info *t)
{
    if (!t)
        return;
    char **const strs[] = {&t->name, &t->version, &t->release, &t->kind, &t->branch};
    rc_strs_clear(strs, 5);
    memset(t, 0, sizeof *t);
}

int rc_tag_ends(rc_tag_info *from_out, rc_tag_info *to_out, git_repository *repo, rc_db *db,
                const rc_config *cfg, const char *from, const char *to, rc_tag_previous_fn previous)
{
    int r = rc_tag_lookup(to_out, db, to);
    if (!r)
        r = from ? rc_tag_lookup(from_out, db, from) : previous(from_out, db, to_out);
    if (!r && to_out->branch)
        r = rc_picks_ensure(NULL, db, repo, cfg, to_out->branch);
    return r;
}

int rc_tag_ends_run(char **from_name, char **to_name, const rc_tag_job *job, const char *from,
                    const char *to, rc_tag_previous_fn previous, rc_tag_ends_fn body)
{
    rc_tag_info a = {0}, b = {0};
    git_oid *ids = NULL;
    size_t n = 0;
    int r = rc_tag_ends(&a, &b, job->repo, job->db, job->cfg, from, to, previous);
    if (!r) {
        *from_name = rc_xstrdup(a.name);
        *to_name = rc_xstrdup(b.name);
        r = rc_tag_range(&ids, &n, job->repo, a.sha, b.sha);
    }
    if (!r)
        r = body(job, &a, &b, ids, n);
    free(ids);
    rc_tag_info_free(&a);
    rc_tag_info_free(&b);
    if (r)
        job->free_out(job->out);
    return r;
}

int rc_tag_range(git_oid **out, size_t *n, git_repository *repo, const char *from_sha,
                 const char *to_sha)
{
    *out = NULL;
    *n = 0;
    git_revwalk *w = NULL;
    git_oid a, b, id;
    if (git_oid_fromstr(&b, to_sha) != 0 || (from_sha && git_oid_fromstr(&a, from_sha) != 0))
        return rc_error_set(RC_EINVALID, "bad commit id in the tags table");
    if (git_revwalk_new(&w, repo) != 0 ||
        git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) != 0 ||
        git_revwalk_push(w, &b) != 0 || (from_sha && git_revwalk_hide(w, &a) != 0)) {
        git_revwalk_free(w);
        return rc_error_from_git(RC_EGIT, "walking the range");
    }
    size_t cap = 0;
    int r;
    while ((r = git_revwalk_next(&id, w)) == 0) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = id;
    }
    git_revwalk_free(w);
    if (r != GIT_ITEROVER) {
        free(*out);
        *out = NULL;
        *n = 0;
        return rc_error_from_git(RC_EGIT, "walking the range");
    }
    return 0;
}

static rc_rcdiff_commit *push(rc_rcdiff_commit **v, size_t *n)
{
    *v = rc_xrealloc(*v, (*n + 1) * sizeof **v);
    rc_rcdiff_commit *c = &(*v)[(*n)++];
    memset(c, 0, sizeof *c);
    return c;
}

static char *summary_of(git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c = NULL;
    if (!sha || git_oid_fromstr(&id, sha) != 0 || git_commit_lookup(&c, repo, &id) != 0)
        return NULL;
    const char *s = git_commit_summary(c);
    char *out = s ? rc_xstrdup(s) : NULL;
    git_commit_free(c);
    return out;
}

typedef struct {
    rc_rcdiff *d;
    git_repository *repo;
    rc_db *db;
    const char *branch, *pr_pattern;
} classify_ctx;

/* A pick (or a revert picked from main) when the engine says so. */
static int as_pick(classify_ctx *x, const char *sha, const char *subject)
{
    rc_picks_landed l;
    int r = rc_picks_landed_get(&l, x->db, x->branch, sha);
    if (r <= 0)
        return r;
    rc_rcdiff_commit *c =
        l.reverts ? push(&x->d->reverts, &x->d->nreverts) : push(&x->d->picks, &x->d->npicks);
    snprintf(c->sha, sizeof c->sha, "%s", sha);
    memcpy(c->candidate, l.candidate, sizeof c->candidate);
    c->subject = rc_xstrdup(subject);
    c->pr = l.pr;
    c->category = l.category;
    c->evidence = l.evidence;
    l.category = l.evidence = NULL;
    if (l.reverts) {
        snprintf(c->reverts, sizeof c->reverts, "%s", l.reverts);
        c->reverts_subject = summary_of(x->repo, l.reverts);
    }
    rc_picks_landed_free(&l);
    return 1;
}

/* A commit of the branch's own line: a revert, else branch-only. */
static int branch_commit(classify_ctx *x, git_commit *gc, const char *sha, const char *subject)
{
    rc_refs refs;
    rc_refs_parse(&refs, subject, git_commit_body(gc), x->pr_pattern);
    rc_rcdiff_commit *c = refs.is_revert ? push(&x->d->reverts, &x->d->nreverts)
                                         : push(&x->d->branch_only, &x->d->nbranch_only);
    snprintf(c->sha, sizeof c->sha, "%s", sha);
    c->subject = rc_xstrdup(subject);
    c->pr = refs.pr;
    int r = 0;
    if (refs.is_revert) {
        snprintf(c->reverts, sizeof c->reverts, "%s", refs.revert_sha);
        c->reverts_subject = refs.revert_sha[0] ? summary_of(x->repo, refs.revert_sha) : NULL;
    } else {
        r = rc_picks_violation_reason(&c->violation, x->db, x->branch, sha);
    }
    rc_refs_free(&refs);
    return r;
}

static int classify(classify_ctx *x, const git_oid *id)
{
    git_commit *gc = NULL;
    if (git_commit_lookup(&gc, x->repo, id) != 0)
        return rc_error_from_git(RC_EGIT, "reading a commit of the range");
    char sha[41];
    git_oid_tostr(sha, sizeof sha, id);
    const char *subject = git_commit_summary(gc) ? git_commit_summary(gc) : "";
    int r = as_pick(x, sha, subject);
    if (r == 0) {
        r = rc_gitsync_on_line(x->db, x->branch, sha);
        if (r == 0)
            x->d->main_commits++;
        else if (r == 1)
            r = branch_commit(x, gc, sha, subject);
    }
    git_commit_free(gc);
    return r < 0 ? r : 0;
}

static int classify_range(rc_rcdiff *d, const rc_tag_job *j, const rc_tag_info *b,
                          const git_oid *ids, size_t n)
{
    classify_ctx x = {.d = d, .repo = j->repo, .db = j->db, .branch = b->branch ? b->branch : ""};
    x.pr_pattern = rc_config_text(j->cfg, "relcap.prPattern");
    int r = 0;
    for (size_t i = 0; i < n && !r; i++)
        r = classify(&x, &ids[i]);
    return r;
}

/* Regressions and improvements between A's and B's results (none when
 * either side has no results). */
static cJSON *bench_changes(rc_db *db, git_repository *repo, const rc_config *cfg, const char *from,
                            const char *to)
{
    cJSON *arr = cJSON_CreateArray();
    rc_bench_diff_opts o;
    rc_bench_diff *bd = NULL;
    if (rc_bench_diff_opts_init(&o, cfg) == 0 &&
        rc_bench_diff_compute(&bd, db, repo, from, to, &o) == 0) {
        for (size_t i = 0; i < bd->n; i++) {
            const rc_bench_delta *x = &bd->rows[i];
            if (x->verdict != RC_BENCH_REGRESSION && x->verdict != RC_BENCH_IMPROVEMENT)
                continue;
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "hardware", x->hardware);
            cJSON_AddStringToObject(e, "model", x->model);
            cJSON_AddStringToObject(e, "test", x->test);
            cJSON_AddStringToObject(e, "metric", x->metric);
            cJSON_AddStringToObject(e, "verdict", rc_bench_verdict_name(x->verdict));
            cJSON_AddNumberToObject(e, "delta_pct", isnan(x->delta_pct) ? 0 : x->delta_pct);
            cJSON_AddItemToArray(arr, e);
        }
    }
    rc_error_clear();
    rc_bench_diff_free(bd);
    return arr;
}

/* The gate is per release line: only tags of two lines can differ. */
static cJSON *ready_changes(rc_db *db, git_repository *repo, const rc_config *cfg,
                            const rc_tag_info *a, const rc_tag_info *b)
{
    cJSON *arr = cJSON_CreateArray();
    if (!a->release || !b->release || strcmp(a->release, b->release) == 0)
        return arr;
    rc_ready_report ra, rb;
    int64_t now = (int64_t)time(NULL);
    if (rc_ready_check(&ra, repo, db, cfg, a->release, now) != 0) {
        rc_error_clear();
        return arr;
    }
    if (rc_ready_check(&rb, repo, db, cfg, b->release, now) != 0) {
        rc_error_clear();
        rc_ready_report_free(&ra);
        return arr;
    }
    for (size_t i = 0; i < rb.nitems; i++)
        for (size_t j = 0; j < ra.nitems; j++) {
            if (strcmp(ra.items[j].name, rb.items[i].name) != 0 ||
                ra.items[j].status == rb.items[i].status)
                continue;
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "name", rb.items[i].name);
            cJSON_AddStringToObject(e, "from", rc_ready_status_name(ra.items[j].status));
            cJSON_AddStringToObject(e, "to", rc_ready_status_name(rb.items[i].status));
            cJSON_AddStringToObject(e, "reason", rb.items[i].reason ? rb.items[i].reason : "");
            cJSON_AddItemToArray(arr, e);
        }
    rc_ready_report_free(&ra);
    rc_ready_report_free(&rb);
    return arr;
}

static int rcdiff_body(const rc_tag_job *j, const rc_tag_info *a, const rc_tag_info *b,
                       const git_oid *ids, size_t n)
{
    rc_rcdiff *out = j->out;
    int r = classify_range(out, j, b, ids, n);
    if (r)
        return r;
    out->bench = bench_changes(j->db, j->repo, j->cfg, a->name, b->name);
    out->ready = ready_changes(j->db, j->repo, j->cfg, a, b);
    return 0;
}

static void rcdiff_free(void *out)
{
    rc_rcdiff_free(out);
}

int rc_rcdiff_compute(rc_rcdiff *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                      const char *from, const char *to)
{
    memset(out, 0, sizeof *out);
    const rc_tag_job job = {out, rcdiff_free, repo, db, cfg};
    return rc_tag_ends_run(&out->from, &out->to, &job, from, to, rc_tag_previous, rcdiff_body);
}

static void free_list(rc_rcdiff_commit *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char **const strs[] = {&v[i].subject, &v[i].category, &v[i].evidence, &v[i].reverts_subject,
                               &v[i].violation};
        rc_strs_clear(strs, 5);
    }
    free(v);
}

void rc_rcdiff_free(rc_rcdiff *d)
{
    if (!d)
        return;
    free(d->from);
    free(d->to);
    free_list(d->picks, d->npicks);
    free_list(d->reverts, d->nreverts);
    free_list(d->branch_only, d->nbranch_only);
    cJSON_Delete(d->bench);
    cJSON_Delete(d->ready);
    memset(d, 0, sizeof *d);
}

static void add_opt(cJSON *o, const char *k, const char *v)
{
    if (v && *v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *list_json(const rc_rcdiff_commit *v, size_t n, int kind)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "sha", v[i].sha);
        cJSON_AddStringToObject(o, "subject", v[i].subject ? v[i].subject : "");
        if (v[i].pr > 0)
            cJSON_AddNumberToObject(o, "pr", (double)v[i].pr);
        else
            cJSON_AddNullToObject(o, "pr");
        if (kind == 0) {
            add_opt(o, "original", v[i].candidate);
            add_opt(o, "category", v[i].category);
            add_opt(o, "evidence", v[i].evidence);
        } else if (kind == 1) {
            add_opt(o, "reverts", v[i].reverts);
            add_opt(o, "reverts_subject", v[i].reverts_subject);
            add_opt(o, "original", v[i].candidate);
        } else {
            cJSON_AddBoolToObject(o, "violation", v[i].violation != NULL);
            add_opt(o, "reason", v[i].violation);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

cJSON *rc_rcdiff_json(const rc_rcdiff *d)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "from", d->from);
    cJSON_AddStringToObject(o, "to", d->to);
    cJSON_AddItemToObject(o, "picks", list_json(d->picks, d->npicks, 0));
    cJSON_AddItemToObject(o, "reverts", list_json(d->reverts, d->nreverts, 1));
    cJSON_AddItemToObject(o, "branch_only", list_json(d->branch_only, d->nbranch_only, 2));
    cJSON_AddNumberToObject(o, "main_commits", (double)d->main_commits);
    cJSON_AddItemToObject(o, "bench", cJSON_Duplicate(d->bench, true));
    cJSON_AddItemToObject(o, "ready", cJSON_Duplicate(d->ready, true));
    return o;
}

static void text_list(rc_buf *b, const char *title, const rc_rcdiff_commit *v, size_t n, int kind)
{
    rc_buf_printf(b, "%s (%zu)\n", title, n);
    for (size_t i = 0; i < n; i++) {
        rc_buf_printf(b, "  %.10s %s", v[i].sha, v[i].subject ? v[i].subject : "");
        if (kind == 0) {
            rc_buf_printf(b, "  [pick of %.10s", v[i].candidate);
            if (v[i].pr > 0)
                rc_buf_printf(b, " #%ld", v[i].pr);
            rc_buf_printf(b, ", %s, %s]", v[i].category ? v[i].category : "-",
                          v[i].evidence ? v[i].evidence : "-");
        } else if (kind == 1 && v[i].reverts[0]) {
            rc_buf_printf(b, "  [reverts %.10s %s]", v[i].reverts,
                          v[i].reverts_subject ? v[i].reverts_subject : "");
        } else if (kind == 2 && v[i].violation) {
            rc_buf_printf(b, "  [violation: %s]", v[i].violation);
        }
        rc_buf_puts(b, "\n");
    }
}

static void text_json(rc_buf *b, const char *title, const cJSON *arr)
{
    if (!cJSON_GetArraySize(arr))
        return;
    rc_buf_printf(b, "%s (%d)\n", title, cJSON_GetArraySize(arr));
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char *t = cJSON_PrintUnformatted(e);
        rc_buf_printf(b, "  %s\n", t ? t : "");
        free(t);
    }
}

char *rc_rcdiff_text(const rc_rcdiff *d)
{
    rc_buf b = {0};
    rc_buf_printf(&b, "%s..%s\n", d->from, d->to);
    text_list(&b, "picks", d->picks, d->npicks, 0);
    text_list(&b, "reverts", d->reverts, d->nreverts, 1);
    text_list(&b, "branch-only", d->branch_only, d->nbranch_only, 2);
    if (d->main_commits)
        rc_buf_printf(&b, "main commits (%zu)\n", d->main_commits);
    text_json(&b, "bench", d->bench);
    text_json(&b, "ready", d->ready);
    return rc_buf_detach(&b);
}
