/* Which candidate a branch commit is (the engine's picked_as), for the
 * views that start from a commit: `relcap diff`, `relcap notes`. */
#ifndef RELCAP_PICKS_LANDED_H
#define RELCAP_PICKS_LANDED_H

#include "core/base/db.h"

typedef struct {
    char candidate[41]; /* the commit on main */
    long pr;            /* its PR, 0 when none */
    char *category;     /* the captain's override, else the engine's; NULL when none */
    char *evidence;     /* how the pick was recognised */
    char *reverts;      /* the candidate is a revert of this sha; NULL when not */
    char *subject;      /* the candidate's subject; NULL when the cache lacks it */
} rc_picks_landed;

/* 1 with out filled when sha on branch is a pick of some candidate (the
 * earliest in main's order), 0 when not, or a negative error. */
int rc_picks_landed_get(rc_picks_landed *out, rc_db *db, const char *branch, const char *sha);
void rc_picks_landed_free(rc_picks_landed *l);

/* The policy reason when sha on branch is a violation (*out NULL when not). */
int rc_picks_violation_reason(char **out, rc_db *db, const char *branch, const char *sha);

#endif
