/* The queue: what each candidate asks of the captain (its action), the
 * queue's order and headline, and why a conflicting candidate does not
 * apply. Computed here, from the row as read, so the CLI, the JSON and the
 * cockpit say the same thing. */
#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The categories the policy admits after the cut (an override may have
 * been typed as an alias). */
static bool admitted(const char *category)
{
    const char *c = rc_category_canonical(category);
    return c &&
           (rc_category_is_fix(c) || strcmp(c, RC_CAT_DOC) == 0 || strcmp(c, RC_CAT_RELEASE) == 0);
}

static bool conflicts(const rc_pick_row *r)
{
    return r->conflict && strcmp(r->conflict, "conflict") == 0;
}

bool rc_pick_is_automation(const rc_pick_row *r)
{
    return r->category && strcmp(r->category, RC_CAT_AUTOMATION) == 0;
}

rc_pick_action rc_pick_action_of(const rc_pick_row *r)
{
    if (r->state == RC_PICK_REVERT_NEEDED)
        return RC_PICK_ACTION_REVERT;
    if (r->state == RC_PICK_VIOLATION)
        return RC_PICK_ACTION_REVIEW;
    if (r->state != RC_PICK_PENDING)
        return RC_PICK_ACTION_NONE;
    /* generated-file updates by bots are not the captain's decisions,
     * unless the captain decided anyway */
    if (r->decision == RC_PICK_DECISION_NONE && !r->requested && rc_pick_is_automation(r))
        return RC_PICK_ACTION_NONE;
    bool asked = r->requested > 0 || r->review_pr > 0;
    switch (r->decision) {
    case RC_PICK_DECISION_APPROVE:
        return conflicts(r) ? RC_PICK_ACTION_RESOLVE : RC_PICK_ACTION_APPLY;
    case RC_PICK_DECISION_REJECT:
        return RC_PICK_ACTION_NONE;
    default:
        break;
    }
    if (r->requested > 0 && conflicts(r))
        return RC_PICK_ACTION_RESOLVE;
    if (admitted(r->category))
        return RC_PICK_ACTION_DECIDE;
    return asked ? RC_PICK_ACTION_REVIEW : RC_PICK_ACTION_NONE;
}

/* Where a candidate without a conflict outcome stands in the queue, as far
 * as the row tells before the trial: the conflict fill tries the rows the
 * captain sees first (reverts, approved picks, admitted fixes) before the
 * features and bot commits folded at the bottom. */
int pk_fill_rank(const char *state, const char *category, const char *decision)
{
    if (state && strcmp(state, rc_pick_state_name(RC_PICK_REVERT_NEEDED)) == 0)
        return 0;
    if (decision && strcmp(decision, rc_pick_decision_name(RC_PICK_DECISION_APPROVE)) == 0)
        return 1;
    if (decision && strcmp(decision, rc_pick_decision_name(RC_PICK_DECISION_REJECT)) == 0)
        return 4;
    if (admitted(category))
        return 2;
    return category && strcmp(category, RC_CAT_AUTOMATION) == 0 ? 4 : 3;
}

static int by_queue(const void *a, const void *b)
{
    const rc_pick_row *x = a, *y = b;
    if (x->action != y->action)
        return x->action < y->action ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void pk_sort_queue(rc_pick_row *rows, size_t n)
{
    if (n > 1)
        qsort(rows, n, sizeof *rows, by_queue);
}

void rc_picks_next_line(rc_buf *b, const rc_pick_row *rows, size_t n)
{
    size_t k[RC_PICK_ACTION_COUNT] = {0}, viol = 0;
    for (size_t i = 0; i < n; i++)
        if (rows[i].state == RC_PICK_VIOLATION)
            viol++;
        else if ((unsigned)rows[i].action < RC_PICK_ACTION_COUNT)
            k[rows[i].action]++;
    /* in queue order; violations (not candidates) last */
    const struct {
        size_t n;
        const char *one, *many;
    } parts[] = {
        {k[RC_PICK_ACTION_REVERT], "revert to follow", "reverts to follow"},
        {k[RC_PICK_ACTION_APPLY], "to apply", "to apply"},
        {k[RC_PICK_ACTION_RESOLVE], "conflict to resolve", "conflicts to resolve"},
        {k[RC_PICK_ACTION_DECIDE], "fix to decide", "fixes to decide"},
        {k[RC_PICK_ACTION_REVIEW], "to review", "to review"},
        {viol, "violation to review", "violations to review"},
    };
    rc_buf_puts(b, "next:");
    const char *sep = " ";
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i].n) {
            rc_buf_printf(b, "%s%zu %s", sep, parts[i].n,
                          parts[i].n == 1 ? parts[i].one : parts[i].many);
            sep = " \xc2\xb7 ";
        }
    if (sep[0] == ' ' && sep[1] == '\0')
        rc_buf_puts(b, " nothing to do");
}

/* "1a2b3c4d (#12) [critical-fix]" for each sha of a newline list. */
static void name_commits(rc_buf *b, rc_db *db, const rc_category_rules *rules, const char *list)
{
    sqlite3_stmt *st = NULL;
    if (rc_db_prepare(&st, db, "SELECT subject FROM commits WHERE sha = ?1"))
        rc_error_clear();
    bool first = true;
    for (const char *p = list; p && *p;) {
        size_t len = strcspn(p, "\n");
        char sha[41];
        snprintf(sha, sizeof sha, "%.*s", (int)(len < 40 ? len : 40), p);
        const char *subject = NULL;
        if (st) {
            sqlite3_reset(st);
            rc_sql_bind_text(st, 1, sha);
            if (sqlite3_step(st) == SQLITE_ROW)
                subject = rc_sql_text(st, 0);
        }
        long pr = subject ? rc_refs_pr_number(subject, NULL) : 0;
        rc_buf_printf(b, "%s%.8s", first ? "" : ", ", sha);
        if (pr > 0)
            rc_buf_printf(b, " (#%ld)", pr);
        if (subject && rules)
            rc_buf_printf(b, " [%s]", rc_category_of(rules, subject, NULL));
        first = false;
        p += len;
        if (*p == '\n')
            p++;
    }
    sqlite3_finalize(st);
}

void rc_picks_explain_conflict(rc_buf *b, rc_db *db, const rc_config *cfg, const rc_pick_row *r)
{
    if (!conflicts(r))
        return;
    rc_buf_puts(b, "it conflicts in ");
    for (const char *p = r->conflict_paths; p && *p; p++)
        rc_buf_put(b, *p == '\n' ? ", " : p, *p == '\n' ? 2 : 1);
    if (!r->conflict_paths)
        rc_buf_puts(b, "(unknown paths)");
    rc_category_rules *rules = NULL;
    if (rc_category_rules_new(&rules, cfg))
        rc_error_clear();
    if (r->prereqs) {
        rc_buf_puts(b, "; apply first its prerequisite");
        rc_buf_puts(b, strchr(r->prereqs, '\n') ? "s " : " ");
        name_commits(b, db, NULL, r->prereqs);
    } else if (r->prereqs_searched) {
        rc_buf_puts(b, "; no prerequisite exists");
        if (r->collides) {
            rc_buf_puts(b, ": the branch changed these lines in ");
            name_commits(b, db, rules, r->collides);
        }
    }
    rc_category_rules_free(rules);
}
