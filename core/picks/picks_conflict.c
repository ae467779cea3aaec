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
        rc = pk_objcache_tree(&sub, c, git_tree_entry_id(e));
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
static int merge_file(bool *clean, git_oid *merged, pk_objcache *c, const pk_change *ch,
                      const git_oid *ours, uint32_t omode)
{
    git_blob *bb = NULL, *ob = NULL, *tb = NULL;
    git_merge_file_result res = {0};
    int rc;
    *clean = false;
    if ((ch->bmode && (rc = pk_objcache_blob(&bb, c, &ch->base)) != 0) ||
        (rc = pk_objcache_blob(&ob, c, ours)) != 0 ||
        (rc = pk_objcache_blob(&tb, c, &ch->theirs)) != 0)
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
    if (*clean && merged &&
        git_blob_create_from_buffer(merged, pk_objcache_repo(c), res.ptr, res.len) != 0)
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
                   git_tree *head, const pk_changes *cs, const pk_change *ch)
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

/* The conflicting paths of a merged index, newline-separated. */
static char *conflict_paths(git_index *idx)
{
    git_index_conflict_iterator *it;
    rc_buf b = {0};
    if (git_index_conflict_iterator_new(&it, idx) != 0)
        return rc_buf_detach(&b);
    const git_index_entry *a, *o, *t;
    while (git_index_conflict_next(&a, &o, &t, it) == 0) {
        const char *p = o ? o->path : t ? t->path : a ? a->path : NULL;
        if (!p)
            continue;
        if (b.len)
            rc_buf_puts(&b, "\n");
        rc_buf_puts(&b, p);
    }
    git_index_conflict_iterator_free(it);
    return rc_buf_detach(&b);
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
    if (git_tree_lookup(&h, pk_objcache_repo(c), onto) != 0 || git_commit_tree(&ct, cand) != 0 ||
        (git_commit_parentcount(cand) > 0 &&
         (git_commit_parent(&p, cand, mainline ? mainline - 1 : 0) != 0 ||
          git_commit_tree(&pt, p) != 0)) ||
        git_merge_trees(&idx, pk_objcache_repo(c), pt, h, ct, &mo) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: cherry-pick");
        goto done;
    }
    out->full_merge = true;
    if (git_index_has_conflicts(idx)) {
        out->outcome = PK_TRY_CONFLICT;
        out->paths = conflict_paths(idx);
    } else if (result_tree && git_index_write_tree_to(result_tree, idx, pk_objcache_repo(c)) != 0) {
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
                       git_tree *head, const pk_changes *cs)
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
    if (git_tree_create_updated(result_tree, pk_objcache_repo(c), head, k, ups) != 0)
        return rc_error_from_git(RC_EGIT, "conflict check: result tree");
    return 0;
}

int pk_conflict_try(pk_try_result *out, git_oid *result_tree, pk_objcache *c,
                    const git_oid *candidate, const git_oid *onto)
{
    const pk_changes *cs = NULL;
    pk_changes own;
    git_tree *head = NULL;
    git_tree_update *ups = NULL;
    bool fallback = false;
    memset(out, 0, sizeof *out);
    int rc = pk_objcache_changes(&cs, &fallback, &own, c, candidate);
    if (rc == 0 && !fallback)
        rc = pk_objcache_tree(&head, c, onto);
    if (rc == 0 && !fallback && result_tree)
        ups = rc_xcalloc(cs->n ? cs->n : 1, sizeof *ups);
    if (rc == 0 && !fallback)
        rc = resolve_all(out, &fallback, ups, c, head, cs);
    if (rc == 0 && !fallback && result_tree && out->outcome == PK_TRY_CLEAN)
        rc = write_result(result_tree, c, head, ups, cs->n);
    if (rc == 0 && fallback) {
        git_commit *cand = NULL;
        pk_try_result_clear(out);
        if (git_commit_lookup(&cand, pk_objcache_repo(c), candidate) != 0)
            rc = rc_error_from_git(RC_EGIT, "conflict check: lookup");
        else
            rc = full_merge(out, result_tree, c, cand, onto, cs->deletes && cs->adds);
        git_commit_free(cand);
    }
    free(ups);
    pk_changes_free(&own);
    git_tree_free(head);
    return rc;
}
