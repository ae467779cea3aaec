/* The bisect tables: one row per bisect, the runs it launched, and the mark
 * of each commit it tested. */
#include "core/bisect/bisect_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const state_names[] = {"running", "paused", "done", "failed"};
static const char *const mark_names[] = {"", "good", "bad", "skip"};

const char *rc_bisect_state_name(rc_bisect_state s)
{
    return (unsigned)s < 4 ? state_names[s] : "unknown";
}

int rc_bisect_state_parse(rc_bisect_state *out, const char *name)
{
    for (int i = 0; i < 4; i++)
        if (name && strcmp(name, state_names[i]) == 0) {
            *out = (rc_bisect_state)i;
            return 0;
        }
    return rc_error_set(RC_EINVALID, "unknown bisect state '%s'", name ? name : "");
}

const char *rc_bisect_mark_name(rc_bisect_mark m)
{
    return (unsigned)m < 4 ? mark_names[m] : "";
}

static rc_bisect_mark mark_parse(const char *s)
{
    for (int i = 1; i < 4; i++)
        if (s && strcmp(s, mark_names[i]) == 0)
            return (rc_bisect_mark)i;
    return RC_MARK_NONE;
}

void rc_bisect_clear(rc_bisect *b)
{
    char **const strs[] = {&b->metric, &b->hardware,  &b->model,  &b->test,
                           &b->node,   &b->from_name, &b->to_name};
    rc_strs_clear(strs, 7);
    rc_strv_free(b->commits, b->ncommits);
    free(b->first_bad);
    free(b->note);
    free(b->message);
    memset(b, 0, sizeof *b);
}

static void commits_from_json(rc_bisect *b, const char *json)
{
    cJSON *a = json ? cJSON_Parse(json) : NULL;
    int n = cJSON_IsArray(a) ? cJSON_GetArraySize(a) : 0;
    b->commits = rc_xcalloc((size_t)n + 1, sizeof *b->commits);
    for (int i = 0; i < n; i++) {
        const char *s = cJSON_GetStringValue(cJSON_GetArrayItem(a, i));
        if (s)
            b->commits[b->ncommits++] = rc_xstrdup(s);
    }
    cJSON_Delete(a);
}

/* Every statement here is keyed by one bisect's id, bound as ?1. */
static int prepare_for(sqlite3_stmt **st, rc_db *db, int64_t bisect_id, const char *sql)
{
    int r = rc_db_prepare(st, db, sql);
    if (!r)
        sqlite3_bind_int64(*st, 1, bisect_id);
    return r;
}

static void fill_bisect(void *row, sqlite3_stmt *st)
{
    rc_bisect *out = row;
    out->id = sqlite3_column_int64(st, 0);
    char **text[] = {&out->metric, &out->hardware,  &out->model,  &out->test,
                     &out->node,   &out->from_name, &out->to_name};
    for (int i = 0; i < 7; i++)
        *text[i] = rc_sql_dup(st, i + 1);
    commits_from_json(out, rc_sql_text(st, 8));
    out->runs_per_step = sqlite3_column_int(st, 9);
    out->start_timeout = sqlite3_column_int(st, 10);
    if (rc_bisect_state_parse(&out->state, rc_sql_text(st, 11)) != 0) {
        out->state = RC_BISECT_FAILED;
        rc_error_clear();
    }
    out->first_bad = rc_sql_dup(st, 12);
    out->note = rc_sql_dup(st, 13);
    out->message = rc_sql_dup(st, 14);
    out->created_at = sqlite3_column_int64(st, 15);
    out->updated_at = sqlite3_column_int64(st, 16);
}

int rc_bisect_get(rc_bisect *out, rc_db *db, int64_t id)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    int r = prepare_for(&st, db, id,
                        "SELECT id, metric, hardware, model, test, node, from_name, to_name,"
                        " commits, runs_per_step, start_timeout, state, first_bad, note,"
                        " message, created_at, updated_at FROM bisects"
                        " WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC LIMIT 1");
    if (r)
        return r;
    bool found;
    r = rc_sql_one(&found, out, db, st, fill_bisect, "reading bisect");
    if (r || found)
        return r;
    return id ? rc_error_set(RC_ENOTFOUND, "no bisect %lld", (long long)id)
              : rc_error_set(RC_ENOTFOUND, "no bisect yet (relcap bench bisect METRIC "
                                           "--node NODE starts one)");
}

long bisect_index(const rc_bisect *b, const char *sha)
{
    for (size_t i = 0; sha && i < b->ncommits; i++)
        if (strcmp(b->commits[i], sha) == 0)
            return (long)i;
    return -1;
}

int bisect_set_state(rc_db *db, int64_t id, rc_bisect_state state, const char *message,
                     const char *first_bad)
{
    return rc_sql_run(db, "saving bisect",
                      "UPDATE bisects SET state = ?2, message = ?3,"
                      " first_bad = coalesce(?4, first_bad), updated_at = ?5 WHERE id = ?1",
                      "ittti", id, rc_bisect_state_name(state), message, first_bad,
                      (int64_t)time(NULL));
}

int rc_bisect_resume(rc_db *db, int64_t id)
{
    rc_bisect b;
    int r = rc_bisect_get(&b, db, id);
    if (r)
        return r;
    if (b.state == RC_BISECT_DONE || b.state == RC_BISECT_FAILED) {
        r = rc_error_set(RC_EINVALID, "bisect %lld is %s: %s", (long long)b.id,
                         rc_bisect_state_name(b.state), b.message ? b.message : "");
        rc_bisect_clear(&b);
        return r;
    }
    /* Attempts that say nothing about the code are tried again. */
    r = rc_db_exec(db, "BEGIN IMMEDIATE");
    if (!r) {
        r = rc_sql_run(db, "resuming bisect",
                       "UPDATE bisect_runs SET counted = 0 WHERE bisect_id = ? AND run_id IN"
                       " (SELECT id FROM runs WHERE state IN ('lost', 'cancelled') OR"
                       " (state = 'failed' AND exit_code IS NULL))",
                       "i", b.id);
        if (!r)
            r = bisect_set_state(db, b.id, RC_BISECT_RUNNING, NULL, NULL);
        rc_db_exec(db, r ? "ROLLBACK" : "COMMIT");
    }
    rc_bisect_clear(&b);
    return r;
}

int bisect_run_add(rc_db *db, int64_t bisect_id, int64_t run_id, const char *sha, bool counted)
{
    return rc_sql_run(db, "recording bisect run",
                      "INSERT OR REPLACE INTO bisect_runs (bisect_id, run_id, sha, counted)"
                      " VALUES (?, ?, ?, ?)",
                      "iiti", bisect_id, run_id, sha, (int64_t)(counted ? 1 : 0));
}

int bisect_run_uncount(rc_db *db, int64_t bisect_id, int64_t run_id)
{
    return rc_sql_run(db, "updating bisect run",
                      "UPDATE bisect_runs SET counted = 0 WHERE bisect_id = ? AND run_id = ?", "ii",
                      bisect_id, run_id);
}

static void fill_run(void *row, sqlite3_stmt *st)
{
    bisect_run *v = row;
    v->run_id = sqlite3_column_int64(st, 0);
    v->sha = rc_sql_dup(st, 1);
    v->counted = sqlite3_column_int(st, 2) != 0;
}

static void run_clear(void *row)
{
    bisect_run *v = row;
    free(v->sha);
    rc_run_clear(&v->run);
}

int bisect_runs_load(bisect_run **out, size_t *n, rc_db *db, int64_t bisect_id)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    int r = prepare_for(&st, db, bisect_id,
                        "SELECT run_id, sha, counted FROM bisect_runs WHERE bisect_id = ?"
                        " ORDER BY run_id");
    if (r)
        return r;
    bisect_run *v = NULL;
    size_t cnt = 0;
    r = rc_sql_rows(&v, &cnt, sizeof *v, db, st, fill_run, run_clear, "reading bisect runs");
    if (r)
        return r;
    for (size_t i = 0; i < cnt; i++) {
        if (rc_runs_get(&v[i].run, db, v[i].run_id) != 0) {
            /* the run row is gone (cache reset): it counts no more */
            rc_error_clear();
            v[i].counted = false;
            v[i].run.state = RC_RUN_LOST;
        }
    }
    *out = v;
    *n = cnt;
    return 0;
}

void bisect_runs_free(bisect_run *runs, size_t n)
{
    rc_sql_rows_free(runs, n, sizeof *runs, run_clear);
}

static void fill_point(void *row, sqlite3_stmt *st)
{
    bisect_point *v = row;
    v->sha = rc_sql_dup(st, 0);
    v->mark = mark_parse(rc_sql_text(st, 1));
    v->want = sqlite3_column_int(st, 2);
    v->detail = rc_sql_dup(st, 3);
}

static void point_clear(void *row)
{
    bisect_point *v = row;
    free(v->sha);
    free(v->detail);
}

int bisect_points_load(bisect_point **out, size_t *n, rc_db *db, int64_t bisect_id)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st;
    int r = prepare_for(&st, db, bisect_id,
                        "SELECT sha, mark, want, detail FROM bisect_marks WHERE bisect_id = ?");
    if (r)
        return r;
    return rc_sql_rows(out, n, sizeof **out, db, st, fill_point, point_clear,
                       "reading bisect marks");
}

void bisect_points_free(bisect_point *p, size_t n)
{
    rc_sql_rows_free(p, n, sizeof *p, point_clear);
}

void bisect_tested_load(bisect_tested *out, rc_db *db, int64_t bisect_id)
{
    memset(out, 0, sizeof *out);
    bisect_points_load(&out->p, &out->np, db, bisect_id);
    bisect_runs_load(&out->runs, &out->nr, db, bisect_id);
}

void bisect_tested_free(bisect_tested *t)
{
    bisect_points_free(t->p, t->np);
    bisect_runs_free(t->runs, t->nr);
}

bisect_point *bisect_point_find(bisect_point *p, size_t n, const char *sha)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(p[i].sha, sha) == 0)
            return &p[i];
    return NULL;
}

int bisect_point_set(rc_db *db, int64_t bisect_id, const char *sha, rc_bisect_mark mark, int want,
                     const char *detail)
{
    const char *name = rc_bisect_mark_name(mark); /* "": still open, SQL NULL */
    return rc_sql_run(db, "recording bisect mark",
                      "INSERT OR REPLACE INTO bisect_marks (bisect_id, sha, mark, want,"
                      " detail, at) VALUES (?, ?, ?, ?, ?, ?)",
                      "ittiti", bisect_id, sha, *name ? name : NULL, (int64_t)want, detail,
                      (int64_t)time(NULL));
}
