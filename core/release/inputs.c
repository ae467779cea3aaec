/* The readiness inputs, read from git by sync and answered from the cache
 * (tables release_docs, release_doc_files, release_main_docs,
 * tag_upstreams). The gate reads these rows instead of git objects: the
 * cockpit's first frame and `relcap ready` open no object file, and a
 * repository whose objects are gone still answers as of the last sync. */
#include "core/release/inputs.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/git/gitsync.h"
#include "core/release/release_internal.h"

#include <stdlib.h>
#include <string.h>

/* relcap.releaseDocs as one text, to notice a change of the globs. */
static char *globs_key(const rc_config *cfg)
{
    const char *const *globs;
    size_t n;
    rc_config_multi(&globs, &n, cfg, "relcap.releaseDocs");
    rc_buf b = {0};
    rc_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++)
        rc_buf_printf(&b, "%s\n", globs[i]);
    return rc_buf_detach(&b);
}

static int step_done(rc_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : rc_db_error(db, what);
}

/* Runs sql with text arguments (NULL binds NULL). */
static int exec_texts(rc_db *db, const char *sql, int n, const char *a, const char *b,
                      const char *c)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, sql);
    if (r)
        return r;
    const char *args[3] = {a, b, c};
    for (int i = 0; i < n; i++)
        rc_sql_bind_text(st, i + 1, args[i]);
    return step_done(db, st, "release inputs");
}

/* ---- release documents of each branch ---- */

typedef struct {
    char *path;
    char hex[GIT_OID_HEXSZ + 1];
    rc_doc_facts facts;
} doc_file;

/* The documents of one branch as the walk finds them; written after the
 * walk, so the branch's old rows still offer their facts by blob. */
typedef struct {
    rc_db *db;
    git_repository *repo;
    rc_release_inputs_report *out;
    doc_file *files;
    size_t n;
} branch_walk;

/* The facts of a blob the cache already has, so it is not parsed again. */
static bool known_facts(rc_db *db, const char *blob, rc_doc_facts *f)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT conflicts, first_line, has_matrix, versions FROM release_doc_files"
                      " WHERE blob = ? LIMIT 1") != 0) {
        rc_error_clear();
        return false;
    }
    rc_sql_bind_text(st, 1, blob);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        f->conflicts = (size_t)sqlite3_column_int64(st, 0);
        f->first_line = (size_t)sqlite3_column_int64(st, 1);
        f->has_matrix = sqlite3_column_int(st, 2) != 0;
        f->versions = rc_sql_dup(st, 3);
        found = f->versions != NULL;
    }
    sqlite3_finalize(st);
    return found;
}

static int collect_doc(void *ud, const char *path, const git_oid *id)
{
    branch_walk *w = ud;
    doc_file d = {0};
    git_oid_tostr(d.hex, sizeof d.hex, id);
    if (!known_facts(w->db, d.hex, &d.facts)) {
        char *text = NULL;
        if (rc_docs_blob_text(&text, w->repo, id) != 0) {
            /* as the live check: an unreadable blob is not checked */
            rc_error_clear();
            return 0;
        }
        rc_doc_facts_of(&d.facts, text);
        free(text);
        w->out->docs_parsed++;
    }
    d.path = rc_xstrdup(path);
    w->files = rc_xrealloc(w->files, (w->n + 1) * sizeof *w->files);
    w->files[w->n++] = d;
    return 0;
}

static int store_docs(rc_db *db, const char *branch, const branch_walk *w)
{
    int r = exec_texts(db, "DELETE FROM release_doc_files WHERE branch = ?", 1, branch, NULL, NULL);
    for (size_t i = 0; i < w->n && !r; i++) {
        const doc_file *d = &w->files[i];
        sqlite3_stmt *st;
        if ((r = rc_db_prepare(
                 &st, db,
                 "INSERT INTO release_doc_files(branch, pos, path, blob, conflicts,"
                 " first_line, has_matrix, versions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")))
            break;
        rc_sql_bind_text(st, 1, branch);
        sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
        rc_sql_bind_text(st, 3, d->path);
        rc_sql_bind_text(st, 4, d->hex);
        sqlite3_bind_int64(st, 5, (sqlite3_int64)d->facts.conflicts);
        sqlite3_bind_int64(st, 6, (sqlite3_int64)d->facts.first_line);
        sqlite3_bind_int(st, 7, d->facts.has_matrix);
        rc_sql_bind_text(st, 8, d->facts.versions);
        r = step_done(db, st, "release_doc_files");
    }
    return r;
}

static void branch_walk_free(branch_walk *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->files[i].path);
        rc_doc_facts_free(&w->files[i].facts);
    }
    free(w->files);
}

/* Did the last sync read this branch's documents at head with these globs? */
static bool branch_current(rc_db *db, const char *branch, const char *head, const char *globs)
{
    int64_t n = 0;
    if (rc_sql_count(&n, db, "release_docs",
                     "SELECT count(*) FROM release_docs WHERE branch = ?1 AND head = ?2"
                     " AND globs = ?3",
                     3, branch, head, globs) != 0)
        rc_error_clear();
    return n > 0;
}

static int sync_branch(rc_release_inputs_report *out, rc_db *db, git_repository *repo,
                       const rc_config *cfg, const rc_branch_row *b, const char *globs)
{
    if (branch_current(db, b->name, b->head_sha, globs)) {
        out->branches_kept++;
        return 0;
    }
    branch_walk w = {db, repo, out, NULL, 0};
    int g = rc_docs_walk(repo, cfg, b->head_sha, collect_doc, &w);
    int r = store_docs(db, b->name, &w);
    branch_walk_free(&w);
    if (r)
        return r;
    out->branches_read++;
    sqlite3_stmt *st;
    if ((r = rc_db_prepare(&st, db,
                           "INSERT OR REPLACE INTO release_docs(branch, head, globs, code, error)"
                           " VALUES (?, ?, ?, ?, ?)")))
        return r;
    rc_sql_bind_text(st, 1, b->name);
    rc_sql_bind_text(st, 2, b->head_sha);
    rc_sql_bind_text(st, 3, globs);
    sqlite3_bind_int(st, 4, g);
    rc_sql_bind_text(st, 5, g ? rc_error_last() : NULL);
    r = step_done(db, st, "release_docs");
    if (g && !r)
        rc_error_clear();
    return r;
}

static int sync_branches(rc_release_inputs_report *out, rc_db *db, git_repository *repo,
                         const rc_config *cfg)
{
    rc_branch_row *rows;
    size_t n;
    int r = rc_gitsync_branches(&rows, &n, db, NULL, false);
    if (r)
        return r;
    char *globs = globs_key(cfg);
    for (size_t i = 0; i < n && !r; i++)
        if (rows[i].name && rows[i].head_sha)
            r = sync_branch(out, db, repo, cfg, &rows[i], globs);
    free(globs);
    rc_branch_rows_free(rows, n);
    if (!r)
        r = rc_db_exec(db,
                       "DELETE FROM release_docs WHERE branch NOT IN (SELECT name FROM branches);"
                       "DELETE FROM release_doc_files WHERE branch NOT IN"
                       " (SELECT branch FROM release_docs)");
    return r;
}

/* ---- documents on main, and the upstream at each tag ---- */

static int sync_main_doc(rc_release_inputs_report *out, rc_db *db, git_repository *repo,
                         const rc_config *cfg, const char *path)
{
    char *rev = NULL, *text = NULL;
    git_oid id;
    int g = rc_docs_main_rev(&rev, repo, cfg);
    if (!g)
        g = rc_docs_read_id(&text, &id, repo, rev, path);
    char hex[GIT_OID_HEXSZ + 1] = "";
    if (!g)
        git_oid_tostr(hex, sizeof hex, &id);
    int64_t same = 0;
    int r = 0;
    if (!g && rc_sql_count(&same, db, "release_main_docs",
                           "SELECT count(*) FROM release_main_docs WHERE path = ?1 AND rev = ?2"
                           " AND blob = ?3 AND code = 0",
                           3, path, rev, hex) != 0)
        rc_error_clear();
    if (!same) {
        sqlite3_stmt *st;
        if (!(r = rc_db_prepare(&st, db,
                                "INSERT OR REPLACE INTO release_main_docs(path, rev, blob, body,"
                                " code, error) VALUES (?, ?, ?, ?, ?, ?)"))) {
            rc_sql_bind_text(st, 1, path);
            rc_sql_bind_text(st, 2, g ? NULL : rev);
            rc_sql_bind_text(st, 3, g ? NULL : hex);
            rc_sql_bind_text(st, 4, g ? NULL : text);
            sqlite3_bind_int(st, 5, g);
            rc_sql_bind_text(st, 6, g ? rc_error_last() : NULL);
            r = step_done(db, st, "release_main_docs");
            out->main_docs_read++;
        }
    }
    if (g && !r)
        rc_error_clear();
    free(rev);
    free(text);
    return r;
}

typedef struct {
    rc_db *db;
    git_repository *repo;
    rc_release_inputs_report *out;
    int db_error;
} upstream_memo;

static char *upstream_cached(void *ud, const char *sha, const char *trailer);

/* The upstream at a tag, walked once per (commit, trailer) and kept. */
static char *upstream_walk(void *ud, const char *sha, const char *trailer)
{
    upstream_memo *m = ud;
    int64_t known = 0;
    if (rc_sql_count(&known, m->db, "tag_upstreams",
                     "SELECT count(*) FROM tag_upstreams WHERE sha = ?1 AND trailer = ?2", 2, sha,
                     trailer) != 0)
        rc_error_clear();
    if (known)
        return upstream_cached(m->db, sha, trailer);
    git_oid id;
    char *found =
        git_oid_fromstr(&id, sha) == 0 ? rc_docs_upstream_at(m->repo, &id, trailer) : NULL;
    m->out->upstreams_walked++;
    int r = exec_texts(m->db, "INSERT INTO tag_upstreams(sha, trailer, upstream) VALUES (?, ?, ?)",
                       3, sha, trailer, found);
    if (r && !m->db_error)
        m->db_error = r;
    return found;
}

static int sync_main(rc_release_inputs_report *out, rc_db *db, git_repository *repo,
                     const rc_config *cfg)
{
    const char *compat = rc_compat_doc_path(cfg), *cal = rc_calendar_doc_path(cfg);
    int r = exec_texts(db, "DELETE FROM release_main_docs WHERE path IS NOT ?1 AND path IS NOT ?2",
                       2, compat, cal, NULL);
    if (!r && compat)
        r = sync_main_doc(out, db, repo, cfg, compat);
    if (!r && cal && (!compat || strcmp(cal, compat) != 0))
        r = sync_main_doc(out, db, repo, cfg, cal);
    if (r || !compat)
        return r;
    /* the matrix check decides which tags need their upstream: run it on
     * the copy just stored, walking what the cache does not know yet */
    upstream_memo m = {db, repo, out, 0};
    rc_compat_report c;
    if (rc_compat_check_with(&c, db, cfg, upstream_walk, &m) == 0)
        rc_compat_report_free(&c);
    else
        rc_error_clear();
    if (m.db_error)
        return m.db_error;
    return rc_db_exec(db, "DELETE FROM tag_upstreams WHERE sha NOT IN (SELECT sha FROM tags)");
}

int rc_release_inputs_sync(rc_release_inputs_report *out, rc_db *db, git_repository *repo,
                           const rc_config *cfg)
{
    memset(out, 0, sizeof *out);
    int r = rc_db_begin(db);
    if (r)
        return r;
    r = sync_branches(out, db, repo, cfg);
    if (!r)
        r = sync_main(out, db, repo, cfg);
    if (r) {
        rc_db_rollback(db);
        return r;
    }
    return rc_db_commit(db);
}

/* ---- the checks, from the cache ---- */

static const char sync_hint[] = "run relcap sync";

/* The copy of a document on main: its text and the revision it was read at. */
static int main_doc(char **text, char **rev, rc_db *db, const char *path)
{
    *text = *rev = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT rev, body, code, error FROM release_main_docs WHERE path = ?");
    if (r)
        return r;
    rc_sql_bind_text(st, 1, path);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int code = sqlite3_column_int(st, 2);
        if (code)
            r = rc_error_set(code, "%s", rc_sql_text(st, 3) ? rc_sql_text(st, 3) : "?");
        else {
            *rev = rc_sql_dup(st, 0);
            *text = rc_sql_dup(st, 1);
        }
    } else if (rc == SQLITE_DONE) {
        r = rc_error_set(RC_ENOTFOUND, "%s on main is not in the cache yet (%s)", path, sync_hint);
    } else {
        r = rc_db_error(db, "release_main_docs");
    }
    sqlite3_finalize(st);
    if (!r && (!*rev || !*text))
        r = rc_error_set(RC_ENOTFOUND, "%s on main is not in the cache yet (%s)", path, sync_hint);
    if (r) {
        free(*text);
        free(*rev);
        *text = *rev = NULL;
    }
    return r;
}

static char *upstream_cached(void *ud, const char *sha, const char *trailer)
{
    rc_db *db = ud;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT upstream FROM tag_upstreams WHERE sha = ? AND trailer = ?") != 0) {
        rc_error_clear();
        return NULL;
    }
    rc_sql_bind_text(st, 1, sha);
    rc_sql_bind_text(st, 2, trailer);
    char *up = sqlite3_step(st) == SQLITE_ROW ? rc_sql_dup(st, 0) : NULL;
    sqlite3_finalize(st);
    return up;
}

int rc_compat_check_with(rc_compat_report *out, rc_db *db, const rc_config *cfg,
                         rc_upstream_fn upstream, void *ud)
{
    memset(out, 0, sizeof *out);
    const char *path = rc_compat_doc_path(cfg);
    if (!path)
        return rc_error_set(RC_ENOTFOUND, "relcap.compatDoc is not set");
    char *text, *rev;
    int r = main_doc(&text, &rev, db, path);
    if (r)
        return r;
    r = rc_compat_from_text(out, db, cfg, path, rev, text, upstream, ud);
    free(text);
    return r;
}

int rc_compat_check_cached(rc_compat_report *out, rc_db *db, const rc_config *cfg)
{
    return rc_compat_check_with(out, db, cfg, upstream_cached, db);
}

int rc_calendar_check_cached(rc_calendar_report *out, rc_db *db, const rc_config *cfg, int64_t now)
{
    memset(out, 0, sizeof *out);
    const char *path = rc_calendar_doc_path(cfg);
    if (!path)
        return rc_error_set(RC_ENOTFOUND, "neither relcap.calendarDoc nor relcap.compatDoc is set");
    char *text, *rev;
    int r = main_doc(&text, &rev, db, path);
    if (r)
        return r;
    free(rev);
    r = rc_calendar_from_text(out, db, cfg, path, text, now);
    free(text);
    return r;
}

static int add_file(sqlite3_stmt *st, void *ud)
{
    void **a = ud;
    rc_doc_facts f = {(size_t)sqlite3_column_int64(st, 1), (size_t)sqlite3_column_int64(st, 2),
                      sqlite3_column_int(st, 3) != 0, (char *)rc_sql_text(st, 4)};
    rc_docs_report_add(a[0], rc_sql_text(st, 0), &f, a[1]);
    return 0;
}

int rc_docs_check_cached(rc_docs_report *out, rc_db *db, const rc_config *cfg, const char *branch,
                         const char *head, const char *version)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = rc_sql_prepare(
        &st, db, "SELECT head, globs, code, error FROM release_docs WHERE branch = ?", 1, branch);
    if (r)
        return r;
    int rc = sqlite3_step(st);
    char *globs = globs_key(cfg);
    if (rc == SQLITE_DONE)
        r = rc_error_set(RC_ENOTFOUND, "its release documents are not in the cache yet (%s)",
                         sync_hint);
    else if (rc != SQLITE_ROW)
        r = rc_db_error(db, "release_docs");
    else if (!rc_sql_text(st, 0) || strcmp(rc_sql_text(st, 0), head) != 0)
        r = rc_error_set(RC_ENOTFOUND,
                         "the cache read its release documents at %.12s, the branch is at %.12s"
                         " (%s)",
                         rc_sql_text(st, 0) ? rc_sql_text(st, 0) : "-", head, sync_hint);
    else if (!rc_sql_text(st, 1) || strcmp(rc_sql_text(st, 1), globs) != 0)
        r = rc_error_set(RC_ENOTFOUND, "relcap.releaseDocs changed since the last sync (%s)",
                         sync_hint);
    else if (sqlite3_column_int(st, 2))
        r = rc_error_set(sqlite3_column_int(st, 2), "%s",
                         rc_sql_text(st, 3) ? rc_sql_text(st, 3) : "?");
    sqlite3_finalize(st);
    free(globs);
    if (r)
        return r;
    if ((r = rc_db_prepare(&st, db,
                           "SELECT path, conflicts, first_line, has_matrix, versions"
                           " FROM release_doc_files WHERE branch = ? ORDER BY pos")))
        return r;
    rc_sql_bind_text(st, 1, branch);
    void *a[2] = {out, (void *)version};
    r = rc_sql_each(db, st, add_file, a, "release_doc_files");
    if (r)
        rc_docs_report_free(out);
    return r;
}
