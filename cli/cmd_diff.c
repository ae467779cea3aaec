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

static void print_list(const char *title, const rc_rcdiff_commit *v, size_t n, int kind)
{
    printf("%s (%zu)\n", title, n);
    for (size_t i = 0; i < n; i++) {
        char *s = rc_sanitize(v[i].subject ? v[i].subject : "", false);
        printf("  %.10s %s", v[i].sha, s);
        free(s);
        if (kind == 0) {
            char *c = rc_sanitize(v[i].category ? v[i].category : "-", false);
            char *e = rc_sanitize(v[i].evidence ? v[i].evidence : "-", false);
            printf("  [pick of %.10s", v[i].candidate);
            if (v[i].pr > 0)
                printf(" #%ld", v[i].pr);
            printf(", %s, %s]", c, e);
            free(c);
            free(e);
        } else if (kind == 1) {
            char *t = rc_sanitize(v[i].reverts_subject ? v[i].reverts_subject : "", false);
            if (v[i].reverts[0])
                printf("  [reverts %.10s %s]", v[i].reverts, t);
            free(t);
        } else if (v[i].violation) {
            char *t = rc_sanitize(v[i].violation, false);
            printf("  [violation: %s]", t);
            free(t);
        }
        printf("\n");
    }
}

static void print_json_list(const char *title, const cJSON *arr)
{
    if (!cJSON_GetArraySize(arr))
        return;
    printf("%s (%d)\n", title, cJSON_GetArraySize(arr));
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char *t = cJSON_PrintUnformatted(e), *s = rc_sanitize(t, false);
        printf("  %s\n", s);
        free(s);
        free(t);
    }
}

int cmd_diff(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("diff", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("diff");
    const char *pos[2] = {0};
    int npos = 0;
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (argv[i][0] != '-' && npos < 2)
            pos[npos++] = argv[i];
        else
            return cmd_usage_error(self, "unexpected argument '%s'", argv[i]);
    }
    if (!npos)
        return cmd_usage_error(self, "diff needs at least TAG_B");
    rc_config *cfg;
    rc_db *db;
    git_repository *repo;
    int st;
    if ((st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)) || (st = ctx_repo(ctx, &repo)))
        return st;
    rc_rcdiff d;
    if (rc_rcdiff_compute(&d, repo, db, cfg, npos == 2 ? pos[0] : NULL, pos[npos - 1]) != 0)
        return cmd_fail();
    if (json) {
        cmd_print_json(rc_rcdiff_json(&d));
    } else {
        printf("%s..%s\n", d.from, d.to);
        print_list("picks", d.picks, d.npicks, 0);
        print_list("reverts", d.reverts, d.nreverts, 1);
        print_list("branch-only", d.branch_only, d.nbranch_only, 2);
        if (d.main_commits)
            printf("main commits (%zu)\n", d.main_commits);
        print_json_list("bench", d.bench);
        print_json_list("ready", d.ready);
    }
    rc_rcdiff_free(&d);
    return 0;
}
