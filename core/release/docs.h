/* Release documents read straight from git objects (never the work tree),
 * and the checks of the release docs on a branch. The compatibility matrix
 * is core/release/compat.h, the calendar core/release/calendar.h. */
#ifndef RELCAP_DOCS_H
#define RELCAP_DOCS_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdbool.h>
#include <stdint.h>

/* Contents of PATH at REV ("main", "origin/main", a sha). RC_ENOTFOUND when
 * the revision or the file is missing. */
int rc_docs_read(char **out, git_repository *repo, const char *rev, const char *path);
/* The main branch's revision name that exists: relcap.mainBranch, else
 * REMOTE/mainBranch. */
int rc_docs_main_rev(char **out, git_repository *repo, const rc_config *cfg);

/* The upstream version named by the newest commit reachable from commit
 * whose message has "TRAILER: vX.Y.Z" (a "- " bullet allowed). NULL if none
 * within the walk limit. */
char *rc_docs_upstream_at(git_repository *repo, const git_oid *commit, const char *trailer);

/* ---- docs checks on a release branch ---- */
typedef struct {
    char *path;
    size_t line; /* first line of the problem */
    char *problem;
} rc_docs_problem;

typedef struct {
    size_t files_checked;
    rc_docs_problem *problems;
    size_t nproblems;
} rc_docs_report;

/* Checks the files matching relcap.releaseDocs at the branch head: no
 * merge-conflict block; the version being released is mentioned where a
 * row is expected (the compatibility matrix). */
int rc_docs_check_branch(rc_docs_report *out, git_repository *repo, const rc_config *cfg,
                         const char *branch_rev, const char *version);
void rc_docs_report_free(rc_docs_report *r);
/* Conflict blocks in text: a line starting "<<<<<<<", later "=======",
 * later ">>>>>>>". Returns how many; *first_line gets the first's line. */
size_t rc_docs_conflict_blocks(const char *text, size_t *first_line);

#endif
