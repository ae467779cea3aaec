/* Internals of the GitHub room (core/github): the HTTP client's state, shared
 * by http.c (requests) and http_cache.c (ETags kept until commit), and the
 * GitHub sync's state, shared by ghsync.c (the run), ghsync_fetch.c and
 * ghsync_write.c. */
#ifndef RELCAP_GITHUB_INTERNAL_H
#define RELCAP_GITHUB_INTERNAL_H

/* Internal to core/github/: the room's CMake target defines RELCAP_GITHUB. */
#ifndef RELCAP_GITHUB
#error "core/github/github_internal.h is internal to core/github/; use the room's public header"
#endif

#include "core/github/http.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *url, *etag, *body;
    size_t len;
} pending;

struct rc_http {
    CURL *curl;
    char *token, *user_agent;
    char **headers;
    size_t n_headers;
    long timeout_s, connect_timeout_s, retries, rate_wait_max_s;
    rc_http_sleep_fn sleep_fn;
    void *sleep_ud;
    rc_db *db;
    pending *pend;
    size_t n_pend;
    int64_t blocked_until; /* a 2xx said the quota is exhausted until then */
    char *blocked_resource;
    unsigned int seed;
    long last_status;
    rc_http_stats stats;
};

/* The cached ETag and body of url: pending (fetched in this sync, not yet
 * committed) first, then the http_cache table. */
bool http_cache_lookup(rc_http *h, const char *url, char **etag, char **body, size_t *len);
/* Keeps a new ETag/body pair pending until rc_http_cache_flush. */
void http_cache_put(rc_http *h, const char *url, const char *etag, const char *body, size_t len);

/* ---- GitHub sync (ghsync*.c) ---- */

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/util.h"
#include "core/github/ghsync.h"
#include "core/github/github.h"
#include "core/github/tracker.h"

#include <cjson/cJSON.h>

#define MAX_LIST_PAGES 100 /* 10 000 items per list: far above a release's need */

typedef struct {
    char *name; /* as in the branches table */
    char *ref;  /* name on GitHub (remote prefix dropped) */
    char *head;
    int64_t cut_date;
    bool eol;          /* end of life: nothing synced for it */
    bool unmaintained; /* its PRs are synced, but its cut does not bound main's PRs */
} ghsync_branch;

typedef struct {
    long number;
    char *title, *version, *state, *author, *body;
    int64_t updated_at;
    cJSON *comments;
} ghsync_tracker;

typedef struct {
    char *sha, *state;
} ghsync_ci;

typedef struct {
    rc_db *db;
    const rc_config *cfg;
    rc_github *gh;
    const rc_ghsync_opts *opts;
    rc_ghsync_report *rep;
    const char *repo;
    const char *main;
    char *remote;
    ghsync_branch *br;
    size_t nbr;
    char **rc_shas;
    size_t nrc;
    cJSON *prs; /* object: number -> PR JSON, fetched this run */
    long *drop;
    size_t ndrop;
    ghsync_tracker *tr;
    size_t ntr;
    ghsync_ci *ci;
    size_t nci;
    char **meta_k, **meta_v;
    size_t nmeta;
    rc_buf progress;
    char *stage;
} ghsync;

typedef struct {
    long comment_id, tracker;
    char *author, *body;
    rc_tracker_request req;
    int on_trunk; /* -1 unknown (no trunk PR) */
} ghsync_request;

/* Progress for the user, the stage a failure names, and "how far it got". */
void ghsync_progress(ghsync *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ghsync_stage(ghsync *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ghsync_got(ghsync *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* meta rows to write with the rest; a meta value as the cache has it now */
void ghsync_meta_put(ghsync *g, const char *k, const char *v);
char *ghsync_meta_get(ghsync *g, const char *key);
/* JSON fields: NULL / 0 / -1 when absent or of another type */
const char *ghsync_jstr(const cJSON *o, const char *k);
const char *ghsync_jpath(const cJSON *o, const char *k1, const char *k2);
int64_t ghsync_jtime(const cJSON *o, const char *k);
long ghsync_jlong(const cJSON *o, const char *k);

/* fetch phase (ghsync_fetch.c) */
int ghsync_load_refs(ghsync *g);
int ghsync_fetch_main_prs(ghsync *g);
int ghsync_fetch_release_prs(ghsync *g);
int ghsync_fetch_trackers(ghsync *g);
int ghsync_build_requests(ghsync *g, ghsync_request **out, size_t *nout);
void ghsync_requests_free(ghsync_request *rows, size_t n);
int ghsync_fetch_ci(ghsync *g);

/* write phase (ghsync_write.c) */
int ghsync_write_all(ghsync *g, ghsync_request *rows, size_t nrows);

#endif
