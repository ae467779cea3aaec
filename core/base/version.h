/* PEP 440 versions: parsing (every alternative spelling, leading 'v',
 * SemVer-style "-rc.1"), normalization, total ordering, next-version helpers.
 *
 * Accepted (case-insensitive, surrounding whitespace ignored), per PEP 440's
 * own regular expression:
 *   [v] [N!] N(.N)* [[-_.](a|b|c|rc|alpha|beta|pre|preview)[-_.][N]]
 *   [-N | [-_.](post|rev|r)[-_.][N]] [[-_.]dev[-_.][N]] [+local]
 * where a missing number means 0 and local is [a-z0-9]+ separated by [-_.].
 * SemVer-style RC tags ("v1.2.3-rc.1", "v1.2.3-rc1") are valid spellings of
 * 1.2.3rc1 under that grammar. Limits: every number fits an unsigned long
 * (no overflow), at most RC_VERSION_MAX_RELEASE release parts, a normalized
 * local part shorter than RC_VERSION_MAX_LOCAL, and an input (after trimming)
 * shorter than RC_VERSION_STRLEN bytes. Anything else is RC_EINVALID. */
#ifndef RELCAP_VERSION_H
#define RELCAP_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#define RC_VERSION_MAX_RELEASE 16
#define RC_VERSION_MAX_LOCAL 128
/* Enough for any normalized version or sort key this module writes (and the
 * longest input rc_version_parse accepts is RC_VERSION_STRLEN - 1 bytes). */
#define RC_VERSION_STRLEN 1024

typedef enum {
    RC_VKIND_DEV,   /* has .devN */
    RC_VKIND_RC,    /* rcN (also cN, preN, previewN) */
    RC_VKIND_PRE,   /* aN or bN */
    RC_VKIND_FINAL, /* X.Y.Z */
    RC_VKIND_POST,  /* .postN */
} rc_version_kind;

typedef struct {
    unsigned long epoch;
    size_t nrelease; /* 1..RC_VERSION_MAX_RELEASE; trailing zeros kept as written */
    unsigned long release[RC_VERSION_MAX_RELEASE];
    char pre; /* 0 (none), 'a', 'b' or 'c' (rc) */
    unsigned long pre_num;
    bool has_post;
    unsigned long post;
    bool has_dev;
    unsigned long dev;
    /* normalized: lower case, '.' separators, leading zeros of numeric
     * segments dropped (as pypa/packaging does); "" when none */
    char local[RC_VERSION_MAX_LOCAL];
} rc_version;

/* Parses s; RC_EINVALID with a message naming s (control bytes escaped,
 * long strings shortened) and the offending part. out is zeroed on error. */
int rc_version_parse(rc_version *out, const char *s);
/* <0, 0, >0 exactly as PEP 440 orders versions (1.0 == 1.0.0): epoch,
 * release (trailing zeros ignored), pre (a < b < rc; a dev release without
 * pre or post sorts before every pre-release of its release), post (none
 * first), dev (a dev release before its non-dev), local (none first; numeric
 * segments as integers and above alphanumeric ones; shorter prefix first). */
int rc_version_cmp(const rc_version *a, const rc_version *b);
/* Normalized PEP 440 string, without a leading 'v': [E!]R[{a|b|rc}N][.postN]
 * [.devN][+local]; epoch only when non-zero; release parts as written. */
void rc_version_format(char *buf, size_t n, const rc_version *v);
/* "X.Y.Z" of the release segment (padded to three parts; more than three
 * parts are all printed; the epoch is not shown). */
void rc_version_release(char *buf, size_t n, const rc_version *v);
/* A string whose strcmp order equals rc_version_cmp order, for SQL ORDER BY
 * (printable ASCII; equal versions give equal keys). */
void rc_version_sortkey(char *buf, size_t n, const rc_version *v);
/* dev if has_dev; else rc for pre 'c'; pre for 'a'/'b'; post if has_post;
 * else final (so 1.0rc1.post1 is rc, 1.0.post1.dev0 is dev). */
rc_version_kind rc_version_kind_of(const rc_version *v);
const char *rc_version_kind_name(rc_version_kind k); /* "dev","rc","pre","final","post" */
/* True for versions that come before the final of their release: a pre
 * release, or a dev release that is not a post's (1.0rc1, 1.0.dev0, 1.0a1.dev0). */
bool rc_version_is_prerelease(const rc_version *v);

/* Next versions. All keep the epoch, drop the local part, and write the
 * release padded to at least three parts; a part that would overflow stays
 * at ULONG_MAX. "Released" below means: v is not a pre-release
 * (rc_version_is_prerelease), so X.Y.Z itself is already out.
 * next_rc:    rcN -> rcN+1 (rcN.devM -> rcN, its dev's target); a/b/dev
 *             pre-releases of X.Y.Z -> X.Y.Zrc1; released X.Y.Z (final or
 *             post) -> X.Y.(Z+1)rc1.
 * next_patch: pre-release of X.Y.Z -> X.Y.Z; released -> X.Y.(Z+1).
 * next_minor: pre-release of X.Y.0 -> X.Y.0; otherwise X.(Y+1).0.
 * next_post:  X.Y.Z -> X.Y.Z.post1, .postN -> .post(N+1), .postN.devM ->
 *             .postN; a pre segment is kept (1.0rc1 -> 1.0rc1.post1). */
void rc_version_next_rc(rc_version *out, const rc_version *v);
void rc_version_next_patch(rc_version *out, const rc_version *v);
void rc_version_next_minor(rc_version *out, const rc_version *v);
void rc_version_next_post(rc_version *out, const rc_version *v);

#endif
