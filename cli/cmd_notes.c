/* relcap notes TAG [--from TAG] [--markdown|--json]: a release notes draft. */
#include "cli/cmd.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/release/notes.h"

#include <stdlib.h>
#include <string.h>

const char cmd_notes_usage[] =
    "usage: relcap notes TAG [--from TAG] [--markdown|--json]\n"
    "Draft release notes: the PRs that TAG ships and FROM did not (git's FROM..TAG: for a\n"
    "release, main's commits between the two cuts plus the line's picks), each PR once (a\n"
    "pick counts as its original PR; a change reverted inside the range is left out),\n"
    "grouped by subject prefix ([Model], [Bugfix], [Perf], [Doc], [CI], [Kernel], ...;\n"
    "relcap.notesGroup maps more), with PR links when relcap.github is set, author\n"
    "handles when the PR is in the cache (else the git author), the number of\n"
    "contributors and the first-time contributors (no commit before FROM).\n"
    "FROM defaults to the previous final release of another line. The output is\n"
    "deterministic; --markdown (the default) is ready to paste into a GitHub release.\n"
    "\n"
    "JSON: {\"from\", \"to\", \"prs\", \"contributors\", \"first_time\", \"groups\": [{\"title\",\n"
    "\"prefix\", \"entries\": [{\"pr\", \"sha\", \"title\", \"author\", \"url\", "
    "\"first_time\"}]}]}.\n";

int cmd_notes(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *tag = NULL, *from = NULL;
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_FALSE("--markdown", &json),
                            OPT_STRING("--from", &from), OPT_END};
    int st = cmd_parse_args(self, argc, argv, opts, &tag, 1, 1, "notes needs a TAG");
    if (st || (st = ctx_open_all(ctx)))
        return st;
    rc_notes n;
    if (rc_notes_compute(&n, ctx->repo, ctx->db, ctx->cfg, tag, from) != 0)
        return cmd_fail();
    if (json) {
        cmd_print_json(rc_notes_json(&n));
    } else {
        cmd_print_text(rc_notes_markdown(&n));
    }
    rc_notes_free(&n);
    return 0;
}
