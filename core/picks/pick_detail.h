/* One candidate in full, for `relcap pick show` and the cockpit's detail:
 * the engine's row, the current decision, every decision in the log with
 * its author (local or imported from a tracker report) and the
 * disagreements among them. */
#ifndef RELCAP_PICK_DETAIL_H
#define RELCAP_PICK_DETAIL_H

#include "core/base/db.h"

#include <cjson/cJSON.h>

/* Two different decisions by two people within this many seconds disagree. */
#define RC_PICK_DISAGREE_WINDOW 86400

/* {"branch", "sha", "pr", "subject", "author", "state", "category",
 *  "evidence", "picked_as", "decision", "decided_by", "decided_at", "note",
 *  "history": [{"author", "decision", "category", "note", "at"}],
 *  "disagreements": [{"author", "decision", "at", "other_author",
 *                     "other_decision", "other_at"}]}
 * Values are as stored (callers sanitize before printing). RC_ENOTFOUND
 * when the candidate is not in the picks table of branch. */
int rc_pick_detail(cJSON **out, rc_db *db, const char *branch, const char *sha);

/* Only the disagreements array of the above. */
int rc_pick_disagreements(cJSON **out, rc_db *db, const char *branch, const char *sha);

/* The disagreements as lines "Disagreement: A approve (T) vs B reject (T)\n",
 * sanitized for a terminal; NULL when there are none (or on error). */
char *rc_pick_disagreements_text(rc_db *db, const char *branch, const char *sha);

#endif
