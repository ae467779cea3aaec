/* libcurl wrapper: see http.h. One easy handle per client so connections
 * are reused; every attempt resets the handle and sets each option again,
 * so nothing from an earlier request leaks into the next one. */
#include "core/github/http.h"
#include "core/github/github_internal.h"
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
    char *msg = rc_vasprintf(fmt, ap);
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

void rc_http_free(rc_http *h)
{
    if (!h)
        return;
    rc_http_cache_discard(h);
    curl_easy_cleanup(h->curl);
    rc_secret_free(h->token);
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

/* One request: the URL it is at now (redirects move it), what it has tried. */
typedef struct {
    rc_http *h;
    const char *url0, *method, *body;
    char *cur, *origin0;
    bool anon, conditional, cached;
    int hops;
    long attempt, rate_waits;
    char *c_etag, *c_body;
    size_t c_len;
} request;

/* What the request does after one attempt's answer was looked at. */
typedef enum {
    ATTEMPT_NEXT,  /* not settled by this check: look further */
    ATTEMPT_RETRY, /* try again (backoff, rate-limit wait or redirect done) */
    ATTEMPT_END,   /* settled: the result is in the return code */
} attempt_step;

static int sleep_rate_limit(request *q, int64_t wait, const char *resource)
{
    rc_http *h = q->h;
    if (wait > h->rate_wait_max_s || q->rate_waits >= MAX_RATE_WAITS)
        return rate_limit_error(h, q->method, q->cur, wait, resource);
    q->rate_waits++;
    h->stats.rate_waits++;
    h->stats.slept_s += (double)wait;
    h->sleep_fn(h->sleep_ud, (double)wait);
    return 0;
}

static struct curl_slist *request_headers(request *q, char **auth, char **ua, char **inm)
{
    rc_http *h = q->h;
    struct curl_slist *hdrs = NULL;
    *auth = *ua = *inm = NULL;
    if (h->token && !q->anon) {
        *auth = rc_xasprintf("Authorization: Bearer %s", h->token);
        hdrs = curl_slist_append(hdrs, *auth);
    }
    *ua = rc_xasprintf("User-Agent: %s", h->user_agent);
    hdrs = curl_slist_append(hdrs, *ua);
    for (size_t i = 0; i < h->n_headers; i++)
        hdrs = curl_slist_append(hdrs, h->headers[i]);
    if (q->cached && !q->anon) {
        *inm = rc_xasprintf("If-None-Match: %s", q->c_etag);
        hdrs = curl_slist_append(hdrs, *inm);
    }
    if (q->body)
        hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
    return curl_slist_append(hdrs, "Expect:");
}

static void set_options(request *q, CURL *c, struct curl_slist *hdrs, sink *s, char *errbuf)
{
    rc_http *h = q->h;
    curl_easy_setopt(c, CURLOPT_URL, q->cur);
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
    curl_easy_setopt(c, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, s);
    if (strcmp(q->method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, q->method);
        if (q->body) {
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(q->body));
        }
    }
}

/* Sends the request once; the answer lands in s and *status. */
static CURLcode perform(request *q, sink *s, long *status, char *errbuf)
{
    rc_http *h = q->h;
    curl_easy_reset(h->curl);
    char *auth, *ua, *inm;
    struct curl_slist *hdrs = request_headers(q, &auth, &ua, &inm);
    set_options(q, h->curl, hdrs, s, errbuf);
    CURLcode cc = curl_easy_perform(h->curl);
    h->stats.requests++;
    *status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
    h->last_status = *status;
    curl_slist_free_all(hdrs);
    rc_secret_free(auth);
    free(ua);
    free(inm);
    return cc;
}

static attempt_step on_transport_error(int *r, request *q, const sink *s, CURLcode cc,
                                       const char *errbuf)
{
    rc_http *h = q->h;
    if (s->too_big) {
        *r = http_error(h, RC_ENET, "%s %s: answer larger than %u MiB", q->method, q->cur,
                        MAX_BODY >> 20);
        return ATTEMPT_END;
    }
    /* A POST may have been acted on before the connection broke (a comment
     * posted twice): only retry it when nothing was sent. */
    bool unsent = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST;
    if (retryable_curl(cc) && q->attempt < h->retries &&
        (strcmp(q->method, "POST") != 0 || unsent)) {
        backoff(h, q->attempt++);
        return ATTEMPT_RETRY;
    }
    *r = http_error(h, RC_ENET, "%s %s: %s%s (after %ld attempt%s)", q->method, q->cur,
                    errbuf[0] ? errbuf : curl_easy_strerror(cc), curl_hint(cc), q->attempt + 1,
                    q->attempt ? "s" : "");
    return ATTEMPT_END;
}

/* A successful answer may still say the quota is used up: the next request
 * would fail, so remember when it resets. */
static void note_quota(rc_http *h, const sink *s, long status, int64_t now)
{
    if (status >= 400 || header_int(s, "x-ratelimit-remaining", -1) != 0)
        return;
    int64_t reset = header_int(s, "x-ratelimit-reset", -1);
    if (reset <= now)
        return;
    h->blocked_until = reset;
    free(h->blocked_resource);
    const char *res = sink_header(s, "x-ratelimit-resource");
    h->blocked_resource = res ? rc_sanitize(res, false) : NULL;
}

static attempt_step on_rate_limit_or_5xx(int *r, request *q, const sink *s, long status,
                                         int64_t now)
{
    int64_t wait = rate_limit_wait(s, status, now);
    if (wait >= 0) {
        const char *res = sink_header(s, "x-ratelimit-resource");
        char *rs = res ? rc_sanitize(res, false) : NULL;
        *r = sleep_rate_limit(q, wait, rs);
        free(rs);
        return *r ? ATTEMPT_END : ATTEMPT_RETRY;
    }
    if (status >= 500 && q->attempt < q->h->retries && strcmp(q->method, "POST") != 0) {
        backoff(q->h, q->attempt++);
        return ATTEMPT_RETRY;
    }
    return ATTEMPT_NEXT;
}

static bool is_redirect(long status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static attempt_step on_redirect(int *r, request *q, const sink *s, long status)
{
    const char *loc = sink_header(s, "location");
    if (!is_redirect(status) || !loc || !*loc)
        return ATTEMPT_NEXT;
    char *next = resolve_location(q->cur, loc);
    if (!next || q->hops >= 5 || rc_http_check_url(next) != 0) {
        *r = http_error(q->h, RC_EUNSAFE, "%s %s: not following the redirect to %s%s", q->method,
                        q->cur, loc, q->hops >= 5 ? " (more than 5 redirects)" : "");
        free(next);
        return ATTEMPT_END;
    }
    char *o = rc_http_origin(next);
    if (!o || !q->origin0 || strcmp(o, q->origin0) != 0)
        q->anon = true; /* another host (artifact storage): no token there */
    free(o);
    if (status == 303 || ((status == 301 || status == 302) && strcmp(q->method, "POST") == 0)) {
        q->method = "GET";
        q->body = NULL;
    }
    free(q->cur);
    q->cur = next;
    q->hops++;
    return ATTEMPT_RETRY;
}

static int on_final(rc_http_response *out, request *q, sink *s, long status)
{
    rc_http *h = q->h;
    if (status == 304 && q->cached) {
        h->stats.not_modified++;
        fill_response(out, s, 304);
        free(out->body);
        out->body = q->c_body;
        out->body_len = q->c_len;
        out->not_modified = true;
        q->c_body = NULL;
        return 0;
    }
    if (status >= 300 && status != 304) {
        const char *loc = sink_header(s, "location");
        char *m = api_message(h, s->body.ptr ? s->body.ptr : "");
        int r = http_error(h, status == 404 ? RC_ENOTFOUND : RC_ENET,
                           "%s %s: HTTP %ld%s%s%s%s (after %ld attempt%s)", q->method, q->cur,
                           status, m, loc ? " (moved to " : "", loc ? loc : "", loc ? ")" : "",
                           q->attempt + 1, q->attempt ? "s" : "");
        free(m);
        return r;
    }
    if (status == 304)
        return http_error(h, RC_ENET, "%s %s: HTTP 304 without a cached answer", q->method, q->cur);
    if (q->conditional && !q->anon) {
        const char *etag = sink_header(s, "etag");
        if (etag && *etag)
            http_cache_put(h, q->url0, etag, s->body.ptr ? s->body.ptr : "", s->body.len);
    }
    fill_response(out, s, status);
    return 0;
}

/* One attempt and what follows from its answer. */
static attempt_step attempt(int *r, rc_http_response *out, request *q)
{
    rc_http *h = q->h;
    int64_t now = (int64_t)time(NULL);
    if (h->blocked_until > now) {
        *r = sleep_rate_limit(q, h->blocked_until - now + 1, h->blocked_resource);
        if (*r)
            return ATTEMPT_END;
        h->blocked_until = 0;
    }
    sink s = {0};
    char errbuf[CURL_ERROR_SIZE] = "";
    long status;
    CURLcode cc = perform(q, &s, &status, errbuf);
    attempt_step step;
    if (cc != CURLE_OK) {
        step = on_transport_error(r, q, &s, cc, errbuf);
    } else {
        note_quota(h, &s, status, now);
        step =
            status == 304 && q->cached ? ATTEMPT_NEXT : on_rate_limit_or_5xx(r, q, &s, status, now);
        if (step == ATTEMPT_NEXT)
            step = on_redirect(r, q, &s, status);
        if (step == ATTEMPT_NEXT) {
            *r = on_final(out, q, &s, status);
            step = ATTEMPT_END;
        }
    }
    sink_free(&s);
    return step;
}

int rc_http_request(rc_http_response *out, rc_http *h, const char *method, const char *url,
                    const char *body, bool conditional)
{
    memset(out, 0, sizeof *out);
    int r = rc_http_check_url(url);
    if (r)
        return r;
    /* Redirects are followed here rather than by curl so that each target
     * passes the URL policy and the token never leaves the first origin. */
    request q = {.h = h, .url0 = url, .method = method, .body = body};
    q.cur = rc_xstrdup(url);
    q.origin0 = rc_http_origin(url);
    q.conditional = conditional && strcmp(method, "GET") == 0;
    q.cached = q.conditional && http_cache_lookup(h, url, &q.c_etag, &q.c_body, &q.c_len);
    r = RC_ENET;
    while (attempt(&r, out, &q) == ATTEMPT_RETRY)
        ;
    free(q.cur);
    free(q.origin0);
    free(q.c_etag);
    free(q.c_body);
    return r;
}
