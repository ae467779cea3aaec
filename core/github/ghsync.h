/* GitHub part of `relcap sync`: pull requests into main since the oldest
 * release-branch cut, open and merged PRs on release branches, release
 * tracker issues with their comments parsed into requests, and the CI state
 * of RC tags and release branch heads. Everything is fetched first and then
 * written in one transaction, so a failure part-way leaves the cache exactly
 * as it was. Runs after the git scan: it reads the `branches` and `tags`
 * tables that the git part fills. */
#ifndef RELCAP_GHSYNC_H
#define RELCAP_GHSYNC_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/github/http.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    void (*progress)(void *ud, const char *message); /* may be NULL */
    void *progress_ud;
    rc_http_sleep_fn sleep_fn; /* NULL: really sleep (tests inject one) */
    void *sleep_ud;
} rc_ghsync_opts;

typedef struct {
    size_t prs_main;    /* merged PRs into main written this run */
    size_t prs_release; /* open or merged PRs on release branches written */
    size_t prs_dropped; /* release-branch PRs closed without merge, removed */
    size_t trackers, requests, ci;
    size_t http_requests, not_modified, retries, rate_waits;
    char *failed_stage; /* NULL on success, else what was being fetched */
    char *progress;     /* how far it got, one line ("main PRs: 3 pages, 250 PRs; ...") */
    char *note;         /* something skipped, NULL if nothing */
    /* decisions from writers' tracker report blocks (core/github/report.h),
     * for the picks room to merge (rc_triage_merge in core/sync.c) */
    struct rc_report_decision *decisions;
    size_t ndecisions;
} rc_ghsync_report;

/* opts may be NULL. On failure returns a negative RC_E* code whose message
 * (rc_error_last) names the stage, the cause and how far the sync got; the
 * report says the same in fields. repo may be NULL when relcap.github is set. */
int rc_ghsync_run(rc_ghsync_report *out, rc_db *db, const rc_config *cfg, git_repository *repo,
                  const rc_ghsync_opts *opts);
void rc_ghsync_report_free(rc_ghsync_report *r);

/* success, failure, pending or none, from a check-runs answer's array. */
const char *rc_ghsync_checks_state(const void *check_runs_json_array);

#endif
