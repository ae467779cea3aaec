/* `relcap sync`, git part: fetch, then one transaction that either notes
 * that no ref moved (and only updates the sync time) or rescans branches
 * and tags, reading from git only the commits the cache lacks. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gitsync_progress(gitsync_ctx *c, const char *fmt, ...)
{
    if (!c->opts || !c->opts->progress)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->opts->progress(c->opts->progress_ud, msg);
}

static void ctx_free(gitsync_ctx *c)
{
    gitsync_commits_free(c);
    gitsync_list_free(&c->chain);
    for (size_t i = 0; i < c->nrefs; i++)
        free(c->refs[i].name);
    free(c->refs);
    for (size_t i = 0; i < c->nbranches; i++) {
        free(c->branches[i].name);
        free(c->branches[i].ref);
        gitsync_list_free(&c->branches[i].line);
    }
    free(c->branches);
    for (size_t i = 0; i < c->ntags; i++)
        free(c->tags[i].name);
    free(c->tags);
    free(c->main_ref);
}

static size_t count_rows(rc_db *db, const char *sql)
{
    sqlite3_stmt *st;
    size_t n = 0;
    if (rc_db_prepare(&st, db, sql) == 0) {
        if (sqlite3_step(st) == SQLITE_ROW)
            n = (size_t)sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    return n;
}

static int scan(gitsync_ctx *c, const char *fingerprint)
{
    bool same;
    int r = gitsync_refs_unchanged(&same, c, fingerprint);
    if (r)
        return r;
    if (same) {
        c->report->unchanged = true;
        c->report->branches = count_rows(c->db, "SELECT count(*) FROM branches");
        c->report->tags = count_rows(c->db, "SELECT count(*) FROM tags");
        return gitsync_write_last_sync(c);
    }
    gitsync_progress(c, "loading cached commits");
    if ((r = gitsync_commits_load(c)))
        return r;
    if ((r = gitsync_scan_branches(c)))
        return r;
    if ((r = gitsync_scan_tags(c)))
        return r;
    if ((r = gitsync_write(c, fingerprint)))
        return r;
    c->report->branches = c->nbranches;
    c->report->tags = c->ntags;
    return 0;
}

int rc_gitsync_run(rc_gitsync_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                   const rc_gitsync_opts *opts)
{
    memset(out, 0, sizeof *out);
    gitsync_ctx c = {.repo = repo, .db = db, .cfg = cfg, .opts = opts, .report = out};
    c.remote = rc_config_text(cfg, "relcap.remote");
    c.main_name = rc_config_text(cfg, "relcap.mainBranch");
    /* Each commit is parsed once and stored: libgit2's object cache would
     * only grow the process on a large history. */
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    int r = 0;
    if (opts && opts->fetch)
        r = gitsync_fetch(&c);
    if (!r) {
        gitsync_progress(&c, "reading refs");
        r = gitsync_refs_collect(&c);
    }
    char *fp = gitsync_fingerprint(cfg);
    if (!r && !(r = rc_db_begin(db))) {
        r = scan(&c, fp);
        r = rc_db_end(db, r);
    }
    if (r)
        out->commits_walked = 0; /* nothing of this run was kept */
    free(fp);
    ctx_free(&c);
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
    return r;
}

void rc_gitsync_report_free(rc_gitsync_report *r)
{
    if (!r)
        return;
    free(r->fetch_error);
    r->fetch_error = NULL;
    free(r->fetch_skipped);
    r->fetch_skipped = NULL;
}
