/* Writing a computed branch and reading the cache back: listing, violations,
 * resolving a candidate. */

#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One candidate's row of picks (and its conflict outcome). */
static int write_pick(sqlite3_stmt *ins, sqlite3_stmt *cins, rc_db *db, const branch_work *w,
                      const line *m, size_t i, bool conflict_check)
{
    const result *r = &w->res[i];
    const cinfo *c = &m->c[i];
    sqlite3_reset(ins);
    rc_sql_bind_text(ins, 1, w->name);
    rc_sql_bind_text(ins, 2, c->sha);
    sqlite3_bind_int64(ins, 3, (sqlite3_int64)i);
    if (c->refs.pr)
        sqlite3_bind_int64(ins, 4, c->refs.pr);
    else
        sqlite3_bind_null(ins, 4);
    sqlite3_bind_text(ins, 5, r->category, -1, SQLITE_STATIC);
    sqlite3_bind_text(ins, 6, rc_pick_state_name(r->state), -1, SQLITE_STATIC);
    const char *picked_as = NULL;
    if (r->picked_as != NONE)
        picked_as = w->bl.c[r->picked_as].sha;
    else if (r->ext_pick && r->ext_sha[0])
        picked_as = r->ext_sha;
    if (r->picked_as != NONE || r->ext_pick)
        sqlite3_bind_text(ins, 7, rc_pick_evidence_name(r->evidence), -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(ins, 7);
    rc_sql_bind_text(ins, 8, picked_as);
    rc_sql_bind_text_or_null(ins, 9, r->reverts);
    if (r->review_pr)
        sqlite3_bind_int64(ins, 10, r->review_pr);
    else
        sqlite3_bind_null(ins, 10);
    if (r->requested)
        sqlite3_bind_int64(ins, 11, r->requested);
    else
        sqlite3_bind_null(ins, 11);
    if (sqlite3_step(ins) != SQLITE_DONE)
        return rc_db_error(db, "writing picks");
    if (!conflict_check || !r->conflict_known || !w->head)
        return 0;
    sqlite3_reset(cins);
    rc_sql_bind_text(cins, 1, c->sha);
    rc_sql_bind_text(cins, 2, w->head);
    sqlite3_bind_int(cins, 3, r->clean ? 1 : 0);
    rc_sql_bind_text(cins, 4, r->paths ? r->paths : "");
    if (sqlite3_step(cins) != SQLITE_DONE)
        return rc_db_error(db, "writing conflicts");
    return 0;
}

static int write_violations(sqlite3_stmt *vins, rc_db *db, const branch_work *w)
{
    for (size_t i = 0; i < w->nviol; i++) {
        sqlite3_reset(vins);
        rc_sql_bind_text(vins, 1, w->name);
        rc_sql_bind_text(vins, 2, w->bl.c[w->viol[i].idx].sha);
        rc_sql_bind_text(vins, 3, w->viol[i].reason);
        if (sqlite3_step(vins) != SQLITE_DONE)
            return rc_db_error(db, "writing violations");
    }
    return 0;
}

int pk_write_branch(rc_db *db, branch_work *w, const line *m, bool conflict_check)
{
    sqlite3_stmt *del = NULL, *ins = NULL, *vdel = NULL, *vins = NULL, *cins = NULL;
    int rc = 0;
    if ((rc = rc_db_prepare(&del, db, "DELETE FROM picks WHERE branch = ?1")) ||
        (rc = rc_db_prepare(&vdel, db, "DELETE FROM violations WHERE branch = ?1")) ||
        (rc = rc_db_prepare(&ins, db,
                            "INSERT INTO picks(branch, sha, pos, pr, category, state, evidence,"
                            " picked_as, reverts, review_pr, requested)"
                            " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)")) ||
        (rc = rc_db_prepare(&vins, db,
                            "INSERT OR REPLACE INTO violations(branch, sha, reason)"
                            " VALUES (?1,?2,?3)")) ||
        (rc = rc_db_prepare(&cins, db,
                            "INSERT OR REPLACE INTO conflicts(sha, onto, clean, paths)"
                            " VALUES (?1,?2,?3,?4)")))
        goto done;
    rc_sql_bind_text(del, 1, w->name);
    rc_sql_bind_text(vdel, 1, w->name);
    if (sqlite3_step(del) != SQLITE_DONE || sqlite3_step(vdel) != SQLITE_DONE) {
        rc = rc_db_error(db, "clearing picks");
        goto done;
    }
    for (size_t i = w->first; !rc && i < m->n; i++)
        rc = write_pick(ins, cins, db, w, m, i, conflict_check);
    if (!rc)
        rc = write_violations(vins, db, w);
    if (!rc) {
        char *key = rc_xasprintf("picks:%s", w->name);
        rc = rc_db_meta_set(db, key, w->stamp);
        free(key);
    }
done:
    sqlite3_finalize(del);
    sqlite3_finalize(vdel);
    sqlite3_finalize(ins);
    sqlite3_finalize(vins);
    sqlite3_finalize(cins);
    return rc;
}

void pk_work_drop_eval(branch_work *w)
{
    for (size_t i = 0; i < w->nres; i++)
        free(w->res[i].paths);
    free(w->res);
    w->res = NULL;
    w->nres = 0;
    for (size_t i = 0; i < w->nviol; i++)
        free(w->viol[i].reason);
    free(w->viol);
    w->viol = NULL;
    w->nviol = 0;
    pk_line_free(&w->bl);
}

void pk_work_free(branch_work *w)
{
    free(w->name);
    free(w->cut);
    free(w->head);
    free(w->prev_cut);
    pk_work_drop_eval(w);
}

void rc_picks_report_free(rc_picks_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nbranches; i++)
        free(r->branches[i].branch);
    free(r->branches);
    r->branches = NULL;
    r->nbranches = 0;
}

int rc_picks_default_branch(char **out, rc_db *db)
{
    *out = NULL;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT name FROM branches WHERE cut_sha IS NOT NULL"
                           " ORDER BY (status = 'maintained') DESC, sortkey DESC, name DESC"
                           " LIMIT 1");
    if (rc)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *out = rc_sql_dup(st, 0);
    sqlite3_finalize(st);
    if (!*out)
        return rc_error_set(RC_ENOTFOUND, "no release branch in the cache (run relcap sync)");
    return 0;
}

/* Rows of picks joined with the commit, the decision, the PR and the
 * conflict on the branch head; the detail columns (body, violation) only
 * for one candidate (?4). */
#define PICKS_ROWS                                                                                 \
    "SELECT p.sha, p.pos, p.pr, c.subject, c.author_name, c.commit_date,"                          \
    " COALESCE(d.category, p.category), p.state, p.evidence, p.picked_as, p.reverts,"              \
    " k.clean, k.paths, d.decision, d.note, d.author, d.decided_at, p.review_pr, p.requested,"     \
    " p.category, d.category, pr.title, c.author_email, c.author_date,"                            \
    " CASE WHEN ?4 IS NULL THEN NULL ELSE c.body END, v.reason, q.prereqs, q.collides"             \
    " FROM picks p LEFT JOIN commits c ON c.sha = p.sha"                                           \
    " LEFT JOIN pick_decisions d ON d.branch = p.branch AND d.sha = p.sha"                         \
    " LEFT JOIN branches b ON b.name = p.branch"                                                   \
    " LEFT JOIN conflicts k ON k.sha = p.sha AND k.onto = b.head_sha"                              \
    " LEFT JOIN prereqs q ON q.sha = p.sha AND q.onto = b.head_sha"                                \
    " LEFT JOIN prs pr ON pr.number = p.pr"                                                        \
    " LEFT JOIN violations v ON ?4 IS NOT NULL AND v.branch = p.branch AND v.sha = p.sha"          \
    " WHERE p.branch = ?1 AND (?2 IS NULL OR p.state = ?2)"                                        \
    " AND (?3 IS NULL OR COALESCE(d.category, p.category) = ?3)"                                   \
    " AND (?4 IS NULL OR p.sha = ?4)"                                                              \
    " ORDER BY p.pos"

static void row_clear(rc_pick_row *r)
{
    char **const strs[] = {
        &r->subject,      &r->author,        &r->category,          &r->picked_as,
        &r->reverts,      &r->conflict,      &r->conflict_paths,    &r->note,
        &r->decided_by,   &r->category_auto, &r->category_override, &r->pr_title,
        &r->author_email, &r->body,          &r->violation,         &r->prereqs,
        &r->collides};
    rc_strs_clear(strs, 17);
}

static void read_row(rc_pick_row *r, sqlite3_stmt *st)
{
    memset(r, 0, sizeof *r);
    snprintf(r->sha, sizeof r->sha, "%s", rc_sql_text(st, 0));
    r->pos = sqlite3_column_int64(st, 1);
    r->pr = (long)sqlite3_column_int64(st, 2);
    r->subject = rc_sql_dup(st, 3);
    r->author = rc_sql_dup(st, 4);
    r->date = sqlite3_column_int64(st, 5);
    r->category = rc_sql_dup(st, 6);
    /* the cache holds only names the engine wrote */
    rc_pick_state_from_name(&r->state, rc_sql_text(st, 7));
    rc_pick_evidence_from_name(&r->evidence, rc_sql_text(st, 8));
    r->picked_as = rc_sql_dup(st, 9);
    r->reverts = rc_sql_dup(st, 10);
    if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
        r->conflict = rc_xstrdup(sqlite3_column_int(st, 11) ? "clean" : "conflict");
        const char *p = rc_sql_text(st, 12);
        if (p && *p)
            r->conflict_paths = rc_xstrdup(p);
    }
    rc_pick_decision_from_name(&r->decision, rc_sql_text(st, 13));
    rc_error_clear();
    r->note = rc_sql_dup(st, 14);
    r->decided_by = rc_sql_dup(st, 15);
    r->decided_at = sqlite3_column_int64(st, 16);
    r->review_pr = (long)sqlite3_column_int64(st, 17);
    r->requested = sqlite3_column_int64(st, 18);
    r->category_auto = rc_sql_dup(st, 19);
    r->category_override = rc_sql_dup(st, 20);
    r->pr_title = rc_sql_dup(st, 21);
    r->author_email = rc_sql_dup(st, 22);
    r->author_date = sqlite3_column_int64(st, 23);
    r->body = rc_sql_dup(st, 24);
    r->violation = rc_sql_dup(st, 25);
    r->prereqs_searched = sqlite3_column_type(st, 26) != SQLITE_NULL;
    const char *q = rc_sql_text(st, 26), *k = rc_sql_text(st, 27);
    r->prereqs = q && *q ? rc_xstrdup(q) : NULL;
    r->collides = k && *k ? rc_xstrdup(k) : NULL;
    if (!r->subject)
        r->subject = rc_xstrdup("");
    if (!r->author)
        r->author = rc_xstrdup("");
}

/* The branch's violations as rows (see rc_picks_filter.with_violations),
 * when the filter admits them: they have no category. */
static int add_violations(rc_pick_row **out, size_t *count, rc_db *db, const char *branch,
                          const rc_picks_filter *f)
{
    if ((f->by_state && f->state != RC_PICK_VIOLATION) || f->category ||
        (f->by_action && f->action != RC_PICK_ACTION_REVIEW))
        return 0;
    rc_violation_row *v;
    size_t n;
    int rc = rc_picks_violations(&v, &n, db, branch);
    if (rc || !n)
        return rc;
    *out = rc_xrealloc(*out, (*count + n) * sizeof **out);
    for (size_t i = 0; i < n; i++) {
        rc_pick_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        memcpy(r->sha, v[i].sha, sizeof r->sha);
        /* after every candidate of its group, in the branch's order */
        r->pos = INT64_MAX / 2 + (int64_t)i;
        r->pr = v[i].pr;
        r->requested = v[i].comment_id;
        r->subject = v[i].subject;
        r->violation = v[i].reason;
        v[i].subject = v[i].reason = NULL;
        r->author = rc_xstrdup("");
        r->state = RC_PICK_VIOLATION;
        r->action = RC_PICK_ACTION_REVIEW;
    }
    rc_picks_violations_free(v, n);
    return 0;
}

static int query_rows(rc_pick_row **out, size_t *count, rc_db *db, const char *branch,
                      const rc_picks_filter *f, const char *sha)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db, PICKS_ROWS);
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    if (f && f->by_state)
        rc_sql_bind_text(st, 2, rc_pick_state_name(f->state));
    if (f && f->category)
        rc_sql_bind_text(st, 3, f->category);
    rc_sql_bind_text(st, 4, sha);
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 64;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        rc_pick_row *r = &(*out)[*count];
        read_row(r, st);
        r->action = rc_pick_action_of(r);
        if (f && f->by_action && r->action != f->action) {
            row_clear(r);
            continue;
        }
        (*count)++;
    }
    sqlite3_finalize(st);
    if (s != SQLITE_DONE) {
        rc_picks_list_free(*out, *count);
        *out = NULL;
        *count = 0;
        return rc_db_error(db, "listing picks");
    }
    if (f && f->with_violations && !sha && (rc = add_violations(out, count, db, branch, f))) {
        rc_picks_list_free(*out, *count);
        *out = NULL;
        *count = 0;
        return rc;
    }
    if (f && f->queue_order)
        pk_sort_queue(*out, *count);
    return 0;
}

int rc_picks_list(rc_pick_row **out, size_t *count, rc_db *db, const char *branch,
                  const rc_picks_filter *f)
{
    return query_rows(out, count, db, branch, f, NULL);
}

int rc_picks_get(rc_pick_row **out, rc_db *db, const char *branch, const char *sha)
{
    size_t n = 0;
    int rc = query_rows(out, &n, db, branch, NULL, sha);
    if (!rc && n == 0)
        rc = rc_error_set(RC_ENOTFOUND, "%s is not a candidate of %s", sha, branch);
    return rc;
}

void rc_picks_row_free(rc_pick_row *row)
{
    rc_picks_list_free(row, row ? 1 : 0);
}

void rc_picks_list_free(rc_pick_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++)
        row_clear(&rows[i]);
    free(rows);
}

int rc_picks_violations(rc_violation_row **out, size_t *count, rc_db *db, const char *branch)
{
    *out = NULL;
    *count = 0;
    sqlite3_stmt *st;
    int rc = rc_db_prepare(&st, db,
                           "SELECT v.sha, c.subject, v.reason FROM violations v"
                           " LEFT JOIN commits c ON c.sha = v.sha"
                           " LEFT JOIN line_commits l ON l.line = v.branch AND l.sha = v.sha"
                           " WHERE v.branch = ?1 ORDER BY l.pos, v.sha");
    if (rc)
        return rc;
    rc_sql_bind_text(st, 1, branch);
    size_t cap = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        rc_violation_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        snprintf(r->sha, sizeof r->sha, "%s", rc_sql_text(st, 0));
        r->subject = rc_sql_dup(st, 1);
        r->reason = rc_sql_dup(st, 2);
        if (!r->subject)
            r->subject = rc_xstrdup("");
    }
    sqlite3_finalize(st);
    /* requests on the release's tracker for trunk PRs not merged on main */
    if (rc_db_prepare(&st, db,
                      "SELECT r.comment_id, j.value, p.title FROM tracker_requests r"
                      " JOIN trackers t ON t.number = r.tracker"
                      " JOIN branches b ON b.name = ?1"
                      " JOIN json_each(CASE WHEN json_valid(r.trunk_prs) THEN r.trunk_prs"
                      "   ELSE '[]' END) j"
                      " LEFT JOIN prs p ON p.number = j.value"
                      " WHERE r.on_trunk = 0 AND (ltrim(t.version, 'vV') = b.version"
                      "    OR ltrim(t.version, 'vV') = b.release"
                      "    OR ltrim(t.version, 'vV') LIKE b.release || '.%')"
                      "   AND (p.number IS NULL OR p.merged_at IS NULL)"
                      " ORDER BY r.comment_id, j.key") != 0) {
        rc_error_clear(); /* no JSON1: the commit violations still stand */
        return 0;
    }
    rc_sql_bind_text(st, 1, branch);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (*count == cap) {
            cap = cap ? cap * 2 : 16;
            *out = rc_xrealloc(*out, cap * sizeof **out);
        }
        rc_violation_row *r = &(*out)[(*count)++];
        memset(r, 0, sizeof *r);
        r->comment_id = sqlite3_column_int64(st, 0);
        r->pr = (long)sqlite3_column_int64(st, 1);
        const char *title = rc_sql_text(st, 2);
        r->subject = title ? rc_xasprintf("%s (#%ld)", title, r->pr) : rc_xasprintf("#%ld", r->pr);
        r->reason = rc_xstrdup("requested on the tracker but not merged on main");
    }
    sqlite3_finalize(st);
    return 0;
}

void rc_picks_violations_free(rc_violation_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].subject);
        free(rows[i].reason);
    }
    free(rows);
}

/* Candidates of branch matching sql (?1 branch, ?2 text, ?3 number): how
 * many, the first one's sha and PR. */
static int match_count(char out[41], long *pr, rc_db *db, const char *sql, const char *branch,
                       const char *text, long num)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db, sql))
        return -1;
    rc_sql_bind_text(st, 1, branch);
    rc_sql_bind_text(st, 2, text);
    sqlite3_bind_int64(st, 3, num);
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW)
        if (n++ == 0) {
            snprintf(out, 41, "%s", rc_sql_text(st, 0));
            *pr = (long)sqlite3_column_int64(st, 1);
        }
    sqlite3_finalize(st);
    return n;
}

#define BY_PR "SELECT sha, pr FROM picks WHERE branch = ?1 AND pr = ?3 AND ?2 IS NOT NULL"
#define BY_PREFIX                                                                                  \
    "SELECT sha, pr FROM picks WHERE branch = ?1 AND substr(sha, 1, length(?2)) = lower(?2)"       \
    " AND ?3 IS NOT NULL"

/* A bare number: a commit prefix when some candidate has it, else a PR. */
static int resolve_bare(char out[41], long *pr, rc_db *db, const char *branch, const char *what)
{
    char sha_a[41] = "", sha_b[41] = "";
    long pr_a = 0, pr_b = 0, num = strtol(what, NULL, 10);
    int by_sha = strlen(what) >= 4 && strlen(what) <= 40
                     ? match_count(sha_a, &pr_a, db, BY_PREFIX, branch, what, 0)
                     : 0;
    int by_pr = num > 0 ? match_count(sha_b, &pr_b, db, BY_PR, branch, what, num) : 0;
    if (by_sha < 0 || by_pr < 0)
        return rc_error_code();
    if (by_sha && by_pr && strcmp(sha_a, sha_b) != 0)
        return rc_error_set(RC_EINVALID,
                            "%s is both a commit prefix (%.10s) and PR #%ld (%.10s) on %s;"
                            " say #%s for the PR or give a longer prefix",
                            what, sha_a, num, sha_b, branch, what);
    if (by_sha > 1)
        return rc_error_set(RC_EINVALID, "%s is ambiguous on %s (%d candidates)", what, branch,
                            by_sha);
    if (by_sha || by_pr) {
        snprintf(out, 41, "%s", by_sha ? sha_a : sha_b);
        *pr = by_sha ? pr_a : pr_b;
        return 0;
    }
    return rc_error_set(RC_ENOTFOUND, "%s is neither a candidate commit nor a candidate PR of %s",
                        what, branch);
}

int rc_picks_resolve(char out[41], long *pr, rc_db *db, const char *branch, const char *what)
{
    out[0] = '\0';
    long dummy;
    if (!pr)
        pr = &dummy;
    *pr = 0;
    if (!what || !*what)
        return rc_error_set(RC_EUSAGE, "expected SHA or #PR");
    size_t len = strlen(what);
    if (what[0] == '#') {
        char *end;
        long n = strtol(what + 1, &end, 10);
        if (*end || n <= 0)
            return rc_error_set(RC_EUSAGE, "'%s' is not a PR number (#N)", what);
        int k = match_count(out, pr, db, BY_PR, branch, what, n);
        if (k < 0)
            return rc_error_code();
        if (k == 0)
            return rc_error_set(RC_ENOTFOUND, "%s is not a cherry-pick candidate of %s", what,
                                branch);
        return 0;
    }
    if (strspn(what, "0123456789") == len)
        return resolve_bare(out, pr, db, branch, what);
    if (strspn(what, "0123456789abcdefABCDEF") != len)
        return rc_error_set(RC_EUSAGE, "'%s' is neither a commit id nor #PR", what);
    if (len < 4 || len > 40)
        return rc_error_set(RC_EUSAGE, "commit id '%s' must have 4 to 40 hex digits", what);
    int k = match_count(out, pr, db, BY_PREFIX, branch, what, 0);
    if (k < 0)
        return rc_error_code();
    if (k == 0)
        return rc_error_set(RC_ENOTFOUND, "%s is not a cherry-pick candidate of %s", what, branch);
    if (k > 1) {
        out[0] = '\0';
        return rc_error_set(RC_EINVALID, "%s is ambiguous on %s (%d candidates)", what, branch, k);
    }
    return 0;
}
