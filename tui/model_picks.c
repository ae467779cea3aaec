/* Cherry-pick candidates of a branch as the picks room lists them: picks
 * (engine), commits, conflicts on the branch head, the user's
 * pick_decisions, PRs and tracker requests. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/picks/picks.h"
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
    k->total++;
    switch (r->state) {
    case RC_PICK_PENDING:
        k->pending++;
        break;
    case RC_PICK_PICKED:
        k->picked++;
        break;
    case RC_PICK_REVERT_NEEDED:
        k->revert_needed++;
        break;
    case RC_PICK_NOT_NEEDED:
        k->not_needed++;
        break;
    default:
        break;
    }
    switch (r->decision) {
    case RC_PICK_DECISION_APPROVE:
        k->approved++;
        break;
    case RC_PICK_DECISION_REJECT:
        k->rejected++;
        break;
    case RC_PICK_DECISION_DEFER:
        k->deferred++;
        break;
    default:
        break;
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
    /* the PR column shows the number: "Fix x (#10289)" loses its "(#10289)" */
    char *subject = rc_xstrdup(title_of(r));
    rc_grid_drop_pr_suffix(subject, r->pr);
    const char *cells[6] = {state, cat, pr, subject, conflict, dec};
    rc_pick_rec *rec = rc_xcalloc(1, sizeof *rec);
    snprintf(rec->sha, sizeof rec->sha, "%s", r->sha);
    rec->pr = r->pr;
    snprintf(rec->state, sizeof rec->state, "%s", state);
    snprintf(rec->category, sizeof rec->category, "%s", category_of(r));
    snprintf(rec->decision, sizeof rec->decision, "%s", decision);
    size_t row = rc_grid_add(g, cells, rec);
    free(subject);
    rc_grid_role(g, row, 0, rc_theme_role_for(state));
    rc_grid_role(g, row, 4, rc_theme_role_for(conflict));
    rc_grid_role(g, row, 5, rc_theme_role_for(decision));
    if (strcmp(or_empty(r->category_auto), "feature") == 0 && !overridden)
        rc_grid_role(g, row, 1, ROLE_BAD);
    if (r->state == RC_PICK_NOT_NEEDED || r->state == RC_PICK_PICKED)
        rc_grid_role(g, row, -1, ROLE_DIM);
}

int model_picks_load(rc_grid *g, rc_db *db, const char *branch, rc_pick_counts *k)
{
    rc_grid_clear(g);
    memset(k, 0, sizeof *k);
    rc_pick_row *rows;
    size_t n;
    int r = rc_picks_list(&rows, &n, db, branch, NULL);
    if (r)
        return r;
    for (size_t i = 0; i < n; i++) {
        add_row(g, &rows[i]);
        count_row(k, &rows[i]);
    }
    rc_picks_list_free(rows, n);
    return 0;
}

char *model_picks_to_apply(rc_db *db, const char *branch, size_t *n)
{
    rc_buf b = {0};
    *n = 0;
    rc_pick_row *rows;
    size_t nrows;
    if (rc_picks_list(&rows, &nrows, db, branch, NULL) != 0) {
        rc_error_clear();
        return rc_buf_detach(&b);
    }
    for (size_t i = 0; i < nrows; i++) {
        const rc_pick_row *r = &rows[i];
        if (r->decision != RC_PICK_DECISION_APPROVE ||
            (r->state != RC_PICK_PENDING && r->state != RC_PICK_REVERT_NEEDED) ||
            (r->conflict && strcmp(r->conflict, "clean") != 0))
            continue;
        rc_buf_printf(&b, "%.12s %s\n", r->sha, title_of(r));
        (*n)++;
    }
    rc_picks_list_free(rows, nrows);
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

char *model_pick_detail(rc_db *db, const char *branch, const char *sha)
{
    rc_buf b = {0};
    rc_pick_row *r = NULL;
    long pr = 0;
    int rc = rc_picks_get(&r, db, branch, sha);
    if (rc == 0) {
        pr = r->pr;
        detail_row(&b, r);
        rc_picks_row_free(r);
    } else if (rc == RC_ENOTFOUND) {
        rc_buf_printf(&b, "%s is not a candidate of %s\n", sha, branch);
    }
    rc_error_clear();
    if (pr > 0)
        rc_picks_describe_pr(&b, db, pr);
    return rc_buf_detach(&b);
}
