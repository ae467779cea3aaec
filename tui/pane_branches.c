/* Branches pane: each release branch with version, status, ahead/behind
 * main, latest RC, CI, the pending / revert-needed pick counts and the
 * readiness gate (core/ready) in short. The selected branch is the context
 * of the picks and benchmarks panes; r opens the gate's items, from which
 * 1..5 jump to the pane that fixes one.
 *
 * The gate reads rows of the cache only (the release documents are the
 * copies sync made, core/release/inputs.h), never a git object; it is still
 * a dozen queries a release line, so it is computed only for the rows on
 * screen (in an interactive session after the first frame, one row per
 * frame so keys come first) and kept until the pane reloads. */
#include "core/base/error.h"
#include "core/release/ready.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const titles[] = {"Branch", "Version", "Status", "Ahd", "Bhd",
                                     "Latest", "CI",      "Pend",   "Rev", "Ready"};
/* states in their meaning order, for sorting (s) */
static const char *const status_order[] = {"maintained", "unmaintained", "eol", NULL};
static const char *const ci_order[] = {"failure", "pending", "success", "none", NULL};
static const rc_table_col cols[] = {
    {.title = "Branch", .vocab = true},
    {.title = "Version", .vocab = true, .drop = 1}, /* the branch name says it */
    {.title = "Status", .vocab = true, .order = status_order},
    {.title = "Ahd", .width = 6, .right = true, .drop = 2},
    {.title = "Bhd", .width = 6, .right = true, .drop = 2},
    {.title = "Latest", .vocab = true},
    {.title = "CI", .vocab = true, .order = ci_order, .drop = 3},
    {.title = "Pend", .width = 6, .right = true},
    {.title = "Rev", .width = 6, .right = true},
    {.title = "Ready", .vocab = true},
};
#define COL_READY 9

typedef struct {
    bool *done; /* per grid row: the Ready cell holds the gate's summary */
    size_t n;
} branches_priv;

static int64_t now_of(const rc_ui *ui)
{
    return ui->now ? ui->now : (int64_t)time(NULL);
}

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 10, titles);
        p->priv = rc_xcalloc(1, sizeof(branches_priv));
    }
    branches_priv *b = p->priv;
    if (model_branches_load(&p->grid, ui->db) != 0)
        ui_message(ui, ROLE_ERROR, "branches: %s", rc_error_last());
    free(b->done);
    b->n = p->grid.nrows;
    b->done = rc_xcalloc(b->n ? b->n : 1, sizeof *b->done);
    for (size_t r = 0; r < p->grid.nrows; r++) {
        /* without a repository the gate cannot look at git: unknown */
        rc_grid_set_cell(&p->grid, r, COL_READY, ui->has_repo ? "..." : "?");
        rc_grid_role(&p->grid, r, COL_READY, ROLE_DIM);
        b->done[r] = !ui->has_repo;
    }
}

/* "ok", "3 fail", "2 ?" and its colour, for a release line. */
static void summary(rc_ui *ui, const char *release, char *out, size_t n, int *role)
{
    rc_ready_report r;
    /* ui->repo, not ui_repo: the gate reads the cache and the configuration
     * alone, and the first frame opens no repository (issue 18) */
    if (rc_ready_check(&r, ui->repo, ui->db, ui->cfg, release, now_of(ui)) != 0) {
        snprintf(out, n, "?");
        *role = ROLE_DIM;
        return;
    }
    if (r.nfail) {
        snprintf(out, n, "%zu fail", r.nfail);
        *role = ROLE_BAD;
    } else if (r.nunknown) {
        snprintf(out, n, "%zu ?", r.nunknown);
        *role = ROLE_WARN;
    } else {
        snprintf(out, n, "ok");
        *role = ROLE_GOOD;
    }
    rc_ready_report_free(&r);
}

/* Fills the Ready cells of the rows on screen. In an interactive session
 * not on the first frame (that one comes from the cache alone), and one
 * row a frame, asking the loop for the next frame at once, so that keys
 * are read between rows. */
static void fill_visible(rc_pane *p, rc_ui *ui)
{
    branches_priv *b = p->priv;
    if (!ui->has_repo)
        return;
    if (!ui->snapshot && ui->frames == 0) {
        ui->more_work = true;
        return;
    }
    size_t budget = ui->snapshot ? (size_t)-1 : 1;
    size_t top = p->table->top, h = (size_t)(getmaxy(stdscr) > 4 ? getmaxy(stdscr) - 4 : 1);
    for (size_t v = top; v < top + h && v < p->grid.nview; v++) {
        size_t r = p->grid.view[v];
        if (r >= b->n || b->done[r])
            continue;
        if (budget == 0) {
            ui->more_work = true;
            return;
        }
        budget--;
        const rc_branch_rec *rec = p->grid.data[r];
        char s[32];
        int role;
        summary(ui, rec->release, s, sizeof s, &role);
        rc_grid_set_cell(&p->grid, r, COL_READY, s); /* the column widens to it */
        rc_grid_role(&p->grid, r, COL_READY, role);
        b->done[r] = true;
    }
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    fill_visible(p, ui);
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
    return model_branch_detail(ui->db, ui->cfg, b->name);
}

static const char *const pane_names[] = {"", "branches", "RC tags", "picks", "bench", "runs"};

/* The gate of the selected branch's release: every item with its status,
 * reason, the command that shows more and the pane that fixes it. */
static void show_gate(rc_pane *p, rc_ui *ui)
{
    const rc_branch_rec *b = rc_grid_data(&p->grid, p->table->sel);
    if (!b) {
        ui_message(ui, ROLE_WARN, "no branch selected");
        return;
    }
    if (!ui->has_repo) {
        ui_message(ui, ROLE_WARN,
                   "readiness needs the repository (run relcap -C DIR ui, not a bare --db)");
        return;
    }
    rc_ready_report r;
    if (rc_ready_check(&r, ui->repo, ui->db, ui->cfg, b->release, now_of(ui)) != 0) {
        ui_message(ui, ROLE_ERROR, "ready %s: %s", b->release, rc_error_last());
        return;
    }
    rc_buf t = {0};
    rc_buf_printf(&t, "Release %s, branch %s, newest RC %s\n", r.version,
                  r.branch ? r.branch : "(not cut)", r.newest_rc ? r.newest_rc : "(none)");
    if (r.nfail == 0 && r.nunknown == 0)
        rc_buf_puts(&t, "READY: every item passes.\n\n");
    else
        rc_buf_printf(&t, "NOT READY: %zu failing, %zu unknown.\n\n", r.nfail, r.nunknown);
    ui->gate_panes = 0;
    for (size_t i = 0; i < r.nitems; i++) {
        const rc_ready_item *it = &r.items[i];
        if (it->status != RC_READY_PASS && it->pane >= 1 && it->pane <= 5)
            ui->gate_panes |= 1u << it->pane;
        const char *st = it->status == RC_READY_PASS   ? "pass"
                         : it->status == RC_READY_FAIL ? "FAIL"
                                                       : "unknown";
        rc_buf_printf(&t, "%-8s %-12s %s\n", st, it->name, it->reason ? it->reason : "");
        /* a failing item names the pane that fixes it; an unknown one where
         * to look; a passing one only where to see more */
        if (it->status != RC_READY_PASS && it->pane >= 1 && it->pane <= 5)
            rc_buf_printf(&t, "%-21s %s the %s pane: press %d; more: %s\n", "",
                          it->status == RC_READY_FAIL ? "fix in" : "see", pane_names[it->pane],
                          it->pane, it->where ? it->where : "-");
        else if (it->where)
            rc_buf_printf(&t, "%-21s more: %s\n", "", it->where);
    }
    rc_buf_puts(&t, "\nKeys: 1..5 open that pane, q closes.\n");
    char *title = rc_xasprintf("Ready %s: %s", r.version,
                               r.nfail      ? "no"
                               : r.nunknown ? "unknown"
                                            : "yes");
    ui_show_gate(ui, title, t.ptr);
    free(title);
    rc_buf_free(&t);
    rc_ready_report_free(&r);
}

static bool request(rc_pane *p, rc_ui *ui, rc_request req)
{
    if (req != REQ_READY)
        return false;
    show_gate(p, ui);
    return true;
}

static void close_(rc_pane *p)
{
    free(((branches_priv *)p->priv)->done);
}

const rc_pane_ops rc_pane_branches = {"branches", "Branches", open_,  draw,
                                      request,    select_,    detail, close_};
