/* One cached pull request's author, for release notes. */
#ifndef RELCAP_GITHUB_PR_H
#define RELCAP_GITHUB_PR_H

#include "core/base/db.h"

/* The GitHub login of PR number's author (*out NULL when the cache does not
 * know the PR or its author). */
int rc_github_pr_author(char **out, rc_db *db, long number);

#endif
