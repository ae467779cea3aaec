/* Perf runs: template expansion, the runs table, and the backend-neutral
 * parts of start / refresh / cancel / log. Backends are ops tables. */
#include "core/runs/runs.h"
#include "core/bench/bench.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/git/gitsync.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *const state_names[] = {"queued", "running",   "succeeded",
                                          "failed", "cancelled", "lost"};

const char *rc_run_state_name(rc_run_state s)
{
    return (unsigned)s < 6 ? state_names[s] : "unknown";
}

int rc_run_state_parse(rc_run_state *out, const char *name)
{
    for (int i = 0; i < 6; i++)
        if (name && strcmp(name, state_names[i]) == 0) {
            *out = (rc_run_state)i;
            return 0;
        }
    return rc_error_set(RC_EINVALID, "unknown run state '%s'", name ? name : "");
}

bool rc_run_state_final(rc_run_state s)
{
    return s != RC_RUN_QUEUED && s != RC_RUN_RUNNING;
}

/* ---- the runs table ---- */

void rc_run_clear(rc_run *r)
{
    char *text[] = {r->node,        r->backend,       r->kind,    r->hardware,  r->target_sha,
                    r->target_tag,  r->target_branch, r->tests,   r->remote_id, r->log_path,
                    r->results_dir, r->reason,        r->imported};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        free(text[i]);
    memset(r, 0, sizeof *r);
}

static void run_clear(void *row)
{
    rc_run_clear(row);
}

void rc_runs_free(rc_run *runs, size_t n)
{
    rc_sql_rows_free(runs, n, sizeof *runs, run_clear);
}

/* The parsed runs of the display reads (core/runs/runs_read.c): one
 * reading of the table. */
int rc_runs_list(rc_run **out, size_t *count, rc_db *db)
{
    rc_run_view *v = NULL;
    size_t n = 0;
    *out = NULL;
    *count = 0;
    int r = rc_runs_view_list(&v, &n, db);
    if (r)
        return r;
    rc_run *runs = rc_xcalloc(n ? n : 1, sizeof *runs);
    for (size_t i = 0; i < n; i++) {
        runs[i] = v[i].run;
        free(v[i].state);
    }
    free(v);
    *out = runs;
    *count = n;
    return 0;
}

int rc_runs_get(rc_run *out, rc_db *db, int64_t id)
{
    rc_run_view v;
    int r = rc_runs_view_get(&v, db, id);
    if (r == RC_ENOTFOUND)
        r = rc_error_set(RC_ENOTFOUND, "no run %lld (see relcap run list)", (long long)id);
    if (r) {
        rc_run_view_clear(&v);
        memset(out, 0, sizeof *out);
        return r;
    }
    *out = v.run;
    free(v.state);
    return 0;
}

/* Writes the mutable fields of r. When expect is not NULL the update only
 * happens while the stored state is still *expect, so two processes
 * refreshing at once cannot both move (and import) the same run. Returns
 * the number of rows changed (0 or 1). */
static int run_save(rc_db *db, const rc_run *r, const rc_run_state *expect)
{
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "UPDATE runs SET state = ?1, remote_id = ?2, started_at = ?3, "
                           "ended_at = ?4, exit_code = ?5, log_path = ?6, results_dir = ?7, "
                           "reason = ?8, imported = ?9 WHERE id = ?10 AND (?11 IS NULL OR "
                           "state = ?11)");
    if (rc)
        return rc;
    sqlite3_bind_text(st, 1, rc_run_state_name(r->state), -1, SQLITE_STATIC);
    rc_sql_bind_text(st, 2, r->remote_id);
    if (r->started_at)
        sqlite3_bind_int64(st, 3, r->started_at);
    if (r->ended_at)
        sqlite3_bind_int64(st, 4, r->ended_at);
    if (r->has_exit)
        sqlite3_bind_int(st, 5, r->exit_code);
    rc_sql_bind_text(st, 6, r->log_path);
    rc_sql_bind_text(st, 7, r->results_dir);
    rc_sql_bind_text(st, 8, r->reason);
    rc_sql_bind_text(st, 9, r->imported);
    sqlite3_bind_int64(st, 10, r->id);
    if (expect)
        sqlite3_bind_text(st, 11, rc_run_state_name(*expect), -1, SQLITE_STATIC);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    if (s != SQLITE_DONE)
        return rc_db_error(db, "saving run");
    return sqlite3_changes(rc_db_handle(db));
}

/* ---- targets ---- */

static bool revparse_commit(git_repository *repo, const char *spec)
{
    git_object *obj = NULL, *c = NULL;
    bool ok = git_revparse_single(&obj, repo, spec) == 0 &&
              git_object_peel(&c, obj, GIT_OBJECT_COMMIT) == 0;
    git_object_free(obj);
    git_object_free(c);
    git_error_clear();
    return ok;
}

int rc_runs_target_resolve(rc_run_start_opts *o, char **owned, rc_db *db, git_repository *repo,
                           const char *target)
{
    o->tag = o->branch = o->commit = NULL;
    *owned = NULL;
    rc_tag_row t;
    if (rc_gitsync_tag_get(&t, db, target) == 0) {
        *owned = t.name;
        t.name = NULL;
        rc_tag_row_free(&t);
        o->tag = *owned;
        return 0;
    }
    rc_tag_row_free(&t);
    rc_error_clear();
    char *heads = rc_xasprintf("refs/heads/%s", target),
         *origin = rc_xasprintf("refs/remotes/origin/%s", target);
    bool branch = revparse_commit(repo, heads) || revparse_commit(repo, origin);
    free(heads);
    free(origin);
    if (!branch && !revparse_commit(repo, target)) {
        char *v = rc_run_visible(target);
        int r = rc_error_set(RC_ENOTFOUND, "no tag, branch or commit '%s'", v);
        free(v);
        return r;
    }
    *owned = rc_xstrdup(target);
    if (branch)
        o->branch = *owned;
    else
        o->commit = *owned;
    return 0;
}

static int resolve_target(char **sha, git_repository *repo, const rc_run_start_opts *o)
{
    int given = (o->tag != NULL) + (o->commit != NULL) + (o->branch != NULL);
    if (given != 1)
        return rc_error_set(RC_EUSAGE, "give exactly one of --tag, --commit, --branch");
    git_object *obj = NULL;
    int r = -1;
    if (o->tag) {
        char *ref = rc_xasprintf("refs/tags/%s", o->tag);
        r = git_revparse_single(&obj, repo, ref);
        free(ref);
    } else if (o->branch) {
        char *ref = rc_xasprintf("refs/heads/%s", o->branch);
        r = git_revparse_single(&obj, repo, ref);
        free(ref);
        if (r != 0) {
            ref = rc_xasprintf("refs/remotes/origin/%s", o->branch);
            r = git_revparse_single(&obj, repo, ref);
            free(ref);
        }
    } else {
        r = git_revparse_single(&obj, repo, o->commit);
    }
    const char *what = o->tag ? "tag" : o->branch ? "branch" : "commit";
    const char *name = o->tag ? o->tag : o->branch ? o->branch : o->commit;
    if (r != 0) {
        char *v = rc_run_visible(name);
        r = rc_error_set(RC_ENOTFOUND, "no %s '%s' in the repository", what, v);
        free(v);
        return r;
    }
    git_object *commit = NULL;
    r = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
    git_object_free(obj);
    if (r != 0) {
        char *v = rc_run_visible(name);
        r = rc_error_set(RC_EINVALID, "%s '%s' does not name a commit", what, v);
        free(v);
        return r;
    }
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, git_object_id(commit));
    git_object_free(commit);
    *sha = rc_xstrdup(hex);
    return 0;
}

/* X.Y.Z the target belongs to, from the tag or the branch name; "" when
 * neither says. */
static char *target_release(const rc_config *cfg, const rc_run_start_opts *o)
{
    char ver[256];
    const char *name = NULL;
    if (o->tag) {
        name = o->tag;
        const char *const *pats;
        size_t n = 0;
        if (rc_config_multi(&pats, &n, cfg, "relcap.tagPattern") == 0)
            for (size_t i = 0; i < n; i++)
                if (rc_config_pattern_match(pats[i], o->tag, ver, sizeof ver)) {
                    name = ver;
                    break;
                }
    } else if (o->branch) {
        const char *const *pats;
        size_t n = 0;
        if (rc_config_multi(&pats, &n, cfg, "relcap.releaseBranch") == 0)
            for (size_t i = 0; i < n; i++)
                if (rc_config_pattern_match(pats[i], o->branch, ver, sizeof ver)) {
                    name = ver;
                    break;
                }
    }
    if (!name)
        return rc_xstrdup("");
    rc_version v;
    if (rc_version_parse(&v, name) != 0) {
        rc_error_clear();
        return rc_xstrdup("");
    }
    char buf[RC_VERSION_STRLEN];
    rc_version_release(buf, sizeof buf, &v);
    return rc_xstrdup(buf);
}

/* ---- directories ---- */

static char *local_run_dir(git_repository *repo, const rc_db *db, int64_t id)
{
    /* Beside the repository's git directory, or the database when there is
     * no repository (runs listed from a copied cache). */
    if (repo)
        return rc_xasprintf("%srelcap/runs/%lld", git_repository_path(repo), (long long)id);
    char *dbdir = rc_xstrdup(rc_db_path(db));
    char *slash = strrchr(dbdir, '/');
    if (slash)
        *slash = '\0';
    char *d = rc_xasprintf("%s/runs/%lld", slash ? dbdir : ".", (long long)id);
    free(dbdir);
    return d;
}

typedef struct {
    rc_run_ctx c;
    rc_node node;
    rc_run run;
    char *local_dir, *run_dir;
} run_handle;

static void handle_free(run_handle *h)
{
    rc_run_clear(&h->run);
    free(h->local_dir);
    free(h->run_dir);
}

static void handle_dirs(run_handle *h, git_repository *repo, rc_db *db)
{
    const rc_run_ops *ops = rc_run_ops_for(h->node.backend_id);
    h->local_dir = local_run_dir(repo, db, h->run.id);
    char *base = ops->base_dir ? ops->base_dir(&h->c) : NULL;
    if (base) {
        h->run_dir = rc_xasprintf("%s/runs/%lld", base, (long long)h->run.id);
        free(base);
    } else {
        h->run_dir = rc_xstrdup(h->local_dir);
    }
    h->c.local_dir = h->local_dir;
    h->c.run_dir = h->run_dir;
}

/* Opens a stored run with its node. */
static int handle_open(run_handle *h, rc_db *db, git_repository *repo, const rc_config *cfg,
                       int64_t id)
{
    memset(h, 0, sizeof *h);
    int r = rc_runs_get(&h->run, db, id);
    if (r)
        return r;
    r = rc_node_lookup(&h->node, cfg, h->run.node);
    if (r) {
        rc_error_wrap(r, "run %lld", (long long)id);
        return r;
    }
    h->c = (rc_run_ctx){db, repo, cfg, &h->node, &h->run, NULL, NULL, NULL};
    handle_dirs(h, repo, db);
    return 0;
}

static char *tests_json(const rc_run_start_opts *o)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < o->ntests; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(o->tests[i]));
    char *s = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    char *copy = rc_xstrdup(s);
    free(s);
    return copy;
}

/* ---- the node's environment ---- */

static char *env_path(const run_handle *h)
{
    return rc_xasprintf("%s/env.json", h->local_dir);
}

/* Asks the node through its backend what it runs on and keeps the answer
 * beside the run's log on this machine (LOCAL_DIR/env.json), for the
 * results the run brings. A node that does not answer leaves none: the
 * results then say what their own files say. */
static void env_record(run_handle *h, bool at_import)
{
    const rc_run_ops *ops = rc_run_ops_for(h->node.backend_id);
    char *probe = NULL;
    if (!ops->env || ops->env(&h->c, at_import, &probe) != 0) {
        rc_error_clear();
        return;
    }
    char *json = rc_run_env_parse(probe);
    free(probe);
    if (!json)
        return;
    rc_mkdirs(h->local_dir, 0700);
    char *p = env_path(h);
    rc_file_write(p, json, strlen(json), 0600);
    free(p);
    free(json);
}

/* The recorded environment (asked at the start, or now for a backend that
 * can only tell once the run ran); NULL when unknown. */
static char *env_of(run_handle *h)
{
    char *p = env_path(h), *s = NULL;
    if (rc_file_read(&s, NULL, p) != 0) {
        rc_error_clear();
        env_record(h, true);
        if (rc_file_read(&s, NULL, p) != 0) {
            rc_error_clear();
            s = NULL;
        }
    }
    free(p);
    return s;
}

/* Validates every value from git once, before any row exists, so a
 * refused value leaves nothing behind. */
static int check_values(const rc_node *node, const rc_run_vars *vars, bool check_safe)
{
    rc_spawn_argv a = {0};
    int r = 0;
    if (node->ncommand)
        r = rc_run_expand(&a, node->command, node->ncommand, vars, check_safe);
    rc_spawn_argv_free(&a);
    if (!r && node->nenv)
        r = rc_run_expand(&a, node->env, node->nenv, vars, check_safe);
    rc_spawn_argv_free(&a);
    for (size_t i = 0; !r && i < node->ninput; i++) {
        const char *eq = strchr(node->input[i], '=');
        const char *one[] = {eq ? eq + 1 : node->input[i]};
        r = rc_run_expand(&a, one, 1, vars, check_safe);
        rc_spawn_argv_free(&a);
    }
    if (!r && node->backend_id == RC_BACKEND_GITHUB && node->ninput == 0) {
        /* the defaults of the github backend: vLLM's benchmark inputs */
        const char *defs[] = {"{branch}", "{commit}"};
        r = rc_run_expand(&a, defs, 2, vars, check_safe);
        rc_spawn_argv_free(&a);
    }
    return r;
}

/* The new row (queued); *id its id. */
static int insert_run(int64_t *id, rc_db *db, const rc_node *node, const char *sha,
                      const rc_run_start_opts *opts)
{
    sqlite3_stmt *st;
    char *tests = tests_json(opts);
    int r = rc_sql_prepare(
        &st, db,
        "INSERT INTO runs (node, backend, kind, hardware, target_sha, target_tag, "
        "target_branch, tests, state, created_at) VALUES (?,?,?,?,?,?,?,?,'queued',?)",
        8, node->name, node->backend, node->kind, rc_node_hardware(node), sha, opts->tag,
        opts->branch, tests);
    free(tests);
    if (r)
        return r;
    sqlite3_bind_int64(st, 9, (int64_t)time(NULL));
    if ((r = rc_sql_done(db, st, "recording run")))
        return r;
    *id = sqlite3_last_insert_rowid(rc_db_handle(db));
    return 0;
}

/* The command's argv and its environment with {run} and {results} known:
 * the node's env template after RELCAP_RUN, RELCAP_RESULTS and
 * RELCAP_RUN_DIR, for scripts that prefer the environment. */
static int expand_command(rc_spawn_argv *argv, rc_spawn_argv *envv, const run_handle *h,
                          const rc_run_vars *vars, bool check_safe)
{
    int r = 0;
    if (h->node.ncommand)
        r = rc_run_expand(argv, h->node.command, h->node.ncommand, vars, check_safe);
    if (r)
        return r;
    /* run_dir came from the configuration and the run id: no placeholder
     * check, but it must not hold braces to expand */
    if (strchr(h->run_dir, '{'))
        return rc_error_set(RC_ECONFIG, "workdir '%s' holds '{'", h->run_dir);
    size_t ne = h->node.nenv + 3;
    const char **et = rc_xcalloc(ne + 1, sizeof *et);
    et[0] = "RELCAP_RUN={run}";
    et[1] = "RELCAP_RESULTS={results}";
    char *rdv = rc_xasprintf("RELCAP_RUN_DIR=%s", h->run_dir);
    et[2] = rdv;
    for (size_t i = 0; i < h->node.nenv; i++)
        et[3 + i] = h->node.env[i];
    r = rc_run_expand(envv, et, ne, vars, check_safe);
    free(rdv);
    free(et);
    return r;
}

/* A start that failed after the row exists leaves it failed with why. */
static int start_failed(run_handle *h, int code)
{
    char *msg = rc_xstrdup(rc_error_last());
    h->run.state = RC_RUN_FAILED;
    h->run.ended_at = (int64_t)time(NULL);
    free(h->run.reason);
    h->run.reason = rc_xasprintf("start failed: %s", msg);
    run_save(h->c.db, &h->run, NULL);
    rc_error_set(code, "run %lld on %s: start failed: %s", (long long)h->run.id, h->node.name, msg);
    free(msg);
    return code;
}

/* The recorded run handed to its backend, then its environment asked. */
static int launch(run_handle *h, rc_run_vars *vars, bool check_safe)
{
    rc_mkdirs(h->local_dir, 0700);
    char runid[32];
    snprintf(runid, sizeof runid, "%lld", (long long)h->run.id);
    const char *res = h->node.results ? h->node.results : "results";
    char *results = res[0] == '/' ? rc_xstrdup(res) : rc_xasprintf("%s/%s", h->run_dir, res);
    vars->results = results;
    vars->run = runid;
    h->run.results_dir = rc_xstrdup(results);
    rc_spawn_argv argv = {0}, envv = {0};
    int r = expand_command(&argv, &envv, h, vars, check_safe);
    if (r == 0)
        r = rc_run_ops_for(h->node.backend_id)->start(&h->c, argv.v, envv.v);
    rc_spawn_argv_free(&argv);
    rc_spawn_argv_free(&envv);
    free(results);
    if (r)
        return start_failed(h, r);
    env_record(h, false);
    if (!h->run.started_at && h->run.state == RC_RUN_RUNNING)
        h->run.started_at = (int64_t)time(NULL);
    int n = run_save(h->c.db, &h->run, NULL);
    return n < 0 ? n : 0;
}

int rc_runs_start(int64_t *out_id, rc_db *db, git_repository *repo, const rc_config *cfg,
                  const char *node_name, const rc_run_start_opts *opts)
{
    run_handle h;
    memset(&h, 0, sizeof h);
    int r = rc_node_lookup(&h.node, cfg, node_name);
    if (r)
        return r;
    /* Everything but the local backend hands values to a shell or a
     * workflow on the other side: refuse what is not plainly safe there
     * (quoting is the first defence, this the second). */
    bool check_safe = h.node.backend_id != RC_BACKEND_LOCAL;
    char *sha = NULL;
    r = resolve_target(&sha, repo, opts);
    if (r)
        return r;
    char *release = target_release(cfg, opts);
    rc_run_vars vars = {sha,       opts->branch, opts->tag,   release,     opts->model,
                        "results", "0",          opts->tests, opts->ntests};
    int64_t id = 0;
    r = check_values(&h.node, &vars, check_safe);
    if (!r)
        r = insert_run(&id, db, &h.node, sha, opts);
    if (!r) {
        *out_id = id;
        r = rc_runs_get(&h.run, db, id);
    }
    if (!r) {
        h.c = (rc_run_ctx){db, repo, cfg, &h.node, &h.run, NULL, NULL, &vars};
        handle_dirs(&h, repo, db);
        r = launch(&h, &vars, check_safe);
    }
    free(sha);
    free(release);
    handle_free(&h);
    return r;
}

/* ---- refresh ---- */

static char *import_results(run_handle *h)
{
    const rc_run_ops *ops = rc_run_ops_for(h->node.backend_id);
    cJSON *doc = cJSON_CreateObject();
    char *path = NULL;
    char *env = env_of(h);
    cJSON *envdoc = env ? cJSON_Parse(env) : NULL;
    if (envdoc)
        cJSON_AddItemToObject(doc, "env", envdoc);
    int r = ops->fetch_results(&h->c, &path);
    if (r == RC_ENOTFOUND) {
        cJSON_AddStringToObject(doc, "error", "the run left no results directory");
    } else if (r) {
        cJSON_AddStringToObject(doc, "error", rc_error_last());
    } else {
        rc_bench_import_report rep;
        memset(&rep, 0, sizeof rep);
        rc_bench_import_opts o = {.commit = h->run.target_sha,
                                  .hardware = rc_node_hardware(&h->node),
                                  .backend = h->node.kind,
                                  .env = env};
        r = rc_bench_import_path(&rep, h->c.db, h->c.repo, path, &o);
        cJSON_AddStringToObject(doc, "path", path);
        cJSON_AddNumberToObject(doc, "files", (double)rep.files_imported);
        cJSON_AddNumberToObject(doc, "skipped", (double)rep.files_skipped);
        cJSON_AddNumberToObject(doc, "failed", (double)rep.files_failed);
        cJSON_AddNumberToObject(doc, "results", (double)rep.results);
        if (rep.nerrors) {
            cJSON *errs = cJSON_AddArrayToObject(doc, "errors");
            for (size_t i = 0; i < rep.nerrors; i++)
                cJSON_AddItemToArray(errs, cJSON_CreateString(rep.errors[i]));
        } else if (r) {
            cJSON_AddStringToObject(doc, "error", rc_error_last());
        }
        rc_bench_import_report_free(&rep);
    }
    free(path);
    free(env);
    char *s = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    char *copy = rc_xstrdup(s);
    free(s);
    rc_error_clear();
    return copy;
}

/* Records the import of a succeeded run unless another process recorded
 * one first. */
static int save_imported(rc_db *db, const rc_run *r)
{
    sqlite3_stmt *st;
    int rc =
        rc_db_prepare(&st, db, "UPDATE runs SET imported = ?1 WHERE id = ?2 AND imported IS NULL");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, r->imported);
    sqlite3_bind_int64(st, 2, r->id);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    return s == SQLITE_DONE ? 0 : rc_db_error(db, "saving run import");
}

static int refresh_handle(bool *changed, run_handle *h)
{
    *changed = false;
    /* A refresh killed between claiming the success and recording the
     * import left a succeeded run with no import: this refresh does it (the
     * import itself skips files an earlier attempt committed). */
    if (h->run.state == RC_RUN_SUCCEEDED && !h->run.imported) {
        h->run.imported = import_results(h);
        return save_imported(h->c.db, &h->run);
    }
    if (rc_run_state_final(h->run.state))
        return 0;
    const rc_run_ops *ops = rc_run_ops_for(h->node.backend_id);
    rc_run_poll p;
    memset(&p, 0, sizeof p);
    char *rid_before = h->run.remote_id ? rc_xstrdup(h->run.remote_id) : NULL;
    int r = ops->poll(&h->c, &p);
    rc_run_state before = h->run.state;
    if (r) {
        /* The node did not answer: keep the state, say why. */
        free(h->run.reason);
        h->run.reason = rc_xasprintf("refresh: %s", rc_error_last());
        run_save(h->c.db, &h->run, &before);
        free(p.reason);
        free(rid_before);
        return r;
    }
    bool same_id = (!rid_before && !h->run.remote_id) ||
                   (rid_before && h->run.remote_id && strcmp(rid_before, h->run.remote_id) == 0);
    free(rid_before);
    if (p.state == before && !p.reason && !h->run.reason && same_id) {
        free(p.reason);
        return 0;
    }
    h->run.state = p.state;
    free(h->run.reason);
    h->run.reason = p.reason;
    if (p.has_exit) {
        h->run.has_exit = true;
        h->run.exit_code = p.exit_code;
    }
    int64_t now = (int64_t)time(NULL);
    if (p.state == RC_RUN_RUNNING && !h->run.started_at)
        h->run.started_at = now;
    if (rc_run_state_final(p.state) && !h->run.ended_at)
        h->run.ended_at = p.ended_at > 0 && p.ended_at <= now ? p.ended_at : now;
    if (h->run.started_at && h->run.ended_at && h->run.ended_at < h->run.started_at)
        h->run.started_at = h->run.ended_at; /* clocks of two machines */
    /* Claim the transition first: only the process whose update lands
     * imports the results. */
    int n = run_save(h->c.db, &h->run, &before);
    if (n < 0)
        return n;
    if (n == 0)
        return 0; /* another process moved it meanwhile */
    *changed = p.state != before;
    if (p.state == RC_RUN_SUCCEEDED) {
        h->run.imported = import_results(h);
        return save_imported(h->c.db, &h->run);
    }
    return 0;
}

int rc_runs_refresh_one(bool *changed, rc_db *db, git_repository *repo, const rc_config *cfg,
                        int64_t id)
{
    run_handle h;
    *changed = false;
    int r = handle_open(&h, db, repo, cfg, id);
    if (r) {
        handle_free(&h);
        return r;
    }
    r = refresh_handle(changed, &h);
    handle_free(&h);
    return r;
}

static const rc_sql_rowtype id_type = {sizeof(int64_t), rc_sql_fill_int64, NULL, "reading runs"};

/* The node left the configuration: nobody can ask about the run. */
static bool mark_orphan(rc_db *db, rc_run *run)
{
    rc_run_state before = run->state;
    run->state = RC_RUN_LOST;
    free(run->reason);
    run->reason = rc_xasprintf("node %s is no longer configured", run->node);
    run->ended_at = (int64_t)time(NULL);
    return run_save(db, run, &before) > 0;
}

int rc_runs_refresh(rc_db *db, git_repository *repo, const rc_config *cfg)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int r = rc_sql_select(&ids, &n, db, &id_type,
                          "SELECT id FROM runs WHERE state IN ('queued','running')"
                          " OR (state = 'succeeded' AND imported IS NULL) ORDER BY id",
                          0);
    if (r)
        return r;
    int changed = 0;
    for (size_t i = 0; i < n; i++) {
        run_handle h;
        bool c = false;
        if (handle_open(&h, db, repo, cfg, ids[i]) == 0) {
            refresh_handle(&c, &h);
        } else if (h.run.id && rc_error_code() == RC_ENOTFOUND) {
            c = mark_orphan(db, &h.run);
        }
        handle_free(&h);
        changed += c;
    }
    free(ids);
    rc_error_clear();
    return changed;
}

int rc_runs_active_count(rc_db *db)
{
    int64_t n = 0;
    int r = rc_sql_count(&n, db, "counting runs",
                         "SELECT count(*) FROM runs WHERE state IN ('queued','running')", 0);
    return r ? r : (int)n;
}

int rc_runs_cancel(rc_db *db, git_repository *repo, const rc_config *cfg, int64_t id)
{
    run_handle h;
    int r = handle_open(&h, db, repo, cfg, id);
    if (r) {
        handle_free(&h);
        return r;
    }
    if (rc_run_state_final(h.run.state)) {
        r = rc_error_set(RC_EINVALID, "run %lld is already %s", (long long)id,
                         rc_run_state_name(h.run.state));
        handle_free(&h);
        return r;
    }
    /* A run that ended meanwhile keeps its real outcome. */
    bool moved = false;
    if (refresh_handle(&moved, &h) == 0 && rc_run_state_final(h.run.state)) {
        r = rc_error_set(RC_EINVALID, "run %lld already %s", (long long)id,
                         rc_run_state_name(h.run.state));
        handle_free(&h);
        return r;
    }
    rc_error_clear();
    const rc_run_ops *ops = rc_run_ops_for(h.node.backend_id);
    r = ops->cancel(&h.c);
    if (r == 0) {
        rc_run_state before = h.run.state;
        h.run.state = RC_RUN_CANCELLED;
        h.run.ended_at = (int64_t)time(NULL);
        free(h.run.reason);
        h.run.reason = rc_xstrdup("cancelled by the user");
        int n = run_save(db, &h.run, &before);
        if (n < 0)
            r = n;
        else if (n == 0)
            r = rc_error_set(RC_ECONFLICT, "run %lld changed state while being cancelled",
                             (long long)id);
    }
    handle_free(&h);
    return r;
}

int rc_runs_log_read(char **out, size_t *len, rc_db *db, git_repository *repo, const rc_config *cfg,
                     int64_t id, size_t offset)
{
    run_handle h;
    *out = NULL;
    *len = 0;
    int r = handle_open(&h, db, repo, cfg, id);
    if (r) {
        handle_free(&h);
        return r;
    }
    r = rc_run_ops_for(h.node.backend_id)->fetch_log(&h.c, offset, out, len);
    handle_free(&h);
    return r;
}
