/* Team decisions through the tracker: during `relcap sync`, the decisions
 * blocks of report comments (core/github/report.h) written by collaborators
 * with write access are collected into the sync's report; the picks room
 * merges them (core/picks/triage_merge.h). */
#ifndef RELCAP_GHSYNC_DECISIONS_H
#define RELCAP_GHSYNC_DECISIONS_H

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
/* Moves what was collected into rep->decisions and the warnings into
 * rep->note. acc may be NULL. */
void rc_ghsync_decisions_take(rc_ghsync_decisions *acc, rc_ghsync_report *rep);
void rc_ghsync_decisions_free(rc_ghsync_decisions *acc);

#endif
