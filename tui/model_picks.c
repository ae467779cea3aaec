/* Cherry-pick candidates of a branch: picks (engine), commits, conflicts on
 * the branch head, the user's pick_decisions, PRs and tracker requests. */
#include "core/base/error.h"
#include "core/base/util.h"
#include "tui/model.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? (const char *)s : "";
}

#define PICKS_SELECT                                                                               \
    "SELECT p.sha, p.pr, p.category, p.state, coalesce(c.subject, pr.title, ''), cf.clean, "       \
    "cf.paths, d.decision, d.category, d.note, p.pos FROM picks p "                                \
    "LEFT JOIN commits c ON c.sha = p.sha "                                                        \
    "LEFT JOIN prs pr ON pr.number = p.pr "                                                        \
    "LEFT JOIN conflicts cf ON cf.sha = p.sha AND cf.onto = "                                      \
    "(SELECT head_sha FROM branches WHERE name = p.branch) "                                       \
    "LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha "                         \
    "WHERE p.branch = ?1 "

int model_picks_load(rc_grid *g, rc_db *db, const char *branch, rc_pick_counts *k)
{
    rc_grid_clear(g);
    memset(k, 0, sizeof *k);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, PICKS_SELECT "ORDER BY p.pos, p.sha");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *state = col(st, 3), *decision = col(st, 7);
        char pr[24] = "", cat[64], conflict[16] = "";
        if (sqlite3_column_int64(st, 1) > 0)
            snprintf(pr, sizeof pr, "#%lld", (long long)sqlite3_column_int64(st, 1));
        /* the captain's category wins; a leading star (never cut off) says so */
        if (*col(st, 8))
            snprintf(cat, sizeof cat, "*%s", col(st, 8));
        else
            snprintf(cat, sizeof cat, "%s", col(st, 2));
        if (sqlite3_column_type(st, 5) != SQLITE_NULL)
            snprintf(conflict, sizeof conflict, "%s",
                     sqlite3_column_int(st, 5) ? "clean" : "conflict");
        char dec[64];
        snprintf(dec, sizeof dec, "%s%s", decision, *col(st, 9) ? " +note" : "");
        const char *cells[6] = {state, cat, pr, col(st, 4), conflict, dec};
        rc_pick_rec *rec = rc_xcalloc(1, sizeof *rec);
        snprintf(rec->sha, sizeof rec->sha, "%s", col(st, 0));
        rec->pr = (long)sqlite3_column_int64(st, 1);
        snprintf(rec->state, sizeof rec->state, "%s", state);
        snprintf(rec->category, sizeof rec->category, "%s", *col(st, 8) ? col(st, 8) : col(st, 2));
        snprintf(rec->decision, sizeof rec->decision, "%s", decision);
        size_t row = rc_grid_add(g, cells, rec);
        rc_grid_role(g, row, 0, rc_theme_role_for(state));
        rc_grid_role(g, row, 4, rc_theme_role_for(conflict));
        rc_grid_role(g, row, 5, rc_theme_role_for(decision));
        if (strcmp(col(st, 2), "feature") == 0 && !*col(st, 8))
            rc_grid_role(g, row, 1, ROLE_BAD);
        if (strcmp(state, "not-needed") == 0 || strcmp(state, "picked") == 0)
            rc_grid_role(g, row, -1, ROLE_DIM);
        k->total++;
        if (!strcmp(state, "pending"))
            k->pending++;
        else if (!strcmp(state, "picked"))
            k->picked++;
        else if (!strcmp(state, "revert-needed"))
            k->revert_needed++;
        else if (!strcmp(state, "not-needed"))
            k->not_needed++;
        if (!strcmp(decision, "approve"))
            k->approved++;
        else if (!strcmp(decision, "reject"))
            k->rejected++;
        else if (!strcmp(decision, "defer"))
            k->deferred++;
    }
    sqlite3_finalize(st);
    return 0;
}

char *model_picks_to_apply(rc_db *db, const char *branch, size_t *n)
{
    rc_buf b = {0};
    *n = 0;
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      PICKS_SELECT "AND d.decision = 'approve' AND p.state IN ('pending', "
                                   "'revert-needed') AND coalesce(cf.clean, 1) = 1 "
                                   "ORDER BY p.pos, p.sha") != 0)
        return rc_buf_detach(&b);
    sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        rc_buf_printf(&b, "%.12s %s\n", col(st, 0), col(st, 4));
        (*n)++;
    }
    sqlite3_finalize(st);
    return rc_buf_detach(&b);
}

char *model_pick_detail(rc_db *db, const char *branch, const char *sha)
{
    rc_buf b = {0};
    sqlite3_stmt *st;
    long pr = 0;
    if (rc_db_prepare(
            &st, db,
            "SELECT p.sha, p.pr, p.category, p.state, p.evidence, p.picked_as, p.reverts, "
            "c.author_name, c.author_email, c.author_date, c.subject, c.body, "
            "d.decision, d.category, d.note, d.author, d.decided_at, cf.clean, cf.paths, "
            "v.reason FROM picks p LEFT JOIN commits c ON c.sha = p.sha "
            "LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha "
            "LEFT JOIN conflicts cf ON cf.sha = p.sha AND cf.onto = "
            "(SELECT head_sha FROM branches WHERE name = p.branch) "
            "LEFT JOIN violations v ON v.branch = p.branch AND v.sha = p.sha "
            "WHERE p.branch = ?1 AND p.sha = ?2") == 0) {
        sqlite3_bind_text(st, 1, branch, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, sha, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            pr = (long)sqlite3_column_int64(st, 1);
            char date[21] = "";
            if (sqlite3_column_int64(st, 9))
                rc_time_iso(date, sqlite3_column_int64(st, 9));
            rc_buf_printf(&b, "commit %s\nAuthor: %s <%s>\nDate:   %s\n\n    %s\n", col(st, 0),
                          col(st, 7), col(st, 8), date, col(st, 10));
            /* the body, indented like git log */
            const char *body = col(st, 11);
            if (*body)
                rc_buf_puts(&b, "\n");
            while (*body) {
                size_t l = strcspn(body, "\n");
                rc_buf_printf(&b, "    %.*s\n", (int)l, body);
                body += l;
                if (*body)
                    body++;
            }
            rc_buf_printf(&b, "\nState:     %s\nCategory:  %s\n", col(st, 3), col(st, 2));
            if (*col(st, 4))
                rc_buf_printf(&b, "Evidence:  %s\n", col(st, 4));
            if (*col(st, 5))
                rc_buf_printf(&b, "Picked as: %s\n", col(st, 5));
            if (*col(st, 6))
                rc_buf_printf(&b, "Reverts:   %s\n", col(st, 6));
            if (sqlite3_column_type(st, 17) != SQLITE_NULL) {
                /* paths: one a line from the engine (older caches: spaces) */
                const char *paths = col(st, 18);
                rc_buf_printf(&b, "Conflict:  %s%s\n",
                              sqlite3_column_int(st, 17) ? "clean on the branch head"
                                                         : "conflicts on the branch head",
                              *paths ? ", in:" : "");
                while (*paths) {
                    paths += strspn(paths, " \n");
                    size_t l = strcspn(paths, " \n");
                    if (l)
                        rc_buf_printf(&b, "             %.*s\n", (int)l, paths);
                    paths += l;
                }
            }
            if (*col(st, 19))
                rc_buf_printf(&b, "Violation: %s\n", col(st, 19));
            if (*col(st, 12) || *col(st, 13) || *col(st, 14)) {
                char when[21] = "";
                if (sqlite3_column_int64(st, 16))
                    rc_time_iso(when, sqlite3_column_int64(st, 16));
                rc_buf_printf(&b, "\nDecision:  %s%s%s by %s at %s\n",
                              *col(st, 12) ? col(st, 12) : "(none)",
                              *col(st, 13) ? ", category " : "", col(st, 13), col(st, 15), when);
                if (*col(st, 14))
                    rc_buf_printf(&b, "Note:      %s\n", col(st, 14));
            }
        } else {
            rc_buf_printf(&b, "%s is not a candidate of %s\n", sha, branch);
        }
        sqlite3_finalize(st);
    }
    if (pr > 0 && rc_db_prepare(&st, db,
                                "SELECT number, title, author, state, labels, milestone, url "
                                "FROM prs WHERE number = ?") == 0) {
        sqlite3_bind_int64(st, 1, pr);
        if (sqlite3_step(st) == SQLITE_ROW)
            rc_buf_printf(&b, "\nPR #%lld: %s\n  by %s, %s; labels %s%s%s\n  %s\n",
                          (long long)sqlite3_column_int64(st, 0), col(st, 1), col(st, 2),
                          col(st, 3), col(st, 4), *col(st, 5) ? "; milestone " : "", col(st, 5),
                          col(st, 6));
        else
            rc_buf_printf(&b, "\nPR #%ld: not in the cache (GitHub not synced)\n", pr);
        sqlite3_finalize(st);
    }
    if (pr > 0 &&
        rc_db_prepare(&st, db,
                      "SELECT tr.tracker, tr.comment_id, tr.author, tr.category, tr.checked, "
                      "tr.on_trunk, tr.release_prs FROM tracker_requests tr WHERE EXISTS "
                      "(SELECT 1 FROM json_each(tr.trunk_prs) j WHERE j.value = ?1) OR EXISTS "
                      "(SELECT 1 FROM json_each(tr.release_prs) j WHERE j.value = ?1) "
                      "ORDER BY tr.comment_id") == 0) {
        sqlite3_bind_int64(st, 1, pr);
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!n++)
                rc_buf_puts(&b, "\nTracker requests:\n");
            rc_buf_printf(&b, "  tracker #%lld comment %lld by %s: %s%s%s, release PRs %s\n",
                          (long long)sqlite3_column_int64(st, 0),
                          (long long)sqlite3_column_int64(st, 1), col(st, 2),
                          *col(st, 3) ? col(st, 3) : "no category",
                          sqlite3_column_int(st, 4) ? ", checked" : "",
                          sqlite3_column_type(st, 5) != SQLITE_NULL && !sqlite3_column_int(st, 5)
                              ? ", NOT ON TRUNK"
                              : "",
                          col(st, 6));
        }
        sqlite3_finalize(st);
    }
    return rc_buf_detach(&b);
}
