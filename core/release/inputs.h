/* The readiness inputs that live in git (the release documents of each
 * branch, the compatibility matrix and calendar on main, the upstream
 * version in the history of each tag), read at sync time into the cache so
 * that the gate (`relcap ready`, the cockpit) reads no git object. Sync
 * reads again only what moved: a branch whose head did not move keeps its
 * rows, a document whose blob is known is not parsed again, a tag's
 * upstream is walked once per (commit, trailer). */
#ifndef RELCAP_INPUTS_H
#define RELCAP_INPUTS_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/release/calendar.h"
#include "core/release/compat.h"
#include "core/release/docs.h"

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t branches_read; /* branches whose release documents were read (head moved, or new) */
    size_t branches_kept; /* unchanged since the last sync */
    size_t docs_parsed;   /* release documents parsed (others reused by blob id) */
    size_t main_docs_read;
    size_t upstreams_walked; /* tags whose history was walked for the upstream trailer */
} rc_release_inputs_report;

/* Reads the inputs of every branch in the cache (run after the git sync). */
int rc_release_inputs_sync(rc_release_inputs_report *out, rc_db *db, git_repository *repo,
                           const rc_config *cfg);

/* The checks of rc_compat_check, rc_calendar_check and rc_docs_check_branch
 * answered from the cache. When sync has not read what they need (a cache
 * from before these tables, a head or a document sync has not seen, or
 * relcap.releaseDocs changed since) they fail with RC_ENOTFOUND and a
 * message that says to run relcap sync; a check that failed at sync time
 * (no such document on main) fails the same way here. */
int rc_compat_check_cached(rc_compat_report *out, rc_db *db, const rc_config *cfg);
int rc_calendar_check_cached(rc_calendar_report *out, rc_db *db, const rc_config *cfg, int64_t now);
int rc_docs_check_cached(rc_docs_report *out, rc_db *db, const rc_config *cfg, const char *branch,
                         const char *head, const char *version);

#endif
