/* Read-only summaries of the cherry-pick engine's results (tables picks,
 * violations), for the cockpit's branch views. */
#ifndef RELCAP_PICKS_SUMMARY_H
#define RELCAP_PICKS_SUMMARY_H

#include "core/base/db.h"

#include <stddef.h>
#include <stdint.h>

/* Per analysed branch: how many candidates are pending, how many need a
 * revert. A branch the engine never analysed has no entry. */
typedef struct {
    char *branch;
    int64_t pending, revert_needed;
} rc_picks_branch_count;

/* One pass over picks for every branch (a correlated count per branch
 * reads a large branch's rows twice, 20x slower). */
int rc_picks_branch_counts(rc_picks_branch_count **out, size_t *count, rc_db *db);
void rc_picks_branch_counts_free(rc_picks_branch_count *v, size_t count);

/* The candidates of a branch per state, states in name order. */
typedef struct {
    char *state;
    int64_t count;
} rc_picks_state_count;

int rc_picks_state_counts(rc_picks_state_count **out, size_t *count, rc_db *db, const char *branch);
void rc_picks_state_counts_free(rc_picks_state_count *v, size_t count);

/* The policy violations on a branch, by sha, with the commit's subject
 * (NULL when the cache lacks the commit). */
typedef struct {
    char *sha, *reason, *subject;
} rc_picks_policy_violation;

int rc_picks_policy_violations(rc_picks_policy_violation **out, size_t *count, rc_db *db,
                               const char *branch);
void rc_picks_policy_violations_free(rc_picks_policy_violation *v, size_t count);

/* What the go/no-go gate asks of a branch's analysis: how many candidates
 * it has, approved but still pending, needing a revert, and its policy
 * violations. An unreadable table is an error, never a zero. */
typedef struct {
    long total, approved_pending, revert_needed, violations;
} rc_picks_gate_counts;

int rc_picks_gate_count(rc_picks_gate_counts *out, rc_db *db, const char *branch);

#endif
