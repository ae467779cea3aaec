/* Runs pane: perf runs with their live state (reloaded every second while
 * shown, polled by the cockpit while any is active) and the newest perf
 * bisection's progress in the title; r launches, Enter follows the log, K
 * cancels (asks first). */
#include "core/base/error.h"
#include "core/bisect/bisect.h"
#include "core/git/gitsync.h"
#include "tui/actions.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const titles[] = {"ID",    "Node",    "Backend", "Target",
                                     "State", "Started", "Time",    "Exit"};
/* states in their meaning order, for sorting (s) */
static const char *const state_order[] = {"running",   "queued",    "failed", "lost",
                                          "cancelled", "succeeded", NULL};
static const rc_table_col cols[] = {
    {.title = "ID", .width = 6, .right = true},
    {.title = "Node", .width = 16},
    {.title = "Backend", .vocab = true, .drop = 2},
    {.title = "Target", .min = 12},
    {.title = "State", .vocab = true, .order = state_order},
    {.title = "Started", .width = 16, .drop = 1},
    {.title = "Time", .width = 8, .right = true},
    {.title = "Exit", .width = 4, .right = true},
};

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 8, titles);
        p->table->empty = "(no perf runs yet: r launches one)";
    }
    if (model_runs_load(&p->grid, ui->db, ui->now ? ui->now : (int64_t)time(NULL)) != 0)
        ui_message(ui, ROLE_ERROR, "runs: %s", rc_error_last());
    /* priv: the bisect line, reloaded with the rows */
    free(p->priv);
    p->priv = NULL;
    char *line = NULL;
    if (rc_bisect_progress_line(&line, ui->db) == 0 && line) {
        p->priv = rc_sanitize(line, false);
        free(line);
    }
    rc_error_clear();
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    (void)ui;
    size_t live = 0;
    for (size_t i = 0; i < p->grid.nrows; i++) {
        const rc_run_rec *r = p->grid.data[i];
        if (!strcmp(r->state, "running") || !strcmp(r->state, "queued"))
            live++;
    }
    snprintf(title, n, "Perf runs: %zu, %zu queued or running%s%s", p->grid.nview, live,
             p->priv ? " | " : "", p->priv ? (const char *)p->priv : "");
}

static void launch_done(rc_ui *ui, const char *text)
{
    char node[128] = "", target[256] = "";
    if (sscanf(text, "%127s %255s", node, target) < 1) {
        ui_message(ui, ROLE_WARN, "launch: give NODE [TARGET]");
        return;
    }
    ui_act_run_start(ui, node, target);
}

static void cancel_done(rc_ui *ui)
{
    ui_act_run_cancel(ui, (long)ui->pending_id);
}

static bool request(rc_pane *p, rc_ui *ui, rc_request req)
{
    const rc_run_rec *r = rc_grid_data(&p->grid, p->table->sel);
    switch (req) {
    case REQ_LAUNCH: {
        /* suggest the first configured node and the branch's latest tag */
        const char *const *nodes = NULL;
        size_t nn = 0;
        if (ui->cfg)
            rc_config_subsections(&nodes, &nn, ui->cfg, "node");
        char init[512] = "";
        char *latest = NULL;
        rc_branch_row b;
        if (rc_gitsync_branch_get(&b, ui->db, ui->branch) == 0 && b.latest_tag)
            latest = rc_sanitize(b.latest_tag, false);
        rc_branch_row_free(&b);
        rc_error_clear();
        snprintf(init, sizeof init, "%s %s", nn ? nodes[0] : "",
                 latest && *latest ? latest : ui->branch);
        free(latest);
        ui_ask(ui, "Launch on NODE TARGET: ", init, launch_done);
        return true;
    }
    case REQ_CANCEL:
        if (!r)
            return true;
        if (strcmp(r->state, "running") && strcmp(r->state, "queued")) {
            ui_message(ui, ROLE_WARN, "run %ld is %s: nothing to cancel", r->id, r->state);
            return true;
        }
        ui->pending_id = r->id;
        {
            char *t = rc_xasprintf("Cancel run %ld?", r->id);
            char *m = rc_xasprintf("Run %ld on %s is %s.\nIt will be stopped on the node.", r->id,
                                   r->node, r->state);
            ui_confirm(ui, t, m, cancel_done);
            free(t);
            free(m);
        }
        return true;
    case REQ_ENTER:
        if (!r)
            return true;
        if (r->log_path[0]) {
            char *t = rc_xasprintf("Run %ld log: %s (F: follow on/off)", r->id, r->log_path);
            ui_follow_log(ui, t, r->log_path);
            free(t);
        } else {
            char *d = model_run_detail(ui->db, r->id);
            char *t = rc_xasprintf("Run %ld (no log)", r->id);
            ui_show_text(ui, t, d);
            free(t);
            free(d);
        }
        return true;
    default:
        return false;
    }
}

const rc_pane_ops rc_pane_runs = {"runs", "Runs", open_, draw, request, NULL, NULL, NULL};
