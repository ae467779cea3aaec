/* The tracker report: one comment per captain on a release tracker issue,
 * found again by a hidden marker and edited in place, that tells the team
 * where the release stands (requests and their decisions, picks applied
 * since the last report, reverts, perf regressions, failing gate items) and
 * carries the captain's pick decisions in a machine-readable block, an HTML
 * comment holding JSON, that other captains' `relcap sync` imports
 * (core/github/ghsync_decisions.c). The Markdown body is built in
 * core/release/report_body.h, which needs the gate and the bench diff. */
#ifndef RELCAP_REPORT_H
#define RELCAP_REPORT_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/github/github.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* First line of every report comment: how a report is told from any other comment. */
#define RC_REPORT_MARKER "<!-- relcap:report v1 -->"
/* Opens the decisions block; the JSON runs to the next "-->". */
#define RC_REPORT_BLOCK_OPEN "<!-- relcap:decisions v1"
#define RC_REPORT_MAX_DECISIONS 2000 /* a block claiming more is refused */

/* One decision as a block carries it (all strings owned). */
typedef struct rc_report_decision {
    char *branch;
    char sha[41];
    long pr;
    char *decision; /* approve | reject | defer, NULL when only category/note */
    char *category; /* as written (lower-case letters and '-'), NULL for none; the
                     * picks room checks it names a category */
    char *note;     /* NULL for none */
    char *author;
    int64_t at;
} rc_report_decision;

typedef struct {
    char *captain;             /* who wrote the block */
    rc_report_decision *items; /* decisions */
    size_t n;
    char **picked; /* candidates already picked when the block was written */
    size_t npicked;
} rc_report_block;

/* The block inside a comment body: 0 with out filled; RC_ENOTFOUND when the
 * body has no block; RC_EINVALID (naming the first bad entry) when the block
 * is malformed: nothing of a bad block is kept. */
int rc_report_block_parse(rc_report_block *out, const char *body);
void rc_report_block_free(rc_report_block *b);
void rc_report_decisions_free(rc_report_decision *d, size_t n);

/* The tracker issue number of version ("0.9.2" or "v0.9.2") from the cache;
 * RC_ENOTFOUND naming the version when sync found none. */
int rc_report_tracker_for(long *out, rc_db *db, const char *version);

typedef struct {
    int64_t comment_id; /* the comment edited or created */
    bool created;       /* POST (first report) rather than PATCH */
    char *url;          /* html_url of the comment, sanitized; may be NULL */
} rc_report_sent;

/* The report comment of the token's user on issue `tracker` (GET /user,
 * then the comments): *id 0 and *body NULL when there is none.
 * When the token cannot read /user (an installation token: 403), the
 * comment whose decisions block names `captain` is the one. */
int rc_report_find(int64_t *id, char **body, rc_github *gh, long tracker, const char *captain);

/* Edits comment `existing` (PATCH) or, when 0, creates one on the tracker
 * (POST). Nothing is stored locally, so a refused request leaves nothing
 * half-written. */
int rc_report_send(rc_report_sent *out, rc_github *gh, long tracker, int64_t existing,
                   const char *body);
void rc_report_sent_free(rc_report_sent *s);

#endif
