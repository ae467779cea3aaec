/* The sync sequence shared by `relcap sync` and the cockpit. */
#include "core/sync.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/github.h"
#include "core/picks/picks.h"
#include "core/picks/triage_merge.h"
#include "core/release/inputs.h"
#include "core/runs/runs.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void done(const rc_sync_opts *o, rc_sync_stage stage, int st, const rc_sync_report *r)
{
    if (o->stage_done)
        o->stage_done(o->progress_ud, stage, st, r);
}

/* Conflict outcomes of every maintained line, then their prerequisites
 * (which never hold the outcomes up), each in committed steps with a
 * progress line, so the cockpit shows them as they come. */
static int fill_lines(rc_sync_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                      char **names, size_t n, const rc_sync_opts *opts)
{
    rc_picks_progress_fn say = opts ? opts->progress : NULL;
    void *ud = opts ? opts->progress_ud : NULL;
    rc_picks_fill_report fr;
    int st = rc_picks_fill_steps(&fr, db, repo, cfg, (const char *const *)names, n,
                                 RC_PICKS_FILL_STEP, say, ud);
    out->picks_conflicts_tried += fr.tried;
    out->picks_conflicting += fr.conflicting;
    out->picks_conflicts_reused += fr.reused;
    if (st)
        return st;
    rc_picks_prereq_report pr;
    st = rc_picks_fill_prereq_steps(&pr, db, repo, cfg, (const char *const *)names, n,
                                    RC_PICKS_PREREQ_STEP, say, ud);
    out->picks_prereqs_searched += pr.searched;
    out->picks_prereqs_reused += pr.reused;
    if (st)
        return st;
    return 0;
}

/* Only maintained lines are analysed (their stamps skip the ones that did not
 * move); any other branch is analysed on demand by `relcap picks BRANCH`,
 * since old lines can have tens of thousands of candidates nobody triages. */
static int sync_picks(rc_sync_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                      const rc_sync_opts *opts)
{
    char **names = NULL;
    size_t n = 0;
    int st = rc_gitsync_branch_names(&names, &n, db, "maintained");
    if (st)
        return st;
    /* each commit is read once per run: libgit2's object cache would only
     * grow the process on a large history */
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
    /* one call for all of them: main's line is loaded and indexed once;
     * states and evidence are committed first, so a reader (the cockpit)
     * lists them while the conflict outcomes fill in */
    rc_picks_opts o = {.conflict_check = 0, .branches = (const char *const *)names, .nbranches = n};
    rc_picks_report pr;
    int first = n ? rc_picks_compute(&pr, db, repo, cfg, NULL, &o) : 0;
    if (n && !first) {
        out->picks_main_loads = pr.main_loads;
        for (size_t i = 0; i < pr.nbranches; i++) {
            out->picks_branches += !pr.branches[i].skipped;
            out->picks_pending += pr.branches[i].pending;
            out->picks_reverts += pr.branches[i].revert_needed;
            out->picks_violations += pr.branches[i].violations;
        }
        rc_picks_report_free(&pr);
        bool check = true;
        rc_config_bool(&check, cfg, "relcap.conflictCheck");
        if (check)
            first = fill_lines(out, repo, db, cfg, names, n, opts);
    }
    git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 1);
    rc_strv_free(names, n);
    return first;
}

/* Other captains' decisions found on the trackers go to the picks room's
 * user tables; what happened joins the GitHub note. */
static int merge_decisions(rc_ghsync_report *gh, rc_db *db)
{
    if (!gh->ndecisions)
        return 0;
    rc_triage_merge_report m;
    int st = rc_triage_merge(&m, db, gh->decisions, gh->ndecisions);
    if (st)
        return st;
    char *note =
        rc_xasprintf("%s%sdecisions from tracker reports: %zu imported, %zu older logged%s",
                     gh->note ? gh->note : "", gh->note ? "; " : "", m.imported, m.logged,
                     m.warnings ? m.warnings : "");
    free(gh->note);
    gh->note = note;
    rc_triage_merge_report_free(&m);
    return 0;
}

int rc_sync_run(rc_sync_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                const rc_sync_opts *opts)
{
    static const rc_sync_opts none;
    const rc_sync_opts *o = opts ? opts : &none;
    memset(out, 0, sizeof *out);
    rc_gitsync_opts go = {
        .fetch = o->fetch, .progress = o->progress, .progress_ud = o->progress_ud};
    double t0 = now_s();
    int st = rc_gitsync_run(&out->git, repo, db, cfg, &go);
    out->git_s = now_s() - t0;
    if (!st) {
        /* what the readiness gate needs from git, so that it (and the
         * cockpit's first frame) reads the cache alone */
        t0 = now_s();
        st = rc_release_inputs_sync(&out->inputs, db, repo, cfg);
        out->git_s += now_s() - t0;
    }
    done(o, RC_SYNC_STAGE_GIT, st, out);
    if (st)
        return st;
    int status = out->git.fetch_error ? RC_ERROR : 0;
    if (!o->git_only && rc_github_configured(cfg, repo)) {
        rc_ghsync_opts ho = {.progress = o->progress, .progress_ud = o->progress_ud};
        t0 = now_s();
        st = rc_ghsync_run(&out->github, db, cfg, repo, &ho);
        if (!st)
            st = merge_decisions(&out->github, db);
        out->github_ran = true;
        out->github_s = now_s() - t0;
        done(o, RC_SYNC_STAGE_GITHUB, st, out);
        if (st && !status)
            status = st;
    } else if (!o->git_only) {
        out->github_skipped = "relcap.github not set — see relcap-config(5)";
        done(o, RC_SYNC_STAGE_GITHUB, 0, out);
    }
    /* the engine reads what git and GitHub just wrote */
    t0 = now_s();
    st = sync_picks(out, repo, db, cfg, o);
    out->picks_s = now_s() - t0;
    done(o, RC_SYNC_STAGE_PICKS, st, out);
    if (st && !status)
        status = st;
    int moved = rc_runs_refresh(db, repo, cfg);
    out->runs_moved = moved > 0 ? moved : 0;
    done(o, RC_SYNC_STAGE_RUNS, moved < 0 ? moved : 0, out);
    if (moved < 0 && !status)
        status = moved;
    return status;
}

void rc_sync_report_free(rc_sync_report *r)
{
    if (!r)
        return;
    rc_gitsync_report_free(&r->git);
    if (r->github_ran)
        rc_ghsync_report_free(&r->github);
    memset(r, 0, sizeof *r);
}
