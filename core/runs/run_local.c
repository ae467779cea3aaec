/* The local backend: the command runs on this machine, detached in its own
 * session under a small monitor process that records its exit code, so the
 * run outlives the relcap that started it.
 *
 *   relcap ── fork ── A ── fork ── M (setsid; pid recorded; ignores TERM)
 *                     A exits       └── fork/exec ── the command (log → run dir)
 *
 * M writes RUNDIR/exit when the command ends: the exit code and the time it
 * ended (epoch seconds), a line each; any relcap reads it. */
#include "core/base/error.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A relative workdir is taken from the git directory, so every relcap
 * process finds the same place whatever its current directory. */
char *rc_run_local_base(const rc_run_ctx *c)
{
    const char *w = c->node->workdir;
    if (!w)
        return NULL;
    if (w[0] == '/' || !c->repo)
        return rc_xstrdup(w);
    return rc_xasprintf("%s%s", git_repository_path(c->repo), w);
}

/* Shared by the local and slurm backends: bytes of a local file from offset. */
int rc_run_read_local_log(const char *path, size_t offset, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        *out = rc_xstrdup("");
        return 0; /* not written yet */
    }
    rc_buf b = {0};
    if (fseek(f, (long)offset, SEEK_SET) == 0) {
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
            rc_buf_put(&b, chunk, n);
    }
    fclose(f);
    *len = b.len;
    *out = rc_buf_detach(&b);
    return 0;
}

static void write_exit_file(const char *dir, int code)
{
    long long ended = (long long)time(NULL);
    char *tmp = rc_xasprintf("%s/exit.tmp", dir), *fin = rc_xasprintf("%s/exit", dir);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        dprintf(fd, "%d\n%lld\n", code, ended);
        fsync(fd);
        close(fd);
        rename(tmp, fin);
    }
    free(tmp);
    free(fin);
}

/* Runs in M: never returns. */
static void monitor(const char *dir, const char *cwd, const char *log, char *const *argv,
                    char *const *env, int report_fd)
{
    setsid();
    /* M outlives a cancel (TERM to the whole group) to record the code. */
    signal(SIGTERM, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);
    signal(SIGPIPE, SIG_DFL);
    pid_t self = getpid();
    if (write(report_fd, &self, sizeof self) != (ssize_t)sizeof self)
        _exit(1);
    close(report_fd);
    int devnull = open("/dev/null", O_RDWR);
    int logfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (devnull < 0 || logfd < 0)
        _exit(1);
    dup2(devnull, 0);
    dup2(logfd, 1);
    dup2(logfd, 2);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    pid_t child = fork();
    if (child < 0) {
        dprintf(2, "relcap: fork: %s\n", strerror(errno));
        write_exit_file(dir, 127);
        _exit(1);
    }
    if (child == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        if (chdir(cwd) != 0) {
            dprintf(2, "relcap: cannot enter %s: %s\n", cwd, strerror(errno));
            _exit(127);
        }
        for (char *const *e = env; e && *e; e++) {
            char *eq = strchr(*e, '=');
            if (eq) {
                char *k = rc_xstrndup(*e, (size_t)(eq - *e));
                setenv(k, eq + 1, 1);
                free(k);
            }
        }
        execvp(argv[0], argv);
        dprintf(2, "relcap: cannot start %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int st = 0;
    while (waitpid(child, &st, 0) < 0 && errno == EINTR)
        ;
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
    write_exit_file(dir, code);
    _exit(0);
}

static int local_start(rc_run_ctx *c, char *const *argv, char *const *env)
{
    if (!argv || !argv[0])
        return rc_error_set(RC_ECONFIG, "node %s: the command is empty", c->node->name);
    if (rc_mkdirs(c->run_dir, 0755) != 0)
        return rc_error_set(RC_EIO, "cannot create %s: %s", c->run_dir, strerror(errno));
    rc_mkdirs(c->run->results_dir, 0755);
    char *log = rc_xasprintf("%s/log", c->run_dir);
    /* The command runs from the work tree (like a benchmark script run by
     * hand from the checkout), or the run directory without one. */
    const char *wt = c->repo ? git_repository_workdir(c->repo) : NULL;
    const char *cwd = wt ? wt : c->run_dir;
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        free(log);
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t a = fork();
    if (a < 0) {
        free(log);
        close(p[0]);
        close(p[1]);
        return rc_error_set(RC_EIO, "fork: %s", strerror(errno));
    }
    if (a == 0) {
        close(p[0]);
        pid_t m = fork();
        if (m == 0)
            monitor(c->run_dir, cwd, log, argv, env, p[1]);
        _exit(m < 0 ? 1 : 0);
    }
    close(p[1]);
    int st;
    while (waitpid(a, &st, 0) < 0 && errno == EINTR)
        ;
    pid_t m = 0;
    ssize_t n = read(p[0], &m, sizeof m);
    close(p[0]);
    if (n != (ssize_t)sizeof m || m <= 0) {
        free(log);
        return rc_error_set(RC_EIO, "the run's monitor process did not start");
    }
    char *pidfile = rc_xasprintf("%s/pid", c->run_dir);
    char pidbuf[32];
    int len = snprintf(pidbuf, sizeof pidbuf, "%d\n", (int)m);
    rc_file_write(pidfile, pidbuf, (size_t)len, 0644);
    free(pidfile);
    free(c->run->remote_id);
    c->run->remote_id = rc_xasprintf("%d", (int)m);
    free(c->run->log_path);
    c->run->log_path = log;
    c->run->state = RC_RUN_RUNNING;
    return 0;
}

/* The exit file: the code, then the end time (absent in files written
 * before relcap recorded it: then the file's own time, written at the end). */
static int read_exit(const char *dir, int *code, int64_t *ended)
{
    char *path = rc_xasprintf("%s/exit", dir), *s = NULL;
    int r = rc_file_read(&s, NULL, path);
    if (r) {
        free(path);
        return -1;
    }
    long long t = 0;
    if (sscanf(s, "%d %lld", code, &t) < 2 || t <= 0) {
        struct stat sb;
        t = stat(path, &sb) == 0 ? (long long)sb.st_mtime : 0;
    }
    *ended = (int64_t)t;
    free(path);
    free(s);
    return 0;
}

/* Alive, not a zombie, and still the session leader we made it: a reused
 * pid would almost never be a session leader of that number. */
static bool monitor_alive(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *s = NULL;
    if (rc_file_read(&s, NULL, path) != 0) {
        rc_error_clear();
        return false;
    }
    const char *rp = strrchr(s, ')');
    char state = 0;
    int ppid = 0, pgrp = 0, session = 0;
    bool ok = rp && sscanf(rp + 1, " %c %d %d %d", &state, &ppid, &pgrp, &session) == 4 &&
              state != 'Z' && state != 'X' && session == (int)pid;
    free(s);
    return ok;
}

static int local_poll(rc_run_ctx *c, rc_run_poll *out)
{
    int code;
    int64_t ended = 0;
    pid_t pid = c->run->remote_id ? (pid_t)atoi(c->run->remote_id) : 0;
    if (read_exit(c->run_dir, &code, &ended) == 0)
        goto ended;
    if (pid > 0 && monitor_alive(pid)) {
        out->state = RC_RUN_RUNNING;
        return 0;
    }
    if (read_exit(c->run_dir, &code, &ended) == 0) /* ended between the two looks */
        goto ended;
    rc_error_clear();
    struct stat sb;
    out->state = RC_RUN_LOST;
    if (stat(c->run_dir, &sb) != 0)
        out->reason = rc_xasprintf("run directory %s is gone", c->run_dir);
    else
        out->reason = rc_xasprintf("process %d ended without recording an exit code (machine "
                                   "restarted or killed)",
                                   (int)pid);
    return 0;
ended:
    out->has_exit = true;
    out->ended_at = ended;
    out->exit_code = code;
    out->state = code == 0 ? RC_RUN_SUCCEEDED : RC_RUN_FAILED;
    if (code != 0)
        out->reason = rc_xasprintf("exit code %d", code);
    return 0;
}

static int local_cancel(rc_run_ctx *c)
{
    pid_t pid = c->run->remote_id ? (pid_t)atoi(c->run->remote_id) : 0;
    if (pid <= 1 || !monitor_alive(pid))
        return 0; /* nothing left to stop */
    kill(-pid, SIGTERM);
    int code;
    int64_t ended;
    for (int i = 0; i < 50; i++) { /* 5 s for a clean exit, then KILL */
        if (read_exit(c->run_dir, &code, &ended) == 0)
            return 0;
        struct timespec ts = {0, 100 * 1000000L};
        nanosleep(&ts, NULL);
    }
    kill(-pid, SIGKILL);
    rc_error_clear();
    return 0;
}

static int local_fetch_log(rc_run_ctx *c, size_t offset, char **out, size_t *len)
{
    return rc_run_read_local_log(c->run->log_path, offset, out, len);
}

static int local_fetch_results(rc_run_ctx *c, char **local_path)
{
    struct stat sb;
    if (!c->run->results_dir || stat(c->run->results_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return RC_ENOTFOUND;
    *local_path = rc_xstrdup(c->run->results_dir);
    return 0;
}

static int local_check(rc_node_check *out, const rc_node *node, const rc_config *cfg)
{
    (void)cfg;
    bool rocm = strcmp(node->kind, "rocm") == 0;
    const char *tool = rocm ? "rocm-smi" : "nvidia-smi";
    const char *const argv[] = {tool, rocm ? "--showproductname" : "-L", NULL};
    out->reachable = true;
    out->reach_detail = rc_xstrdup("local machine");
    rc_spawn_result r;
    if (rc_spawn_run(&r, argv, &(rc_spawn_opts){.timeout_s = 30}) == 0) {
        rc_run_check_gpu(out, &r, tool);
        rc_spawn_result_free(&r);
    }
    return 0;
}

static int local_env(rc_run_ctx *c, bool at_import, char **probe)
{
    (void)c;
    *probe = at_import ? NULL : rc_run_env_probe_local();
    return 0;
}

const rc_run_ops rc_run_ops_local = {
    "local",         rc_run_local_base,   local_start, local_poll, local_cancel,
    local_fetch_log, local_fetch_results, local_check, local_env,
};
