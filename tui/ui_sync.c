/* The cockpit's side of background sync: the child started, its progress
 * in the status line and its output in the log, its result, and the panes
 * reloaded when it is done. */
#include "core/base/error.h"
#include "core/picks/picks.h"
#include "core/runs/runs.h"
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

/* Starts argv (this binary) in the background; what names it ("sync",
 * "analysing BRANCH") in the log and the status line. */
static void start_child(rc_ui *ui, char *const *argv, const char *what)
{
    if (ui->sync_pid > 0) {
        ui_message(ui, 0, "%s is already running", ui->sync_what);
        return;
    }
    if (rc_tui_sync_start(&ui->sync_pid, &ui->sync_fd, argv) != 0) {
        ui_message(ui, ROLE_ERROR, "%s: %s", what, rc_error_last());
        return;
    }
    snprintf(ui->sync_what, sizeof ui->sync_what, "%s", what);
    ui->sync_started = now(ui);
    ui_log(ui, "%s started", what);
    ui_message(ui, 0, "%s in the background...", what);
}

void ui_start_sync(rc_ui *ui)
{
    if (!ui->sync_argv) {
        ui_message(ui, ROLE_WARN, "sync is off in snapshot mode");
        return;
    }
    start_child(ui, ui->sync_argv, "sync");
}

bool ui_picks_unanalysed(rc_ui *ui)
{
    bool stale = false;
    if (!ui->branch[0] || rc_picks_is_stale(&stale, ui->db, ui->cfg, ui->branch) != 0) {
        rc_error_clear();
        return false;
    }
    return stale;
}

void ui_analyse_branch(rc_ui *ui)
{
    char what[300];
    snprintf(what, sizeof what, "analysing %s", ui->branch);
    if (!ui_repo(ui)) {
        ui_message(ui, ROLE_WARN,
                   "analysing needs the repository (relcap -C DIR, not a bare --db)");
        return;
    }
    if (!ui->sync_argv) { /* snapshot mode: here and now */
        if (rc_picks_ensure(NULL, ui->db, ui->repo, ui->cfg, ui->branch) != 0) {
            ui_message(ui, ROLE_ERROR, "%s: %s", what, rc_error_last());
            return;
        }
        ui_message(ui, ROLE_GOOD, "%s: done", what);
        ui_reload(ui, true);
        return;
    }
    /* `relcap [global options] picks BRANCH`: the sync's argv, another
     * command; its list (revert-needed only: short) goes to the log */
    size_t n = 0; /* where "sync" is: the global options come before it */
    while (ui->sync_argv[n] && (n == 0 || strcmp(ui->sync_argv[n], "sync") != 0))
        n++;
    n++;
    char **argv = rc_xcalloc(n + 6, sizeof *argv);
    memcpy(argv, ui->sync_argv, (n - 1) * sizeof *argv); /* up to "sync" */
    argv[n - 1] = "picks";
    argv[n] = ui->branch;
    argv[n + 1] = "--state";
    argv[n + 2] = "revert-needed";
    /* states first, then a line per step of conflicts: each reloads */
    argv[n + 3] = "--progress-lines";
    start_child(ui, argv, what);
    free(argv);
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
            ui_message(ui, 0, "%s: %s", ui->sync_what, line);
        /* a step of conflict outcomes or prerequisites was committed: show them */
        if (strncmp(line, "conflicts of ", 13) == 0 || strncmp(line, "prerequisites of ", 17) == 0)
            ui_reload(ui, true);
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
        ui_log(ui, "%s finished", ui->sync_what);
        ui_message(ui, ROLE_GOOD, "%s finished", ui->sync_what);
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
        ui_message(ui, ROLE_ERROR, "%s failed (exit %d): %.*s  (L: log)", ui->sync_what, status,
                   (int)(len - start), log + start);
    }
}

/* Live runs. While a run is queued or running, a child `relcap run
 * refresh` polls the nodes and imports results; the cockpit never waits on
 * a node itself (an ssh poll can take seconds), it only reaps the child and
 * reloads from the cache. */
static void poll_runs_done(rc_ui *ui, int status)
{
    close(ui->poll_fd);
    ui->poll_pid = 0;
    /* its first line: "N runs changed state" */
    int changed = -1;
    if (status != 0)
        ui_log(ui, "run refresh failed (exit %d): %s", status,
               ui->poll_out.ptr ? ui->poll_out.ptr : "");
    else if (ui->poll_out.ptr)
        sscanf(ui->poll_out.ptr, "%d run", &changed);
    rc_buf_free(&ui->poll_out);
    if (changed == 0)
        return;
    /* states moved and results came in: every pane reloads when shown
     * (the bench pane gets the new results), the one on screen now */
    if (!ui->prompt && !ui->confirm && ui->overlay == OV_NONE) {
        ui_reload(ui, true);
        return;
    }
    for (int i = 0; i < RC_NPANES; i++) {
        free(ui->panes[i].loaded_for);
        ui->panes[i].loaded_for = NULL;
    }
}

/* Live runs. While a run is queued or running, a child `relcap run
 * refresh` polls the nodes and imports results; the cockpit never waits on
 * a node itself (an ssh poll can take seconds), it only reaps the child and
 * reloads from the cache when a run changed. */
void ui_poll_runs(rc_ui *ui)
{
    if (!ui->refresh_argv)
        return;
    if (ui->poll_pid > 0) {
        char buf[4096];
        ssize_t n;
        while ((n = read(ui->poll_fd, buf, sizeof buf)) > 0)
            if (ui->poll_out.len < 65536)
                rc_buf_put(&ui->poll_out, buf, (size_t)n);
        int status = 1;
        if (rc_tui_sync_reap(ui->poll_pid, &status) == 0) {
            if (now(ui) - ui->poll_started <= 120)
                return;
            rc_tui_sync_stop(ui->poll_pid); /* a node that hangs */
            ui_log(ui, "run refresh took over 120 s: stopped");
            status = 1;
        }
        poll_runs_done(ui, status);
        return;
    }
    if (now(ui) - ui->poll_started < 2)
        return;
    int active = rc_runs_active_count(ui->db);
    rc_error_clear();
    if (active <= 0)
        return;
    if (rc_tui_sync_start(&ui->poll_pid, &ui->poll_fd, ui->refresh_argv) != 0) {
        ui_log(ui, "run refresh: %s", rc_error_last());
        ui->poll_pid = 0;
    }
    ui->poll_started = now(ui);
}
