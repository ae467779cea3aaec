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

static void chain_push(gs_ctx *c, uint32_t n)
{
    size_t pos = c->chain.n;
    gs_list_push(&c->chain, n);
    c->nodes[n].chain = (int32_t)pos;
    if (c->nodes[n].nparents >= 2 && c->first_merge == SIZE_MAX)
        c->first_merge = pos;
    if (c->nodes[n].nparents == 0)
        c->chain_end = true;
}

int gs_chain_start(gs_ctx *c)
{
    uint32_t tip;
    int r = gs_node_get(&tip, c, &c->main_head);
    if (r)
        return r;
    c->chain.n = 0;
    c->chain_end = false;
    c->first_merge = SIZE_MAX;
    chain_push(c, tip);
    return 0;
}

int gs_chain_extend(gs_ctx *c)
{
    if (c->chain_end)
        return 0;
    uint32_t bottom = c->chain.v[c->chain.n - 1];
    git_oid parent = c->nodes[bottom].parent;
    uint32_t p;
    int r = gs_node_get(&p, c, &parent);
    if (r)
        return r;
    if (c->nodes[p].chain >= 0) { /* cannot happen in a DAG; never loop */
        c->chain_end = true;
        return 0;
    }
    chain_push(c, p);
    return 1;
}

int gs_meet(long *pos, gs_list *steps, bool *linear, gs_ctx *c, uint32_t head, bool stop_nonlinear)
{
    uint32_t mark = ++c->walk_id, b = head;
    bool b_done = false;
    *pos = -1;
    *linear = true;
    steps->n = 0;
    for (;;) {
        if (!b_done && c->nodes[b].chain >= 0) {
            *pos = c->nodes[b].chain;
            return 0;
        }
        uint32_t bottom = c->chain.v[c->chain.n - 1];
        if (!c->chain_end && (b_done || c->nodes[bottom].time >= c->nodes[b].time)) {
            int r = gs_chain_extend(c);
            if (r < 0)
                return r;
            uint32_t m = c->chain.v[c->chain.n - 1];
            if (r == 1 && c->nodes[m].mark == mark) {
                /* main reached a commit this line already passed */
                steps->n = c->nodes[m].step;
                *linear = true;
                for (size_t i = 0; i < steps->n; i++)
                    *linear &= c->nodes[steps->v[i]].nparents == 1;
                *pos = c->nodes[m].chain;
                return 0;
            }
            continue;
        }
        if (b_done)
            return 0; /* no common history */
        c->nodes[b].mark = mark;
        c->nodes[b].step = (uint32_t)steps->n;
        gs_list_push(steps, b);
        if (c->nodes[b].nparents != 1) {
            *linear = false;
            if (stop_nonlinear)
                return 0;
        }
        if (c->nodes[b].nparents == 0) {
            b_done = true;
            continue;
        }
        git_oid parent = c->nodes[b].parent;
        int r = gs_node_get(&b, c, &parent);
        if (r)
            return r;
    }
}

static int measure_generic(gs_ctx *c, gs_branch *b)
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
        r = gs_node_get(&n, c, &id);
        if (!r)
            gs_list_push(&b->line, n);
    }
    git_revwalk_free(w);
    if (!r && b->has_cut) {
        uint32_t n;
        r = gs_node_get(&n, c, &b->cut);
        if (!r) {
            b->cut_time = c->nodes[n].time;
            b->cut_pos = c->nodes[n].chain;
        }
    }
    b->exact_line = false;
    return r;
}

int gs_branch_measure(gs_ctx *c, gs_branch *b)
{
    int r = gs_node_get(&b->head_node, c, &b->head);
    if (r)
        return r;
    long pos;
    bool linear;
    r = gs_meet(&pos, &b->line, &linear, c, b->head_node, true);
    if (r)
        return r;
    if (pos >= 0 && linear && (c->first_merge == SIZE_MAX || (size_t)pos <= c->first_merge)) {
        uint32_t cut = c->chain.v[pos];
        b->has_cut = true;
        b->cut = c->nodes[cut].id;
        b->cut_time = c->nodes[cut].time;
        b->cut_pos = pos;
        b->ahead = b->line.n;
        b->behind = (size_t)pos;
        b->exact_line = true;
        for (size_t i = 0; i < b->line.n; i++)
            c->nodes[b->line.v[i]].branch_only = true;
        return 0;
    }
    return measure_generic(c, b);
}

int gs_on_main(bool *out, gs_ctx *c, uint32_t n)
{
    *out = !c->nodes[n].branch_only;
    if (!*out)
        return 0;
    while (c->nodes[n].chain < 0 && !c->chain_end && c->first_merge == SIZE_MAX) {
        int r = gs_chain_extend(c);
        if (r < 0)
            return r;
    }
    if (c->nodes[n].chain >= 0)
        return 0;
    if (c->first_merge == SIZE_MAX) { /* main is linear down to its root */
        *out = false;
        return 0;
    }
    git_oid id = c->nodes[n].id;
    int d = git_graph_descendant_of(c->repo, &c->main_head, &id);
    if (d < 0)
        return rc_error_from_git(RC_EGIT, "main contains");
    *out = d == 1;
    return 0;
}

static bool in_line(const gs_branch *b, uint32_t n)
{
    for (size_t i = 0; i < b->line.n; i++)
        if (b->line.v[i] == n)
            return true;
    return false;
}

int gs_on_branch(bool *out, gs_ctx *c, const gs_branch *b, uint32_t n)
{
    *out = true;
    if (n == b->head_node || in_line(b, n))
        return 0;
    git_oid id = c->nodes[n].id;
    if (b->exact_line) {
        /* the branch holds its line and everything reachable from the cut */
        bool om;
        int r = gs_on_main(&om, c, n);
        if (r)
            return r;
        if (!om) {
            *out = false;
            return 0;
        }
        if (c->nodes[n].chain >= 0 && b->cut_pos >= 0) {
            *out = c->nodes[n].chain >= b->cut_pos;
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
