/* Background sync: `relcap sync` of this same binary in a child process
 * (fork + execv with argv, no shell), its stdout and stderr captured through
 * a pipe for the log view, never written to the screen. */
#ifndef RELCAP_TUI_SYNC_H
#define RELCAP_TUI_SYNC_H

#include <sys/types.h>

/* Starts argv[0] = path of the binary; *fd reads its output (non-blocking). */
int rc_tui_sync_start(pid_t *pid, int *fd, char *const *argv);
/* 0 while running; else 1 with *status = exit status (128+signal). */
int rc_tui_sync_reap(pid_t pid, int *status);
/* Stops a running child (SIGTERM, then waits). */
void rc_tui_sync_stop(pid_t pid);

#endif
