/* GitHub REST client: where (relcap.githubApi, relcap.github or the
 * remote's URL), who (GH_TOKEN, GITHUB_TOKEN, relcap.githubTokenFile) and the
 * headers GitHub requires, over core/http. */
#ifndef RELCAP_GITHUB_H
#define RELCAP_GITHUB_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/github/http.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct rc_github rc_github;

typedef struct {
    rc_http_sleep_fn sleep_fn; /* NULL: really sleep */
    void *sleep_ud;
    bool no_token; /* do not look for a token (dry runs) */
} rc_github_opts;

/* OWNER/REPO from a remote URL: https://github.com/O/R(.git), ssh://git@HOST/O/R.git,
 * git@HOST:O/R.git, with or without trailing slash. RC_EINVALID otherwise. */
int rc_github_repo_from_url(char **out, const char *url);
/* The token: GH_TOKEN, then GITHUB_TOKEN, then the first line of the file
 * named by relcap.githubTokenFile (refused when group- or world-readable).
 * *out is NULL (and 0 returned) when there is none. */
int rc_github_token_load(char **out, const rc_config *cfg);

/* True when a GitHub repository is known: relcap.github is set, or the URL
 * of relcap.remote is on github.com (or on the host of relcap.githubApi).
 * `relcap sync` skips the GitHub part otherwise. */
bool rc_github_configured(const rc_config *cfg, git_repository *repo);

/* repo may be NULL when relcap.github is set; db may be NULL (no
 * conditional-request cache). */
int rc_github_open(rc_github **out, const rc_config *cfg, git_repository *repo, rc_db *db,
                   const rc_github_opts *opts);
void rc_github_free(rc_github *gh);

const char *rc_github_repo(const rc_github *gh); /* "OWNER/REPO" */
const char *rc_github_api(const rc_github *gh);  /* base URL without trailing slash */
bool rc_github_has_token(const rc_github *gh);
rc_http *rc_github_http(rc_github *gh);

/* Absolute URL for a path ("/repos/O/R/pulls?...") under the base URL. */
char *rc_github_url(const rc_github *gh, const char *path);

/* GET path (or an absolute URL of the same origin), parsed as JSON;
 * conditional. RC_EINVALID names the URL when the body is not JSON. */
int rc_github_get(cJSON **out, rc_github *gh, const char *path);

/* Called for each page of a list; return false to stop paging. */
typedef bool (*rc_github_page_fn)(void *ud, const cJSON *page);

/* GETs path and follows Link rel="next" (same origin only, at most
 * max_pages, no URL twice). `items_key` names the array inside an object
 * answer (search: "items", check runs: "check_runs"), NULL for a plain
 * array. Every page's items are appended to *out (an array). *pages counts
 * pages read (may be NULL). */
int rc_github_get_list(cJSON **out, size_t *pages, rc_github *gh, const char *path,
                       const char *items_key, size_t max_pages, rc_github_page_fn fn, void *ud);

/* Sends a write request (POST/PATCH/DELETE/PUT) with an optional JSON body.
 * Needs a token. *out may be NULL (answer dropped). */
int rc_github_send(cJSON **out, rc_github *gh, const char *method, const char *path,
                   const char *json_body);
/* The exact request rc_github_send would make, as text (for --dry-run),
 * with the token replaced by "***". */
char *rc_github_describe(const rc_github *gh, const char *method, const char *path,
                         const char *json_body);

#endif
