/* Starting helper programs (ssh, scp, sbatch, squeue, nvidia-smi) with an
 * argv, capturing their output with a time limit. */
#include "core/base/error.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int rc_run_exec(rc_exec_result *out, const char *const *argv, const char *input, size_t inlen,
                int timeout_s)
{
    memset(out, 0, sizeof *out);
    int pin[2], pout[2], perr[2];
    if (pipe2(pin, O_CLOEXEC) != 0)
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    if (pipe2(pout, O_CLOEXEC) != 0 || pipe2(perr, O_CLOEXEC) != 0) {
        close(pin[0]);
        close(pin[1]);
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    }
    pid_t pid = fork();
    if (pid < 0)
        return rc_error_set(RC_EIO, "fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        signal(SIGPIPE, SIG_DFL);
        execvp(argv[0], (char *const *)argv);
        dprintf(2, "%s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(pin[0]);
    close(pout[1]);
    close(perr[1]);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    rc_buf ob = {0}, eb = {0};
    size_t inoff = 0;
    int infd = pin[1];
    if (!input || inlen == 0) {
        close(infd);
        infd = -1;
    } else {
        fcntl(infd, F_SETFL, O_NONBLOCK);
    }
    int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
    bool timed_out = false;
    int open_fds = 2;
    while (open_fds > 0) {
        struct pollfd fds[3] = {{pout[0], POLLIN, 0}, {perr[0], POLLIN, 0}, {infd, POLLOUT, 0}};
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            kill(pid, SIGKILL);
            break;
        }
        int r = poll(fds, 3, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd >= 0 && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
                char chunk[8192];
                ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
                if (n > 0) {
                    rc_buf_put(i == 0 ? &ob : &eb, chunk, (size_t)n);
                } else {
                    close(fds[i].fd);
                    if (i == 0)
                        pout[0] = -1;
                    else
                        perr[0] = -1;
                    open_fds--;
                }
            }
        }
        if (infd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(infd, input + inoff, inlen - inoff);
            if (w > 0)
                inoff += (size_t)w;
            if (w < 0 || inoff >= inlen) {
                close(infd);
                infd = -1;
            }
        }
    }
    if (infd >= 0)
        close(infd);
    if (pout[0] >= 0)
        close(pout[0]);
    if (perr[0] >= 0)
        close(perr[0]);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    signal(SIGPIPE, old);
    out->status = timed_out         ? 124
                  : WIFEXITED(st)   ? WEXITSTATUS(st)
                  : WIFSIGNALED(st) ? 128 + WTERMSIG(st)
                                    : 1;
    out->out_len = ob.len;
    out->out = rc_buf_detach(&ob);
    out->err = rc_buf_detach(&eb);
    return 0;
}

void rc_exec_result_free(rc_exec_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *rc_exec_summary(const rc_exec_result *r)
{
    const char *src = r->err && *r->err ? r->err : (r->out ? r->out : "");
    /* last non-empty line: ssh and slurm put the reason there */
    size_t len = strlen(src);
    while (len > 0 && (src[len - 1] == '\n' || src[len - 1] == '\r' || src[len - 1] == ' '))
        len--;
    size_t start = len;
    while (start > 0 && src[start - 1] != '\n')
        start--;
    char *line = rc_xstrndup(src + start, len - start);
    char *clean = rc_sanitize(line, false);
    free(line);
    char *s = r->status == 124 ? rc_xasprintf("timed out%s%s", *clean ? ": " : "", clean)
                               : rc_xasprintf("exit %d%s%s", r->status, *clean ? ": " : "", clean);
    free(clean);
    return s;
}

void rc_argv_add(rc_argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = rc_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = rc_xstrdup(s);
    a->v[a->n] = NULL;
}

void rc_argv_addf(rc_argv *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    rc_argv_add(a, s);
    free(s);
}

void rc_argv_free(rc_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}

/* ssh options that run a program on this machine (or load code into ssh):
 * the option list may come from a committed .relcap, and `relcap nodes
 * --check` must start nothing, so they are refused; set them in
 * ~/.ssh/config for the host instead. */
static bool ssh_option_unsafe(const char *opt)
{
    static const char *const denied[] = {"ProxyCommand",
                                         "LocalCommand",
                                         "PermitLocalCommand",
                                         "KnownHostsCommand",
                                         "RemoteCommand",
                                         "Match",
                                         "Include",
                                         "PKCS11Provider",
                                         "SecurityKeyProvider",
                                         "XAuthLocation",
                                         "ForwardX11",
                                         "ForwardX11Trusted",
                                         NULL};
    size_t klen = strcspn(opt, "= \t");
    for (const char *const *d = denied; *d; d++)
        if (klen == strlen(*d) && strncasecmp(opt, *d, klen) == 0)
            return true;
    const char *v = opt + klen;
    v += strspn(v, "= \t");
    /* no option may smuggle a second line or look like a command-line flag */
    return strpbrk(opt, "\r\n") != NULL || *v == '-' || klen == 0;
}

int rc_ssh_argv(rc_argv *out, const rc_node *node, const rc_config *cfg, bool scp)
{
    memset(out, 0, sizeof *out);
    if (!node->host || !*node->host)
        return rc_error_set(RC_ECONFIG, "node %s: relcap.node.%s.host is not set", node->name,
                            node->name);
    /* The destination is an ssh argument: it must not read as an option. */
    if (node->host[0] == '-' || !rc_run_value_safe(node->host))
        return rc_error_set(RC_EUNSAFE, "node %s: host '%s' is not a plain ssh destination",
                            node->name, node->host);
    rc_argv_add(out, scp ? "scp" : "ssh");
    if (scp) {
        rc_argv_add(out, "-q");
        rc_argv_add(out, "-r");
    }
    rc_argv_add(out, "-o");
    rc_argv_add(out, "BatchMode=yes");
    rc_argv_add(out, "-o");
    rc_argv_add(out, "ConnectTimeout=10");
    rc_argv_add(out, "-o");
    rc_argv_add(out, "LogLevel=ERROR");
    if (node->port > 0) {
        rc_argv_add(out, scp ? "-P" : "-p");
        rc_argv_addf(out, "%ld", node->port);
    }
    if (node->identity) {
        rc_argv_add(out, "-i");
        rc_argv_add(out, node->identity);
    }
    char *key = rc_xasprintf("relcap.node.%s.sshOption", node->name);
    const char *const *opts;
    size_t nopts = 0;
    if (rc_config_multi(&opts, &nopts, cfg, key) == 0) {
        for (size_t i = 0; i < nopts; i++) {
            if (ssh_option_unsafe(opts[i])) {
                int e = rc_error_set(RC_EUNSAFE,
                                     "node %s: refusing ssh option '%s' from %s (%s): it can run "
                                     "a local command; put it in ~/.ssh/config for the host",
                                     node->name, opts[i], key, rc_config_origin(cfg, key));
                free(key);
                rc_argv_free(out);
                return e;
            }
            rc_argv_add(out, "-o");
            rc_argv_add(out, opts[i]);
        }
    }
    free(key);
    return 0;
}

int rc_ssh_exec(rc_exec_result *out, const rc_node *node, const rc_config *cfg, const char *script,
                const char *input, size_t inlen, int timeout_s)
{
    rc_argv a;
    int r = rc_ssh_argv(&a, node, cfg, false);
    if (r)
        return r;
    rc_argv_add(&a, "--");
    rc_argv_add(&a, node->host);
    rc_argv_add(&a, script);
    r = rc_run_exec(out, (const char *const *)a.v, input, inlen, timeout_s);
    rc_argv_free(&a);
    if (r)
        return r;
    if (out->status == 255 || out->status == 124) {
        char *s = rc_exec_summary(out);
        r = rc_error_set(RC_ENET, "node %s: ssh %s: %s", node->name, node->host, s);
        free(s);
        rc_exec_result_free(out);
        return r;
    }
    return 0;
}

int rc_scp_fetch_dir(const rc_node *node, const rc_config *cfg, const char *remote_dir,
                     const char *local_parent)
{
    rc_argv a;
    int r = rc_ssh_argv(&a, node, cfg, true);
    if (r)
        return r;
    rc_argv_add(&a, "--");
    rc_argv_addf(&a, "%s:%s", node->host, remote_dir);
    rc_argv_add(&a, local_parent);
    rc_exec_result res;
    r = rc_run_exec(&res, (const char *const *)a.v, NULL, 0, 600);
    rc_argv_free(&a);
    if (r)
        return r;
    if (res.status != 0) {
        char *s = rc_exec_summary(&res);
        r = rc_error_set(RC_ENET, "node %s: scp %s:%s: %s", node->name, node->host, remote_dir, s);
        free(s);
    }
    rc_exec_result_free(&res);
    return r;
}
