/* The cockpit's keys: a key goes to the dialog on screen (menu, confirm,
 * prompt), else through the keymap to the view or the pane (tig's dispatch:
 * one handler per request, a table). */
#include "tui/ui.h"

#include "tui/actions.h"
#include "tui/ui_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_switch_pane(rc_ui *ui, int i)
{
    ui_pane_selected(ui); /* carry the context over */
    ui->cur = (i % RC_NPANES + RC_NPANES) % RC_NPANES;
    ui_reload(ui, false);
    ui->msg[0] = '\0';
    ui->msg_role = 0;
}

static void filter_changed(rc_ui *ui)
{
    rc_pane *p = &ui->panes[ui->cur];
    char err[400];
    if (!rc_grid_filter_ok(&p->grid, ui->prompt->text, err, sizeof err))
        ui_message(ui, ROLE_ERROR, "%s", err);
    else if (ui->msg_role == ROLE_ERROR)
        ui->msg[0] = '\0';
    rc_grid_set_filter(&p->grid, ui->prompt->text);
    ui_pane_refresh_rows(p);
    rc_table_home(p->table);
}

static void prompt_key(rc_ui *ui, int key)
{
    int st = rc_prompt_feed(ui->prompt, key);
    if (ui->prompt_live && st == RC_PROMPT_EDITING) {
        filter_changed(ui);
        return;
    }
    if (st == RC_PROMPT_EDITING)
        return;
    rc_prompt *pr = ui->prompt;
    ui->prompt = NULL;
    if (st == RC_PROMPT_CANCELLED) { /* what the line said before is stale now */
        ui->msg[0] = '\0';
        ui->msg_role = 0;
    }
    if (ui->prompt_live) {
        rc_pane *p = &ui->panes[ui->cur];
        if (st == RC_PROMPT_CANCELLED) { /* Esc restores the filter as it was */
            rc_grid_set_filter(&p->grid, ui->filter_before);
            ui_pane_refresh_rows(p);
        }
        free(ui->filter_before);
        ui->filter_before = NULL;
        ui->prompt_live = false;
        ui_pane_selected(ui);
    } else if (st == RC_PROMPT_DONE && ui->prompt_done) {
        ui->prompt_done(ui, pr->text);
        ui_refresh_detail(ui); /* a note or category given from the detail view */
    }
    rc_prompt_free(pr);
}

static void menu_key(rc_ui *ui, int key)
{
    int st = rc_menu_feed(ui->menu, key);
    if (st == RC_MENU_OPEN)
        return;
    size_t sel = ui->menu->sel;
    rc_menu_free(ui->menu);
    ui->menu = NULL;
    if (st == RC_MENU_CHOSEN && ui->menu_done)
        ui->menu_done(ui, sel);
    else if (st == RC_MENU_CANCELLED)
        ui_message(ui, 0, "cancelled");
}

static void confirm_key(rc_ui *ui, int key)
{
    int st = rc_confirm_feed(ui->confirm, key);
    if (st == RC_CONFIRM_PENDING)
        return;
    rc_confirm_free(ui->confirm);
    ui->confirm = NULL;
    if (st == RC_CONFIRM_YES && ui->confirm_done)
        ui->confirm_done(ui);
    else if (st == RC_CONFIRM_NO)
        ui_message(ui, 0, "cancelled");
}

/* REQ_UP..REQ_END as a motion of a list; the other requests are none. */
static const rc_wmotion motions[REQ_COUNT] = {
    [REQ_UP] = {-1, 0, 0},       [REQ_DOWN] = {1, 0, 0},  [REQ_PAGE_UP] = {0, -1, 0},
    [REQ_PAGE_DOWN] = {0, 1, 0}, [REQ_HOME] = {0, 0, -1}, [REQ_END] = {0, 0, 1},
};

bool ui_request_motion(rc_wmotion *out, rc_request req)
{
    if (req <= REQ_NONE || req >= REQ_COUNT)
        return false;
    *out = motions[req];
    return out->rows || out->pages || out->edge;
}

static void table_request(rc_ui *ui, rc_table *t, rc_request req)
{
    rc_wmotion m;
    if (!ui_request_motion(&m, req))
        return;
    rc_table_motion(t, m);
    ui_pane_selected(ui);
}

static void click(rc_ui *ui, MEVENT *ev)
{
    if (ui->overlay != OV_NONE && ui->text) {
        if (ev->bstate & BUTTON4_PRESSED)
            rc_textview_scroll(ui->text, -3);
#ifdef BUTTON5_PRESSED
        else if (ev->bstate & BUTTON5_PRESSED)
            rc_textview_scroll(ui->text, 3);
#endif
        return;
    }
    if (ev->y == 0 && (ev->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))) {
        int x = 0;
        for (int i = 0; i < RC_NPANES; i++) {
            char t[64];
            snprintf(t, sizeof t, " %d %s ", i + 1, ui->panes[i].ops->title);
            int w = rc_wwidth(t);
            if (ev->x >= x && ev->x < x + w) {
                ui_switch_pane(ui, i);
                return;
            }
            x += w;
        }
        return;
    }
    rc_pane *p = &ui->panes[ui->cur];
    if (rc_table_mouse(p->table, ev->y, ev->x, ev->bstate))
        ui_pane_selected(ui);
}

/* ---- requests on a pane (tig style: one handler per request, a table) ---- */

typedef void (*request_fn)(rc_ui *ui, rc_pane *p, rc_request req, int key);

static void req_move(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)key;
    table_request(ui, p->table, req);
}

static void req_pane(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)p;
    (void)key;
    if (req == REQ_NEXT_PANE)
        ui_switch_pane(ui, ui->cur + 1);
    else if (req == REQ_PREV_PANE)
        ui_switch_pane(ui, ui->cur - 1);
    else
        ui_switch_pane(ui, (int)(req - REQ_PANE_1));
}

static void req_enter(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)req;
    (void)key;
    if (p->ops == &rc_pane_picks && p->grid.nrows == 0 && ui_picks_unanalysed(ui)) {
        ui_analyse_branch(ui); /* a branch sync does not analyse */
        return;
    }
    char *title = NULL;
    char *text = p->ops->detail ? p->ops->detail(p, ui, &title) : NULL;
    if (text)
        ui_show_text(ui, title ? title : "Detail", text);
    free(title);
    free(text);
}

static void req_back(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)req;
    if (p->grid.filter) { /* first Esc/q clears the filter */
        rc_grid_set_filter(&p->grid, NULL);
        ui_pane_refresh_rows(p);
        ui_message(ui, 0, "filter cleared");
    } else if (key == 27) { /* Esc never quits: it is pressed to get out of things */
        ui_message(ui, 0, "nothing to close: q quits");
    } else {
        ui->quit = true;
    }
}

static void req_quit(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)p;
    (void)req;
    (void)key;
    ui->quit = true;
}

static void req_view(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)p;
    (void)key;
    if (req == REQ_HELP)
        ui_help(ui);
    else if (req == REQ_LOG)
        ui_show_log(ui);
    else
        ui_start_sync(ui);
}

static void req_filter(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)req;
    (void)key;
    ui_ask(ui, "/", p->grid.filter, NULL);
    ui->prompt_live = true;
    free(ui->filter_before);
    ui->filter_before = p->grid.filter ? rc_xstrdup(p->grid.filter) : NULL;
}

/* s: ascending, then descending, then the next column; S: as loaded. */
static void req_sort(rc_ui *ui, rc_pane *p, rc_request req, int key)
{
    (void)key;
    rc_grid *g = &p->grid;
    if (req == REQ_SORT_RESET) {
        g->sort_col = -1;
        g->sort_desc = false;
    } else if (g->sort_col >= 0 && !g->sort_desc) {
        g->sort_desc = true;
    } else {
        g->sort_col = g->sort_col + 1 >= g->ncols ? -1 : g->sort_col + 1;
        g->sort_desc = false;
    }
    rc_grid_apply(g);
    ui_pane_refresh_rows(p);
    if (g->sort_col >= 0)
        ui_message(ui, 0, "sorted by %s%s (S: as loaded)", p->table->cols[g->sort_col].title,
                   g->sort_desc ? " (descending)" : "");
    else
        ui_message(ui, 0, "sorted as loaded");
}

/* What each request does on a pane when the pane's own ops did not take
 * it; NULL: nothing. */
static const request_fn pane_requests[REQ_COUNT] = {
    [REQ_UP] = req_move,         [REQ_DOWN] = req_move,      [REQ_PAGE_UP] = req_move,
    [REQ_PAGE_DOWN] = req_move,  [REQ_HOME] = req_move,      [REQ_END] = req_move,
    [REQ_NEXT_PANE] = req_pane,  [REQ_PREV_PANE] = req_pane, [REQ_PANE_1] = req_pane,
    [REQ_PANE_2] = req_pane,     [REQ_PANE_3] = req_pane,    [REQ_PANE_4] = req_pane,
    [REQ_PANE_5] = req_pane,     [REQ_ENTER] = req_enter,    [REQ_BACK] = req_back,
    [REQ_QUIT] = req_quit,       [REQ_HELP] = req_view,      [REQ_LOG] = req_view,
    [REQ_SYNC] = req_view,       [REQ_FILTER] = req_filter,  [REQ_SORT] = req_sort,
    [REQ_SORT_RESET] = req_sort,
};

/* The request for key: the view's keys first (F in the log view), then the
 * pane's. */
static rc_request key_request(rc_ui *ui, rc_pane *p, int key)
{
    rc_request req = ui->overlay != OV_NONE ? rc_keymap_lookup(key, ui_view_name(ui)) : REQ_NONE;
    if (req == REQ_NONE ||
        (ui->overlay != OV_NONE && req != REQ_FOLLOW && rc_keymap_lookup(key, p->ops->name) != req))
        req = rc_keymap_lookup(key, p->ops->name);
    return req;
}

/* A key goes to the dialog on screen, else the view, else the pane. */
void ui_handle_key(rc_ui *ui, int key)
{
    if (key == KEY_RESIZE || key == ERR)
        return; /* the next frame lays out at the new size */
    if (key == KEY_MOUSE) {
        MEVENT ev;
        if (getmouse(&ev) == OK && !ui->prompt && !ui->confirm && !ui->menu)
            click(ui, &ev);
        return;
    }
    if (ui->menu) {
        menu_key(ui, key);
        return;
    }
    if (ui->confirm) {
        confirm_key(ui, key);
        return;
    }
    if (ui->prompt) {
        prompt_key(ui, key);
        return;
    }
    rc_pane *p = &ui->panes[ui->cur];
    rc_request req = key_request(ui, p, key);
    int rows = getmaxy(stdscr), cols = getmaxx(stdscr);
    if (cols < UI_MIN_COLS || rows < UI_MIN_ROWS) {
        if ((req == REQ_BACK && key != 27) || req == REQ_QUIT)
            ui->quit = true;
        return;
    }
    if (ui->overlay != OV_NONE) {
        ui_overlay_key(ui, p, req, key);
        return;
    }
    if (p->ops->request && p->ops->request(p, ui, req))
        return;
    if (req > REQ_NONE && req < REQ_COUNT && pane_requests[req])
        pane_requests[req](ui, p, req, key);
}
