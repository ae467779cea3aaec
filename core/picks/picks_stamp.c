/* Stamps: what a computed branch depended on, so that an unchanged branch
 * is skipped and a changed one is known to be stale. */

#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pk_make_stamp(char *out, size_t n, const char *head, const line *main, const char *cut,
                   const rc_config *cfg, rc_db *db)
{
    /* the conflict check is not part of it: outcomes live in their own
     * table, keyed by (candidate, head), and fill in after the states */
    rc_buf b = {0};
    rc_buf_printf(&b, "%s|%s|%s|%s", ENGINE_STAMP, head ? head : "", cut ? cut : "",
                  main->n ? main->c[main->n - 1].sha : "");
    bool prereqs = true;
    if (cfg && rc_config_bool(&prereqs, cfg, "relcap.prereqCheck") != 0)
        prereqs = true;
    rc_buf_printf(&b, "|pre%d", prereqs);
    const char *s;
    if (cfg && rc_config_string(&s, cfg, "relcap.prPattern") == 0 && s)
        rc_buf_printf(&b, "|%s", s);
    const char *keys[] = {"relcap.categoryPrefix", "relcap.categoryLabel",
                          "relcap.automationAuthor", "relcap.automationSubject"};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        const char *const *v;
        size_t nv;
        if (cfg && rc_config_multi(&v, &nv, cfg, keys[k]) == 0)
            for (size_t i = 0; i < nv; i++)
                rc_buf_printf(&b, "|%s", v[i]);
    }
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db, "SELECT count(*), max(updated_at) FROM prs") == 0) {
        if (sqlite3_step(st) == SQLITE_ROW)
            rc_buf_printf(&b, "|prs:%lld:%lld", (long long)sqlite3_column_int64(st, 0),
                          (long long)sqlite3_column_int64(st, 1));
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT count(*), total(comment_id), total(tracker), total(on_trunk),"
                      " group_concat(trunk_prs || category, '|')"
                      " FROM tracker_requests") == 0) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *cat = rc_sql_text(st, 4);
            rc_buf_printf(&b, "|req:%lld:%.0f:%.0f:%.0f:%016llx",
                          (long long)sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1),
                          sqlite3_column_double(st, 2), sqlite3_column_double(st, 3),
                          (unsigned long long)pk_hash_str(cat ? cat : ""));
        }
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT group_concat(number || ':' || version, '|') FROM trackers") == 0) {
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            rc_buf_printf(&b, "|trk:%016llx", (unsigned long long)pk_hash_str(rc_sql_text(st, 0)));
        sqlite3_finalize(st);
    }
    /* a short digest keeps meta small whatever the config holds */
    char *all = rc_buf_detach(&b);
    snprintf(out, n, "%s %s %016llx", head ? head : "", main->n ? main->c[main->n - 1].sha : "",
             (unsigned long long)pk_hash_str(all));
    free(all);
}

void pk_main_tip(line *out, rc_db *db, const char *mname)
{
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    if (rc_db_prepare(&st, db,
                      "SELECT sha FROM line_commits WHERE line = ?1 ORDER BY pos DESC LIMIT 1")) {
        rc_error_clear();
        return;
    }
    rc_sql_bind_text(st, 1, mname);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->c = rc_xcalloc(1, sizeof *out->c);
        out->n = 1;
        snprintf(out->c[0].sha, sizeof out->c[0].sha, "%s", rc_sql_text(st, 0));
    }
    sqlite3_finalize(st);
}

int pk_read_stamp(char **out, rc_db *db, const char *branch)
{
    char *key = rc_xasprintf("picks:%s", branch);
    int r = rc_db_meta_get(out, db, key);
    free(key);
    return r;
}

int rc_picks_is_stale(bool *out, rc_db *db, const rc_config *cfg, const char *branch)
{
    *out = true;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db, "SELECT cut_sha, head_sha FROM branches WHERE name = ?1");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        char *known = pk_known_branches(db);
        int rc = rc_error_set(RC_ENOTFOUND,
                              "branch '%s' is not a known release branch (known: %s; run relcap"
                              " sync when it is new)",
                              branch, known);
        free(known);
        return rc;
    }
    char *cut = rc_sql_dup(st, 0), *head = rc_sql_dup(st, 1);
    sqlite3_finalize(st);
    char *mhold;
    line m;
    pk_main_tip(&m, db, pk_main_line_name(db, cfg, &mhold));
    free(mhold);
    char stamp[512], *old = NULL;
    pk_make_stamp(stamp, sizeof stamp, head, &m, cut, cfg, db);
    free(m.c);
    free(cut);
    free(head);
    if (pk_read_stamp(&old, db, branch) == 0 && old)
        *out = strcmp(old, stamp) != 0;
    rc_error_clear();
    free(old);
    return 0;
}

int rc_picks_ensure(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const char *branch)
{
    return rc_picks_ensure_opts(computed, db, repo, cfg, branch, -1);
}

int rc_picks_ensure_opts(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                         const char *branch, int conflict_check)
{
    return rc_picks_ensure_progress(computed, db, repo, cfg, branch, conflict_check, NULL, NULL);
}

/* One committed step of a fill: what it did now (*did), what is left, its
 * counts added to the caller's report (in ctx, with what the steps share). */
typedef int (*fill_step_fn)(size_t *did, size_t *left, void *ctx, rc_db *db, const char *branch,
                            size_t step);

/* The steps of every branch share the workers (their trees and blobs). */
typedef struct {
    rc_picks_fill_report *out;
    pk_workers *w;
} fill_steps;

static int conflicts_step(size_t *did, size_t *left, void *ctx, rc_db *db, const char *branch,
                          size_t step)
{
    fill_steps *fs = ctx;
    rc_picks_fill_report fr;
    int rc = pk_fill_conflicts(&fr, db, fs->w, branch, step);
    if (!rc) {
        fs->out->tried += fr.tried;
        fs->out->conflicting += fr.conflicting;
        fs->out->reused += fr.reused;
        fs->out->left = fr.left;
        *did = fr.tried;
        *left = fr.left;
    }
    return rc;
}

/* The steps of every branch share a searcher (its trees and blobs). */
typedef struct {
    rc_picks_prereq_report *out;
    git_repository *repo;
    pk_prereq_search *search;
} prereq_steps;

static int prereqs_step(size_t *did, size_t *left, void *ctx, rc_db *db, const char *branch,
                        size_t step)
{
    prereq_steps *ps = ctx;
    rc_picks_prereq_report pr;
    int rc = pk_fill_prereqs(&pr, db, ps->repo, &ps->search, branch, step);
    if (!rc) {
        ps->out->searched += pr.searched;
        ps->out->reused += pr.reused;
        ps->out->left = pr.left;
        *did = pr.searched + pr.reused;
        *left = pr.left;
    }
    return rc;
}

/* For each of branches[0..n) in turn, steps until nothing is left (or a
 * step does nothing), a progress line "WHAT of BRANCH: N of M VERB" after
 * each. */
static int run_steps(fill_step_fn one, void *ctx, const char *what, const char *verb, rc_db *db,
                     const char *const *branches, size_t n, size_t step,
                     rc_picks_progress_fn progress, void *ud)
{
    for (size_t i = 0; i < n; i++) {
        size_t did = 0, left = 0, done = 0;
        do {
            int rc = one(&did, &left, ctx, db, branches[i], step);
            if (rc)
                return rc;
            done += did;
            if (progress && (did || left)) {
                char *msg = rc_xasprintf("%s of %s: %zu of %zu %s", what, branches[i], done,
                                         done + left, verb);
                progress(ud, msg);
                free(msg);
            }
        } while (left && did);
    }
    return 0;
}

int rc_picks_fill_steps(rc_picks_fill_report *out, rc_db *db, git_repository *repo,
                        const rc_config *cfg, const char *const *branches, size_t n, size_t step,
                        rc_picks_progress_fn progress, void *ud)
{
    memset(out, 0, sizeof *out);
    fill_steps fs = {.out = out};
    int rc = pk_workers_new(&fs.w, repo, cfg);
    if (!rc)
        rc = run_steps(conflicts_step, &fs, "conflicts", "tried", db, branches, n, step, progress,
                       ud);
    pk_workers_free(fs.w);
    return rc;
}

int rc_picks_fill_prereq_steps(rc_picks_prereq_report *out, rc_db *db, git_repository *repo,
                               const rc_config *cfg, const char *const *branches, size_t n,
                               size_t step, rc_picks_progress_fn progress, void *ud)
{
    memset(out, 0, sizeof *out);
    if (!pk_prereqs_wanted(cfg))
        return 0;
    prereq_steps ps = {.out = out, .repo = repo};
    int rc = run_steps(prereqs_step, &ps, "prerequisites", "searched", db, branches, n, step,
                       progress, ud);
    pk_prereq_search_free(ps.search);
    return rc;
}

int rc_picks_ensure_progress(bool *computed, rc_db *db, git_repository *repo, const rc_config *cfg,
                             const char *branch, int conflict_check, rc_picks_progress_fn progress,
                             void *ud)
{
    bool stale = true;
    if (computed)
        *computed = false;
    int rc = rc_picks_is_stale(&stale, db, cfg, branch);
    bool check = conflict_check != 0;
    if (conflict_check < 0 && cfg && rc_config_bool(&check, cfg, "relcap.conflictCheck") != 0)
        check = true;
    if (rc)
        return rc;
    if (stale) {
        /* states and evidence first, committed: the outcomes follow */
        rc_picks_report rep;
        rc_picks_opts o = {.force = true, .conflict_check = 0};
        if ((rc = rc_picks_compute(&rep, db, repo, cfg, branch, &o)))
            return rc;
        rc_picks_report_free(&rep);
        if (computed)
            *computed = true;
    }
    if (!check)
        return 0;
    rc_picks_fill_report fr;
    rc_picks_prereq_report pr;
    rc = rc_picks_fill_steps(&fr, db, repo, cfg, &branch, 1, RC_PICKS_FILL_STEP, progress, ud);
    return rc ? rc
              : rc_picks_fill_prereq_steps(&pr, db, repo, cfg, &branch, 1, RC_PICKS_PREREQ_STEP,
                                           progress, ud);
}

char *pk_known_branches(rc_db *db)
{
    rc_buf b = {0};
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT name FROM branches WHERE cut_sha IS NOT NULL AND cut_sha <> ''"
                      " ORDER BY sortkey DESC, name") == 0) {
        while (sqlite3_step(st) == SQLITE_ROW)
            rc_buf_printf(&b, "%s%s", b.len ? ", " : "", rc_sql_text(st, 0));
        sqlite3_finalize(st);
    }
    rc_error_clear();
    if (!b.len)
        rc_buf_puts(&b, "none");
    return rc_buf_detach(&b);
}
