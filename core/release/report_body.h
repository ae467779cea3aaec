/* The Markdown of a tracker report (core/github/report.h sends it): it
 * lives with the release room because it reads the gate and the bench diff. */
#ifndef RELCAP_REPORT_BODY_H
#define RELCAP_REPORT_BODY_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdint.h>

/* The report body for version: Markdown sections and the decisions block
 * with the decisions author made on the version's branches. prev_body is
 * the current report comment (NULL the first time): picks it lists are not
 * "applied since the last report". repo may be NULL (the gate then reads
 * no documents). now stamps the report (tests pass a fixed time). */
int rc_report_build(char **out, rc_db *db, git_repository *repo, const rc_config *cfg,
                    const char *version, const char *author, const char *prev_body, int64_t now);

#endif
