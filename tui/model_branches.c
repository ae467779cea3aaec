/* Branches and RC tags from the cache (tables branches, tags, picks,
 * violations, commits). */
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

static const char *num(char buf[32], sqlite3_stmt *st, int i)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return "";
    snprintf(buf, 32, "%lld", (long long)sqlite3_column_int64(st, i));
    return buf;
}

int model_branches_load(rc_grid *g, rc_db *db)
{
    rc_grid_clear(g);
    sqlite3_stmt *st;
    /* one pass over picks for the counts: a correlated count per branch
     * reads the rows of a large branch twice, in index order (20x slower) */
    int r = rc_db_prepare(&st, db,
                          "WITH k AS (SELECT branch, sum(state = 'pending') AS pend, "
                          "sum(state = 'revert-needed') AS rev FROM picks GROUP BY branch) "
                          "SELECT b.name, b.version, b.status, b.ahead, b.behind, b.latest_tag, "
                          "b.ci, k.pend, k.rev, b.release, b.head_sha "
                          "FROM branches b LEFT JOIN k ON k.branch = b.name "
                          "ORDER BY b.sortkey DESC, b.name");
    if (r)
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char a[32], b[32], p[32], v[32];
        /* the 10th cell, readiness, is the pane's to fill (tui/pane_branches.c) */
        /* "-": the engine has not analysed this branch (sync analyses the
         * maintained lines; `relcap picks BRANCH` any other) */
        bool analysed = sqlite3_column_type(st, 7) != SQLITE_NULL;
        const char *cells[10] = {col(st, 0),
                                 col(st, 1),
                                 col(st, 2),
                                 num(a, st, 3),
                                 num(b, st, 4),
                                 col(st, 5),
                                 col(st, 6),
                                 analysed ? num(p, st, 7) : "-",
                                 analysed ? num(v, st, 8) : "-",
                                 ""};
        rc_branch_rec *rec = rc_xcalloc(1, sizeof *rec);
        snprintf(rec->name, sizeof rec->name, "%s", col(st, 0));
        snprintf(rec->release, sizeof rec->release, "%s", *col(st, 9) ? col(st, 9) : col(st, 1));
        snprintf(rec->head, sizeof rec->head, "%s", col(st, 10));
        size_t row = rc_grid_add(g, cells, rec);
        rc_grid_role(g, row, 2, rc_theme_role_for(col(st, 2)));
        rc_grid_role(g, row, 6, rc_theme_role_for(col(st, 6)));
        if (sqlite3_column_int64(st, 7) > 0)
            rc_grid_role(g, row, 7, ROLE_WARN);
        if (sqlite3_column_int64(st, 8) > 0)
            rc_grid_role(g, row, 8, ROLE_BAD);
        if (strcmp(col(st, 2), "eol") == 0)
            rc_grid_role(g, row, -1, ROLE_DIM);
    }
    sqlite3_finalize(st);
    return 0;
}

char *model_branch_detail(rc_db *db, const char *name)
{
    rc_buf b = {0};
    sqlite3_stmt *st;
    if (rc_db_prepare(
            &st, db,
            "SELECT name, version, release, status, head_sha, head_date, cut_sha, "
            "cut_date, ahead, behind, latest_tag, ci, remote FROM branches WHERE name = ?") == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            char hd[21] = "", cd[21] = "";
            if (sqlite3_column_int64(st, 5))
                rc_time_iso(hd, sqlite3_column_int64(st, 5));
            if (sqlite3_column_int64(st, 7))
                rc_time_iso(cd, sqlite3_column_int64(st, 7));
            rc_buf_printf(&b,
                          "Branch:     %s%s\nVersion:    %s (release %s)\nStatus:     %s\n"
                          "Head:       %s %s\nCut from main at: %s %s\n"
                          "Ahead/behind main: %lld/%lld\nLatest tag: %s\nCI:         %s\n",
                          col(st, 0), sqlite3_column_int(st, 12) ? " (remote)" : "", col(st, 1),
                          col(st, 2), col(st, 3), col(st, 4), hd, col(st, 6), cd,
                          (long long)sqlite3_column_int64(st, 8),
                          (long long)sqlite3_column_int64(st, 9), col(st, 10), col(st, 11));
        }
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT state, count(*) FROM picks WHERE branch = ? GROUP BY state "
                      "ORDER BY state") == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        rc_buf_puts(&b, "\nCherry-pick candidates:\n");
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            rc_buf_printf(&b, "  %-14s %lld\n", col(st, 0), (long long)sqlite3_column_int64(st, 1));
            n++;
        }
        if (!n)
            rc_buf_puts(&b, "  (none computed yet)\n");
        sqlite3_finalize(st);
    }
    if (rc_db_prepare(&st, db,
                      "SELECT v.sha, v.reason, c.subject FROM violations v LEFT JOIN commits c ON "
                      "c.sha = v.sha WHERE v.branch = ? ORDER BY v.sha") == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        int n = 0;
        while (sqlite3_step(st) == SQLITE_ROW) {
            if (!n++)
                rc_buf_puts(&b, "\nPolicy violations on the branch:\n");
            rc_buf_printf(&b, "  %.12s %s: %s\n", col(st, 0), col(st, 1), col(st, 2));
        }
        sqlite3_finalize(st);
    }
    return rc_buf_detach(&b);
}

int model_tags_load(rc_grid *g, rc_db *db)
{
    rc_grid_clear(g);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db,
                          "SELECT release, name, kind, sha, date, branch, ci, version FROM tags "
                          "ORDER BY sortkey DESC, name");
    if (r)
        return r;
    while (sqlite3_step(st) == SQLITE_ROW) {
        char date[21] = "", d10[11] = "";
        if (sqlite3_column_int64(st, 4)) {
            rc_time_iso(date, sqlite3_column_int64(st, 4));
            snprintf(d10, sizeof d10, "%.10s", date);
        }
        char sha[13];
        snprintf(sha, sizeof sha, "%.12s", col(st, 3));
        const char *cells[7] = {col(st, 0), col(st, 1), col(st, 2), sha,
                                d10,        col(st, 5), col(st, 6)};
        rc_tag_rec *rec = rc_xcalloc(1, sizeof *rec);
        snprintf(rec->name, sizeof rec->name, "%s", col(st, 1));
        snprintf(rec->release, sizeof rec->release, "%s", col(st, 0));
        snprintf(rec->sha, sizeof rec->sha, "%s", col(st, 3));
        snprintf(rec->kind, sizeof rec->kind, "%s", col(st, 2));
        size_t row = rc_grid_add(g, cells, rec);
        rc_grid_role(g, row, 6, rc_theme_role_for(col(st, 6)));
        if (strcmp(col(st, 2), "final") == 0)
            rc_grid_role(g, row, 1, ROLE_GOOD);
    }
    sqlite3_finalize(st);
    return 0;
}

char *model_tag_detail(rc_db *db, const char *name)
{
    rc_buf b = {0};
    sqlite3_stmt *st;
    if (rc_db_prepare(&st, db,
                      "SELECT t.name, t.version, t.release, t.kind, t.sha, t.date, t.branch, "
                      "t.on_main, t.ci, c.subject, c.author_name FROM tags t LEFT JOIN commits c "
                      "ON c.sha = t.sha WHERE t.name = ?") == 0) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            char d[21] = "";
            if (sqlite3_column_int64(st, 5))
                rc_time_iso(d, sqlite3_column_int64(st, 5));
            rc_buf_printf(
                &b,
                "Tag:      %s\nVersion:  %s (release %s, %s)\nCommit:   %s\nDate:     %s\n"
                "Branch:   %s%s\nCI:       %s\nSubject:  %s\nAuthor:   %s\n",
                col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4), d, col(st, 6),
                sqlite3_column_int(st, 7) ? " (also on main)" : "", col(st, 8), col(st, 9),
                col(st, 10));
            char *next = model_tags_next_rc(db, col(st, 2));
            rc_buf_printf(&b, "\nRelease line %s: %s\n", col(st, 2), next);
            free(next);
        }
        sqlite3_finalize(st);
    }
    return rc_buf_detach(&b);
}

/* The number after the last "rc" of a tag name (v0.9.2rc2, v0.9.2-rc.2). */
static long rc_number(const char *name, char *sep, size_t n)
{
    const char *p = NULL;
    for (const char *q = name; (q = strstr(q, "rc")); q += 2)
        p = q;
    if (!p)
        return -1;
    const char *s = p + 2;
    while (*s == '.' || *s == '-')
        s++;
    if (sep) {
        size_t before = (size_t)(p - name);
        const char *bs = p;
        while (bs > name && (bs[-1] == '-' || bs[-1] == '.'))
            bs--;
        snprintf(sep, n, "%.*s", (int)(p - bs), bs);
        (void)before;
    }
    return strtol(s, NULL, 10);
}

char *model_tags_next_rc(rc_db *db, const char *release)
{
    sqlite3_stmt *st;
    if (!release || !*release ||
        rc_db_prepare(&st, db,
                      "SELECT name, kind FROM tags WHERE release = ? "
                      "ORDER BY sortkey") != 0)
        return rc_xstrdup("no release selected");
    sqlite3_bind_text(st, 1, release, -1, SQLITE_TRANSIENT);
    long max = 0;
    char final[128] = "", sep[8] = "", prefix[8] = "v";
    bool any = false;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = col(st, 0), *kind = col(st, 1);
        any = true;
        prefix[0] = name[0] == 'v' ? 'v' : '\0';
        prefix[1] = '\0';
        if (strcmp(kind, "final") == 0)
            snprintf(final, sizeof final, "%s", name);
        if (strcmp(kind, "rc") == 0) {
            char s[8];
            long n = rc_number(name, s, sizeof s);
            if (n > max) {
                max = n;
                snprintf(sep, sizeof sep, "%s", s);
            }
        }
    }
    sqlite3_finalize(st);
    char *out;
    if (final[0])
        out = rc_xasprintf("released as %s", final);
    else
        out = rc_xasprintf("%snext RC %s%s%src%ld", any ? "" : "no tags yet; ", prefix, release,
                           sep, max + 1);
    return out;
}
