/* GitHub REST client over core/http: configuration, token, required
 * headers, JSON and pagination. */
#include "core/github/github.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef RELCAP_VERSION
#define RELCAP_VERSION "0"
#endif

#define UA "relcap/" RELCAP_VERSION
static const char *const gh_headers[] = {
    "Accept: application/vnd.github+json",
    "X-GitHub-Api-Version: 2022-11-28",
};

struct rc_github {
    rc_http *http;
    char *api, *origin, *repo;
    bool has_token;
};

static bool repo_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* "O/R" with GitHub's allowed characters; not "." or "..". */
static bool valid_repo(const char *s)
{
    const char *slash = strchr(s, '/');
    if (!slash || slash == s || !slash[1] || strchr(slash + 1, '/'))
        return false;
    for (const char *p = s; *p; p++)
        if (p != slash && !repo_char(*p))
            return false;
    return strcmp(slash + 1, ".") != 0 && strcmp(slash + 1, "..") != 0;
}

int rc_github_repo_from_url(char **out, const char *url)
{
    *out = NULL;
    const char *path = NULL;
    const char *scheme = strstr(url, "://");
    if (scheme) {
        const char *host = scheme + 3;
        path = strchr(host, '/');
    } else {
        /* scp-like git@host:O/R.git */
        const char *colon = strchr(url, ':');
        const char *slash = strchr(url, '/');
        if (colon && (!slash || colon < slash))
            path = colon + 1;
    }
    if (!path)
        return rc_error_set(RC_EINVALID, "cannot derive OWNER/REPO from remote URL %s", url);
    while (*path == '/')
        path++;
    char *p = rc_xstrdup(path);
    size_t n = strlen(p);
    while (n && p[n - 1] == '/')
        p[--n] = '\0';
    if (n > 4 && strcmp(p + n - 4, ".git") == 0)
        p[n - 4] = '\0';
    if (!valid_repo(p)) {
        free(p);
        return rc_error_set(RC_EINVALID,
                            "cannot derive OWNER/REPO from remote URL %s; set relcap.github", url);
    }
    *out = p;
    return 0;
}

int rc_github_token_load(char **out, const rc_config *cfg)
{
    *out = NULL;
    const char *env = getenv("GH_TOKEN");
    if (!env || !*env)
        env = getenv("GITHUB_TOKEN");
    if (env && *env) {
        *out = rc_xstrdup(env);
        return 0;
    }
    const char *file = NULL;
    if (rc_config_string(&file, cfg, "relcap.githubTokenFile") != 0 || !file || !*file) {
        rc_error_clear();
        return 0;
    }
    char *path = (file[0] == '~' && file[1] == '/' && getenv("HOME"))
                     ? rc_xasprintf("%s%s", getenv("HOME"), file + 1)
                     : rc_xstrdup(file);
    struct stat st;
    if (stat(path, &st) != 0) {
        int e = rc_error_set(RC_ECONFIG, "cannot read token file %s (relcap.githubTokenFile): %s",
                             path, strerror(errno));
        free(path);
        return e;
    }
    if (st.st_mode & 077) {
        int e = rc_error_set(RC_ECONFIG,
                             "refusing token file %s (relcap.githubTokenFile): mode %04o lets "
                             "group or others read it; run chmod 600 %s",
                             path, (unsigned)(st.st_mode & 07777), path);
        free(path);
        return e;
    }
    char *data = NULL;
    int r = rc_file_read(&data, NULL, path);
    if (r) {
        free(path);
        return rc_error_wrap(RC_ECONFIG, "relcap.githubTokenFile");
    }
    char *s = data;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strcspn(s, "\r\n");
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n) {
        free(data);
        r = rc_error_set(RC_ECONFIG, "token file %s (relcap.githubTokenFile) is empty", path);
        free(path);
        return r;
    }
    *out = rc_xstrndup(s, n);
    rc_secret_free(data);
    free(path);
    return 0;
}

/* Lower-cased host of a remote URL (scheme://[user@]host[:port]/... or
 * scp-like [user@]host:path); NULL when there is none. */
static char *url_host(const char *url)
{
    const char *h = strstr(url, "://");
    const char *end;
    if (h) {
        h += 3;
        end = h + strcspn(h, "/");
        const char *at = memchr(h, '@', (size_t)(end - h));
        if (at)
            h = at + 1;
        const char *colon = h[0] == '[' ? strchr(h, ']') : memchr(h, ':', (size_t)(end - h));
        if (colon && colon < end)
            end = h[0] == '[' ? colon + 1 : colon;
    } else {
        end = strchr(url, ':');
        if (!end || (strchr(url, '/') && strchr(url, '/') < end))
            return NULL;
        h = url;
        const char *at = memchr(h, '@', (size_t)(end - h));
        if (at)
            h = at + 1;
    }
    if (end <= h)
        return NULL;
    char *host = rc_xstrndup(h, (size_t)(end - h));
    for (char *p = host; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return host;
}

/* Is the remote's host GitHub (github.com) or the host of the API (GitHub
 * Enterprise)? Other hosts (GitLab, file paths) need relcap.github. */
static bool github_host(const char *url, const char *api)
{
    char *h = url_host(url);
    if (!h)
        return false;
    bool ok = strcmp(h, "github.com") == 0 || strcmp(h, "www.github.com") == 0 ||
              strcmp(h, "ssh.github.com") == 0;
    if (!ok) {
        char *a = url_host(api);
        ok = a && strcmp(a, h) == 0;
        free(a);
    }
    free(h);
    return ok;
}

static int repo_from_config(char **out, const rc_config *cfg, git_repository *repo, const char *api)
{
    *out = NULL;
    const char *slug = NULL;
    if (rc_config_string(&slug, cfg, "relcap.github") == 0 && slug && *slug) {
        if (!valid_repo(slug))
            return rc_error_set(RC_ECONFIG, "relcap.github = %s is not OWNER/REPO", slug);
        *out = rc_xstrdup(slug);
        return 0;
    }
    rc_error_clear();
    const char *remote = rc_config_text(cfg, "relcap.remote");
    rc_error_clear();
    /* remote.NAME.url straight from the repository's configuration
     * (git_remote_lookup leaks inside libgit2 1.5's regex code) */
    git_config *gc = NULL;
    git_buf url = GIT_BUF_INIT;
    char *key = rc_xasprintf("remote.%s.url", remote);
    /* the configuration read it with the repository's files: no handle
     * needed (the cockpit's first frame opens none, issue 18) */
    const char *known = rc_config_remote_url(cfg, remote);
    bool found = known || (repo && git_repository_config_snapshot(&gc, repo) == 0 &&
                           git_config_get_string_buf(&url, gc, key) == 0);
    free(key);
    git_config_free(gc);
    if (!found) {
        git_buf_dispose(&url);
        if (repo) /* libgit2 may be uninitialised without one: its error state with it */
            git_error_clear();
        return rc_error_set(RC_ECONFIG,
                            "no GitHub repository: set relcap.github = OWNER/REPO (remote %s "
                            "not found)",
                            remote);
    }
    int r;
    const char *u = known ? known : url.ptr;
    if (!github_host(u, api))
        r = rc_error_set(RC_ECONFIG,
                         "remote %s (%s) is not on GitHub; set relcap.github = OWNER/REPO", remote,
                         u);
    else if ((r = rc_github_repo_from_url(out, u)))
        rc_error_wrap(RC_ECONFIG, "remote %s", remote);
    git_buf_dispose(&url);
    return r ? RC_ECONFIG : 0;
}

bool rc_github_configured(const rc_config *cfg, git_repository *repo)
{
    const char *api = NULL;
    if (rc_config_string(&api, cfg, "relcap.githubApi") != 0 || !api || !*api)
        api = "https://api.github.com";
    char *name = NULL;
    int r = repo_from_config(&name, cfg, repo, api);
    free(name);
    rc_error_clear();
    return r == 0;
}

static int config_long(long *out, const rc_config *cfg, const char *key, long def)
{
    if (rc_config_int(out, cfg, key) != 0) {
        rc_error_clear();
        *out = def;
    }
    return 0;
}

int rc_github_open(rc_github **out, const rc_config *cfg, git_repository *repo, rc_db *db,
                   const rc_github_opts *opts)
{
    *out = NULL;
    const char *api = NULL;
    if (rc_config_string(&api, cfg, "relcap.githubApi") != 0 || !api || !*api)
        api = "https://api.github.com";
    rc_error_clear();
    int r = rc_http_check_url(api);
    if (r)
        return rc_error_wrap(RC_ECONFIG, "relcap.githubApi");

    char *repo_name = NULL;
    if ((r = repo_from_config(&repo_name, cfg, repo, api)))
        return r;

    char *token = NULL;
    if (!(opts && opts->no_token)) {
        r = rc_github_token_load(&token, cfg);
        if (r) {
            free(repo_name);
            return r;
        }
    }
    long timeout, ctimeout, retries, ratewait;
    config_long(&timeout, cfg, "relcap.httpTimeout", 30);
    config_long(&ctimeout, cfg, "relcap.httpConnectTimeout", 10);
    config_long(&retries, cfg, "relcap.githubRetries", 4);
    config_long(&ratewait, cfg, "relcap.githubRateWait", 60);

    rc_http_opts ho = {
        .token = token,
        .user_agent = UA,
        .headers = gh_headers,
        .n_headers = sizeof gh_headers / sizeof *gh_headers,
        .timeout_s = timeout,
        .connect_timeout_s = ctimeout,
        .retries = retries,
        .rate_wait_max_s = ratewait,
        .sleep_fn = opts ? opts->sleep_fn : NULL,
        .sleep_ud = opts ? opts->sleep_ud : NULL,
        .db = db,
    };
    rc_github *gh = rc_xcalloc(1, sizeof *gh);
    r = rc_http_new(&gh->http, &ho);
    gh->has_token = token != NULL;
    rc_secret_free(token);
    if (r) {
        free(repo_name);
        free(gh);
        return r;
    }
    gh->api = rc_xstrdup(api);
    size_t n = strlen(gh->api);
    while (n && gh->api[n - 1] == '/')
        gh->api[--n] = '\0';
    gh->origin = rc_http_origin(gh->api);
    gh->repo = repo_name;
    *out = gh;
    return 0;
}

void rc_github_free(rc_github *gh)
{
    if (!gh)
        return;
    rc_http_free(gh->http);
    char **const strs[] = {&gh->api, &gh->origin, &gh->repo};
    rc_strs_clear(strs, 3);
    free(gh);
}

const char *rc_github_repo(const rc_github *gh)
{
    return gh->repo;
}

const char *rc_github_api(const rc_github *gh)
{
    return gh->api;
}

bool rc_github_has_token(const rc_github *gh)
{
    return gh->has_token;
}

rc_http *rc_github_http(rc_github *gh)
{
    return gh->http;
}

char *rc_github_url(const rc_github *gh, const char *path)
{
    if (strncmp(path, "https://", 8) == 0 || strncmp(path, "http://", 7) == 0)
        return rc_xstrdup(path);
    return rc_xasprintf("%s%s%s", gh->api, path[0] == '/' ? "" : "/", path);
}

/* Absolute URLs (from Link headers) must stay on the API's origin: the
 * token goes with every request. */
static int same_origin(const rc_github *gh, const char *url)
{
    char *o = rc_http_origin(url);
    bool ok = o && gh->origin && strcmp(o, gh->origin) == 0;
    free(o);
    if (!ok)
        return rc_error_set(RC_EUNSAFE, "refusing to follow %s: not on %s", url, gh->api);
    return 0;
}

static int parse_json(cJSON **out, const rc_http_response *resp, const char *url)
{
    *out = cJSON_ParseWithLength(resp->body, resp->body_len);
    if (!*out) {
        const char *at = cJSON_GetErrorPtr();
        long off = (at && at >= resp->body && at <= resp->body + resp->body_len)
                       ? (long)(at - resp->body)
                       : -1;
        return rc_error_set(RC_EINVALID,
                            "GET %s: invalid JSON in the answer (%zu bytes, error near byte %ld)",
                            url, resp->body_len, off);
    }
    return 0;
}

int rc_github_get(cJSON **out, rc_github *gh, const char *path)
{
    *out = NULL;
    char *url = rc_github_url(gh, path);
    int r = same_origin(gh, url);
    rc_http_response resp;
    if (!r)
        r = rc_http_request(&resp, gh->http, "GET", url, NULL, true);
    if (!r) {
        r = parse_json(out, &resp, url);
        rc_http_response_free(&resp);
    }
    free(url);
    return r;
}

int rc_github_get_list(cJSON **out, size_t *pages, rc_github *gh, const char *path,
                       const char *items_key, size_t max_pages, rc_github_page_fn fn, void *ud)
{
    *out = cJSON_CreateArray();
    if (pages)
        *pages = 0;
    char *url = rc_github_url(gh, path);
    char **seen = NULL;
    size_t nseen = 0;
    int r = 0;
    while (url) {
        if ((r = same_origin(gh, url)))
            break;
        for (size_t i = 0; i < nseen; i++)
            if (strcmp(seen[i], url) == 0)
                r = rc_error_set(RC_EINVALID, "pagination loops back to %s", url);
        if (r)
            break;
        if (nseen >= max_pages) {
            r = rc_error_set(RC_EINVALID, "more than %zu pages from %s; stopping", max_pages, path);
            break;
        }
        rc_http_response resp;
        if ((r = rc_http_request(&resp, gh->http, "GET", url, NULL, true)))
            break;
        cJSON *page = NULL;
        r = parse_json(&page, &resp, url);
        char *next = resp.next_url ? rc_xstrdup(resp.next_url) : NULL;
        rc_http_response_free(&resp);
        if (r) {
            free(next);
            break;
        }
        const cJSON *items = items_key ? cJSON_GetObjectItemCaseSensitive(page, items_key) : page;
        if (!cJSON_IsArray(items)) {
            r = rc_error_set(RC_EINVALID, "GET %s: expected %s%s, got another JSON value", url,
                             items_key ? "an object with an array " : "a JSON array",
                             items_key ? items_key : "");
            cJSON_Delete(page);
            free(next);
            break;
        }
        const cJSON *it;
        cJSON_ArrayForEach(it, items) cJSON_AddItemToArray(*out, cJSON_Duplicate(it, true));
        seen = rc_xrealloc(seen, (nseen + 1) * sizeof *seen);
        seen[nseen++] = url;
        url = NULL;
        if (pages)
            (*pages)++;
        bool more = fn ? fn(ud, items) : true;
        cJSON_Delete(page);
        if (more)
            url = next;
        else
            free(next);
    }
    free(url);
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    free(seen);
    if (r) {
        cJSON_Delete(*out);
        *out = NULL;
    }
    return r;
}

int rc_github_send(cJSON **out, rc_github *gh, const char *method, const char *path,
                   const char *json_body)
{
    if (out)
        *out = NULL;
    if (!gh->has_token)
        return rc_error_set(RC_ECONFIG, "no GitHub token: set GH_TOKEN or GITHUB_TOKEN, or "
                                        "relcap.githubTokenFile to a mode 0600 file");
    char *url = rc_github_url(gh, path);
    int r = same_origin(gh, url);
    rc_http_response resp;
    if (!r)
        r = rc_http_request(&resp, gh->http, method, url, json_body, false);
    if (!r) {
        if (out && resp.body_len)
            r = parse_json(out, &resp, url);
        rc_http_response_free(&resp);
    }
    free(url);
    return r;
}

char *rc_github_describe(const rc_github *gh, const char *method, const char *path,
                         const char *json_body)
{
    char *url = rc_github_url(gh, path);
    rc_buf b = {0};
    rc_buf_printf(&b, "%s %s\n", method, url);
    if (gh->has_token)
        rc_buf_puts(&b, "Authorization: Bearer ***\n");
    else
        rc_buf_puts(&b, "Authorization: (none: no token in GH_TOKEN, GITHUB_TOKEN or "
                        "relcap.githubTokenFile; GitHub would refuse the request)\n");
    for (size_t i = 0; i < sizeof gh_headers / sizeof *gh_headers; i++)
        rc_buf_printf(&b, "%s\n", gh_headers[i]);
    rc_buf_printf(&b, "User-Agent: %s\n", UA);
    if (json_body)
        rc_buf_printf(&b, "Content-Type: application/json\n\n%s\n", json_body);
    free(url);
    return rc_buf_detach(&b);
}
