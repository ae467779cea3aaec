/* Import of benchmark result files into bench_files / bench_results.
 *
 * Formats: vLLM's --save-result JSON (one flat object per run: serve,
 * latency or throughput) and PyTorch OSS benchmark "v3" records (one record
 * per metric) as a JSON list, a single object or JSON lines. A file whose
 * first non-blank line is a complete JSON object is read as JSON lines, one
 * line at a time, so memory stays bounded however big the file; anything
 * else is parsed whole by cJSON.
 *
 * Each file is one transaction; its digest (libgit2's blob SHA-1 of the
 * file, computed while streaming, joined with the import options when any
 * are given) is UNIQUE in bench_files, so importing the same content with
 * the same options twice adds nothing. */
#include "core/bench/bench.h"
#include "core/bench/bench_internal.h"
#include "core/git/gitsync.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- files ---- */

/* 1-based line and column of offset in buf. */
static void position(size_t *line, size_t *col, const char *buf, size_t off)
{
    size_t l = 1, start = 0;
    for (size_t i = 0; i < off && buf[i]; i++)
        if (buf[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = off - start + 1;
}

/* Editors on Windows start UTF-8 files with a byte order mark. */
static const char *skip_bom(const char *s)
{
    return strncmp(s, "\xEF\xBB\xBF", 3) == 0 ? s + 3 : s;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

static int parse_whole(import_ctx *c, char **errmsg)
{
    char *buf = NULL;
    size_t len = 0;
    if (rc_file_read(&buf, &len, c->path) != 0) {
        *errmsg = rc_xasprintf("%s: %s", c->path, rc_error_last());
        return RC_EIO;
    }
    if (strlen(buf) != len) {
        size_t l, col;
        position(&l, &col, buf, strlen(buf));
        *errmsg = rc_xasprintf("%s: line %zu, column %zu: NUL byte in JSON", c->path, l, col);
        free(buf);
        return RC_EINVALID;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(skip_bom(buf), &end, 1);
    if (!root) {
        size_t l = 1, col = 1;
        if (!blank(buf))
            position(&l, &col, buf, end ? (size_t)(end - buf) : 0);
        *errmsg = rc_xasprintf("%s: line %zu, column %zu: %s", c->path, l, col,
                               blank(buf) ? "empty file" : "invalid JSON");
        free(buf);
        return RC_EINVALID;
    }
    free(buf);
    int r = 0;
    if (cJSON_IsArray(root)) {
        int n = 0;
        const cJSON *rec;
        cJSON_ArrayForEach(rec, root)
        {
            n++;
            if ((r = bench_import_record(c, rec))) {
                *errmsg = rc_xasprintf("%s: record %d: %s", c->path, n, c->err);
                break;
            }
        }
        if (!r && n == 0) {
            *errmsg = rc_xasprintf("%s: record 1: no records in the list", c->path);
            r = RC_EINVALID;
        }
    } else if ((r = bench_import_record(c, root))) {
        *errmsg = rc_xasprintf("%s: record 1: %s", c->path, c->err);
    }
    cJSON_Delete(root);
    return r;
}

/* JSON lines: one record per line, read one line at a time. */
static int parse_lines(import_ctx *c, FILE *f, char **errmsg)
{
    char *line = NULL;
    size_t cap = 0, lineno = 0, records = 0;
    ssize_t n;
    int r = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if ((size_t)n != strlen(line)) {
            *errmsg = rc_xasprintf("%s: line %zu, column %zu: NUL byte in JSON", c->path, lineno,
                                   strlen(line) + 1);
            r = RC_EINVALID;
            break;
        }
        if (blank(line))
            continue;
        const char *end = NULL;
        cJSON *rec = cJSON_ParseWithOpts(lineno == 1 ? skip_bom(line) : line, &end, 1);
        if (!rec) {
            /* cJSON points past the line at an unexpected end: name the
             * column just after the last character instead. */
            size_t col = end ? (size_t)(end - line) + 1 : 1, width = strcspn(line, "\r\n");
            if (col > width + 1)
                col = width + 1;
            *errmsg = rc_xasprintf("%s: line %zu, column %zu: invalid JSON", c->path, lineno, col);
            r = RC_EINVALID;
            break;
        }
        records++;
        r = bench_import_record(c, rec);
        cJSON_Delete(rec);
        if (r) {
            *errmsg = rc_xasprintf("%s: line %zu: %s", c->path, lineno, c->err);
            break;
        }
    }
    if (!r && ferror(f)) {
        *errmsg = rc_xasprintf("%s: read error: %s", c->path, strerror(errno));
        r = RC_EIO;
    }
    if (!r && records == 0) {
        *errmsg = rc_xasprintf("%s: line 1, column 1: empty file", c->path);
        r = RC_EINVALID;
    }
    free(line);
    return r;
}

/* Decides the layout from the first non-blank line: a complete object on
 * it (or a .jsonl name) means JSON lines; anything else is one document. */
static int parse_file(import_ctx *c, char **errmsg)
{
    FILE *f = fopen(c->path, "r");
    if (!f) {
        *errmsg = rc_xasprintf("%s: cannot open: %s", c->path, strerror(errno));
        return RC_EIO;
    }
    bool lines = rc_str_ends_with(c->path, ".jsonl");
    if (!lines) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, f)) >= 0 && blank(line))
            ;
        if (n >= 0 && (size_t)n == strlen(line)) {
            const char *p = skip_bom(line);
            while (isspace((unsigned char)*p))
                p++;
            if (*p == '{') {
                const char *end = NULL;
                cJSON *j = cJSON_ParseWithOpts(p, &end, 0);
                if (j && blank(end))
                    lines = true;
                cJSON_Delete(j);
            }
        }
        free(line);
        rewind(f);
    }
    int r;
    if (lines)
        r = parse_lines(c, f, errmsg);
    else
        r = parse_whole(c, errmsg);
    fclose(f);
    return r;
}

static void add_error(rc_bench_import_report *rep, char *msg)
{
    rep->errors = rc_xrealloc(rep->errors, (rep->nerrors + 1) * sizeof *rep->errors);
    rep->errors[rep->nerrors++] = msg;
    rep->files_failed++;
}

static char *test_from_path(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *t = rc_xstrdup(b);
    char *dot = strrchr(t, '.');
    if (dot && dot != t)
        *dot = '\0';
    return t;
}

/* The file's digest: libgit2's blob id of its content, joined with the
 * import options when any are given (out must hold GIT_OID_HEXSZ + 1). */
static int file_digest(char *out, rc_bench_import_report *rep, import_ctx *c, const char *path)
{
    git_oid oid;
    if (git_odb_hashfile(&oid, path, GIT_OBJECT_BLOB) != 0) {
        const git_error *e = git_error_last();
        add_error(rep, rc_xasprintf("%s: cannot read: %s", path, e ? e->message : "error"));
        return RC_EIO;
    }
    git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
    /* Files that do not name their commit or hardware (vLLM's) mean another
     * result under other options: the options join the content in the key. */
    const rc_bench_import_opts *o = c->opts;
    if (!(c->opt_sha || c->opt_hw || o->backend || o->model))
        return 0;
    char *key = rc_xasprintf("%s\ncommit=%s\ntag=%s\nhardware=%s\nbackend=%s\nmodel=%s\n", out,
                             c->opt_sha ? c->opt_sha : "", c->opt_tag ? c->opt_tag : "",
                             c->opt_hw ? c->opt_hw : "", o->backend ? o->backend : "",
                             o->model ? o->model : "");
    int hr = git_odb_hash(&oid, key, strlen(key), GIT_OBJECT_BLOB);
    free(key);
    if (hr != 0) {
        add_error(rep, rc_xasprintf("%s: cannot hash the import key", path));
        return RC_ERROR;
    }
    git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
    return 0;
}

/* Inside the file's transaction: 1 when the digest was imported before, 0
 * when the file row was added (c->file_id set), or an error. */
static int file_row(import_ctx *c, const char *path, const char *digest)
{
    sqlite3_stmt *st = NULL;
    int r = rc_db_prepare(&st, c->db, "SELECT 1 FROM bench_files WHERE digest = ?");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, digest, -1, SQLITE_STATIC);
    bool seen = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (seen)
        return 1;
    if ((r = rc_db_prepare(&st, c->db,
                           "INSERT INTO bench_files(path, digest, imported_at, records)"
                           " VALUES (?, ?, ?, 0)")))
        return r;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, digest, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
    r = sqlite3_step(st) == SQLITE_DONE ? 0 : rc_db_error(c->db, "recording the imported file");
    sqlite3_finalize(st);
    c->file_id = sqlite3_last_insert_rowid(rc_db_handle(c->db));
    return r;
}

/* Parses the file into bench_results; *msg says where it went wrong. */
static int file_results(import_ctx *c, const char *path, char **msg)
{
    int r = rc_db_prepare(&c->ins, c->db,
                          "INSERT INTO bench_results(file_id, commit_sha, tag, hardware, backend,"
                          " model, test, metric, unit, value, recorded_at, env)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (r)
        return r;
    c->path = path;
    c->file_test = test_from_path(path);
    c->samples = 0;
    r = parse_file(c, msg);
    sqlite3_finalize(c->ins);
    c->ins = NULL;
    free(c->file_test);
    c->file_test = NULL;
    if (r)
        return r;
    sqlite3_stmt *st;
    if ((r = rc_db_prepare(&st, c->db, "UPDATE bench_files SET records = ? WHERE id = ?")))
        return r;
    sqlite3_bind_int64(st, 1, (int64_t)c->samples);
    sqlite3_bind_int64(st, 2, c->file_id);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return 0;
}

/* One file, one transaction: a bad file stores nothing. */
static int import_file(rc_bench_import_report *rep, import_ctx *c, const char *path)
{
    char digest[GIT_OID_HEXSZ + 1];
    int r = file_digest(digest, rep, c, path);
    if (r)
        return r;
    if ((r = rc_db_begin(c->db))) {
        add_error(rep, rc_xasprintf("%s: %s", path, rc_error_last()));
        return r;
    }
    r = file_row(c, path, digest);
    if (r == 1) {
        rc_db_rollback(c->db);
        rep->files_skipped++;
        return 0;
    }
    char *msg = NULL;
    if (!r && (r = file_results(c, path, &msg)) != 0 && msg) {
        rc_db_rollback(c->db);
        add_error(rep, msg);
        return r;
    }
    if (!r)
        r = rc_db_commit(c->db);
    if (r) {
        rc_db_rollback(c->db);
        add_error(rep, rc_xasprintf("%s: %s", path, rc_error_last()));
        return r;
    }
    rep->files_imported++;
    rep->results += c->samples;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.json / *.jsonl below dir (symlinked directories are not followed,
 * so a link loop cannot recurse), sorted for a stable import order. */
static void collect(char ***files, size_t *n, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *p = rc_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(files, n, p);
            free(p);
        } else if ((rc_str_ends_with(e->d_name, ".json") ||
                    rc_str_ends_with(e->d_name, ".jsonl")) &&
                   stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
            *files = rc_xrealloc(*files, (*n + 1) * sizeof **files);
            (*files)[(*n)++] = p;
        } else {
            free(p);
        }
    }
    closedir(d);
}

int rc_bench_import_path(rc_bench_import_report *report, rc_db *db, git_repository *repo,
                         const char *path, const rc_bench_import_opts *opts)
{
    static const rc_bench_import_opts none = {0};
    if (!opts)
        opts = &none;
    if (opts->tag && opts->commit)
        return rc_error_set(RC_EUSAGE, "give --tag or --commit, not both");
    import_ctx c = {.db = db, .repo = repo, .opts = opts};
    int r = 0;
    if (opts->tag) {
        if ((r = bench_resolve_tag(&c.opt_sha, db, repo, opts->tag)))
            return r;
        c.opt_tag = rc_xstrdup(opts->tag);
    } else if (opts->commit && (r = bench_resolve_commit(&c.opt_sha, repo, opts->commit))) {
        return r;
    }
    if (opts->hardware) {
        char hw[64];
        rc_bench_normalize_hardware(hw, sizeof hw, opts->hardware);
        c.opt_hw = rc_xstrdup(hw);
    }

    struct stat st;
    size_t failed_before = report->files_failed;
    if (stat(path, &st) != 0) {
        add_error(report, rc_xasprintf("%s: %s", path, strerror(errno)));
    } else if (S_ISDIR(st.st_mode)) {
        char **files = NULL;
        size_t n = 0;
        collect(&files, &n, path);
        qsort(files, n, sizeof *files, cmp_str);
        for (size_t i = 0; i < n; i++) {
            import_file(report, &c, files[i]);
            free(files[i]);
        }
        free(files);
    } else {
        import_file(report, &c, path);
    }
    char **const strs[] = {&c.opt_sha, &c.opt_tag, &c.opt_hw, &c.err};
    rc_strs_clear(strs, 4);
    if (report->files_failed > failed_before)
        return rc_error_set(RC_EINVALID, "%zu file%s could not be imported",
                            report->files_failed - failed_before,
                            report->files_failed - failed_before == 1 ? "" : "s");
    return 0;
}

void rc_bench_import_report_free(rc_bench_import_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nerrors; i++)
        free(r->errors[i]);
    free(r->errors);
    memset(r, 0, sizeof *r);
}
