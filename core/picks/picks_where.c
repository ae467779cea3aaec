/* `relcap where`: one answer per trunk PR (or main commit) across every
 * release branch. The states are read from the same picks rows `relcap
 * picks BRANCH` lists (each branch is recomputed first when stale), so the
 * two always agree; a commit that is no candidate of a branch because the
 * branch was cut after it is "before-cut". The first tag is the oldest
 * version tag of the branch that contains the pick (or, before the cut,
 * any tag of the branch). */
#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/picks/where.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const place_names[RC_WHERE_COUNT] = {
    [RC_WHERE_CANDIDATE] = NULL, /* the pick state says it */
    [RC_WHERE_BEFORE_CUT] = "before-cut",
    [RC_WHERE_UNRELATED] = "not-on-branch-line",
};

const char *rc_where_state_name(const rc_where_branch *b)
{
    if (b->place == RC_WHERE_CANDIDATE)
        return rc_pick_state_name(b->state);
    return (unsigned)b->place < RC_WHERE_COUNT ? place_names[b->place] : NULL;
}

/* "#12", "12", ".../pull/12" -> 12; 0 when what is none of these. */
static long pr_of(const char *what)
{
    const char *p = strstr(what, "/pull/");
    const char *num = p ? p + 6 : what[0] == '#' ? what + 1 : what;
    size_t n = strspn(num, "0123456789");
    if (n == 0 || n > 9 || (num[n] && !(p && (num[n] == '/' || num[n] == '#' || num[n] == '?'))))
        return 0;
    return strtol(num, NULL, 10);
}

/* The main commit of PR pr: main's line first, then GitHub's merge sha. */
static bool find_pr(char sha[41], rc_db *db, const char *mline, long pr)
{
    sqlite3_stmt *st;
    char pat[32];
    snprintf(pat, sizeof pat, "%%#%ld%%", pr);
    bool found = false;
    if (rc_db_prepare(&st, db,
                      "SELECT c.sha, c.subject FROM line_commits l JOIN commits c ON c.sha = l.sha"
                      " WHERE l.line = ?1 AND c.subject LIKE ?2 ORDER BY l.pos") == 0) {
        rc_sql_bind_text(st, 1, mline);
        rc_sql_bind_text(st, 2, pat);
        while (!found && sqlite3_step(st) == SQLITE_ROW)
            if (rc_refs_pr_number(rc_sql_text(st, 1), NULL) == pr) {
                snprintf(sha, 41, "%s", rc_sql_text(st, 0));
                found = true;
            }
        sqlite3_finalize(st);
    }
    if (!found && rc_db_prepare(&st, db,
                                "SELECT merge_sha FROM prs WHERE number = ?1 AND merged_at IS NOT"
                                " NULL AND length(merge_sha) = 40") == 0) {
        sqlite3_bind_int64(st, 1, pr);
        if (sqlite3_step(st) == SQLITE_ROW) {
            snprintf(sha, 41, "%s", rc_sql_text(st, 0));
            found = true;
        }
        sqlite3_finalize(st);
    }
    rc_error_clear();
    return found;
}

/* A commit prefix: main's line, else any commit of the repository. */
static int find_sha(char sha[41], rc_db *db, git_repository *repo, const char *mline,
                    const char *what)
{
    size_t len = strlen(what);
    if (len < 4 || len > 40 || strspn(what, "0123456789abcdefABCDEF") != len)
        return rc_error_set(RC_EUSAGE, "'%s' is neither a PR (#N, N, a pull URL) nor a commit id",
                            what);
    sqlite3_stmt *st;
    int n = 0;
    if (rc_db_prepare(&st, db,
                      "SELECT sha FROM line_commits WHERE line = ?1"
                      " AND substr(sha, 1, length(?2)) = lower(?2)") == 0) {
        rc_sql_bind_text(st, 1, mline);
        rc_sql_bind_text(st, 2, what);
        while (sqlite3_step(st) == SQLITE_ROW)
            if (n++ == 0)
                snprintf(sha, 41, "%s", rc_sql_text(st, 0));
        sqlite3_finalize(st);
    }
    if (n > 1)
        return rc_error_set(RC_EINVALID, "%s is ambiguous on main (%d commits)", what, n);
    git_object *o = NULL;
    if (n == 0 && repo && git_revparse_single(&o, repo, what) == 0) {
        git_object *c = NULL;
        if (git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0) {
            git_oid_tostr(sha, 41, git_object_id(c));
            n = 1;
        }
        git_object_free(c);
        git_object_free(o);
    }
    if (n == 0 && strspn(what, "0123456789") == len)
        return rc_error_set(RC_ENOTFOUND, "no PR #%s or commit %s on main", what, what);
    if (n == 0)
        return rc_error_set(RC_ENOTFOUND, "no commit %s on main", what);
    rc_error_clear();
    return 0;
}

static void describe(rc_where *out, rc_db *db, const char *mline)
{
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db, "SELECT subject FROM commits WHERE sha = ?1") == 0) {
        rc_sql_bind_text(st, 1, out->sha);
        if (sqlite3_step(st) == SQLITE_ROW)
            out->subject = rc_sql_dup(st, 0);
        sqlite3_finalize(st);
    }
    rc_error_clear();
    (void)mline;
    if (!out->subject)
        out->subject = rc_xstrdup("");
    if (!out->pr)
        out->pr = rc_refs_pr_number(out->subject, NULL);
}

/* The oldest tag of branch containing sha (sha NULL: any tag of it). */
static char *first_tag(rc_db *db, git_repository *repo, const char *branch, const char *sha)
{
    sqlite3_stmt *st;
    char *out = NULL;
    git_oid want;
    if ((sha && git_oid_fromstr(&want, sha)) ||
        rc_db_prepare(&st, db, "SELECT name, sha FROM tags WHERE branch = ?1 ORDER BY sortkey")) {
        rc_error_clear();
        return NULL;
    }
    rc_sql_bind_text(st, 1, branch);
    while (!out && sqlite3_step(st) == SQLITE_ROW) {
        git_oid t;
        if (git_oid_fromstr(&t, rc_sql_text(st, 1)))
            continue;
        if (!sha || git_oid_equal(&t, &want) ||
            (repo && git_graph_descendant_of(repo, &t, &want) == 1))
            out = rc_sql_dup(st, 0);
    }
    sqlite3_finalize(st);
    rc_error_clear();
    return out;
}

/* A branch with a cut, and its cut. */
typedef struct {
    char *name, *cut;
} branch_cut;

static void branch_cut_fill(void *row, sqlite3_stmt *st)
{
    branch_cut *b = row;
    char **const text[] = {&b->name, &b->cut};
    rc_sql_dups(text, 2, st, 0);
}

static void branch_cut_clear(void *row)
{
    branch_cut *b = row;
    char **const text[] = {&b->name, &b->cut};
    rc_strs_clear(text, 2);
}

static const rc_sql_rowtype branch_cut_type = {sizeof(branch_cut), branch_cut_fill,
                                               branch_cut_clear, "reading branches"};

static int one_branch(rc_where_branch *b, const rc_where_ctx *c, const char *sha, const char *cut)
{
    bool stale = false;
    if (rc_picks_is_stale(&stale, c->db, c->cfg, b->branch) == 0 && stale && c->progress)
        c->progress(b->branch, c->payload);
    rc_error_clear();
    int rc = rc_picks_ensure(NULL, c->db, c->repo, c->cfg, b->branch);
    if (rc)
        return rc;
    rc_pick_row *row = NULL;
    if (rc_picks_get(&row, c->db, b->branch, sha) == 0) {
        b->place = RC_WHERE_CANDIDATE;
        b->state = row->state;
        b->evidence = row->evidence;
        b->picked_as = row->picked_as ? rc_xstrdup(row->picked_as) : NULL;
        if (row->state == RC_PICK_PICKED && row->picked_as)
            b->first_tag = first_tag(c->db, c->repo, b->branch, row->picked_as);
        rc_picks_row_free(row);
    } else if (pk_before_cut(c->repo, cut, sha)) {
        b->place = RC_WHERE_BEFORE_CUT;
        b->first_tag = first_tag(c->db, c->repo, b->branch, NULL);
    } else {
        b->place = RC_WHERE_UNRELATED;
    }
    rc_error_clear();
    return 0;
}

int rc_picks_where(rc_where *out, const rc_where_ctx *c, const char *what)
{
    memset(out, 0, sizeof *out);
    char *hold;
    const char *mline = pk_main_line_name(c->db, c->cfg, &hold);
    long pr = what ? pr_of(what) : 0;
    int rc = 0;
    if (!what || !*what)
        rc = rc_error_set(RC_EUSAGE, "expected PR or SHA");
    else if (pr > 0 && find_pr(out->sha, c->db, mline, pr))
        out->pr = pr;
    else if (what[0] == '#' || strstr(what, "/pull/"))
        rc = rc_error_set(RC_ENOTFOUND, "PR #%ld is not merged on main (as far as the cache knows)",
                          pr);
    else
        rc = find_sha(out->sha, c->db, c->repo, mline, what);
    if (!rc)
        describe(out, c->db, mline);
    free(hold);
    branch_cut *cuts = NULL; /* newest first */
    size_t n = 0;
    if (!rc)
        rc = rc_sql_select(&cuts, &n, c->db, &branch_cut_type,
                           "SELECT name, cut_sha FROM branches WHERE cut_sha IS NOT NULL AND"
                           " cut_sha <> '' ORDER BY sortkey DESC, name",
                           0);
    out->branches = rc_xcalloc(n ? n : 1, sizeof *out->branches);
    for (size_t i = 0; i < n && !rc; i++) {
        rc_where_branch *b = &out->branches[out->nbranches++];
        b->branch = cuts[i].name;
        cuts[i].name = NULL;
        rc = one_branch(b, c, out->sha, cuts[i].cut);
    }
    rc_sql_rows_free(cuts, n, sizeof *cuts, branch_cut_clear);
    if (rc)
        rc_where_free(out);
    return rc;
}

void rc_where_free(rc_where *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->nbranches; i++) {
        char **const strs[] = {&w->branches[i].branch, &w->branches[i].picked_as,
                               &w->branches[i].first_tag};
        rc_strs_clear(strs, 3);
    }
    free(w->branches);
    free(w->subject);
    memset(w, 0, sizeof *w);
}
