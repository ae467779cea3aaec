/* Conflict trials: in-memory cherry-picks of candidates onto a branch head,
 * with a shortcut for the trivially clean ones and a cache of outcomes. */

#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static bool same_entry(git_tree *a, git_tree *b, const char *path)
{
    git_tree_entry *ea = NULL, *eb = NULL;
    bool ha = git_tree_entry_bypath(&ea, a, path) == 0;
    bool hb = git_tree_entry_bypath(&eb, b, path) == 0;
    bool same = ha == hb && (!ha || (git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
                                     git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb)));
    git_tree_entry_free(ea);
    git_tree_entry_free(eb);
    return same;
}

/* A three-way merge is trivially clean when every path the candidate
 * touches is, on the branch head, exactly as in the candidate's parent:
 * then the result takes the candidate's side everywhere it changed. This
 * avoids the full tree merge (whose cost grows with how far the branch is
 * from the candidate) for most candidates. */
/* Walks the entries that differ between a (may be NULL) and b like
 * fp_walk, checking each changed leaf path against the head tree; false as
 * soon as one differs there from the base. */
static bool untouched_on_head(git_repository *repo, git_tree *a, git_tree *b, git_tree *base,
                              git_tree *head, rc_buf *path, int depth)
{
    size_t nb = b ? git_tree_entrycount(b) : 0, na = a ? git_tree_entrycount(a) : 0;
    size_t plen = path->len;
    bool ok = true;
    for (size_t i = 0; ok && i < nb + na; i++) {
        const git_tree_entry *eb = NULL, *ea = NULL;
        if (i < nb) {
            eb = git_tree_entry_byindex(b, i);
            ea = a ? git_tree_entry_byname(a, git_tree_entry_name(eb)) : NULL;
            if (ea && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
                git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
                continue;
        } else {
            ea = git_tree_entry_byindex(a, i - nb);
            if (b && git_tree_entry_byname(b, git_tree_entry_name(ea)))
                continue;
        }
        const git_tree_entry *e = eb ? eb : ea;
        path->len = plen;
        if (plen)
            rc_buf_puts(path, "/");
        rc_buf_puts(path, git_tree_entry_name(e));
        bool tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
        bool ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
        if (tb && ta && depth < 64) {
            git_tree *sa = NULL, *sb = NULL;
            ok = git_tree_lookup(&sa, repo, git_tree_entry_id(ea)) == 0 &&
                 git_tree_lookup(&sb, repo, git_tree_entry_id(eb)) == 0 &&
                 untouched_on_head(repo, sa, sb, base, head, path, depth + 1);
            git_tree_free(sa);
            git_tree_free(sb);
        } else {
            /* a whole subtree added, removed or replaced: compare it at once */
            ok = same_entry(base, head, path->ptr);
        }
    }
    path->len = plen;
    if (path->ptr)
        path->ptr[plen] = '\0';
    return ok;
}

static bool trivially_clean(git_repository *repo, git_commit *c, git_commit *head)
{
    if (git_commit_parentcount(c) != 1)
        return false;
    git_commit *p = NULL;
    git_tree *pt = NULL, *ct = NULL, *ht = NULL;
    bool clean = false;
    rc_buf path = {0};
    if (git_commit_parent(&p, c, 0) || git_commit_tree(&pt, p) || git_commit_tree(&ct, c) ||
        git_commit_tree(&ht, head))
        goto done;
    clean = untouched_on_head(repo, pt, ct, pt, ht, &path, 0);
done:
    rc_buf_free(&path);
    git_tree_free(pt);
    git_tree_free(ct);
    git_tree_free(ht);
    git_commit_free(p);
    rc_error_clear();
    return clean;
}

int pk_try_cherrypick(char **paths, git_repository *repo, const char *sha, const char *head)
{
    git_oid cid, hid;
    git_commit *c = NULL, *h = NULL;
    git_index *idx = NULL;
    int rc;
    *paths = NULL;
    if (git_oid_fromstr(&cid, sha) || git_oid_fromstr(&hid, head) ||
        git_commit_lookup(&c, repo, &cid) || git_commit_lookup(&h, repo, &hid)) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: lookup");
        goto done;
    }
    if (trivially_clean(repo, c, h)) {
        rc = 1;
        goto done;
    }
    unsigned mainline = git_commit_parentcount(c) > 1 ? 1 : 0;
    /* Without rename detection: on a branch far from the candidate's
     * parent, finding renames among thousands of changed files costs more
     * than the merge itself (about 10x); a rename conflict then shows as a
     * modify/delete conflict of the same path, still a conflict. */
    git_merge_options mo;
    git_merge_options_init(&mo, GIT_MERGE_OPTIONS_VERSION);
    mo.flags &= ~(unsigned)GIT_MERGE_FIND_RENAMES;
    if (git_cherrypick_commit(&idx, repo, c, h, mainline, &mo) != 0) {
        rc = rc_error_from_git(RC_EGIT, "conflict check: cherry-pick");
        goto done;
    }
    if (git_index_has_conflicts(idx)) {
        *paths = conflict_paths(idx);
        rc = 0;
    } else {
        rc = 1;
    }
done:
    git_index_free(idx);
    git_commit_free(c);
    git_commit_free(h);
    return rc;
}

/* Cached conflict outcome; true when found. */
static bool cached_conflict(sqlite3_stmt *st, const char *sha, const char *onto, bool *clean,
                            char **paths)
{
    sqlite3_reset(st);
    rc_sql_bind_text(st, 1, sha);
    rc_sql_bind_text(st, 2, onto);
    if (sqlite3_step(st) != SQLITE_ROW)
        return false;
    *clean = sqlite3_column_int(st, 0) != 0;
    *paths = rc_sql_dup(st, 1);
    return true;
}

void pk_eval_conflicts(branch_work *w, rc_picks_branch_report *rep, const line *m,
                       const eval_env *env)
{
    sqlite3_stmt *cc = NULL;
    if (!env->conflict_check || !env->repo || !w->head ||
        rc_db_prepare(&cc, env->db,
                      "SELECT clean, paths FROM conflicts WHERE sha = ?1 AND onto = ?2"))
        return;
    for (size_t i = w->first; i < m->n; i++) {
        result *r = &w->res[i];
        if (r->state != RC_PICK_PENDING && r->state != RC_PICK_REVERT_NEEDED)
            continue;
        if (cached_conflict(cc, m->c[i].sha, w->head, &r->clean, &r->paths)) {
            r->conflict_known = true;
            continue;
        }
        int ok = pk_try_cherrypick(&r->paths, env->repo, m->c[i].sha, w->head);
        if (ok < 0) {
            rc_error_clear();
            continue;
        }
        r->conflict_known = true;
        r->clean = ok == 1;
        rep->conflicts_checked++;
    }
    sqlite3_finalize(cc);
}
