/* Release tracker comments parsed into cherry-pick requests. Two styles:
 * the PyTorch template ("Link to landed trunk PR (if applicable):",
 * "Link to release branch PR:", "Criteria Category:" each followed by its
 * lines) and check-box lists ("- [ ] https://github.com/O/R/pull/N",
 * "- [x] #N"). Links to other repositories are ignored. */
#ifndef RELCAP_TRACKER_H
#define RELCAP_TRACKER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    long pr;
    bool checked;
} rc_tracker_box;

typedef struct {
    long *trunk; /* PR numbers, in order, without duplicates */
    size_t n_trunk;
    long *release;
    size_t n_release;
    char *category;        /* as written, NULL when absent */
    int checked;           /* 1 all boxes ticked, 0 some not, -1 no boxes */
    rc_tracker_box *boxes; /* every check-box with its own state */
    size_t n_boxes;
} rc_tracker_request;

/* Parses one comment (or issue body). owner_repo ("O/R", compared without
 * case) decides which links count. Returns 1 and fills out when the text
 * holds a request, 0 (out zeroed) when it is just discussion. */
int rc_tracker_parse(rc_tracker_request *out, const char *body, const char *owner_repo);
void rc_tracker_request_free(rc_tracker_request *r);

/* PR numbers referred to in text: full URLs (pull/N, pulls/N, issues/N;
 * trailing slashes, /files, anchors, queries allowed), O/R#N, #N. Appends
 * to *out (without duplicates); returns how many were found. */
size_t rc_tracker_refs(long **out, size_t *n, const char *text, const char *owner_repo);

/* True when title matches one of the patterns ("[v{version}] Release
 * Tracker"); writes the version part. Surrounding spaces are ignored. */
bool rc_tracker_title_match(char *version, size_t n, const char *title, const char *const *patterns,
                            size_t n_patterns);

#endif
