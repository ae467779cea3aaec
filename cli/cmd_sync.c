/* relcap sync: the git scan (core/gitsync), then the GitHub sync. */
#include "core/base/error.h"
#include "core/sync.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char cmd_sync_usage[] =
    "usage: relcap sync [--no-fetch] [--git-only] [--quiet] [--progress-lines]\n"
    "Fetch the remote (relcap.remote, default origin), then scan release branches,\n"
    "version tags and the commits later views need into the cache, and sync GitHub.\n"
    "Only what moved since the last sync is read again.\n"
    "\n"
    "  --no-fetch   scan local and remote-tracking refs as they are\n"
    "  --git-only   skip the GitHub part\n"
    "  --quiet      no progress and no summary line\n"
    "  --progress-lines  progress as whole lines on stderr, also when it is not a\n"
    "               terminal (the cockpit's background sync reads them)\n"
    "\n"
    "A failed fetch is reported (exit 1) after the local refs were scanned anyway.\n"
    "What is skipped is said, with why: \"fetch skipped: no remote 'origin'\" (a\n"
    "local-only repository), \"GitHub skipped: relcap.github not set\" (see\n"
    "relcap-config(5)).\n";

/* libgit2 1.5 leaks pcre2 match data each time it resolves a remote's URL
 * (url.*.insteadOf goes through its regex config iterator). Nothing of ours
 * can avoid that call, so LeakSanitizer is told about it here. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libpcre2-8.so\n";
}

typedef struct {
    out_progress progress; /* first: &sync_out is the ud of out_progress_line too */
    bool quiet;
    int status; /* the exit status: the first failing stage's */
} sync_out;

static void fail(sync_out *o)
{
    int code = cmd_fail();
    if (!o->status)
        o->status = code;
}

static void print_error(const char *prefix, const char *msg)
{
    char *m = rc_sanitize(msg, false);
    fprintf(stderr, "relcap: %s%s\n", prefix, m);
    free(m);
}

/* Each stage's line is printed as soon as it ends, so a slow GitHub sync
 * does not hide that git is done. */
static void stage_done(void *ud, rc_sync_stage stage, int st, const rc_sync_report *r)
{
    sync_out *o = ud;
    out_progress_end(&o->progress);
    switch (stage) {
    case RC_SYNC_STAGE_GIT:
        if (st) {
            if (r->git.fetch_error)
                print_error("", r->git.fetch_error);
            fail(o);
            return;
        }
        if (!o->quiet && r->git.fetch_skipped)
            printf("fetch skipped: %s\n", r->git.fetch_skipped);
        if (!o->quiet && r->git.unchanged)
            printf("git: no ref moved; %zu %s, %zu %s (%.2f s)\n", r->git.branches,
                   out_plural(r->git.branches, "branch", "branches"), r->git.tags,
                   out_plural(r->git.tags, "tag", "tags"), r->git_s);
        else if (!o->quiet)
            printf("git: %zu %s, %zu %s, %zu %s read (%.2f s)\n", r->git.branches,
                   out_plural(r->git.branches, "branch", "branches"), r->git.tags,
                   out_plural(r->git.tags, "tag", "tags"), r->git.commits_walked,
                   out_plural(r->git.commits_walked, "commit", "commits"), r->git_s);
        if (r->git.fetch_error) {
            print_error("", r->git.fetch_error);
            fputs("relcap: the local refs were scanned; the cache is as of them\n", stderr);
            o->status = 1;
        }
        return;
    case RC_SYNC_STAGE_GITHUB:
        if (!r->github_ran) {
            if (!o->quiet && r->github_skipped)
                printf("GitHub skipped: %s\n", r->github_skipped);
            return;
        }
        if (st)
            fail(o);
        else if (!o->quiet)
            printf("github: %zu %s on main, %zu on release branches, %zu tracker %s, "
                   "%zu CI %s; %zu %s, %zu not modified (%.2f s)\n",
                   r->github.prs_main, out_plural(r->github.prs_main, "PR", "PRs"),
                   r->github.prs_release, r->github.requests,
                   out_plural(r->github.requests, "request", "requests"), r->github.ci,
                   out_plural(r->github.ci, "state", "states"), r->github.http_requests,
                   out_plural(r->github.http_requests, "request", "requests"),
                   r->github.not_modified, r->github_s);
        if (r->github.note)
            print_error("github: ", r->github.note);
        return;
    case RC_SYNC_STAGE_PICKS:
        if (st)
            fail(o);
        else if (!o->quiet &&
                 (r->picks_branches || r->picks_conflicts_tried || r->picks_prereqs_searched ||
                  r->picks_conflicts_reused || r->picks_prereqs_reused))
            printf("picks: %zu maintained %s computed; %zu pending, %zu revert-needed, "
                   "%zu %s; %zu conflict %s, %zu conflicting, %zu kept; "
                   "%zu prerequisite %s, %zu kept (%.2f s)\n",
                   r->picks_branches, out_plural(r->picks_branches, "branch", "branches"),
                   r->picks_pending, r->picks_reverts, r->picks_violations,
                   out_plural(r->picks_violations, "violation", "violations"),
                   r->picks_conflicts_tried,
                   out_plural(r->picks_conflicts_tried, "trial", "trials"), r->picks_conflicting,
                   r->picks_conflicts_reused, r->picks_prereqs_searched,
                   out_plural(r->picks_prereqs_searched, "search", "searches"),
                   r->picks_prereqs_reused, r->picks_s);
        return;
    case RC_SYNC_STAGE_RUNS:
        if (st)
            fail(o);
        else if (!o->quiet && r->runs_moved > 0)
            printf("runs: %d changed state\n", r->runs_moved);
        return;
    }
}

int cmd_sync(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool fetch = true, git_only = false, quiet = false, lines = false;
    const cmd_opt flags[] = {OPT_FALSE("--no-fetch", &fetch), OPT_BOOL("--git-only", &git_only),
                             OPT_BOOL_ALIAS("--quiet", "-q", &quiet),
                             OPT_BOOL("--progress-lines", &lines), OPT_END};
    const char *bad = "unknown argument '%s'";
    int st = cmd_parse_only(self, argc, argv, flags, bad);
    if (st || (st = ctx_open_all(ctx)))
        return st;
    sync_out o = {.progress = out_progress_of(lines, quiet), .quiet = quiet};
    rc_sync_opts opts = {.fetch = fetch,
                         .git_only = git_only,
                         .progress = o.progress.mode ? out_progress_line : NULL,
                         .progress_ud = &o,
                         .stage_done = stage_done};
    rc_sync_report rep;
    int r = rc_sync_run(&rep, ctx->repo, ctx->db, ctx->cfg, &opts);
    rc_sync_report_free(&rep);
    return o.status ? o.status : (r ? 1 : 0);
}
