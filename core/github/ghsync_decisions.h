/* Team decisions through the tracker: during `relcap sync`, the decisions
 * blocks of report comments (core/github/report.h) written by collaborators
 * with write access are merged into the local decisions. Newest wins per
 * (branch, candidate); every decision seen, imported or older, is kept in
 * decision_log with its author, once. */
#ifndef RELCAP_GHSYNC_DECISIONS_H
#define RELCAP_GHSYNC_DECISIONS_H

#include "core/base/db.h"
#include "core/github/ghsync.h"
#include "core/github/github.h"

#include <cjson/cJSON.h>

typedef struct rc_ghsync_decisions rc_ghsync_decisions;

/* Reads the report comments among a tracker's comments (the array GitHub
 * answered), asks GitHub for each author's permission once, and keeps the
 * decisions of writers. Bad or refused blocks become warnings naming the
 * comment. *acc is created on first use. Fails only when GitHub fails. */
int rc_ghsync_decisions_collect(rc_ghsync_decisions **acc, rc_github *gh, long tracker,
                                const cJSON *comments);
/* Writes what was collected (after the sync's own transaction) and adds
 * the count and the warnings to rep->note. acc may be NULL. */
int rc_ghsync_decisions_apply(rc_ghsync_decisions *acc, rc_db *db, rc_ghsync_report *rep);
void rc_ghsync_decisions_free(rc_ghsync_decisions *acc);

#endif
