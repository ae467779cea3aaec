/* What the cockpit's files share among themselves: the frame and loops
 * (tui/ui.c), its keys (tui/ui_keys.c), the views over a pane (detail,
 * help, log, gate: their keys and function bars, tui/views.c) and the sync
 * child (tui/ui_sync.c). Only for those files. */
#ifndef RELCAP_TUI_UI_INTERNAL_H
#define RELCAP_TUI_UI_INTERNAL_H

#include "tui/ui.h"

/* htop draws at any size; below this there is no room for a row of data */
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 15

/* tui/ui.c */
/* After the grid changed: the table follows its view. */
void ui_pane_refresh_rows(rc_pane *p);
/* The pane's select op: the selection carries the context (branch, tag). */
void ui_pane_selected(rc_ui *ui);

/* tui/ui_keys.c */
void ui_switch_pane(rc_ui *ui, int i);
void ui_handle_key(rc_ui *ui, int key);
/* The motion of a request that moves in a list (REQ_UP..REQ_END); false
 * (out undefined) for any other request. */
bool ui_request_motion(rc_wmotion *out, rc_request req);

/* tui/ui_sync.c */
void ui_start_sync(rc_ui *ui);
/* Reads what the sync child wrote; on its exit, reports and reloads. */
void ui_poll_sync(rc_ui *ui);
/* Live runs: a child `relcap run refresh` while any run is active. */
void ui_poll_runs(rc_ui *ui);
/* Has the selected branch no cherry-pick analysis (or a stale one)? Sync
 * analyses the maintained lines only. */
bool ui_picks_unanalysed(rc_ui *ui);
/* Analyses the selected branch: in the background (progress in the status
 * line), or at once in snapshot mode. */
void ui_analyse_branch(rc_ui *ui);

/* tui/views.c */
void ui_close_text(rc_ui *ui);
void ui_show_log(rc_ui *ui);
/* Re-reads a followed run log (the file grows while the run goes on). */
void ui_refresh_runlog(rc_ui *ui);
/* The detail view shows the selected row again (after a triage key). */
void ui_refresh_detail(rc_ui *ui);
void ui_help(rc_ui *ui);
/* The view on screen: the pane's name, or "detail", "help", "log", "gate". */
const char *ui_view_name(const rc_ui *ui);
/* The view's function bar into keys (labels static, keys in keybuf). */
size_t ui_function_bar(rc_ui *ui, rc_fnkey keys[24], char keybuf[24][24]);
/* The pane tabs (row 0) and the status line with the view's function bar
 * (the last two rows). */
void ui_draw_tabs(rc_ui *ui, int cols);
void ui_draw_title(rc_ui *ui, rc_pane *p, int cols);
void ui_draw_status(rc_ui *ui, int rows, int cols);
/* A key in a view over the pane. */
void ui_overlay_key(rc_ui *ui, rc_pane *p, rc_request req, int key);

#endif
