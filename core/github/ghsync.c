/* GitHub sync: a fetch phase that only reads the database and keeps what
 * it gets in memory (the http client keeps new ETags pending too), then one
 * write transaction. A failure anywhere in the fetch phase returns before
 * anything is written; a failure while writing rolls back. The fetch phase
 * is ghsync_fetch.c, the write phase ghsync_write.c; this file holds the
 * run and the helpers both phases use. */
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/github/ghsync.h"
#include "core/github/ghsync_decisions.h"
#include "core/github/report.h"
#include "core/github/github.h"
#include "core/github/github_internal.h"
#include "core/github/tracker.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

void ghsync_progress(ghsync *g, const char *fmt, ...)
{
    if (!g->opts || !g->opts->progress)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *m = rc_vasprintf(fmt, ap);
    va_end(ap);
    if (m)
        g->opts->progress(g->opts->progress_ud, m);
    free(m);
}

void ghsync_stage(ghsync *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(g->stage);
    g->stage = rc_vasprintf(fmt, ap);
    va_end(ap);
}

void ghsync_got(ghsync *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = rc_vasprintf(fmt, ap);
    va_end(ap);
    if (!m)
        return;
    if (g->progress.len)
        rc_buf_puts(&g->progress, "; ");
    rc_buf_puts(&g->progress, m);
    free(m);
}

void ghsync_meta_put(ghsync *g, const char *k, const char *v)
{
    g->meta_k = rc_xrealloc(g->meta_k, (g->nmeta + 1) * sizeof *g->meta_k);
    g->meta_v = rc_xrealloc(g->meta_v, (g->nmeta + 1) * sizeof *g->meta_v);
    g->meta_k[g->nmeta] = rc_xstrdup(k);
    g->meta_v[g->nmeta++] = rc_xstrdup(v);
}

const char *ghsync_jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *ghsync_jpath(const cJSON *o, const char *k1, const char *k2)
{
    return ghsync_jstr(cJSON_GetObjectItemCaseSensitive(o, k1), k2);
}

int64_t ghsync_jtime(const cJSON *o, const char *k)
{
    const char *s = ghsync_jstr(o, k);
    int64_t t = 0;
    if (!s || rc_time_parse(&t, s) != 0) {
        rc_error_clear();
        return 0;
    }
    return t;
}

/* -1 when absent, not a number, or not an integer a long holds exactly:
 * GitHub's JSON may say 5e90, and converting that to long is undefined
 * (found by fuzz_ghsync). */
long ghsync_jlong(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= -9007199254740992.0) ||
        !(v->valuedouble <= 9007199254740992.0))
        return -1;
    return (long)v->valuedouble;
}

static void ghsync_free(ghsync *g)
{
    for (size_t i = 0; i < g->nbr; i++) {
        free(g->br[i].name);
        free(g->br[i].ref);
        free(g->br[i].head);
    }
    free(g->br);
    for (size_t i = 0; i < g->nrc; i++)
        free(g->rc_shas[i]);
    free(g->rc_shas);
    cJSON_Delete(g->prs);
    free(g->drop);
    for (size_t i = 0; i < g->ntr; i++) {
        ghsync_tracker *t = &g->tr[i];
        char **const strs[] = {&t->title, &t->version, &t->state, &t->author, &t->body};
        rc_strs_clear(strs, 5);
        cJSON_Delete(t->comments);
    }
    free(g->tr);
    for (size_t i = 0; i < g->nci; i++) {
        free(g->ci[i].sha);
        free(g->ci[i].state);
    }
    free(g->ci);
    for (size_t i = 0; i < g->nmeta; i++) {
        free(g->meta_k[i]);
        free(g->meta_v[i]);
    }
    free(g->meta_k);
    free(g->meta_v);
    rc_buf_free(&g->progress);
    free(g->stage);
    free(g->remote);
    rc_github_free(g->gh);
}

int rc_ghsync_run(rc_ghsync_report *out, rc_db *db, const rc_config *cfg, git_repository *repo,
                  const rc_ghsync_opts *opts)
{
    memset(out, 0, sizeof *out);
    ghsync g = {.db = db, .cfg = cfg, .opts = opts, .rep = out};
    g.main = rc_config_text(cfg, "relcap.mainBranch");
    g.remote = rc_xstrdup(rc_config_text(cfg, "relcap.remote"));
    rc_error_clear();
    rc_github_opts go = {.sleep_fn = opts ? opts->sleep_fn : NULL,
                         .sleep_ud = opts ? opts->sleep_ud : NULL};
    int r = rc_github_open(&g.gh, cfg, repo, db, &go);
    if (r) {
        out->failed_stage = rc_xstrdup("GitHub client set-up");
        out->progress = rc_xstrdup("nothing fetched");
        rc_error_wrap(r, "GitHub sync failed before fetching anything; the cache was left "
                         "unchanged");
        ghsync_free(&g);
        return r;
    }
    g.repo = rc_github_repo(g.gh);
    g.prs = cJSON_CreateObject();
    ghsync_request *rows = NULL;
    size_t nrows = 0;

    ghsync_stage(&g, "reading release branches and tags from the cache");
    r = ghsync_load_refs(&g);
    if (!r)
        r = ghsync_fetch_main_prs(&g);
    if (!r)
        r = ghsync_fetch_release_prs(&g);
    if (!r)
        r = ghsync_fetch_trackers(&g);
    rc_ghsync_decisions *dec = NULL; /* other captains' report blocks */
    for (size_t i = 0; !r && i < g.ntr; i++)
        r = rc_ghsync_decisions_collect(&dec, g.gh, g.tr[i].number, g.tr[i].comments);
    if (!r) {
        ghsync_stage(&g, "trunk PRs of tracker requests");
        r = ghsync_build_requests(&g, &rows, &nrows);
    }
    if (!r)
        r = ghsync_fetch_ci(&g);
    if (!r) {
        ghsync_stage(&g, "writing the cache");
        ghsync_progress(&g, "GitHub: writing the cache");
        r = ghsync_write_all(&g, rows, nrows);
    }
    if (!r)
        rc_ghsync_decisions_take(dec, out);
    rc_ghsync_decisions_free(dec);
    const rc_http_stats *hs = rc_http_stats_get(rc_github_http(g.gh));
    out->http_requests = hs->requests;
    out->not_modified = hs->not_modified;
    out->retries = hs->retries;
    out->rate_waits = hs->rate_waits;
    out->progress = rc_xstrdup(g.progress.len ? g.progress.ptr : "nothing fetched yet");
    if (r) {
        rc_http_cache_discard(rc_github_http(g.gh));
        out->failed_stage = rc_xstrdup(g.stage ? g.stage : "?");
        rc_error_wrap(r,
                      "GitHub sync of %s failed while fetching %s; the cache was left "
                      "unchanged (got this far: %.600s; %zu requests)",
                      g.repo, out->failed_stage, out->progress, hs->requests);
        out->prs_main = out->prs_release = out->prs_dropped = 0;
        out->trackers = out->requests = out->ci = 0;
    }
    ghsync_requests_free(rows, nrows);
    ghsync_free(&g);
    return r;
}

void rc_ghsync_report_free(rc_ghsync_report *r)
{
    if (!r)
        return;
    char **const strs[] = {&r->failed_stage, &r->progress, &r->note};
    rc_strs_clear(strs, 3);
    rc_report_decisions_free(r->decisions, r->ndecisions);
    memset(r, 0, sizeof *r);
}
