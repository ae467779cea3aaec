/* The node store of the git sync: commits as small nodes, loaded from the
 * `commits` table and read from git only when the cache lacks them. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

void gs_list_push(gs_list *l, uint32_t v)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = rc_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = v;
}

void gs_list_free(gs_list *l)
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

static void table_insert(gs_ctx *c, uint32_t idx)
{
    size_t mask = c->tcap - 1, i = hash_oid(&c->nodes[idx].id) & mask;
    while (c->table[i] != GS_NONE)
        i = (i + 1) & mask;
    c->table[i] = idx;
}

static void table_grow(gs_ctx *c)
{
    free(c->table);
    c->tcap = c->tcap ? c->tcap * 2 : 1024;
    c->table = rc_xmalloc(c->tcap * sizeof *c->table);
    memset(c->table, 0xff, c->tcap * sizeof *c->table);
    for (size_t i = 0; i < c->nnodes; i++)
        table_insert(c, (uint32_t)i);
}

uint32_t gs_node_find(const gs_ctx *c, const git_oid *id)
{
    if (!c->tcap)
        return GS_NONE;
    size_t mask = c->tcap - 1, i = hash_oid(id) & mask;
    for (; c->table[i] != GS_NONE; i = (i + 1) & mask)
        if (git_oid_equal(&c->nodes[c->table[i]].id, id))
            return c->table[i];
    return GS_NONE;
}

static uint32_t node_add(gs_ctx *c, const git_oid *id, const git_oid *parent, uint32_t nparents,
                         int64_t time)
{
    if (c->nnodes == c->capnodes) {
        c->capnodes = c->capnodes ? c->capnodes * 2 : 1024;
        c->nodes = rc_xrealloc(c->nodes, c->capnodes * sizeof *c->nodes);
    }
    gs_node *n = &c->nodes[c->nnodes];
    memset(n, 0, sizeof *n);
    n->id = *id;
    if (parent)
        n->parent = *parent;
    n->nparents = nparents;
    n->time = time;
    n->chain = -1;
    uint32_t idx = (uint32_t)c->nnodes++;
    if ((c->nnodes + 1) * 2 > c->tcap)
        table_grow(c);
    else
        table_insert(c, idx);
    return idx;
}

int gs_nodes_load(gs_ctx *c)
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
        if (gs_node_find(c, &id) == GS_NONE)
            node_add(c, &id, np ? &parent : NULL, np, sqlite3_column_int64(st, 2));
    }
    sqlite3_finalize(st);
    return 0;
}

static int store_commit(gs_ctx *c, git_commit *cm)
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

int gs_node_get(uint32_t *out, gs_ctx *c, const git_oid *id)
{
    uint32_t idx = gs_node_find(c, id);
    if (idx != GS_NONE) {
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
            gs_progress(c, "reading commits: %zu", c->report->commits_walked);
    }
    git_commit_free(cm);
    return r;
}

void gs_nodes_free(gs_ctx *c)
{
    free(c->nodes);
    free(c->table);
    if (c->ins_commit)
        sqlite3_finalize(c->ins_commit);
    c->nodes = NULL;
    c->table = NULL;
    c->ins_commit = NULL;
    c->nnodes = c->capnodes = c->tcap = 0;
}
