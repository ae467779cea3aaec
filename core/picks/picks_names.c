/* The one name table of each pick enum: what the cache stores and what
 * `relcap picks` and the cockpit show. */
#include "core/picks/picks.h"

#include "core/base/error.h"

#include <string.h>

static const char *const state_names[RC_PICK_STATE_COUNT] = {
    [RC_PICK_PICKED] = "picked",
    [RC_PICK_PENDING] = "pending",
    [RC_PICK_REVERT_NEEDED] = "revert-needed",
    [RC_PICK_NOT_NEEDED] = "not-needed",
    [RC_PICK_VIOLATION] = "violation",
};

static const char *const evidence_names[RC_PICK_EVIDENCE_COUNT] = {
    [RC_PICK_EVIDENCE_NONE] = NULL,         [RC_PICK_EVIDENCE_PATCH_ID] = "patch-id",
    [RC_PICK_EVIDENCE_TRAILER] = "trailer", [RC_PICK_EVIDENCE_PR_REFERENCE] = "pr-reference",
    [RC_PICK_EVIDENCE_SUBJECT] = "subject", [RC_PICK_EVIDENCE_RELEASE_PR] = "release-pr",
};

static const char *const decision_names[RC_PICK_DECISION_COUNT] = {
    [RC_PICK_DECISION_NONE] = NULL,
    [RC_PICK_DECISION_APPROVE] = "approve",
    [RC_PICK_DECISION_REJECT] = "reject",
    [RC_PICK_DECISION_DEFER] = "defer",
};

static const char *const action_names[RC_PICK_ACTION_COUNT] = {
    [RC_PICK_ACTION_REVERT] = "revert",   [RC_PICK_ACTION_APPLY] = "apply",
    [RC_PICK_ACTION_RESOLVE] = "resolve", [RC_PICK_ACTION_DECIDE] = "decide",
    [RC_PICK_ACTION_REVIEW] = "review",   [RC_PICK_ACTION_NONE] = "none",
};

static int from_name(int *out, const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (names[i] && strcmp(names[i], name) == 0) {
            *out = i;
            return 0;
        }
    return RC_EINVALID;
}

const char *rc_pick_state_name(rc_pick_state s)
{
    return (unsigned)s < RC_PICK_STATE_COUNT ? state_names[s] : NULL;
}

const char *rc_pick_evidence_name(rc_pick_evidence e)
{
    return (unsigned)e < RC_PICK_EVIDENCE_COUNT ? evidence_names[e] : NULL;
}

const char *rc_pick_decision_name(rc_pick_decision d)
{
    return (unsigned)d < RC_PICK_DECISION_COUNT ? decision_names[d] : NULL;
}

const char *rc_pick_action_name(rc_pick_action a)
{
    return (unsigned)a < RC_PICK_ACTION_COUNT ? action_names[a] : NULL;
}

int rc_pick_state_from_name(rc_pick_state *out, const char *name)
{
    int v = 0;
    if (from_name(&v, state_names, RC_PICK_STATE_COUNT, name))
        return rc_error_set(RC_EINVALID, "unknown pick state '%s'", name ? name : "");
    *out = (rc_pick_state)v;
    return 0;
}

int rc_pick_evidence_from_name(rc_pick_evidence *out, const char *name)
{
    int v = RC_PICK_EVIDENCE_NONE;
    if (name && from_name(&v, evidence_names, RC_PICK_EVIDENCE_COUNT, name))
        return rc_error_set(RC_EINVALID, "unknown pick evidence '%s'", name);
    *out = (rc_pick_evidence)v;
    return 0;
}

int rc_pick_decision_from_name(rc_pick_decision *out, const char *name)
{
    int v = RC_PICK_DECISION_NONE;
    if (name && from_name(&v, decision_names, RC_PICK_DECISION_COUNT, name))
        return rc_error_set(RC_EINVALID, "unknown decision '%s'", name);
    *out = (rc_pick_decision)v;
    return 0;
}

int rc_pick_action_from_name(rc_pick_action *out, const char *name)
{
    int v = 0;
    if (from_name(&v, action_names, RC_PICK_ACTION_COUNT, name))
        return rc_error_set(RC_EINVALID, "unknown action '%s'", name ? name : "");
    *out = (rc_pick_action)v;
    return 0;
}
