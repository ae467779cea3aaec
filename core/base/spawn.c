/* fork/execvp with an argv, input on stdin, stdout and stderr captured,
 * environment additions and a time limit. */
#include "core/base/spawn.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int rc_spawn_run(rc_spawn_result *out, const char *const *argv, const rc_spawn_opts *opts)
{
    memset(out, 0, sizeof *out);
    const char *input = opts ? opts->input : NULL;
    size_t inlen = opts ? opts->inlen : 0;
    int timeout_s = opts && opts->timeout_s > 0 ? opts->timeout_s : 60;
    int pin[2], pout[2], perr[2];
    if (pipe2(pin, O_CLOEXEC) != 0)
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    if (pipe2(pout, O_CLOEXEC) != 0) {
        close(pin[0]);
        close(pin[1]);
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    }
    if (pipe2(perr, O_CLOEXEC) != 0) {
        close(pin[0]);
        close(pin[1]);
        close(pout[0]);
        close(pout[1]);
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    }
    pid_t pid = fork();
    if (pid < 0) {
        int fds[] = {pin[0], pin[1], pout[0], pout[1], perr[0], perr[1]};
        for (size_t i = 0; i < 6; i++)
            close(fds[i]);
        return rc_error_set(RC_EIO, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(pin[0], 0);
        dup2(pout[1], 1);
        dup2(perr[1], 2);
        signal(SIGPIPE, SIG_DFL);
        for (const char *const *e = opts ? opts->env : NULL; e && *e; e++)
            putenv((char *)*e);
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

void rc_spawn_result_free(rc_spawn_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

char *rc_spawn_summary(const rc_spawn_result *r)
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

void rc_spawn_argv_add(rc_spawn_argv *a, const char *s)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = rc_xrealloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n++] = rc_xstrdup(s);
    a->v[a->n] = NULL;
}

void rc_spawn_argv_addf(rc_spawn_argv *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        abort();
    va_end(ap);
    rc_spawn_argv_add(a, s);
    free(s);
}

void rc_spawn_argv_free(rc_spawn_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    memset(a, 0, sizeof *a);
}
