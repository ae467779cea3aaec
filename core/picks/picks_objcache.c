/* The bounded object cache of conflict trials and prerequisite searches:
 * trees, blobs and commits' changes, read once for many trials.
 *
 * libgit2's own cache is off during a sync (it would grow with the
 * history); this one is direct-mapped and bounded in bytes, so a branch's
 * candidates share their trees (C's tree is the next one's P) and a
 * prerequisite search, which tries the same pool commits again and again,
 * inflates each blob and diffs each commit once. */
#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>

#define TREE_SLOTS 16384
#define BLOB_SLOTS 16384
#define COMMIT_SLOTS 32768
#define BLOB_MAX_ONE (1u << 20) /* larger blobs are read each time */

typedef struct {
    git_oid id;
    git_object *obj; /* NULL: empty slot */
    size_t size;
} slot;

/* A commit's changes against its first parent (whole: not a one-parent
 * commit, or a file turned into a folder). */
typedef struct {
    git_oid id;
    bool whole;
    pk_changes cs;
    size_t size;
} commit_slot;

struct pk_objcache {
    git_repository *repo;
    slot trees[TREE_SLOTS];
    slot blobs[BLOB_SLOTS];
    commit_slot *commits[COMMIT_SLOTS]; /* NULL: empty; pointers keep the array small */
    size_t commit_bytes;                /* at most max_bytes / 4, apart from trees and blobs */
    size_t bytes, max_bytes;            /* trees (estimated) and blob contents held */
    size_t evict;                       /* next slot to empty when over the bound */
    git_odb_backend *mem;               /* in-memory writes, or NULL */
};

int pk_objcache_new(pk_objcache **out, git_repository *repo, size_t max_bytes, bool in_memory)
{
    pk_objcache *c = rc_xcalloc(1, sizeof *c);
    c->repo = repo;
    c->max_bytes = max_bytes ? max_bytes : PK_OBJCACHE_BYTES;
    if (in_memory) {
        git_odb *odb = NULL;
        /* the highest priority: every write of this handle lands here */
        if (git_mempack_new(&c->mem) != 0 || git_repository_odb(&odb, repo) != 0 ||
            git_odb_add_backend(odb, c->mem, 1000) != 0) {
            int rc = rc_error_from_git(RC_EGIT, "in-memory object database");
            git_odb_free(odb);
            if (c->mem)
                c->mem->free(c->mem);
            free(c);
            return rc;
        }
        git_odb_free(odb); /* the repository's odb now owns the backend */
    }
    *out = c;
    return 0;
}

static void slot_drop(slot *s)
{
    git_object_free(s->obj);
    s->obj = NULL;
    s->size = 0;
}

void pk_objcache_free(pk_objcache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < TREE_SLOTS; i++)
        slot_drop(&c->trees[i]);
    for (size_t i = 0; i < BLOB_SLOTS; i++)
        slot_drop(&c->blobs[i]);
    for (size_t i = 0; i < COMMIT_SLOTS; i++)
        if (c->commits[i]) {
            pk_changes_free(&c->commits[i]->cs);
            free(c->commits[i]);
        }
    free(c);
}

git_repository *pk_objcache_repo(pk_objcache *c)
{
    return c->repo;
}

void pk_objcache_reset_writes(pk_objcache *c)
{
    if (c && c->mem)
        git_mempack_reset(c->mem);
}

static size_t slot_of(const git_oid *id, size_t n)
{
    uint32_t h;
    memcpy(&h, id->id, sizeof h);
    return h % n;
}

/* Puts obj (size bytes) in slot s, emptying other slots in turn while
 * the cache would hold more than its bound. */
static void slot_fill(pk_objcache *c, slot *s, const git_oid *id, git_object *obj, size_t size)
{
    c->bytes -= s->size;
    slot_drop(s);
    for (size_t k = 0; c->bytes + size > c->max_bytes && k < TREE_SLOTS + BLOB_SLOTS; k++) {
        size_t i = c->evict++ % (TREE_SLOTS + BLOB_SLOTS);
        slot *v = i < TREE_SLOTS ? &c->trees[i] : &c->blobs[i - TREE_SLOTS];
        c->bytes -= v->size;
        slot_drop(v);
    }
    s->id = *id;
    s->obj = obj;
    s->size = size;
    c->bytes += size;
}

int pk_objcache_tree(git_tree **out, pk_objcache *c, const git_oid *id)
{
    slot *s = &c->trees[slot_of(id, TREE_SLOTS)];
    if (!s->obj || !git_oid_equal(&s->id, id)) {
        git_tree *t;
        if (git_tree_lookup(&t, c->repo, id) != 0)
            return rc_error_from_git(RC_EGIT, "conflict check: tree");
        /* libgit2 keeps the raw object and an entry array: about 100
         * bytes an entry */
        slot_fill(c, s, id, (git_object *)t, 128 + 100 * git_tree_entrycount(t));
    }
    return git_object_dup((git_object **)out, s->obj);
}

int pk_objcache_blob(git_blob **out, pk_objcache *c, const git_oid *id)
{
    slot *s = &c->blobs[slot_of(id, BLOB_SLOTS)];
    if (s->obj && git_oid_equal(&s->id, id))
        return git_object_dup((git_object **)out, s->obj);
    if (git_blob_lookup(out, c->repo, id) != 0)
        return rc_error_from_git(RC_EGIT, "conflict check: blob");
    size_t size = (size_t)git_blob_rawsize(*out);
    if (size > BLOB_MAX_ONE || size > c->max_bytes / 4)
        return 0;
    git_object *keep;
    if (git_object_dup(&keep, (git_object *)*out) != 0)
        return 0;
    slot_fill(c, s, id, keep, size + 64);
    return 0;
}

void pk_changes_free(pk_changes *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        free(cs->v[i].path);
    free(cs->v);
    memset(cs, 0, sizeof *cs);
}

static void add_change(pk_changes *cs, const char *path, const git_tree_entry *b,
                       const git_tree_entry *t)
{
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 16;
        cs->v = rc_xrealloc(cs->v, cs->cap * sizeof *cs->v);
    }
    pk_change *ch = &cs->v[cs->n++];
    memset(ch, 0, sizeof *ch);
    ch->path = rc_xstrdup(path);
    if (b) {
        ch->base = *git_tree_entry_id(b);
        ch->bmode = (uint32_t)git_tree_entry_filemode(b);
    }
    if (t) {
        ch->theirs = *git_tree_entry_id(t);
        ch->tmode = (uint32_t)git_tree_entry_filemode(t);
    }
    cs->deletes = cs->deletes || !t;
    cs->adds = cs->adds || !b;
}

static bool entry_same(const git_tree_entry *a, const git_tree_entry *b)
{
    return git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b)) &&
           git_tree_entry_filemode(a) == git_tree_entry_filemode(b);
}

/* Appends the leaf paths that differ between trees a and b (either may be
 * NULL) to cs, reading only the subtrees whose ids differ; path is the
 * folder a and b are at. */
static int diff_trees(pk_changes *cs, pk_objcache *c, git_tree *a, git_tree *b, rc_buf *path,
                      int depth)
{
    size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
    size_t plen = path->len;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nb + na; i++) {
        const git_tree_entry *eb = NULL, *ea = NULL;
        if (i < nb) {
            eb = git_tree_entry_byindex(b, i);
            ea = a ? git_tree_entry_byname(a, git_tree_entry_name(eb)) : NULL;
            if (ea && entry_same(ea, eb))
                continue;
        } else {
            ea = git_tree_entry_byindex(a, i - nb);
            if (b && git_tree_entry_byname(b, git_tree_entry_name(ea)))
                continue;
        }
        path->len = plen;
        if (plen)
            rc_buf_puts(path, "/");
        rc_buf_puts(path, git_tree_entry_name(eb ? eb : ea));
        bool ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
        bool tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
        if ((ea && eb && ta != tb) || depth > 64) {
            cs->fallback = true; /* a file became a folder or back */
            continue;
        }
        if (!ta && !tb) {
            add_change(cs, path->ptr, ea, eb);
            continue;
        }
        git_tree *sa = NULL, *sb = NULL;
        if ((!ea || (rc = pk_objcache_tree(&sa, c, git_tree_entry_id(ea))) == 0) &&
            (!eb || (rc = pk_objcache_tree(&sb, c, git_tree_entry_id(eb))) == 0))
            rc = diff_trees(cs, c, sa, sb, path, depth + 1);
        git_tree_free(sa);
        git_tree_free(sb);
    }
    path->len = plen;
    if (path->ptr)
        path->ptr[plen] = '\0';
    return rc;
}

int pk_changed_paths(char ***out, size_t *n, pk_objcache *c, const git_oid *a_tree,
                     const git_oid *b_tree)
{
    git_tree *a = NULL, *b = NULL;
    pk_changes cs = {0};
    rc_buf path = {0};
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = pk_objcache_tree(&a, c, a_tree)) == 0 && (rc = pk_objcache_tree(&b, c, b_tree)) == 0)
        rc = diff_trees(&cs, c, a, b, &path, 0);
    if (rc == 0 && cs.fallback)
        rc = RC_ENOTFOUND; /* a file turned into a folder: no exact path list */
    if (rc == 0) {
        *out = rc_xcalloc(cs.n ? cs.n : 1, sizeof **out);
        for (size_t i = 0; i < cs.n; i++) {
            (*out)[i] = cs.v[i].path;
            cs.v[i].path = NULL;
        }
        *n = cs.n;
    }
    pk_changes_free(&cs);
    rc_buf_free(&path);
    git_tree_free(a);
    git_tree_free(b);
    return rc;
}

static size_t changes_size(const pk_changes *cs)
{
    size_t size = 64 + cs->cap * sizeof *cs->v;
    for (size_t i = 0; i < cs->n; i++)
        size += strlen(cs->v[i].path) + 1;
    return size;
}

/* Reads commit id's changes into *cm (its id set). */
static int commit_read(commit_slot *cm, pk_objcache *c, const git_oid *id)
{
    git_commit *cmt = NULL, *parent = NULL;
    git_tree *pt = NULL, *ct = NULL;
    rc_buf path = {0};
    int rc = 0;
    memset(cm, 0, sizeof *cm);
    cm->id = *id;
    if (git_commit_lookup(&cmt, c->repo, id) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: lookup");
    } else if (git_commit_parentcount(cmt) != 1) {
        cm->whole = true;
    } else if (git_commit_parent(&parent, cmt, 0) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: parent");
    } else if ((rc = pk_objcache_tree(&pt, c, git_commit_tree_id(parent))) == 0 &&
               (rc = pk_objcache_tree(&ct, c, git_commit_tree_id(cmt))) == 0 &&
               (rc = diff_trees(&cm->cs, c, pt, ct, &path, 0)) == 0) {
        cm->whole = cm->cs.fallback;
    }
    rc_buf_free(&path);
    git_tree_free(pt);
    git_tree_free(ct);
    git_commit_free(parent);
    git_commit_free(cmt);
    if (rc)
        pk_changes_free(&cm->cs);
    return rc;
}

int pk_objcache_changes(const pk_changes **out, bool *whole, pk_changes *own, pk_objcache *c,
                        const git_oid *commit)
{
    commit_slot **s = &c->commits[slot_of(commit, COMMIT_SLOTS)], tmp;
    memset(own, 0, sizeof *own);
    if (!*s || !git_oid_equal(&(*s)->id, commit)) {
        int rc = commit_read(&tmp, c, commit);
        if (rc)
            return rc;
        if (tmp.cs.n && tmp.cs.n < tmp.cs.cap) { /* kept: no room to grow */
            tmp.cs.v = rc_xrealloc(tmp.cs.v, tmp.cs.n * sizeof *tmp.cs.v);
            tmp.cs.cap = tmp.cs.n;
        }
        size_t size = sizeof tmp + changes_size(&tmp.cs);
        if (*s) {
            c->commit_bytes -= (*s)->size;
            pk_changes_free(&(*s)->cs);
            free(*s);
            *s = NULL;
        }
        if (c->commit_bytes + size > c->max_bytes / 4) {
            *own = tmp.cs; /* too many for the bound: the caller's alone */
            *out = own;
            *whole = tmp.whole;
            return 0;
        }
        *s = rc_xcalloc(1, sizeof **s);
        **s = tmp;
        (*s)->size = size;
        c->commit_bytes += size;
    }
    *out = &(*s)->cs;
    *whole = (*s)->whole;
    return 0;
}

int pk_commit_touches(bool *hit, pk_objcache *c, const git_oid *commit, char *const *paths,
                      size_t npaths)
{
    const pk_changes *cs;
    pk_changes own;
    bool whole;
    int rc = pk_objcache_changes(&cs, &whole, &own, c, commit);
    *hit = false;
    if (rc == 0 && whole)
        rc = RC_ENOTFOUND;
    for (size_t k = 0; rc == 0 && !*hit && k < npaths; k++)
        for (size_t i = 0; !*hit && i < cs->n; i++)
            *hit = strcmp(paths[k], cs->v[i].path) == 0;
    pk_changes_free(&own);
    return rc;
}
