/* Host key check for ssh remotes. libgit2 1.5 accepts any ssh host key
 * unless a certificate_check callback says otherwise, so the key is looked
 * up the way ssh does: `ssh-keygen -F` (which understands hashed names) in
 * ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts, run through core/base/spawn. An
 * unknown or different key stops the fetch with a message saying what to do. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/spawn.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int b64_value(int ch)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = ch ? strchr(tab, ch) : NULL;
    return p ? (int)(p - tab) : -1;
}

/* Decodes base64 into out (size n); returns the length or -1. */
static long b64_decode(unsigned char *out, size_t n, const char *s)
{
    size_t len = 0;
    unsigned acc = 0;
    int bits = 0;
    for (; *s && *s != '='; s++) {
        int v = b64_value((unsigned char)*s);
        if (v < 0)
            return -1;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (len >= n)
                return -1;
            out[len++] = (unsigned char)(acc >> bits);
        }
    }
    return (long)len;
}

/* stdout of `ssh-keygen -F name -f file`, or NULL. */
static char *keygen_find(const char *name, const char *file)
{
    const char *const argv[] = {"ssh-keygen", "-F", name, "-f", file, NULL};
    rc_spawn_result res;
    if (rc_spawn_run(&res, argv, &(rc_spawn_opts){.timeout_s = 30}) != 0)
        return NULL;
    char *out = res.out;
    res.out = NULL;
    rc_spawn_result_free(&res);
    return out;
}

/* 1 listed, -1 revoked, 0 not listed. */
static int listed_in(const char *text, const git_cert_hostkey *hk)
{
    unsigned char key[4096];
    int found = 0;
    char *copy = rc_xstrdup(text);
    for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *f[4] = {NULL};
        int nf = 0;
        for (char *s2 = NULL, *t = strtok_r(line, " \t", &s2); t && nf < 4;
             t = strtok_r(NULL, " \t", &s2))
            f[nf++] = t;
        bool revoked = nf == 4 && strcmp(f[0], "@revoked") == 0;
        if (f[0] && f[0][0] == '@' && !revoked)
            continue; /* @cert-authority: not a plain host key */
        const char *b64 = revoked ? f[3] : (nf >= 3 ? f[2] : NULL);
        long len = b64 ? b64_decode(key, sizeof key, b64) : -1;
        if (len > 0 && (size_t)len == hk->hostkey_len && memcmp(key, hk->hostkey, (size_t)len) == 0)
            found = revoked ? -1 : (found ? found : 1);
        if (found < 0)
            break;
    }
    free(copy);
    return found;
}

int gitsync_ssh_check_hostkey(const git_cert_hostkey *hk, const char *host, int port)
{
    if (!(hk->type & GIT_CERT_SSH_RAW) || !hk->hostkey || !hk->hostkey_len) {
        git_error_set_str(GIT_ERROR_SSH, "the ssh host key cannot be verified");
        return GIT_ECERTIFICATE;
    }
    char *name = port > 0 && port != 22 ? rc_xasprintf("[%s]:%d", host, port) : rc_xstrdup(host);
    const char *home = getenv("HOME");
    char *files[2] = {home ? rc_xasprintf("%s/.ssh/known_hosts", home) : NULL,
                      rc_xstrdup("/etc/ssh/ssh_known_hosts")};
    int verdict = 0;
    for (int i = 0; i < 2 && verdict == 0; i++) {
        if (!files[i] || access(files[i], R_OK) != 0)
            continue;
        char *out = keygen_find(name, files[i]);
        if (out)
            verdict = listed_in(out, hk);
        free(out);
    }
    int r = 0;
    if (verdict < 0) {
        git_error_set(GIT_ERROR_SSH, "the ssh host key of %s is marked @revoked in known_hosts",
                      name);
        r = GIT_ECERTIFICATE;
    } else if (verdict == 0) {
        git_error_set(GIT_ERROR_SSH,
                      "the ssh host key of %s is not in ~/.ssh/known_hosts (or differs from it); "
                      "connect once with ssh to check and add it",
                      name);
        r = GIT_ECERTIFICATE;
    }
    free(files[0]);
    free(files[1]);
    free(name);
    return r;
}

int gitsync_url_port(const char *url)
{
    const char *s = strstr(url, "://");
    if (!s || strncmp(url, "ssh", 3) != 0)
        return 22; /* scp-like user@host:path */
    const char *host = s + 3, *slash = strchr(host, '/'), *at = strchr(host, '@');
    if (at && (!slash || at < slash))
        host = at + 1;
    const char *end = slash ? slash : host + strlen(host);
    const char *colon = NULL;
    if (*host == '[') {
        const char *rb = memchr(host, ']', (size_t)(end - host));
        colon = rb && rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
    } else {
        colon = memchr(host, ':', (size_t)(end - host));
    }
    return colon ? atoi(colon + 1) : 22;
}
