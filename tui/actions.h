/* The seams between the cockpit and actions whose core functions are still
 * being written (apply picks, launch and cancel perf runs). Each is a
 * function pointer, NULL until its core module lands; the cockpit then says
 * "not available yet" in the status line instead of acting. To connect one,
 * set the pointer in actions.c to a function calling the core module. */
#ifndef RELCAP_TUI_ACTIONS_H
#define RELCAP_TUI_ACTIONS_H

#include "tui/ui.h"

typedef struct {
    /* Applies the approved, clean, not-yet-picked picks onto branch.
     * Returns 0, or a negative RC_E* with rc_error_set. *summary (malloc'd)
     * says what was done. */
    int (*pick_apply)(rc_ui *ui, const char *branch, char **summary);
    /* Launches a perf run of target (tag, sha or branch) on node. */
    int (*run_start)(rc_ui *ui, const char *node, const char *target, long *run_id);
    int (*run_cancel)(rc_ui *ui, long run_id);
} rc_tui_actions;

extern rc_tui_actions rc_actions;

void ui_act_pick_apply(rc_ui *ui, const char *branch);
void ui_act_run_start(rc_ui *ui, const char *node, const char *target);
void ui_act_run_cancel(rc_ui *ui, long run_id);

#endif
