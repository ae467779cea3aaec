/* Git part of `relcap sync`: fetch the remote, then scan release branches,
 * version tags and the commits later rooms need into the cache, in one
 * transaction. */
#ifndef RELCAP_GITSYNC_H
#define RELCAP_GITSYNC_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool fetch;                                      /* false: --no-fetch */
    void (*progress)(void *ud, const char *message); /* may be NULL */
    void *progress_ud;
} rc_gitsync_opts;

typedef struct {
    size_t branches, tags;
    size_t commits_walked; /* commits read from git this run (0 when nothing moved) */
    bool unchanged;        /* no ref moved: the scan was skipped */
    char *fetch_error;     /* fetch failed (the local scan still ran); NULL when fine */
} rc_gitsync_report;

int rc_gitsync_run(rc_gitsync_report *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                   const rc_gitsync_opts *opts);
void rc_gitsync_report_free(rc_gitsync_report *r);

/* Names of the branches in the cache with that status ("maintained",
 * "unmaintained", "eol"; NULL: all), newest version first. Free with
 * rc_strv_free. The statement is finished before returning, so no read
 * snapshot stays open across a later write transaction. */
int rc_gitsync_branch_names(char ***out, size_t *count, rc_db *db, const char *status);

/* The request `git credential fill` reads on stdin for url (protocol, host,
 * path) and username (may be NULL), ending with the empty line. A value
 * holding a newline or NUL is RC_EUNSAFE naming the field: it would let the
 * request name another host. Used by the fetch; public for its test. */
int rc_gitsync_credential_request(char **out, const char *url, const char *username);

#endif
