/* Cherry-picks pane: the queue of the selected branch (by action, then
 * main's order; rows with nothing to do folded into one until `z`) with
 * action, state, category, PR, subject, conflict and the captain's
 * decision. Decisions are saved at once; approving what is on the branch
 * is refused, approving a conflict warns and offers its prerequisites;
 * apply goes through tui/actions.c. */
#include "core/base/error.h"
#include "tui/actions.h"
#include "core/picks/category.h"
#include "core/picks/pick_detail.h"
#include "core/picks/picks.h"
#include "core/picks/triage.h"
#include "core/base/util.h"
#include "tui/model.h"
#include "tui/ui.h"

#include <stdlib.h>
#include <string.h>

static const char *const titles[] = {"Action",  "State",    "Category", "PR",
                                     "Subject", "Conflict", "Decision"};
/* vocabularies in their meaning order, for sorting (s) */
static const char *const action_order[] = {"revert", "apply", "resolve", "decide",
                                           "review", "none",  NULL};
static const char *const state_order[] = {"revert-needed", "violation",  "pending",
                                          "picked",        "not-needed", NULL};
static const char *const decision_order[] = {"approve", "defer", "reject", NULL};
static const rc_table_col cols[] = {
    {.title = "Action", .vocab = true, .order = action_order},
    {.title = "State", .vocab = true, .order = state_order},
    {.title = "Category", .vocab = true, .order = rc_category_names},
    {.title = "PR", .vocab = true},
    {.title = "Subject", .min = 16},
    {.title = "Conflict", .vocab = true, .drop = 1},
    {.title = "Decision", .vocab = true, .order = decision_order},
};

typedef struct {
    rc_pick_counts counts;
    bool unfolded;
    char prereq_of[41]; /* candidate whose prerequisites the confirmation approves */
} picks_priv;

static void open_(rc_pane *p, rc_ui *ui)
{
    if (!p->table) {
        ui_pane_table(p, cols, 7, titles);
        p->priv = rc_xcalloc(1, sizeof(picks_priv));
    }
    picks_priv *pp = p->priv;
    if (model_picks_load(&p->grid, ui->db, ui->branch, &pp->counts, !pp->unfolded) != 0)
        ui_message(ui, ROLE_ERROR, "picks: %s", rc_error_last());
}

static void draw(rc_pane *p, rc_ui *ui, char *title, size_t n)
{
    const rc_pick_counts *k = &((picks_priv *)p->priv)->counts;
    size_t shown = 0; /* the folded line and the violations are no picks */
    for (size_t i = 0; i < p->grid.nview; i++) {
        const rc_pick_rec *r = rc_grid_data(&p->grid, i);
        shown += r && strcmp(r->state, "violation") != 0;
    }
    snprintf(title, n, "Picks for %s: %zu shown of %zu \xc2\xb7 %s",
             *ui->branch ? ui->branch : "(no branch)", shown, k->total, k->next);
}

/* Approving what is already on the branch is refused, saying where. */
static bool refuse_approve(rc_ui *ui, const char *sha)
{
    rc_pick_row *row = NULL;
    bool refused = false;
    if (rc_picks_get(&row, ui->db, ui->branch, sha) == 0 &&
        (row->state == RC_PICK_PICKED || row->state == RC_PICK_NOT_NEEDED)) {
        if (row->state == RC_PICK_PICKED)
            ui_message(ui, ROLE_ERROR, "%.10s is already on %s as %.8s (%s); nothing to approve",
                       sha, ui->branch, row->picked_as ? row->picked_as : "a release PR",
                       rc_pick_evidence_name(row->evidence));
        else
            ui_message(ui, ROLE_ERROR, "%.10s is not needed on %s; nothing to approve", sha,
                       ui->branch);
        refused = true;
    }
    rc_error_clear();
    rc_picks_row_free(row);
    return refused;
}

static void approve_prereqs_done(rc_ui *ui);

/* After approving a conflicting candidate: the warning, and the offer to
 * approve its prerequisites. */
static void after_approve(rc_ui *ui, const char *sha)
{
    rc_pick_row *row = NULL;
    if (rc_picks_get(&row, ui->db, ui->branch, sha) != 0 || !row->conflict ||
        strcmp(row->conflict, "conflict") != 0) {
        rc_error_clear();
        rc_picks_row_free(row);
        return;
    }
    rc_buf b = {0};
    rc_picks_explain_conflict(&b, ui->db, ui->cfg, row);
    ui_message(ui, ROLE_WARN, "approved %.10s, but %s", sha, b.ptr ? b.ptr : "it conflicts");
    size_t n = 0;
    for (const char *q = row->prereqs; q && *q; q++)
        n += q == row->prereqs || q[-1] == '\n';
    if (n) {
        picks_priv *pp = ui->panes[ui->cur].priv;
        snprintf(pp->prereq_of, sizeof pp->prereq_of, "%s", sha);
        char *title = rc_xasprintf("Approve with its %zu prerequisite%s?", n, n == 1 ? "" : "s");
        char *msg = rc_xasprintf("%s\n\nApproves also, in main's order:\n%s", b.ptr, row->prereqs);
        ui_confirm(ui, title, msg, approve_prereqs_done);
        free(title);
        free(msg);
    }
    rc_buf_free(&b);
    rc_picks_row_free(row);
}

static void save(rc_ui *ui, const char *decision, const char *category, const char *note)
{
    rc_pane *p = &ui->panes[ui->cur];
    const rc_pick_rec *r = rc_grid_data(&p->grid, p->table->sel);
    if (!r) {
        ui_message(ui, ROLE_WARN, "no pick selected");
        return;
    }
    char sha[41];
    long pr = r->pr;
    snprintf(sha, sizeof sha, "%s", r->sha);
    bool approve = decision && strcmp(decision, "approve") == 0;
    if (approve && refuse_approve(ui, sha))
        return;
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
        snprintf(what, sizeof what, "category %s", *category ? category : "auto");
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
    if (approve)
        after_approve(ui, sha);
}

static void approve_prereqs_done(rc_ui *ui)
{
    picks_priv *pp = ui->panes[ui->cur].priv;
    rc_pick_row *row = NULL;
    size_t n = 0;
    if (rc_picks_get(&row, ui->db, ui->branch, pp->prereq_of) == 0) {
        for (const char *q = row->prereqs; q && *q;) {
            size_t len = strcspn(q, "\n");
            char sha[41];
            snprintf(sha, sizeof sha, "%.*s", (int)(len < 40 ? len : 40), q);
            rc_triage_change ch = {
                .branch = ui->branch, .sha = sha, .decision = "approve", .author = ui_author(ui)};
            if (rc_triage_set(ui->db, &ch) == 0)
                n++;
            q += len;
            if (*q)
                q++;
        }
    }
    rc_error_clear();
    rc_picks_row_free(row);
    ui_message(ui, ROLE_GOOD, "approved %zu prerequisite%s of %.10s", n, n == 1 ? "" : "s",
               pp->prereq_of);
    rc_pane *p = &ui->panes[ui->cur];
    open_(p, ui);
    rc_grid_apply(&p->grid);
    rc_table_set_rows(p->table, p->grid.nview);
    ui_reload(ui, false);
}

static void note_done(rc_ui *ui, const char *text)
{
    save(ui, NULL, NULL, text);
}

/* The category menu: every category in its meaning order, then "auto"
 * (drop the captain's override: the engine's category again). */
static const char *const category_notes[] = {
    "fixes a regression of this release line",
    "fixes a crash, wrong output, a leak or security",
    "fixes a feature new in this release",
    "documentation only",
    "CI, tests, build, version: the branch's own",
    "new work: not admitted after the cut",
    "made by a bot: not a decision",
    "nothing says",
    "the engine's category (drop the override)",
};

static void category_chosen(rc_ui *ui, size_t i)
{
    size_t n = 0;
    while (rc_category_names[n])
        n++;
    /* "" clears the override */
    save(ui, NULL, i < n ? rc_category_names[i] : "", NULL);
}

static void choose_category(rc_ui *ui, const rc_pick_rec *r)
{
    const char *items[16];
    size_t n = 0, sel = 0;
    for (; rc_category_names[n] && n < 15; n++) {
        items[n] = rc_category_names[n];
        if (strcmp(rc_category_names[n], r->category) == 0)
            sel = n;
    }
    items[n] = "auto";
    char *title = rc_xasprintf("Category of %.10s", r->sha);
    ui_choose(ui, title, items, category_notes, n + 1, sel, category_chosen);
    free(title);
}

static void apply_done(rc_ui *ui)
{
    ui_act_pick_apply(ui, ui->branch);
}

/* A violation row is a commit of the branch, not a candidate: no decision
 * or category applies to it. True (and says so) for such a row. */
static bool refuse_violation(rc_ui *ui, const rc_pick_rec *r, rc_request req)
{
    if (!r || strcmp(r->state, "violation") != 0)
        return false;
    switch (req) {
    case REQ_APPROVE:
    case REQ_REJECT:
    case REQ_DEFER:
    case REQ_NOTE:
    case REQ_CATEGORY:
    case REQ_WHERE:
        ui_message(ui, ROLE_WARN,
                   "%.10s is a policy violation on %s, not a candidate: revert it on the branch"
                   " or record why (relcap picks --violations)",
                   *r->sha ? r->sha : "a tracker request", ui->branch);
        return true;
    default:
        return false;
    }
}

static bool request(rc_pane *p, rc_ui *ui, rc_request req)
{
    const rc_pick_rec *r = rc_grid_data(&p->grid, p->table->sel);
    if (refuse_violation(ui, r, req))
        return true;
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
            choose_category(ui, r);
        return true;
    case REQ_UNFOLD: {
        picks_priv *pp = p->priv;
        pp->unfolded = !pp->unfolded;
        open_(p, ui);
        rc_grid_apply(&p->grid);
        rc_table_set_rows(p->table, p->grid.nview);
        return true;
    }
    case REQ_WHERE:
        if (r) {
            char *text = model_pick_where(ui->db, ui_repo(ui), ui->cfg, r->sha);
            char *title = rc_xasprintf("Where is %.12s?", r->sha);
            ui_show_text(ui, title, text);
            free(title);
            free(text);
        }
        return true;
    case REQ_APPLY: {
        size_t n = 0;
        char *list = model_picks_to_apply(ui->db, ui_repo(ui), ui->cfg, ui->branch, &n);
        if (n == 0) {
            ui_message(ui, ROLE_WARN, "nothing to apply on %s: %s", ui->branch,
                       *list ? list : "no approved, clean, pending pick");
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
    if (strcmp(r->state, "violation") == 0) {
        *title = rc_xasprintf("Policy violation on %s", ui->branch);
        return model_violation_detail(ui->db, ui->branch, r->sha, r->pr);
    }
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
