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
    "       relcap pick apply [--branch B] [--dry-run] [--json]\n"
    "       relcap pick show SHA|#PR [--branch B] [--json]\n"
    "\n"
    "Decisions are kept per (branch, candidate) with author (relcap.author, else\n"
    "user.name) and time; they survive every sync and `relcap cache clear`.\n"
    "CATEGORY is one of regression-fix, critical-fix, new-feature-fix,\n"
    "documentation, release-specific, feature, automation, unknown (aliases docs,\n"
    "doc, critical, bug, regression, ci, test, bot), or 'auto' to drop the\n"
    "override. export writes JSON to FILE (default stdout); import reads it back\n"
    "('-' for stdin), refusing the whole file when an entry is bad.\n"
    "apply cherry-picks the approved, clean, not yet picked candidates onto the\n"
    "local branch B in main's order, with git's -x trailer; it refuses a dirty\n"
    "work tree and a branch checked out in another worktree, changes nothing when\n"
    "a pick conflicts, and never pushes. A conflicting candidate whose\n"
    "prerequisites are all approved goes in after them; every approved candidate\n"
    "left out is listed with the reason (conflict and paths, picked, not-needed,\n"
    "not-on-main). --json prints {branch, dry_run, old_head, new_head, applied:\n"
    "[{sha, subject, new_sha}], skipped: [{sha, pr, reason, paths}]}. approve\n"
    "refuses a candidate already on B and warns when it conflicts. SHA|#PR may\n"
    "be a bare PR number when no candidate commit has that prefix. B defaults to\n"
    "the newest maintained release branch.\n"
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
    bool dry_run, json;
    const char *pos[3];
    int npos;
} pick_args;

/* The options of every action but show (argv from the action on). */
static int parse(pick_args *a, const rc_cmd *self, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    const cmd_opt opts[] = {OPT_STRING("--branch", &a->branch), OPT_STRING("--note", &a->note),
                            OPT_BOOL("--dry-run", &a->dry_run), OPT_BOOL("--json", &a->json),
                            OPT_END};
    return cmd_parse_opts(self, argc, argv,
                          &(cmd_args){.opts = opts,
                                      .pos = a->pos,
                                      .npos = &a->npos,
                                      .max = 3,
                                      .flags = CMD_ARGS_DASH | CMD_ARGS_NUMBER,
                                      .extra = "too many arguments ('%s')",
                                      .no_value = "%s needs a value"});
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

/* Approving what is already on the branch is refused (exit 1), saying
 * where it is; *row (may stay NULL) is the candidate, for the warning. */
static int check_approve(rc_pick_row **row, rc_db *db, const char *branch, const char *sha)
{
    *row = NULL;
    if (rc_picks_get(row, db, branch, sha) != 0)
        return cmd_fail();
    const rc_pick_row *r = *row;
    char *b = rc_sanitize(branch, false);
    int st = 0;
    if (r->state == RC_PICK_PICKED) {
        const char *ev = rc_pick_evidence_name(r->evidence);
        fprintf(stderr, "relcap: %.10s is already on %s as %.8s (%s); nothing to approve\n", sha, b,
                r->picked_as ? r->picked_as : "a merged release PR", ev ? ev : "?");
        st = 1;
    } else if (r->state == RC_PICK_NOT_NEEDED) {
        fprintf(stderr,
                "relcap: %.10s is not needed on %s (main reverted it, the branch never had it);"
                " nothing to approve\n",
                sha, b);
        st = 1;
    }
    free(b);
    return st;
}

/* "approved #10434, but it conflicts in vllm/version.py; ..." on stderr. */
static void warn_conflict(const rc_pick_row *r, rc_db *db, const rc_config *cfg)
{
    if (!r || !r->conflict || strcmp(r->conflict, "conflict") != 0)
        return;
    rc_buf b = {0};
    rc_picks_explain_conflict(&b, db, cfg, r);
    char *m = rc_sanitize(b.ptr ? b.ptr : "", false);
    if (r->pr > 0)
        fprintf(stderr, "relcap: warning: approved #%ld, but %s\n", r->pr, m);
    else
        fprintf(stderr, "relcap: warning: approved %.10s, but %s\n", r->sha, m);
    free(m);
    rc_buf_free(&b);
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
            return cmd_usage_error(self, "unknown category '%s' (" RC_CATEGORY_LIST ", auto)",
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
    rc_pick_row *row = NULL;
    if (decision && strcmp(decision, "approve") == 0 &&
        (st = check_approve(&row, db, branch, sha))) {
        rc_picks_row_free(row);
        free(def);
        return st;
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
        warn_conflict(row, db, ctx->cfg);
    }
    rc_picks_row_free(row);
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

static void print_skipped(const rc_picks_apply_report *rep)
{
    for (size_t i = 0; i < rep->nskipped; i++) {
        const rc_picks_apply_skip *k = &rep->skipped[i];
        char *s = rc_sanitize(k->subject, false);
        const char *why = k->reason == RC_APPLY_SKIP_PICKED        ? "already picked"
                          : k->reason == RC_APPLY_SKIP_NOT_NEEDED  ? "not needed (reverted on main)"
                          : k->reason == RC_APPLY_SKIP_NOT_ON_MAIN ? "no longer on main"
                                                                   : NULL;
        char *e = why ? NULL : rc_sanitize(k->explain ? k->explain : "it conflicts", false);
        printf("skipped %.10s %s: %s\n", k->sha, s, why ? why : e);
        free(e);
        free(s);
    }
}

static cJSON *apply_json(const rc_picks_apply_report *rep, const char *branch, bool dry_run)
{
    cJSON *o = cJSON_CreateObject();
    char *b = rc_sanitize(branch, false);
    cJSON_AddStringToObject(o, "branch", b);
    free(b);
    cJSON_AddBoolToObject(o, "dry_run", dry_run);
    cJSON_AddStringToObject(o, "old_head", rep->old_head);
    cJSON_AddStringToObject(o, "new_head", rep->new_head);
    cJSON *ap = cJSON_AddArrayToObject(o, "applied");
    for (size_t i = 0; i < rep->nsteps; i++) {
        cJSON *s = cJSON_CreateObject();
        char *subj = rc_sanitize(rep->steps[i].subject, true);
        cJSON_AddStringToObject(s, "sha", rep->steps[i].sha);
        cJSON_AddStringToObject(s, "subject", subj);
        out_json_str(s, "new_sha", rep->steps[i].new_sha[0] ? rep->steps[i].new_sha : NULL);
        cJSON_AddItemToArray(ap, s);
        free(subj);
    }
    cJSON *sk = cJSON_AddArrayToObject(o, "skipped");
    for (size_t i = 0; i < rep->nskipped; i++) {
        const rc_picks_apply_skip *k = &rep->skipped[i];
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "sha", k->sha);
        out_json_num(s, "pr", k->pr > 0, (double)k->pr);
        cJSON_AddStringToObject(s, "reason", rc_apply_skip_reason_name(k->reason));
        cJSON *paths = cJSON_AddArrayToObject(s, "paths");
        for (const char *p = k->paths; p && *p;) {
            size_t len = strcspn(p, "\n");
            char *one = rc_xstrndup(p, len), *safe = rc_sanitize(one, false);
            cJSON_AddItemToArray(paths, cJSON_CreateString(safe));
            free(one);
            free(safe);
            p += len;
            if (*p)
                p++;
        }
        cJSON_AddItemToArray(sk, s);
    }
    return o;
}

static void print_conflict_paths(const rc_picks_apply_report *rep)
{
    for (const char *p = rep->conflict_paths; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *one = rc_xstrndup(p, len), *safe = rc_sanitize(one, false);
        fprintf(stderr, "  conflict: %s\n", safe);
        free(one);
        free(safe);
        p = nl ? nl + 1 : p + len;
    }
}

static void print_applied(const rc_picks_apply_report *rep, const char *b, bool dry_run, int rc)
{
    for (size_t i = 0; i < rep->nsteps; i++) {
        char *s = rc_sanitize(rep->steps[i].subject, false);
        if (dry_run)
            printf("would pick %.10s %s\n", rep->steps[i].sha, s);
        else if (!rc)
            printf("picked %.10s as %.10s %s\n", rep->steps[i].sha, rep->steps[i].new_sha, s);
        free(s);
    }
    if (!rc)
        print_skipped(rep);
    if (rc)
        return;
    if (rep->nsteps == 0)
        printf("nothing to apply on %s (approve clean candidates first)\n", b);
    else if (dry_run)
        printf("dry run: %zu pick%s onto %s, nothing changed\n", rep->nsteps,
               rep->nsteps == 1 ? "" : "s", b);
    else
        printf("%s: %.10s -> %.10s (%zu pick%s%s; not pushed)\n", b, rep->old_head, rep->new_head,
               rep->nsteps, rep->nsteps == 1 ? "" : "s",
               rep->checked_out ? ", work tree updated" : "");
}

static int do_apply(rc_ctx *ctx, const rc_cmd *self, pick_args *a)
{
    if (a->npos)
        return cmd_usage_error(self, "usage: relcap pick apply [--branch B] [--dry-run] [--json]");
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
    if (rc) {
        cmd_fail();
        print_conflict_paths(&rep);
    } else if (a->json) {
        cmd_print_json(apply_json(&rep, branch, a->dry_run));
    }
    if (!a->json)
        print_applied(&rep, b, a->dry_run, rc);
    free(b);
    rc_picks_apply_report_free(&rep);
    free(def);
    return rc ? 1 : 0;
}

int cmd_pick(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
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
        return cmd_pick_show(ctx, self, argc - 1, argv + 1);
    pick_args a;
    int st = parse(&a, self, argc - 1, argv + 1);
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
