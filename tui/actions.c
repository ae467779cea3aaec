#include "tui/actions.h"

#include "core/base/error.h"
#include "core/picks/apply.h"
#include "core/git/gitsync.h"
#include "core/picks/picks.h"
#include "core/runs/runs.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

void ui_act_pick_apply(rc_ui *ui, const char *branch)
{
    if (!ui_repo(ui)) {
        ui_message(ui, ROLE_ERROR, "apply: no repository (start relcap inside it, or with -C)");
        return;
    }
    rc_picks_apply_report rep;
    if (rc_picks_apply(&rep, ui_repo(ui), ui->db, ui->cfg, branch, false) != 0) {
        ui_message(ui, ROLE_ERROR, "apply: %s", rc_error_last());
    } else if (rep.conflict_sha[0]) {
        ui_message(ui, ROLE_ERROR, "apply: %.12s conflicts on %s; nothing applied",
                   rep.conflict_sha, branch);
    } else {
        ui_message(ui, ROLE_GOOD, "applied %zu %s onto %s (%.12s -> %.12s); not pushed", rep.nsteps,
                   ui_plural(rep.nsteps, "pick", "picks"), branch, rep.old_head, rep.new_head);
        ui_log(ui, "apply: %zu %s onto %s, head %s", rep.nsteps,
               ui_plural(rep.nsteps, "pick", "picks"), branch, rep.new_head);
    }
    rc_picks_apply_report_free(&rep);
    ui_reload(ui, true);
}

/* TARGET is a tag (any spelling), a branch or a commit, resolved as git
 * does; empty means the newest RC. */
static void run_target(rc_ui *ui, const char *target, rc_run_start_opts *o, char **owned)
{
    *owned = NULL;
    if (!*target) {
        rc_tag_row *rows;
        size_t n;
        if (rc_gitsync_tags(&rows, &n, ui->db, NULL, "rc", true) == 0 && n) {
            *owned = rows[0].name;
            rows[0].name = NULL;
        }
        rc_tag_rows_free(rows, n);
        rc_error_clear();
        o->tag = *owned;
        return;
    }
    /* as `relcap run start NODE TARGET`: one resolution in core/runs */
    if (rc_runs_target_resolve(o, owned, ui->db, ui_repo(ui), target) != 0)
        o->tag = o->branch = o->commit = NULL;
}

void ui_act_run_start(rc_ui *ui, const char *node, const char *target)
{
    rc_run_start_opts o = {0};
    char *owned;
    run_target(ui, target ? target : "", &o, &owned);
    if (!o.tag && !o.commit && !o.branch) {
        ui_message(ui, ROLE_ERROR, "launch: %s",
                   target && *target ? rc_error_last()
                                     : "no target given and no RC tag in the cache");
        free(owned);
        return;
    }
    int64_t id = 0;
    if (rc_runs_start(&id, ui->db, ui_repo(ui), ui->cfg, node, &o) != 0)
        ui_message(ui, ROLE_ERROR, "launch: %s", rc_error_last());
    else
        ui_message(ui, ROLE_GOOD, "run %lld started on %s", (long long)id, node);
    free(owned);
    ui_reload(ui, true);
}

void ui_act_run_cancel(rc_ui *ui, long run_id)
{
    if (rc_runs_cancel(ui->db, ui_repo(ui), ui->cfg, run_id) != 0)
        ui_message(ui, ROLE_ERROR, "cancel: %s", rc_error_last());
    else
        ui_message(ui, ROLE_GOOD, "run %ld cancelled", run_id);
    ui_reload(ui, true);
}
