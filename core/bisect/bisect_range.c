/* Starting a bisect: the defaults (the regression's base, head, test and
 * model), the range of first-parent commits, and the row that records it. */
#include "core/bisect/bisect_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/bench/bench_diff.h"
#include "core/runs/nodes.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RANGE 20000 /* commits walked on the first-parent line */

typedef struct {
    char *from, *to, *test, *model, *hardware;
} bisect_defaults;

static void defaults_free(bisect_defaults *d)
{
    char **const strs[] = {&d->from, &d->to, &d->test, &d->model, &d->hardware};
    rc_strs_clear(strs, 5);
}

/* The one regression row of the metric between from and to, for the test
 * and model when given. */
static int regression_row(bisect_defaults *d, rc_db *db, git_repository *repo, const rc_config *cfg,
                          const char *metric)
{
    rc_bench_diff_opts o;
    int r = rc_bench_diff_opts_init(&o, cfg);
    if (r)
        return r;
    o.hardware = d->hardware;
    o.model = d->model;
    rc_bench_diff *diff;
    if ((r = rc_bench_diff_compute(&diff, db, repo, d->from, d->to, &o)))
        return r;
    const rc_bench_delta *hit = NULL;
    size_t nhits = 0;
    rc_buf names = {0};
    for (size_t i = 0; i < diff->n; i++) {
        const rc_bench_delta *row = &diff->rows[i];
        if (row->verdict != RC_BENCH_REGRESSION || strcmp(row->metric, metric) ||
            (d->test && strcmp(row->test, d->test)))
            continue;
        hit = row;
        rc_buf_printf(&names, "%s--test %s --model %s", nhits++ ? "; " : "", row->test, row->model);
    }
    if (nhits == 1) {
        if (!d->test)
            d->test = rc_xstrdup(hit->test);
        if (!d->model)
            d->model = rc_xstrdup(hit->model);
    } else if (nhits == 0) {
        r = rc_error_set(RC_ENOTFOUND,
                         "%s does not regress from %s to %s on %s: nothing to bisect by default; "
                         "give --test and --model (and --from/--to) to bisect anyway",
                         metric, d->from, d->to, d->hardware);
    } else {
        r = rc_error_set(RC_EUSAGE, "%s regresses in %zu rows from %s to %s; choose one: %s",
                         metric, nhits, d->from, d->to, names.ptr);
    }
    rc_buf_free(&names);
    rc_bench_diff_free(diff);
    return r;
}

static int resolve_defaults(bisect_defaults *d, rc_db *db, const rc_bisect_opts *o,
                            const rc_node *node)
{
    memset(d, 0, sizeof *d);
    d->hardware = rc_xstrdup(o->hardware ? o->hardware : rc_node_hardware(node));
    if (o->test)
        d->test = rc_xstrdup(o->test);
    if (o->model)
        d->model = rc_xstrdup(o->model);
    int r = 0;
    if (o->to)
        d->to = rc_xstrdup(o->to);
    else if ((r = rc_bench_default_head(&d->to, db, d->hardware)))
        return rc_error_wrap(r, "no --to and no RC tag with results on %s", d->hardware);
    if (o->from)
        d->from = rc_xstrdup(o->from);
    else if ((r = rc_bench_default_base(&d->from, db, d->to, d->hardware)))
        return rc_error_wrap(r, "no --from and no final release before %s with results", d->to);
    return 0;
}

static int peel(git_oid *out, git_repository *repo, const char *spec)
{
    git_object *obj = NULL, *c = NULL;
    char *ref = rc_xasprintf("refs/tags/%s", spec);
    int r = git_revparse_single(&obj, repo, ref);
    free(ref);
    if (r != 0)
        r = git_revparse_single(&obj, repo, spec);
    if (r == 0)
        r = git_object_peel(&c, obj, GIT_OBJECT_COMMIT);
    git_object_free(obj);
    if (r != 0) {
        char *v = rc_sanitize(spec, false);
        r = rc_error_set(RC_ENOTFOUND, "'%s' names no commit in the repository", v);
        free(v);
        return r;
    }
    git_oid_cpy(out, git_object_id(c));
    git_object_free(c);
    return 0;
}

static char *short_hex(const git_oid *id)
{
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, id);
    return rc_xstrndup(hex, 12);
}

/* The first-parent line of to down to from (or, when from is not an
 * ancestor, to the first commit of that line that is one of from's
 * ancestors): oldest first, the good end at [0]. */
static int walk_line(cJSON *out, size_t *n, bool *merge_base, git_repository *repo,
                     const git_oid *from, const git_oid *to)
{
    git_oid cur = *to;
    char **stack = NULL;
    size_t cnt = 0;
    int r = 0;
    *merge_base = false;
    for (;;) {
        char hex[GIT_OID_HEXSZ + 1];
        git_oid_tostr(hex, sizeof hex, &cur);
        stack = rc_xrealloc(stack, (cnt + 1) * sizeof *stack);
        stack[cnt++] = rc_xstrdup(hex);
        if (git_oid_equal(&cur, from))
            break;
        if (cnt > 1 && git_graph_descendant_of(repo, from, &cur) == 1) {
            *merge_base = true; /* an ancestor of from: where from's line left */
            break;
        }
        git_commit *c = NULL;
        if (cnt >= MAX_RANGE || git_commit_lookup(&c, repo, &cur) != 0 ||
            git_commit_parentcount(c) == 0) {
            git_commit_free(c);
            r = rc_error_set(RC_EINVALID,
                             cnt >= MAX_RANGE ? "the range is over %d commits"
                                              : "the line ends before the good end",
                             MAX_RANGE);
            break;
        }
        cur = *git_commit_parent_id(c, 0);
        git_commit_free(c);
    }
    for (size_t i = cnt; i-- > 0;) {
        if (!r)
            cJSON_AddItemToArray(out, cJSON_CreateString(stack[i]));
        free(stack[i]);
    }
    free(stack);
    *n = cnt;
    return r;
}

/* The range and its note. A base that is not an ancestor of the head is
 * refused when the user named it; a defaulted one (the previous release's
 * final, on its own branch) gives way to the merge point. */
static int build_range(char **json, char **note, git_repository *repo, const char *from_name,
                       const char *to_name, bool from_given)
{
    git_oid from, to;
    int r = peel(&from, repo, from_name);
    if (!r)
        r = peel(&to, repo, to_name);
    if (r)
        return r;
    *note = NULL;
    if (git_oid_equal(&from, &to))
        return rc_error_set(RC_EINVALID, "%s and %s are the same commit: nothing to bisect",
                            from_name, to_name);
    if (git_graph_descendant_of(repo, &from, &to) == 1)
        return rc_error_set(RC_EINVALID,
                            "%s is newer than %s (it descends from it): swap --from and --to",
                            from_name, to_name);
    bool ancestor = git_graph_descendant_of(repo, &to, &from) == 1;
    git_oid base;
    if (!ancestor) {
        if (git_merge_base(&base, repo, &from, &to) != 0)
            return rc_error_set(RC_EINVALID, "%s and %s share no history: nothing to bisect",
                                from_name, to_name);
        char *mb = short_hex(&base);
        if (from_given) {
            r = rc_error_set(RC_EINVALID,
                             "%s is not an ancestor of %s (they are on different lines): a "
                             "bisect walks %s's first-parent history; start it from their merge "
                             "base (--from %s) or from an earlier tag of %s's line",
                             from_name, to_name, to_name, mb, to_name);
            free(mb);
            return r;
        }
        free(mb);
    }
    cJSON *a = cJSON_CreateArray();
    size_t n = 0;
    bool at_merge = false;
    r = walk_line(a, &n, &at_merge, repo, &from, &to);
    if (!r && n < 2)
        r = rc_error_set(RC_EINVALID, "no commits between %s and %s", from_name, to_name);
    if (!r) {
        char *p = cJSON_PrintUnformatted(a);
        *json = rc_xstrdup(p);
        free(p);
        if (at_merge || !ancestor) {
            const char *good = cJSON_GetStringValue(cJSON_GetArrayItem(a, 0));
            *note = rc_xasprintf("%s is not an ancestor of %s: the good end is %.12s, where %s's "
                                 "first-parent line meets %s's history",
                                 from_name, to_name, good, to_name, from_name);
        }
    }
    cJSON_Delete(a);
    return r;
}

static int insert_bisect(int64_t *id, rc_db *db, const rc_bisect_opts *o, const bisect_defaults *d,
                         const char *commits, const char *note)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "INSERT INTO bisects (metric, hardware, model, test, node, from_name,"
                          " to_name, commits, runs_per_step, start_timeout, state, note,"
                          " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,'running',?,?,?)");
    if (r)
        return r;
    const char *text[] = {o->metric, d->hardware, d->model, d->test,
                          o->node,   d->from,     d->to,    commits};
    for (int i = 0; i < 8; i++)
        rc_sql_bind_text(st, i + 1, text[i]);
    sqlite3_bind_int(st, 9, o->runs > 0 ? o->runs : 3);
    sqlite3_bind_int(st, 10, o->start_timeout_s > 0 ? o->start_timeout_s : 1800);
    rc_sql_bind_text(st, 11, note);
    int64_t now = (int64_t)time(NULL);
    sqlite3_bind_int64(st, 12, now);
    sqlite3_bind_int64(st, 13, now);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return rc_db_error(db, "recording bisect");
    *id = sqlite3_last_insert_rowid(rc_db_handle(db));
    return 0;
}

int rc_bisect_start(int64_t *out_id, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const rc_bisect_opts *o)
{
    if (!o->metric || !*o->metric || !o->node || !*o->node)
        return rc_error_set(RC_EUSAGE, "a bisect needs a METRIC and --node");
    if (!repo)
        return rc_error_set(RC_EUSAGE, "a bisect needs the git repository");
    rc_node node;
    int r = rc_node_lookup(&node, cfg, o->node);
    if (r)
        return r;
    bisect_defaults d;
    r = resolve_defaults(&d, db, o, &node);
    char *commits = NULL, *note = NULL;
    if (!r)
        r = build_range(&commits, &note, repo, d.from, d.to, o->from != NULL);
    if (!r && (!d.test || !d.model))
        r = regression_row(&d, db, repo, cfg, o->metric);
    if (!r)
        r = insert_bisect(out_id, db, o, &d, commits, note);
    free(commits);
    free(note);
    defaults_free(&d);
    return r;
}
