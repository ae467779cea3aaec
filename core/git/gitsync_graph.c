/* Graph questions of the git sync, answered mostly without libgit2's
 * general walks: release histories are nearly always linear (squash-merged
 * PRs on main, cherry-picks on branches), so main's first-parent chain is
 * materialized once, tip first, and each branch's first-parent line is
 * walked down in commit-date step with it until the two meet. While every
 * commit passed is a single-parent commit, the meeting commit is exactly
 * the merge base, the line is exactly `git rev-list main..branch` and the
 * chain position is exactly `git rev-list --count branch..main`. Anything
 * else (a merge on either side) falls back to git_merge_base and
 * git_graph_ahead_behind, which are exact but read everything again. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void chain_push(gitsync_ctx *c, uint32_t n)
{
    size_t pos = c->chain.n;
    gitsync_list_push(&c->chain, n);
    c->commits[n].chain = (int32_t)pos;
    if (c->commits[n].nparents >= 2 && c->first_merge == SIZE_MAX)
        c->first_merge = pos;
    if (c->commits[n].nparents == 0)
        c->chain_end = true;
}

int gitsync_chain_start(gitsync_ctx *c)
{
    uint32_t tip;
    int r = gitsync_commit_get(&tip, c, &c->main_head);
    if (r)
        return r;
    c->chain.n = 0;
    c->chain_end = false;
    c->first_merge = SIZE_MAX;
    chain_push(c, tip);
    return 0;
}

int gitsync_chain_extend(gitsync_ctx *c)
{
    if (c->chain_end)
        return 0;
    uint32_t bottom = c->chain.v[c->chain.n - 1];
    git_oid parent = c->commits[bottom].parent;
    uint32_t p;
    int r = gitsync_commit_get(&p, c, &parent);
    if (r)
        return r;
    if (c->commits[p].chain >= 0) { /* cannot happen in a DAG; never loop */
        c->chain_end = true;
        return 0;
    }
    chain_push(c, p);
    return 1;
}

int gitsync_meet(long *pos, gitsync_list *steps, bool *linear, gitsync_ctx *c, uint32_t head,
                 bool stop_nonlinear)
{
    uint32_t mark = ++c->walk_id, b = head;
    bool b_done = false;
    *pos = -1;
    *linear = true;
    steps->n = 0;
    for (;;) {
        if (!b_done && c->commits[b].chain >= 0) {
            *pos = c->commits[b].chain;
            return 0;
        }
        uint32_t bottom = c->chain.v[c->chain.n - 1];
        if (!c->chain_end && (b_done || c->commits[bottom].time >= c->commits[b].time)) {
            int r = gitsync_chain_extend(c);
            if (r < 0)
                return r;
            uint32_t m = c->chain.v[c->chain.n - 1];
            if (r == 1 && c->commits[m].mark == mark) {
                /* main reached a commit this line already passed */
                steps->n = c->commits[m].step;
                *linear = true;
                for (size_t i = 0; i < steps->n; i++)
                    *linear &= c->commits[steps->v[i]].nparents == 1;
                *pos = c->commits[m].chain;
                return 0;
            }
            continue;
        }
        if (b_done)
            return 0; /* no common history */
        c->commits[b].mark = mark;
        c->commits[b].step = (uint32_t)steps->n;
        gitsync_list_push(steps, b);
        if (c->commits[b].nparents != 1) {
            *linear = false;
            if (stop_nonlinear)
                return 0;
        }
        if (c->commits[b].nparents == 0) {
            b_done = true;
            continue;
        }
        git_oid parent = c->commits[b].parent;
        int r = gitsync_commit_get(&b, c, &parent);
        if (r)
            return r;
    }
}

static int measure_generic(gitsync_ctx *c, gitsync_branch *b)
{
    int e = git_merge_base(&b->cut, c->repo, &b->head, &c->main_head);
    if (e && e != GIT_ENOTFOUND)
        return rc_error_from_git(RC_EGIT, b->name);
    b->has_cut = e == 0;
    if (git_graph_ahead_behind(&b->ahead, &b->behind, c->repo, &b->head, &c->main_head) != 0)
        return rc_error_from_git(RC_EGIT, b->name);
    git_revwalk *w;
    if (git_revwalk_new(&w, c->repo) != 0)
        return rc_error_from_git(RC_EGIT, "revwalk");
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL);
    git_revwalk_simplify_first_parent(w);
    int r = 0;
    if (git_revwalk_push(w, &b->head) != 0 || (b->has_cut && git_revwalk_hide(w, &b->cut) != 0))
        r = rc_error_from_git(RC_EGIT, b->name);
    git_oid id;
    b->line.n = 0;
    while (!r && git_revwalk_next(&id, w) == 0) {
        uint32_t n;
        r = gitsync_commit_get(&n, c, &id);
        if (!r)
            gitsync_list_push(&b->line, n);
    }
    git_revwalk_free(w);
    if (!r && b->has_cut) {
        uint32_t n;
        r = gitsync_commit_get(&n, c, &b->cut);
        if (!r) {
            b->cut_time = c->commits[n].time;
            b->cut_pos = c->commits[n].chain;
        }
    }
    b->exact_line = false;
    return r;
}

int gitsync_branch_measure(gitsync_ctx *c, gitsync_branch *b)
{
    int r = gitsync_commit_get(&b->head_node, c, &b->head);
    if (r)
        return r;
    long pos;
    bool linear;
    r = gitsync_meet(&pos, &b->line, &linear, c, b->head_node, true);
    if (r)
        return r;
    if (pos >= 0 && linear && (c->first_merge == SIZE_MAX || (size_t)pos <= c->first_merge)) {
        uint32_t cut = c->chain.v[pos];
        b->has_cut = true;
        b->cut = c->commits[cut].id;
        b->cut_time = c->commits[cut].time;
        b->cut_pos = pos;
        b->ahead = b->line.n;
        b->behind = (size_t)pos;
        b->exact_line = true;
        for (size_t i = 0; i < b->line.n; i++)
            c->commits[b->line.v[i]].branch_only = true;
        return 0;
    }
    return measure_generic(c, b);
}

int gitsync_on_main(bool *out, gitsync_ctx *c, uint32_t n)
{
    *out = !c->commits[n].branch_only;
    if (!*out)
        return 0;
    while (c->commits[n].chain < 0 && !c->chain_end && c->first_merge == SIZE_MAX) {
        int r = gitsync_chain_extend(c);
        if (r < 0)
            return r;
    }
    if (c->commits[n].chain >= 0)
        return 0;
    if (c->first_merge == SIZE_MAX) { /* main is linear down to its root */
        *out = false;
        return 0;
    }
    git_oid id = c->commits[n].id;
    int d = git_graph_descendant_of(c->repo, &c->main_head, &id);
    if (d < 0)
        return rc_error_from_git(RC_EGIT, "main contains");
    *out = d == 1;
    return 0;
}

static bool in_line(const gitsync_branch *b, uint32_t n)
{
    for (size_t i = 0; i < b->line.n; i++)
        if (b->line.v[i] == n)
            return true;
    return false;
}

int gitsync_on_branch(bool *out, gitsync_ctx *c, const gitsync_branch *b, uint32_t n)
{
    *out = true;
    if (n == b->head_node || in_line(b, n))
        return 0;
    git_oid id = c->commits[n].id;
    if (b->exact_line) {
        /* the branch holds its line and everything reachable from the cut */
        bool om;
        int r = gitsync_on_main(&om, c, n);
        if (r)
            return r;
        if (!om) {
            *out = false;
            return 0;
        }
        if (c->commits[n].chain >= 0 && b->cut_pos >= 0) {
            *out = c->commits[n].chain >= b->cut_pos;
            return 0;
        }
        int d = git_graph_descendant_of(c->repo, &b->cut, &id);
        if (d < 0)
            return rc_error_from_git(RC_EGIT, b->name);
        *out = d == 1 || git_oid_equal(&b->cut, &id);
        return 0;
    }
    int d = git_graph_descendant_of(c->repo, &b->head, &id);
    if (d < 0)
        return rc_error_from_git(RC_EGIT, b->name);
    *out = d == 1;
    return 0;
}
