/* The cherry-pick engine: candidates, evidence, reverts, policy, conflicts.
 *
 * Shape of a compute: main's line is loaded once (commits joined from the
 * cache, patch ids computed only where the cache has none), then for each
 * branch its own line is loaded and indexed in hash tables by patch id,
 * trailer sha, referenced PR, normalized subject and revert target, so that
 * every candidate is settled with a handful of lookups (no O(n*m) scan).
 * States and evidence are written at the end in one transaction, so
 * readers never see a half computed branch and the write lock is held only
 * briefly; then, with the conflict check on, the outcomes of the pending
 * candidates whose (sha, head) pair is not cached yet are tried in memory
 * by parallel workers and written (picks_fill.c), so a listing never waits
 * for them. */

#include "core/picks/picks_internal.h"

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool wanted(const char *name, const char *branch, const rc_picks_opts *opts)
{
    if (branch)
        return strcmp(branch, name) == 0;
    for (size_t i = 0; i < opts->nbranches; i++)
        if (strcmp(opts->branches[i], name) == 0)
            return true;
    return opts->nbranches == 0;
}

/* The branches to do, oldest version first (for the previous-cut rule). */
static int collect_work(branch_work **out, size_t *count, rc_db *db, const char *branch,
                        const rc_picks_opts *opts)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT name, cut_sha, head_sha FROM branches"
                           " WHERE cut_sha IS NOT NULL AND cut_sha <> ''"
                           " ORDER BY sortkey, name");
    if (rc)
        return rc;
    size_t cap = 0;
    char *prev_cut = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = rc_sql_text(st, 0), *cut = rc_sql_text(st, 1);
        if (wanted(name, branch, opts)) {
            if (*count == cap) {
                cap = cap ? cap * 2 : 8;
                *out = rc_xrealloc(*out, cap * sizeof **out);
            }
            branch_work *w = &(*out)[(*count)++];
            memset(w, 0, sizeof *w);
            w->name = rc_xstrdup(name);
            w->cut = rc_xstrdup(cut);
            w->head = rc_sql_dup(st, 2);
            w->prev_cut = prev_cut ? rc_xstrdup(prev_cut) : NULL;
        }
        free(prev_cut);
        prev_cut = rc_xstrdup(cut);
    }
    sqlite3_finalize(st);
    free(prev_cut);
    const char *missing = branch && *count == 0 ? branch : NULL;
    for (size_t i = 0; !branch && !missing && i < opts->nbranches; i++) {
        missing = opts->branches[i];
        for (size_t k = 0; missing && k < *count; k++)
            if (strcmp((*out)[k].name, missing) == 0)
                missing = NULL;
    }
    if (missing) {
        char *known = pk_known_branches(db);
        int rc = rc_error_set(RC_ENOTFOUND,
                              "branch '%s' is not a known release branch with a cut point"
                              " (known: %s; run relcap sync when it is new)",
                              missing, known);
        free(known);
        return rc;
    }
    return 0;
}

/* Marks the branches whose stamp did not change (none with force); the
 * stamp needs only main's last commit, so a sync where nothing moved does
 * not load main's line. Returns how many are left to evaluate. */
static size_t mark_skipped(rc_picks_report *out, const branch_work *work, size_t nwork,
                           const eval_env *env, const char *mname, bool force)
{
    line tip;
    size_t todo = 0;
    pk_main_tip(&tip, env->db, mname);
    for (size_t k = 0; k < nwork; k++) {
        const branch_work *w = &work[k];
        rc_picks_branch_report *rep = &out->branches[k];
        rep->branch = rc_xstrdup(w->name);
        if (!force) {
            char *old = NULL, stamp[512];
            pk_make_stamp(stamp, sizeof stamp, w->head, &tip, w->cut, env->cfg, env->db);
            rep->skipped =
                pk_read_stamp(&old, env->db, w->name) == 0 && old && strcmp(old, stamp) == 0;
            free(old);
            rc_error_clear();
        }
        todo += !rep->skipped;
    }
    free(tip.c);
    return todo;
}

/* Evaluates every branch not skipped, in the read snapshot. */
static int eval_all(rc_picks_report *out, branch_work *work, size_t nwork, line *m,
                    const eval_env *env)
{
    for (size_t k = 0; k < nwork; k++) {
        branch_work *w = &work[k];
        rc_picks_branch_report *rep = &out->branches[k];
        if (rep->skipped)
            continue;
        int rc = pk_load_line(&w->bl, env->db, env->repo, w->name, env->pr_pattern);
        if (!rc)
            rc = pk_eval_branch(w, rep, m, env);
        if (rc)
            return rc;
    }
    return 0;
}

/* Writes what was computed in one transaction. */
static int write_all(rc_picks_report *out, branch_work *work, size_t nwork, const line *m,
                     rc_db *db, bool conflict_check)
{
    int rc = rc_db_begin(db);
    if (rc)
        return rc;
    rc = pk_write_patch_ids(db, m);
    /* outcomes tried on heads no branch has any more can never be read */
    if (!rc)
        rc = rc_db_exec(db,
                        "DELETE FROM conflicts WHERE onto NOT IN"
                        " (SELECT head_sha FROM branches WHERE head_sha IS NOT NULL)"
                        " AND onto NOT IN (SELECT value FROM meta WHERE key LIKE 'conflicts:%')");
    if (!rc)
        rc = rc_db_exec(db, "DELETE FROM prereqs WHERE onto NOT IN"
                            " (SELECT head_sha FROM branches WHERE head_sha IS NOT NULL)"
                            " AND onto NOT IN (SELECT value FROM meta WHERE key LIKE 'prereqs:%')");
    for (size_t k = 0; !rc && k < nwork; k++) {
        if (out->branches[k].skipped)
            continue;
        if (!(rc = pk_write_patch_ids(db, &work[k].bl)))
            rc = pk_write_branch(db, &work[k], m, conflict_check);
    }
    return rc_db_end(db, rc);
}

/* Conflict outcomes after the states are written: readers list the states
 * at once, outcomes fill in (cached per candidate and head). Neither main's
 * line nor the branches' are held: the fill and the prerequisite search
 * read the cache. */
static int fill_all(rc_picks_report *out, const branch_work *work, size_t nwork,
                    const eval_env *env)
{
    pk_workers *w = NULL;
    pk_prereq_search *search = NULL; /* both shared by the branches */
    int rc = pk_workers_new(&w, env->repo, env->cfg);
    for (size_t k = 0; !rc && k < nwork; k++) {
        rc_picks_fill_report fr;
        if ((rc = pk_fill_conflicts(&fr, env->db, w, work[k].name, 0)))
            break;
        out->branches[k].conflicts_checked += fr.tried;
        out->branches[k].conflicting += fr.conflicting;
        /* prerequisites need the outcomes: searched once they are in */
        rc_picks_prereq_report pr;
        if (!out->branches[k].skipped && env->prereq_check)
            rc = pk_fill_prereqs(&pr, env->db, env->repo, &search, work[k].name, 0);
    }
    pk_prereq_search_free(search);
    pk_workers_free(w);
    return rc;
}

/* Loads main's line (once for every branch), evaluates and writes. */
static int compute_work(rc_picks_report *out, branch_work *work, size_t nwork, eval_env *env,
                        bool force)
{
    /* One read snapshot for all the loading and lookups (one shared lock
     * instead of one per statement); no write lock is held while the
     * conflicts are tried, so triage commands never wait on a compute. */
    bool reading = rc_db_exec(env->db, "BEGIN DEFERRED") == 0;
    char *mhold;
    const char *mname = pk_main_line_name(env->db, env->cfg, &mhold);
    line m = {0};
    out->branches = rc_xcalloc(nwork ? nwork : 1, sizeof *out->branches);
    out->nbranches = nwork;
    size_t ncuts = 0, todo = mark_skipped(out, work, nwork, env, mname, force);
    const char **cuts = rc_xcalloc(nwork ? nwork : 1, sizeof *cuts);
    for (size_t k = 0; k < nwork; k++)
        if (!out->branches[k].skipped)
            cuts[ncuts++] = work[k].cut;
    int rc =
        todo ? pk_load_line_cuts(&m, env->db, env->repo, mname, env->pr_pattern, cuts, ncuts) : 0;
    free(cuts);
    free(mhold);
    if (!rc) {
        out->main_loads += todo > 0;
        pk_line_index(&m);
        rc = eval_all(out, work, nwork, &m, env);
        if (reading) {
            rc_db_exec(env->db, rc ? "ROLLBACK" : "COMMIT");
            reading = false;
        }
        if (!rc)
            rc = write_all(out, work, nwork, &m, env->db, env->conflict_check);
        pk_line_free(&m);
        for (size_t k = 0; k < nwork; k++)
            pk_work_drop_eval(&work[k]);
        if (!rc && env->conflict_check)
            rc = fill_all(out, work, nwork, env);
    }
    if (reading)
        rc_db_exec(env->db, "ROLLBACK");
    return rc;
}

int rc_picks_compute(rc_picks_report *out, rc_db *db, git_repository *repo, const rc_config *cfg,
                     const char *branch, const rc_picks_opts *opts)
{
    memset(out, 0, sizeof *out);
    rc_picks_opts def = {.force = false, .conflict_check = -1};
    if (!opts)
        opts = &def;
    eval_env env = {.db = db, .cfg = cfg, .conflict_check = true};
    if (opts->conflict_check >= 0)
        env.conflict_check = opts->conflict_check != 0;
    else if (cfg)
        rc_config_bool(&env.conflict_check, cfg, "relcap.conflictCheck");
    env.prereq_check = env.conflict_check;
    if (cfg && env.conflict_check)
        rc_config_bool(&env.prereq_check, cfg, "relcap.prereqCheck");
    if (cfg)
        rc_config_string(&env.pr_pattern, cfg, "relcap.prPattern");
    if (env.pr_pattern && !strchr(env.pr_pattern, 'N'))
        return rc_error_set(RC_ECONFIG, "relcap.prPattern: '%s' has no N standing for the number",
                            env.pr_pattern);
    rc_category_rules *rules;
    int rc = rc_category_rules_new(&rules, cfg);
    if (rc)
        return rc;
    env.rules = rules;
    branch_work *work = NULL;
    size_t nwork = 0;
    rc = collect_work(&work, &nwork, db, branch, opts);
    /* Patch ids and trial cherry-picks need no work tree; on a handle
     * without one, libgit2 skips the per-file .gitattributes lookups in the
     * work tree (stat calls that otherwise cost more than the diffs). */
    git_repository *bare = NULL;
    if (!rc && repo && !git_repository_is_bare(repo) &&
        git_repository_open_bare(&bare, git_repository_commondir(repo)) == 0)
        repo = bare;
    if (!rc) {
        rc_error_clear();
        env.repo = repo;
        rc = compute_work(out, work, nwork, &env, opts->force);
    }
    /* every exit frees the work, whatever stage failed */
    for (size_t k = 0; k < nwork; k++)
        pk_work_free(&work[k]);
    free(work);
    git_repository_free(bare);
    rc_category_rules_free(rules);
    if (rc) {
        rc_picks_report_free(out);
        return rc;
    }
    return 0;
}
