/* Saving a triage decision from the cockpit, at once: UPSERT into
 * pick_decisions keyed (branch, sha) and a row appended to decision_log, in
 * one transaction. NULL fields keep what was stored. Temporary home until
 * core/triage.c exists; then the cockpit calls that instead. */
#ifndef RELCAP_TUI_DECISION_H
#define RELCAP_TUI_DECISION_H

#include "core/db.h"

int rc_tui_decision_save(rc_db *db, const char *branch, const char *sha, long pr,
                         const char *decision, const char *category, const char *note,
                         const char *author);

#endif
