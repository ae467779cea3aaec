/* `relcap where PR|SHA`: the state of one trunk PR (or main commit) on
 * every release branch, read from the same rows as `relcap picks BRANCH`
 * (a stale branch is recomputed first), with the first version tag of the
 * branch that contains it. */
#ifndef RELCAP_PICKS_WHERE_H
#define RELCAP_PICKS_WHERE_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/picks/picks.h"

#include <git2.h>

/* Where the commit stands with respect to a branch. */
typedef enum {
    RC_WHERE_CANDIDATE,  /* a candidate: state says picked, pending, ... */
    RC_WHERE_BEFORE_CUT, /* main had it before the cut: shipped with the branch */
    RC_WHERE_UNRELATED,  /* neither (not on main's first-parent line after the cut) */
    RC_WHERE_COUNT
} rc_where_place;

typedef struct {
    char *branch;
    rc_where_place place;
    rc_pick_state state;       /* RC_WHERE_CANDIDATE only */
    rc_pick_evidence evidence; /* picked only */
    char *picked_as;           /* the commit on the branch, NULL when none */
    char *first_tag;           /* oldest tag of the branch containing it, NULL when none */
} rc_where_branch;

/* "picked", "pending", "revert-needed", "not-needed", "before-cut" or
 * "not-on-branch-line". */
const char *rc_where_state_name(const rc_where_branch *b);

typedef struct {
    long pr; /* 0 when the commit names none */
    char sha[41];
    char *subject;
    rc_where_branch *branches; /* newest branch first */
    size_t nbranches;
} rc_where;

typedef struct {
    rc_db *db;
    git_repository *repo;
    const rc_config *cfg;
    /* called before a branch whose picks are stale is analysed; may be NULL */
    void (*progress)(const char *branch, void *payload);
    void *payload;
} rc_where_ctx;

/* what: "#1234", "1234", a pull request URL, or a commit prefix (a bare
 * number is a PR when main has one, else a commit prefix). RC_ENOTFOUND
 * when main has no such PR or commit, RC_EUSAGE when what is neither. */
int rc_picks_where(rc_where *out, const rc_where_ctx *ctx, const char *what);
void rc_where_free(rc_where *w);

#endif
