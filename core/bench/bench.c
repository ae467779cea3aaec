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

/* ---- import state ---- */

typedef struct {
    rc_db *db;
    git_repository *repo;
    const rc_bench_import_opts *opts;
    char *opt_sha, *opt_tag; /* resolved --commit / --tag */
    char *opt_hw;            /* normalized --hardware */
    const char *path;
    char *file_test; /* file name without directory and extension */
    sqlite3_stmt *ins;
    int64_t file_id;
    size_t samples;
    char *err; /* why the current record failed (without position) */
    char *env; /* the current record's rc_bench_env_with */
} import_ctx;

static int rec_fail(import_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int rec_fail(import_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, fmt, ap) < 0)
        m = NULL;
    va_end(ap);
    free(c->err);
    c->err = m ? m : rc_xstrdup("out of memory");
    return RC_EINVALID;
}

static bool is_hex40(const char *s)
{
    size_t i = 0;
    for (; s[i]; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return i == 40;
}

/* Full lowercase sha of anything git resolves to a commit. A full sha is
 * taken as is: results may come for a commit not fetched here yet. */
static int resolve_commit(char **out, git_repository *repo, const char *spec)
{
    if (is_hex40(spec)) {
        *out = rc_xstrdup(spec);
        for (char *p = *out; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return 0;
    }
    if (!repo)
        return rc_error_set(RC_ENOTFOUND, "cannot resolve '%s' without a repository", spec);
    git_object *obj = NULL, *peeled = NULL;
    if (git_revparse_single(&obj, repo, spec) != 0)
        return rc_error_set(RC_ENOTFOUND, "'%s' is not a commit in this repository", spec);
    int r = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
    git_object_free(obj);
    if (r != 0)
        return rc_error_set(RC_ENOTFOUND, "'%s' does not name a commit", spec);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_object_id(peeled));
    git_object_free(peeled);
    *out = rc_xstrdup(hex);
    return 0;
}

static int resolve_tag(char **out, rc_db *db, git_repository *repo, const char *tag)
{
    rc_tag_row t;
    int r = rc_gitsync_tag_get(&t, db, tag); /* any spelling of the version */
    if (r == 0 && t.sha) {
        *out = t.sha;
        t.sha = NULL;
    }
    rc_tag_row_free(&t);
    if (r != RC_ENOTFOUND)
        return r;
    rc_error_clear();
    if (repo) {
        char *ref = rc_xasprintf("refs/tags/%s", tag);
        r = resolve_commit(out, repo, ref);
        free(ref);
        if (r == 0)
            return 0;
    }
    return rc_error_set(RC_ENOTFOUND, "tag '%s' not found (not in the cache nor the repository)",
                        tag);
}

static int store(import_ctx *c, const char *sha, const char *hw, const char *backend,
                 const char *model, const char *test, const char *metric, double value,
                 int64_t when)
{
    if (!isfinite(value))
        return rec_fail(c, "metric %s: value is not a finite number", metric);
    sqlite3_stmt *st = c->ins;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, c->file_id);
    sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
    if (c->opt_tag)
        sqlite3_bind_text(st, 3, c->opt_tag, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, hw, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, backend, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, model, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, test, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 8, metric, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 9, rc_bench_metric_unit(metric), -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 10, value);
    if (when > 0)
        sqlite3_bind_int64(st, 11, when);
    else
        sqlite3_bind_null(st, 11);
    if (c->env)
        sqlite3_bind_text(st, 12, c->env, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 12);
    if (sqlite3_step(st) != SQLITE_DONE) {
        rc_db_error(c->db, "storing a benchmark result");
        return rec_fail(c, "%s", rc_error_last());
    }
    c->samples++;
    return 0;
}

static const char *str_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* The commit of a record: --tag/--commit win over the record's head_sha. */
static int record_commit(import_ctx *c, char **sha, const cJSON *rec)
{
    if (c->opt_sha) {
        *sha = rc_xstrdup(c->opt_sha);
        return 0;
    }
    if (!rec)
        return rec_fail(c, "no commit: vLLM result files name none; give --tag or --commit");
    const char *h = str_of(rec, "head_sha");
    if (!h)
        return rec_fail(c, "no commit: the record has no head_sha; give --tag or --commit");
    if (resolve_commit(sha, c->repo, h) != 0)
        return rec_fail(c, "head_sha '%s' is not a commit", h);
    return 0;
}

/* "20261102-141503" (vLLM's date) as epoch seconds, 0 when absent. */
static int64_t vllm_date(const cJSON *o)
{
    const char *d = str_of(o, "date");
    struct tm tm = {0};
    if (!d || sscanf(d, "%4d%2d%2d-%2d%2d%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                     &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (int64_t)timegm(&tm);
}

/* "NAME [k=v, ...]" from the scalar entries of extra_info and extra_info.args
 * (in file order), or NAME when there are none. */
static void put_scalars(rc_buf *b, const cJSON *o, bool *first)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, o)
    {
        char num[64];
        const char *v = NULL;
        if (cJSON_IsString(e))
            v = e->valuestring;
        else if (cJSON_IsNumber(e)) {
            snprintf(num, sizeof num, "%.17g", e->valuedouble);
            v = num;
        } else if (cJSON_IsBool(e))
            v = cJSON_IsTrue(e) ? "true" : "false";
        if (!v || b->len > 200)
            continue;
        rc_buf_printf(b, "%s%s=%s", *first ? " [" : ", ", e->string, v);
        *first = false;
    }
}

static char *compose_test(const char *name, const cJSON *extra)
{
    rc_buf b = {0};
    rc_buf_puts(&b, name);
    bool first = true;
    if (cJSON_IsObject(extra)) {
        put_scalars(&b, extra, &first);
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(extra, "args");
        if (cJSON_IsObject(args))
            put_scalars(&b, args, &first);
    }
    if (!first)
        rc_buf_puts(&b, "]");
    return rc_buf_detach(&b);
}

static int import_v3(import_ctx *c, const cJSON *rec)
{
    const cJSON *bench = cJSON_GetObjectItemCaseSensitive(rec, "benchmark");
    const cJSON *model = cJSON_GetObjectItemCaseSensitive(rec, "model");
    const cJSON *metric = cJSON_GetObjectItemCaseSensitive(rec, "metric");
    const char *model_name = cJSON_IsObject(model) ? str_of(model, "name") : NULL;
    if (!model_name)
        return rec_fail(c, "missing model (model.name)");
    const char *metric_name = cJSON_IsObject(metric) ? str_of(metric, "name") : NULL;
    if (!metric_name)
        return rec_fail(c, "missing metric (metric.name)");
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(metric, "benchmark_values");
    if (!cJSON_IsArray(values) || cJSON_GetArraySize(values) == 0)
        return rec_fail(c, "metric %s: missing benchmark_values", metric_name);

    const cJSON *runners = cJSON_GetObjectItemCaseSensitive(rec, "runners");
    const cJSON *runner = cJSON_IsArray(runners) ? cJSON_GetArrayItem(runners, 0) : NULL;
    const char *rtype = cJSON_IsObject(runner) ? str_of(runner, "type") : NULL;
    if (!rtype && cJSON_IsObject(runner))
        rtype = str_of(runner, "gpu_type");
    const char *rname = cJSON_IsObject(runner) ? str_of(runner, "name") : NULL;
    char hw[64];
    if (c->opt_hw)
        snprintf(hw, sizeof hw, "%s", c->opt_hw);
    else if (rtype)
        rc_bench_normalize_hardware(hw, sizeof hw, rtype);
    else
        return rec_fail(c, "no hardware: the record has no runners[].type; give --hardware");
    const char *backend = c->opts && c->opts->backend
                              ? c->opts->backend
                              : rc_bench_backend_of(rname, rtype ? rtype : hw);

    int i = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, values)
    {
        if (!cJSON_IsNumber(v))
            return rec_fail(c, "metric %s: benchmark_values[%d] is not a number", metric_name, i);
        i++;
    }
    char *sha = NULL;
    int r = record_commit(c, &sha, rec);
    if (r)
        return r;
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(rec, "timestamp");
    /* a timestamp outside what int64 holds (1e300, from the file) would make
     * the conversion undefined: such a record has no time */
    int64_t when = cJSON_IsNumber(ts) && ts->valuedouble >= -9.0e15 && ts->valuedouble <= 9.0e15
                       ? (int64_t)ts->valuedouble
                       : 0;
    /* Test name: the benchmark's test_name, else the benchmark name with the
     * settings in its extra_info, so different configurations stay apart. */
    const char *test = NULL;
    const cJSON *extra =
        cJSON_IsObject(bench) ? cJSON_GetObjectItemCaseSensitive(bench, "extra_info") : NULL;
    if (cJSON_IsObject(extra)) {
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(extra, "args");
        test = cJSON_IsObject(args) ? str_of(args, "test_name") : NULL;
        if (!test)
            test = str_of(extra, "test_name");
    }
    char *composed = NULL;
    if (!test && cJSON_IsObject(bench) && str_of(bench, "name"))
        test = composed = compose_test(str_of(bench, "name"), extra);
    if (!test)
        test = c->file_test;

    cJSON_ArrayForEach(v, values)
    {
        if ((r = store(c, sha, hw, backend, model_name, test, metric_name, v->valuedouble, when)))
            break;
    }
    free(sha);
    free(composed);
    return r;
}

/* vLLM's latency and throughput runs write no model; their test names do:
 * "latency_llama8B_tp1" -> "llama8B" (between the first '_' and "_tp<N>"). */
static bool model_from_test(char *out, size_t n, const char *test)
{
    const char *us = strchr(test, '_');
    const char *tp = us ? strstr(us + 1, "_tp") : NULL;
    while (tp && !isdigit((unsigned char)tp[3]))
        tp = strstr(tp + 1, "_tp");
    if (!tp || tp == us + 1 || (size_t)(tp - us - 1) >= n)
        return false;
    snprintf(out, n, "%.*s", (int)(tp - us - 1), us + 1);
    return true;
}

/* A vLLM --save-result object: every numeric key whose name has a known
 * direction is a metric (counts and settings such as num_prompts are not);
 * latency runs' "percentiles" become pNN_latency. */
static int import_vllm(import_ctx *c, const cJSON *o)
{
    const char *test = str_of(o, "test_name");
    if (!test)
        test = c->file_test;
    const char *model = str_of(o, "model_id");
    if (!model)
        model = str_of(o, "model");
    if (!model)
        model = c->opts->model;
    char derived[128];
    if (!model && model_from_test(derived, sizeof derived, test))
        model = derived;
    if (!model)
        return rec_fail(c, "missing model (model_id); give --model");

    /* Check everything before storing anything of the record. */
    size_t nmetrics = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        if (strcmp(it->string, "percentiles") == 0) {
            if (!cJSON_IsObject(it))
                return rec_fail(c, "percentiles is not an object");
            const cJSON *p;
            cJSON_ArrayForEach(p, it)
            {
                if (!cJSON_IsNumber(p))
                    return rec_fail(c, "percentiles.%s is not a number", p->string);
                nmetrics++;
            }
            continue;
        }
        if (rc_bench_metric_direction(it->string, NULL, 0) == 0 || cJSON_IsNull(it))
            continue;
        if (!cJSON_IsNumber(it))
            return rec_fail(c, "%s is not a number", it->string);
        nmetrics++;
    }
    if (nmetrics == 0)
        return rec_fail(c, "missing metric: no known metric (like median_ttft_ms, avg_latency, "
                           "requests_per_second)");
    if (!c->opt_hw)
        return rec_fail(c, "no hardware in a vLLM result file; give --hardware");
    char *sha = NULL;
    int r = record_commit(c, &sha, NULL);
    if (r)
        return r;
    const char *backend =
        c->opts && c->opts->backend ? c->opts->backend : rc_bench_backend_of(NULL, c->opt_hw);
    int64_t when = vllm_date(o);
    cJSON_ArrayForEach(it, o)
    {
        if (strcmp(it->string, "percentiles") == 0) {
            const cJSON *p;
            cJSON_ArrayForEach(p, it)
            {
                char name[96];
                snprintf(name, sizeof name, "p%s_latency",
                         p->string + (p->string[0] == 'p' || p->string[0] == 'P'));
                if ((r = store(c, sha, c->opt_hw, backend, model, test, name, p->valuedouble,
                               when)))
                    goto out;
            }
        } else if (cJSON_IsNumber(it) && rc_bench_metric_direction(it->string, NULL, 0) != 0) {
            if ((r = store(c, sha, c->opt_hw, backend, model, test, it->string, it->valuedouble,
                           when)))
                goto out;
        }
    }
out:
    free(sha);
    return r;
}

static int import_record(import_ctx *c, const cJSON *rec)
{
    if (!cJSON_IsObject(rec))
        return rec_fail(c, "not a JSON object");
    /* v3 records nest model, metric and runners in objects; vLLM's are flat. */
    bool v3 = cJSON_HasObjectItem(rec, "metric") || cJSON_HasObjectItem(rec, "benchmark") ||
              cJSON_HasObjectItem(rec, "runners") ||
              cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(rec, "model"));
    c->env = rc_bench_env_with(rec, c->opts ? c->opts->env : NULL);
    int r = v3 ? import_v3(c, rec) : import_vllm(c, rec);
    cJSON_free(c->env);
    c->env = NULL;
    return r;
}

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
            if ((r = import_record(c, rec))) {
                *errmsg = rc_xasprintf("%s: record %d: %s", c->path, n, c->err);
                break;
            }
        }
        if (!r && n == 0) {
            *errmsg = rc_xasprintf("%s: record 1: no records in the list", c->path);
            r = RC_EINVALID;
        }
    } else if ((r = import_record(c, root))) {
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
        r = import_record(c, rec);
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
        if ((r = resolve_tag(&c.opt_sha, db, repo, opts->tag)))
            return r;
        c.opt_tag = rc_xstrdup(opts->tag);
    } else if (opts->commit && (r = resolve_commit(&c.opt_sha, repo, opts->commit))) {
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
