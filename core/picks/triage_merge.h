/* Merging decisions from other captains' tracker reports (collected by the
 * GitHub sync, core/github/ghsync_decisions.h) into the user tables: newest
 * wins per (branch, candidate); every decision seen, imported or older, is
 * kept in decision_log with its author, once. */
#ifndef RELCAP_TRIAGE_MERGE_H
#define RELCAP_TRIAGE_MERGE_H

#include "core/base/db.h"
#include "core/github/report.h"

#include <stddef.h>

typedef struct {
    size_t imported; /* became the current decision */
    size_t logged;   /* older than the current one: kept in the log only */
    char *warnings;  /* "; "-separated, sanitized; NULL when none */
} rc_triage_merge_report;

/* Items are merged oldest first; one already current or already in the log
 * (same candidate, author, time and decision) is skipped, so merging the
 * same blocks again changes nothing. A decision on a branch the cache does
 * not know, or with an unknown category, is skipped with a warning. */
int rc_triage_merge(rc_triage_merge_report *out, rc_db *db, rc_report_decision *items, size_t n);
void rc_triage_merge_report_free(rc_triage_merge_report *r);

#endif
