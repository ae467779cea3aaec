/* A small libcurl client for REST APIs: one request at a time, TLS
 * verification always on, bounded retries of 5xx and transport errors with
 * exponential backoff and jitter, rate-limit waits, `Link: rel="next"`
 * pagination and conditional requests backed by the http_cache table.
 *
 * The bearer token is only ever placed in the Authorization header: it is
 * never part of a URL, an error message or anything written to the cache
 * (every message this module builds is scrubbed of it). */
#ifndef RELCAP_HTTP_H
#define RELCAP_HTTP_H

#include "core/base/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rc_http rc_http;

/* Sleeps for `seconds`; injectable so tests need not wait. */
typedef void (*rc_http_sleep_fn)(void *ud, double seconds);

typedef struct {
    const char *token;          /* bearer token, NULL for none */
    const char *user_agent;     /* required by GitHub */
    const char *const *headers; /* extra "Name: value" headers, may be NULL */
    size_t n_headers;
    long timeout_s;            /* total per attempt, 0 = none */
    long connect_timeout_s;    /* 0 = curl's default */
    long retries;              /* extra attempts for 5xx and transport errors */
    long rate_wait_max_s;      /* longest rate-limit wait before giving up */
    rc_http_sleep_fn sleep_fn; /* NULL: nanosleep */
    void *sleep_ud;
    rc_db *db; /* conditional-request cache (http_cache); may be NULL */
} rc_http_opts;

typedef struct {
    long status;
    char **header_names; /* lower-cased; last value of each name wins in lookups */
    char **header_values;
    size_t n_headers;
    char *body; /* NUL-terminated */
    size_t body_len;
    bool not_modified; /* 304: body is the cached one */
    char *next_url;    /* from Link rel="next", NULL when none */
} rc_http_response;

typedef struct {
    size_t requests;     /* attempts sent on the wire */
    size_t not_modified; /* 304 answers reused from the cache */
    size_t retries;      /* attempts repeated after 5xx / transport errors */
    size_t rate_waits;   /* waits for a rate limit to reset */
    double slept_s;      /* total seconds waited (backoff + rate limits) */
} rc_http_stats;

/* Refuses anything but https:// URLs, or http:// to 127.0.0.1, localhost
 * or [::1] (loopback only). RC_EUNSAFE names the URL. */
int rc_http_check_url(const char *url);
/* Scheme://host[:port] of url, for same-origin checks; NULL if unparsable. */
char *rc_http_origin(const char *url);

int rc_http_new(rc_http **out, const rc_http_opts *opts);
void rc_http_free(rc_http *h);

/* Performs method (GET, POST, PATCH, DELETE) on url with an optional JSON
 * body. With `conditional` (GETs only), the ETag and body of the last 200
 * for url are looked up and a 304 answer reuses that body; a new 200 with an
 * ETag is kept pending until rc_http_cache_flush. Statuses >= 400 (after
 * retries and rate-limit waits) are errors: RC_ENOTFOUND for 404,
 * RC_ERATELIMIT, RC_ENET otherwise, with a message naming method, URL,
 * status and GitHub's "message". Redirects (at most 5) are followed when
 * the target passes rc_http_check_url; a target on another origin gets no
 * Authorization header. `out` is filled on success only. */
int rc_http_request(rc_http_response *out, rc_http *h, const char *method, const char *url,
                    const char *body, bool conditional);
void rc_http_response_free(rc_http_response *r);
/* Value of header name (case-insensitive), NULL when absent. */
const char *rc_http_response_header(const rc_http_response *r, const char *name);

/* Writes the pending conditional-request entries (ETag + body per URL) to
 * http_cache; call inside the caller's transaction. Bodies containing the
 * token are never stored. */
int rc_http_cache_flush(rc_http *h);
/* Drops pending entries (a sync that failed). */
void rc_http_cache_discard(rc_http *h);

const rc_http_stats *rc_http_stats_get(const rc_http *h);
/* HTTP status of the last answer received (0 when none came). */
long rc_http_last_status(const rc_http *h);

/* The URL of rel="next" in a Link header value; NULL when none. */
char *rc_http_link_next(const char *link);
/* Replaces every occurrence of the token in s (in place) with "***". */
void rc_http_scrub(const rc_http *h, char *s);

#endif
