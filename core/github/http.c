/* libcurl wrapper: see http.h. One easy handle per client so connections
 * are reused; every attempt resets the handle and sets each option again,
 * so nothing from an earlier request leaks into the next one. */
#include "core/github/http.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (256u << 20) /* refuse answers above 256 MiB */
#define BACKOFF_BASE_S 0.5
#define BACKOFF_CAP_S 30.0
#define MAX_RATE_WAITS 3 /* per request, so a lying server cannot hold us forever */

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

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void default_sleep(void *ud, double s)
{
    (void)ud;
    if (s <= 0)
        return;
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

void rc_http_scrub(const rc_http *h, char *s)
{
    if (!h || !h->token || !*h->token || !s)
        return;
    size_t tl = strlen(h->token);
    char *p;
    while ((p = strstr(s, h->token)) != NULL) {
        memcpy(p, "***", 3);
        memmove(p + 3, p + tl, strlen(p + tl) + 1);
    }
}

/* rc_error_set, with the token scrubbed from the message. */
static int http_error(const rc_http *h, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int http_error(const rc_http *h, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    if (!msg)
        return rc_error_set(code, "out of memory");
    rc_http_scrub(h, msg);
    rc_error_set(code, "%s", msg);
    free(msg);
    return code;
}

int rc_http_check_url(const char *url)
{
    if (!url || !*url)
        return rc_error_set(RC_EUNSAFE, "empty URL");
    pthread_once(&curl_once, curl_init_once);
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL;
    int r = 0;
    if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
        r = rc_error_set(RC_EUNSAFE, "cannot parse URL %s", url);
    } else if (strcasecmp(scheme, "https") == 0) {
        r = 0;
    } else if (strcasecmp(scheme, "http") == 0 &&
               (strcmp(host, "127.0.0.1") == 0 || strcasecmp(host, "localhost") == 0 ||
                strcmp(host, "[::1]") == 0)) {
        r = 0;
    } else {
        r = rc_error_set(RC_EUNSAFE,
                         "refusing URL %s: only https:// is allowed (plain http only to "
                         "127.0.0.1, localhost or [::1])",
                         url);
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    return r;
}

char *rc_http_origin(const char *url)
{
    pthread_once(&curl_once, curl_init_once);
    CURLU *u = curl_url();
    char *scheme = NULL, *host = NULL, *port = NULL, *res = NULL;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
        for (char *p = host; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        res = rc_xasprintf("%s://%s:%s", scheme, host, port);
    }
    curl_free(scheme);
    curl_free(host);
    curl_free(port);
    curl_url_cleanup(u);
    return res;
}

int rc_http_new(rc_http **out, const rc_http_opts *opts)
{
    pthread_once(&curl_once, curl_init_once);
    *out = NULL;
    if (opts->token && strpbrk(opts->token, "\r\n"))
        return rc_error_set(RC_ECONFIG, "the GitHub token contains a line break");
    rc_http *h = rc_xcalloc(1, sizeof *h);
    h->curl = curl_easy_init();
    if (!h->curl) {
        free(h);
        return rc_error_set(RC_ENOMEM, "cannot create a curl handle");
    }
    h->token = opts->token && *opts->token ? rc_xstrdup(opts->token) : NULL;
    h->user_agent = rc_xstrdup(opts->user_agent ? opts->user_agent : "relcap");
    if (opts->n_headers) {
        h->headers = rc_xcalloc(opts->n_headers, sizeof *h->headers);
        for (size_t i = 0; i < opts->n_headers; i++)
            h->headers[i] = rc_xstrdup(opts->headers[i]);
        h->n_headers = opts->n_headers;
    }
    h->timeout_s = opts->timeout_s;
    h->connect_timeout_s = opts->connect_timeout_s;
    h->retries = opts->retries < 0 ? 0 : opts->retries;
    h->rate_wait_max_s = opts->rate_wait_max_s;
    h->sleep_fn = opts->sleep_fn ? opts->sleep_fn : default_sleep;
    h->sleep_ud = opts->sleep_ud;
    h->db = opts->db;
    h->seed = (unsigned int)time(NULL) ^ (unsigned int)getpid();
    *out = h;
    return 0;
}

void rc_http_cache_discard(rc_http *h)
{
    for (size_t i = 0; i < h->n_pend; i++) {
        free(h->pend[i].url);
        free(h->pend[i].etag);
        free(h->pend[i].body);
    }
    free(h->pend);
    h->pend = NULL;
    h->n_pend = 0;
}

void rc_http_free(rc_http *h)
{
    if (!h)
        return;
    rc_http_cache_discard(h);
    curl_easy_cleanup(h->curl);
    if (h->token) {
        /* Do not leave the token lying around in freed memory. */
        volatile char *p = h->token;
        while (*p)
            *p++ = 0;
        free(h->token);
    }
    free(h->user_agent);
    for (size_t i = 0; i < h->n_headers; i++)
        free(h->headers[i]);
    free(h->headers);
    free(h->blocked_resource);
    free(h);
}

long rc_http_last_status(const rc_http *h)
{
    return h->last_status;
}

const rc_http_stats *rc_http_stats_get(const rc_http *h)
{
    return &h->stats;
}

void rc_http_response_free(rc_http_response *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_headers; i++) {
        free(r->header_names[i]);
        free(r->header_values[i]);
    }
    free(r->header_names);
    free(r->header_values);
    free(r->body);
    free(r->next_url);
    memset(r, 0, sizeof *r);
}

const char *rc_http_response_header(const rc_http_response *r, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < r->n_headers; i++)
        if (strcasecmp(r->header_names[i], name) == 0)
            v = r->header_values[i];
    return v;
}

char *rc_http_link_next(const char *link)
{
    /* Link: <url>; rel="next", <url>; rel="last" — parameters may be in any
     * order and rel may hold several space-separated values. */
    const char *p = link;
    while (p && *p) {
        const char *lt = strchr(p, '<');
        if (!lt)
            return NULL;
        const char *gt = strchr(lt, '>');
        if (!gt)
            return NULL;
        const char *end = gt + 1;
        /* the parameters run to the next comma that starts a new link */
        const char *next = strstr(end, ",");
        while (next) {
            const char *q = next + 1;
            while (*q == ' ' || *q == '\t')
                q++;
            if (*q == '<')
                break;
            next = strstr(next + 1, ",");
        }
        size_t plen = next ? (size_t)(next - end) : strlen(end);
        char *params = rc_xstrndup(end, plen);
        bool is_next = false;
        for (char *s = params; (s = strcasestr(s, "rel")) != NULL; s += 3) {
            char *v = s + 3;
            while (*v == ' ')
                v++;
            if (*v != '=')
                continue;
            v++;
            while (*v == ' ')
                v++;
            bool quoted = *v == '"';
            if (quoted)
                v++;
            /* one of possibly several space separated relation types */
            while (*v && *v != '"' && *v != ';' && *v != ',') {
                while (*v == ' ')
                    v++;
                size_t n = strcspn(v, " \";,");
                if (n == 4 && strncasecmp(v, "next", 4) == 0)
                    is_next = true;
                v += n;
                if (!quoted)
                    break;
            }
        }
        free(params);
        if (is_next)
            return rc_xstrndup(lt + 1, (size_t)(gt - lt - 1));
        p = next ? next + 1 : NULL;
    }
    return NULL;
}

/* ---- one attempt ---- */

typedef struct {
    rc_buf body;
    bool too_big;
    char **names, **values;
    size_t n, cap;
} sink;

static void sink_reset_headers(sink *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->names[i]);
        free(s->values[i]);
    }
    s->n = 0;
}

static void sink_free(sink *s)
{
    sink_reset_headers(s);
    free(s->names);
    free(s->values);
    rc_buf_free(&s->body);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t n = size * nmemb;
    if (s->body.len + n > MAX_BODY) {
        s->too_big = true;
        return 0;
    }
    rc_buf_put(&s->body, data, n);
    return n;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t n = size * nmemb;
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        sink_reset_headers(s); /* a new response (after 100 Continue) */
        return n;
    }
    const char *colon = memchr(data, ':', n);
    if (!colon)
        return n;
    size_t nl = (size_t)(colon - data);
    const char *v = colon + 1, *e = data + n;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->names = rc_xrealloc(s->names, s->cap * sizeof *s->names);
        s->values = rc_xrealloc(s->values, s->cap * sizeof *s->values);
    }
    char *name = rc_xstrndup(data, nl);
    for (char *p = name; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    s->names[s->n] = name;
    s->values[s->n] = rc_xstrndup(v, (size_t)(e - v));
    s->n++;
    return n;
}

static const char *sink_header(const sink *s, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            v = s->values[i];
    return v;
}

static bool retryable_curl(CURLcode c)
{
    switch (c) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

/* Why a transport error happened, in words a user can act on. */
static const char *curl_hint(CURLcode c)
{
    switch (c) {
    case CURLE_OPERATION_TIMEDOUT:
        return " (timed out; see relcap.httpTimeout and relcap.httpConnectTimeout)";
    case CURLE_PARTIAL_FILE:
        return " (the answer was truncated: fewer bytes than Content-Length)";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
        return " (TLS certificate verification failed; it is never turned off)";
    default:
        return "";
    }
}

static void backoff(rc_http *h, long attempt)
{
    double d = BACKOFF_BASE_S;
    for (long i = 0; i < attempt && d < BACKOFF_CAP_S; i++)
        d *= 2;
    if (d > BACKOFF_CAP_S)
        d = BACKOFF_CAP_S;
    /* "equal jitter": half fixed, half random, so retries of many clients spread */
    d = d / 2 + (d / 2) * ((double)rand_r(&h->seed) / (double)RAND_MAX);
    h->stats.retries++;
    h->stats.slept_s += d;
    h->sleep_fn(h->sleep_ud, d);
}

static bool cache_lookup(rc_http *h, const char *url, char **etag, char **body, size_t *len)
{
    *etag = *body = NULL;
    for (size_t i = h->n_pend; i-- > 0;) {
        if (strcmp(h->pend[i].url, url) == 0) {
            *etag = rc_xstrdup(h->pend[i].etag);
            *body = rc_xstrndup(h->pend[i].body, h->pend[i].len);
            *len = h->pend[i].len;
            return true;
        }
    }
    if (!h->db)
        return false;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, h->db, "SELECT etag, body FROM http_cache WHERE url = ?") != 0) {
        rc_error_clear();
        return false;
    }
    sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
    bool found = false;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
        *etag = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
        const void *b = sqlite3_column_blob(st, 1);
        *len = (size_t)sqlite3_column_bytes(st, 1);
        *body = rc_xstrndup(b ? b : "", b ? *len : 0);
        found = true;
    }
    sqlite3_finalize(st);
    return found;
}

static void cache_put(rc_http *h, const char *url, const char *etag, const char *body, size_t len)
{
    /* A body that echoes the token must never reach the database. */
    if (h->token && memmem(body, len, h->token, strlen(h->token)))
        return;
    for (size_t i = 0; i < h->n_pend; i++) {
        if (strcmp(h->pend[i].url, url) == 0) {
            free(h->pend[i].etag);
            free(h->pend[i].body);
            h->pend[i].etag = rc_xstrdup(etag);
            h->pend[i].body = rc_xstrndup(body, len);
            h->pend[i].len = len;
            return;
        }
    }
    h->pend = rc_xrealloc(h->pend, (h->n_pend + 1) * sizeof *h->pend);
    h->pend[h->n_pend++] =
        (pending){rc_xstrdup(url), rc_xstrdup(etag), rc_xstrndup(body, len), len};
}

int rc_http_cache_flush(rc_http *h)
{
    if (!h->db || !h->n_pend)
        return 0;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, h->db,
                          "INSERT OR REPLACE INTO http_cache(url, etag, body, fetched_at) "
                          "VALUES (?, ?, ?, ?)");
    if (r)
        return r;
    for (size_t i = 0; i < h->n_pend && !r; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, h->pend[i].url, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, h->pend[i].etag, -1, SQLITE_STATIC);
        sqlite3_bind_blob(st, 3, h->pend[i].body, (int)h->pend[i].len, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
        if (sqlite3_step(st) != SQLITE_DONE)
            r = rc_db_error(h->db, "cannot write http_cache");
    }
    sqlite3_finalize(st);
    if (!r)
        rc_http_cache_discard(h);
    return r;
}

/* GitHub's {"message": "..."} of an error answer, made terminal-safe. */
static char *api_message(const rc_http *h, const char *body)
{
    cJSON *j = cJSON_Parse(body);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "message");
    char *res = NULL;
    if (cJSON_IsString(m) && m->valuestring[0]) {
        char *s = rc_sanitize(m->valuestring, false);
        rc_http_scrub(h, s); /* before cutting, so no piece of the token survives */
        if (strlen(s) > 200)
            strcpy(s + 197, "...");
        res = rc_xasprintf(": %s", s);
        free(s);
    }
    cJSON_Delete(j);
    return res ? res : rc_xstrdup("");
}

static int64_t header_int(const sink *s, const char *name, int64_t def)
{
    const char *v = sink_header(s, name);
    if (!v || !*v)
        return def;
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    return (errno || end == v) ? def : (int64_t)n;
}

/* Seconds to wait for a rate limit to clear, or -1 when the answer is not a
 * rate-limit answer. */
static int64_t rate_limit_wait(const sink *s, long status, int64_t now)
{
    bool limited = false;
    int64_t retry_after = header_int(s, "retry-after", -1);
    int64_t remaining = header_int(s, "x-ratelimit-remaining", -1);
    int64_t reset = header_int(s, "x-ratelimit-reset", -1);
    if (status == 429)
        limited = true;
    if (status == 403) {
        if (remaining == 0 || retry_after >= 0)
            limited = true;
        else if (s->body.ptr && strcasestr(s->body.ptr, "rate limit"))
            limited = true;
    }
    if (!limited)
        return -1;
    if (retry_after >= 0)
        return retry_after;
    if (reset > 0)
        return reset > now ? reset - now + 1 : 1;
    return 60; /* GitHub's advice for a secondary limit without a header */
}

static int rate_limit_error(rc_http *h, const char *method, const char *url, int64_t wait,
                            const char *resource)
{
    char when[21];
    rc_time_iso(when, (int64_t)time(NULL) + wait);
    when[10] = ' '; /* "2026-11-24 00:02:02 UTC" */
    when[19] = '\0';
    return http_error(h, RC_ERATELIMIT,
                      "GitHub rate limit%s%s exceeded (%s %s): retry after %s UTC, in %lld s "
                      "(longer than relcap.githubRateWait = %ld s)",
                      resource ? " for " : "", resource ? resource : "", method, url, when,
                      (long long)wait, h->rate_wait_max_s);
}

static void fill_response(rc_http_response *out, sink *s, long status)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    out->header_names = s->names;
    out->header_values = s->values;
    out->n_headers = s->n;
    s->names = s->values = NULL;
    s->n = s->cap = 0;
    out->body_len = s->body.len;
    out->body = rc_buf_detach(&s->body);
    const char *link = rc_http_response_header(out, "link");
    out->next_url = link ? rc_http_link_next(link) : NULL;
}

/* Location resolved against the URL it came from (it may be relative). */
static char *resolve_location(const char *base, const char *loc)
{
    CURLU *u = curl_url();
    char *res = NULL, *full = NULL;
    if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, loc, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK)
        res = rc_xstrdup(full);
    curl_free(full);
    curl_url_cleanup(u);
    return res;
}

int rc_http_request(rc_http_response *out, rc_http *h, const char *method0, const char *url0,
                    const char *body0, bool conditional)
{
    memset(out, 0, sizeof *out);
    int r = rc_http_check_url(url0);
    if (r)
        return r;
    /* Redirects are followed here rather than by curl so that each target
     * passes the URL policy and the token never leaves the first origin. */
    char *cur = rc_xstrdup(url0);
    char *origin0 = rc_http_origin(url0);
    const char *method = method0, *body = body0;
    bool anon = false;
    int hops = 0;
    bool is_get = strcmp(method, "GET") == 0;
    if (!is_get)
        conditional = false;
    char *c_etag = NULL, *c_body = NULL;
    size_t c_len = 0;
    bool cached = conditional && cache_lookup(h, url0, &c_etag, &c_body, &c_len);

    long attempt = 0, rate_waits = 0;
    r = RC_ENET;
    for (;;) {
        int64_t now = (int64_t)time(NULL);
        if (h->blocked_until > now) {
            int64_t wait = h->blocked_until - now + 1;
            if (wait > h->rate_wait_max_s || rate_waits >= MAX_RATE_WAITS) {
                r = rate_limit_error(h, method, cur, wait, h->blocked_resource);
                break;
            }
            rate_waits++;
            h->stats.rate_waits++;
            h->stats.slept_s += (double)wait;
            h->sleep_fn(h->sleep_ud, (double)wait);
            h->blocked_until = 0;
        }

        curl_easy_reset(h->curl);
        struct curl_slist *hdrs = NULL;
        char *auth = NULL, *ua = NULL, *inm = NULL;
        if (h->token && !anon) {
            auth = rc_xasprintf("Authorization: Bearer %s", h->token);
            hdrs = curl_slist_append(hdrs, auth);
        }
        ua = rc_xasprintf("User-Agent: %s", h->user_agent);
        hdrs = curl_slist_append(hdrs, ua);
        for (size_t i = 0; i < h->n_headers; i++)
            hdrs = curl_slist_append(hdrs, h->headers[i]);
        if (cached && !anon) {
            inm = rc_xasprintf("If-None-Match: %s", c_etag);
            hdrs = curl_slist_append(hdrs, inm);
        }
        if (body)
            hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
        hdrs = curl_slist_append(hdrs, "Expect:");

        sink s = {0};
        char errbuf[CURL_ERROR_SIZE] = "";
        CURL *c = h->curl;
        curl_easy_setopt(c, CURLOPT_URL, cur);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
#endif
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* whatever curl can decode */
        if (h->timeout_s > 0)
            curl_easy_setopt(c, CURLOPT_TIMEOUT, h->timeout_s);
        if (h->connect_timeout_s > 0)
            curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->connect_timeout_s);
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
        if (strcmp(method, "GET") == 0) {
            curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
            if (body) {
                curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
                curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
            }
        }
        CURLcode cc = curl_easy_perform(c);
        h->stats.requests++;
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        h->last_status = status;
        curl_slist_free_all(hdrs);
        if (auth) {
            memset(auth, 0, strlen(auth));
            free(auth);
        }
        free(ua);
        free(inm);

        if (cc != CURLE_OK) {
            if (s.too_big) {
                r = http_error(h, RC_ENET, "%s %s: answer larger than %u MiB", method, cur,
                               MAX_BODY >> 20);
                sink_free(&s);
                break;
            }
            /* A POST may have been acted on before the connection broke
             * (a comment posted twice): only retry it when nothing was sent. */
            bool unsent = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST;
            if (retryable_curl(cc) && attempt < h->retries &&
                (strcmp(method, "POST") != 0 || unsent)) {
                sink_free(&s);
                backoff(h, attempt++);
                continue;
            }
            r = http_error(h, RC_ENET, "%s %s: %s%s (after %ld attempt%s)", method, cur,
                           errbuf[0] ? errbuf : curl_easy_strerror(cc), curl_hint(cc), attempt + 1,
                           attempt ? "s" : "");
            sink_free(&s);
            break;
        }

        /* A successful answer may still say the quota is used up: the next
         * request would fail, so remember when it resets. */
        if (status < 400 && header_int(&s, "x-ratelimit-remaining", -1) == 0) {
            int64_t reset = header_int(&s, "x-ratelimit-reset", -1);
            if (reset > now) {
                h->blocked_until = reset;
                free(h->blocked_resource);
                const char *res = sink_header(&s, "x-ratelimit-resource");
                h->blocked_resource = res ? rc_sanitize(res, false) : NULL;
            }
        }

        if (status == 304 && cached) {
            h->stats.not_modified++;
            fill_response(out, &s, 304);
            free(out->body);
            out->body = c_body;
            out->body_len = c_len;
            out->not_modified = true;
            c_body = NULL;
            sink_free(&s);
            r = 0;
            break;
        }
        int64_t wait = rate_limit_wait(&s, status, now);
        if (wait >= 0) {
            if (wait > h->rate_wait_max_s || rate_waits >= MAX_RATE_WAITS) {
                const char *res = sink_header(&s, "x-ratelimit-resource");
                char *rs = res ? rc_sanitize(res, false) : NULL;
                r = rate_limit_error(h, method, cur, wait, rs);
                free(rs);
                sink_free(&s);
                break;
            }
            rate_waits++;
            h->stats.rate_waits++;
            h->stats.slept_s += (double)wait;
            h->sleep_fn(h->sleep_ud, (double)wait);
            sink_free(&s);
            continue;
        }
        if (status >= 500 && attempt < h->retries && strcmp(method, "POST") != 0) {
            sink_free(&s);
            backoff(h, attempt++);
            continue;
        }
        const char *loc = sink_header(&s, "location");
        if ((status == 301 || status == 302 || status == 303 || status == 307 || status == 308) &&
            loc && *loc) {
            char *next = resolve_location(cur, loc);
            if (!next || hops >= 5 || rc_http_check_url(next) != 0) {
                r = http_error(h, RC_EUNSAFE, "%s %s: not following the redirect to %s%s", method,
                               cur, loc, hops >= 5 ? " (more than 5 redirects)" : "");
                free(next);
                sink_free(&s);
                break;
            }
            char *o = rc_http_origin(next);
            if (!o || !origin0 || strcmp(o, origin0) != 0)
                anon = true; /* another host (artifact storage): no token there */
            free(o);
            if (status == 303 ||
                ((status == 301 || status == 302) && strcmp(method, "POST") == 0)) {
                method = "GET";
                body = NULL;
            }
            free(cur);
            cur = next;
            hops++;
            sink_free(&s);
            continue;
        }
        if (status >= 300 && status != 304) {
            char *m = api_message(h, s.body.ptr ? s.body.ptr : "");
            r = http_error(h, status == 404 ? RC_ENOTFOUND : RC_ENET,
                           "%s %s: HTTP %ld%s%s%s%s (after %ld attempt%s)", method, cur, status, m,
                           loc ? " (moved to " : "", loc ? loc : "", loc ? ")" : "", attempt + 1,
                           attempt ? "s" : "");
            free(m);
            sink_free(&s);
            break;
        }
        if (status == 304) {
            r = http_error(h, RC_ENET, "%s %s: HTTP 304 without a cached answer", method, cur);
            sink_free(&s);
            break;
        }
        if (conditional && !anon) {
            const char *etag = sink_header(&s, "etag");
            if (etag && *etag)
                cache_put(h, url0, etag, s.body.ptr ? s.body.ptr : "", s.body.len);
        }
        fill_response(out, &s, status);
        sink_free(&s);
        r = 0;
        break;
    }
    free(cur);
    free(origin0);
    free(c_etag);
    free(c_body);
    return r;
}
