/* The github backend: a workflow_dispatch of the node's workflow with its
 * inputs (vLLM's benchmark workflow takes vllm_branch and vllm_commit), the
 * dispatched run found in GET /actions/runs?event=workflow_dispatch and
 * followed by id; its log is built from the jobs API; results come from the
 * named artifact's zip. Inputs are JSON strings (inert here), but workflows
 * often paste inputs into shell steps, so values get the same safe-set
 * check as ssh before anything is sent. */
#include "core/base/error.h"
#include "core/github/github.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static int gh_open(rc_github **gh, rc_run_ctx *c)
{
    int r = rc_github_open(gh, c->cfg, c->repo, NULL, NULL);
    if (r)
        rc_error_wrap(r, "node %s", c->node->name);
    return r;
}

static const char *workflow_ref(const rc_run_ctx *c)
{
    if (c->node->ref)
        return c->node->ref;
    return rc_config_text(c->cfg, "relcap.mainBranch");
}

static int add_input(cJSON *inputs, const char *name, const char *tmpl, const rc_run_vars *v)
{
    const char *one[] = {tmpl};
    rc_spawn_argv vals;
    int r = rc_run_expand(&vals, one, 1, v, true);
    if (r)
        return r;
    rc_buf b = {0};
    for (size_t i = 0; i < vals.n; i++)
        rc_buf_printf(&b, "%s%s", i ? "," : "", vals.v[i]);
    char *s = rc_buf_detach(&b);
    cJSON_AddStringToObject(inputs, name, s);
    free(s);
    rc_spawn_argv_free(&vals);
    return 0;
}

static bool claimed(const rc_run_ctx *c, const char *id)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(
            &st, c->db,
            "SELECT 1 FROM runs WHERE backend = 'github' AND remote_id = ? AND id != ?") != 0)
        return false;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->run->id);
    bool yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

/* Finds the workflow run our dispatch created: the oldest run of this
 * workflow file on the ref, created since the dispatch (minus clock skew),
 * that no other relcap run has claimed. */
static int find_run(char **out, rc_github *gh, rc_run_ctx *c)
{
    *out = NULL;
    char *path = rc_xasprintf("/repos/%s/actions/runs?event=workflow_dispatch&per_page=50",
                              rc_github_repo(gh));
    cJSON *doc = NULL;
    int r = rc_github_get(&doc, gh, path);
    free(path);
    if (r)
        return r;
    cJSON *runs = cJSON_GetObjectItem(doc, "workflow_runs");
    const char *ref = workflow_ref(c);
    char *suffix = rc_xasprintf("/%s", c->node->workflow);
    int64_t best_t = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, runs)
    {
        cJSON *idj = cJSON_GetObjectItem(it, "id");
        const char *wpath = cJSON_GetStringValue(cJSON_GetObjectItem(it, "path"));
        const char *branch = cJSON_GetStringValue(cJSON_GetObjectItem(it, "head_branch"));
        const char *created = cJSON_GetStringValue(cJSON_GetObjectItem(it, "created_at"));
        if (!cJSON_IsNumber(idj) || !wpath || !created)
            continue;
        size_t wl = strlen(wpath), sl = strlen(suffix);
        if (strcmp(wpath, c->node->workflow) != 0 &&
            (wl < sl || strcmp(wpath + wl - sl, suffix) != 0))
            continue;
        if (branch && strcmp(branch, ref) != 0)
            continue;
        int64_t t = 0;
        if (rc_time_parse(&t, created) != 0) {
            rc_error_clear();
            continue;
        }
        if (t < c->run->created_at - 120)
            continue;
        char ids[32];
        snprintf(ids, sizeof ids, "%.0f", idj->valuedouble);
        if (claimed(c, ids))
            continue;
        if (!*out || t < best_t) {
            free(*out);
            *out = rc_xstrdup(ids);
            best_t = t;
        }
    }
    free(suffix);
    cJSON_Delete(doc);
    return 0;
}

static int gh_start(rc_run_ctx *c, char *const *argv, char *const *env)
{
    (void)argv;
    (void)env;
    rc_github *gh;
    int r = gh_open(&gh, c);
    if (r)
        return r;
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "ref", workflow_ref(c));
    cJSON *inputs = cJSON_AddObjectToObject(body, "inputs");
    if (c->node->ninput == 0) {
        r = add_input(inputs, "vllm_branch", "{branch}", c->vars);
        if (!r)
            r = add_input(inputs, "vllm_commit", "{commit}", c->vars);
    }
    for (size_t i = 0; !r && i < c->node->ninput; i++) {
        const char *eq = strchr(c->node->input[i], '=');
        if (!eq) {
            r = rc_error_set(RC_ECONFIG, "relcap.node.%s.input '%s' is not NAME=template",
                             c->node->name, c->node->input[i]);
            break;
        }
        char *name = rc_xstrndup(c->node->input[i], (size_t)(eq - c->node->input[i]));
        r = add_input(inputs, name, eq + 1, c->vars);
        free(name);
    }
    char *json = r ? NULL : cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    if (!r) {
        char *path = rc_xasprintf("/repos/%s/actions/workflows/%s/dispatches", rc_github_repo(gh),
                                  c->node->workflow);
        r = rc_github_send(NULL, gh, "POST", path, json);
        free(path);
    }
    free(json);
    if (!r) {
        c->run->state = RC_RUN_QUEUED;
        free(c->run->log_path);
        c->run->log_path = rc_xasprintf("%s/log", c->local_dir);
        /* The run shows up in the list after a moment; poll finds it
         * later when it is not there yet. */
        for (int i = 0; i < 5 && !c->run->remote_id; i++) {
            char *id = NULL;
            if (find_run(&id, gh, c) == 0 && id)
                c->run->remote_id = id;
            else if (i < 4) {
                struct timespec ts = {1, 0};
                nanosleep(&ts, NULL);
            }
        }
        rc_error_clear();
    }
    rc_github_free(gh);
    return r;
}

static int gh_poll(rc_run_ctx *c, rc_run_poll *out)
{
    rc_github *gh;
    int r = gh_open(&gh, c);
    if (r)
        return r;
    if (!c->run->remote_id) {
        char *id = NULL;
        r = find_run(&id, gh, c);
        if (r == 0 && id) {
            c->run->remote_id = id; /* saved with the state */
        } else if (r == 0) {
            out->state = RC_RUN_QUEUED;
            if ((int64_t)time(NULL) - c->run->created_at > 15 * 60) {
                out->state = RC_RUN_LOST;
                out->reason = rc_xasprintf("no run of %s appeared on GitHub after the dispatch",
                                           c->node->workflow);
            }
            rc_github_free(gh);
            return 0;
        }
        if (r) {
            rc_github_free(gh);
            return r;
        }
    }
    char *path = rc_xasprintf("/repos/%s/actions/runs/%s", rc_github_repo(gh), c->run->remote_id);
    cJSON *doc = NULL;
    r = rc_github_get(&doc, gh, path);
    free(path);
    rc_github_free(gh);
    if (r == RC_ENOTFOUND) {
        rc_error_clear();
        out->state = RC_RUN_LOST;
        out->reason = rc_xasprintf("GitHub no longer knows workflow run %s", c->run->remote_id);
        return 0;
    }
    if (r)
        return r;
    const char *status = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "status"));
    const char *concl = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "conclusion"));
    /* A completed run's updated_at is when it completed (the run object
     * has no completed_at; its jobs do). */
    const char *done_at = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "completed_at"));
    if (!done_at)
        done_at = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "updated_at"));
    int64_t ended = 0;
    if (status && strcmp(status, "completed") == 0 && done_at &&
        rc_time_parse(&ended, done_at) == 0)
        out->ended_at = ended;
    rc_error_clear();
    if (!status) {
        out->state = RC_RUN_QUEUED;
    } else if (strcmp(status, "completed") == 0) {
        if (concl && strcmp(concl, "success") == 0) {
            out->state = RC_RUN_SUCCEEDED;
        } else if (concl && strcmp(concl, "cancelled") == 0) {
            out->state = RC_RUN_CANCELLED;
            out->reason = rc_xstrdup("cancelled on GitHub");
        } else {
            out->state = RC_RUN_FAILED;
            char *cl = rc_sanitize(concl ? concl : "none", false);
            out->reason = rc_xasprintf("workflow run concluded %s", cl);
            free(cl);
        }
    } else if (strcmp(status, "in_progress") == 0) {
        out->state = RC_RUN_RUNNING;
    } else {
        out->state = RC_RUN_QUEUED;
    }
    cJSON_Delete(doc);
    return 0;
}

static int gh_cancel(rc_run_ctx *c)
{
    if (!c->run->remote_id)
        return rc_error_set(RC_EBUSY,
                            "run %lld: the dispatched workflow run is not known yet; refresh and "
                            "try again",
                            (long long)c->run->id);
    rc_github *gh;
    int r = gh_open(&gh, c);
    if (r)
        return r;
    char *path =
        rc_xasprintf("/repos/%s/actions/runs/%s/cancel", rc_github_repo(gh), c->run->remote_id);
    r = rc_github_send(NULL, gh, "POST", path, NULL);
    free(path);
    rc_github_free(gh);
    return r;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    rc_buf_put(ud, p, size * n);
    return size * n;
}

/* One GET with libcurl, redirects not followed: *redirect gets the
 * Location of a 3xx. The token, when given, only goes in a header. */
static int curl_get(rc_buf *body, char **redirect, const char *url, const char *token)
{
    *redirect = NULL;
    int r = rc_http_check_url(url);
    if (r)
        return r;
    CURL *c = curl_easy_init();
    if (!c)
        return rc_error_set(RC_ENOMEM, "curl_easy_init failed");
    struct curl_slist *h = NULL;
    char *auth = token ? rc_xasprintf("Authorization: Bearer %s", token) : NULL;
    if (auth)
        h = curl_slist_append(h, auth);
    h = curl_slist_append(h, "Accept: application/vnd.github+json");
    h = curl_slist_append(h, "X-GitHub-Api-Version: 2022-11-28");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "relcap");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 600L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    CURLcode cc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (cc != CURLE_OK) {
        r = rc_error_set(RC_ENET, "GET %s: %s", url, curl_easy_strerror(cc));
    } else if (status >= 300 && status < 400) {
        char *loc = NULL;
        curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
        if (loc)
            *redirect = rc_xstrdup(loc);
        else
            r = rc_error_set(RC_ENET, "GET %s: HTTP %ld without a Location", url, status);
    } else if (status >= 400) {
        r = rc_error_set(status == 404 ? RC_ENOTFOUND : RC_ENET, "GET %s: HTTP %ld", url, status);
    }
    curl_slist_free_all(h);
    rc_secret_free(auth);
    curl_easy_cleanup(c);
    return r;
}

/* GET a log or an artifact. The token goes only to the API's own origin;
 * the redirect GitHub answers with (blob storage) is followed once,
 * without it. */
static int get_raw(char **out, size_t *len, const rc_config *cfg, rc_github *gh, const char *path)
{
    char *url = rc_github_url(gh, path);
    char *o1 = rc_http_origin(url), *o2 = rc_http_origin(rc_github_api(gh));
    bool same = o1 && o2 && strcmp(o1, o2) == 0;
    free(o1);
    free(o2);
    char *token = NULL;
    if (same && rc_github_token_load(&token, cfg) != 0)
        rc_error_clear();
    rc_buf body = {0};
    char *redirect = NULL;
    int r = curl_get(&body, &redirect, url, same ? token : NULL);
    rc_secret_free(token);
    free(url);
    if (!r && redirect) {
        rc_buf_free(&body);
        char *again = NULL;
        r = curl_get(&body, &again, redirect, NULL);
        if (!r && again)
            r = rc_error_set(RC_ENET, "GET %s: redirected twice", redirect);
        free(again);
    }
    free(redirect);
    if (r) {
        rc_buf_free(&body);
        return r;
    }
    *len = body.len;
    *out = rc_buf_detach(&body);
    return 0;
}

static void append_line(rc_buf *add, const char *have, const char *line)
{
    if (have && strstr(have, line))
        return;
    if (add->ptr && strstr(add->ptr, line))
        return;
    rc_buf_puts(add, line);
}

/* GETs the run's sub-resource (jobs, artifacts); on success the caller owns
 * both the document and the open client. */
static int gh_get_run(cJSON **doc, rc_github **gh, rc_run_ctx *c, const char *what)
{
    *doc = NULL;
    int r = gh_open(gh, c);
    if (r)
        return r;
    char *path =
        rc_xasprintf("/repos/%s/actions/runs/%s/%s", rc_github_repo(*gh), c->run->remote_id, what);
    r = rc_github_get(doc, *gh, path);
    free(path);
    if (r)
        rc_github_free(*gh);
    return r;
}

/* The log is kept in a local file that only grows: job and step state
 * changes as they are seen, then each finished job's full log once. */
static int gh_fetch_log(rc_run_ctx *c, size_t offset, char **out, size_t *len)
{
    const char *log = c->run->log_path;
    if (c->run->remote_id && log) {
        rc_github *gh;
        cJSON *doc;
        int r = gh_get_run(&doc, &gh, c, "jobs");
        if (r)
            return r;
        char *have = NULL;
        if (rc_file_read(&have, NULL, log) != 0)
            rc_error_clear();
        rc_buf add = {0};
        cJSON *job;
        cJSON_ArrayForEach(job, cJSON_GetObjectItem(doc, "jobs"))
        {
            cJSON *jid = cJSON_GetObjectItem(job, "id");
            const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(job, "name"));
            const char *st = cJSON_GetStringValue(cJSON_GetObjectItem(job, "status"));
            const char *cl = cJSON_GetStringValue(cJSON_GetObjectItem(job, "conclusion"));
            if (!cJSON_IsNumber(jid))
                continue;
            char *line = rc_xasprintf("== job %s: %s%s%s\n", name ? name : "?", st ? st : "?",
                                      cl ? " " : "", cl ? cl : "");
            append_line(&add, have, line);
            free(line);
            cJSON *step;
            cJSON_ArrayForEach(step, cJSON_GetObjectItem(job, "steps"))
            {
                const char *sn = cJSON_GetStringValue(cJSON_GetObjectItem(step, "name"));
                const char *ss = cJSON_GetStringValue(cJSON_GetObjectItem(step, "status"));
                const char *sc = cJSON_GetStringValue(cJSON_GetObjectItem(step, "conclusion"));
                line = rc_xasprintf("   %s / %s: %s%s%s\n", name ? name : "?", sn ? sn : "?",
                                    ss ? ss : "?", sc ? " " : "", sc ? sc : "");
                append_line(&add, have, line);
                free(line);
            }
            if (st && strcmp(st, "completed") == 0) {
                char *marker = rc_xasprintf("---- log of job %.0f ----\n", jid->valuedouble);
                if (!(have && strstr(have, marker))) {
                    char *lp = rc_xasprintf("/repos/%s/actions/jobs/%.0f/logs", rc_github_repo(gh),
                                            jid->valuedouble);
                    char *text = NULL;
                    size_t tl = 0;
                    if (get_raw(&text, &tl, c->cfg, gh, lp) == 0) {
                        rc_buf_puts(&add, marker);
                        rc_buf_put(&add, text, tl);
                        if (tl && text[tl - 1] != '\n')
                            rc_buf_puts(&add, "\n");
                    }
                    rc_error_clear();
                    free(text);
                    free(lp);
                }
                free(marker);
            }
        }
        cJSON_Delete(doc);
        rc_github_free(gh);
        if (add.len) {
            rc_mkdirs(c->local_dir, 0700);
            FILE *f = fopen(log, "ab");
            if (f) {
                fwrite(add.ptr, 1, add.len, f);
                fclose(f);
            }
        }
        rc_buf_free(&add);
        free(have);
    }
    return rc_run_read_local_log(log, offset, out, len);
}

static int gh_fetch_results(rc_run_ctx *c, char **local_path)
{
    if (!c->node->artifact)
        return RC_ENOTFOUND;
    rc_github *gh;
    cJSON *doc;
    int r = gh_get_run(&doc, &gh, c, "artifacts");
    if (r)
        return r;
    cJSON *it, *found = NULL;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(doc, "artifacts"))
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(it, "name"));
        if (name && strcmp(name, c->node->artifact) == 0 &&
            !cJSON_IsTrue(cJSON_GetObjectItem(it, "expired")))
            found = it;
    }
    const char *url =
        found ? cJSON_GetStringValue(cJSON_GetObjectItem(found, "archive_download_url")) : NULL;
    if (!url) {
        cJSON_Delete(doc);
        rc_github_free(gh);
        return RC_ENOTFOUND;
    }
    char *zip = NULL;
    size_t zl = 0;
    r = get_raw(&zip, &zl, c->cfg, gh, url);
    cJSON_Delete(doc);
    rc_github_free(gh);
    if (r)
        return r;
    rc_mkdirs(c->local_dir, 0700);
    char *zpath = rc_xasprintf("%s/artifact.zip", c->local_dir);
    char *dir = rc_xasprintf("%s/artifact", c->local_dir);
    r = rc_file_write(zpath, zip, zl, 0600);
    free(zip);
    if (!r) {
        /* unzip refuses entries that climb out of -d (../, absolute). */
        const char *const argv[] = {"unzip", "-o", "-q", zpath, "-d", dir, NULL};
        rc_spawn_result res;
        r = rc_spawn_run(&res, argv, &(rc_spawn_opts){.timeout_s = 300});
        if (!r) {
            if (res.status == 127)
                r = rc_error_set(RC_EIO, "unzip is not installed: artifact kept at %s", zpath);
            else if (res.status != 0) {
                char *s = rc_spawn_summary(&res);
                r = rc_error_set(RC_EINVALID, "unzip %s: %s", zpath, s);
                free(s);
            }
            rc_spawn_result_free(&res);
        }
    }
    free(zpath);
    if (r) {
        free(dir);
        return r;
    }
    *local_path = dir;
    return 0;
}

static int gh_check(rc_node_check *out, const rc_node *node, const rc_config *cfg)
{
    rc_github *gh;
    out->gpu_detail = rc_xstrdup("GPU runners are chosen by the workflow");
    if (rc_github_open(&gh, cfg, NULL, NULL, NULL) != 0) {
        out->reach_detail = rc_xstrdup(rc_error_last());
        return 0;
    }
    char *path = rc_xasprintf("/repos/%s/actions/workflows/%s", rc_github_repo(gh), node->workflow);
    cJSON *doc = NULL;
    if (rc_github_get(&doc, gh, path) == 0) {
        out->reachable = true;
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "name"));
        const char *state = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "state"));
        char *n = rc_sanitize(name ? name : node->workflow, false);
        out->reach_detail = rc_xasprintf("workflow %s in %s (%s)", n, rc_github_repo(gh),
                                         state ? state : "state unknown");
        free(n);
        cJSON_Delete(doc);
    } else {
        out->reach_detail = rc_xstrdup(rc_error_last());
    }
    free(path);
    rc_github_free(gh);
    return 0;
}

const rc_run_ops rc_run_ops_github = {
    "github",
    NULL,
    gh_start,
    gh_poll,
    gh_cancel,
    gh_fetch_log,
    gh_fetch_results,
    gh_check,
    /* a workflow's runner cannot be asked from here: the result files'
     * own fields (v3 runners[], dependencies) say what it ran on */
    NULL,
};
