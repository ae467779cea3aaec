/* relcap diff [TAG_A] TAG_B [--json]: what changed between two tags. */
#include "cli/cmd.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/release/rcdiff.h"

#include <stdlib.h>
#include <string.h>

const char cmd_diff_usage[] =
    "usage: relcap diff [TAG_A] TAG_B [--json]\n"
    "What changed between two tags of a release line (\"what changed since rc2?\"): the\n"
    "commits in TAG_A..TAG_B, each as a pick (with its original PR on main, category and\n"
    "evidence), a revert (and what it reverts) or a branch-only commit (release-specific,\n"
    "or a violation with its reason); benchmark verdicts between the two tags' results;\n"
    "and, for tags of two release lines, the gate items whose status differs.\n"
    "TAG_A defaults to the tag before TAG_B in PEP 440 order on its line (else the\n"
    "previous final release). Tags may be given by name or version (0.9.2rc3).\n"
    "\n"
    "JSON: {\"from\", \"to\", \"picks\", \"reverts\", \"branch_only\", \"main_commits\",\n"
    "\"bench\", \"ready\"}.\n";

int cmd_diff(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *pos[2];
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_END};
    int st = cmd_parse_args(self, argc, argv, opts, pos, 1, 2, "diff needs at least TAG_B");
    if (st || (st = ctx_open_all(ctx)))
        return st;
    rc_rcdiff d;
    if (rc_rcdiff_compute(&d, ctx->repo, ctx->db, ctx->cfg, pos[1] ? pos[0] : NULL,
                          pos[1] ? pos[1] : pos[0]) != 0)
        return cmd_fail();
    if (json) {
        cmd_print_json(rc_rcdiff_json(&d));
    } else {
        cmd_print_text(rc_rcdiff_text(&d));
    }
    rc_rcdiff_free(&d);
    return 0;
}
