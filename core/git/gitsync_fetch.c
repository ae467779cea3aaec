/* Fetching the configured remote with libgit2. Credentials: the ssh agent
 * for ssh remotes; for https, the user's git credential helper, asked
 * through `git credential fill` (libgit2 1.5 has no helper support) with
 * fork/execvp and the request on stdin, never a shell. A failed fetch is
 * reported, not fatal: the scan of local refs runs anyway. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    gs_ctx *c;
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

/* Asks `git credential fill` for user and password. */
static int helper_fill(char **user, char **pass, const char *url, const char *username)
{
    const char *s = strstr(url, "://");
    if (!s)
        return -1;
    const char *host = s + 3, *at = strchr(host, '@'), *slash = strchr(host, '/');
    if (at && (!slash || at < slash))
        host = at + 1;
    size_t hlen = slash ? (size_t)(slash - host) : strlen(host);
    rc_buf req = {0};
    rc_buf_printf(&req, "protocol=%.*s\nhost=%.*s\n", (int)(s - url), url, (int)hlen, host);
    if (slash && slash[1])
        rc_buf_printf(&req, "path=%s\n", slash + 1);
    if (username && *username)
        rc_buf_printf(&req, "username=%s\n", username);
    rc_buf_puts(&req, "\n");
    int in[2], out[2];
    if (pipe(in) != 0) {
        rc_buf_free(&req);
        return -1;
    }
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        rc_buf_free(&req);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, 2);
        close(in[1]);
        close(out[0]);
        setenv("GIT_TERMINAL_PROMPT", "0", 1); /* never block on a prompt */
        char *argv[] = {"git", "credential", "fill", NULL};
        execvp(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    if (pid > 0) {
        size_t off = 0;
        while (off < req.len) {
            ssize_t w = write(in[1], req.ptr + off, req.len - off);
            if (w <= 0)
                break;
            off += (size_t)w;
        }
    }
    close(in[1]);
    rc_buf resp = {0};
    char chunk[4096];
    ssize_t n;
    while (pid > 0 && (n = read(out[0], chunk, sizeof chunk)) > 0 && resp.len < 65536)
        rc_buf_put(&resp, chunk, (size_t)n);
    close(out[0]);
    int st = 0;
    if (pid > 0)
        waitpid(pid, &st, 0);
    signal(SIGPIPE, old);
    rc_buf_free(&req);
    char *text = rc_buf_detach(&resp);
    int r = pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
    *user = *pass = NULL;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); !r && line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "username=", 9) == 0 && !*user)
            *user = rc_xstrdup(line + 9);
        else if (strncmp(line, "password=", 9) == 0 && !*pass)
            *pass = rc_xstrdup(line + 9);
    }
    memset(text, 0, strlen(text));
    free(text);
    if (r || !*user || !*pass) {
        free(*user);
        if (*pass)
            memset(*pass, 0, strlen(*pass));
        free(*pass);
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
        if (helper_fill(&u, &p, url, username_from_url) == 0) {
            int r = git_credential_userpass_plaintext_new(out, u, p);
            memset(p, 0, strlen(p));
            free(p);
            free(u);
            return r;
        }
        git_error_set_str(GIT_ERROR_NET, "no credentials from 'git credential fill'");
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
    return gs_ssh_check_hostkey((const git_cert_hostkey *)cert, host, s->port);
}

static int transfer_cb(const git_indexer_progress *st, void *payload)
{
    cred_state *s = payload;
    if (st->total_objects &&
        (st->received_objects % 1000 == 0 || st->received_objects == st->total_objects))
        gs_progress(s->c, "fetching %s: %u/%u objects", s->c->remote, st->received_objects,
                    st->total_objects);
    return 0;
}

int gs_fetch(gs_ctx *c)
{
    git_remote *rm = NULL;
    int e = git_remote_lookup(&rm, c->repo, c->remote);
    if (e == GIT_ENOTFOUND && strcmp(rc_config_origin(c->cfg, "relcap.remote"), "default") == 0) {
        git_error_clear(); /* no 'origin' and none configured: a local-only repository */
        return 0;
    }
    if (e) {
        const git_error *ge = git_error_last();
        c->report->fetch_error = rc_xasprintf("cannot fetch remote '%s': %s", c->remote,
                                              ge && ge->message ? ge->message : "not found");
        return 0;
    }
    char *url = url_without_userinfo(git_remote_url(rm) ? git_remote_url(rm) : "?");
    gs_progress(c, "fetching %s (%s)", c->remote, url);
    cred_state s = {.c = c, .port = gs_url_port(git_remote_url(rm) ? git_remote_url(rm) : "")};
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
