/* Internals of the GitHub room (core/github): the HTTP client's state,
 * shared by http.c (requests) and http_cache.c (ETags kept until commit). */
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

#endif
