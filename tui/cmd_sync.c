/* relcap sync: the git scan (core/gitsync), then the GitHub sync. */
#include "core/error.h"
#include "core/ghsync.h"
#include "core/github.h"
#include "core/gitsync.h"
#include "core/picks.h"
#include "core/runs.h"
#include "core/util.h"
#include "tui/cmd.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char cmd_sync_usage[] =
    "usage: relcap sync [--no-fetch] [--git-only] [--quiet]\n"
    "Fetch the remote (relcap.remote, default origin), then scan release branches,\n"
    "version tags and the commits later views need into the cache, and sync GitHub.\n"
    "Only what moved since the last sync is read again.\n"
    "\n"
    "  --no-fetch   scan local and remote-tracking refs as they are\n"
    "  --git-only   skip the GitHub part\n"
    "  --quiet      no progress and no summary line\n"
    "\n"
    "A failed fetch is reported (exit 1) after the local refs were scanned anyway.\n";

/* libgit2 1.5 leaks pcre2 match data each time it resolves a remote's URL
 * (url.*.insteadOf goes through its regex config iterator). Nothing of ours
 * can avoid that call, so LeakSanitizer is told about it here. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libpcre2-8.so\n";
}

static void progress(void *ud, const char *msg)
{
    (void)ud;
    char *s = rc_sanitize(msg, false);
    fprintf(stderr, "\r\033[K%s", s);
    fflush(stderr);
    free(s);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_sync(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("sync", argc, argv))
        return 0;
    bool fetch = true, git_only = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-fetch") == 0)
            fetch = false;
        else if (strcmp(argv[i], "--git-only") == 0)
            git_only = true;
        else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            quiet = true;
        else
            return cmd_usage_error(rc_cmd_find("sync"), "unknown argument '%s'", argv[i]);
    }
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    int st = ctx_repo(ctx, &repo);
    if (!st)
        st = ctx_config(ctx, &cfg);
    if (!st)
        st = ctx_db(ctx, &db);
    if (st)
        return st;
    bool tty = !quiet && isatty(2);
    rc_gitsync_opts opts = {.fetch = fetch, .progress = tty ? progress : NULL};
    rc_gitsync_report rep;
    double t0 = now_s();
    int r = rc_gitsync_run(&rep, repo, db, cfg, &opts);
    if (tty)
        fputs("\r\033[K", stderr);
    if (r) {
        if (rep.fetch_error) {
            char *m = rc_sanitize(rep.fetch_error, false);
            fprintf(stderr, "relcap: %s\n", m);
            free(m);
        }
        rc_gitsync_report_free(&rep);
        return cmd_fail();
    }
    if (!quiet) {
        if (rep.unchanged)
            printf("git: no ref moved; %zu branches, %zu tags (%.2f s)\n", rep.branches, rep.tags,
                   now_s() - t0);
        else
            printf("git: %zu branches, %zu tags, %zu commits read (%.2f s)\n", rep.branches,
                   rep.tags, rep.commits_walked, now_s() - t0);
    }
    int status = 0;
    if (rep.fetch_error) {
        char *m = rc_sanitize(rep.fetch_error, false);
        fprintf(stderr,
                "relcap: %s\nrelcap: the local refs were scanned; the cache is as of them\n", m);
        free(m);
        status = 1;
    }
    rc_gitsync_report_free(&rep);
    if (!git_only && rc_github_configured(cfg, repo)) {
        rc_ghsync_report gr;
        rc_ghsync_opts go = {.progress = tty ? progress : NULL};
        t0 = now_s();
        r = rc_ghsync_run(&gr, db, cfg, repo, &go);
        if (tty)
            fputs("\r\033[K", stderr);
        if (r) {
            status = cmd_fail();
        } else if (!quiet) {
            printf("github: %zu PRs on main, %zu on release branches, %zu tracker requests, "
                   "%zu CI states; %zu requests, %zu not modified (%.2f s)\n",
                   gr.prs_main, gr.prs_release, gr.requests, gr.ci, gr.http_requests,
                   gr.not_modified, now_s() - t0);
        }
        if (gr.note) {
            char *m = rc_sanitize(gr.note, false);
            fprintf(stderr, "relcap: github: %s\n", m);
            free(m);
        }
        rc_ghsync_report_free(&gr);
    }
    /* The engine reads what git and GitHub just wrote. Only maintained lines
     * are analysed here (their stamps skip the ones that did not move); any
     * other branch is analysed on demand by `relcap picks BRANCH`, since old
     * lines can have tens of thousands of candidates nobody triages. */
    t0 = now_s();
    size_t done = 0, pending = 0, reverts = 0, violations = 0;
    /* each commit is read once per run: libgit2's object cache would only
     * grow the process on a large history */
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    /* The names are read first and the statement finished: a read kept open
     * across the engine's write transaction would pin an old snapshot, and
     * SQLite refuses to upgrade it ("database is locked") once another
     * process has written. */
    char **names = NULL;
    size_t nnames = 0;
    sqlite3_stmt *mq;
    if (rc_db_prepare(&mq, db, "SELECT name FROM branches WHERE status = 'maintained'") != 0) {
        status = cmd_fail();
    } else {
        while (sqlite3_step(mq) == SQLITE_ROW) {
            names = rc_xrealloc(names, (nnames + 1) * sizeof *names);
            names[nnames++] = rc_xstrdup((const char *)sqlite3_column_text(mq, 0));
        }
        sqlite3_finalize(mq);
    }
    for (size_t b = 0; b < nnames; b++) {
        rc_picks_report pr;
        if (rc_picks_compute(&pr, db, repo, cfg, names[b], NULL) != 0) {
            status = cmd_fail();
        } else {
            for (size_t i = 0; i < pr.nbranches; i++) {
                done += !pr.branches[i].skipped;
                pending += pr.branches[i].pending;
                reverts += pr.branches[i].revert_needed;
                violations += pr.branches[i].violations;
            }
            rc_picks_report_free(&pr);
        }
        free(names[b]);
    }
    free(names);
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
    if (!quiet && done)
        printf("picks: %zu maintained branches computed; %zu pending, %zu revert-needed, "
               "%zu violations (%.2f s)\n",
               done, pending, reverts, violations, now_s() - t0);
    int moved = rc_runs_refresh(db, repo, cfg);
    if (moved < 0)
        status = cmd_fail();
    else if (moved > 0 && !quiet)
        printf("runs: %d changed state\n", moved);
    return status;
}
