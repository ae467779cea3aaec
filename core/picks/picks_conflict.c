/* Conflict trials: a candidate (or a chain of them) cherry-picked in memory
 * onto a tree.
 *
 * Cherry-picking C (parent P) onto a tree H is a three-way merge with base
 * P, ours H and theirs C. Only the paths C changed can differ from H in the
 * result, so only those are looked at: a path H has as in P takes C's side,
 * one H has as in C stays, and only a path both sides changed is merged,
 * file by file, with git_merge_file (git's xdiff merge). Trees and blobs
 * come through a bounded cache shared by the candidates one worker tries
 * (consecutive candidates share trees: C's tree is the next one's P).
 * What the file-level merge cannot decide exactly (a merge commit, a file
 * turned into a folder, a deletion that may be a rename) falls back to
 * libgit2's whole-tree merge. The workers that run trials for a branch are
 * in picks_fill.c. */
#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>

const char *const pk_try_outcome_names[] = {"clean", "conflict"};

#define TREE_SLOTS 8192
#define BLOB_SLOTS 4096
#define BLOB_MAX_ONE (1u << 20) /* larger blobs are read each time */

typedef struct {
    git_oid id;
    git_object *obj; /* NULL: empty slot */
    size_t size;
} slot;

struct pk_objcache {
    git_repository *repo;
    slot trees[TREE_SLOTS];
    slot blobs[BLOB_SLOTS];
    size_t bytes, max_bytes; /* trees (estimated) and blob contents held */
    size_t evict;            /* next slot to empty when over the bound */
    git_odb_backend *mem;    /* in-memory writes, or NULL */
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
    free(c);
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

/* A new reference to the tree (the caller frees it), through the cache. */
static int tree_get(git_tree **out, pk_objcache *c, const git_oid *id)
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

static int blob_get(git_blob **out, pk_objcache *c, const git_oid *id)
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

/* One path the candidate changed: its entry in P (base) and in C (theirs). */
typedef struct {
    char *path;
    git_oid base, theirs;
    uint32_t bmode, tmode; /* 0: absent */
} change;

typedef struct {
    change *v;
    size_t n, cap;
    bool fallback; /* something only the whole-tree merge decides */
    bool deletes, adds;
} changes;

static void changes_free(changes *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        free(cs->v[i].path);
    free(cs->v);
}

static void add_change(changes *cs, const char *path, const git_tree_entry *b,
                       const git_tree_entry *t)
{
    if (cs->n == cs->cap) {
        cs->cap = cs->cap ? 2 * cs->cap : 16;
        cs->v = rc_xrealloc(cs->v, cs->cap * sizeof *cs->v);
    }
    change *ch = &cs->v[cs->n++];
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

/* Collects the leaf paths that differ between trees a (P's, may be NULL)
 * and b (C's, may be NULL), reading only the subtrees whose ids differ. */
static int diff_trees(changes *cs, pk_objcache *c, git_tree *a, git_tree *b, rc_buf *path,
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
        if ((!ea || (rc = tree_get(&sa, c, git_tree_entry_id(ea))) == 0) &&
            (!eb || (rc = tree_get(&sb, c, git_tree_entry_id(eb))) == 0))
            rc = diff_trees(cs, c, sa, sb, path, depth + 1);
        git_tree_free(sa);
        git_tree_free(sb);
    }
    path->len = plen;
    if (path->ptr)
        path->ptr[plen] = '\0';
    return rc;
}

/* H's entry at path: *found false when absent; fallback when a folder of
 * the path is a file on H or the entry is a folder. */
static int lookup_path(git_oid *id, uint32_t *mode, bool *found, bool *fallback, pk_objcache *c,
                       git_tree *root, const char *path)
{
    git_tree *t = NULL;
    int rc = git_object_dup((git_object **)&t, (git_object *)root);
    char name[1024];
    *found = false;
    for (const char *p = path; rc == 0;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len >= sizeof name) {
            *fallback = true;
            break;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        const git_tree_entry *e = git_tree_entry_byname(t, name);
        if (!e)
            break;
        bool is_tree = git_tree_entry_type(e) == GIT_OBJECT_TREE;
        if (!slash) {
            if (is_tree)
                *fallback = true;
            *found = !is_tree;
            *id = *git_tree_entry_id(e);
            *mode = (uint32_t)git_tree_entry_filemode(e);
            break;
        }
        if (!is_tree) {
            *fallback = true;
            break;
        }
        git_tree *sub = NULL;
        rc = tree_get(&sub, c, git_tree_entry_id(e));
        git_tree_free(t);
        t = sub;
        p = slash + 1;
    }
    git_tree_free(t);
    return rc;
}

static bool is_file_mode(uint32_t m)
{
    return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/* The merge of one file both sides changed: *clean, and *merged (the
 * merged blob written, when wanted and clean). */
static int merge_file(bool *clean, git_oid *merged, pk_objcache *c, const change *ch,
                      const git_oid *ours, uint32_t omode)
{
    git_blob *bb = NULL, *ob = NULL, *tb = NULL;
    git_merge_file_result res = {0};
    int rc;
    *clean = false;
    if ((ch->bmode && (rc = blob_get(&bb, c, &ch->base)) != 0) ||
        (rc = blob_get(&ob, c, ours)) != 0 || (rc = blob_get(&tb, c, &ch->theirs)) != 0)
        goto done;
    /* like git's ll-merge: a binary file is never merged */
    if ((bb && git_blob_is_binary(bb)) || git_blob_is_binary(ob) || git_blob_is_binary(tb))
        goto done;
    git_merge_file_input in[3];
    git_blob *blobs[3] = {bb, ob, tb};
    uint32_t modes[3] = {ch->bmode, omode, ch->tmode};
    for (int i = 0; i < 3; i++) {
        git_merge_file_input_init(&in[i], GIT_MERGE_FILE_INPUT_VERSION);
        in[i].path = ch->path;
        in[i].mode = modes[i];
        if (blobs[i]) {
            in[i].ptr = git_blob_rawcontent(blobs[i]);
            in[i].size = (size_t)git_blob_rawsize(blobs[i]);
        }
    }
    if (git_merge_file(&res, bb ? &in[0] : NULL, &in[1], &in[2], NULL) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: merge");
        goto done;
    }
    *clean = res.automergeable != 0;
    if (*clean && merged && git_blob_create_from_buffer(merged, c->repo, res.ptr, res.len) != 0)
        rc = rc_error_from_git(RC_EGIT, "conflict check: write blob");
done:
    git_merge_file_result_free(&res);
    git_blob_free(bb);
    git_blob_free(ob);
    git_blob_free(tb);
    return rc;
}

/* Resolves one changed path against H: *conflict, *fallback, and the
 * update of the result tree (when updates is not NULL). */
static int resolve(bool *conflict, bool *fallback, git_tree_update *up, pk_objcache *c,
                   git_tree *head, const changes *cs, const change *ch)
{
    git_oid oid = {{0}};
    uint32_t omode = 0;
    bool found;
    int rc = lookup_path(&oid, &omode, &found, fallback, c, head, ch->path);
    *conflict = false;
    if (rc != 0 || *fallback)
        return rc;
    if (!found)
        omode = 0;
    bool o_is_b = omode == ch->bmode && (!omode || git_oid_equal(&oid, &ch->base));
    bool o_is_t = omode == ch->tmode && (!omode || git_oid_equal(&oid, &ch->theirs));
    git_oid rid = ch->theirs;
    uint32_t rmode = ch->tmode;
    if (o_is_t) {
        rmode = 0xffffffffu; /* unchanged on H */
    } else if (o_is_b) {
        /* H kept P's version: C's side wins */
    } else if (!ch->tmode) {
        /* C deletes what H changed; with additions in C it may be a rename,
         * which only the whole-tree merge (rename detection) follows */
        *fallback = cs->adds;
        *conflict = true;
    } else if (!omode) {
        *conflict = true; /* H deleted (or never had) what C changed */
    } else if (!is_file_mode(omode) || !is_file_mode(ch->tmode) ||
               (ch->bmode && !is_file_mode(ch->bmode))) {
        *conflict = true; /* links and submodules changed on both sides */
    } else {
        uint32_t bm = ch->bmode ? ch->bmode : omode;
        rmode = omode == bm ? ch->tmode : ch->tmode == bm ? omode : omode == ch->tmode ? omode : 0;
        if (!rmode) {
            *conflict = true; /* both changed the mode, differently */
        } else if (ch->bmode && git_oid_equal(&oid, &ch->base)) {
            rid = ch->theirs;
        } else if (ch->bmode && git_oid_equal(&ch->theirs, &ch->base)) {
            rid = oid;
        } else if (git_oid_equal(&oid, &ch->theirs)) {
            rid = oid;
        } else {
            bool clean;
            rc = merge_file(&clean, up ? &rid : NULL, c, ch, &oid, omode);
            *conflict = !clean;
        }
    }
    if (up && !*conflict && rc == 0 && rmode != 0xffffffffu) {
        up->path = ch->path;
        up->action = rmode ? GIT_TREE_UPDATE_UPSERT : GIT_TREE_UPDATE_REMOVE;
        up->id = rid;
        up->filemode = (git_filemode_t)rmode;
    } else if (up) {
        up->path = NULL;
    }
    return rc;
}

/* libgit2's whole-tree cherry-pick, for what the file-level merge does not
 * decide exactly; with rename detection only when asked (costly on a branch
 * far from the candidate). */
static int full_merge(pk_try_result *out, git_oid *result_tree, pk_objcache *c, git_commit *cand,
                      const git_oid *onto, bool renames)
{
    git_tree *h = NULL, *pt = NULL;
    git_commit *p = NULL;
    git_index *idx = NULL;
    int rc = 0;
    unsigned mainline = git_commit_parentcount(cand) > 1 ? 1 : 0;
    git_merge_options mo;
    git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
    if (!renames)
        mo.flags &= ~(unsigned)GIT_MERGE_FIND_RENAMES;
    git_tree *ct = NULL;
    if (git_tree_lookup(&h, c->repo, onto) != 0 || git_commit_tree(&ct, cand) != 0 ||
        (git_commit_parentcount(cand) > 0 &&
         (git_commit_parent(&p, cand, mainline ? mainline - 1 : 0) != 0 ||
          git_commit_tree(&pt, p) != 0)) ||
        git_merge_trees(&idx, c->repo, pt, h, ct, &mo) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: cherry-pick");
        goto done;
    }
    out->full_merge = true;
    if (git_index_has_conflicts(idx)) {
        out->outcome = PK_TRY_CONFLICT;
        rc_buf b = {0};
        git_index_conflict_iterator *it;
        const git_index_entry *a, *o, *t;
        if (git_index_conflict_iterator_new(&it, idx) == 0) {
            while (git_index_conflict_next(&a, &o, &t, it) == 0) {
                const char *path = o ? o->path : t ? t->path : a ? a->path : NULL;
                if (!path)
                    continue;
                if (b.len)
                    rc_buf_puts(&b, "\n");
                rc_buf_puts(&b, path);
            }
            git_index_conflict_iterator_free(it);
        }
        out->paths = rc_buf_detach(&b);
    } else if (result_tree && git_index_write_tree_to(result_tree, idx, c->repo) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: write tree");
    }
done:
    git_index_free(idx);
    git_tree_free(ct);
    git_tree_free(pt);
    git_tree_free(h);
    git_commit_free(p);
    return rc;
}

void pk_try_result_clear(pk_try_result *r)
{
    free(r->paths);
    memset(r, 0, sizeof *r);
}

/* Resolves every change; *fallback when one needs the whole-tree merge. */
static int resolve_all(pk_try_result *out, bool *fallback, git_tree_update *ups, pk_objcache *c,
                       git_tree *head, const changes *cs)
{
    rc_buf paths = {0};
    int rc = 0;
    for (size_t i = 0; rc == 0 && !*fallback && i < cs->n; i++) {
        bool conflict = false;
        rc = resolve(&conflict, fallback, ups ? &ups[i] : NULL, c, head, cs, &cs->v[i]);
        if (conflict) {
            if (paths.len)
                rc_buf_puts(&paths, "\n");
            rc_buf_puts(&paths, cs->v[i].path);
        }
    }
    if (paths.len && rc == 0 && !*fallback) {
        out->outcome = PK_TRY_CONFLICT;
        out->paths = rc_buf_detach(&paths);
    }
    rc_buf_free(&paths);
    return rc;
}

/* Writes the result tree of a clean pick: H with C's changes applied. */
static int write_result(git_oid *result_tree, pk_objcache *c, git_tree *head, git_tree_update *ups,
                        size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (ups[i].path)
            ups[k++] = ups[i];
    if (k == 0) {
        *result_tree = *git_tree_id(head);
        return 0;
    }
    if (git_tree_create_updated(result_tree, c->repo, head, k, ups) != 0)
        return rc_error_from_git(RC_EGIT, "conflict check: result tree");
    return 0;
}

int pk_conflict_try(pk_try_result *out, git_oid *result_tree, pk_objcache *c,
                    const git_oid *candidate, const git_oid *onto)
{
    git_commit *cand = NULL, *parent = NULL;
    git_tree *pt = NULL, *ct = NULL, *head = NULL;
    changes cs = {0};
    git_tree_update *ups = NULL;
    rc_buf path = {0};
    bool fallback = false;
    int rc;
    memset(out, 0, sizeof *out);
    if (git_commit_lookup(&cand, c->repo, candidate) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: lookup");
        goto done;
    }
    if (git_commit_parentcount(cand) != 1) {
        fallback = true;
        rc = 0;
        goto done;
    }
    if (git_commit_parent(&parent, cand, 0) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: parent");
        goto done;
    }
    if ((rc = tree_get(&pt, c, git_commit_tree_id(parent))) != 0 ||
        (rc = tree_get(&ct, c, git_commit_tree_id(cand))) != 0 ||
        (rc = tree_get(&head, c, onto)) != 0 || (rc = diff_trees(&cs, c, pt, ct, &path, 0)) != 0)
        goto done;
    fallback = cs.fallback;
    if (!fallback && result_tree)
        ups = rc_xcalloc(cs.n ? cs.n : 1, sizeof *ups);
    if (!fallback && (rc = resolve_all(out, &fallback, ups, c, head, &cs)) != 0)
        goto done;
    if (!fallback && result_tree && out->outcome == PK_TRY_CLEAN)
        rc = write_result(result_tree, c, head, ups, cs.n);
done:
    if (rc == 0 && fallback) {
        pk_try_result_clear(out);
        rc = full_merge(out, result_tree, c, cand, onto, cs.deletes && cs.adds);
    }
    free(ups);
    changes_free(&cs);
    rc_buf_free(&path);
    git_tree_free(pt);
    git_tree_free(ct);
    git_tree_free(head);
    git_commit_free(parent);
    git_commit_free(cand);
    return rc;
}

int pk_conflict_try_chain(size_t *done, pk_try_result *out, pk_objcache *c,
                          const git_oid *candidates, size_t n, const git_oid *onto)
{
    git_oid at = *onto;
    *done = 0;
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        git_oid next;
        pk_try_result_clear(out);
        int rc = pk_conflict_try(out, &next, c, &candidates[i], &at);
        if (rc != 0)
            return rc;
        if (out->outcome == PK_TRY_CONFLICT)
            return 0;
        at = next;
        (*done)++;
    }
    return 0;
}

int pk_changed_paths(char ***out, size_t *n, pk_objcache *c, const git_oid *a_tree,
                     const git_oid *b_tree)
{
    git_tree *a = NULL, *b = NULL;
    changes cs = {0};
    rc_buf path = {0};
    int rc;
    *out = NULL;
    *n = 0;
    if ((rc = tree_get(&a, c, a_tree)) == 0 && (rc = tree_get(&b, c, b_tree)) == 0)
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
    changes_free(&cs);
    rc_buf_free(&path);
    git_tree_free(a);
    git_tree_free(b);
    return rc;
}
