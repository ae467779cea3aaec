/* `relcap pick apply`: approved, clean, not yet picked candidates onto the
 * local release branch, made with libgit2 alone.
 *
 * Every commit is created in memory first (git_cherrypick_commit on the
 * growing chain, then git_commit_create without a ref); only when the whole
 * chain is clean is anything visible changed: the work tree and index with
 * a SAFE checkout when the branch is checked out here, then the ref with a
 * compare-and-swap on its old value. A conflict therefore leaves ref,
 * index, work tree and repository state (no CHERRY_PICK_HEAD) as they were.
 * Nothing is ever pushed. */
#include "core/picks/apply.h"
#include "core/picks/apply_lock.h"

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* git's rule for -x: the trailer joins an existing trailer block at the end
 * of the message, otherwise it gets its own paragraph. */
static bool ends_with_trailers(const char *msg)
{
    const char *para = NULL;
    for (const char *p = msg; (p = strstr(p, "\n\n")); p++)
        para = p + 2;
    if (!para || !*para)
        return false;
    bool any = false;
    for (const char *l = para; *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len) {
            bool ok = strncmp(l, "(cherry picked from commit ", 27) == 0;
            if (!ok) {
                size_t i = 0;
                while (i < len && (l[i] == '-' || (l[i] >= 'a' && l[i] <= 'z') ||
                                   (l[i] >= 'A' && l[i] <= 'Z') || (l[i] >= '0' && l[i] <= '9')))
                    i++;
                ok = i > 0 && i + 1 < len && l[i] == ':' && l[i + 1] == ' ';
            }
            if (!ok)
                return false;
            any = true;
        }
        l = nl ? nl + 1 : l + len;
    }
    return any;
}

static char *message_with_trailer(const char *msg, const char *sha)
{
    rc_buf b = {0};
    rc_buf_puts(&b, msg ? msg : "");
    while (b.len && (b.ptr[b.len - 1] == '\n' || b.ptr[b.len - 1] == ' '))
        b.ptr[--b.len] = '\0';
    bool join = ends_with_trailers(b.ptr ? b.ptr : "");
    rc_buf_printf(&b, "%s(cherry picked from commit %s)\n", join ? "\n" : "\n\n", sha);
    return rc_buf_detach(&b);
}

static int local_ref_name(char **out, git_repository *repo, const rc_config *cfg,
                          const char *branch)
{
    git_reference *ref;
    char *name = rc_xasprintf("refs/heads/%s", branch);
    if (git_reference_lookup(&ref, repo, name) == 0) {
        git_reference_free(ref);
        *out = name;
        return 0;
    }
    free(name);
    const char *remote = rc_config_text(cfg, "relcap.remote");
    size_t rl = remote ? strlen(remote) : 0;
    if (rl && strncmp(branch, remote, rl) == 0 && branch[rl] == '/') {
        name = rc_xasprintf("refs/heads/%s", branch + rl + 1);
        if (git_reference_lookup(&ref, repo, name) == 0) {
            git_reference_free(ref);
            *out = name;
            return 0;
        }
        free(name);
    }
    return rc_error_set(RC_ENOTFOUND,
                        "no local branch '%s' to apply onto (create it from the remote-tracking"
                        " branch first)",
                        branch);
}

/* Where the branch is checked out: 0 nowhere, 1 here, -1 in another worktree. */
static int checkout_place(git_repository *repo, const char *refname)
{
    if (!git_repository_is_bare(repo)) {
        git_reference *head;
        if (git_reference_lookup(&head, repo, "HEAD") == 0) {
            bool here = git_reference_type(head) == GIT_REFERENCE_SYMBOLIC &&
                        strcmp(git_reference_symbolic_target(head), refname) == 0;
            git_reference_free(head);
            if (here)
                return 1;
        }
    }
    git_reference *ref;
    if (git_reference_lookup(&ref, repo, refname) != 0)
        return 0;
    int co = git_branch_is_checked_out(ref);
    git_reference_free(ref);
    return co == 1 ? -1 : 0;
}

static int check_clean(git_repository *repo)
{
    if (git_repository_state(repo) != GIT_REPOSITORY_STATE_NONE)
        return rc_error_set(RC_EDIRTY,
                            "a merge, cherry-pick or rebase is in progress in the work tree;"
                            " finish or abort it first");
    git_status_options so;
    git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
    so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *sl;
    if (git_status_list_new(&sl, repo, &so) != 0)
        return rc_error_from_git(RC_EGIT, "reading work tree status");
    size_t n = git_status_list_entrycount(sl);
    int rc = 0;
    if (n) {
        const git_status_entry *e = git_status_byindex(sl, 0);
        const git_diff_delta *d = e->head_to_index ? e->head_to_index : e->index_to_workdir;
        char *p = rc_sanitize(d && d->new_file.path ? d->new_file.path : "?", false);
        rc = rc_error_set(RC_EDIRTY,
                          "the work tree has %zu uncommitted change%s (%s%s); commit or stash "
                          "them first",
                          n, n == 1 ? "" : "s", p, n > 1 ? ", ..." : "");
        free(p);
    }
    git_status_list_free(sl);
    return rc;
}

static char *index_conflicts(git_index *idx)
{
    git_index_conflict_iterator *it;
    rc_buf b = {0};
    if (git_index_conflict_iterator_new(&it, idx) == 0) {
        const git_index_entry *a, *o, *t;
        while (git_index_conflict_next(&a, &o, &t, it) == 0) {
            const char *p = o ? o->path : t ? t->path : a ? a->path : NULL;
            if (p) {
                if (b.len)
                    rc_buf_puts(&b, "\n");
                rc_buf_puts(&b, p);
            }
        }
        git_index_conflict_iterator_free(it);
    }
    return rc_buf_detach(&b);
}

static int mark_applied(rc_db *db, const char *branch, const rc_picks_apply_report *r)
{
    int rc = rc_db_begin(db);
    if (rc)
        return rc;
    sqlite3_stmt *st;
    if ((rc = rc_db_prepare(&st, db,
                            "UPDATE picks SET state = ?4, evidence = ?5,"
                            " picked_as = ?3 WHERE branch = ?1 AND sha = ?2"))) {
        rc_db_rollback(db);
        return rc;
    }
    for (size_t i = 0; i < r->nsteps; i++) {
        sqlite3_reset(st);
        rc_sql_bind_text(st, 1, branch);
        rc_sql_bind_text(st, 2, r->steps[i].sha);
        rc_sql_bind_text(st, 3, r->steps[i].new_sha);
        rc_sql_bind_text(st, 4, rc_pick_state_name(RC_PICK_PICKED));
        rc_sql_bind_text(st, 5, rc_pick_evidence_name(RC_PICK_EVIDENCE_TRAILER));
        if (sqlite3_step(st) != SQLITE_DONE) {
            /* read the message before the rollback replaces it */
            rc = rc_db_error(db, "recording applied picks");
            sqlite3_finalize(st);
            rc_db_rollback(db);
            return rc;
        }
    }
    sqlite3_finalize(st);
    return rc_db_commit(db);
}

/* Cherry-picks candidate r onto *cur in memory: 1 with *next set to the new
 * commit, 0 when the result changes nothing (already there in content),
 * negative on a conflict (out->conflict_* set) or an error. */
static int pick_one(git_commit **next, rc_picks_apply_report *out, git_repository *repo,
                    git_commit *cur, const git_signature *committer, const rc_pick_row *r,
                    const char *branch)
{
    git_oid cid, tree_id, new_id;
    git_commit *c = NULL;
    git_index *idx = NULL;
    git_tree *tree = NULL;
    int rc;
    *next = NULL;
    if (git_oid_fromstr(&cid, r->sha) != 0 || git_commit_lookup(&c, repo, &cid) != 0)
        return rc_error_from_git(RC_EGIT, "looking up a candidate");
    unsigned mainline = git_commit_parentcount(c) > 1 ? 1 : 0;
    if (git_cherrypick_commit(&idx, repo, c, cur, mainline, NULL) != 0) {
        rc = rc_error_from_git(RC_EGIT, "cherry-pick");
    } else if (git_index_has_conflicts(idx)) {
        memcpy(out->conflict_sha, r->sha, 41);
        out->conflict_paths = index_conflicts(idx);
        char *s = rc_sanitize(r->subject, false);
        rc = rc_error_set(RC_ECONFLICT, "%.12s (%s) conflicts on %s; nothing was changed", r->sha,
                          s, branch);
        free(s);
    } else if (git_index_write_tree_to(&tree_id, idx, repo) != 0 ||
               git_tree_lookup(&tree, repo, &tree_id) != 0) {
        rc = rc_error_from_git(RC_EGIT, "writing the picked tree");
    } else if (git_oid_equal(&tree_id, git_commit_tree_id(cur))) {
        rc = 0; /* already there in content: nothing to commit */
    } else {
        char *msg = message_with_trailer(git_commit_message(c), r->sha);
        const git_commit *parents[1] = {cur};
        int cr = git_commit_create(&new_id, repo, NULL, git_commit_author(c), committer,
                                   git_commit_message_encoding(c), msg, tree, 1, parents);
        free(msg);
        if (cr != 0)
            rc = rc_error_from_git(RC_EGIT, "creating the pick commit");
        else if (git_commit_lookup(next, repo, &new_id) != 0)
            rc = rc_error_from_git(RC_EGIT, "reading the pick commit");
        else
            rc = 1;
    }
    git_tree_free(tree);
    git_index_free(idx);
    git_commit_free(c);
    return rc;
}

/* Approved, not yet picked, not predicted to conflict. */
static bool to_apply(const rc_pick_row *r)
{
    if (r->decision != RC_PICK_DECISION_APPROVE)
        return false;
    if (r->state != RC_PICK_PENDING && r->state != RC_PICK_REVERT_NEEDED)
        return false;
    /* predicted to conflict: not "clean", left for the captain */
    return !(r->conflict && strcmp(r->conflict, "conflict") == 0);
}

/* Makes every pick in memory on top of *cur (which follows the chain). */
static int pick_all(rc_picks_apply_report *out, git_repository *repo, git_commit **cur,
                    const rc_pick_row *rows, size_t nrows, const char *branch, bool dry_run)
{
    git_signature *committer = NULL;
    if (git_signature_default(&committer, repo) != 0 &&
        git_signature_now(&committer, "relcap", "relcap@localhost") != 0)
        return rc_error_from_git(RC_EGIT, "committer identity");
    out->steps = rc_xcalloc(nrows ? nrows : 1, sizeof *out->steps);
    int rc = 0;
    for (size_t i = 0; !rc && i < nrows; i++) {
        const rc_pick_row *r = &rows[i];
        if (!to_apply(r))
            continue;
        git_commit *next;
        int made = pick_one(&next, out, repo, *cur, committer, r, branch);
        if (made <= 0) {
            rc = made;
            continue;
        }
        git_commit_free(*cur);
        *cur = next;
        rc_picks_apply_step *s = &out->steps[out->nsteps++];
        memcpy(s->sha, r->sha, 41);
        s->subject = rc_xstrdup(r->subject);
        if (!dry_run)
            git_oid_tostr(s->new_sha, sizeof s->new_sha, git_commit_id(next));
    }
    git_signature_free(committer);
    return rc;
}

/* Work tree first (when checked out here), then the ref with a compare-and-
 * swap on its old value; the work tree is put back when the ref moved
 * meanwhile. */
static int move_branch(rc_picks_apply_report *out, git_repository *repo, const char *refname,
                       git_commit *cur, const git_oid *old_id)
{
    const git_oid *new_head = git_commit_id(cur);
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    if (out->checked_out) {
        git_tree *t;
        if (git_commit_tree(&t, cur) != 0)
            return rc_error_from_git(RC_EGIT, "reading the new tree");
        co.checkout_strategy = GIT_CHECKOUT_SAFE;
        int cr = git_checkout_tree(repo, (git_object *)t, &co);
        git_tree_free(t);
        if (cr != 0)
            return rc_error_from_git(RC_EDIRTY, "updating the work tree (branch left unchanged)");
    }
    /* the ref moves last, after its intent is on disk: a kill inside the
     * move leaves a lock the next apply knows as its own */
    int ir = rc_apply_intent_write(repo, refname, old_id, new_head);
    if (ir)
        return ir;
    if (getenv("RELCAP_TEST_APPLY_KILL")) /* test-only: a kill right here */
        raise(SIGKILL);
    git_reference *ref;
    char *log = rc_xasprintf("relcap pick apply: %zu cherry-pick%s", out->nsteps,
                             out->nsteps == 1 ? "" : "s");
    int ur = git_reference_create_matching(&ref, repo, refname, new_head, 1, old_id, log);
    free(log);
    rc_apply_intent_clear(repo);
    if (ur != 0) {
        int rc = rc_error_from_git(RC_EGIT, "moving the branch (it changed meanwhile?)");
        git_commit *old;
        if (out->checked_out && git_commit_lookup(&old, repo, old_id) == 0) {
            /* put the work tree back where the unchanged ref says */
            co.checkout_strategy = GIT_CHECKOUT_FORCE;
            git_checkout_tree(repo, (git_object *)old, &co);
            git_commit_free(old);
        }
        return rc;
    }
    git_reference_free(ref);
    git_oid_tostr(out->new_head, sizeof out->new_head, new_head);
    return 0;
}

int rc_picks_apply(rc_picks_apply_report *out, git_repository *repo, rc_db *db,
                   const rc_config *cfg, const char *branch, bool dry_run)
{
    memset(out, 0, sizeof *out);
    rc_pick_row *rows = NULL;
    size_t nrows = 0;
    char *refname = NULL;
    git_commit *cur = NULL;
    int rc = local_ref_name(&refname, repo, cfg, branch);
    if (rc)
        return rc;
    int place = checkout_place(repo, refname);
    if (place < 0) {
        rc = rc_error_set(RC_EUNSAFE,
                          "%s is checked out in another worktree; apply there or switch that "
                          "worktree away from it",
                          branch);
        goto done;
    }
    out->checked_out = place == 1;
    if (!dry_run && (rc = rc_apply_lock_recover(&out->recovered, repo, refname)))
        goto done;
    if (out->checked_out && (rc = check_clean(repo)))
        goto done;
    if ((rc = rc_picks_list(&rows, &nrows, db, branch, NULL)))
        goto done;
    git_oid head_id;
    if (git_reference_name_to_id(&head_id, repo, refname) != 0 ||
        git_commit_lookup(&cur, repo, &head_id) != 0) {
        rc = rc_error_from_git(RC_EGIT, "reading the branch head");
        goto done;
    }
    git_oid_tostr(out->old_head, sizeof out->old_head, &head_id);
    memcpy(out->new_head, out->old_head, sizeof out->new_head);
    rc = pick_all(out, repo, &cur, rows, nrows, branch, dry_run);
    if (rc || dry_run || out->nsteps == 0)
        goto done;
    if (!(rc = move_branch(out, repo, refname, cur, &head_id)))
        rc = mark_applied(db, branch, out);
done:
    git_commit_free(cur);
    rc_picks_list_free(rows, nrows);
    free(refname);
    return rc;
}

void rc_picks_apply_report_free(rc_picks_apply_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nsteps; i++)
        free(r->steps[i].subject);
    free(r->steps);
    free(r->conflict_paths);
    free(r->recovered);
    memset(r, 0, sizeof *r);
}
