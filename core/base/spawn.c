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

/* The parent's side of a running child: pipes to pump until both output
 * pipes close or the deadline passes. */
typedef struct {
    int in, out, err; /* -1 once closed */
    const char *input;
    size_t inlen, inoff;
    rc_buf ob, eb;
} pump;

static void pump_close(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Reads what the child wrote and feeds its stdin; false when timed out. */
static bool pump_run(pump *p, pid_t pid, int timeout_s)
{
    int64_t deadline = now_ms() + (int64_t)timeout_s * 1000;
    while (p->out >= 0 || p->err >= 0) {
        struct pollfd fds[3] = {{p->out, POLLIN, 0}, {p->err, POLLIN, 0}, {p->in, POLLOUT, 0}};
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            kill(pid, SIGKILL);
            return false;
        }
        if (poll(fds, 3, (int)(left > 1000 ? 1000 : left)) < 0 && errno != EINTR)
            return true;
        for (int i = 0; i < 2; i++) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char chunk[8192];
            ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
            if (n > 0)
                rc_buf_put(i == 0 ? &p->ob : &p->eb, chunk, (size_t)n);
            else
                pump_close(i == 0 ? &p->out : &p->err);
        }
        if (p->in >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t w = write(p->in, p->input + p->inoff, p->inlen - p->inoff);
            if (w > 0)
                p->inoff += (size_t)w;
            if (w < 0 || p->inoff >= p->inlen)
                pump_close(&p->in);
        }
    }
    return true;
}

static void close_all(int *fds, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pump_close(&fds[i]);
}

/* In the child: stdin/stdout/stderr onto the pipes, the environment
 * additions, then the program; 127 when it cannot be started. */
__attribute__((noreturn)) static void child_exec(const int *fds, const char *const *argv,
                                                 const rc_spawn_opts *opts)
{
    dup2(fds[0], 0);
    dup2(fds[3], 1);
    dup2(fds[5], 2);
    signal(SIGPIPE, SIG_DFL);
    for (const char *const *e = opts ? opts->env : NULL; e && *e; e++)
        putenv((char *)*e);
    execvp(argv[0], (char *const *)argv);
    dprintf(2, "%s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

int rc_spawn_run(rc_spawn_result *out, const char *const *argv, const rc_spawn_opts *opts)
{
    memset(out, 0, sizeof *out);
    /* in[0] in[1] out[0] out[1] err[0] err[1]; close-on-exec, so the child
     * keeps only what dup2 gave it */
    int fds[6] = {-1, -1, -1, -1, -1, -1};
    for (int i = 0; i < 3; i++) {
        if (pipe2(fds + 2 * i, O_CLOEXEC) != 0) {
            int e = rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
            close_all(fds, 6);
            return e;
        }
    }
    pid_t pid = fork();
    if (pid < 0) {
        int e = rc_error_set(RC_EIO, "fork: %s", strerror(errno));
        close_all(fds, 6);
        return e;
    }
    if (pid == 0)
        child_exec(fds, argv, opts);
    pump_close(&fds[0]);
    pump_close(&fds[3]);
    pump_close(&fds[5]);
    pump p = {.in = fds[1], .out = fds[2], .err = fds[4]};
    p.input = opts ? opts->input : NULL;
    p.inlen = opts ? opts->inlen : 0;
    if (!p.input || p.inlen == 0)
        pump_close(&p.in);
    else
        fcntl(p.in, F_SETFL, O_NONBLOCK);
    void (*old)(int) = signal(SIGPIPE, SIG_IGN);
    bool done = pump_run(&p, pid, opts && opts->timeout_s > 0 ? opts->timeout_s : 60);
    pump_close(&p.in);
    pump_close(&p.out);
    pump_close(&p.err);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    signal(SIGPIPE, old);
    out->status = !done             ? 124
                  : WIFEXITED(st)   ? WEXITSTATUS(st)
                  : WIFSIGNALED(st) ? 128 + WTERMSIG(st)
                                    : 1;
    out->out_len = p.ob.len;
    out->out = rc_buf_detach(&p.ob);
    out->err = rc_buf_detach(&p.eb);
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
    char *s = rc_xvasprintf(fmt, ap);
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
