/* PEP 440 versions: parsing (every alternative spelling, leading 'v',
 * SemVer-style "-rc.1"), normalization, total ordering, next-version helpers. */
#ifndef RELCAP_VERSION_H
#define RELCAP_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define RC_VERSION_MAX_RELEASE 16
#define RC_VERSION_MAX_LOCAL 128
/* Enough for any normalized version or sort key this module writes. */
#define RC_VERSION_STRLEN 512

typedef enum {
    RC_VKIND_DEV,   /* has .devN */
    RC_VKIND_RC,    /* rcN (also cN, preN, previewN) */
    RC_VKIND_PRE,   /* aN or bN */
    RC_VKIND_FINAL, /* X.Y.Z */
    RC_VKIND_POST,  /* .postN */
} rc_version_kind;

typedef struct {
    unsigned long epoch;
    size_t nrelease;
    unsigned long release[RC_VERSION_MAX_RELEASE];
    char pre;              /* 0 (none), 'a', 'b' or 'c' (rc) */
    unsigned long pre_num;
    bool has_post;
    unsigned long post;
    bool has_dev;
    unsigned long dev;
    char local[RC_VERSION_MAX_LOCAL]; /* normalized, "" when none */
} rc_version;

/* Parses s; RC_EINVALID with a message naming s and the offending part. */
int rc_version_parse(rc_version *out, const char *s);
/* <0, 0, >0 exactly as PEP 440 orders versions (1.0 == 1.0.0). */
int rc_version_cmp(const rc_version *a, const rc_version *b);
/* Normalized PEP 440 string, without a leading 'v'. */
void rc_version_format(char *buf, size_t n, const rc_version *v);
/* "X.Y.Z" of the release segment (padded to three parts). */
void rc_version_release(char *buf, size_t n, const rc_version *v);
/* A string whose strcmp order equals rc_version_cmp order, for SQL ORDER BY. */
void rc_version_sortkey(char *buf, size_t n, const rc_version *v);
rc_version_kind rc_version_kind_of(const rc_version *v);
const char *rc_version_kind_name(rc_version_kind k); /* "dev","rc","pre","final","post" */

/* Next versions: next rc of the same release (rc1 after a final of the
 * previous line, rcN+1 after rcN), next patch, next minor, next post. */
void rc_version_next_rc(rc_version *out, const rc_version *v);
void rc_version_next_patch(rc_version *out, const rc_version *v);
void rc_version_next_minor(rc_version *out, const rc_version *v);
void rc_version_next_post(rc_version *out, const rc_version *v);

#endif
