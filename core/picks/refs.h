/* What a commit message says about other commits: its own PR number, the
 * original PR or commit a cherry-pick came from, and what a revert undoes.
 * Pure functions over untrusted text: linear in the input, never reading
 * past the NUL, indifferent to invalid UTF-8. The forms recognised are the
 * ones each function below lists (ARCHITECTURE.md, "Cherry-pick engine"); "Fix #N", "Fixes #N" and
 * "Closes #N" name issues and are deliberately not references. */
#ifndef RELCAP_REFS_H
#define RELCAP_REFS_H

#include <stdbool.h>
#include <stddef.h>

#define RC_REFS_MAX 16 /* references of one kind kept per message */

typedef struct {
    long pr;                    /* own PR number (last prPattern match), 0 if none */
    long from_prs[RC_REFS_MAX]; /* PRs this commit says it was picked from */
    size_t n_from_prs;
    char picked_from[RC_REFS_MAX][41]; /* "(cherry picked from commit X)" shas, 40 hex */
    size_t n_picked_from;
    bool is_revert;
    char revert_sha[41];  /* "This reverts commit X." (40 hex), "" if absent */
    long revert_pr;       /* PR the revert undoes, 0 if not named */
    char *revert_subject; /* normalized subject of the reverted commit, NULL if none */
} rc_refs;

/* Parses subject and body (either may be NULL). pr_pattern is like
 * " (#N)" (NULL for the default). Fills out; free with rc_refs_free. */
int rc_refs_parse(rc_refs *out, const char *subject, const char *body, const char *pr_pattern);
void rc_refs_free(rc_refs *r);

/* The last PR number the subject carries per pr_pattern ("N" stands for the
 * number), 0 when none. */
long rc_refs_pr_number(const char *subject, const char *pr_pattern);

/* Subject reduced for comparison: release prefixes ("[v0.23.0]",
 * "[Cherry-pick]", "[releases/v0.23.0]", "[0.9.1]", "[Backport]") and
 * trailing PR numbers / "(from #N)" stripped, whitespace collapsed, ASCII
 * lowercased. Returns a new string. */
char *rc_refs_normalize_subject(const char *subject, const char *pr_pattern);

/* True when the bracketed word (without brackets) is a release prefix. */
bool rc_refs_is_release_prefix(const char *word, size_t len);

#endif
