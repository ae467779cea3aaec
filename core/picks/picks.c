/* The cherry-pick engine: candidates, evidence, reverts, policy, conflicts.
 *
 * Shape of a compute: main's line is loaded once (commits joined from the
 * cache, patch ids computed only where the cache has none), then for each
 * branch its own line is loaded and indexed in hash tables by patch id,
 * trailer sha, referenced PR, normalized subject and revert target, so that
 * every candidate is settled with a handful of lookups (no O(n*m) scan).
 * Conflicts are tried in memory (git_cherrypick_commit) only for pending
 * candidates whose (sha, head) pair is not cached yet. All results are
 * written at the end in one transaction, so readers never see a half
 * computed branch and the write lock is held only briefly. */
#include "core/picks/picks.h"

#include "core/picks/category.h"
#include "core/base/error.h"
#include "core/picks/refs.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NONE ((size_t)-1)
#define ENGINE_STAMP "picks-engine-4" /* bump when the rules change: caches recompute */

/* ---- small hash maps: string keys (borrowed) or long keys -> index ---- */

typedef struct {
    const char **keys;
    long *nkeys;
    size_t *vals;
    size_t cap, n;
} map;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static uint64_t hash_long(long v)
{
    uint64_t x = (uint64_t)v * 0x9E3779B97F4A7C15ULL;
    return x ^ (x >> 29);
}

static void map_init(map *m, size_t expect, bool longkeys)
{
    size_t cap = 16;
    while (cap < expect * 2 + 2)
        cap <<= 1;
    m->cap = cap;
    m->n = 0;
    m->keys = longkeys ? NULL : rc_xcalloc(cap, sizeof *m->keys);
    m->nkeys = longkeys ? rc_xcalloc(cap, sizeof *m->nkeys) : NULL;
    m->vals = rc_xcalloc(cap, sizeof *m->vals);
}

static void map_free(map *m)
{
    free(m->keys);
    free(m->nkeys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* First insertion wins: the oldest commit is the one recorded. Capacity is
 * fixed at init (twice the most keys ever inserted). */
static void map_put(map *m, const char *k, size_t v)
{
    if (!k || !*k || m->n * 2 >= m->cap)
        return;
    size_t i = hash_str(k) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], k) == 0)
            return;
        i = (i + 1) & (m->cap - 1);
    }
    m->keys[i] = k;
    m->vals[i] = v;
    m->n++;
}

static size_t map_get(const map *m, const char *k)
{
    if (!k || !*k || !m->cap)
        return NONE;
    size_t i = hash_str(k) & (m->cap - 1);
    while (m->keys[i]) {
        if (strcmp(m->keys[i], k) == 0)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NONE;
}

static void map_putl(map *m, long k, size_t v)
{
    if (k <= 0 || m->n * 2 >= m->cap)
        return;
    size_t i = hash_long(k) & (m->cap - 1);
    while (m->nkeys[i]) {
        if (m->nkeys[i] == k)
            return;
        i = (i + 1) & (m->cap - 1);
    }
    m->nkeys[i] = k;
    m->vals[i] = v;
    m->n++;
}

static size_t map_getl(const map *m, long k)
{
    if (k <= 0 || !m->cap)
        return NONE;
    size_t i = hash_long(k) & (m->cap - 1);
    while (m->nkeys[i]) {
        if (m->nkeys[i] == k)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NONE;
}

/* ---- commits of a line ---- */

typedef struct {
    char sha[41];
    char *subject, *body, *author;
    int64_t date;
    char fp[17];       /* hash of the changed paths; "-" none (merge, empty), "" unknown */
    char patch_id[41]; /* full patch id, "-" none, "" not computed (yet) */
    bool pid_new;      /* fp or patch id computed now: write back to commits.patch_id */
    bool is_merge;
    rc_refs refs;
    char *norm;
} cinfo;

typedef struct {
    cinfo *c;
    size_t n;
    map by_sha, by_pid, by_trailer, by_pr, by_subj, by_rsha, by_rpr, by_rsubj;
} line;

static void line_free(line *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->c[i].subject);
        free(l->c[i].body);
        free(l->c[i].author);
        free(l->c[i].norm);
        rc_refs_free(&l->c[i].refs);
    }
    free(l->c);
    map_free(&l->by_sha);
    map_free(&l->by_pid);
    map_free(&l->by_trailer);
    map_free(&l->by_pr);
    map_free(&l->by_subj);
    map_free(&l->by_rsha);
    map_free(&l->by_rpr);
    map_free(&l->by_rsubj);
    memset(l, 0, sizeof *l);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? rc_xstrdup((const char *)t) : NULL;
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
        git_commit *p;
        if (git_commit_parent(&p, c, 0) != 0 || git_commit_tree(&pt, p) != 0) {
            rc = rc_error_from_git(RC_EGIT, "patch id: parent tree");
            goto done;
        }
        git_commit_free(p);
    }
    if (git_diff_tree_to_tree(&diff, repo, pt, t, NULL) != 0) {
        rc = rc_error_from_git(RC_EGIT, "patch id: diff");
        goto done;
    }
    git_oid pid;
    if (git_diff_num_deltas(diff) == 0) {
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

/* Full patch id, when not known yet; true when it was computed now. */
static bool ensure_patch_id(cinfo *ci, git_repository *repo)
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
    ci->date = git_commit_time(c);
    ci->is_merge = git_commit_parentcount(c) > 1;
    git_commit_free(c);
}

static int load_line(line *out, rc_db *db, git_repository *repo, const char *name,
                     const char *pr_pattern, size_t *pids_computed)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT l.sha, c.sha, c.subject, c.body, c.author_name, c.commit_date,"
                          " c.parents, c.patch_id FROM line_commits l LEFT JOIN commits c"
                          " ON c.sha = l.sha WHERE l.line = ?1 ORDER BY l.pos");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 256;
            out->c = rc_xrealloc(out->c, cap * sizeof *out->c);
        }
        cinfo *ci = &out->c[out->n++];
        memset(ci, 0, sizeof *ci);
        const char *sha = (const char *)sqlite3_column_text(st, 0);
        snprintf(ci->sha, sizeof ci->sha, "%s", sha ? sha : "");
        if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            fill_from_git(ci, repo);
        } else {
            ci->subject = col_dup(st, 2);
            ci->body = col_dup(st, 3);
            ci->author = col_dup(st, 4);
            ci->date = sqlite3_column_int64(st, 5);
            const char *parents = (const char *)sqlite3_column_text(st, 6);
            ci->is_merge = parents && strchr(parents, ' ') != NULL;
            /* commits.patch_id holds "FP" or "FP:PATCHID" (see cache_form) */
            const char *pid = (const char *)sqlite3_column_text(st, 7);
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
    }
    sqlite3_finalize(st);
    if (r != SQLITE_DONE) {
        line_free(out);
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
        (void)pids_computed;
        rc_refs_parse(&ci->refs, ci->subject, ci->body, pr_pattern);
        ci->norm = rc_refs_normalize_subject(ci->subject, pr_pattern);
    }
    return 0;
}

static const char *pid_of(const cinfo *c)
{
    return (c->patch_id[0] && c->patch_id[0] != '-') ? c->patch_id : NULL;
}

static void line_index(line *l)
{
    size_t n = l->n, k = 0;
    for (size_t i = 0; i < n; i++)
        k += 1 + l->c[i].refs.n_picked_from + l->c[i].refs.n_from_prs;
    map_init(&l->by_sha, n, false);
    map_init(&l->by_pid, n, false);
    map_init(&l->by_trailer, k, false);
    map_init(&l->by_pr, k, true);
    map_init(&l->by_subj, n, false);
    map_init(&l->by_rsha, n, false);
    map_init(&l->by_rpr, n, true);
    map_init(&l->by_rsubj, n, false);
    for (size_t i = 0; i < n; i++) {
        cinfo *c = &l->c[i];
        map_put(&l->by_sha, c->sha, i);
        map_put(&l->by_pid, pid_of(c), i);
        for (size_t j = 0; j < c->refs.n_picked_from; j++)
            map_put(&l->by_trailer, c->refs.picked_from[j], i);
        map_putl(&l->by_pr, c->refs.pr, i);
        for (size_t j = 0; j < c->refs.n_from_prs; j++)
            map_putl(&l->by_pr, c->refs.from_prs[j], i);
        map_put(&l->by_subj, c->norm, i);
        if (c->refs.is_revert) {
            map_put(&l->by_rsha, c->refs.revert_sha, i);
            map_putl(&l->by_rpr, c->refs.revert_pr, i);
            map_put(&l->by_rsubj, c->refs.revert_subject, i);
        }
    }
}

/* ---- per-branch evaluation ---- */

typedef struct {
    const char *state;
    const char *evidence;
    size_t picked_as; /* index into the branch line, NONE */
    const char *category;
    char reverts[41];
    size_t reverted_by; /* index into main of a later revert, NONE */
    bool conflict_known, clean;
    char *paths;
    bool ext_pick;     /* picked by a merged release-branch PR (evidence release-pr) */
    char ext_sha[41];  /* that PR's merge sha when not on the branch line, "" unknown */
    long review_pr;    /* open release-branch PR carrying it, 0 none */
    int64_t requested; /* tracker comment requesting it, 0 none */
} result;

typedef struct {
    size_t idx;
    char *reason;
} violation;

typedef struct {
    char *name, *cut, *head;
    size_t first; /* first candidate index in main */
    result *res;  /* main->n entries; only [first, n) used */
    violation *viol;
    size_t nviol;
    line bl;
    char stamp[512];
} branch_work;

/* Evidence that B holds candidate c. */
static size_t find_pick(const line *b, const cinfo *c, const char **evidence)
{
    size_t j;
    if ((j = map_get(&b->by_pid, pid_of(c))) != NONE) {
        *evidence = "patch-id";
        return j;
    }
    if ((j = map_get(&b->by_trailer, c->sha)) != NONE) {
        *evidence = "trailer";
        return j;
    }
    if ((j = map_getl(&b->by_pr, c->refs.pr)) != NONE &&
        !b->c[j].refs.is_revert == !c->refs.is_revert) {
        *evidence = "pr-reference";
        return j;
    }
    if ((j = map_get(&b->by_subj, c->norm)) != NONE) {
        *evidence = "subject";
        return j;
    }
    return NONE;
}

/* A revert on B undoing the same commit as revert c (target t on main, or
 * NONE; picked_as the target's pick on B, or NONE). */
static size_t find_revert_on_branch(const line *b, const line *m, const cinfo *c, size_t t,
                                    size_t t_on_b, const char **evidence)
{
    size_t j = find_pick(b, c, evidence);
    if (j != NONE)
        return j;
    if (c->refs.revert_sha[0] && (j = map_get(&b->by_rsha, c->refs.revert_sha)) != NONE) {
        *evidence = "trailer";
        return j;
    }
    if (t_on_b != NONE && (j = map_get(&b->by_rsha, b->c[t_on_b].sha)) != NONE) {
        *evidence = "trailer";
        return j;
    }
    long tpr = c->refs.revert_pr ? c->refs.revert_pr : (t != NONE ? m->c[t].refs.pr : 0);
    if ((j = map_getl(&b->by_rpr, tpr)) != NONE) {
        *evidence = "pr-reference";
        return j;
    }
    if (c->refs.revert_subject && (j = map_get(&b->by_rsubj, c->refs.revert_subject)) != NONE) {
        *evidence = "subject";
        return j;
    }
    return NONE;
}

/* A path only a release branch changes on its own: CI configuration and
 * the files that pin the version or describe the release. */
static bool release_path(const char *path)
{
    static const char *const dirs[] = {".github/",   ".buildkite/", ".circleci/",
                                       ".gitlab-ci", "ci/",         NULL};
    static const char *const names[] = {"version.py", "_version.py",  "VERSION",    "version.txt",
                                        "RELEASE.md", "CHANGELOG.md", "CHANGES.md", NULL};
    for (size_t i = 0; dirs[i]; i++)
        if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
            return true;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(base, names[i]) == 0)
            return true;
    return false;
}

static int release_path_cb(const git_diff_delta *d, float progress, void *payload)
{
    (void)progress;
    bool *all = payload;
    if (!release_path(d->new_file.path) || !release_path(d->old_file.path)) {
        *all = false;
        return 1; /* stop: one other path decides */
    }
    return 0;
}

/* True when every path the commit changes against its first parent is
 * release-branch-specific (release_path); false for an empty diff. */
static bool only_release_paths(git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c = NULL, *p = NULL;
    git_tree *t = NULL, *pt = NULL;
    git_diff *diff = NULL;
    bool all = false;
    if (!repo || git_oid_fromstr(&id, sha) != 0 || git_commit_lookup(&c, repo, &id) != 0)
        goto done;
    if (git_commit_parentcount(c) != 1 || git_commit_parent(&p, c, 0) != 0 ||
        git_commit_tree(&t, c) != 0 || git_commit_tree(&pt, p) != 0 ||
        git_diff_tree_to_tree(&diff, repo, pt, t, NULL) != 0 || git_diff_num_deltas(diff) == 0)
        goto done;
    all = true;
    git_diff_foreach(diff, release_path_cb, NULL, NULL, NULL, &all);
done:
    git_diff_free(diff);
    git_tree_free(pt);
    git_tree_free(t);
    git_commit_free(p);
    git_commit_free(c);
    return all;
}

/* True when sha is an ancestor of (or equal to) the cut. */
static bool before_cut(git_repository *repo, const char *cut, const char *sha)
{
    git_oid c, s;
    if (!repo || git_oid_fromstr(&c, cut) != 0 || git_oid_fromstr(&s, sha) != 0)
        return false;
    if (git_oid_equal(&c, &s))
        return true;
    return git_graph_descendant_of(repo, &c, &s) == 1;
}

/* Every "#N" the text names. */
static size_t hash_numbers(long *out, size_t max, const char *text)
{
    size_t n = 0;
    for (const char *p = text; p && *p && n < max; p++) {
        if (*p != '#' || p[1] < '0' || p[1] > '9')
            continue;
        long v = 0;
        int d = 0;
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9' && d < 10) {
            v = v * 10 + (*q - '0');
            q++;
            d++;
        }
        if (d < 10 && v > 0)
            out[n++] = v;
        p = q - 1;
    }
    return n;
}

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

/* In-memory cherry-pick of sha onto head: 1 clean, 0 conflict (paths set),
 * negative on error. */
static int try_cherrypick(char **paths, git_repository *repo, const char *sha, const char *head)
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

static const char *labels_of(sqlite3_stmt *st, long pr, char **hold)
{
    free(*hold);
    *hold = NULL;
    if (!st || pr <= 0)
        return NULL;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, pr);
    if (sqlite3_step(st) == SQLITE_ROW)
        *hold = col_dup(st, 0);
    return *hold;
}

static void make_stamp(char *out, size_t n, const char *head, const line *main, const char *cut,
                       const rc_config *cfg, rc_db *db, bool conflicts)
{
    rc_buf b = {0};
    rc_buf_printf(&b, "%s|%s|%s|%s|%d", ENGINE_STAMP, head ? head : "", cut ? cut : "",
                  main->n ? main->c[main->n - 1].sha : "", conflicts);
    const char *s;
    if (cfg && rc_config_string(&s, cfg, "relcap.prPattern") == 0 && s)
        rc_buf_printf(&b, "|%s", s);
    const char *keys[] = {"relcap.categoryPrefix", "relcap.categoryLabel"};
    for (size_t k = 0; k < 2; k++) {
        const char *const *v;
        size_t nv;
        if (cfg && rc_config_multi(&v, &nv, cfg, keys[k]) == 0)
            for (size_t i = 0; i < nv; i++)
                rc_buf_printf(&b, "|%s", v[i]);
    }
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db, "SELECT count(*), max(updated_at) FROM prs") == 0) {
        if (sqlite3_step(st) == SQLITE_ROW)
            rc_buf_printf(&b, "|prs:%lld:%lld", (long long)sqlite3_column_int64(st, 0),
                          (long long)sqlite3_column_int64(st, 1));
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT count(*), total(comment_id), total(tracker), total(on_trunk),"
                      " group_concat(trunk_prs || category, '|')"
                      " FROM tracker_requests") == 0) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *cat = (const char *)sqlite3_column_text(st, 4);
            rc_buf_printf(&b, "|req:%lld:%.0f:%.0f:%.0f:%016llx",
                          (long long)sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1),
                          sqlite3_column_double(st, 2), sqlite3_column_double(st, 3),
                          (unsigned long long)hash_str(cat ? cat : ""));
        }
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT group_concat(number || ':' || version, '|') FROM trackers") == 0) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            rc_buf_printf(&b, "|trk:%016llx",
                          (unsigned long long)hash_str((const char *)sqlite3_column_text(st, 0)));
        sqlite3_finalize(st);
    }
    /* a short digest keeps meta small whatever the config holds */
    char *all = rc_buf_detach(&b);
    snprintf(out, n, "%s %s %016llx", head ? head : "", main->n ? main->c[main->n - 1].sha : "",
             (unsigned long long)hash_str(all));
    free(all);
}

static const char *main_line_name(rc_db *db, const rc_config *cfg, char **hold)
{
    const char *m = "main";
    if (cfg)
        rc_config_string(&m, cfg, "relcap.mainBranch");
    if (!m)
        m = "main";
    *hold = NULL;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db, "SELECT 1 FROM line_commits WHERE line = ?1 LIMIT 1") == 0) {
        sqlite3_bind_text(st, 1, m, -1, SQLITE_TRANSIENT);
        bool found = sqlite3_step(st) == SQLITE_ROW;
        if (!found) {
            /* a sync that only saw the remote-tracking branch */
            const char *remote = "origin";
            if (cfg)
                rc_config_string(&remote, cfg, "relcap.remote");
            char *alt = rc_xasprintf("%s/%s", remote ? remote : "origin", m);
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, alt, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW)
                *hold = alt;
            else
                free(alt);
        }
        sqlite3_finalize(st);
    }
    return *hold ? *hold : m;
}

/* Cached conflict outcome; true when found. */
static bool cached_conflict(sqlite3_stmt *st, const char *sha, const char *onto, bool *clean,
                            char **paths)
{
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, onto, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW)
        return false;
    *clean = sqlite3_column_int(st, 0) != 0;
    *paths = col_dup(st, 1);
    return true;
}

/* ---- GitHub evidence: release-branch PRs and tracker requests ---- */

typedef struct {
    long number;
    bool merged;
    char merge_sha[41];
    long trunk[8]; /* trunk PRs it names */
    size_t ntrunk;
} relpr;

typedef struct {
    relpr *prs;
    size_t nprs;
    map merged, open; /* trunk PR -> index into prs */
    map bynum;        /* release PR number -> index into prs */
    long *req_prs;    /* trunk PRs requested on the branch's tracker */
    int64_t *req_comment;
    const char **req_cat; /* category the request names, NULL none */
    size_t nreq;
    map req; /* trunk PR -> index into req_* */
} ghinfo;

static void ghinfo_free(ghinfo *g)
{
    free(g->prs);
    free(g->req_prs);
    free(g->req_comment);
    free(g->req_cat);
    map_free(&g->merged);
    map_free(&g->open);
    map_free(&g->bynum);
    map_free(&g->req);
    memset(g, 0, sizeof *g);
}

/* The branch name as GitHub's base.ref spells it: without the remote. */
static const char *base_ref(const char *branch, const rc_config *cfg)
{
    const char *remote = "origin";
    if (cfg)
        rc_config_string(&remote, cfg, "relcap.remote");
    if (!remote)
        remote = "origin";
    size_t n = strlen(remote);
    if (strncmp(branch, remote, n) == 0 && branch[n] == '/')
        return branch + n + 1;
    return branch;
}

/* Loads the PRs whose base is the branch and the tracker requests of its
 * release; each trunk PR they name goes into a hash map, so settling a
 * candidate costs a lookup. Missing tables or rows leave the maps empty. */
static void load_ghinfo(ghinfo *g, rc_db *db, const rc_config *cfg, const char *branch,
                        const char *pr_pattern)
{
    memset(g, 0, sizeof *g);
    /* (trunk PR, release PR index) pairs; the maps do not grow, so they are
     * sized once every pair is known */
    long *links = NULL;
    size_t nlinks = 0, lcap = 0, nmerged = 0;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT number, state, merged_at, merge_sha, title, body FROM prs"
                      " WHERE base = ?1 OR base = ?2 ORDER BY number") == 0) {
        sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, base_ref(branch, cfg), -1, SQLITE_TRANSIENT);
        size_t cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *state = (const char *)sqlite3_column_text(st, 1);
            bool merged = sqlite3_column_type(st, 2) != SQLITE_NULL ||
                          (state && strcmp(state, "merged") == 0);
            bool open = !merged && state && strcmp(state, "open") == 0;
            if (!merged && !open)
                continue; /* closed unmerged: no evidence either way */
            if (g->nprs == cap) {
                cap = cap ? cap * 2 : 16;
                g->prs = rc_xrealloc(g->prs, cap * sizeof *g->prs);
            }
            relpr *p = &g->prs[g->nprs];
            memset(p, 0, sizeof *p);
            p->number = (long)sqlite3_column_int64(st, 0);
            p->merged = merged;
            const char *ms = (const char *)sqlite3_column_text(st, 3);
            if (ms && strlen(ms) == 40)
                memcpy(p->merge_sha, ms, 41);
            rc_refs refs;
            if (rc_refs_parse(&refs, (const char *)sqlite3_column_text(st, 4),
                              (const char *)sqlite3_column_text(st, 5), pr_pattern) != 0) {
                rc_error_clear();
                continue;
            }
            /* a PR title never carries its own number: "(#N)" there names
             * the trunk PR */
            for (size_t j = 0; j <= refs.n_from_prs; j++) {
                long n = j < refs.n_from_prs ? refs.from_prs[j] : refs.pr;
                if (n <= 0 || n == p->number)
                    continue;
                if (nlinks + 2 > lcap) {
                    lcap = lcap ? lcap * 2 : 32;
                    links = rc_xrealloc(links, lcap * sizeof *links);
                }
                links[nlinks++] = n;
                links[nlinks++] = (long)g->nprs;
                nmerged += merged;
                if (p->ntrunk < sizeof p->trunk / sizeof p->trunk[0])
                    p->trunk[p->ntrunk++] = n;
            }
            rc_refs_free(&refs);
            g->nprs++;
        }
        sqlite3_finalize(st);
    }
    map_init(&g->bynum, g->nprs, true);
    for (size_t i = 0; i < g->nprs; i++)
        map_putl(&g->bynum, g->prs[i].number, i);
    /* the tracker of the branch's release: same version, or the release
     * line the branch stands for (X.Y) */
    if (rc_db_prepare(&st, db,
                      "SELECT r.comment_id, r.trunk_prs, r.category, r.release_prs"
                      " FROM tracker_requests r"
                      " JOIN trackers t ON t.number = r.tracker"
                      " JOIN branches b ON b.name = ?1"
                      " WHERE ltrim(t.version, 'vV') = b.version"
                      "    OR ltrim(t.version, 'vV') = b.release"
                      "    OR ltrim(t.version, 'vV') LIKE b.release || '.%'"
                      " ORDER BY r.comment_id") == 0) {
        sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
        size_t cap = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *arr = cJSON_Parse((const char *)sqlite3_column_text(st, 1));
            const char *cat = rc_category_from_text((const char *)sqlite3_column_text(st, 2));
            cJSON *it;
            cJSON_ArrayForEach(it, arr)
            {
                if (!cJSON_IsNumber(it) || it->valuedouble < 1 || it->valuedouble > 1e15)
                    continue; /* (long) of a larger double is undefined */
                if (g->nreq == cap) {
                    cap = cap ? cap * 2 : 16;
                    g->req_prs = rc_xrealloc(g->req_prs, cap * sizeof *g->req_prs);
                    g->req_comment = rc_xrealloc(g->req_comment, cap * sizeof *g->req_comment);
                    g->req_cat = rc_xrealloc(g->req_cat, cap * sizeof *g->req_cat);
                }
                g->req_prs[g->nreq] = (long)it->valuedouble;
                g->req_comment[g->nreq] = sqlite3_column_int64(st, 0);
                g->req_cat[g->nreq] = cat;
                g->nreq++;
                /* the release PRs the request names carry this trunk PR,
                 * whatever their own text says */
                cJSON *rel = cJSON_Parse((const char *)sqlite3_column_text(st, 3)), *rt;
                cJSON_ArrayForEach(rt, rel)
                {
                    size_t idx =
                        cJSON_IsNumber(rt) && rt->valuedouble >= 1 && rt->valuedouble <= 1e15
                            ? map_getl(&g->bynum, (long)rt->valuedouble)
                            : NONE;
                    if (idx == NONE)
                        continue;
                    if (nlinks + 2 > lcap) {
                        lcap = lcap ? lcap * 2 : 32;
                        links = rc_xrealloc(links, lcap * sizeof *links);
                    }
                    links[nlinks++] = g->req_prs[g->nreq - 1];
                    links[nlinks++] = (long)idx;
                    nmerged += g->prs[idx].merged;
                }
                cJSON_Delete(rel);
            }
            cJSON_Delete(arr);
        }
        sqlite3_finalize(st);
    }
    map_init(&g->merged, nmerged, true);
    map_init(&g->open, nlinks / 2 - nmerged, true);
    for (size_t i = 0; i < nlinks; i += 2) {
        size_t idx = (size_t)links[i + 1];
        map_putl(g->prs[idx].merged ? &g->merged : &g->open, links[i], idx);
    }
    free(links);
    map_init(&g->req, g->nreq, true);
    for (size_t i = 0; i < g->nreq; i++)
        map_putl(&g->req, g->req_prs[i], i);
}

static int eval_branch(branch_work *w, rc_picks_branch_report *rep, line *m, rc_db *db,
                       git_repository *repo, const rc_config *cfg, const rc_category_rules *rules,
                       const char *pr_pattern, const map *newprs_unused, bool conflict_check,
                       const char *prev_cut)
{
    (void)newprs_unused;
    line *b = &w->bl;
    /* first candidate: just after the cut on main's line */
    size_t cut = map_get(&m->by_sha, w->cut);
    if (cut != NONE) {
        w->first = cut + 1;
    } else {
        /* The cut is older than the line (the oldest cut) or off the first-
         * parent line: the commits before it form a prefix; find its end. */
        size_t lo = 0, hi = m->n;
        /* usual case, the oldest cut: main's line starts right after it */
        git_oid first_id, cut_id;
        git_commit *fc;
        if (repo && m->n && git_oid_fromstr(&first_id, m->c[0].sha) == 0 &&
            git_oid_fromstr(&cut_id, w->cut) == 0 && git_commit_lookup(&fc, repo, &first_id) == 0) {
            if (git_commit_parentcount(fc) > 0 &&
                git_oid_equal(git_commit_parent_id(fc, 0), &cut_id))
                hi = 0;
            git_commit_free(fc);
        }
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (before_cut(repo, w->cut, m->c[mid].sha))
                lo = mid + 1;
            else
                hi = mid;
        }
        w->first = lo;
    }
    /* PRs merged since the previous release's cut and before this cut:
     * features new in this release, whose fixes are new-feature-fix. */
    size_t pstart = 0;
    if (prev_cut) {
        size_t pc = map_get(&m->by_sha, prev_cut);
        pstart = pc == NONE ? 0 : pc + 1;
    }
    /* full patch ids only where the changed paths match across the sides */
    map mfp, bfp;
    map_init(&mfp, m->n, false);
    map_init(&bfp, b->n, false);
    for (size_t i = w->first; i < m->n; i++)
        if (m->c[i].fp[0] != '-')
            map_put(&mfp, m->c[i].fp, i);
    for (size_t i = 0; i < b->n; i++)
        if (b->c[i].fp[0] != '-')
            map_put(&bfp, b->c[i].fp, i);
    for (size_t i = w->first; i < m->n; i++)
        if (map_get(&bfp, m->c[i].fp) != NONE && ensure_patch_id(&m->c[i], repo)) {
            rep->patch_ids_computed++;
            map_put(&m->by_pid, pid_of(&m->c[i]), i);
        }
    for (size_t i = 0; i < b->n; i++)
        if (map_get(&mfp, b->c[i].fp) != NONE && ensure_patch_id(&b->c[i], repo))
            rep->patch_ids_computed++;
    map_free(&mfp);
    map_free(&bfp);
    line_index(b);

    map newprs;
    map_init(&newprs, w->first > pstart ? w->first - pstart : 1, true);
    if (prev_cut)
        for (size_t i = pstart; i < w->first && i < m->n; i++)
            map_putl(&newprs, m->c[i].refs.pr, i);

    sqlite3_stmt *lab = NULL;
    if (rc_db_prepare(&lab, db, "SELECT labels FROM prs WHERE number = ?1") != 0)
        lab = NULL;
    char *hold = NULL;
    ghinfo gh;
    load_ghinfo(&gh, db, cfg, w->name, pr_pattern);
    w->res = rc_xcalloc(m->n ? m->n : 1, sizeof *w->res);
    for (size_t i = w->first; i < m->n; i++) {
        cinfo *c = &m->c[i];
        result *r = &w->res[i];
        r->picked_as = NONE;
        r->reverted_by = NONE;
        const char *labels = labels_of(lab, c->refs.pr, &hold);
        r->category = rc_category_of(rules, c->subject, labels);
        size_t q = gh.nreq ? map_getl(&gh.req, c->refs.pr) : NONE;
        if (q != NONE) {
            r->requested = gh.req_comment[q];
            /* the tracker's category, unless a label decides */
            if (gh.req_cat[q] && strcmp(rc_category_of(rules, "", labels), RC_CAT_UNKNOWN) == 0)
                r->category = gh.req_cat[q];
        }
        size_t op = gh.nprs ? map_getl(&gh.open, c->refs.pr) : NONE;
        if (op != NONE)
            r->review_pr = gh.prs[op].number;
        if (strcmp(r->category, RC_CAT_CRITICAL) == 0 && newprs.n) {
            long nums[32];
            size_t k = hash_numbers(nums, 16, c->subject);
            k += hash_numbers(nums + k, 16, c->body);
            for (size_t j = 0; j < k; j++)
                if (nums[j] != c->refs.pr && map_getl(&newprs, nums[j]) != NONE) {
                    r->category = RC_CAT_NEWFEATURE;
                    break;
                }
        }
        rep->candidates++;
        if (c->refs.is_revert)
            continue;
        r->picked_as = find_pick(b, c, &r->evidence);
        size_t mp = r->picked_as == NONE && gh.nprs ? map_getl(&gh.merged, c->refs.pr) : NONE;
        if (mp != NONE) {
            /* merged into B on GitHub, maybe not fetched yet */
            r->evidence = "release-pr";
            r->picked_as = map_get(&b->by_sha, gh.prs[mp].merge_sha);
            if (r->picked_as == NONE) {
                r->ext_pick = true;
                memcpy(r->ext_sha, gh.prs[mp].merge_sha, sizeof r->ext_sha);
            }
        }
        r->state = r->picked_as != NONE || r->ext_pick ? "picked" : "pending";
    }
    map_free(&newprs);
    /* reverts, in main's order */
    for (size_t i = w->first; i < m->n; i++) {
        cinfo *c = &m->c[i];
        result *r = &w->res[i];
        if (!c->refs.is_revert)
            continue;
        size_t t = NONE, t_on_b = NONE;
        bool on_b = false, known = false;
        if (c->refs.revert_sha[0]) {
            t = map_get(&m->by_sha, c->refs.revert_sha);
            if (t == NONE) {
                if ((t_on_b = map_get(&b->by_sha, c->refs.revert_sha)) != NONE)
                    on_b = known = true;
                else if (before_cut(repo, w->cut, c->refs.revert_sha))
                    on_b = known = true;
            }
        }
        if (t == NONE && !known && c->refs.revert_pr) {
            t = map_getl(&m->by_pr, c->refs.revert_pr);
            if (t != NONE && t >= i)
                t = NONE;
        }
        if (t == NONE && !known && c->refs.revert_subject) {
            t = map_get(&m->by_subj, c->refs.revert_subject);
            if (t != NONE && t >= i)
                t = NONE;
        }
        if (t != NONE) {
            known = true;
            snprintf(r->reverts, sizeof r->reverts, "%s", m->c[t].sha);
            if (t < w->first) {
                on_b = true;
            } else if (w->res[t].picked_as != NONE) {
                on_b = true;
                t_on_b = w->res[t].picked_as;
            } else if (w->res[t].ext_pick) {
                on_b = true;
            }
        } else if (!known) {
            /* target not on main's line: maybe only B knows it */
            size_t j = NONE;
            if (c->refs.revert_pr)
                j = map_getl(&b->by_pr, c->refs.revert_pr);
            if (j == NONE && c->refs.revert_subject)
                j = map_get(&b->by_subj, c->refs.revert_subject);
            if (j != NONE && !b->c[j].refs.is_revert) {
                on_b = known = true;
                t_on_b = j;
            }
        }
        if (!r->reverts[0] && t_on_b != NONE)
            snprintf(r->reverts, sizeof r->reverts, "%s",
                     c->refs.revert_sha[0] ? c->refs.revert_sha : b->c[t_on_b].sha);
        else if (!r->reverts[0] && c->refs.revert_sha[0])
            snprintf(r->reverts, sizeof r->reverts, "%s", c->refs.revert_sha);
        r->picked_as = find_revert_on_branch(b, m, c, t, t_on_b, &r->evidence);
        if (r->picked_as != NONE)
            r->state = "picked";
        else if (on_b)
            r->state = "revert-needed";
        else if (known)
            r->state = "not-needed";
        else
            r->state = "pending"; /* target unknown: the captain decides */
        if (t != NONE && t >= w->first)
            w->res[t].reverted_by = i;
    }
    /* a candidate reverted on main (by a revert not itself reverted) is not
     * needed, unless it reached B and B still lacks the revert */
    for (size_t i = w->first; i < m->n; i++) {
        result *r = &w->res[i];
        size_t rv = r->reverted_by;
        if (rv == NONE || w->res[rv].reverted_by != NONE)
            continue;
        if ((r->picked_as == NONE && !r->ext_pick) || strcmp(w->res[rv].state, "picked") == 0)
            r->state = "not-needed";
    }
    /* conflicts for what may still be applied */
    sqlite3_stmt *cc = NULL;
    if (conflict_check && repo && w->head &&
        rc_db_prepare(&cc, db, "SELECT clean, paths FROM conflicts WHERE sha = ?1 AND onto = ?2") ==
            0) {
        for (size_t i = w->first; i < m->n; i++) {
            result *r = &w->res[i];
            if (strcmp(r->state, "pending") != 0 && strcmp(r->state, "revert-needed") != 0)
                continue;
            if (cached_conflict(cc, m->c[i].sha, w->head, &r->clean, &r->paths)) {
                r->conflict_known = true;
                continue;
            }
            int ok = try_cherrypick(&r->paths, repo, m->c[i].sha, w->head);
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
    for (size_t i = w->first; i < m->n; i++) {
        const char *s = w->res[i].state;
        if (strcmp(s, "picked") == 0)
            rep->picked++;
        else if (strcmp(s, "pending") == 0)
            rep->pending++;
        else if (strcmp(s, "revert-needed") == 0)
            rep->revert_needed++;
        else
            rep->not_needed++;
        if (w->res[i].conflict_known && !w->res[i].clean)
            rep->conflicting++;
    }
    /* policy check of the branch's own commits */
    w->viol = rc_xcalloc(b->n ? b->n : 1, sizeof *w->viol);
    for (size_t i = 0; i < b->n; i++) {
        cinfo *y = &b->c[i];
        if (y->is_merge)
            continue;
        const char *cat = rc_category_of(rules, y->subject, labels_of(lab, y->refs.pr, &hold));
        bool on_main = map_get(&m->by_pid, pid_of(y)) != NONE ||
                       map_get(&m->by_subj, y->norm) != NONE ||
                       map_getl(&m->by_pr, y->refs.pr) != NONE;
        for (size_t j = 0; !on_main && j < y->refs.n_picked_from; j++)
            on_main = map_get(&m->by_sha, y->refs.picked_from[j]) != NONE;
        for (size_t j = 0; !on_main && j < y->refs.n_from_prs; j++)
            on_main = map_getl(&m->by_pr, y->refs.from_prs[j]) != NONE;
        /* the commit's PR into B names a trunk PR on main (GitHub) */
        size_t rp = !on_main && gh.nprs ? map_getl(&gh.bynum, y->refs.pr) : NONE;
        for (size_t j = 0; rp != NONE && !on_main && j < gh.prs[rp].ntrunk; j++)
            on_main = map_getl(&m->by_pr, gh.prs[rp].trunk[j]) != NONE;
        if (!on_main && y->refs.is_revert) {
            /* undoing a commit of the branch itself, or following main */
            on_main = map_get(&b->by_sha, y->refs.revert_sha) != NONE ||
                      map_get(&m->by_rsha, y->refs.revert_sha) != NONE ||
                      map_getl(&m->by_rpr, y->refs.revert_pr) != NONE ||
                      map_get(&m->by_rsubj, y->refs.revert_subject) != NONE ||
                      map_getl(&b->by_pr, y->refs.revert_pr) != NONE ||
                      map_get(&b->by_subj, y->refs.revert_subject) != NONE;
        }
        const char *reason = NULL;
        if (strcmp(cat, RC_CAT_FEATURE) == 0)
            reason = on_main ? "feature work after the cut (picked from main)"
                             : "feature work after the cut, not on main";
        else if (!on_main && strcmp(cat, RC_CAT_RELEASE) != 0 && !only_release_paths(repo, y->sha))
            reason = "not on main by any evidence and not release-specific";
        if (reason) {
            w->viol[w->nviol].idx = i;
            w->viol[w->nviol].reason = rc_xasprintf("%s (category %s)", reason, cat);
            w->nviol++;
        }
    }
    rep->violations = w->nviol;
    ghinfo_free(&gh);
    free(hold);
    sqlite3_finalize(lab);
    make_stamp(w->stamp, sizeof w->stamp, w->head, m, w->cut, cfg, db, conflict_check);
    (void)pr_pattern;
    return 0;
}

static int write_branch(rc_db *db, branch_work *w, const line *m, bool conflict_check)
{
    sqlite3_stmt *del = NULL, *ins = NULL, *vdel = NULL, *vins = NULL, *cins = NULL;
    int rc = 0;
    if ((rc = rc_db_prepare(&del, db, "DELETE FROM picks WHERE branch = ?1")) ||
        (rc = rc_db_prepare(&vdel, db, "DELETE FROM violations WHERE branch = ?1")) ||
        (rc = rc_db_prepare(&ins, db,
                            "INSERT INTO picks(branch, sha, pos, pr, category, state, evidence,"
                            " picked_as, reverts, review_pr, requested)"
                            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")) ||
        (rc = rc_db_prepare(&vins, db,
                            "INSERT OR REPLACE INTO violations(branch, sha, reason)"
                            " VALUES (?1,?2,?3)")) ||
        (rc = rc_db_prepare(&cins, db,
                            "INSERT OR REPLACE INTO conflicts(sha, onto, clean, paths)"
                            " VALUES (?1,?2,?3,?4)")))
        goto done;
    sqlite3_bind_text(del, 1, w->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(vdel, 1, w->name, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(del) != SQLITE_DONE || sqlite3_step(vdel) != SQLITE_DONE) {
        rc = rc_db_error(db, "clearing picks");
        goto done;
    }
    for (size_t i = w->first; i < m->n; i++) {
        const result *r = &w->res[i];
        const cinfo *c = &m->c[i];
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, w->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 2, c->sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(ins, 3, (sqlite3_int64)i);
        if (c->refs.pr)
            sqlite3_bind_int64(ins, 4, c->refs.pr);
        else
            sqlite3_bind_null(ins, 4);
        sqlite3_bind_text(ins, 5, r->category, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 6, r->state, -1, SQLITE_STATIC);
        if (r->picked_as != NONE) {
            sqlite3_bind_text(ins, 7, r->evidence, -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 8, w->bl.c[r->picked_as].sha, -1, SQLITE_TRANSIENT);
        } else if (r->ext_pick) {
            sqlite3_bind_text(ins, 7, r->evidence, -1, SQLITE_STATIC);
            if (r->ext_sha[0])
                sqlite3_bind_text(ins, 8, r->ext_sha, -1, SQLITE_TRANSIENT);
            else
                sqlite3_bind_null(ins, 8);
        } else {
            sqlite3_bind_null(ins, 7);
            sqlite3_bind_null(ins, 8);
        }
        if (r->reverts[0])
            sqlite3_bind_text(ins, 9, r->reverts, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_null(ins, 9);
        if (r->review_pr)
            sqlite3_bind_int64(ins, 10, r->review_pr);
        else
            sqlite3_bind_null(ins, 10);
        if (r->requested)
            sqlite3_bind_int64(ins, 11, r->requested);
        else
            sqlite3_bind_null(ins, 11);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = rc_db_error(db, "writing picks");
            goto done;
        }
        if (conflict_check && r->conflict_known && w->head) {
            sqlite3_reset(cins);
            sqlite3_bind_text(cins, 1, c->sha, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(cins, 2, w->head, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(cins, 3, r->clean ? 1 : 0);
            sqlite3_bind_text(cins, 4, r->paths ? r->paths : "", -1, SQLITE_TRANSIENT);
            if (sqlite3_step(cins) != SQLITE_DONE) {
                rc = rc_db_error(db, "writing conflicts");
                goto done;
            }
        }
    }
    for (size_t i = 0; i < w->nviol; i++) {
        sqlite3_reset(vins);
        sqlite3_bind_text(vins, 1, w->name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(vins, 2, w->bl.c[w->viol[i].idx].sha, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(vins, 3, w->viol[i].reason, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(vins) != SQLITE_DONE) {
            rc = rc_db_error(db, "writing violations");
            goto done;
        }
    }
    char *key = rc_xasprintf("picks:%s", w->name);
    rc = rc_db_meta_set(db, key, w->stamp);
    free(key);
done:
    sqlite3_finalize(del);
    sqlite3_finalize(vdel);
    sqlite3_finalize(ins);
    sqlite3_finalize(vins);
    sqlite3_finalize(cins);
    return rc;
}

static int write_patch_ids(rc_db *db, const line *l)
{
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db, "UPDATE commits SET patch_id = ?2 WHERE sha = ?1");
    if (rc)
        return rc;
    for (size_t i = 0; i < l->n; i++) {
        if (!l->c[i].pid_new)
            continue;
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, l->c[i].sha, -1, SQLITE_TRANSIENT);
        char form[16 + 1 + 40 + 1];
        const cinfo *c = &l->c[i];
        if (c->fp[0] == '-')
            strcpy(form, "-");
        else if (c->patch_id[0] && c->patch_id[0] != '-')
            snprintf(form, sizeof form, "%s:%s", c->fp, c->patch_id);
        else
            snprintf(form, sizeof form, "%s", c->fp);
        sqlite3_bind_text(st, 2, form, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return rc_db_error(db, "caching patch ids");
        }
    }
    sqlite3_finalize(st);
    return 0;
}

static void work_free(branch_work *w, size_t nmain)
{
    free(w->name);
    free(w->cut);
    free(w->head);
    if (w->res)
        for (size_t i = 0; i < nmain; i++)
            free(w->res[i].paths);
    free(w->res);
    for (size_t i = 0; i < w->nviol; i++)
        free(w->viol[i].reason);
    free(w->viol);
    line_free(&w->bl);
}

static int read_stamp(char **out, rc_db *db, const char *branch)
{
    char *key = rc_xasprintf("picks:%s", branch);
    int r = rc_db_meta_get(out, db, key);
    free(key);
    return r;
}

int rc_picks_compute(rc_picks_report *out, rc_db *db, git_repository *repo, const rc_config *cfg,
                     const char *branch, const rc_picks_opts *opts)
{
    memset(out, 0, sizeof *out);
    rc_picks_opts def = {false, -1};
    if (!opts)
        opts = &def;
    bool conflict_check = true;
    if (opts->conflict_check >= 0)
        conflict_check = opts->conflict_check != 0;
    else if (cfg)
        rc_config_bool(&conflict_check, cfg, "relcap.conflictCheck");
    const char *pr_pattern = NULL;
    if (cfg)
        rc_config_string(&pr_pattern, cfg, "relcap.prPattern");
    if (pr_pattern && !strchr(pr_pattern, 'N'))
        return rc_error_set(RC_ECONFIG, "relcap.prPattern: '%s' has no N standing for the number",
                            pr_pattern);
    rc_category_rules *rules;
    int rc = rc_category_rules_new(&rules, cfg);
    if (rc)
        return rc;

    /* branches to do, oldest version first (for the previous-cut rule) */
    sqlite3_stmt *st;
    if ((rc = rc_db_prepare(&st, db,
                            "SELECT name, cut_sha, head_sha FROM branches"
                            " WHERE cut_sha IS NOT NULL AND cut_sha <> ''"
                            " ORDER BY sortkey, name"))) {
        rc_category_rules_free(rules);
        return rc;
    }
    branch_work *work = NULL;
    size_t nwork = 0, cap = 0;
    char *prev_cut = NULL;
    char **prev_cuts = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *cut = (const char *)sqlite3_column_text(st, 1);
        const char *head = (const char *)sqlite3_column_text(st, 2);
        if (!branch || strcmp(branch, name) == 0) {
            if (nwork == cap) {
                cap = cap ? cap * 2 : 8;
                work = rc_xrealloc(work, cap * sizeof *work);
                prev_cuts = rc_xrealloc(prev_cuts, cap * sizeof *prev_cuts);
            }
            memset(&work[nwork], 0, sizeof *work);
            work[nwork].name = rc_xstrdup(name);
            work[nwork].cut = rc_xstrdup(cut);
            work[nwork].head = head ? rc_xstrdup(head) : NULL;
            prev_cuts[nwork] = prev_cut ? rc_xstrdup(prev_cut) : NULL;
            nwork++;
        }
        free(prev_cut);
        prev_cut = rc_xstrdup(cut);
    }
    sqlite3_finalize(st);
    free(prev_cut);
    if (branch && nwork == 0) {
        rc_category_rules_free(rules);
        free(work);
        free(prev_cuts);
        return rc_error_set(RC_ENOTFOUND,
                            "branch '%s' is not a known release branch with a cut point"
                            " (run relcap sync)",
                            branch);
    }

    /* Patch ids and trial cherry-picks need no work tree; on a handle
     * without one, libgit2 skips the per-file .gitattributes lookups in the
     * work tree (stat calls that otherwise cost more than the diffs). */
    git_repository *bare = NULL;
    if (repo && !git_repository_is_bare(repo) &&
        git_repository_open_bare(&bare, git_repository_commondir(repo)) == 0)
        repo = bare;
    rc_error_clear();
    /* One read snapshot for all the loading and lookups (one shared lock
     * instead of one per statement); no write lock is held while the
     * conflicts are tried, so triage commands never wait on a compute. */
    bool reading = rc_db_exec(db, "BEGIN DEFERRED") == 0;
    char *mhold;
    const char *mname = main_line_name(db, cfg, &mhold);
    line m;
    size_t pids = 0;
    rc = load_line(&m, db, repo, mname, pr_pattern, &pids);
    size_t main_pids = pids;
    free(mhold);
    if (rc)
        goto out;
    line_index(&m);
    out->branches = rc_xcalloc(nwork ? nwork : 1, sizeof *out->branches);
    out->nbranches = nwork;
    for (size_t k = 0; k < nwork; k++) {
        branch_work *w = &work[k];
        rc_picks_branch_report *rep = &out->branches[k];
        rep->branch = rc_xstrdup(w->name);
        if (!opts->force) {
            char *old = NULL, stamp[512];
            make_stamp(stamp, sizeof stamp, w->head, &m, w->cut, cfg, db, conflict_check);
            if (read_stamp(&old, db, w->name) == 0 && old && strcmp(old, stamp) == 0) {
                rep->skipped = true;
                free(old);
                continue;
            }
            free(old);
            rc_error_clear();
        }
        size_t bp = 0;
        if ((rc = load_line(&w->bl, db, repo, w->name, pr_pattern, &bp)))
            goto out_main;
        pids += bp;
        if ((rc = eval_branch(w, rep, &m, db, repo, cfg, rules, pr_pattern, NULL, conflict_check,
                              prev_cuts[k])))
            goto out_main;
    }
    if (out->nbranches)
        out->branches[0].patch_ids_computed += main_pids; /* main's share shows on the first */
    if (reading) {
        rc_db_exec(db, "COMMIT");
        reading = false;
    }
    if ((rc = rc_db_begin(db)))
        goto out_main;
    rc = write_patch_ids(db, &m);
    /* outcomes tried on heads no branch has any more can never be read */
    if (!rc)
        rc = rc_db_exec(db, "DELETE FROM conflicts WHERE onto NOT IN"
                            " (SELECT head_sha FROM branches WHERE head_sha IS NOT NULL)");
    for (size_t k = 0; !rc && k < nwork; k++) {
        if (out->branches[k].skipped)
            continue;
        if (!(rc = write_patch_ids(db, &work[k].bl)))
            rc = write_branch(db, &work[k], &m, conflict_check);
    }
    if (rc)
        rc_db_rollback(db);
    else
        rc = rc_db_commit(db);
out_main:
    for (size_t k = 0; k < nwork; k++)
        work_free(&work[k], m.n);
    line_free(&m);
out:
    if (reading)
        rc_db_exec(db, "ROLLBACK");
    git_repository_free(bare);
    for (size_t k = 0; k < nwork; k++)
        free(prev_cuts[k]);
    free(prev_cuts);
    free(work);
    rc_category_rules_free(rules);
    if (rc) {
        rc_picks_report_free(out);
        return rc;
    }
    return 0;
}

void rc_picks_report_free(rc_picks_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nbranches; i++)
        free(r->branches[i].branch);
    free(r->branches);
    r->branches = NULL;
    r->nbranches = 0;
}

int rc_picks_is_stale(bool *out, rc_db *db, const rc_config *cfg, const char *branch)
{
    *out = true;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db, "SELECT cut_sha, head_sha FROM branches WHERE name = ?1");
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return rc_error_set(RC_ENOTFOUND, "branch '%s' is not in the cache (run relcap sync)",
                            branch);
    }
    char *cut = col_dup(st, 0), *head = col_dup(st, 1);
    sqlite3_finalize(st);
    /* the stamp needs main's last sha: read it without loading the line */
    char *mhold;
    const char *mname = main_line_name(db, cfg, &mhold);
    line m = {0};
    if (rc_db_prepare(&st, db,
                      "SELECT sha FROM line_commits WHERE line = ?1 ORDER BY pos DESC LIMIT 1") ==
        0) {
        sqlite3_bind_text(st, 1, mname, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            m.c = rc_xcalloc(1, sizeof *m.c);
            m.n = 1;
            snprintf(m.c[0].sha, sizeof m.c[0].sha, "%s", (const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    free(mhold);
    bool conflict_check = true;
    if (cfg)
        rc_config_bool(&conflict_check, cfg, "relcap.conflictCheck");
    char stamp[512], *old = NULL;
    make_stamp(stamp, sizeof stamp, head, &m, cut, cfg, db, conflict_check);
    free(m.c);
    free(cut);
    free(head);
    if (read_stamp(&old, db, branch) == 0 && old)
        *out = strcmp(old, stamp) != 0;
    rc_error_clear();
    free(old);
    return 0;
}

int rc_picks_ensure(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const char *branch)
{
    bool stale = true;
    if (computed)
        *computed = false;
    int rc = rc_picks_is_stale(&stale, db, cfg, branch);
    if (rc || !stale)
        return rc;
    rc_picks_report rep;
    rc_picks_opts o = {.force = true, .conflict_check = -1};
    if ((rc = rc_picks_compute(&rep, db, repo, cfg, branch, &o)))
        return rc;
    rc_picks_report_free(&rep);
    if (computed)
        *computed = true;
    return 0;
}

int rc_picks_default_branch(char **out, rc_db *db)
{
    *out = NULL;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT name FROM branches WHERE cut_sha IS NOT NULL"
                           " ORDER BY (status = 'maintained') DESC, sortkey DESC, name DESC"
                           " LIMIT 1");
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = col_dup(st, 0);
    sqlite3_finalize(st);
    if (!*out)
        return rc_error_set(RC_ENOTFOUND, "no release branch in the cache (run relcap sync)");
    return 0;
}

/* ---- listing ---- */

int rc_picks_list(rc_pick_row **out, size_t *count, rc_db *db, const char *branch,
                  const rc_picks_filter *f)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(
        &st, db,
        "SELECT p.sha, p.pos, p.pr, c.subject, c.author_name, c.commit_date,"
        " COALESCE(d.category, p.category), p.state, p.evidence, p.picked_as, p.reverts,"
        " k.clean, k.paths, d.decision, d.note, d.author, d.decided_at, p.review_pr, p.requested"
        " FROM picks p LEFT JOIN commits c ON c.sha = p.sha"
        " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"
        " LEFT JOIN branches b ON b.name = p.branch"
        " LEFT JOIN conflicts k ON k.sha = p.sha AND k.onto = b.head_sha"
        " WHERE p.branch = ?1 AND (?2 IS NULL OR p.state = ?2)"
        " AND (?3 IS NULL OR COALESCE(d.category, p.category) = ?3)"
        " ORDER BY p.pos");
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    if (f && f->state)
        sqlite3_bind_text(st, 2, f->state, -1, SQLITE_TRANSIENT);
    if (f && f->category)
        sqlite3_bind_text(st, 3, f->category, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 64;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        rc_pick_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        snprintf(r->sha, sizeof r->sha, "%s", (const char *)sqlite3_column_text(st, 0));
        r->pos = sqlite3_column_int64(st, 1);
        r->pr = (long)sqlite3_column_int64(st, 2);
        r->subject = col_dup(st, 3);
        r->author = col_dup(st, 4);
        r->date = sqlite3_column_int64(st, 5);
        r->category = col_dup(st, 6);
        r->state = col_dup(st, 7);
        r->evidence = col_dup(st, 8);
        r->picked_as = col_dup(st, 9);
        r->reverts = col_dup(st, 10);
        if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
            r->conflict = rc_xstrdup(sqlite3_column_int(st, 11) ? "clean" : "conflict");
            const char *p = (const char *)sqlite3_column_text(st, 12);
            if (p && *p)
                r->conflict_paths = rc_xstrdup(p);
        }
        r->decision = col_dup(st, 13);
        r->note = col_dup(st, 14);
        r->decided_by = col_dup(st, 15);
        r->decided_at = sqlite3_column_int64(st, 16);
        r->review_pr = (long)sqlite3_column_int64(st, 17);
        r->requested = sqlite3_column_int64(st, 18);
        if (!r->subject)
            r->subject = rc_xstrdup("");
        if (!r->author)
            r->author = rc_xstrdup("");
    }
    sqlite3_finalize(st);
    if (s != SQLITE_DONE) {
        rc_picks_list_free(*out, *count);
        *out = NULL;
        *count = 0;
        return rc_db_error(db, "listing picks");
    }
    return 0;
}

void rc_picks_list_free(rc_pick_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        rc_pick_row *r = &rows[i];
        free(r->subject);
        free(r->author);
        free(r->category);
        free(r->state);
        free(r->evidence);
        free(r->picked_as);
        free(r->reverts);
        free(r->conflict);
        free(r->conflict_paths);
        free(r->decision);
        free(r->note);
        free(r->decided_by);
    }
    free(rows);
}

int rc_picks_violations(rc_violation_row **out, size_t *count, rc_db *db, const char *branch)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT v.sha, c.subject, v.reason FROM violations v"
                           " LEFT JOIN commits c ON c.sha = v.sha"
                           " LEFT JOIN line_commits l ON l.line = v.branch AND l.sha = v.sha"
                           " WHERE v.branch = ?1 ORDER BY l.pos, v.sha");
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        rc_violation_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        snprintf(r->sha, sizeof r->sha, "%s", (const char *)sqlite3_column_text(st, 0));
        r->subject = col_dup(st, 1);
        r->reason = col_dup(st, 2);
        if (!r->subject)
            r->subject = rc_xstrdup("");
    }
    sqlite3_finalize(st);
    /* requests on the release's tracker for trunk PRs not merged on main */
    if (rc_db_prepare(&st, db,
                      "SELECT r.comment_id, j.value, p.title FROM tracker_requests r"
                      " JOIN trackers t ON t.number = r.tracker"
                      " JOIN branches b ON b.name = ?1"
                      " JOIN json_each(CASE WHEN json_valid(r.trunk_prs) THEN r.trunk_prs"
                      "   ELSE '[]' END) j"
                      " LEFT JOIN prs p ON p.number = j.value"
                      " WHERE r.on_trunk = 0 AND (ltrim(t.version, 'vV') = b.version"
                      "    OR ltrim(t.version, 'vV') = b.release"
                      "    OR ltrim(t.version, 'vV') LIKE b.release || '.%')"
                      "   AND (p.number IS NULL OR p.merged_at IS NULL)"
                      " ORDER BY r.comment_id, j.key") != 0) {
        rc_error_clear(); /* no JSON1: the commit violations still stand */
        return 0;
    }
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        rc_violation_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        r->comment_id = sqlite3_column_int64(st, 0);
        r->pr = (long)sqlite3_column_int64(st, 1);
        const char *title = (const char *)sqlite3_column_text(st, 2);
        r->subject = title ? rc_xasprintf("%s (#%ld)", title, r->pr) : rc_xasprintf("#%ld", r->pr);
        r->reason = rc_xstrdup("requested on the tracker but not merged on main");
    }
    sqlite3_finalize(st);
    return 0;
}

void rc_picks_violations_free(rc_violation_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].subject);
        free(rows[i].reason);
    }
    free(rows);
}

int rc_picks_resolve(char out[41], long *pr, rc_db *db, const char *branch, const char *what)
{
    out[0] = '\0';
    if (pr)
        *pr = 0;
    if (!what || !*what)
        return rc_error_set(RC_EUSAGE, "expected SHA or #PR");
    sqlite3_stmt *st;
    int rc;
    if (what[0] == '#') {
        char *end;
        long n = strtol(what + 1, &end, 10);
        if (*end || n <= 0)
            return rc_error_set(RC_EUSAGE, "'%s' is not a PR number (#N)", what);
        rc = rc_db_prepare(&st, db, "SELECT sha, pr FROM picks WHERE branch = ?1 AND pr = ?2");
        if (rc)
            return rc;
        sqlite3_bind_int64(st, 2, n);
    } else {
        size_t len = strlen(what);
        for (size_t i = 0; i < len; i++)
            if (!strchr("0123456789abcdefABCDEF", what[i]))
                return rc_error_set(RC_EUSAGE, "'%s' is neither a commit id nor #PR", what);
        if (len < 4 || len > 40)
            return rc_error_set(RC_EUSAGE, "commit id '%s' must have 4 to 40 hex digits", what);
        rc = rc_db_prepare(&st, db,
                           "SELECT sha, pr FROM picks WHERE branch = ?1 AND substr(sha, 1, ?3) = "
                           "lower(?2)");
        if (rc)
            return rc;
        sqlite3_bind_text(st, 2, what, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, (int)len);
    }
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n++ == 0) {
            snprintf(out, 41, "%s", (const char *)sqlite3_column_text(st, 0));
            if (pr)
                *pr = (long)sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
    if (n == 0) {
        out[0] = '\0';
        return rc_error_set(RC_ENOTFOUND, "%s is not a cherry-pick candidate of %s", what, branch);
    }
    if (n > 1) {
        out[0] = '\0';
        return rc_error_set(RC_EINVALID, "%s is ambiguous on %s (%d candidates)", what, branch, n);
    }
    return 0;
}
