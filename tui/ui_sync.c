/* The cockpit's side of background sync: the child started, its progress
 * in the status line and its output in the log, its result, and the panes
 * reloaded when it is done. */
#include "core/base/error.h"
#include "tui/sync.h"
#include "tui/ui_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int64_t now(const rc_ui *ui)
{
    return ui->now ? ui->now : (int64_t)time(NULL);
}

void ui_start_sync(rc_ui *ui)
{
    if (!ui->sync_argv) {
        ui_message(ui, ROLE_WARN, "sync is off in snapshot mode");
        return;
    }
    if (ui->sync_pid > 0) {
        ui_message(ui, 0, "a sync is already running");
        return;
    }
    if (rc_tui_sync_start(&ui->sync_pid, &ui->sync_fd, ui->sync_argv) != 0) {
        ui_message(ui, ROLE_ERROR, "sync: %s", rc_error_last());
        return;
    }
    ui->sync_started = now(ui);
    ui_log(ui, "sync started");
    ui_message(ui, 0, "syncing in the background...");
}

/* Reads what the sync child wrote; on its exit, reports and reloads. */
void ui_poll_sync(rc_ui *ui)
{
    if (ui->sync_pid <= 0)
        return;
    ui->spin++;
    char buf[4096];
    ssize_t n;
    while ((n = read(ui->sync_fd, buf, sizeof buf - 1)) > 0) {
        buf[n] = '\0';
        ui_log(ui, "%s", buf);
        /* its latest line is the progress shown in the status line */
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        char *line = strrchr(buf, '\n');
        line = line ? line + 1 : buf;
        if (*line)
            ui_message(ui, 0, "syncing: %s", line);
    }
    int status;
    if (rc_tui_sync_reap(ui->sync_pid, &status) == 0)
        return; /* still running */
    while ((n = read(ui->sync_fd, buf, sizeof buf - 1)) > 0) {
        buf[n] = '\0';
        ui_log(ui, "%s", buf);
    }
    close(ui->sync_fd);
    ui->sync_pid = 0;
    if (status == 0) {
        ui_log(ui, "sync finished");
        ui_message(ui, ROLE_GOOD, "sync finished");
        ui_reload(ui, true);
    } else {
        /* the last line of its output says why */
        const char *log = ui->log.ptr ? ui->log.ptr : "";
        size_t len = ui->log.len;
        while (len && log[len - 1] == '\n')
            len--;
        size_t start = len;
        while (start && log[start - 1] != '\n')
            start--;
        ui_message(ui, ROLE_ERROR, "sync failed (exit %d): %.*s  (L: log)", status,
                   (int)(len - start), log + start);
    }
}
