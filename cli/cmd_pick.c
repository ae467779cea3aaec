/* relcap pick: triage decisions (user data), their export and import, and
 * applying approved picks onto the local release branch. */
#include "core/picks/category.h"
#include "core/base/error.h"
#include "core/picks/apply.h"
#include "core/picks/picks.h"
#include "core/picks/triage.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>

const char cmd_pick_usage[] =
    "usage: relcap pick approve|reject|defer SHA|#PR [--note TEXT] [--branch B]\n"
    "       relcap pick note SHA|#PR TEXT [--branch B]\n"
    "       relcap pick category SHA|#PR CATEGORY [--branch B]\n"
    "       relcap pick export [FILE] [--branch B]\n"
    "       relcap pick import FILE\n"
    "       relcap pick apply [--branch B] [--dry-run]\n"
    "       relcap pick show SHA|#PR [--branch B] [--json]\n"
    "\n"
    "Decisions are kept per (branch, candidate) with author (relcap.author, else\n"
    "user.name) and time; they survive every sync and `relcap cache clear`.\n"
    "CATEGORY is one of regression-fix, critical-fix, new-feature-fix,\n"
    "documentation, release-specific, feature, unknown, or 'auto' to drop the\n"
    "override. export writes JSON to FILE (default stdout); import reads it back\n"
    "('-' for stdin), refusing the whole file when an entry is bad.\n"
    "apply cherry-picks the approved, clean, not yet picked candidates onto the\n"
    "local branch B in main's order, with git's -x trailer; it refuses a dirty\n"
    "work tree and a branch checked out in another worktree, changes nothing when\n"
    "a pick conflicts, and never pushes. B defaults to the newest maintained\n"
    "release branch.\n"
    "show prints one candidate: state, evidence, the decision, every decision in\n"
    "the log with its author (decisions imported from other captains' tracker\n"
    "reports included) and DISAGREE lines when two people decided differently\n"
    "within a day.\n";

static char *author_of(rc_ctx *ctx, rc_config *cfg)
{
    const char *a = NULL;
    if (rc_config_string(&a, cfg, "relcap.author") == 0 && a && *a)
        return rc_xstrdup(a);
    git_repository *repo = ctx->repo;
    git_config *gc = NULL;
    char *out = NULL;
    if ((repo ? git_repository_config_snapshot(&gc, repo) : git_config_open_default(&gc)) == 0) {
        const char *n;
        if (git_config_get_string(&n, gc, "user.name") == 0 && n && *n)
            out = rc_xstrdup(n);
        git_config_free(gc);
    }
    rc_error_clear();
    if (!out) {
        const char *u = getenv("USER");
        out = rc_xstrdup(u && *u ? u : "unknown");
    }
    return out;
}

typedef struct {
    const char *branch, *note, *file;
    bool dry_run;
    const char *pos[3];
    int npos;
} pick_args;

static int parse(pick_args *a, const rc_cmd *self, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--branch") == 0 || strcmp(argv[i], "--note") == 0) {
            if (i + 1 >= argc)
                return cmd_usage_error(self, "%s needs a value", argv[i]);
            if (argv[i][2] == 'b')
                a->branch = argv[++i];
            else
                a->note = argv[++i];
        } else if (strcmp(argv[i], "--dry-run") == 0) {
            a->dry_run = true;
        } else if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "-") != 0 &&
                   !(argv[i][1] >= '0' && argv[i][1] <= '9')) {
            return cmd_usage_error(self, "unknown option '%s'", argv[i]);
        } else if (a->npos < 3) {
            a->pos[a->npos++] = argv[i];
        } else {
            return cmd_usage_error(self, "too many arguments ('%s')", argv[i]);
        }
    }
    return 0;
}

int cmd_pick_open(rc_ctx *ctx, const char **branch, char **def)
{
    *def = NULL;
    int st = ctx_open_all(ctx);
    if (st)
        return st;
    if (!*branch) {
        if (rc_picks_default_branch(def, ctx->db) != 0)
            return cmd_fail();
        *branch = *def;
    }
    if (rc_picks_ensure(NULL, ctx->db, ctx->repo, ctx->cfg, *branch) != 0) {
        free(*def);
        *def = NULL;
        return cmd_fail();
    }
    return 0;
}

static int do_decide(rc_ctx *ctx, const rc_cmd *self, const char *verb, pick_args *a)
{
    const char *decision = NULL, *category = NULL, *note = a->note;
    if (strcmp(verb, "note") == 0) {
        if (a->npos != 2)
            return cmd_usage_error(self, "usage: relcap pick note SHA|#PR TEXT");
        note = a->pos[1];
    } else if (strcmp(verb, "category") == 0) {
        if (a->npos != 2)
            return cmd_usage_error(self, "usage: relcap pick category SHA|#PR CATEGORY");
        if (strcmp(a->pos[1], "auto") == 0) {
            category = "";
        } else if (!(category = rc_category_canonical(a->pos[1]))) {
            return cmd_usage_error(self,
                                   "unknown category '%s' (regression-fix, critical-fix, "
                                   "new-feature-fix, documentation, release-specific, feature, "
                                   "unknown, auto)",
                                   a->pos[1]);
        }
    } else {
        if (a->npos != 1)
            return cmd_usage_error(self, "usage: relcap pick %s SHA|#PR [--note TEXT]", verb);
        decision = verb;
    }
    char *def;
    const char *branch = a->branch;
    int st = cmd_pick_open(ctx, &branch, &def);
    if (st)
        return st;
    rc_db *db = ctx->db;
    char sha[41];
    long pr = 0;
    if (rc_picks_resolve(sha, &pr, db, branch, a->pos[0]) != 0) {
        free(def);
        return cmd_fail();
    }
    char *author = author_of(ctx, ctx->cfg);
    rc_triage_change ch = {.branch = branch,
                           .sha = sha,
                           .pr = pr,
                           .decision = decision,
                           .category = category,
                           .note = note,
                           .author = author};
    int rc = rc_triage_set(db, &ch);
    if (rc == 0) {
        char *b = rc_sanitize(branch, false);
        if (decision)
            printf("%s %.10s on %s\n",
                   strcmp(decision, "approve") == 0  ? "approved"
                   : strcmp(decision, "reject") == 0 ? "rejected"
                                                     : "deferred",
                   sha, b);
        else if (category)
            printf("category of %.10s on %s: %s\n", sha, b, *category ? category : "auto");
        else
            printf("note saved for %.10s on %s\n", sha, b);
        free(b);
    }
    free(author);
    free(def);
    return rc ? cmd_fail() : 0;
}

static int do_export(rc_ctx *ctx, const rc_cmd *self, pick_args *a)
{
    if (a->npos > 1)
        return cmd_usage_error(self, "usage: relcap pick export [FILE]");
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    char *json;
    if (rc_triage_export(&json, db, a->branch) != 0)
        return cmd_fail();
    int rc = 0;
    if (a->npos == 1 && strcmp(a->pos[0], "-") != 0) {
        if (rc_file_write(a->pos[0], json, strlen(json), 0600) != 0)
            rc = cmd_fail();
    } else {
        fputs(json, stdout);
    }
    free(json);
    return rc;
}

static int do_import(rc_ctx *ctx, const rc_cmd *self, pick_args *a)
{
    if (a->npos != 1)
        return cmd_usage_error(self, "usage: relcap pick import FILE");
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    char *data = NULL;
    size_t len = 0;
    if (strcmp(a->pos[0], "-") == 0) {
        rc_buf b = {0};
        char chunk[8192];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
            rc_buf_put(&b, chunk, n);
        len = b.len;
        data = rc_buf_detach(&b);
    } else if (rc_file_read(&data, &len, a->pos[0]) != 0) {
        return cmd_fail();
    }
    rc_triage_import_report rep;
    int rc = rc_triage_import(&rep, db, data, len);
    free(data);
    if (rc) {
        char *f = rc_sanitize(a->pos[0], false);
        char *m = rc_sanitize(rc_error_last(), true);
        fprintf(stderr, "relcap: %s: %s\n", f, m);
        free(f);
        free(m);
        return 1;
    }
    printf("imported %zu decision%s", rep.imported, rep.imported == 1 ? "" : "s");
    if (rep.skipped)
        printf(", kept %zu newer stored one%s", rep.skipped, rep.skipped == 1 ? "" : "s");
    printf("\n");
    return 0;
}

static int do_apply(rc_ctx *ctx, const rc_cmd *self, pick_args *a)
{
    if (a->npos)
        return cmd_usage_error(self, "usage: relcap pick apply [--branch B] [--dry-run]");
    char *def;
    const char *branch = a->branch;
    int st = cmd_pick_open(ctx, &branch, &def);
    if (st)
        return st;
    rc_picks_apply_report rep;
    int rc = rc_picks_apply(&rep, ctx->repo, ctx->db, ctx->cfg, branch, a->dry_run);
    if (rep.recovered) {
        char *said = rc_sanitize(rep.recovered, false);
        fprintf(stderr, "relcap: %s\n", said);
        free(said);
    }
    char *b = rc_sanitize(branch, false);
    for (size_t i = 0; i < rep.nsteps; i++) {
        char *s = rc_sanitize(rep.steps[i].subject, false);
        if (a->dry_run)
            printf("would pick %.10s %s\n", rep.steps[i].sha, s);
        else if (!rc)
            printf("picked %.10s as %.10s %s\n", rep.steps[i].sha, rep.steps[i].new_sha, s);
        free(s);
    }
    if (rc) {
        cmd_fail();
        if (rep.conflict_sha[0]) {
            for (const char *p = rep.conflict_paths; p && *p;) {
                const char *nl = strchr(p, '\n');
                size_t len = nl ? (size_t)(nl - p) : strlen(p);
                char *one = rc_xstrndup(p, len), *safe = rc_sanitize(one, false);
                fprintf(stderr, "  conflict: %s\n", safe);
                free(one);
                free(safe);
                p = nl ? nl + 1 : p + len;
            }
        }
    } else if (rep.nsteps == 0) {
        printf("nothing to apply on %s (approve clean candidates first)\n", b);
    } else if (a->dry_run) {
        printf("dry run: %zu pick%s onto %s, nothing changed\n", rep.nsteps,
               rep.nsteps == 1 ? "" : "s", b);
    } else {
        printf("%s: %.10s -> %.10s (%zu pick%s%s; not pushed)\n", b, rep.old_head, rep.new_head,
               rep.nsteps, rep.nsteps == 1 ? "" : "s",
               rep.checked_out ? ", work tree updated" : "");
    }
    free(b);
    rc_picks_apply_report_free(&rep);
    free(def);
    return rc ? 1 : 0;
}

int cmd_pick_show(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv); /* cmd_pick_show.c */

int cmd_pick(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("pick", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("pick");
    if (argc < 2)
        return cmd_usage_error(self, "expected an action");
    const char *verb = argv[1];
    static const char *const verbs[] = {"approve", "reject", "defer", "note", "category",
                                        "export",  "import", "apply", "show", NULL};
    bool known = false;
    for (size_t i = 0; verbs[i]; i++)
        known = known || strcmp(verb, verbs[i]) == 0;
    if (!known)
        return out_unknown_word("pick", verb, verbs);
    if (strcmp(verb, "show") == 0)
        return cmd_pick_show(ctx, self, argc, argv);
    pick_args a;
    int st = parse(&a, self, argc, argv);
    if (st)
        return st;
    if (strcmp(verb, "approve") == 0 || strcmp(verb, "reject") == 0 || strcmp(verb, "defer") == 0 ||
        strcmp(verb, "note") == 0 || strcmp(verb, "category") == 0)
        return do_decide(ctx, self, verb, &a);
    if (strcmp(verb, "export") == 0)
        return do_export(ctx, self, &a);
    if (strcmp(verb, "import") == 0)
        return do_import(ctx, self, &a);
    if (strcmp(verb, "apply") == 0)
        return do_apply(ctx, self, &a);
    return cmd_usage_error(self, "unknown action '%s'", verb);
}
