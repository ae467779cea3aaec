/* relcap picks: cherry-pick candidates of a release branch, or its policy
 * violations. Recomputes first when the cache is stale. */
#include "core/picks/category.h"
#include "core/base/error.h"
#include "core/picks/picks.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

const char cmd_picks_usage[] =
    "usage: relcap picks [BRANCH] [--state S] [--category C] [--refresh] [--no-conflicts]\n"
    "                    [--json]\n"
    "       relcap picks --violations [BRANCH] [--json]\n"
    "\n"
    "Lists the first-parent commits of main since BRANCH was cut (default: the\n"
    "newest maintained release branch) with their PR, category, state, the\n"
    "evidence that they reached the branch, the predicted conflict and the\n"
    "captain's decision. Results are recomputed when the branch or main moved.\n"
    "\n"
    "  --state S       picked, pending, revert-needed or not-needed\n"
    "  --category C    regression-fix, critical-fix, new-feature-fix, documentation,\n"
    "                  release-specific, feature or unknown\n"
    "  --refresh       recompute even when the cache looks fresh\n"
    "  --no-conflicts  list at once: states and evidence, with the conflict outcomes\n"
    "                  cached so far (no new trial cherry-picks)\n"
    "  --violations    commits on BRANCH since the cut that break the policy\n"
    "  --json          one JSON array; fields sha, pr, subject, author, date,\n"
    "                  category, state, evidence, picked_as, conflict, conflict_paths,\n"
    "                  decision, note, review_pr (open PR into BRANCH carrying it),\n"
    "                  requested (tracker comment asking for it) (violations: sha,\n"
    "                  subject, reason; tracker requests not on main: sha null, pr,\n"
    "                  comment_id)\n";

/* Untrusted text goes out valid UTF-8 and without control sequences, so a
 * consumer printing a field cannot be fooled either. */
static void add_text(cJSON *o, const char *k, const char *v)
{
    if (!v) {
        cJSON_AddNullToObject(o, k);
        return;
    }
    char *s = rc_sanitize(v, true);
    cJSON_AddStringToObject(o, k, s);
    free(s);
}

static void add_opt(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *row_json(const rc_pick_row *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "sha", r->sha);
    if (r->pr > 0)
        cJSON_AddNumberToObject(o, "pr", (double)r->pr);
    else
        cJSON_AddNullToObject(o, "pr");
    add_text(o, "subject", r->subject);
    add_text(o, "author", r->author);
    if (r->date) {
        char iso[21];
        rc_time_iso(iso, r->date);
        cJSON_AddStringToObject(o, "date", iso);
    } else {
        cJSON_AddNullToObject(o, "date");
    }
    add_opt(o, "category", r->category);
    add_opt(o, "state", rc_pick_state_name(r->state));
    add_opt(o, "evidence", rc_pick_evidence_name(r->evidence));
    add_opt(o, "picked_as", r->picked_as);
    add_opt(o, "conflict", r->conflict);
    cJSON *paths = cJSON_AddArrayToObject(o, "conflict_paths");
    for (const char *p = r->conflict_paths; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *one = rc_xstrndup(p, len), *safe = rc_sanitize(one, false);
        cJSON_AddItemToArray(paths, cJSON_CreateString(safe));
        free(one);
        free(safe);
        p = nl ? nl + 1 : p + len;
    }
    add_opt(o, "decision", rc_pick_decision_name(r->decision));
    add_text(o, "note", r->note);
    if (r->review_pr > 0)
        cJSON_AddNumberToObject(o, "review_pr", (double)r->review_pr);
    else
        cJSON_AddNullToObject(o, "review_pr");
    if (r->requested > 0)
        cJSON_AddNumberToObject(o, "requested", (double)r->requested);
    else
        cJSON_AddNullToObject(o, "requested");
    return o;
}

/* Cuts a sanitized (valid UTF-8) string to at most max bytes on a
 * character boundary. */
static void cut_utf8(char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return;
    while (max > 0 && (s[max] & 0xC0) == 0x80)
        max--;
    s[max] = '\0';
}

static int list_violations(rc_db *db, const char *branch, bool json)
{
    rc_violation_row *v;
    size_t n;
    if (rc_picks_violations(&v, &n, db, branch) != 0)
        return cmd_fail();
    if (json) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++) {
            cJSON *o = cJSON_CreateObject();
            add_opt(o, "sha", v[i].sha[0] ? v[i].sha : NULL);
            add_text(o, "subject", v[i].subject);
            cJSON_AddStringToObject(o, "reason", v[i].reason);
            if (v[i].pr > 0) {
                cJSON_AddNumberToObject(o, "pr", (double)v[i].pr);
                cJSON_AddNumberToObject(o, "comment_id", (double)v[i].comment_id);
            }
            cJSON_AddItemToArray(arr, o);
        }
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

static void print_plain(const char *branch, const rc_pick_row *rows, size_t n)
{
    char *b = rc_sanitize(branch, false);
    size_t counts[RC_PICK_STATE_COUNT] = {0};
    for (size_t i = 0; i < n; i++)
        counts[rows[i].state]++;
    printf("%s: %zu candidates (%zu picked, %zu pending, %zu revert-needed, %zu not-needed)\n", b,
           n, counts[RC_PICK_PICKED], counts[RC_PICK_PENDING], counts[RC_PICK_REVERT_NEEDED],
           counts[RC_PICK_NOT_NEEDED]);
    free(b);
    for (size_t i = 0; i < n; i++) {
        const rc_pick_row *r = &rows[i];
        char *s = rc_sanitize(r->subject, false);
        cut_utf8(s, 70);
        char pr[24] = "";
        if (r->pr > 0)
            snprintf(pr, sizeof pr, "#%ld", r->pr);
        const char *mark = !r->conflict ? " " : strcmp(r->conflict, "conflict") == 0 ? "!" : " ";
        char extra[64] = "";
        if (r->review_pr > 0)
            snprintf(extra, sizeof extra, "  [under review #%ld]", r->review_pr);
        if (r->requested > 0)
            snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "  [requested]");
        const char *d = rc_pick_decision_name(r->decision);
        printf("%.10s %-13s %-16s %-8s %s%-7s %s%s\n", r->sha, rc_pick_state_name(r->state),
               r->category, pr, mark, d ? d : "-", s, extra);
        free(s);
    }
}

int cmd_picks(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("picks", argc, argv))
        return 0;
    const rc_cmd *self = rc_cmd_find("picks");
    const char *branch = NULL;
    rc_picks_filter flt = {0};
    bool json = false, violations = false, refresh = false, no_conflicts = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (strcmp(argv[i], "--violations") == 0) {
            violations = true;
        } else if (strcmp(argv[i], "--refresh") == 0) {
            refresh = true;
        } else if (strcmp(argv[i], "--no-conflicts") == 0) {
            no_conflicts = true;
        } else if (strcmp(argv[i], "--state") == 0 || strcmp(argv[i], "--category") == 0) {
            if (i + 1 >= argc)
                return cmd_usage_error(self, "%s needs a value", argv[i]);
            const char *v = argv[++i];
            if (argv[i - 1][2] == 's') {
                if (rc_pick_state_from_name(&flt.state, v) != 0)
                    return cmd_usage_error(
                        self, "unknown state '%s' (picked, pending, revert-needed, not-needed)", v);
                flt.by_state = true;
            } else {
                flt.category = rc_category_canonical(v);
                if (!flt.category)
                    return cmd_usage_error(self, "unknown category '%s'", v);
            }
        } else if (argv[i][0] == '-') {
            return cmd_usage_error(self, "unknown option '%s'", argv[i]);
        } else if (!branch) {
            branch = argv[i];
        } else {
            return cmd_usage_error(self, "one branch at a time ('%s')", argv[i]);
        }
    }
    rc_config *cfg;
    rc_db *db;
    git_repository *repo;
    int st;
    if ((st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)) || (st = ctx_repo(ctx, &repo)))
        return st;
    char *def = NULL;
    if (!branch) {
        if (rc_picks_default_branch(&def, db) != 0)
            return cmd_fail();
        branch = def;
    }
    int rc;
    if (refresh) {
        rc_picks_report rep;
        rc_picks_opts o = {.force = true, .conflict_check = no_conflicts ? 0 : -1};
        rc = rc_picks_compute(&rep, db, repo, cfg, branch, &o);
        if (!rc)
            rc_picks_report_free(&rep);
    } else {
        rc = rc_picks_ensure_opts(NULL, db, repo, cfg, branch, no_conflicts ? 0 : -1);
    }
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
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(arr, row_json(&rows[i]));
        cmd_print_json(arr);
    } else {
        print_plain(branch, rows, n);
    }
    rc_picks_list_free(rows, n);
    free(def);
    return 0;
}
