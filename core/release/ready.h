/* The go/no-go gate: every part of "can I tag the final?" as pass, fail or
 * unknown, with the reason and where to look. */
#ifndef RELCAP_READY_H
#define RELCAP_READY_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdint.h>

typedef enum { RC_READY_PASS, RC_READY_FAIL, RC_READY_UNKNOWN } rc_ready_status;

typedef struct {
    const char *name; /* fixed item name: "branch-cut", "rc-ci", ... */
    rc_ready_status status;
    char *reason;
    char *where; /* a command to run */
    int pane;    /* cockpit pane that fixes it (1..5), 0 none */
} rc_ready_item;

typedef struct {
    char *version; /* X.Y.Z */
    char *branch;  /* NULL when not cut */
    char *newest_rc;
    rc_ready_item *items;
    size_t nitems;
    size_t nfail, nunknown;
} rc_ready_report;

/* version may be NULL: the newest release line with a branch. now is for
 * the calendar. */
int rc_ready_check(rc_ready_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                   const char *version, int64_t now);
void rc_ready_report_free(rc_ready_report *r);
const char *rc_ready_status_name(rc_ready_status s);

#endif
