/* Cherry-pick candidates of a branch as the picks room lists them: picks
 * (engine), commits, conflicts on the branch head, the user's
 * pick_decisions, PRs and tracker requests. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/picks/apply.h"
#include "core/picks/picks.h"
#include "core/picks/where.h"
#include "tui/model.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* The commit's subject, else the PR's title (commit not fetched yet). */
static const char *title_of(const rc_pick_row *r)
{
    return *r->subject ? r->subject : or_empty(r->pr_title);
}

/* The captain's category when set, else the engine's. */
static const char *category_of(const rc_pick_row *r)
{
    return r->category_override && *r->category_override ? r->category_override
                                                         : or_empty(r->category_auto);
}

static void count_row(rc_pick_counts *k, const rc_pick_row *r)
{
    if (r->state == RC_PICK_VIOLATION)
        return; /* not a candidate: the next line counts it */
    /* the counter of each state and decision; NULL: in the total only */
    size_t *const by_state[RC_PICK_STATE_COUNT] = {
        [RC_PICK_PENDING] = &k->pending,
        [RC_PICK_PICKED] = &k->picked,
        [RC_PICK_REVERT_NEEDED] = &k->revert_needed,
        [RC_PICK_NOT_NEEDED] = &k->not_needed,
    };
    size_t *const by_decision[RC_PICK_DECISION_COUNT] = {
        [RC_PICK_DECISION_APPROVE] = &k->approved,
        [RC_PICK_DECISION_REJECT] = &k->rejected,
        [RC_PICK_DECISION_DEFER] = &k->deferred,
    };
    k->total++;
    if ((unsigned)r->state < RC_PICK_STATE_COUNT && by_state[r->state])
        (*by_state[r->state])++;
    if ((unsigned)r->decision < RC_PICK_DECISION_COUNT && by_decision[r->decision])
        (*by_decision[r->decision])++;
}

/* Colours follow the action: what needs the captain stands out, what needs
 * nothing is dim (the theme's dim is readable on dark and light). */
static int action_role(rc_pick_action a)
{
    switch (a) {
    case RC_PICK_ACTION_REVERT:
    case RC_PICK_ACTION_RESOLVE:
        return ROLE_BAD;
    case RC_PICK_ACTION_APPLY:
        return ROLE_GOOD;
    case RC_PICK_ACTION_DECIDE:
    case RC_PICK_ACTION_REVIEW:
        return ROLE_WARN;
    default:
        return ROLE_DIM;
    }
}

static void add_row(rc_grid *g, const rc_pick_row *r)
{
    const char *state = rc_pick_state_name(r->state);
    const char *decision = or_empty(rc_pick_decision_name(r->decision));
    bool overridden = r->category_override && *r->category_override;
    char pr[24] = "", cat[64], dec[64];
    if (r->pr > 0)
        snprintf(pr, sizeof pr, "#%lld", (long long)r->pr);
    /* the captain's category wins; a leading star (never cut off) says so */
    snprintf(cat, sizeof cat, "%s%s", overridden ? "*" : "", category_of(r));
    const char *conflict = or_empty(r->conflict);
    snprintf(dec, sizeof dec, "%s%s", decision, r->note && *r->note ? " +note" : "");
    const char *action = rc_pick_action_name(r->action);
    /* the PR column shows the number: "Fix x (#10289)" loses its "(#10289)" */
    char *subject = rc_xstrdup(title_of(r));
    rc_grid_drop_pr_suffix(subject, r->pr);
    if (r->state == RC_PICK_VIOLATION) { /* why, where the captain looks */
        char *why = rc_xasprintf("%s  [%s]", subject, or_empty(r->violation));
        free(subject);
        subject = why;
    }
    const char *cells[7] = {action, state, cat, pr, subject, conflict, dec};
    rc_pick_rec *rec = rc_xcalloc(1, sizeof *rec);
    snprintf(rec->sha, sizeof rec->sha, "%s", r->sha);
    rec->pr = r->pr;
    snprintf(rec->state, sizeof rec->state, "%s", state);
    snprintf(rec->category, sizeof rec->category, "%s", category_of(r));
    snprintf(rec->decision, sizeof rec->decision, "%s", decision);
    snprintf(rec->action, sizeof rec->action, "%s", action);
    size_t row = rc_grid_add(g, cells, rec);
    free(subject);
    if (r->action == RC_PICK_ACTION_NONE) {
        rc_grid_role(g, row, -1, ROLE_DIM);
        return;
    }
    rc_grid_role(g, row, 0, action_role(r->action));
    rc_grid_role(g, row, 1, r->state == RC_PICK_VIOLATION ? ROLE_BAD : rc_theme_role_for(state));
    rc_grid_role(g, row, 5, rc_theme_role_for(conflict));
    rc_grid_role(g, row, 6, rc_theme_role_for(decision));
    if (strcmp(or_empty(r->category_auto), "feature") == 0 && !overridden)
        rc_grid_role(g, row, 2, ROLE_BAD);
}

int model_picks_load(rc_grid *g, rc_db *db, const char *branch, rc_pick_counts *k, bool fold)
{
    rc_grid_clear(g);
    memset(k, 0, sizeof *k);
    rc_pick_row *rows;
    size_t n;
    rc_picks_filter f = {.queue_order = true, .with_violations = true};
    int r = rc_picks_list(&rows, &n, db, branch, &f);
    if (r)
        return r;
    for (size_t i = 0; i < n; i++) {
        if (fold && rows[i].action == RC_PICK_ACTION_NONE)
            k->folded++;
        else
            add_row(g, &rows[i]);
        count_row(k, &rows[i]);
    }
    rc_buf next = {0};
    rc_picks_next_line(&next, rows, n);
    snprintf(k->next, sizeof k->next, "%s", next.ptr);
    rc_buf_free(&next);
    if (k->folded) {
        char line[128];
        snprintf(line, sizeof line, "%zu more with nothing to do (z unfolds)", k->folded);
        const char *cells[7] = {"none", "", "", "", line, "", ""};
        size_t row = rc_grid_add(g, cells, NULL);
        rc_grid_role(g, row, -1, ROLE_DIM);
    }
    rc_picks_list_free(rows, n);
    return 0;
}

/* Approved, clean, not yet picked, in main's order. */
static char *approved_clean(rc_db *db, const char *branch, size_t *n)
{
    rc_buf b = {0};
    rc_pick_row *rows;
    size_t nrows;
    if (rc_picks_list(&rows, &nrows, db, branch, NULL) != 0) {
        rc_error_clear();
        return rc_buf_detach(&b);
    }
    for (size_t i = 0; i < nrows; i++)
        if (rows[i].action == RC_PICK_ACTION_APPLY) {
            rc_buf_printf(&b, "%.12s %s\n", rows[i].sha, title_of(&rows[i]));
            (*n)++;
        }
    rc_picks_list_free(rows, nrows);
    return rc_buf_detach(&b);
}

char *model_picks_to_apply(rc_db *db, git_repository *repo, const rc_config *cfg,
                           const char *branch, size_t *n)
{
    rc_buf b = {0};
    *n = 0;
    rc_picks_apply_report rep;
    if (!repo) /* a bare cache: what the cache says, apply will refuse */
        return approved_clean(db, branch, n);
    if (rc_picks_apply(&rep, repo, db, cfg, branch, true) != 0) {
        rc_buf_printf(&b, "(%s)\n", rc_error_last());
        rc_error_clear();
        rc_picks_apply_report_free(&rep);
        return rc_buf_detach(&b);
    }
    for (size_t i = 0; i < rep.nsteps; i++)
        rc_buf_printf(&b, "%.12s %s\n", rep.steps[i].sha, rep.steps[i].subject);
    *n = rep.nsteps;
    for (size_t i = 0; i < rep.nskipped; i++) {
        const rc_picks_apply_skip *k = &rep.skipped[i];
        rc_buf_printf(&b, "skipped %.12s: %s\n", k->sha,
                      k->explain                               ? k->explain
                      : k->reason == RC_APPLY_SKIP_PICKED      ? "already picked"
                      : k->reason == RC_APPLY_SKIP_NOT_NEEDED  ? "not needed"
                      : k->reason == RC_APPLY_SKIP_NOT_ON_MAIN ? "no longer on main"
                                                               : "conflicts");
    }
    rc_picks_apply_report_free(&rep);
    return rc_buf_detach(&b);
}

static void detail_conflict(rc_buf *b, const rc_pick_row *r)
{
    /* paths: one a line from the engine (older caches: spaces) */
    const char *paths = or_empty(r->conflict_paths);
    rc_buf_printf(b, "Conflict:  %s%s\n",
                  strcmp(r->conflict, "clean") == 0 ? "clean on the branch head"
                                                    : "conflicts on the branch head",
                  *paths ? ", in:" : "");
    while (*paths) {
        paths += strspn(paths, " \n");
        size_t l = strcspn(paths, " \n");
        if (l)
            rc_buf_printf(b, "             %.*s\n", (int)l, paths);
        paths += l;
    }
}

static void detail_row(rc_buf *b, const rc_pick_row *r)
{
    char date[21] = "";
    if (r->author_date)
        rc_time_iso(date, r->author_date);
    rc_buf_printf(b, "commit %s\nAuthor: %s <%s>\nDate:   %s\n\n    %s\n", r->sha, r->author,
                  or_empty(r->author_email), date, r->subject);
    /* the body, indented like git log */
    const char *body = or_empty(r->body);
    if (*body)
        rc_buf_puts(b, "\n");
    while (*body) {
        size_t l = strcspn(body, "\n");
        rc_buf_printf(b, "    %.*s\n", (int)l, body);
        body += l;
        if (*body)
            body++;
    }
    const char *evidence = rc_pick_evidence_name(r->evidence);
    rc_buf_printf(b, "\nState:     %s\nCategory:  %s\n", rc_pick_state_name(r->state),
                  or_empty(r->category_auto));
    if (evidence)
        rc_buf_printf(b, "Evidence:  %s\n", evidence);
    if (r->picked_as && *r->picked_as)
        rc_buf_printf(b, "Picked as: %s\n", r->picked_as);
    if (r->reverts && *r->reverts)
        rc_buf_printf(b, "Reverts:   %s\n", r->reverts);
    rc_buf_printf(b, "Action:    %s\n", rc_pick_action_name(r->action));
    if (r->conflict)
        detail_conflict(b, r);
    if (r->violation && *r->violation)
        rc_buf_printf(b, "Violation: %s\n", r->violation);
    const char *decision = or_empty(rc_pick_decision_name(r->decision));
    const char *override = or_empty(r->category_override), *note = or_empty(r->note);
    if (*decision || *override || *note) {
        char when[21] = "";
        if (r->decided_at)
            rc_time_iso(when, r->decided_at);
        rc_buf_printf(b, "\nDecision:  %s%s%s by %s at %s\n", *decision ? decision : "(none)",
                      *override ? ", category " : "", override, or_empty(r->decided_by), when);
        if (*note)
            rc_buf_printf(b, "Note:      %s\n", note);
    }
}

/* Prerequisites with their own state and decision; colliding branch commits. */
static void detail_prereqs(rc_buf *b, rc_db *db, const char *branch, const rc_pick_row *r)
{
    if (!r->prereqs_searched)
        return;
    if (!r->prereqs)
        rc_buf_puts(b, "Prerequisites: none found (the branch changed these lines)\n");
    for (const char *p = r->prereqs; p && *p;) {
        size_t len = strcspn(p, "\n");
        char sha[41];
        snprintf(sha, sizeof sha, "%.*s", (int)(len < 40 ? len : 40), p);
        rc_pick_row *q = NULL;
        if (p == r->prereqs)
            rc_buf_puts(b, "Prerequisites (pick first, in this order):\n");
        if (rc_picks_get(&q, db, branch, sha) == 0) {
            const char *d = rc_pick_decision_name(q->decision);
            rc_buf_printf(b, "  %.12s %-13s %-8s %s\n", sha, rc_pick_state_name(q->state),
                          d ? d : "-", q->subject);
            rc_picks_row_free(q);
        } else {
            rc_buf_printf(b, "  %.12s\n", sha);
        }
        rc_error_clear();
        p += len;
        if (*p)
            p++;
    }
    for (const char *p = r->collides; p && *p;) {
        size_t len = strcspn(p, "\n");
        if (p == r->collides)
            rc_buf_puts(b, "Branch commits that changed these paths:\n");
        rc_buf_printf(b, "  %.12s\n", p);
        p += len;
        if (*p)
            p++;
    }
}

char *model_pick_detail(rc_db *db, const char *branch, const char *sha)
{
    rc_buf b = {0};
    rc_pick_row *r = NULL;
    long pr = 0;
    int rc = rc_picks_get(&r, db, branch, sha);
    if (rc == 0) {
        pr = r->pr;
        detail_row(&b, r);
        detail_prereqs(&b, db, branch, r);
        rc_picks_row_free(r);
    } else if (rc == RC_ENOTFOUND) {
        rc_buf_printf(&b, "%s is not a candidate of %s\n", sha, branch);
    }
    rc_error_clear();
    if (pr > 0)
        rc_picks_describe_pr(&b, db, pr);
    return rc_buf_detach(&b);
}

char *model_pick_where(rc_db *db, git_repository *repo, const rc_config *cfg, const char *sha)
{
    rc_buf b = {0};
    rc_where_ctx c = {.db = db, .repo = repo, .cfg = cfg};
    rc_where w;
    if (rc_picks_where(&w, &c, sha) != 0) {
        rc_buf_printf(&b, "%s\n", rc_error_last());
        rc_error_clear();
        return rc_buf_detach(&b);
    }
    rc_buf_printf(&b, "%.12s %s\n\n", w.sha, w.subject);
    for (size_t i = 0; i < w.nbranches; i++) {
        const rc_where_branch *e = &w.branches[i];
        rc_buf_printf(&b, "%-22s %-18s", e->branch, rc_where_state_name(e));
        if (e->picked_as)
            rc_buf_printf(&b, " as %.12s (%s)", e->picked_as, rc_pick_evidence_name(e->evidence));
        if (e->first_tag)
            rc_buf_printf(&b, "  in %s", e->first_tag);
        rc_buf_puts(&b, "\n");
    }
    rc_where_free(&w);
    return rc_buf_detach(&b);
}

char *model_violation_detail(rc_db *db, const char *branch, const char *sha, long pr)
{
    rc_violation_row *v = NULL;
    size_t n = 0;
    rc_buf b = {0};
    if (rc_picks_violations(&v, &n, db, branch) != 0) {
        rc_buf_printf(&b, "violations: %s\n", rc_error_last());
        rc_error_clear();
    }
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].sha, sha) != 0 || (!*sha && v[i].pr != pr))
            continue;
        char *subject = rc_sanitize(v[i].subject, false);
        if (*sha)
            rc_buf_printf(&b, "commit   %s (on %s since the cut)\n", sha, branch);
        else
            rc_buf_printf(&b, "request  #%ld on the release tracker (comment %lld)\n", pr,
                          (long long)v[i].comment_id);
        rc_buf_printf(&b, "subject  %s\nbreaks   %s\n\n", subject, v[i].reason);
        rc_buf_puts(&b, "Not a candidate: nothing to approve. Revert it on the branch, or record\n"
                        "why it belongs there; `relcap picks --violations` lists them all.\n");
        free(subject);
        break;
    }
    rc_picks_violations_free(v, n);
    return rc_buf_detach(&b);
}
