/* What changed between two tags of a release line ("what changed since
 * rc2?"): the commits in A..B (git's own range: reachable from B, not from
 * A), each classified from the cherry-pick engine's tables as a pick of a
 * main commit, a revert, or a branch-only commit (with its violation, when
 * the policy flags it); commits of main in the range are counted. Plus
 * benchmark verdicts between A's and B's results and, when A and B belong
 * to different release lines, the gate items whose status differs. */
#ifndef RELCAP_RCDIFF_H
#define RELCAP_RCDIFF_H

#include "core/base/config.h"
#include "core/base/db.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A version tag as the cache knows it. */
typedef struct {
    char *name, *version, *release, *kind, *branch;
    char sha[41];
} rc_tag_info;

/* By tag name ("v0.9.2rc3"), else by version ("0.9.2rc3", any PEP 440
 * spelling). RC_ENOTFOUND names what was asked. */
int rc_tag_lookup(rc_tag_info *out, rc_db *db, const char *what);
/* The tag before `of` in PEP 440 order: of its own release line when one
 * is there, else the previous final or post release. RC_ENOTFOUND if none. */
int rc_tag_previous(rc_tag_info *out, rc_db *db, const rc_tag_info *of);
/* The previous release for release notes: the newest final or post tag
 * before `of` of another release line (of a post: its own final too). */
int rc_tag_previous_release(rc_tag_info *out, rc_db *db, const rc_tag_info *of);
void rc_tag_info_free(rc_tag_info *t);
typedef int (*rc_tag_previous_fn)(rc_tag_info *out, rc_db *db, const rc_tag_info *of);
/* The two ends of a tag range, as `relcap diff` and `relcap notes` take
 * them: `to` looked up, `from` looked up or, when NULL, found by `previous`
 * (rc_tag_previous or rc_tag_previous_release); then the cherry-pick
 * engine's tables brought up to date for to's branch, which the range's
 * classification reads. The caller frees both, also on failure. */
int rc_tag_ends(rc_tag_info *from_out, rc_tag_info *to_out, git_repository *repo, rc_db *db,
                const rc_config *cfg, const char *from, const char *to,
                rc_tag_previous_fn previous);
/* A command over a range of two tags: its result (freed with free_out on
 * failure) and what it reads. */
typedef struct {
    void *out;
    void (*free_out)(void *out);
    git_repository *repo;
    rc_db *db;
    const rc_config *cfg;
} rc_tag_job;
/* What a command does with the range: its ends and the n commits of
 * rc_tag_range between them. */
typedef int (*rc_tag_ends_fn)(const rc_tag_job *job, const rc_tag_info *from, const rc_tag_info *to,
                              const git_oid *ids, size_t n);
/* rc_tag_ends; when both ends are known, their names copied into
 * *from_name and *to_name (part of the result), the range walked and
 * body run over it. The ends and the walk are freed whatever happens, the
 * result (job->free_out) when anything fails. */
int rc_tag_ends_run(char **from_name, char **to_name, const rc_tag_job *job, const char *from,
                    const char *to, rc_tag_previous_fn previous, rc_tag_ends_fn body);

/* Commits reachable from `to` and not from `from`, oldest first (the order
 * of `git rev-list --reverse --topo-order from..to`). */
int rc_tag_range(git_oid **out, size_t *n, git_repository *repo, const char *from_sha,
                 const char *to_sha);

typedef struct {
    char sha[41];       /* the commit in the range */
    char *subject;      /* its subject */
    char candidate[41]; /* pick: the main commit it picks; revert: "" */
    long pr;            /* pick: the original PR on main; else the commit's own PR */
    char *category;     /* pick: category (the captain's override wins) */
    char *evidence;     /* pick: how it was recognised */
    char reverts[41];   /* revert: the commit it undoes ("" when unknown) */
    char *reverts_subject;
    char *violation; /* branch-only: the policy reason, NULL when allowed */
} rc_rcdiff_commit;

typedef struct {
    char *from, *to; /* tag names */
    rc_rcdiff_commit *picks, *reverts, *branch_only;
    size_t npicks, nreverts, nbranch_only;
    size_t main_commits; /* commits of main in the range (another line's tag as A) */
    cJSON *bench;        /* array of {hardware, model, test, metric, verdict, delta_pct} */
    cJSON *ready;        /* array of {name, from, to, reason} */
} rc_rcdiff;

/* from may be NULL (rc_tag_previous of to). repo is needed for the range. */
int rc_rcdiff_compute(rc_rcdiff *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                      const char *from, const char *to);
void rc_rcdiff_free(rc_rcdiff *d);
/* The JSON document of the issue: {"from", "to", "picks", "reverts",
 * "branch_only", "main_commits", "bench", "ready"}. */
cJSON *rc_rcdiff_json(const rc_rcdiff *d);
/* The plain text `relcap diff` prints and the cockpit's tag detail shows
 * (not sanitized: the caller sanitizes for its terminal). */
char *rc_rcdiff_text(const rc_rcdiff *d);

#endif
