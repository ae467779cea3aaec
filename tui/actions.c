/* See actions.h: where the cockpit meets core modules still to come. */
#include "tui/actions.h"

#include "core/error.h"

#include <stdlib.h>

rc_tui_actions rc_actions = {
    .pick_apply = NULL, /* core/pick apply (issue 4) */
    .run_start = NULL,  /* core/run start (issue 7) */
    .run_cancel = NULL, /* core/run cancel (issue 7) */
};

static void not_yet(rc_ui *ui, const char *what)
{
    ui_message(ui, ROLE_WARN, "%s: not available yet in this build", what);
}

void ui_act_pick_apply(rc_ui *ui, const char *branch)
{
    if (!rc_actions.pick_apply) {
        not_yet(ui, "apply picks");
        return;
    }
    char *summary = NULL;
    if (rc_actions.pick_apply(ui, branch, &summary) != 0)
        ui_message(ui, ROLE_ERROR, "apply: %s", rc_error_last());
    else
        ui_message(ui, ROLE_GOOD, "%s", summary ? summary : "applied");
    free(summary);
    ui_reload(ui, true);
}

void ui_act_run_start(rc_ui *ui, const char *node, const char *target)
{
    if (!rc_actions.run_start) {
        not_yet(ui, "launch a run");
        return;
    }
    long id = 0;
    if (rc_actions.run_start(ui, node, target, &id) != 0)
        ui_message(ui, ROLE_ERROR, "launch: %s", rc_error_last());
    else
        ui_message(ui, ROLE_GOOD, "run %ld started on %s", id, node);
    ui_reload(ui, true);
}

void ui_act_run_cancel(rc_ui *ui, long run_id)
{
    if (!rc_actions.run_cancel) {
        not_yet(ui, "cancel a run");
        return;
    }
    if (rc_actions.run_cancel(ui, run_id) != 0)
        ui_message(ui, ROLE_ERROR, "cancel: %s", rc_error_last());
    else
        ui_message(ui, ROLE_GOOD, "run %ld cancelled", run_id);
    ui_reload(ui, true);
}
