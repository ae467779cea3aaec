/* Branches pane: each release branch with version, status, ahead/behind
 * main, latest RC, CI and the pending / revert-needed pick counts. The
 * selected branch is the context of the picks and benchmarks panes. */
#include "core/error.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"Branch", "Version", "Status", "Ahd", "Bhd",
                                     "Latest", "CI",      "Pend",   "Rev"};
static const rc_table_col cols[] = {
    {"Branch", 0, 14, false}, {"Version", 8, 0, false}, {"Status", 12, 0, false},
    {"Ahd", 4, 0, true},      {"Bhd", 4, 0, true},      {"Latest", 11, 0, false},
    {"CI", 7, 0, false},      {"Pend", 4, 0, true},     {"Rev", 3, 0, true},
};

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table)
        ui_pane_table(p, cols, 9, titles);
    if (model_branches_load(&p->grid, ui->db) != 0)
        ui_message(ui, ROLE_ERROR, "branches: %s", rc_error_last());
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    (void)ui;
    snprintf(title, n, "Release branches: %zu", p->grid.nview);
}

static void select_(rc_pane *p, rc_ui *ui)
{
    const rc_branch_rec *b = rc_grid_data(&p->grid, p->table->sel);
    if (!b)
        return;
    snprintf(ui->branch, sizeof ui->branch, "%s", b->name);
    snprintf(ui->release, sizeof ui->release, "%s", b->release);
}

static char *detail(rc_pane *p, rc_ui *ui, char **title)
{
    const rc_branch_rec *b = rc_grid_data(&p->grid, p->table->sel);
    if (!b)
        return NULL;
    *title = rc_xasprintf("Branch %s", b->name);
    return model_branch_detail(ui->db, b->name);
}

const rc_pane_ops rc_pane_branches = {"branches", "Branches", open_,  draw,
                                      NULL,       select_,    detail, NULL};
