#include "tui/actions.h"

#include "core/error.h"
#include "core/picks.h"

#include <stdlib.h>

void ui_act_pick_apply(rc_ui *ui, const char *branch)
{
    if (!ui->repo) {
        ui_message(ui, ROLE_ERROR, "apply: no repository (start relcap inside it, or with -C)");
        return;
    }
    rc_apply_report rep;
    if (rc_picks_apply(&rep, ui->repo, ui->db, ui->cfg, branch, false) != 0) {
        ui_message(ui, ROLE_ERROR, "apply: %s", rc_error_last());
    } else if (rep.conflict_sha[0]) {
        ui_message(ui, ROLE_ERROR, "apply: %.12s conflicts on %s; nothing applied",
                   rep.conflict_sha, branch);
    } else {
        ui_message(ui, ROLE_GOOD, "applied %zu pick%s onto %s (%.12s -> %.12s); not pushed",
                   rep.nsteps, rep.nsteps == 1 ? "" : "s", branch, rep.old_head, rep.new_head);
        ui_log(ui, "apply: %zu picks onto %s, head %s", rep.nsteps, branch, rep.new_head);
    }
    rc_apply_report_free(&rep);
    ui_reload(ui, true);
}

void ui_act_run_start(rc_ui *ui, const char *node, const char *target)
{
    (void)node;
    (void)target;
    ui_message(ui, ROLE_WARN, "launch a run: not available yet in this build");
}

void ui_act_run_cancel(rc_ui *ui, long run_id)
{
    (void)run_id;
    ui_message(ui, ROLE_WARN, "cancel a run: not available yet in this build");
}
