/* Writing a scan into the cache. Lines that only grew get their new
 * commits appended; rows of branches and tags are upserted so that columns
 * other rooms own (ci) survive while the commit they describe stays. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>

static void hex_of(char out[GIT_OID_HEXSZ + 1], const git_oid *id)
{
    git_oid_tostr(out, GIT_OID_HEXSZ + 1, id);
}

static int step_done(rc_db *db, sqlite3_stmt *st, const char *what)
{
    int e = sqlite3_step(st);
    sqlite3_reset(st);
    return e == SQLITE_DONE || e == SQLITE_ROW ? 0 : rc_db_error(db, what);
}

/* sha at (line, pos), or "" */
static void line_sha(char out[GIT_OID_HEXSZ + 1], sqlite3_stmt *st, const char *line, long pos)
{
    out[0] = '\0';
    sqlite3_bind_text(st, 1, line, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, pos);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, GIT_OID_HEXSZ + 1, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
}

/* nodes: oldest first. */
static int write_line(gitsync_ctx *c, const char *line, const uint32_t *nodes, size_t n)
{
    sqlite3_stmt *cnt = NULL, *at = NULL, *del = NULL, *ins = NULL;
    int r = rc_db_prepare(&cnt, c->db, "SELECT count(*) FROM line_commits WHERE line = ?");
    if (!r)
        r = rc_db_prepare(&at, c->db, "SELECT sha FROM line_commits WHERE line = ? AND pos = ?");
    if (!r)
        r = rc_db_prepare(&del, c->db, "DELETE FROM line_commits WHERE line = ?");
    if (!r)
        r = rc_db_prepare(&ins, c->db, "INSERT INTO line_commits(line, pos, sha) VALUES (?, ?, ?)");
    size_t old = 0, from = 0;
    if (!r) {
        sqlite3_bind_text(cnt, 1, line, -1, SQLITE_STATIC);
        if (sqlite3_step(cnt) == SQLITE_ROW)
            old = (size_t)sqlite3_column_int64(cnt, 0);
        char first[GIT_OID_HEXSZ + 1], last[GIT_OID_HEXSZ + 1], h[GIT_OID_HEXSZ + 1];
        /* A first-parent line is fixed by its two ends: when the stored one
         * is a prefix of the new one, only the new commits are appended. */
        bool prefix = old > 0 && old <= n;
        if (prefix) {
            line_sha(first, at, line, 0);
            line_sha(last, at, line, (long)old - 1);
            hex_of(h, &c->commits[nodes[0]].id);
            prefix = strcmp(first, h) == 0;
            hex_of(h, &c->commits[nodes[old - 1]].id);
            prefix = prefix && strcmp(last, h) == 0;
        }
        if (prefix) {
            from = old;
        } else if (old > 0) {
            sqlite3_bind_text(del, 1, line, -1, SQLITE_STATIC);
            r = step_done(c->db, del, "cannot clear line");
        }
    }
    for (size_t i = from; !r && i < n; i++) {
        char h[GIT_OID_HEXSZ + 1];
        hex_of(h, &c->commits[nodes[i]].id);
        sqlite3_bind_text(ins, 1, line, -1, SQLITE_STATIC);
        sqlite3_bind_int64(ins, 2, (sqlite3_int64)i);
        sqlite3_bind_text(ins, 3, h, -1, SQLITE_TRANSIENT);
        r = step_done(c->db, ins, "cannot write line");
    }
    sqlite3_finalize(cnt);
    sqlite3_finalize(at);
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return r;
}

/* Deletes rows of table whose column is not among keep[0..n). */
static int delete_others(gitsync_ctx *c, const char *table, const char *column, const char **keep,
                         size_t n)
{
    char *q = rc_xasprintf("SELECT DISTINCT %s FROM %s", column, table);
    char *d = rc_xasprintf("DELETE FROM %s WHERE %s = ?", table, column);
    sqlite3_stmt *sel = NULL, *del = NULL;
    int r = rc_db_prepare(&sel, c->db, q);
    if (!r)
        r = rc_db_prepare(&del, c->db, d);
    char **gone = NULL;
    size_t ngone = 0;
    while (!r && sqlite3_step(sel) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(sel, 0);
        bool found = false;
        for (size_t i = 0; v && i < n && !found; i++)
            found = strcmp(keep[i], v) == 0;
        if (v && !found) {
            gone = rc_xrealloc(gone, (ngone + 1) * sizeof *gone);
            gone[ngone++] = rc_xstrdup(v);
        }
    }
    for (size_t i = 0; i < ngone; i++) {
        if (!r) {
            sqlite3_bind_text(del, 1, gone[i], -1, SQLITE_STATIC);
            r = step_done(c->db, del, "cannot delete stale row");
        }
        free(gone[i]);
    }
    free(gone);
    sqlite3_finalize(sel);
    sqlite3_finalize(del);
    free(q);
    free(d);
    return r;
}

/* After writing the rows named in keep (r: how the writes went), deletes the
 * others and frees keep. */
static int keep_only(gitsync_ctx *c, int r, const char *table, const char *column,
                     const char **keep, size_t n)
{
    if (!r)
        r = delete_others(c, table, column, keep, n);
    free(keep);
    return r;
}

static int write_refs(gitsync_ctx *c)
{
    int r = rc_db_exec(c->db, "DELETE FROM refs");
    sqlite3_stmt *ins = NULL;
    if (!r)
        r = rc_db_prepare(&ins, c->db, "INSERT OR REPLACE INTO refs(name, oid) VALUES (?, ?)");
    for (size_t i = 0; !r && i < c->nrefs; i++) {
        char h[GIT_OID_HEXSZ + 1];
        hex_of(h, &c->refs[i].oid);
        sqlite3_bind_text(ins, 1, c->refs[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, h, -1, SQLITE_TRANSIENT);
        r = step_done(c->db, ins, "cannot write refs");
    }
    sqlite3_finalize(ins);
    return r;
}

/* Main's line reaches down to the oldest cut: the deepest chain position
 * any branch's cut (or, off the chain, its first-parent line) meets. */
static int main_depth(long *out, gitsync_ctx *c)
{
    long depth = 0;
    gitsync_list tmp = {0};
    int r = 0;
    for (size_t i = 0; i < c->nbranches && !r; i++) {
        gitsync_branch *b = &c->branches[i];
        if (!b->has_cut)
            continue;
        long p = b->cut_pos;
        if (p < 0) {
            uint32_t n;
            bool lin;
            r = gitsync_commit_get(&n, c, &b->cut);
            if (!r)
                r = gitsync_meet(&p, &tmp, &lin, c, n, false);
        }
        if (p > depth)
            depth = p;
    }
    gitsync_list_free(&tmp);
    *out = depth;
    return r;
}

static int write_lines(gitsync_ctx *c)
{
    long depth;
    int r = main_depth(&depth, c);
    if (r)
        return r;
    uint32_t *v = rc_xcalloc((size_t)depth + 1, sizeof *v);
    for (long i = 0; i < depth; i++)
        v[i] = c->chain.v[depth - 1 - i];
    r = write_line(c, c->main_name, v, (size_t)depth);
    free(v);
    const char **names = rc_xcalloc(c->nbranches + 1, sizeof *names);
    names[0] = c->main_name;
    for (size_t i = 0; i < c->nbranches && !r; i++) {
        gitsync_branch *b = &c->branches[i];
        names[i + 1] = b->name;
        uint32_t *w = rc_xcalloc(b->line.n + 1, sizeof *w);
        for (size_t k = 0; k < b->line.n; k++)
            w[k] = b->line.v[b->line.n - 1 - k];
        r = write_line(c, b->name, w, b->line.n);
        free(w);
    }
    return keep_only(c, r, "line_commits", "line", names, c->nbranches + 1);
}

/* Binds the row i of a table and returns its name (kept by keep_only).
 * Text from local buffers is bound as a copy (rc_sql_bind_text). */
typedef const char *(*bind_row_fn)(gitsync_ctx *c, sqlite3_stmt *st, size_t i);

/* Upserts the n rows bind_row binds with sql, then deletes the rows of
 * table whose name is none of them. */
static int upsert_rows(gitsync_ctx *c, const char *table, const char *sql, size_t n,
                       bind_row_fn bind_row, const char *what)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, c->db, sql);
    const char **names = rc_xcalloc(n + 1, sizeof *names);
    for (size_t i = 0; !r && i < n; i++) {
        names[i] = bind_row(c, st, i);
        r = step_done(c->db, st, what);
        sqlite3_clear_bindings(st);
    }
    sqlite3_finalize(st);
    return keep_only(c, r, table, "name", names, n);
}

static const char *bind_branch(gitsync_ctx *c, sqlite3_stmt *st, size_t i)
{
    gitsync_branch *b = &c->branches[i];
    char key[RC_VERSION_STRLEN], head[GIT_OID_HEXSZ + 1], cut[GIT_OID_HEXSZ + 1];
    rc_version_sortkey(key, sizeof key, &b->version);
    hex_of(head, &b->head);
    hex_of(cut, &b->cut);
    sqlite3_bind_text(st, 1, b->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b->release, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, b->release, -1, SQLITE_STATIC);
    rc_sql_bind_text(st, 4, key);
    sqlite3_bind_text(st, 5, b->status, -1, SQLITE_STATIC);
    rc_sql_bind_text(st, 6, head);
    sqlite3_bind_int64(st, 7, c->commits[b->head_node].time);
    rc_sql_bind_text(st, 8, b->has_cut ? cut : NULL);
    if (b->has_cut)
        sqlite3_bind_int64(st, 9, b->cut_time);
    else
        sqlite3_bind_null(st, 9);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)b->ahead);
    sqlite3_bind_int64(st, 11, (sqlite3_int64)b->behind);
    rc_sql_bind_text(st, 12, b->latest_tag >= 0 ? c->tags[b->latest_tag].name : NULL);
    sqlite3_bind_int(st, 13, b->remote);
    return b->name;
}

static int write_branches(gitsync_ctx *c)
{
    return upsert_rows(
        c, "branches",
        "INSERT INTO branches(name, version, release, sortkey, status, head_sha, head_date,"
        " cut_sha, cut_date, ahead, behind, latest_tag, remote)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET version = excluded.version,"
        " release = excluded.release, sortkey = excluded.sortkey, status = excluded.status,"
        " head_sha = excluded.head_sha, head_date = excluded.head_date,"
        " cut_sha = excluded.cut_sha, cut_date = excluded.cut_date, ahead = excluded.ahead,"
        " behind = excluded.behind, latest_tag = excluded.latest_tag, remote = excluded.remote,"
        " ci = CASE WHEN branches.head_sha IS excluded.head_sha THEN branches.ci ELSE 'none' END",
        c->nbranches, bind_branch, "cannot write branch");
}

static const char *bind_tag(gitsync_ctx *c, sqlite3_stmt *st, size_t i)
{
    gitsync_tag *t = &c->tags[i];
    char ver[RC_VERSION_STRLEN], key[RC_VERSION_STRLEN], sha[GIT_OID_HEXSZ + 1];
    rc_version_format(ver, sizeof ver, &t->version);
    rc_version_sortkey(key, sizeof key, &t->version);
    hex_of(sha, &t->commit);
    sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
    rc_sql_bind_text(st, 2, ver);
    sqlite3_bind_text(st, 3, t->release, -1, SQLITE_STATIC);
    rc_sql_bind_text(st, 4, key);
    sqlite3_bind_text(st, 5, rc_version_kind_name(rc_version_kind_of(&t->version)), -1,
                      SQLITE_STATIC);
    rc_sql_bind_text(st, 6, sha);
    sqlite3_bind_int64(st, 7, t->date);
    rc_sql_bind_text(st, 8, t->branch >= 0 ? c->branches[t->branch].name : NULL);
    sqlite3_bind_int(st, 9, t->on_main);
    return t->name;
}

static int write_tags(gitsync_ctx *c)
{
    return upsert_rows(
        c, "tags",
        "INSERT INTO tags(name, version, release, sortkey, kind, sha, date, branch, on_main)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET version = excluded.version,"
        " release = excluded.release, sortkey = excluded.sortkey, kind = excluded.kind,"
        " sha = excluded.sha, date = excluded.date, branch = excluded.branch,"
        " on_main = excluded.on_main,"
        " ci = CASE WHEN tags.sha IS excluded.sha THEN tags.ci ELSE 'none' END",
        c->ntags, bind_tag, "cannot write tag");
}

int gitsync_write_last_sync(gitsync_ctx *c)
{
    char now[21];
    rc_time_iso(now, (int64_t)time(NULL));
    return rc_db_meta_set(c->db, "last_sync", now);
}

int gitsync_write(gitsync_ctx *c, const char *fingerprint)
{
    gitsync_progress(c, "writing the cache");
    int r = write_lines(c);
    if (!r)
        r = write_branches(c);
    if (!r)
        r = write_tags(c);
    if (!r)
        r = write_refs(c);
    if (!r)
        r = rc_db_meta_set(c->db, "gitsync.fingerprint", fingerprint);
    if (!r)
        r = rc_db_meta_set(c->db, "gitsync.main_ref", c->main_ref);
    char h[GIT_OID_HEXSZ + 1];
    hex_of(h, &c->main_head);
    if (!r)
        r = rc_db_meta_set(c->db, "gitsync.main_sha", h);
    if (!r)
        r = gitsync_write_last_sync(c);
    return r;
}
