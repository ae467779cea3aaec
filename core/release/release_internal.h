/* Internal to core/release: what the readiness inputs share between the
 * live checks (`relcap compat`, `calendar`, the docs check, read from git)
 * and the copies sync keeps in the cache for the gate (inputs.c). */
#ifndef RELCAP_RELEASE_INTERNAL_H
#define RELCAP_RELEASE_INTERNAL_H

/* Internal to core/release/: the room's CMake target defines RELCAP_RELEASE. */
#ifndef RELCAP_RELEASE
#error "core/release/release_internal.h is internal to core/release/; use the room's public headers"
#endif

#include "core/release/calendar.h"
#include "core/release/compat.h"
#include "core/release/docs.h"

/* What the docs check needs of one release document, whatever release is
 * being checked: its conflict blocks and the versions its tables name. */
typedef struct {
    size_t conflicts, first_line;
    bool has_matrix; /* some table's first column names a version */
    char *versions;  /* "\nX.Y.Z\n...": every such version, normalized, once */
} rc_doc_facts;

void rc_doc_facts_of(rc_doc_facts *out, const char *text);
void rc_doc_facts_free(rc_doc_facts *f);
/* Does versions (as in rc_doc_facts) hold line ("X.Y.Z\n")? */
bool rc_doc_facts_names_in(const char *versions, const char *line);
/* Counts the file as checked and adds its problems for version. */
void rc_docs_report_add(rc_docs_report *r, const char *path, const rc_doc_facts *f,
                        const char *version);

/* Calls fn for each blob at branch_rev matching relcap.releaseDocs, in the
 * pathspec's order; a nonzero return of fn stops the walk and is returned. */
typedef int (*rc_docs_walk_fn)(void *ud, const char *path, const git_oid *blob);
int rc_docs_walk(git_repository *repo, const rc_config *cfg, const char *branch_rev,
                 rc_docs_walk_fn fn, void *ud);
/* rc_docs_read, with the blob's id in *id when id is not NULL. */
int rc_docs_read_id(char **out, git_oid *id, git_repository *repo, const char *rev,
                    const char *path);
int rc_docs_blob_text(char **out, git_repository *repo, const git_oid *id);

/* The upstream version at a tag's commit: from git (live), or from the copy
 * sync made (NULL: not known). */
typedef char *(*rc_upstream_fn)(void *ud, const char *tag_sha, const char *trailer);

/* The checks on a document's text, however it was read; the compat report
 * takes rev (the revision the text was read at) and frees it. */
int rc_compat_from_text(rc_compat_report *out, rc_db *db, const rc_config *cfg, const char *path,
                        char *rev, const char *text, rc_upstream_fn upstream, void *ud);
int rc_calendar_from_text(rc_calendar_report *out, rc_db *db, const rc_config *cfg,
                          const char *path, const char *text, int64_t now);

/* The matrix check on the copy of the document sync stored (inputs.c),
 * with the upstream of each tag from upstream. */
int rc_compat_check_with(rc_compat_report *out, rc_db *db, const rc_config *cfg,
                         rc_upstream_fn upstream, void *ud);

/* The document paths the checks read on main: relcap.compatDoc and the
 * calendar's (relcap.calendarDoc, else relcap.compatDoc); NULL when unset.
 * The error of an unset one is the checks' own. */
const char *rc_compat_doc_path(const rc_config *cfg);
const char *rc_calendar_doc_path(const rc_config *cfg);

#endif
