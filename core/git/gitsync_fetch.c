/* Fetching the configured remote with libgit2. Credentials: the ssh agent
 * for ssh remotes; for https, the user's git credential helper, asked
 * through `git credential fill` (libgit2 1.5 has no helper support) with
 * core/base/spawn (an argv) and the request on stdin, never a shell. A failed fetch is
 * reported, not fatal: the scan of local refs runs anyway. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/spawn.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    gitsync_ctx *c;
    int ssh, user, userpass; /* attempts: each kind is tried once */
    int port;                /* of an ssh remote, for known_hosts */
    char *helper_error;
} cred_state;

/* "https://user:secret@host/path" -> "https://host/path": URLs go into
 * messages, secrets must not. */
static char *url_without_userinfo(const char *url)
{
    const char *s = strstr(url, "://");
    if (!s)
        return rc_xstrdup(url);
    const char *host = s + 3, *at = strchr(host, '@'), *slash = strchr(host, '/');
    if (!at || (slash && at > slash))
        return rc_xstrdup(url);
    return rc_xasprintf("%.*s%s", (int)(host - url), url, at + 1);
}

/* A value of the credential request: git reads the request line by line,
 * so a newline (or NUL) in one would start a field of the caller's choice,
 * e.g. a second host= (CVE-2020-5260). */
static int request_field(rc_buf *req, const char *field, const char *v, size_t len)
{
    if (memchr(v, '\n', len) || memchr(v, '\r', len) || strlen(v) < len)
        return rc_error_set(RC_EUNSAFE,
                            "refusing to ask the git credential helper: the %s of the remote URL "
                            "holds a newline",
                            field);
    rc_buf_printf(req, "%s=%.*s\n", field, (int)len, v);
    return 0;
}

int rc_gitsync_credential_request(char **out, const char *url, const char *username)
{
    *out = NULL;
    const char *s = strstr(url, "://");
    if (!s)
        return rc_error_set(RC_EINVALID, "'%s' is not a URL with a protocol", url);
    const char *host = s + 3, *at = strchr(host, '@'), *slash = strchr(host, '/');
    if (at && (!slash || at < slash))
        host = at + 1;
    size_t hlen = slash ? (size_t)(slash - host) : strlen(host);
    rc_buf req = {0};
    int r = request_field(&req, "protocol", url, (size_t)(s - url));
    if (!r)
        r = request_field(&req, "host", host, hlen);
    if (!r && slash && slash[1])
        r = request_field(&req, "path", slash + 1, strlen(slash + 1));
    if (!r && username && *username)
        r = request_field(&req, "username", username, strlen(username));
    if (r) {
        rc_buf_free(&req);
        return r;
    }
    rc_buf_puts(&req, "\n");
    *out = rc_buf_detach(&req);
    return 0;
}

/* Asks `git credential fill` for user and password: 0, RC_EUNSAFE for a
 * refused request, -1 when the helper gave none. */
static int helper_fill(char **user, char **pass, const char *url, const char *username)
{
    *user = *pass = NULL;
    char *req;
    int e = rc_gitsync_credential_request(&req, url, username);
    if (e)
        return e;
    static const char *const argv[] = {"git", "credential", "fill", NULL};
    static const char *const env[] = {"GIT_TERMINAL_PROMPT=0", NULL}; /* never block on a prompt */
    rc_spawn_result res;
    int r = rc_spawn_run(
        &res, argv,
        &(rc_spawn_opts){.input = req, .inlen = strlen(req), .env = env, .timeout_s = 60});
    free(req);
    if (r)
        return -1;
    r = res.status == 0 ? 0 : -1;
    for (char *save = NULL, *line = strtok_r(res.out, "\n", &save); !r && line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "username=", 9) == 0 && !*user)
            *user = rc_xstrdup(line + 9);
        else if (strncmp(line, "password=", 9) == 0 && !*pass)
            *pass = rc_xstrdup(line + 9);
    }
    memset(res.out, 0, res.out_len);
    rc_spawn_result_free(&res);
    if (r || !*user || !*pass) {
        free(*user);
        rc_secret_free(*pass);
        *user = *pass = NULL;
        return -1;
    }
    return 0;
}

static int cred_cb(git_credential **out, const char *url, const char *username_from_url,
                   unsigned int allowed, void *payload)
{
    cred_state *s = payload;
    const char *user = username_from_url && *username_from_url ? username_from_url : "git";
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) && s->ssh++ == 0)
        return git_credential_ssh_key_from_agent(out, user);
    if ((allowed & GIT_CREDENTIAL_USERNAME) && s->user++ == 0)
        return git_credential_username_new(out, user);
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && s->userpass++ == 0) {
        char *u, *p;
        int hr = helper_fill(&u, &p, url, username_from_url);
        if (hr == 0) {
            int r = git_credential_userpass_plaintext_new(out, u, p);
            rc_secret_free(p);
            free(u);
            return r;
        }
        git_error_set_str(GIT_ERROR_NET, hr == RC_EUNSAFE
                                             ? rc_error_last()
                                             : "no credentials from 'git credential fill'");
        return -1;
    }
    git_error_set_str(GIT_ERROR_NET, "authentication failed (ssh-agent / git credential helper)");
    return -1;
}

/* TLS certificates: libgit2's own verification (GIT_PASSTHROUGH); ssh host
 * keys: known_hosts, since libgit2 1.5 would accept any. */
static int cert_cb(git_cert *cert, int valid, const char *host, void *payload)
{
    cred_state *s = payload;
    (void)valid;
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
        return GIT_PASSTHROUGH;
    return gitsync_ssh_check_hostkey((const git_cert_hostkey *)cert, host, s->port);
}

static int transfer_cb(const git_indexer_progress *st, void *payload)
{
    cred_state *s = payload;
    if (st->total_objects &&
        (st->received_objects % 1000 == 0 || st->received_objects == st->total_objects))
        gitsync_progress(s->c, "fetching %s: %u/%u objects", s->c->remote, st->received_objects,
                         st->total_objects);
    return 0;
}

int gitsync_fetch(gitsync_ctx *c)
{
    git_remote *rm = NULL;
    int e = git_remote_lookup(&rm, c->repo, c->remote);
    if (e == GIT_ENOTFOUND && strcmp(rc_config_origin(c->cfg, "relcap.remote"), "default") == 0) {
        git_error_clear(); /* no 'origin' and none configured: a local-only repository */
        c->report->fetch_skipped = rc_xasprintf("no remote '%s'", c->remote);
        return 0;
    }
    if (e) {
        const git_error *ge = git_error_last();
        c->report->fetch_error = rc_xasprintf("cannot fetch remote '%s': %s", c->remote,
                                              ge && ge->message ? ge->message : "not found");
        return 0;
    }
    char *url = url_without_userinfo(git_remote_url(rm) ? git_remote_url(rm) : "?");
    gitsync_progress(c, "fetching %s (%s)", c->remote, url);
    cred_state s = {.c = c, .port = gitsync_url_port(git_remote_url(rm) ? git_remote_url(rm) : "")};
    git_fetch_options fo;
    git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
    fo.callbacks.credentials = cred_cb;
    fo.callbacks.transfer_progress = transfer_cb;
    fo.callbacks.certificate_check = cert_cb;
    fo.callbacks.payload = &s;
    fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
    if (git_remote_fetch(rm, NULL, &fo, "relcap sync: fetch") != 0) {
        const git_error *ge = git_error_last();
        char *msg = url_without_userinfo(ge && ge->message ? ge->message : "unknown error");
        c->report->fetch_error =
            rc_xasprintf("cannot fetch remote '%s' (%s): %s", c->remote, url, msg);
        free(msg);
    }
    free(s.helper_error);
    free(url);
    git_remote_free(rm);
    return 0;
}
