/* Release branches and version tags: which ref stands for each branch,
 * the branch's geometry against main, its maintenance status, and for
 * each tag its commit, date, branch and whether main contains it. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void branch_free(gitsync_branch *b)
{
    free(b->name);
    free(b->ref);
    gitsync_list_free(&b->line);
}

static int cmp_name_local_first(const void *a, const void *b)
{
    const gitsync_branch *x = a, *y = b;
    int d = strcmp(x->name, y->name);
    return d ? d : (int)x->remote - (int)y->remote;
}

static int cmp_version(const void *a, const void *b)
{
    const gitsync_branch *x = a, *y = b;
    int d = rc_version_cmp(&x->version, &y->version);
    return d ? d : strcmp(x->name, y->name);
}

/* One row per branch name: the local branch, unless the remote-tracking
 * one is strictly ahead of it (then the local one is merely stale). */
static int dedup(gitsync_ctx *c)
{
    if (c->nbranches)
        qsort(c->branches, c->nbranches, sizeof *c->branches, cmp_name_local_first);
    size_t out = 0;
    for (size_t i = 0; i < c->nbranches; i++) {
        gitsync_branch *b = &c->branches[i];
        if (out > 0 && strcmp(c->branches[out - 1].name, b->name) == 0) {
            gitsync_branch *keep = &c->branches[out - 1]; /* the local one */
            bool remote_ahead = !git_oid_equal(&keep->head, &b->head) &&
                                git_graph_descendant_of(c->repo, &b->head, &keep->head) == 1;
            if (remote_ahead) {
                branch_free(keep);
                *keep = *b;
            } else {
                branch_free(b);
            }
            continue;
        }
        c->branches[out++] = *b;
    }
    c->nbranches = out;
    return 0;
}

static void set_status(gitsync_ctx *c)
{
    long keep = 3;
    rc_config_int(&keep, c->cfg, "relcap.maintainedMinors");
    const char *const *eol;
    size_t neol;
    rc_config_multi(&eol, &neol, c->cfg, "relcap.eol");
    /* branches are sorted by version: walk from the newest, counting minors */
    long minors = 0;
    unsigned long last_major = 0, last_minor = 0;
    for (size_t k = c->nbranches; k-- > 0;) {
        gitsync_branch *b = &c->branches[k];
        unsigned long major = b->version.release[0];
        unsigned long minor = b->version.nrelease > 1 ? b->version.release[1] : 0;
        if (minors == 0 || major != last_major || minor != last_minor) {
            minors++;
            last_major = major;
            last_minor = minor;
        }
        b->status = minors <= keep ? "maintained" : "unmaintained";
        for (size_t i = 0; i < neol; i++) {
            const char *e = eol[i];
            size_t rl = strlen(c->remote);
            /* "origin/releases/v1.0.0" names the same branch */
            if (strncmp(e, c->remote, rl) == 0 && e[rl] == '/')
                e += rl + 1;
            if (strcmp(e, b->name) == 0)
                b->status = "eol";
        }
    }
}

int gitsync_scan_branches(gitsync_ctx *c)
{
    int r = dedup(c);
    if (r)
        return r;
    if (c->nbranches)
        qsort(c->branches, c->nbranches, sizeof *c->branches, cmp_version);
    if ((r = gitsync_chain_start(c)))
        return r;
    for (size_t i = 0; i < c->nbranches && !r; i++) {
        gitsync_progress(c, "measuring %s (%zu/%zu)", c->branches[i].name, i + 1, c->nbranches);
        r = gitsync_branch_measure(c, &c->branches[i]);
    }
    if (!r)
        set_status(c);
    return r;
}

static int cmp_tag(const void *a, const void *b)
{
    const gitsync_tag *x = a, *y = b;
    int d = rc_version_cmp(&x->version, &y->version);
    return d ? d : strcmp(x->name, y->name);
}

static int peel_tag(gitsync_ctx *c, gitsync_tag *t, bool *ok)
{
    git_object *obj = NULL, *commit = NULL;
    *ok = false;
    if (git_object_lookup(&obj, c->repo, &t->target, GIT_OBJECT_ANY) != 0)
        return rc_error_from_git(RC_EGIT, t->name);
    int64_t tagger_time = 0;
    bool annotated = git_object_type(obj) == GIT_OBJECT_TAG;
    if (annotated) {
        const git_signature *s = git_tag_tagger((git_tag *)obj);
        annotated = s != NULL;
        tagger_time = s ? s->when.time : 0;
    }
    if (git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) == 0) {
        t->commit = *git_object_id(commit);
        *ok = true;
    }
    git_object_free(commit);
    git_object_free(obj);
    git_error_clear();
    if (!*ok)
        return 0; /* a tag of a tree or blob: not a release */
    int r = gitsync_commit_get(&t->node, c, &t->commit);
    if (!r)
        t->date = annotated ? tagger_time : c->commits[t->node].time;
    return r;
}

/* The branch of a tag: its own release line's branch when that holds it,
 * else a branch whose own commits hold it, else the earliest-cut branch
 * whose cut contains it (a tag on main before any cut has none). */
static int tag_branch(gitsync_ctx *c, gitsync_tag *t)
{
    int r = 0;
    for (size_t i = 0; i < c->nbranches; i++) {
        gitsync_branch *b = &c->branches[i];
        bool on = false;
        if (strcmp(b->release, t->release) != 0)
            continue;
        if ((r = gitsync_on_branch(&on, c, b, t->node)))
            return r;
        if (on) {
            t->branch = (int)i;
            return 0;
        }
    }
    for (size_t i = 0; i < c->nbranches; i++) {
        gitsync_branch *b = &c->branches[i];
        for (size_t k = 0; k < b->line.n; k++) {
            if (b->line.v[k] == t->node) {
                t->branch = (int)i;
                return 0;
            }
        }
    }
    long q = c->commits[t->node].chain, best = -1;
    for (size_t i = 0; q >= 0 && i < c->nbranches; i++) {
        const gitsync_branch *b = &c->branches[i];
        if (b->exact_line && b->cut_pos >= 0 && b->cut_pos <= q && b->cut_pos > best) {
            best = b->cut_pos;
            t->branch = (int)i;
        }
    }
    return 0;
}

int gitsync_scan_tags(gitsync_ctx *c)
{
    size_t out = 0, i = 0;
    int r = 0;
    for (; i < c->ntags && !r; i++) {
        bool ok;
        r = peel_tag(c, &c->tags[i], &ok);
        if (!r && ok)
            c->tags[out++] = c->tags[i];
        else
            free(c->tags[i].name);
    }
    if (r) {
        for (; i < c->ntags; i++)
            free(c->tags[i].name);
        c->ntags = out;
        return r;
    }
    c->ntags = out;
    if (c->ntags)
        qsort(c->tags, c->ntags, sizeof *c->tags, cmp_tag);
    gitsync_progress(c, "placing %zu tags", c->ntags);
    for (i = 0; i < c->ntags && !r; i++) {
        gitsync_tag *t = &c->tags[i];
        r = gitsync_on_main(&t->on_main, c, t->node);
        if (!r)
            r = tag_branch(c, t);
    }
    /* latest tag of each branch: the newest of its release reachable from its head */
    for (size_t k = 0; k < c->nbranches && !r; k++) {
        gitsync_branch *b = &c->branches[k];
        for (size_t j = c->ntags; j-- > 0;) {
            gitsync_tag *t = &c->tags[j];
            if (strcmp(t->release, b->release) != 0)
                continue;
            bool on = t->branch == (int)k;
            if (!on && (r = gitsync_on_branch(&on, c, b, t->node)))
                break;
            if (on) {
                b->latest_tag = (int)j;
                break;
            }
        }
    }
    return r;
}
