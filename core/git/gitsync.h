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
#include <stdint.h>

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
    char *fetch_skipped;   /* why no fetch was tried ("no remote 'origin'"); NULL when it was */
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

/* A row of the branches table. Text is NULL where the cache has none (how to
 * show that is the caller's choice); has_* says whether a number is known. */
typedef struct {
    char *name, *version, *release, *status, *head_sha, *cut_sha, *latest_tag, *ci;
    int64_t head_date, cut_date, ahead, behind;
    bool has_head_date, has_cut_date, has_ahead, has_behind;
    bool remote;
} rc_branch_row;

/* A row of the tags table; text NULL where the cache has none. */
typedef struct {
    char *name, *version, *release, *kind, *sha, *branch, *ci;
    int64_t date;
    bool has_date, on_main;
} rc_tag_row;

/* The branches with that status (NULL: all) in version order, oldest first
 * unless newest_first. Free with rc_branch_rows_free. */
int rc_gitsync_branches(rc_branch_row **out, size_t *count, rc_db *db, const char *status,
                        bool newest_first);
/* One branch by name; RC_ENOTFOUND when the cache has none. Free with
 * rc_branch_row_free. */
int rc_gitsync_branch_get(rc_branch_row *out, rc_db *db, const char *name);
void rc_branch_row_free(rc_branch_row *row);
void rc_branch_rows_free(rc_branch_row *rows, size_t count);

/* The tags of a release X.Y.Z (NULL: all) of a kind ("rc", "final", ...;
 * NULL: all), in PEP 440 order, oldest first unless newest_first. Free with
 * rc_tag_rows_free. */
int rc_gitsync_tags(rc_tag_row **out, size_t *count, rc_db *db, const char *release,
                    const char *kind, bool newest_first);
/* One tag by name, or else by any spelling of its PEP 440 version (v0.9.2rc1
 * finds v0.9.2-rc1); RC_ENOTFOUND when the cache has none. */
int rc_gitsync_tag_get(rc_tag_row *out, rc_db *db, const char *name);
void rc_tag_row_free(rc_tag_row *row);
void rc_tag_rows_free(rc_tag_row *rows, size_t count);

/* The subject and author name of a commit in the cache (NULL each when the
 * cache has no such commit). Free both. */
int rc_gitsync_commit_summary(char **subject, char **author, rc_db *db, const char *sha);

#endif
