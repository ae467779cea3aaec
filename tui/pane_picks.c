/* Cherry-picks pane: the candidates of the selected branch with state,
 * category, PR, subject, conflict and the captain's decision. Decisions are
 * saved at once (tui/decision.c); apply goes through tui/actions.c. */
#include "core/base/error.h"
#include "tui/actions.h"
#include "core/picks/category.h"
#include "core/picks/pick_detail.h"
#include "core/picks/triage.h"
#include "core/base/util.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"State", "Category", "PR", "Subject", "Conflict", "Decision"};
/* states and categories in their meaning order, for sorting (s) */
static const char *const state_order[] = {"revert-needed", "pending", "picked", "not-needed", NULL};
static const char *const decision_order[] = {"approve", "defer", "reject", NULL};
static const rc_table_col cols[] = {
    {.title = "State", .vocab = true, .order = state_order},
    {.title = "Category", .vocab = true, .order = rc_category_names},
    {.title = "PR", .vocab = true},
    {.title = "Subject", .min = 16},
    {.title = "Conflict", .vocab = true, .drop = 1},
    {.title = "Decision", .vocab = true, .order = decision_order},
};

typedef struct {
    rc_pick_counts counts;
} picks_priv;

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 6, titles);
        p->priv = rc_xcalloc(1, sizeof(picks_priv));
    }
    picks_priv *pp = p->priv;
    if (model_picks_load(&p->grid, ui->db, ui->branch, &pp->counts) != 0)
        ui_message(ui, ROLE_ERROR, "picks: %s", rc_error_last());
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    const rc_pick_counts *k = &((picks_priv *)p->priv)->counts;
    snprintf(title, n, "Picks for %s: %zu shown of %zu, %zu pending, %zu revert, %zu approved",
             *ui->branch ? ui->branch : "(no branch)", p->grid.nview, k->total, k->pending,
             k->revert_needed, k->approved);
}

static void save(rc_ui *ui, const char *decision, const char *category, const char *note)
{
    rc_pane *p = &ui->panes[ui->cur];
    const rc_pick_rec *r = rc_grid_data(&p->grid, p->table->sel);
    if (!r)
        return;
    char sha[41];
    long pr = r->pr;
    snprintf(sha, sizeof sha, "%s", r->sha);
    rc_triage_change ch = {.branch = ui->branch,
                           .sha = sha,
                           .pr = pr,
                           .decision = decision,
                           .category = category,
                           .note = note,
                           .author = ui_author(ui)};
    if (rc_triage_set(ui->db, &ch) != 0) {
        ui_message(ui, ROLE_ERROR, "saving the decision: %s", rc_error_last());
        return;
    }
    char what[160];
    if (decision)
        snprintf(what, sizeof what, "%s", decision);
    else if (category)
        snprintf(what, sizeof what, "category %s", category);
    else
        snprintf(what, sizeof what, "note");
    char prs[32] = "";
    if (pr > 0)
        snprintf(prs, sizeof prs, " #%ld", pr);
    ui_message(ui, ROLE_GOOD, "%.12s%s: %s saved", sha, prs, what);
    size_t sel = p->table->sel;
    open_(p, ui);
    rc_grid_apply(&p->grid);
    rc_table_set_rows(p->table, p->grid.nview);
    /* a decision moves on to the next candidate, as in a mail reader */
    rc_table_select(p->table, decision && sel + 1 < p->grid.nview ? sel + 1 : sel);
    ui_reload(ui, false);
}

static void note_done(rc_ui *ui, const char *text)
{
    save(ui, NULL, NULL, text);
}

static void category_done(rc_ui *ui, const char *text)
{
    if (!*text)
        return;
    const char *canon = rc_category_canonical(text);
    if (!canon) {
        rc_buf names = {0};
        for (const char *const *c = rc_category_names; *c; c++)
            rc_buf_printf(&names, "%s%s", names.len ? ", " : "", *c);
        ui_message(ui, ROLE_ERROR, "category '%s': use one of %s", text, names.ptr);
        rc_buf_free(&names);
        return;
    }
    save(ui, NULL, canon, NULL);
}

static void apply_done(rc_ui *ui)
{
    ui_act_pick_apply(ui, ui->branch);
}

static bool request(rc_pane *p, rc_ui *ui, rc_request req)
{
    const rc_pick_rec *r = rc_grid_data(&p->grid, p->table->sel);
    switch (req) {
    case REQ_APPROVE:
    case REQ_REJECT:
    case REQ_DEFER:
        if (!r) {
            ui_message(ui, ROLE_WARN, "no pick selected");
            return true;
        }
        save(ui,
             req == REQ_APPROVE  ? "approve"
             : req == REQ_REJECT ? "reject"
                                 : "defer",
             NULL, NULL);
        return true;
    case REQ_NOTE:
        if (r) {
            char *note = NULL, *old = NULL;
            if (rc_triage_note(&note, ui->db, ui->branch, r->sha) == 0 && note)
                old = rc_sanitize(note, false);
            rc_error_clear();
            free(note);
            ui_ask(ui, "Note: ", old, note_done);
            free(old);
        }
        return true;
    case REQ_CATEGORY:
        if (r)
            ui_ask(ui, "Category (e.g. critical, docs): ", r->category, category_done);
        return true;
    case REQ_APPLY: {
        size_t n = 0;
        char *list = model_picks_to_apply(ui->db, ui->branch, &n);
        if (n == 0) {
            ui_message(ui, ROLE_WARN, "nothing to apply: no approved, clean, pending pick on %s",
                       ui->branch);
        } else {
            char *title =
                rc_xasprintf("Apply %zu pick%s onto %s?", n, n == 1 ? "" : "s", ui->branch);
            char *msg = rc_xasprintf("git cherry-pick -x, in main's order, on the local branch:\n%s"
                                     "Nothing is pushed.",
                                     list);
            ui_confirm(ui, title, msg, apply_done);
            free(title);
            free(msg);
        }
        free(list);
        return true;
    }
    default:
        return false;
    }
}

static char *detail(rc_pane *p, rc_ui *ui, char **title)
{
    const rc_pick_rec *r = rc_grid_data(&p->grid, p->table->sel);
    if (!r)
        return NULL;
    *title = rc_xasprintf("Pick %.12s for %s", r->sha, ui->branch);
    char *text = model_pick_detail(ui->db, ui->branch, r->sha);
    char *dis = rc_pick_disagreements_text(ui->db, ui->branch, r->sha);
    if (!dis)
        return text;
    char *both = rc_xasprintf("%s\n%s", text ? text : "", dis);
    free(text);
    free(dis);
    return both;
}

const rc_pane_ops rc_pane_picks = {"picks", "Picks", open_, draw, request, NULL, detail, NULL};
