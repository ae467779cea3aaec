/* The release calendar (relcap.calendarDoc on main) against the tag dates,
 * and the next dates from the cadence. Used by `relcap calendar` and
 * `ready`. */
#ifndef RELCAP_CALENDAR_H
#define RELCAP_CALENDAR_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t line;
    char *date_text;
    int64_t date; /* documented date (UTC midnight), 0 if unparsable */
    char *event;
    char *version;    /* version named in the event, normalized, or NULL */
    char *tag;        /* matching tag or NULL */
    int64_t tag_date; /* the tag's real date, 0 if no tag */
    long delta_days;  /* tag_date - date, in days */
    bool future;      /* documented date after now and no tag yet */
    long days_left;
    long overdue_days; /* > 0: the date passed that many days ago and no tag has it */
} rc_calendar_event;

typedef struct {
    char *doc;
    rc_calendar_event *events;
    size_t nevents;
    size_t nmismatch;               /* events whose tag date differs from the documented one */
    size_t noverdue;                /* events with overdue_days > 0 */
    int64_t next_cut, next_release; /* from the cadence when no future event is documented */
    bool from_cadence;
} rc_calendar_report;

int rc_calendar_check(rc_calendar_report *out, git_repository *repo, rc_db *db,
                      const rc_config *cfg, int64_t now);
void rc_calendar_report_free(rc_calendar_report *r);

#endif
