/* Merging decisions from tracker reports into the user tables: the
 * current decision changes only for a newer one, and the log gets each
 * decision once, so syncing again is a no-op. */
#include "core/picks/triage_merge.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/git/gitsync.h"
#include "core/picks/category.h"
#include "core/picks/picks_internal.h"
#include "core/picks/triage.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int by_time(const void *a, const void *b)
{
    const rc_report_decision *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* 1 when the decision is already known: the current one, or in the log. */
static int known(rc_db *db, const rc_report_decision *d, int64_t *cur_at)
{
    sqlite3_stmt *st;
    *cur_at = -1;
    int r = rc_sql_prepare(&st, db,
                           "SELECT decided_at, decision IS ?3 FROM pick_decisions"
                           " WHERE branch = ?1 AND sha = ?2",
                           3, d->branch, d->sha, d->decision);
    if (r)
        return r;
    bool same = false;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *cur_at = sqlite3_column_int64(st, 0);
        same = *cur_at == d->at && sqlite3_column_int(st, 1);
    }
    sqlite3_finalize(st);
    if (same)
        return 1;
    char *key = rc_xasprintf("%s %s", d->branch, d->sha);
    r = rc_sql_prepare(&st, db,
                       "SELECT 1 FROM decision_log WHERE scope = 'pick' AND key = ?1"
                       " AND author = ?2 AND at = ?3 AND decision IS ?4",
                       2, key, d->author);
    free(key);
    if (r)
        return r;
    sqlite3_bind_int64(st, 3, d->at);
    rc_sql_bind_text(st, 4, d->decision);
    r = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return r;
}

/* 1 when the git sync knows the branch (read through its room). */
static int branch_known(rc_db *db, const char *branch)
{
    rc_branch_row row;
    int r = rc_gitsync_branch_get(&row, db, branch);
    if (r == RC_ENOTFOUND) {
        rc_error_clear();
        return 0;
    }
    if (r)
        return r;
    rc_branch_row_free(&row);
    return 1;
}

/* An older decision than the current one: history only. */
static int log_only(rc_db *db, const rc_report_decision *d)
{
    rc_triage_change c = {.branch = d->branch,
                          .sha = d->sha,
                          .decision = d->decision,
                          .category = d->category,
                          .note = d->note,
                          .author = d->author,
                          .at = d->at};
    return pk_triage_log(db, &c, "logging an imported decision");
}

static void warn(rc_buf *w, const char *fmt, const char *what)
{
    char *s = rc_sanitize(what, false);
    rc_buf_printf(w, fmt, s);
    free(s);
}

static int merge_one(rc_triage_merge_report *out, rc_buf *w, rc_db *db, const rc_report_decision *d)
{
    int r = branch_known(db, d->branch);
    if (r <= 0) {
        if (!r)
            warn(w, "; a decision on unknown branch %s skipped", d->branch);
        return r;
    }
    if (d->category && !rc_category_canonical(d->category)) {
        warn(w, "; a decision with unknown category %s skipped", d->category);
        return 0;
    }
    int64_t cur_at;
    if ((r = known(db, d, &cur_at)))
        return r < 0 ? r : 0;
    if (cur_at >= d->at) {
        out->logged++;
        return log_only(db, d);
    }
    rc_triage_change ch = {.branch = d->branch,
                           .sha = d->sha,
                           .pr = d->pr,
                           .decision = d->decision,
                           .category = d->category ? d->category : "",
                           .note = d->note ? d->note : "",
                           .author = d->author,
                           .at = d->at};
    out->imported++;
    return rc_triage_set(db, &ch);
}

int rc_triage_merge(rc_triage_merge_report *out, rc_db *db, rc_report_decision *items, size_t n)
{
    memset(out, 0, sizeof *out);
    if (n)
        qsort(items, n, sizeof *items, by_time);
    rc_buf w = {0};
    int r = 0;
    for (size_t i = 0; i < n && !r; i++)
        r = merge_one(out, &w, db, &items[i]);
    if (r) {
        rc_buf_free(&w);
        return rc_error_wrap(r, "merging decisions from tracker reports");
    }
    out->warnings = w.len ? rc_buf_detach(&w) : NULL;
    rc_buf_free(&w);
    return 0;
}

void rc_triage_merge_report_free(rc_triage_merge_report *r)
{
    if (r) {
        free(r->warnings);
        memset(r, 0, sizeof *r);
    }
}
