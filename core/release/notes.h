/* A release notes draft: the PRs a tag ships that an earlier one did not
 * (git's FROM..TAG: for a release, main's commits between the two cuts
 * plus the line's picks), each PR once (a pick counts as its original PR),
 * a change reverted inside the range not at all, grouped by the subject's
 * prefix ("[Bugfix]", "[Model]", ...) through relcap.notesGroup and the
 * built-in vLLM-family table. Deterministic: the same cache and history
 * give the same bytes. */
#ifndef RELCAP_NOTES_H
#define RELCAP_NOTES_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    long pr; /* 0 when the commit names none */
    char sha[41];
    char *title;  /* subject without release prefixes and the PR suffix */
    char *author; /* "@login" when the PR is in the cache, else the git author name */
    char *email;  /* git author email (the contributor's identity) */
    bool first_time;
} rc_notes_entry;

typedef struct {
    char *title;  /* section title */
    char *prefix; /* the prefix as written in subjects, "" for none */
    rc_notes_entry *entries;
    size_t n;
    int order;
} rc_notes_group;

typedef struct {
    char *from, *to;
    char *repo; /* OWNER/REPO when relcap.github is set, else NULL */
    rc_notes_group *groups;
    size_t ngroups;
    size_t nprs, contributors;
    char **first_timers; /* display names, sorted */
    size_t nfirst;
} rc_notes;

/* from may be NULL: the previous release (rc_tag_previous_release). */
int rc_notes_compute(rc_notes *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                     const char *tag, const char *from);
void rc_notes_free(rc_notes *n);

/* The section title of a prefix ("Bugfix" -> "Bug fixes"): the
 * configuration's mapping first, then the built-in table, else the prefix. */
const char *rc_notes_group_title(const rc_config *cfg, const char *prefix, int *order);

char *rc_notes_markdown(const rc_notes *n);
/* {"from", "to", "prs", "contributors", "first_time": [...], "groups":
 * [{"title", "prefix", "entries": [{"pr", "sha", "title", "author", "url",
 * "first_time"}]}]} */
cJSON *rc_notes_json(const rc_notes *n);

#endif
