/* Loopback GitHub for tests: see ghserver.h. */
#include "tests/ghserver.h"
#include "core/base/util.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct {
    ghs_route r; /* strings owned */
    int used;
} route;

struct ghs_server {
    struct MHD_Daemon *d;
    char url[64];
    pthread_mutex_t mu;
    route *routes;
    size_t nroutes;
    ghs_request **log; /* pointers, so entries stay put while the log grows */
    size_t nlog;
};

static char *dup0(const char *s)
{
    return s ? rc_xstrdup(s) : NULL;
}

static char *subst_base(const ghs_server *s, const char *text)
{
    rc_buf b = {0};
    const char *p = text;
    const char *m;
    while ((m = strstr(p, "{base}")) != NULL) {
        rc_buf_put(&b, p, (size_t)(m - p));
        rc_buf_puts(&b, s->url);
        p = m + 6;
    }
    rc_buf_puts(&b, p);
    return rc_buf_detach(&b);
}

typedef struct {
    rc_buf body;
} conn;

typedef struct {
    char *data;
    size_t len;
} trunc_ctx;

static ssize_t trunc_reader(void *cls, uint64_t pos, char *buf, size_t max)
{
    trunc_ctx *t = cls;
    if (pos >= t->len)
        return MHD_CONTENT_READER_END_WITH_ERROR; /* close before Content-Length is reached */
    size_t n = t->len - (size_t)pos;
    if (n > max)
        n = max;
    memcpy(buf, t->data + pos, n);
    return (ssize_t)n;
}

static void trunc_free(void *cls)
{
    trunc_ctx *t = cls;
    free(t->data);
    free(t);
}

static enum MHD_Result add_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    rc_buf *b = cls;
    if (b->len)
        rc_buf_puts(b, "&");
    rc_buf_printf(b, "%s=%s", key, value ? value : "");
    return MHD_YES;
}

/* Do all "k=v" pairs of want appear among the request's arguments? */
static bool query_matches(struct MHD_Connection *c, const char *want, int *nargs)
{
    *nargs = 0;
    if (!want || !*want)
        return true;
    char *w = rc_xstrdup(want);
    bool ok = true;
    char *save = NULL;
    for (char *kv = strtok_r(w, "&", &save); kv && ok; kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        const char *v = eq ? eq + 1 : "";
        if (eq)
            *eq = '\0';
        const char *have = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, kv);
        ok = have && strcmp(have, v) == 0;
        (*nargs)++;
    }
    free(w);
    return ok;
}

static bool path_matches(const char *pattern, const char *path)
{
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, path, n - 1) == 0;
    return strcmp(pattern, path) == 0;
}

static void add_headers(ghs_server *s, struct MHD_Response *resp, const char *headers,
                        bool *has_ctype)
{
    if (!headers)
        return;
    char *h = subst_base(s, headers);
    char *save = NULL;
    for (char *line = strtok_r(h, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *v = colon + 1;
        while (*v == ' ')
            v++;
        size_t vl = strlen(v);
        while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
            v[--vl] = '\0';
        if (strcasecmp(line, "Content-Type") == 0)
            *has_ctype = true;
        MHD_add_response_header(resp, line, v);
    }
    free(h);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)version;
    ghs_server *s = cls;
    conn *cn = *con_cls;
    if (!cn) {
        cn = rc_xcalloc(1, sizeof *cn);
        *con_cls = cn;
        return MHD_YES;
    }
    if (*upload_size) {
        rc_buf_put(&cn->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }

    ghs_request rq = {0};
    rq.method = rc_xstrdup(method);
    rq.path = rc_xstrdup(url);
    rc_buf q = {0};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_query, &q);
    rq.query = rc_buf_detach(&q);
#define HDR(n) dup0(MHD_lookup_connection_value(c, MHD_HEADER_KIND, n))
    rq.authorization = HDR("Authorization");
    rq.if_none_match = HDR("If-None-Match");
    rq.accept = HDR("Accept");
    rq.api_version = HDR("X-GitHub-Api-Version");
    rq.user_agent = HDR("User-Agent");
#undef HDR
    rq.body = rc_xstrndup(cn->body.ptr ? cn->body.ptr : "", cn->body.len);

    /* pick the route under the lock, copy what we need, answer outside it */
    pthread_mutex_lock(&s->mu);
    route *best = NULL;
    int best_n = -1;
    for (size_t i = 0; i < s->nroutes; i++) {
        route *r = &s->routes[i];
        const char *m = r->r.method ? r->r.method : "GET";
        int n = 0;
        if (strcmp(m, method) != 0 || !path_matches(r->r.path, url) ||
            (r->r.times && r->used >= r->r.times) || !query_matches(c, r->r.query, &n))
            continue;
        if (n > best_n) {
            best = r;
            best_n = n;
        }
    }
    ghs_route a = {0};
    if (best) {
        best->used++;
        a = best->r;
        a.headers = dup0(a.headers);
        a.body = dup0(a.body);
        a.etag = dup0(a.etag);
    }
    pthread_mutex_unlock(&s->mu);

    int status;
    struct MHD_Response *resp;
    bool has_ctype = false;
    if (!best) {
        status = 404;
        static const char nf[] = "{\"message\": \"Not Found\", \"documentation_url\": "
                                 "\"https://docs.github.com/rest\"}";
        resp = MHD_create_response_from_buffer(strlen(nf), (void *)nf, MHD_RESPMEM_PERSISTENT);
    } else {
        if (a.delay_ms > 0)
            usleep((useconds_t)a.delay_ms * 1000);
        status = a.status ? a.status : 200;
        bool not_modified = a.etag && rq.if_none_match && strcmp(rq.if_none_match, a.etag) == 0;
        char *body = subst_base(s, a.body ? a.body : "");
        if (not_modified) {
            status = 304;
            resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
            free(body);
        } else if (a.declared_len > 0) {
            trunc_ctx *t = rc_xcalloc(1, sizeof *t);
            t->len = strlen(body);
            t->data = body;
            resp = MHD_create_response_from_callback((uint64_t)a.declared_len, 4096, trunc_reader,
                                                     t, trunc_free);
        } else {
            resp = MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
        }
        add_headers(s, resp, a.headers, &has_ctype);
        if (a.etag)
            MHD_add_response_header(resp, "ETag", a.etag);
        free((char *)a.headers);
        free((char *)a.body);
        free((char *)a.etag);
    }
    if (!has_ctype && status != 304 && status != 204)
        MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    rq.status = status;

    pthread_mutex_lock(&s->mu);
    s->log = rc_xrealloc(s->log, (s->nlog + 1) * sizeof *s->log);
    s->log[s->nlog] = rc_xmalloc(sizeof rq);
    *s->log[s->nlog++] = rq;
    pthread_mutex_unlock(&s->mu);

    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn *cn = *con_cls;
    if (cn) {
        rc_buf_free(&cn->body);
        free(cn);
        *con_cls = NULL;
    }
}

ghs_server *ghs_start(void)
{
    ghs_server *s = rc_xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = 0;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0, NULL,
                         NULL, handler, s, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_NOTIFY_COMPLETED,
                         completed, s, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_END);
    if (!s->d) {
        fprintf(stderr, "ghserver: cannot start libmicrohttpd\n");
        abort();
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%u", (unsigned)info->port);
    return s;
}

static void free_route(route *r)
{
    free((char *)r->r.method);
    free((char *)r->r.path);
    free((char *)r->r.query);
    free((char *)r->r.headers);
    free((char *)r->r.body);
    free((char *)r->r.etag);
}

void ghs_clear_routes(ghs_server *s)
{
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->nroutes; i++)
        free_route(&s->routes[i]);
    free(s->routes);
    s->routes = NULL;
    s->nroutes = 0;
    pthread_mutex_unlock(&s->mu);
}

void ghs_clear_log(ghs_server *s)
{
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->nlog; i++) {
        ghs_request *q = s->log[i];
        free(q->method);
        free(q->path);
        free(q->query);
        free(q->authorization);
        free(q->if_none_match);
        free(q->accept);
        free(q->api_version);
        free(q->user_agent);
        free(q->body);
        free(q);
    }
    free(s->log);
    s->log = NULL;
    s->nlog = 0;
    pthread_mutex_unlock(&s->mu);
}

void ghs_stop(ghs_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->d);
    ghs_clear_routes(s);
    ghs_clear_log(s);
    pthread_mutex_destroy(&s->mu);
    free(s);
}

const char *ghs_url(const ghs_server *s)
{
    return s->url;
}

void ghs_add(ghs_server *s, const ghs_route *r)
{
    route n = {.r = *r};
    n.r.method = dup0(r->method ? r->method : "GET");
    n.r.path = dup0(r->path);
    n.r.query = dup0(r->query);
    n.r.headers = dup0(r->headers);
    n.r.body = dup0(r->body);
    n.r.etag = dup0(r->etag);
    pthread_mutex_lock(&s->mu);
    s->routes = rc_xrealloc(s->routes, (s->nroutes + 1) * sizeof *s->routes);
    s->routes[s->nroutes++] = n;
    pthread_mutex_unlock(&s->mu);
}

void ghs_get(ghs_server *s, const char *path, const char *query, const char *body)
{
    ghs_add(s, &(ghs_route){.path = path, .query = query, .body = body});
}

size_t ghs_count(ghs_server *s)
{
    pthread_mutex_lock(&s->mu);
    size_t n = s->nlog;
    pthread_mutex_unlock(&s->mu);
    return n;
}

static bool log_query_has(const char *have, const char *want)
{
    if (!want)
        return true;
    char *w = rc_xstrdup(want);
    bool ok = true;
    char *save = NULL;
    for (char *kv = strtok_r(w, "&", &save); kv && ok; kv = strtok_r(NULL, "&", &save)) {
        /* whole "k=v" item in "&"-separated have */
        size_t kl = strlen(kv);
        const char *p = have;
        bool found = false;
        while (p && *p && !found) {
            size_t il = strcspn(p, "&");
            found = il == kl && strncmp(p, kv, kl) == 0;
            p = p[il] ? p + il + 1 : NULL;
        }
        ok = found;
    }
    free(w);
    return ok;
}

size_t ghs_count_matching(ghs_server *s, const char *method, const char *path, const char *query,
                          int status_filter)
{
    size_t n = 0;
    pthread_mutex_lock(&s->mu);
    for (size_t i = 0; i < s->nlog; i++) {
        ghs_request *q = s->log[i];
        if ((!method || strcmp(q->method, method) == 0) && (!path || path_matches(path, q->path)) &&
            log_query_has(q->query, query) && (!status_filter || q->status == status_filter))
            n++;
    }
    pthread_mutex_unlock(&s->mu);
    return n;
}

const ghs_request *ghs_request_at(ghs_server *s, size_t i)
{
    pthread_mutex_lock(&s->mu);
    const ghs_request *q = i < s->nlog ? s->log[i] : NULL;
    pthread_mutex_unlock(&s->mu);
    return q;
}
