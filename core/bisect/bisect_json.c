/* `bench bisect --status --json`: the bisect as one stable JSON object (the
 * same facts as the --status text of bisect_report.c), for scripts. */
#include "core/bisect/bisect_internal.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* Untrusted text (commit subjects, messages from nodes) made terminal-safe
 * as the text report shows it; NULL stays null. */
static void add_text(cJSON *o, const char *k, const char *v)
{
    char *s = v ? rc_sanitize(v, false) : NULL;
    add_str(o, k, s);
    free(s);
}

static void add_num(cJSON *o, const char *k, long v)
{
    if (v)
        cJSON_AddNumberToObject(o, k, (double)v);
    else
        cJSON_AddNullToObject(o, k);
}

static void add_time(cJSON *o, const char *k, int64_t t)
{
    char iso[21];
    if (t) {
        rc_time_iso(iso, t);
        cJSON_AddStringToObject(o, k, iso);
    } else {
        cJSON_AddNullToObject(o, k);
    }
}

static void add_subject(cJSON *o, git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c = NULL;
    if (repo && sha && git_oid_fromstr(&id, sha) == 0 && git_commit_lookup(&c, repo, &id) == 0) {
        add_text(o, "subject", git_commit_summary(c));
        git_commit_free(c);
        return;
    }
    git_error_clear();
    cJSON_AddNullToObject(o, "subject");
}

/* One tested (or under test) commit: its verdict and the runs it counts. */
static cJSON *step_json(git_repository *repo, const rc_bisect *b, size_t k, const bisect_point *pt,
                        const bisect_run *runs, size_t nr)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "index", (double)k);
    cJSON_AddStringToObject(s, "commit", b->commits[k]);
    add_subject(s, repo, b->commits[k]);
    cJSON_AddStringToObject(s, "verdict",
                            pt && pt->mark ? rc_bisect_mark_name(pt->mark) : "testing");
    add_text(s, "detail", pt ? pt->detail : NULL);
    cJSON *a = cJSON_AddArrayToObject(s, "runs");
    for (size_t i = 0; i < nr; i++) {
        if (!runs[i].counted || strcmp(runs[i].sha, b->commits[k]) != 0)
            continue;
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "id", (double)runs[i].run_id);
        cJSON_AddStringToObject(r, "state", rc_run_state_name(runs[i].run.state));
        cJSON_AddItemToArray(a, r);
    }
    return s;
}

static cJSON *steps_json(rc_db *db, git_repository *repo, const rc_bisect *b, long *left)
{
    bisect_tested t;
    bisect_tested_load(&t, db, b->id);
    cJSON *steps = cJSON_CreateArray();
    for (size_t k = 0; k < b->ncommits; k++) {
        bisect_point *pt = bisect_point_find(t.p, t.np, b->commits[k]);
        bool ran = false;
        for (size_t i = 0; i < t.nr && !ran; i++)
            ran = t.runs[i].counted && !strcmp(t.runs[i].sha, b->commits[k]);
        if (pt || ran)
            cJSON_AddItemToArray(steps, step_json(repo, b, k, pt, t.runs, t.nr));
    }
    *left = bisect_left(b, t.p, t.np);
    bisect_tested_free(&t);
    return steps;
}

static cJSON *first_bad_json(rc_db *db, git_repository *repo, const rc_config *cfg,
                             const rc_bisect *b)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "commit", b->first_bad);
    add_subject(o, repo, b->first_bad);
    bisect_origin orig;
    bisect_origin_find(&orig, db, repo, cfg, b);
    add_num(o, "pr", orig.pr);
    if (orig.original || orig.original_pr) {
        cJSON *m = cJSON_AddObjectToObject(o, "original");
        add_str(m, "commit", orig.original);
        if (orig.original)
            add_subject(m, repo, orig.original);
        else
            cJSON_AddNullToObject(m, "subject");
        add_num(m, "pr", orig.original_pr);
    } else {
        cJSON_AddNullToObject(o, "original");
    }
    bisect_origin_clear(&orig);
    return o;
}

int rc_bisect_status_json(cJSON **out, rc_db *db, git_repository *repo, const rc_config *cfg,
                          int64_t id)
{
    *out = NULL;
    rc_bisect b;
    int r = rc_bisect_get(&b, db, id);
    if (r)
        return r;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)b.id);
    cJSON_AddStringToObject(o, "state", rc_bisect_state_name(b.state));
    add_text(o, "message", b.message);
    cJSON_AddStringToObject(o, "metric", b.metric);
    cJSON_AddStringToObject(o, "hardware", b.hardware);
    cJSON_AddStringToObject(o, "model", b.model);
    cJSON_AddStringToObject(o, "test", b.test);
    cJSON_AddStringToObject(o, "node", b.node);
    cJSON_AddNumberToObject(o, "runs_per_step", b.runs_per_step);
    cJSON *range = cJSON_AddObjectToObject(o, "range");
    cJSON_AddStringToObject(range, "from", b.from_name);
    cJSON_AddStringToObject(range, "to", b.to_name);
    cJSON_AddStringToObject(range, "good", b.commits[0]);
    cJSON_AddStringToObject(range, "bad", b.commits[b.ncommits - 1]);
    cJSON_AddNumberToObject(range, "commits", (double)(b.ncommits - 1));
    add_text(range, "note", b.note);
    long left = 0;
    cJSON_AddItemToObject(o, "steps", steps_json(db, repo, &b, &left));
    cJSON_AddNumberToObject(o, "commits_left", b.state == RC_BISECT_DONE ? 0 : (double)left);
    if (b.state == RC_BISECT_DONE && b.first_bad)
        cJSON_AddItemToObject(o, "first_bad", first_bad_json(db, repo, cfg, &b));
    else
        cJSON_AddNullToObject(o, "first_bad");
    add_time(o, "created_at", b.created_at);
    add_time(o, "updated_at", b.updated_at);
    rc_bisect_clear(&b);
    *out = o;
    return 0;
}
