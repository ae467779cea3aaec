/* A loopback HTTP server (libmicrohttpd, in-process, thread per
 * connection) that plays GitHub's REST API from fixtures for tests: routes
 * match method, path and a subset of query arguments; each route answers
 * with a status, headers and a body (the text "{base}" in headers and body
 * becomes the server's URL), optionally with an ETag honoured through
 * If-None-Match (304), a truncated body, or a delay. Routes can be limited
 * to N uses so faults come before success. Every request is logged. */
#ifndef RELCAP_TESTS_GHSERVER_H
#define RELCAP_TESTS_GHSERVER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct ghs_server ghs_server;

typedef struct {
    const char *method;  /* "GET" (default when NULL), "POST", ... */
    const char *path;    /* "/repos/o/r/pulls"; a trailing '*' matches any rest */
    const char *query;   /* "base=main&page=2": these arguments must match; NULL: any */
    int status;          /* 0 = 200 */
    const char *headers; /* extra headers, "Name: value\n" lines; may be NULL */
    const char *body;    /* may be NULL (empty) */
    const char *etag;    /* sent as ETag; If-None-Match equal to it answers 304 */
    long declared_len;   /* > 0: Content-Length claims this many bytes, fewer are sent */
    int delay_ms;        /* wait before answering */
    int times;           /* answer this many requests, then step aside; 0 = forever */
} ghs_route;

typedef struct {
    char *method, *path, *query; /* query as "k=v&k2=v2" (decoded values) */
    char *authorization, *if_none_match, *accept, *api_version, *user_agent;
    char *body;
    int status; /* what the server answered */
} ghs_request;

/* Starts on 127.0.0.1 with a free port. Aborts the test on failure. */
ghs_server *ghs_start(void);
void ghs_stop(ghs_server *s);
/* "http://127.0.0.1:PORT" */
const char *ghs_url(const ghs_server *s);

/* Adds a route (copied). Among routes that match, the one with the most
 * query arguments wins; ties go to the earliest added that is not used up. */
void ghs_add(ghs_server *s, const ghs_route *r);
/* Shorthand: GET path?query answers 200 with body. */
void ghs_get(ghs_server *s, const char *path, const char *query, const char *body);
/* Removes every route (the request log stays). */
void ghs_clear_routes(ghs_server *s);

/* Requests seen so far; a returned entry stays valid (even while more
 * requests arrive) until ghs_clear_log or ghs_stop. */
size_t ghs_count(ghs_server *s);
/* Requests whose path equals path (and, when query is not NULL, whose
 * query contains each of its arguments). status_filter 0 = any. */
size_t ghs_count_matching(ghs_server *s, const char *method, const char *path, const char *query,
                          int status_filter);
const ghs_request *ghs_request_at(ghs_server *s, size_t i);
void ghs_clear_log(ghs_server *s);

#endif
