/* What a bisect says: --status text, the Runs pane's line, and the first
 * bad commit described (subject, PR, and the original on main of a pick). */
#include "core/bisect/bisect_internal.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/git/gitsync.h"
#include "core/picks/picks.h"
#include "core/picks/refs.h"

#include <stdlib.h>
#include <string.h>

static void commit_line(rc_buf *out, git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c = NULL;
    if (repo && git_oid_fromstr(&id, sha) == 0 && git_commit_lookup(&c, repo, &id) == 0) {
        char *s = rc_sanitize(git_commit_summary(c) ? git_commit_summary(c) : "", false);
        rc_buf_printf(out, "%.12s %s", sha, s);
        free(s);
        git_commit_free(c);
        return;
    }
    rc_buf_printf(out, "%.12s", sha);
}

/* The pick's original: the -x trailer or the PR it names, else the picks
 * table of the release branch the bad end's tag is on. */
static void find_original(bisect_origin *out, rc_db *db, const rc_bisect *b, const rc_refs *refs)
{
    if (refs->n_picked_from) {
        out->original = rc_xstrdup(refs->picked_from[0]);
        return;
    }
    if (refs->n_from_prs) {
        out->original_pr = refs->from_prs[0];
        return;
    }
    rc_tag_row tag;
    if (rc_gitsync_tag_get(&tag, db, b->to_name) != 0 || !tag.branch) {
        rc_error_clear();
        rc_tag_row_free(&tag);
        return;
    }
    rc_pick_row *rows = NULL;
    size_t n = 0;
    if (rc_picks_list(&rows, &n, db, tag.branch, NULL) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (!rows[i].picked_as || strcmp(rows[i].picked_as, b->first_bad) != 0)
                continue;
            out->original = rc_xstrdup(rows[i].sha);
            out->original_pr = rows[i].pr;
            break;
        }
        rc_picks_list_free(rows, n);
    }
    rc_error_clear();
    rc_tag_row_free(&tag);
}

void bisect_origin_find(bisect_origin *out, rc_db *db, git_repository *repo, const rc_config *cfg,
                        const rc_bisect *b)
{
    memset(out, 0, sizeof *out);
    git_oid id;
    git_commit *c = NULL;
    if (!b->first_bad || !repo || git_oid_fromstr(&id, b->first_bad) != 0 ||
        git_commit_lookup(&c, repo, &id) != 0)
        return;
    const char *pat = NULL;
    if (cfg)
        rc_config_string(&pat, cfg, "relcap.prPattern");
    rc_refs refs;
    if (rc_refs_parse(&refs, git_commit_summary(c), git_commit_body(c), pat) == 0) {
        out->pr = refs.pr;
        find_original(out, db, b, &refs);
        rc_refs_free(&refs);
    }
    git_commit_free(c);
}

void bisect_origin_clear(bisect_origin *o)
{
    free(o->original);
    memset(o, 0, sizeof *o);
}

static void describe_first_bad(rc_buf *out, rc_db *db, git_repository *repo, const rc_config *cfg,
                               const rc_bisect *b)
{
    rc_buf_puts(out, "first bad commit: ");
    commit_line(out, repo, b->first_bad);
    bisect_origin o;
    bisect_origin_find(&o, db, repo, cfg, b);
    if (o.pr)
        rc_buf_printf(out, "\n  PR #%ld", o.pr);
    if (o.original) {
        rc_buf_puts(out, "\n  a pick of ");
        commit_line(out, repo, o.original);
        if (o.original_pr)
            rc_buf_printf(out, " (PR #%ld)", o.original_pr);
        rc_buf_puts(out, " on main");
    } else if (o.original_pr) {
        rc_buf_printf(out, "\n  a pick of PR #%ld on main", o.original_pr);
    }
    bisect_origin_clear(&o);
}

static void describe_points(rc_buf *out, rc_db *db, git_repository *repo, const rc_bisect *b)
{
    bisect_tested t;
    bisect_tested_load(&t, db, b->id);
    for (size_t k = 0; k < b->ncommits; k++) {
        bisect_point *pt = bisect_point_find(t.p, t.np, b->commits[k]);
        size_t total = 0, live = 0;
        for (size_t i = 0; i < t.nr; i++)
            if (t.runs[i].counted && !strcmp(t.runs[i].sha, b->commits[k])) {
                total++;
                live += !rc_run_state_final(t.runs[i].run.state);
            }
        if (!pt && !total)
            continue;
        const char *mark = pt && pt->mark ? rc_bisect_mark_name(pt->mark) : "testing";
        rc_buf_printf(out, "  %-7s [%zu/%zu] ", mark, k, b->ncommits - 1);
        commit_line(out, repo, b->commits[k]);
        rc_buf_printf(out, "\n          %zu run%s%s", total, total == 1 ? "" : "s",
                      live ? " (in flight)" : "");
        if (pt && pt->detail) {
            char *d = rc_sanitize(pt->detail, false);
            rc_buf_printf(out, ": %s", d);
            free(d);
        }
        rc_buf_puts(out, "\n");
    }
    bisect_tested_free(&t);
}

int rc_bisect_report(char **out, rc_db *db, git_repository *repo, const rc_config *cfg, int64_t id)
{
    rc_bisect b;
    int r = rc_bisect_get(&b, db, id);
    if (r)
        return r;
    rc_buf o = {0};
    rc_buf_printf(&o, "bisect %lld: %s of %s %s on %s, node %s\n", (long long)b.id, b.metric,
                  b.model, b.test, b.hardware, b.node);
    rc_buf_printf(&o, "range: %s (good) .. %s (bad), %zu first-parent commits\n", b.from_name,
                  b.to_name, b.ncommits - 1);
    if (b.note)
        rc_buf_printf(&o, "note: %s\n", b.note);
    describe_points(&o, db, repo, &b);
    rc_buf_printf(&o, "state: %s", rc_bisect_state_name(b.state));
    if (b.message) {
        char *m = rc_sanitize(b.message, false);
        rc_buf_printf(&o, ": %s", m);
        free(m);
    }
    rc_buf_puts(&o, "\n");
    if (b.state == RC_BISECT_DONE && b.first_bad) {
        describe_first_bad(&o, db, repo, cfg, &b);
        rc_buf_puts(&o, "\n");
    }
    *out = rc_buf_detach(&o);
    rc_bisect_clear(&b);
    return 0;
}

long bisect_left(const rc_bisect *b, const bisect_point *p, size_t np)
{
    long lo = 0, hi = (long)b->ncommits - 1;
    for (size_t i = 0; i < np; i++) {
        long k = bisect_index(b, p[i].sha);
        if (p[i].mark == RC_MARK_BAD && k > 0 && k < hi)
            hi = k;
    }
    for (size_t i = 0; i < np; i++) {
        long k = bisect_index(b, p[i].sha);
        if (p[i].mark == RC_MARK_GOOD && k > lo && k < hi)
            lo = k;
    }
    return hi - lo - 1;
}

int rc_bisect_progress_line(char **out, rc_db *db)
{
    *out = NULL;
    rc_bisect b;
    if (rc_bisect_get(&b, db, 0) != 0) {
        rc_error_clear();
        return 0;
    }
    bisect_point *p = NULL;
    size_t np = 0;
    bisect_points_load(&p, &np, db, b.id);
    long left = bisect_left(&b, p, np);
    bisect_points_free(p, np);
    if (b.state == RC_BISECT_DONE)
        *out = rc_xasprintf("bisect %lld %s: first bad %.12s", (long long)b.id, b.metric,
                            b.first_bad ? b.first_bad : "?");
    else
        *out = rc_xasprintf("bisect %lld %s: %s, %ld commits left", (long long)b.id, b.metric,
                            rc_bisect_state_name(b.state), left);
    rc_bisect_clear(&b);
    return 0;
}
