/* Cockpit actions that change more than a decision: applying picks to the
 * branch and launching or cancelling perf runs. Each reports in the status
 * line and reloads the panes. */
#ifndef RELCAP_TUI_ACTIONS_H
#define RELCAP_TUI_ACTIONS_H

#include "tui/ui.h"

void ui_act_pick_apply(rc_ui *ui, const char *branch);
void ui_act_run_start(rc_ui *ui, const char *node, const char *target);
void ui_act_run_cancel(rc_ui *ui, long run_id);

#endif
