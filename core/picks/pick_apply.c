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

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

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

int rc_picks_apply(rc_picks_apply_report *out, git_repository *repo, rc_db *db,
                   const rc_config *cfg, const char *branch, bool dry_run)
{
    memset(out, 0, sizeof *out);
    rc_pick_row *rows = NULL;
    size_t nrows = 0;
    char *refname = NULL;
    git_signature *committer = NULL;
    git_commit *cur = NULL;
    git_oid *made = NULL;
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
    if (git_signature_default(&committer, repo) != 0 &&
        git_signature_now(&committer, "relcap", "relcap@localhost") != 0) {
        rc = rc_error_from_git(RC_EGIT, "committer identity");
        goto done;
    }
    out->steps = rc_xcalloc(nrows ? nrows : 1, sizeof *out->steps);
    made = rc_xcalloc(nrows ? nrows : 1, sizeof *made);
    for (size_t i = 0; i < nrows; i++) {
        rc_pick_row *r = &rows[i];
        if (r->decision != RC_PICK_DECISION_APPROVE)
            continue;
        if (r->state != RC_PICK_PENDING && r->state != RC_PICK_REVERT_NEEDED)
            continue;
        if (r->conflict && strcmp(r->conflict, "conflict") == 0)
            continue; /* predicted to conflict: not "clean", left for the captain */
        git_oid cid;
        git_commit *c = NULL;
        git_index *idx = NULL;
        if (git_oid_fromstr(&cid, r->sha) != 0 || git_commit_lookup(&c, repo, &cid) != 0) {
            rc = rc_error_from_git(RC_EGIT, "looking up a candidate");
            goto done;
        }
        unsigned mainline = git_commit_parentcount(c) > 1 ? 1 : 0;
        if (git_cherrypick_commit(&idx, repo, c, cur, mainline, NULL) != 0) {
            git_commit_free(c);
            rc = rc_error_from_git(RC_EGIT, "cherry-pick");
            goto done;
        }
        if (git_index_has_conflicts(idx)) {
            memcpy(out->conflict_sha, r->sha, 41);
            out->conflict_paths = index_conflicts(idx);
            git_index_free(idx);
            git_commit_free(c);
            char *s = rc_sanitize(r->subject, false);
            rc = rc_error_set(RC_ECONFLICT, "%.12s (%s) conflicts on %s; nothing was changed",
                              r->sha, s, branch);
            free(s);
            goto done;
        }
        git_oid tree_id, new_id;
        git_tree *tree = NULL;
        if (git_index_write_tree_to(&tree_id, idx, repo) != 0 ||
            git_tree_lookup(&tree, repo, &tree_id) != 0) {
            git_index_free(idx);
            git_commit_free(c);
            rc = rc_error_from_git(RC_EGIT, "writing the picked tree");
            goto done;
        }
        git_index_free(idx);
        if (git_oid_equal(&tree_id, git_commit_tree_id(cur))) {
            /* already there in content: nothing to commit */
            git_tree_free(tree);
            git_commit_free(c);
            continue;
        }
        char *msg = message_with_trailer(git_commit_message(c), r->sha);
        const git_commit *parents[1] = {cur};
        int cr = git_commit_create(&new_id, repo, NULL, git_commit_author(c), committer,
                                   git_commit_message_encoding(c), msg, tree, 1, parents);
        free(msg);
        git_tree_free(tree);
        git_commit_free(c);
        if (cr != 0) {
            rc = rc_error_from_git(RC_EGIT, "creating the pick commit");
            goto done;
        }
        git_commit *next;
        if (git_commit_lookup(&next, repo, &new_id) != 0) {
            rc = rc_error_from_git(RC_EGIT, "reading the pick commit");
            goto done;
        }
        git_commit_free(cur);
        cur = next;
        rc_picks_apply_step *s = &out->steps[out->nsteps];
        memcpy(s->sha, r->sha, 41);
        s->subject = rc_xstrdup(r->subject);
        if (!dry_run)
            git_oid_tostr(s->new_sha, sizeof s->new_sha, &new_id);
        made[out->nsteps++] = new_id;
    }
    if (dry_run || out->nsteps == 0)
        goto done;
    const git_oid *new_head = &made[out->nsteps - 1];
    if (out->checked_out) {
        git_tree *t;
        if (git_commit_tree(&t, cur) != 0) {
            rc = rc_error_from_git(RC_EGIT, "reading the new tree");
            goto done;
        }
        git_checkout_options co;
        git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
        co.checkout_strategy = GIT_CHECKOUT_SAFE;
        int cr = git_checkout_tree(repo, (git_object *)t, &co);
        git_tree_free(t);
        if (cr != 0) {
            rc = rc_error_from_git(RC_EDIRTY, "updating the work tree (branch left unchanged)");
            goto done;
        }
    }
    git_reference *ref;
    char *log = rc_xasprintf("relcap pick apply: %zu cherry-pick%s", out->nsteps,
                             out->nsteps == 1 ? "" : "s");
    int ur = git_reference_create_matching(&ref, repo, refname, new_head, 1, &head_id, log);
    free(log);
    if (ur != 0) {
        rc = rc_error_from_git(RC_EGIT, "moving the branch (it changed meanwhile?)");
        if (out->checked_out) {
            /* put the work tree back where the unchanged ref says */
            git_commit *old;
            if (git_commit_lookup(&old, repo, &head_id) == 0) {
                git_checkout_options co;
                git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
                co.checkout_strategy = GIT_CHECKOUT_FORCE;
                git_checkout_tree(repo, (git_object *)old, &co);
                git_commit_free(old);
            }
        }
        goto done;
    }
    git_reference_free(ref);
    git_oid_tostr(out->new_head, sizeof out->new_head, new_head);
    rc = mark_applied(db, branch, out);
done:
    free(made);
    git_commit_free(cur);
    git_signature_free(committer);
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
    memset(r, 0, sizeof *r);
}
