#include "tui/sync.h"

#include "core/base/error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int rc_tui_sync_start(pid_t *pid, int *fd, char *const *argv)
{
    int p[2];
    if (pipe(p) != 0)
        return rc_error_set(RC_EIO, "pipe: %s", strerror(errno));
    pid_t c = fork();
    if (c < 0) {
        close(p[0]);
        close(p[1]);
        return rc_error_set(RC_EIO, "fork: %s", strerror(errno));
    }
    if (c == 0) {
        /* own process group: a Ctrl-C in the terminal goes to the UI only */
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        dup2(p[1], STDOUT_FILENO);
        dup2(p[1], STDERR_FILENO);
        close(p[0]);
        close(p[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    *pid = c;
    *fd = p[0];
    return 0;
}

int rc_tui_sync_reap(pid_t pid, int *status)
{
    int st;
    pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == 0)
        return 0;
    if (r < 0) {
        *status = 1;
        return 1;
    }
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return 1;
}

void rc_tui_sync_stop(pid_t pid)
{
    int st;
    kill(pid, SIGTERM);
    waitpid(pid, &st, 0);
}
