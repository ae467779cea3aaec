/* The commit store of the git sync: commits as small records, loaded from the
 * `commits` table and read from git only when the cache lacks them. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

void gitsync_list_push(gitsync_list *l, uint32_t v)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = rc_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = v;
}

void gitsync_list_free(gitsync_list *l)
{
    free(l->v);
    memset(l, 0, sizeof *l);
}

static size_t hash_oid(const git_oid *id)
{
    size_t h;
    memcpy(&h, id->id, sizeof h); /* object ids are uniformly distributed */
    return h;
}

static void table_insert(gitsync_ctx *c, uint32_t idx)
{
    size_t mask = c->tcap - 1, i = hash_oid(&c->commits[idx].id) & mask;
    while (c->table[i] != GITSYNC_NONE)
        i = (i + 1) & mask;
    c->table[i] = idx;
}

static void table_grow(gitsync_ctx *c)
{
    free(c->table);
    c->tcap = c->tcap ? c->tcap * 2 : 1024;
    c->table = rc_xmalloc(c->tcap * sizeof *c->table);
    memset(c->table, 0xff, c->tcap * sizeof *c->table);
    for (size_t i = 0; i < c->ncommits; i++)
        table_insert(c, (uint32_t)i);
}

uint32_t gitsync_commit_find(const gitsync_ctx *c, const git_oid *id)
{
    if (!c->tcap)
        return GITSYNC_NONE;
    size_t mask = c->tcap - 1, i = hash_oid(id) & mask;
    for (; c->table[i] != GITSYNC_NONE; i = (i + 1) & mask)
        if (git_oid_equal(&c->commits[c->table[i]].id, id))
            return c->table[i];
    return GITSYNC_NONE;
}

static uint32_t node_add(gitsync_ctx *c, const git_oid *id, const git_oid *parent,
                         uint32_t nparents, int64_t time)
{
    if (c->ncommits == c->capcommits) {
        c->capcommits = c->capcommits ? c->capcommits * 2 : 1024;
        c->commits = rc_xrealloc(c->commits, c->capcommits * sizeof *c->commits);
    }
    gitsync_commit *n = &c->commits[c->ncommits];
    memset(n, 0, sizeof *n);
    n->id = *id;
    if (parent)
        n->parent = *parent;
    n->nparents = nparents;
    n->time = time;
    n->chain = -1;
    uint32_t idx = (uint32_t)c->ncommits++;
    if ((c->ncommits + 1) * 2 > c->tcap)
        table_grow(c);
    else
        table_insert(c, idx);
    return idx;
}

int gitsync_commits_load(gitsync_ctx *c)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, c->db, "SELECT sha, parents, commit_date FROM commits");
    if (r)
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *sha = (const char *)sqlite3_column_text(st, 0);
        const char *parents = (const char *)sqlite3_column_text(st, 1);
        git_oid id, parent;
        if (!sha || git_oid_fromstrn(&id, sha, strlen(sha)) != 0 || strlen(sha) != 40)
            continue;
        uint32_t np = 0;
        bool first_ok = false;
        for (const char *p = parents ? parents : ""; *p;) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            size_t len = strcspn(p, " ");
            if (np == 0)
                first_ok = len == 40 && git_oid_fromstrn(&parent, p, 40) == 0;
            np++;
            p += len;
        }
        if (np > 0 && !first_ok)
            continue; /* a row we cannot trust: read the commit from git again */
        if (gitsync_commit_find(c, &id) == GITSYNC_NONE)
            node_add(c, &id, np ? &parent : NULL, np, sqlite3_column_int64(st, 2));
    }
    sqlite3_finalize(st);
    return 0;
}

static int store_commit(gitsync_ctx *c, git_commit *cm)
{
    if (!c->ins_commit) {
        int r = rc_db_prepare(&c->ins_commit, c->db,
                              "INSERT OR IGNORE INTO commits(sha, parents, author_name,"
                              " author_email, author_date, commit_date, subject, body)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (r)
            return r;
    }
    char hex[GIT_OID_HEXSZ + 1];
    rc_buf parents = {0};
    for (unsigned i = 0; i < git_commit_parentcount(cm); i++) {
        git_oid_tostr(hex, sizeof hex, git_commit_parent_id(cm, i));
        if (i)
            rc_buf_puts(&parents, " ");
        rc_buf_puts(&parents, hex);
    }
    char *ps = rc_buf_detach(&parents);
    git_oid_tostr(hex, sizeof hex, git_commit_id(cm));
    const git_signature *a = git_commit_author(cm);
    const char *summary = git_commit_summary(cm), *body = git_commit_body(cm);
    sqlite3_stmt *st = c->ins_commit;
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, hex, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, ps, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, a && a->name ? a->name : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, a && a->email ? a->email : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, a ? a->when.time : 0);
    sqlite3_bind_int64(st, 6, git_commit_time(cm));
    sqlite3_bind_text(st, 7, summary ? summary : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, body ? body : "", -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(st) == SQLITE_DONE ? 0 : rc_db_error(c->db, "cannot store commit");
    free(ps);
    return r;
}

int gitsync_commit_get(uint32_t *out, gitsync_ctx *c, const git_oid *id)
{
    uint32_t idx = gitsync_commit_find(c, id);
    if (idx != GITSYNC_NONE) {
        *out = idx;
        return 0;
    }
    git_commit *cm;
    if (git_commit_lookup(&cm, c->repo, id) != 0) {
        char hex[GIT_OID_HEXSZ + 1];
        git_oid_tostr(hex, sizeof hex, id);
        return rc_error_from_git(RC_EGIT, hex);
    }
    int r = store_commit(c, cm);
    if (!r) {
        unsigned np = git_commit_parentcount(cm);
        *out = node_add(c, id, np ? git_commit_parent_id(cm, 0) : NULL, np, git_commit_time(cm));
        c->report->commits_walked++;
        if (c->report->commits_walked % 5000 == 0)
            gitsync_progress(c, "reading commits: %zu", c->report->commits_walked);
    }
    git_commit_free(cm);
    return r;
}

void gitsync_commits_free(gitsync_ctx *c)
{
    free(c->commits);
    free(c->table);
    if (c->ins_commit)
        sqlite3_finalize(c->ins_commit);
    c->commits = NULL;
    c->table = NULL;
    c->ins_commit = NULL;
    c->ncommits = c->capcommits = c->tcap = 0;
}
