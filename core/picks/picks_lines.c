/* Lines of commits (main's and a branch's) loaded from the cache, their path
 * fingerprints and patch ids, and the indexes the evaluation looks them up in. */

#include "core/picks/picks_internal.h"

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* main's line holds one per commit (100 000 and more): an inline rc_refs
 * here would cost ~1 KB each again (issue 18) */
_Static_assert(sizeof(cinfo) <= 320, "cinfo grew: keep big members out of line");

static void pk_refs_set(pk_refs *out, const char *subject, const char *body, const char *pr_pattern)
{
    rc_refs r;
    memset(out, 0, sizeof *out);
    rc_refs_parse(&r, subject, body, pr_pattern); /* fills r even when it fails */
    out->pr = r.pr;
    if (r.n_from_prs) {
        out->from_prs = rc_xmalloc(r.n_from_prs * sizeof *out->from_prs);
        memcpy(out->from_prs, r.from_prs, r.n_from_prs * sizeof *out->from_prs);
        out->n_from_prs = r.n_from_prs;
    }
    if (r.n_picked_from) {
        out->picked_from = rc_xmalloc(r.n_picked_from * sizeof *out->picked_from);
        memcpy(out->picked_from, r.picked_from, r.n_picked_from * sizeof *out->picked_from);
        out->n_picked_from = r.n_picked_from;
    }
    out->is_revert = r.is_revert;
    memcpy(out->revert_sha, r.revert_sha, sizeof out->revert_sha);
    out->revert_pr = r.revert_pr;
    out->revert_subject = r.revert_subject; /* owned now */
    r.revert_subject = NULL;
    rc_refs_free(&r);
}

/* The text of a main commit no branch of the compute can take (before
 * every cut): its subject, body and author are read only for candidates,
 * so they are dropped once its references and normalized subject are
 * parsed (16 MB of main's 100 000 commits, issue 18). */
static char no_text[1];

static void free_text(char *s)
{
    if (s != no_text)
        free(s);
}

static void drop_text(cinfo *ci)
{
    free_text(ci->subject);
    free_text(ci->body);
    free_text(ci->author);
    free_text(ci->email);
    ci->subject = ci->body = ci->author = ci->email = no_text;
}

static void pk_refs_free(pk_refs *r)
{
    free(r->from_prs);
    free(r->picked_from);
    free(r->revert_subject);
}

void pk_line_free(line *l)
{
    for (size_t i = 0; i < l->n; i++) {
        drop_text(&l->c[i]);
        free(l->c[i].norm);
        pk_refs_free(&l->c[i].refs);
    }
    free(l->c);
    pk_map_free(&l->by_sha);
    pk_map_free(&l->by_pid);
    pk_map_free(&l->by_trailer);
    pk_map_free(&l->by_pr);
    pk_map_free(&l->by_subj);
    pk_map_free(&l->by_rsha);
    pk_map_free(&l->by_rpr);
    pk_map_free(&l->by_rsubj);
    memset(l, 0, sizeof *l);
}

typedef struct {
    char **v;
    size_t n, cap;
} pathv;

static void pathv_push(pathv *p, char *s)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->v = rc_xrealloc(p->v, p->cap * sizeof *p->v);
    }
    p->v[p->n++] = s;
}

/* Paths that differ between trees a and b (either may be NULL), walking
 * only the subtrees whose ids differ: a changed file by its path, an added,
 * removed or retyped folder by its own path (which covers what it holds). */
static void changed_paths(pathv *out, git_repository *repo, const git_tree *a, const git_tree *b,
                          const char *prefix, int depth)
{
    size_t nb = b ? git_tree_entrycount(b) : 0, na = a ? git_tree_entrycount(a) : 0;
    for (size_t i = 0; i < nb; i++) {
        const git_tree_entry *eb = git_tree_entry_byindex(b, i);
        const char *name = git_tree_entry_name(eb);
        const git_tree_entry *ea = a ? git_tree_entry_byname(a, name) : NULL;
        if (ea && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
            git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
            continue;
        char *path = rc_xasprintf("%s%s", prefix, name);
        git_tree *sa = NULL, *sb = NULL;
        if (ea && depth < 64 && git_tree_entry_type(ea) == GIT_OBJECT_TREE &&
            git_tree_entry_type(eb) == GIT_OBJECT_TREE &&
            git_tree_lookup(&sa, repo, git_tree_entry_id(ea)) == 0 &&
            git_tree_lookup(&sb, repo, git_tree_entry_id(eb)) == 0) {
            char *sub = rc_xasprintf("%s/", path);
            changed_paths(out, repo, sa, sb, sub, depth + 1);
            free(sub);
            free(path);
        } else {
            pathv_push(out, path);
        }
        git_tree_free(sa);
        git_tree_free(sb);
    }
    for (size_t i = 0; i < na; i++) {
        const char *name = git_tree_entry_name(git_tree_entry_byindex(a, i));
        if (!b || !git_tree_entry_byname(b, name))
            pathv_push(out, rc_xasprintf("%s%s", prefix, name));
    }
}

int pk_diff_trees(git_diff **out, git_repository *repo, git_tree *a, git_tree *b)
{
    pathv paths = {0};
    *out = NULL;
    changed_paths(&paths, repo, a, b, "", 0);
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH; /* literal paths, a folder covers its files */
    opts.pathspec.strings = paths.v;
    opts.pathspec.count = paths.n;
    int rc = paths.n ? git_diff_tree_to_tree(out, repo, a, b, &opts) : 0;
    rc_strv_free(paths.v, paths.n);
    return rc;
}

int rc_picks_patch_id(char out[41], git_repository *repo, const git_oid *id)
{
    git_commit *c = NULL;
    git_tree *t = NULL, *pt = NULL;
    git_diff *diff = NULL;
    int rc = RC_OK;
    out[0] = '\0';
    if (git_commit_lookup(&c, repo, id) != 0)
        return rc_error_from_git(RC_EGIT, "patch id: commit lookup");
    if (git_commit_parentcount(c) > 1) {
        git_commit_free(c);
        return rc_error_set(RC_ENOTFOUND, "patch id: %s is a merge", git_oid_tostr_s(id));
    }
    if (git_commit_tree(&t, c) != 0) {
        rc = rc_error_from_git(RC_EGIT, "patch id: tree");
        goto done;
    }
    if (git_commit_parentcount(c) == 1) {
        git_commit *p = NULL;
        int pr = git_commit_parent(&p, c, 0) != 0 || git_commit_tree(&pt, p) != 0;
        git_commit_free(p); /* also when its tree could not be read */
        if (pr) {
            rc = rc_error_from_git(RC_EGIT, "patch id: parent tree");
            goto done;
        }
    }
    int derr = pk_diff_trees(&diff, repo, pt, t);
    if (derr != 0) {
        rc = rc_error_from_git(RC_EGIT, "patch id: diff");
        goto done;
    }
    git_oid pid;
    if (!diff || git_diff_num_deltas(diff) == 0) {
        rc = rc_error_set(RC_ENOTFOUND, "patch id: empty commit");
        goto done;
    }
    if (git_diff_patchid(&pid, diff, NULL) != 0) {
        rc = rc_error_from_git(RC_EGIT, "patch id");
        goto done;
    }
    git_oid_tostr(out, 41, &pid);
done:
    git_diff_free(diff);
    git_tree_free(t);
    git_tree_free(pt);
    git_commit_free(c);
    return rc;
}

static uint64_t fnv(uint64_t h, const char *s, char end)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (h ^ (unsigned char)end) * 1099511628211ULL;
}

/* Hashes the paths that differ between trees a (may be NULL) and b,
 * descending only into subtrees whose ids differ. The order is the trees'
 * own, so two commits changing the same paths hash alike. */
static void fp_walk(uint64_t *h, size_t *changed, git_repository *repo, git_tree *a, git_tree *b,
                    int depth)
{
    size_t nb = b ? git_tree_entrycount(b) : 0, na = a ? git_tree_entrycount(a) : 0;
    for (size_t i = 0; i < nb; i++) {
        const git_tree_entry *eb = git_tree_entry_byindex(b, i);
        const char *name = git_tree_entry_name(eb);
        const git_tree_entry *ea = a ? git_tree_entry_byname(a, name) : NULL;
        if (ea && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
            git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb))
            continue;
        *h = fnv(*h, name, '/');
        (*changed)++;
        bool tb = git_tree_entry_type(eb) == GIT_OBJECT_TREE;
        bool ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
        if ((tb || ta) && depth < 64) {
            git_tree *sa = NULL, *sb = NULL;
            if (ta)
                git_tree_lookup(&sa, repo, git_tree_entry_id(ea));
            if (tb)
                git_tree_lookup(&sb, repo, git_tree_entry_id(eb));
            if (sb)
                fp_walk(h, changed, repo, sa, sb, depth + 1);
            else if (sa)
                fp_walk(h, changed, repo, NULL, sa, depth + 1);
            git_tree_free(sa);
            git_tree_free(sb);
        }
        *h = fnv(*h, "", ')');
    }
    for (size_t i = 0; i < na; i++) {
        const git_tree_entry *ea = git_tree_entry_byindex(a, i);
        const char *name = git_tree_entry_name(ea);
        if (b && git_tree_entry_byname(b, name))
            continue;
        *h = fnv(*h, name, '-'); /* deleted: its name is enough */
        (*changed)++;
    }
}

/* The changed paths of a commit, hashed: two commits can only have the same
 * patch id when they change the same paths, and this reads a few trees and
 * no blob (git_diff_tree_to_tree costs 10x more: it loads the diff config
 * and walks every subtree). Like `git cherry`, full patch ids are then
 * computed only for commits whose paths match one on the other side. */
static void path_fingerprint(cinfo *ci, git_repository *repo)
{
    git_oid id;
    git_commit *c = NULL, *p = NULL;
    git_tree *t = NULL, *pt = NULL;
    strcpy(ci->fp, "-");
    strcpy(ci->patch_id, "-");
    if (git_oid_fromstr(&id, ci->sha) || git_commit_lookup(&c, repo, &id) ||
        git_commit_parentcount(c) > 1 || git_commit_tree(&t, c))
        goto done;
    if (git_commit_parentcount(c) == 1 && (git_commit_parent(&p, c, 0) || git_commit_tree(&pt, p)))
        goto done;
    uint64_t h = 1469598103934665603ULL;
    size_t changed = 0;
    fp_walk(&h, &changed, repo, pt, t, 0);
    if (!changed)
        goto done;
    snprintf(ci->fp, sizeof ci->fp, "%016llx", (unsigned long long)h);
    ci->patch_id[0] = '\0'; /* computed on demand */
done:
    git_tree_free(t);
    git_tree_free(pt);
    git_commit_free(c);
    git_commit_free(p);
    rc_error_clear();
}

bool pk_ensure_patch_id(cinfo *ci, git_repository *repo)
{
    git_oid id;
    if (ci->patch_id[0] || !repo || git_oid_fromstr(&id, ci->sha) != 0)
        return false;
    if (rc_picks_patch_id(ci->patch_id, repo, &id) != 0)
        strcpy(ci->patch_id, "-");
    rc_error_clear();
    ci->pid_new = true;
    return true;
}

static void fill_from_git(cinfo *ci, git_repository *repo)
{
    git_oid id;
    git_commit *c;
    if (!repo || git_oid_fromstr(&id, ci->sha) != 0 || git_commit_lookup(&c, repo, &id) != 0)
        return;
    const char *s = git_commit_summary(c), *b = git_commit_body(c);
    ci->subject = rc_xstrdup(s ? s : "");
    ci->body = rc_xstrdup(b ? b : "");
    ci->author = rc_xstrdup(git_commit_author(c)->name);
    ci->email = rc_xstrdup(git_commit_author(c)->email);
    ci->date = git_commit_time(c);
    ci->is_merge = git_commit_parentcount(c) > 1;
    git_commit_free(c);
}

/* True when every one of cuts[0..ncuts) is on line name: then no commit
 * before the first of them met in the line's order is a candidate. */
static bool cuts_on_line(rc_db *db, const char *name, const char *const *cuts, size_t ncuts)
{
    sqlite3_stmt *st;
    bool all = ncuts > 0;
    if (!all || rc_db_prepare(&st, db, "SELECT 1 FROM line_commits WHERE sha = ?2 AND line = ?1")) {
        rc_error_clear();
        return false;
    }
    for (size_t i = 0; all && i < ncuts; i++) {
        sqlite3_reset(st);
        rc_sql_bind_text(st, 1, name);
        rc_sql_bind_text(st, 2, cuts[i]);
        all = cuts[i] && sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return all;
}

static bool is_cut(const char *sha, const char *const *cuts, size_t ncuts)
{
    for (size_t i = 0; i < ncuts; i++)
        if (strcmp(sha, cuts[i]) == 0)
            return true;
    return false;
}

int pk_load_line(line *out, rc_db *db, git_repository *repo, const char *name,
                 const char *pr_pattern)
{
    return pk_load_line_cuts(out, db, repo, name, pr_pattern, NULL, 0);
}

int pk_load_line_cuts(line *out, rc_db *db, git_repository *repo, const char *name,
                      const char *pr_pattern, const char *const *cuts, size_t ncuts)
{
    memset(out, 0, sizeof *out);
    bool before = cuts_on_line(db, name, cuts, ncuts);
    sqlite3_stmt *st;
    int r = rc_db_prepare(
        &st, db,
        "SELECT l.sha, c.sha, c.subject, c.body, c.author_name, c.commit_date,"
        " c.parents, c.patch_id, c.author_email FROM line_commits l LEFT JOIN commits c"
        " ON c.sha = l.sha WHERE l.line = ?1 ORDER BY l.pos");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, name);
    size_t cap = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 256;
            out->c = rc_xrealloc(out->c, cap * sizeof *out->c);
        }
        cinfo *ci = &out->c[out->n++];
        memset(ci, 0, sizeof *ci);
        const char *sha = rc_sql_text(st, 0);
        snprintf(ci->sha, sizeof ci->sha, "%s", sha ? sha : "");
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            fill_from_git(ci, repo);
        } else {
            ci->subject = rc_sql_dup(st, 2);
            ci->body = rc_sql_dup(st, 3);
            ci->author = rc_sql_dup(st, 4);
            ci->date = sqlite3_column_int64(st, 5);
            ci->email = rc_sql_dup(st, 8);
            const char *parents = rc_sql_text(st, 6);
            ci->is_merge = parents && strchr(parents, ' ') != NULL;
            /* commits.patch_id holds "FP" or "FP:PATCHID" (see cache_form) */
            const char *pid = rc_sql_text(st, 7);
            if (pid && (strlen(pid) == 16 || (strlen(pid) == 1 && pid[0] == '-'))) {
                memcpy(ci->fp, pid, strlen(pid) + 1);
            } else if (pid && strlen(pid) == 16 + 1 + 40 && pid[16] == ':') {
                memcpy(ci->fp, pid, 16);
                ci->fp[16] = '\0';
                memcpy(ci->patch_id, pid + 17, 41);
            }
            if (ci->fp[0] == '-')
                strcpy(ci->patch_id, "-");
        }
        if (!ci->subject)
            ci->subject = rc_xstrdup("");
        if (!ci->body)
            ci->body = rc_xstrdup("");
        if (!ci->author)
            ci->author = rc_xstrdup("");
        if (!ci->email)
            ci->email = rc_xstrdup("");
        pk_refs_set(&ci->refs, ci->subject, ci->body, pr_pattern);
        ci->norm = rc_refs_normalize_subject(ci->subject, pr_pattern);
        before = before && !is_cut(ci->sha, cuts, ncuts);
        if (before)
            drop_text(ci);
    }
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) {
        pk_line_free(out);
        return rc_db_error(db, "reading line_commits");
    }
    for (size_t i = 0; i < out->n; i++) {
        cinfo *ci = &out->c[i];
        if (ci->is_merge) {
            strcpy(ci->fp, "-");
            strcpy(ci->patch_id, "-");
        } else if (!ci->fp[0] && repo) {
            path_fingerprint(ci, repo);
            ci->pid_new = true;
        }
    }
    return 0;
}

const char *pk_pid_of(const cinfo *c)
{
    return (c->patch_id[0] && c->patch_id[0] != '-') ? c->patch_id : NULL;
}

void pk_line_index(line *l)
{
    size_t n = l->n, k = 0;
    for (size_t i = 0; i < n; i++)
        k += 1 + l->c[i].refs.n_picked_from + l->c[i].refs.n_from_prs;
    pk_map_init(&l->by_sha, n, false);
    pk_map_init(&l->by_pid, n, false);
    pk_map_init(&l->by_trailer, k, false);
    pk_map_init(&l->by_pr, k, true);
    pk_map_init(&l->by_subj, n, false);
    pk_map_init(&l->by_rsha, n, false);
    pk_map_init(&l->by_rpr, n, true);
    pk_map_init(&l->by_rsubj, n, false);
    for (size_t i = 0; i < n; i++) {
        cinfo *c = &l->c[i];
        pk_map_put(&l->by_sha, c->sha, i);
        pk_map_put(&l->by_pid, pk_pid_of(c), i);
        for (size_t j = 0; j < c->refs.n_picked_from; j++)
            pk_map_put(&l->by_trailer, c->refs.picked_from[j], i);
        pk_map_putl(&l->by_pr, c->refs.pr, i);
        for (size_t j = 0; j < c->refs.n_from_prs; j++)
            pk_map_putl(&l->by_pr, c->refs.from_prs[j], i);
        pk_map_put(&l->by_subj, c->norm, i);
        if (c->refs.is_revert) {
            pk_map_put(&l->by_rsha, c->refs.revert_sha, i);
            pk_map_putl(&l->by_rpr, c->refs.revert_pr, i);
            pk_map_put(&l->by_rsubj, c->refs.revert_subject, i);
        }
    }
}

int pk_write_patch_ids(rc_db *db, const line *l)
{
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db, "UPDATE commits SET patch_id = ?2 WHERE sha = ?1");
    if (rc)
        return rc;
    for (size_t i = 0; i < l->n; i++) {
        if (!l->c[i].pid_new)
            continue;
        sqlite3_reset(st);
        rc_sql_bind_text(st, 1, l->c[i].sha);
        char form[16 + 1 + 40 + 1];
        const cinfo *c = &l->c[i];
        if (c->fp[0] == '-')
            strcpy(form, "-");
        else if (c->patch_id[0] && c->patch_id[0] != '-')
            snprintf(form, sizeof form, "%s:%s", c->fp, c->patch_id);
        else
            snprintf(form, sizeof form, "%s", c->fp);
        rc_sql_bind_text(st, 2, form);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return rc_db_error(db, "caching patch ids");
        }
    }
    sqlite3_finalize(st);
    return 0;
}

const char *pk_main_line_name(rc_db *db, const rc_config *cfg, char **hold)
{
    const char *m = rc_config_text(cfg, "relcap.mainBranch");
    *hold = NULL;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db, "SELECT 1 FROM line_commits WHERE line = ?1 LIMIT 1") == 0) {
        rc_sql_bind_text(st, 1, m);
        if (sqlite3_step(st) != SQLITE_ROW) {
            /* a sync that only saw the remote-tracking branch */
            char *alt = rc_xasprintf("%s/%s", rc_config_text(cfg, "relcap.remote"), m);
            sqlite3_reset(st);
            rc_sql_bind_text(st, 1, alt);
            if (sqlite3_step(st) == SQLITE_ROW)
                *hold = alt;
            else
                free(alt);
        }
        sqlite3_finalize(st);
    }
    return *hold ? *hold : m;
}
