/* The captain's cherry-pick decisions: user data. Each change is an UPSERT
 * into pick_decisions keyed by (branch, candidate sha) and an appended row
 * of decision_log (scope 'pick', key "BRANCH SHA"). Nothing in sync or
 * `relcap cache clear` touches these tables. */
#ifndef RELCAP_TRIAGE_H
#define RELCAP_TRIAGE_H

#include "core/base/db.h"

#include <stddef.h>
#include <stdint.h>

/* decision: "approve", "reject", "defer", or NULL to keep the current one;
 * category: a category name, "" to drop an override, NULL to keep;
 * note: NULL keeps the current note, "" clears it. pr may be 0. at: epoch
 * seconds (0: now). */
typedef struct {
    const char *branch, *sha;
    long pr;
    const char *decision, *category, *note;
    const char *author;
    int64_t at;
} rc_triage_change;

int rc_triage_set(rc_db *db, const rc_triage_change *change);

/* The captain's note on candidate sha of branch; *out NULL when none. */
int rc_triage_note(char **out, rc_db *db, const char *branch, const char *sha);

/* True for approve, reject, defer. */
int rc_triage_valid_decision(const char *d);

/* Exports every decision as a JSON document
 *   {"relcap_pick_decisions": 1, "decisions": [{"branch", "sha", "pr",
 *    "decision", "category", "note", "author", "decided_at"}]}
 * (branch NULL: all branches). *out is a new string. */
int rc_triage_export(char **out, rc_db *db, const char *branch);

/* Imports such a document. Every entry is validated first; when any is bad
 * nothing is written and RC_EINVALID is returned with one line per bad
 * entry ("entry 3: sha must be 40 hex digits"). An entry older than the
 * stored decision for the same (branch, sha) is skipped. */
typedef struct {
    size_t imported, skipped;
} rc_triage_import_report;

int rc_triage_import(rc_triage_import_report *out, rc_db *db, const char *json, size_t len);

#endif
