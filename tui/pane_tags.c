/* RC tags pane: tags grouped by release (newest first), kind, commit, date,
 * CI, and the next RC name of the selected tag's release line. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/release/rcdiff.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"Release", "Tag", "Kind", "Commit", "Date", "Branch", "CI"};
/* kinds and CI states in their meaning order, for sorting (s) */
static const char *const kind_order[] = {"dev", "pre", "rc", "final", "post", NULL};
static const char *const ci_order[] = {"failure", "pending", "success", "none", NULL};
static const rc_table_col cols[] = {
    {.title = "Release", .vocab = true},
    {.title = "Tag", .vocab = true},
    {.title = "Kind", .vocab = true, .drop = 2, .order = kind_order},
    {.title = "Commit", .width = 12, .drop = 1},
    {.title = "Date", .width = 10},
    {.title = "Branch", .width = 24},
    {.title = "CI", .vocab = true, .order = ci_order},
};

/* Grouped by release: in load order the release is written on the first
 * tag of each group only (a filter or another sort shows it on every row). */
static const char *cell(void *ud, size_t row, int col, char *buf, size_t n)
{
    (void)buf;
    (void)n;
    const rc_grid *g = &((rc_pane *)ud)->grid;
    const char *s = rc_grid_cell(g, row, col);
    if (col == 0 && row > 0 && g->sort_col < 0 && !g->filter &&
        strcmp(s, rc_grid_cell(g, row - 1, 0)) == 0)
        return "";
    return s;
}

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 7, titles);
        p->table->cell = cell;
    }
    if (model_tags_load(&p->grid, ui->db) != 0)
        ui_message(ui, ROLE_ERROR, "tags: %s", rc_error_last());
    /* start on the selected branch's release line */
    if (!p->loaded_for)
        for (size_t i = 0; i < p->grid.nview; i++) {
            const rc_tag_rec *t = rc_grid_data(&p->grid, i);
            if (t && strcmp(t->release, ui->release) == 0) {
                rc_table_set_rows(p->table, p->grid.nview);
                rc_table_select(p->table, i);
                break;
            }
        }
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    const rc_tag_rec *t = rc_grid_data(&p->grid, p->table->sel);
    const char *release = t ? t->release : ui->release;
    char *next = model_tags_next_rc(ui->db, ui->cfg, release);
    snprintf(title, n, "RC tags: %zu   release %s: %s", p->grid.nview, *release ? release : "-",
             next);
    free(next);
}

static char *detail(rc_pane *p, rc_ui *ui, char **title)
{
    const rc_tag_rec *t = rc_grid_data(&p->grid, p->table->sel);
    if (!t)
        return NULL;
    *title = rc_xasprintf("Tag %s", t->name);
    char *text = model_tag_detail(ui->db, ui->cfg, t->name);
    if (!ui->has_repo || strcmp(t->kind, "rc") != 0)
        return text;
    /* an RC's detail answers "what changed since the previous one?" */
    rc_rcdiff d;
    char *diff = NULL;
    if (rc_rcdiff_compute(&d, ui_repo(ui), ui->db, ui->cfg, NULL, t->name) == 0) {
        char *raw = rc_rcdiff_text(&d);
        diff = rc_sanitize(raw, true);
        free(raw);
        rc_rcdiff_free(&d);
    } else {
        diff = rc_sanitize(rc_error_last(), false);
        rc_error_clear();
    }
    char *both = rc_xasprintf("%s\nChanges %s\n", text, diff);
    free(text);
    free(diff);
    return both;
}

const rc_pane_ops rc_pane_tags = {"tags", "RC tags", open_, draw, NULL, NULL, detail, NULL};
