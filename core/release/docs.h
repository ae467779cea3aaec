/* Release documents read straight from git objects (never the work tree):
 * the compatibility matrix, the release calendar, and the checks of the
 * release docs on a branch. Used by `relcap compat`, `calendar`, `ready`. */
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

/* ---- compatibility matrix ---- */
typedef struct {
    size_t line;
    char *version;           /* normalized, from the first column */
    char **fields, **values; /* header names and cells, as text */
    size_t nfields;
    char *upstream;         /* the upstream column's cell, or NULL */
    char *tag;              /* the tag this row matches, or NULL (not tagged) */
    char *derived_upstream; /* from the upstream trailer at that tag, or NULL */
    int upstream_match;     /* 1 match, 0 mismatch, -1 unknown */
} rc_compat_row;

typedef struct {
    char *doc; /* path of the document */
    char *rev; /* revision it was read at */
    rc_compat_row *rows;
    size_t nrows;
    char **missing_from_matrix; /* tag names with no row */
    size_t nmissing;
    char **not_tagged; /* row versions with no tag */
    size_t nnot_tagged;
    size_t nmismatch; /* rows with upstream_match == 0 */
} rc_compat_report;

/* RC_ENOTFOUND when relcap.compatDoc is unset or the file has no matrix. */
int rc_compat_check(rc_compat_report *out, git_repository *repo, rc_db *db, const rc_config *cfg);
void rc_compat_report_free(rc_compat_report *r);
/* The upstream version named by the newest commit reachable from commit
 * whose message has "TRAILER: vX.Y.Z" (a "- " bullet allowed). NULL if none
 * within the walk limit. */
char *rc_docs_upstream_at(git_repository *repo, const git_oid *commit, const char *trailer);

/* ---- release calendar ---- */
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
} rc_calendar_event;

typedef struct {
    char *doc;
    rc_calendar_event *events;
    size_t nevents;
    size_t nmismatch;               /* events whose tag date differs from the documented one */
    int64_t next_cut, next_release; /* from the cadence when no future event is documented */
    bool from_cadence;
} rc_calendar_report;

int rc_calendar_check(rc_calendar_report *out, git_repository *repo, rc_db *db,
                      const rc_config *cfg, int64_t now);
void rc_calendar_report_free(rc_calendar_report *r);

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
