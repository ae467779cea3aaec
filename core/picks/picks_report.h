/* The rows of a tracker report (core/release/report_body.c formats them),
 * read from the engine's results and the decisions. */
#ifndef RELCAP_PICKS_REPORT_H
#define RELCAP_PICKS_REPORT_H

#include "core/base/db.h"

#include <cjson/cJSON.h>

/* Values as stored (the caller escapes them for Markdown):
 *   {"requests": [{"pr", "by", "state", "picked_as", "decision", "decided_by"}],
 *    "picked": [{"sha", "pr", "picked_as", "subject"}],
 *    "reverts": [{"state", "pr", "subject"}],
 *    "decisions": [{"branch", "sha", "pr", "decision", "category", "note", "author", "at"}]}
 * requests: each trunk PR of each request on tracker, with the candidate's
 * state on branch (null when it is not a candidate: not merged on main);
 * picked: the picked candidates in main's order; reverts: reverts on main
 * followed (picked) or still needed; decisions: those `author` made on
 * branch, in time order (the report's decisions block). */
int rc_picks_report_data(cJSON **out, rc_db *db, long tracker, const char *branch,
                         const char *author);

#endif
