/* The compatibility matrix (relcap.compatDoc on main) against the version
 * tags and their upstream trailers. Used by `relcap compat` and `ready`. */
#ifndef RELCAP_COMPAT_H
#define RELCAP_COMPAT_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
    char **missing_releases; /* maintained releases X.Y.Z with no row (ready's matrix item) */
    size_t nmissing_releases;
    size_t nmismatch; /* rows with upstream_match == 0 */
} rc_compat_report;

/* RC_ENOTFOUND when relcap.compatDoc is unset or the file has no matrix. */
int rc_compat_check(rc_compat_report *out, git_repository *repo, rc_db *db, const rc_config *cfg);
void rc_compat_report_free(rc_compat_report *r);
#endif
