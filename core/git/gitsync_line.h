/* Membership of a commit in a line (the first-parent history of a branch
 * since its cut, or of main since the oldest cut: table line_commits). */
#ifndef RELCAP_GITSYNC_LINE_H
#define RELCAP_GITSYNC_LINE_H

#include "core/base/db.h"

/* 1 when sha is on line, 0 when not, or a negative error. */
int rc_gitsync_on_line(rc_db *db, const char *line, const char *sha);

#endif
