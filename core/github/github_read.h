/* Reads of the tables the GitHub sync fills (prs, trackers,
 * tracker_requests), for commands and the cockpit. Text is NULL where the
 * cache has none; how to show that is the caller's choice. */
#ifndef RELCAP_GITHUB_READ_H
#define RELCAP_GITHUB_READ_H

#include "core/base/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t number;
    char *title, *author, *state, *base;
    char *labels; /* JSON array of names */
    char *milestone, *merge_sha, *url;
    int64_t merged_at;
    bool has_merged_at;
} rc_pr_row;

/* PRs whose base is base (NULL: all), newest first (merged, else updated). */
int rc_github_prs(rc_pr_row **out, size_t *count, rc_db *db, const char *base);
void rc_pr_rows_free(rc_pr_row *rows, size_t count);

typedef struct {
    int64_t comment_id; /* negative: the issue body */
    char *author;
    char *trunk_prs, *release_prs; /* JSON arrays of numbers */
    char *category;
    bool has_checked, checked, has_on_trunk, on_trunk;
    int64_t tracker;
    char *version, *title; /* of the tracker */
} rc_tracker_request_row;

/* The requests on the trackers of version X.Y.Z (NULL: all), by tracker,
 * the issue body first, then comments in order. */
int rc_github_tracker_requests(rc_tracker_request_row **out, size_t *count, rc_db *db,
                               const char *version);
void rc_tracker_request_rows_free(rc_tracker_request_row *rows, size_t count);

/* How many trackers the cache has for version. */
int rc_github_tracker_count(long *out, rc_db *db, const char *version);
/* The tracker of version to act on: an open one first, then the newest; 0
 * when the cache has none. */
int rc_github_tracker_number(long *out, rc_db *db, const char *version);

#endif
