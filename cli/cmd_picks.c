/* relcap picks: cherry-pick candidates of a release branch, or its policy
 * violations. Recomputes first when the cache is stale. */
#include "core/picks/category.h"
#include "core/base/error.h"
#include "core/picks/picks.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>

const char cmd_picks_usage[] =
    "usage: relcap picks [BRANCH] [--state S] [--category C] [--action A] [--all]\n"
    "                    [--refresh] [--no-conflicts] [--progress-lines] [--json]\n"
    "       relcap picks --violations [BRANCH] [--json]\n"
    "\n"
    "Lists the first-parent commits of main since BRANCH was cut (default: the\n"
    "newest maintained release branch) as a queue: by action (revert, apply,\n"
    "resolve, decide, review, none), then main's order, with their PR, category,\n"
    "state, the evidence that they reached the branch, the predicted conflict\n"
    "and the captain's decision, under a line saying what is next. Rows with\n"
    "action none are folded into one line unless --all or --action is given.\n"
    "The branch's policy violations are rows of their own (state violation,\n"
    "action review). Results are recomputed when the branch or main moved.\n"
    "\n"
    "  --state S       picked, pending, revert-needed, not-needed or violation\n"
    "  --action A      revert, apply, resolve, decide, review or none\n"
    "  --all           list the rows with action none too\n"
    "  --category C    regression-fix, critical-fix, new-feature-fix, documentation,\n"
    "                  release-specific, feature, automation or unknown (aliases\n"
    "                  docs, doc, critical, bug, regression, ci, test, bot)\n"
    "  --refresh       recompute even when the cache looks fresh\n"
    "  --no-conflicts  list at once: states and evidence, with the conflict outcomes\n"
    "                  cached so far (no new trial cherry-picks)\n"
    "  --progress-lines  the conflict fill's progress as whole lines on stderr\n"
    "                  (\"conflicts of B: N of M tried\"), also when it is not a\n"
    "                  terminal (on a terminal it is one line rewritten in place)\n"
    "  --violations    commits on BRANCH since the cut that break the policy\n"
    "  --json          one JSON object: branch, next (the first line), rows (the\n"
    "                  candidates) and violations (the branch's policy violations,\n"
    "                  state violation, action review); rows have the fields\n"
    "                  sha, pr, subject, author, date,\n"
    "                  category, state, evidence, picked_as, conflict, conflict_paths,\n"
    "                  decision, note, review_pr (open PR into BRANCH carrying it),\n"
    "                  requested (tracker comment asking for it), action,\n"
    "                  prerequisites and conflicts_with (conflicting candidates:\n"
    "                  earlier main commits to pick first, branch commits that\n"
    "                  changed the conflicting paths; null: not searched, a\n"
    "                  category the policy does not admit and nobody asked for)\n"
    "                  (violations: sha,\n"
    "                  subject, reason; tracker requests not on main: sha null, pr,\n"
    "                  comment_id)\n";

/* Untrusted text goes out valid UTF-8 and without control sequences
 * (out_json_text), so a consumer printing a field cannot be fooled either. */

/* A newline-separated list of shas as a JSON array. */
static void add_lines(cJSON *o, const char *k, const char *list)
{
    cJSON *arr = cJSON_AddArrayToObject(o, k);
    for (const char *p = list; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *one = rc_xstrndup(p, len), *safe = rc_sanitize(one, false);
        cJSON_AddItemToArray(arr, cJSON_CreateString(safe));
        free(one);
        free(safe);
        p = nl ? nl + 1 : p + len;
    }
}

static cJSON *row_json(const rc_pick_row *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "sha", r->sha);
    out_json_num(o, "pr", r->pr > 0, (double)r->pr);
    out_json_text(o, "subject", r->subject);
    out_json_text(o, "author", r->author);
    out_json_time(o, "date", r->date != 0, r->date);
    out_json_str(o, "category", r->category);
    out_json_str(o, "state", rc_pick_state_name(r->state));
    out_json_str(o, "evidence", rc_pick_evidence_name(r->evidence));
    out_json_str(o, "picked_as", r->picked_as);
    out_json_str(o, "conflict", r->conflict);
    add_lines(o, "conflict_paths", r->conflict_paths);
    if (r->conflict && strcmp(r->conflict, "conflict") == 0 && r->prereqs_searched) {
        add_lines(o, "prerequisites", r->prereqs);
        add_lines(o, "conflicts_with", r->collides);
    } else if (r->conflict && strcmp(r->conflict, "conflict") == 0) {
        /* not searched: a feature nobody asked for (null, not "none found") */
        cJSON_AddNullToObject(o, "prerequisites");
        cJSON_AddNullToObject(o, "conflicts_with");
    }
    out_json_str(o, "decision", rc_pick_decision_name(r->decision));
    out_json_str(o, "action", rc_pick_action_name(r->action));
    out_json_text(o, "note", r->note);
    out_json_num(o, "review_pr", r->review_pr > 0, (double)r->review_pr);
    out_json_num(o, "requested", r->requested > 0, (double)r->requested);
    return o;
}

/* One violation as `picks --violations --json` and the `violations` array
 * of `picks --json` give it. */
static cJSON *violation_json(const char *sha, const char *subject, const char *reason, long pr,
                             int64_t comment_id)
{
    cJSON *o = cJSON_CreateObject();
    out_json_str(o, "sha", sha[0] ? sha : NULL);
    out_json_text(o, "subject", subject);
    cJSON_AddStringToObject(o, "reason", reason ? reason : "");
    if (pr > 0) {
        cJSON_AddNumberToObject(o, "pr", (double)pr);
        cJSON_AddNumberToObject(o, "comment_id", (double)comment_id);
    }
    cJSON_AddStringToObject(o, "state", rc_pick_state_name(RC_PICK_VIOLATION));
    cJSON_AddStringToObject(o, "action", rc_pick_action_name(RC_PICK_ACTION_REVIEW));
    return o;
}

static int list_violations(rc_db *db, const char *branch, bool json)
{
    rc_violation_row *v;
    size_t n;
    if (rc_picks_violations(&v, &n, db, branch) != 0)
        return cmd_fail();
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(
                arr, violation_json(v[i].sha, v[i].subject, v[i].reason, v[i].pr, v[i].comment_id));
        cmd_print_json(arr);
    } else {
        char *b = rc_sanitize(branch, false);
        printf("%zu policy violation%s on %s\n", n, n == 1 ? "" : "s", b);
        free(b);
        for (size_t i = 0; i < n; i++) {
            char *s = rc_sanitize(v[i].subject, false);
            printf("%-10.10s  %s\n            %s\n", v[i].sha[0] ? v[i].sha : "tracker", s,
                   v[i].reason);
            free(s);
        }
    }
    rc_picks_violations_free(v, n);
    return 0;
}

/* The subject without a trailing "(#N)" that the PR column already shows. */
static char *subject_cell(const rc_pick_row *r)
{
    char *s = rc_sanitize(r->subject ? r->subject : "", false);
    char tail[32];
    snprintf(tail, sizeof tail, " (#%ld)", r->pr);
    size_t n = strlen(s), k = strlen(tail);
    if (r->pr > 0 && n > k && strcmp(s + n - k, tail) == 0)
        s[n - k] = '\0';
    return s;
}

static const char *state_sgr(rc_pick_state st)
{
    return st == RC_PICK_REVERT_NEEDED || st == RC_PICK_VIOLATION ? "31"
           : st == RC_PICK_PENDING                                ? "33"
                                                                  : NULL;
}

static void add_row(out_table *t, const rc_pick_row *r)
{
    char sha[11], pr[24] = "-";
    snprintf(sha, sizeof sha, "%.10s", r->sha);
    if (r->pr > 0)
        snprintf(pr, sizeof pr, "#%ld", r->pr);
    char *subj = subject_cell(r);
    rc_buf text = {0};
    rc_buf_puts(&text, subj);
    if (r->review_pr > 0)
        rc_buf_printf(&text, "  [under review #%ld]", r->review_pr);
    if (r->state == RC_PICK_VIOLATION)
        rc_buf_printf(&text, "  [%s]", r->violation ? r->violation : "policy violation");
    else if (r->requested > 0)
        rc_buf_puts(&text, "  [requested]");
    const char *cells[] = {rc_pick_action_name(r->action),
                           r->sha[0] ? sha : "tracker",
                           rc_pick_state_name(r->state),
                           r->category ? r->category : "-",
                           pr,
                           r->conflict,
                           rc_pick_decision_name(r->decision),
                           text.ptr ? text.ptr : ""};
    out_table_add(t, cells, state_sgr(r->state));
    rc_buf_free(&text);
    free(subj);
}

/* The next line first (what to do), then the queue; rows with nothing to
 * do are folded unless asked for, as the cockpit does. */
static void print_plain(rc_ctx *ctx, const char *branch, const rc_pick_row *rows, size_t n,
                        bool fold)
{
    char *b = rc_sanitize(branch, false);
    size_t counts[RC_PICK_STATE_COUNT] = {0}, folded = 0;
    for (size_t i = 0; i < n; i++)
        counts[rows[i].state]++;
    size_t ncand = n - counts[RC_PICK_VIOLATION];
    rc_buf next = {0};
    rc_picks_next_line(&next, rows, n);
    printf("%s\n", next.ptr);
    rc_buf_free(&next);
    /* the violations are counted in the next line and listed as rows */
    rc_buf head = {0};
    rc_buf_printf(&head, "%s: %zu %s", b, ncand, out_plural(ncand, "candidate", "candidates"));
    size_t at = head.len;
    rc_buf_printf(&head, " (%zu picked, %zu pending, %zu revert-needed, %zu not-needed)",
                  counts[RC_PICK_PICKED], counts[RC_PICK_PENDING], counts[RC_PICK_REVERT_NEEDED],
                  counts[RC_PICK_NOT_NEEDED]);
    int width = out_width();
    if (width > 0 && head.len > (size_t)width) /* a narrow terminal: the counts below */
        printf("%.*s\n %s\n", (int)at, head.ptr, head.ptr + at);
    else
        printf("%s\n", head.ptr);
    rc_buf_free(&head);
    free(b);
    static const out_col cols[] = {{"ACTION", OUT_LEFT, false},   {"COMMIT", OUT_LEFT, false},
                                   {"STATE", OUT_LEFT, false},    {"CATEGORY", OUT_LEFT, false},
                                   {"PR", OUT_RIGHT, false},      {"CONFLICT", OUT_LEFT, false},
                                   {"DECISION", OUT_LEFT, false}, {"SUBJECT", OUT_LEFT, true}};
    out_table *t = out_table_new(cols, sizeof cols / sizeof *cols);
    out_table_drop(t, 2, 1); /* the action says most of the state */
    for (size_t i = 0; i < n; i++) {
        if (fold && rows[i].action == RC_PICK_ACTION_NONE)
            folded++;
        else
            add_row(t, &rows[i]);
    }
    out_table_print(t, stdout, out_width(), out_color(ctx));
    out_table_free(t);
    if (folded)
        printf("(%zu more with nothing to do; --all lists them)\n", folded);
}

typedef struct {
    const char *branch;
    rc_picks_filter flt;
    bool json, violations, refresh, all, no_conflicts, progress_lines;
} picks_args;

static int parse_action(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    rc_picks_filter *flt = opt->value;
    if (rc_pick_action_from_name(&flt->action, v) != 0)
        return cmd_usage_error(
            self, "unknown action '%s' (revert, apply, resolve, decide, review, none)", v);
    flt->by_action = true;
    return 0;
}

static int parse_state(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    rc_picks_filter *flt = opt->value;
    if (rc_pick_state_from_name(&flt->state, v) != 0)
        return cmd_usage_error(self,
                               "unknown state '%s' (picked, pending, revert-needed, "
                               "not-needed, violation)",
                               v);
    flt->by_state = true;
    return 0;
}

static int parse_category(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    rc_picks_filter *flt = opt->value;
    flt->category = rc_category_canonical(v);
    if (!flt->category)
        return cmd_usage_error(self, "unknown category '%s' (" RC_CATEGORY_LIST ")", v);
    return 0;
}

static int parse_args(picks_args *a, const rc_cmd *self, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->flt.queue_order = true;
    a->flt.with_violations = true;
    const cmd_opt opts[] = {OPT_BOOL("--json", &a->json),
                            OPT_BOOL("--violations", &a->violations),
                            OPT_BOOL("--refresh", &a->refresh),
                            OPT_BOOL("--no-conflicts", &a->no_conflicts),
                            OPT_BOOL("--all", &a->all),
                            OPT_BOOL("--progress-lines", &a->progress_lines),
                            OPT_CALLBACK("--action", &a->flt, parse_action),
                            OPT_CALLBACK("--state", &a->flt, parse_state),
                            OPT_CALLBACK("--category", &a->flt, parse_category),
                            OPT_END};
    return cmd_parse_opts(self, argc, argv,
                          &(cmd_args){.opts = opts,
                                      .pos = &a->branch,
                                      .max = 1,
                                      .extra = "one branch at a time ('%s')",
                                      .no_value = "%s needs a value"});
}

int cmd_picks(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    picks_args a;
    int st = parse_args(&a, self, argc, argv);
    if (st)
        return st;
    const char *branch = a.branch;
    bool json = a.json, violations = a.violations, refresh = a.refresh, all = a.all,
         no_conflicts = a.no_conflicts;
    rc_picks_filter flt = a.flt;
    rc_config *cfg;
    rc_db *db;
    git_repository *repo;
    if ((st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)) || (st = ctx_repo(ctx, &repo)))
        return st;
    char *def = NULL;
    if (!branch) {
        if (rc_picks_default_branch(&def, db) != 0)
            return cmd_fail();
        branch = def;
    }
    int rc = 0;
    if (refresh) { /* the states again; the outcomes cached stay */
        rc_picks_report rep;
        rc_picks_opts o = {.force = true, .conflict_check = 0};
        rc = rc_picks_compute(&rep, db, repo, cfg, branch, &o);
        if (!rc)
            rc_picks_report_free(&rep);
    }
    out_progress pm = out_progress_of(a.progress_lines, false);
    if (!rc)
        rc = rc_picks_ensure_progress(NULL, db, repo, cfg, branch, no_conflicts ? 0 : -1,
                                      out_progress_line, &pm);
    out_progress_end(&pm);
    if (rc) {
        free(def);
        return cmd_fail();
    }
    if (violations) {
        st = list_violations(db, branch, json);
        free(def);
        return st;
    }
    rc_pick_row *rows;
    size_t n;
    if (rc_picks_list(&rows, &n, db, branch, &flt) != 0) {
        free(def);
        return cmd_fail();
    }
    if (json) {
        /* the candidates and the violations apart: a consumer of rows sees
         * candidates only */
        cJSON *doc = cJSON_CreateObject(), *arr = cJSON_CreateArray(), *viol = cJSON_CreateArray();
        cJSON_AddStringToObject(doc, "branch", branch);
        rc_buf next = {0};
        rc_picks_next_line(&next, rows, n);
        cJSON_AddStringToObject(doc, "next", next.ptr);
        rc_buf_free(&next);
        for (size_t i = 0; i < n; i++)
            if (rows[i].state == RC_PICK_VIOLATION)
                cJSON_AddItemToArray(viol,
                                     violation_json(rows[i].sha, rows[i].subject, rows[i].violation,
                                                    rows[i].pr, rows[i].requested));
            else
                cJSON_AddItemToArray(arr, row_json(&rows[i]));
        cJSON_AddItemToObject(doc, "rows", arr);
        cJSON_AddItemToObject(doc, "violations", viol);
        cmd_print_json(doc);
    } else {
        print_plain(ctx, branch, rows, n, !all && !flt.by_action);
    }
    rc_picks_list_free(rows, n);
    free(def);
    return 0;
}
