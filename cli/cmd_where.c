/* relcap where: one answer per PR (or main commit) across every release
 * branch, agreeing with `relcap picks BRANCH` on each. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/picks/where.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>

const char cmd_where_usage[] =
    "usage: relcap where PR|SHA [--json]\n"
    "\n"
    "For every release branch (newest first), the state there of a trunk PR\n"
    "(#1234, 1234 or its URL) or of a main commit (a prefix of its id): picked\n"
    "(with the evidence and the commit on the branch), pending, revert-needed,\n"
    "not-needed, or before-cut (main had it when the branch was cut), and the\n"
    "first version tag of the branch that contains it. The states are those of\n"
    "`relcap picks BRANCH`; a branch not analysed yet is analysed first (its\n"
    "name goes to stderr).\n"
    "\n"
    "  --json   {pr, sha, subject, branches: [{branch, state, evidence,\n"
    "           picked_as, first_tag}]}\n";

static void progress(const char *branch, void *payload)
{
    (void)payload;
    char *b = rc_sanitize(branch, false);
    fprintf(stderr, "relcap: analysing %s...\n", b);
    free(b);
}

static cJSON *where_json(const rc_where *w)
{
    cJSON *o = cJSON_CreateObject();
    out_json_num(o, "pr", w->pr > 0, (double)w->pr);
    cJSON_AddStringToObject(o, "sha", w->sha);
    out_json_text(o, "subject", w->subject);
    cJSON *arr = cJSON_AddArrayToObject(o, "branches");
    for (size_t i = 0; i < w->nbranches; i++) {
        const rc_where_branch *b = &w->branches[i];
        cJSON *e = cJSON_CreateObject();
        out_json_text(e, "branch", b->branch);
        out_json_text(e, "state", rc_where_state_name(b));
        out_json_text(e, "evidence", rc_pick_evidence_name(b->evidence));
        out_json_text(e, "picked_as", b->picked_as);
        out_json_text(e, "first_tag", b->first_tag);
        cJSON_AddItemToArray(arr, e);
    }
    return o;
}

static void print_plain(const rc_where *w)
{
    char *s = rc_sanitize(w->subject, false);
    printf("%.10s %s\n", w->sha, s);
    free(s);
    for (size_t i = 0; i < w->nbranches; i++) {
        const rc_where_branch *b = &w->branches[i];
        char *name = rc_sanitize(b->branch, false);
        printf("  %-20s %-18s", name, rc_where_state_name(b));
        if (b->picked_as)
            printf(" as %.10s (%s)", b->picked_as, rc_pick_evidence_name(b->evidence));
        else if (b->evidence != RC_PICK_EVIDENCE_NONE)
            printf(" (%s)", rc_pick_evidence_name(b->evidence));
        if (b->first_tag) {
            char *t = rc_sanitize(b->first_tag, false);
            printf("  in %s", t);
            free(t);
        }
        printf("\n");
        free(name);
    }
}

int cmd_where(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *what = NULL;
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_END};
    int st = cmd_parse_opts(self, argc, argv,
                            &(cmd_args){.opts = opts,
                                        .pos = &what,
                                        .min = 1,
                                        .max = 1,
                                        .flags = CMD_ARGS_DASH,
                                        .extra = "one PR or commit at a time ('%s')",
                                        .missing = "expected PR or SHA"});
    rc_config *cfg;
    rc_db *db;
    git_repository *repo;
    if (st || (st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)) ||
        (st = ctx_repo(ctx, &repo)))
        return st;
    rc_where_ctx wc = {.db = db, .repo = repo, .cfg = cfg, .progress = progress};
    rc_where w;
    if (rc_picks_where(&w, &wc, what) != 0)
        return cmd_fail();
    if (json)
        cmd_print_json(where_json(&w));
    else
        print_plain(&w);
    rc_where_free(&w);
    return 0;
}
