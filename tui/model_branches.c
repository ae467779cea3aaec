/* Branches and RC tags from the cache (tables branches, tags, picks,
 * violations, commits). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/git/gitsync.h"
#include "core/picks/picks_summary.h"
#include "core/release/nextrc.h"
#include "tui/model.h"
#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static const char *str(const char *s)
{
    return s ? s : "";
}

static const char *num(char buf[32], bool known, int64_t v)
{
    if (!known)
        return "";
    snprintf(buf, 32, "%lld", (long long)v);
    return buf;
}

static const rc_picks_branch_count *counts_of(const rc_picks_branch_count *k, size_t n,
                                              const char *branch)
{
    for (size_t i = 0; i < n; i++)
        if (k[i].branch && branch && strcmp(k[i].branch, branch) == 0)
            return &k[i];
    return NULL;
}

static void branch_row(rc_grid *g, const rc_branch_row *br, const rc_picks_branch_count *k)
{
    char a[32], b[32], p[32], v[32];
    /* the 10th cell, readiness, is the pane's to fill (tui/pane_branches.c) */
    /* "-": the engine has not analysed this branch (sync analyses the
     * maintained lines; `relcap picks BRANCH` any other) */
    const char *cells[10] = {str(br->name),
                             str(br->version),
                             str(br->status),
                             num(a, br->has_ahead, br->ahead),
                             num(b, br->has_behind, br->behind),
                             str(br->latest_tag),
                             str(br->ci),
                             k ? num(p, true, k->pending) : "-",
                             k ? num(v, true, k->revert_needed) : "-",
                             ""};
    rc_branch_rec *rec = rc_xcalloc(1, sizeof *rec);
    snprintf(rec->name, sizeof rec->name, "%s", str(br->name));
    snprintf(rec->release, sizeof rec->release, "%s",
             *str(br->release) ? br->release : str(br->version));
    snprintf(rec->head, sizeof rec->head, "%s", str(br->head_sha));
    size_t row = rc_grid_add(g, cells, rec);
    rc_grid_role(g, row, 2, rc_theme_role_for(str(br->status)));
    rc_grid_role(g, row, 6, rc_theme_role_for(str(br->ci)));
    if (k && k->pending > 0)
        rc_grid_role(g, row, 7, ROLE_WARN);
    if (k && k->revert_needed > 0)
        rc_grid_role(g, row, 8, ROLE_BAD);
    if (strcmp(str(br->status), "eol") == 0)
        rc_grid_role(g, row, -1, ROLE_DIM);
}

int model_branches_load(rc_grid *g, rc_db *db)
{
    rc_grid_clear(g);
    rc_branch_row *rows;
    size_t n, nk;
    rc_picks_branch_count *k;
    int r = rc_gitsync_branches(&rows, &n, db, NULL, true);
    if (r)
        return r;
    if ((r = rc_picks_branch_counts(&k, &nk, db))) {
        rc_branch_rows_free(rows, n);
        return r;
    }
    for (size_t i = 0; i < n; i++)
        branch_row(g, &rows[i], counts_of(k, nk, rows[i].name));
    rc_picks_branch_counts_free(k, nk);
    rc_branch_rows_free(rows, n);
    return 0;
}

/* A CI state in words: without GitHub nothing knows it, and "none" would
 * read as a state (the gate says the same: "CI unknown"). */
static const char *ci_words(const rc_config *cfg, const char *ci)
{
    const char *slug = NULL;
    if (ci && *ci && strcmp(ci, "none") != 0)
        return ci;
    if (!cfg || rc_config_string(&slug, cfg, "relcap.github") != 0 || !slug || !*slug)
        return "\u2013 (unknown: GitHub not configured, see relcap.github)";
    return "none";
}

char *model_branch_detail(rc_db *db, const rc_config *cfg, const char *name)
{
    rc_buf b = {0};
    rc_branch_row br;
    if (rc_gitsync_branch_get(&br, db, name) == 0) {
        char hd[21] = "", cd[21] = "";
        if (br.head_date)
            rc_time_iso(hd, br.head_date);
        if (br.cut_date)
            rc_time_iso(cd, br.cut_date);
        rc_buf_printf(&b,
                      "Branch:     %s%s\nVersion:    %s (release %s)\nStatus:     %s\n"
                      "Head:       %s %s\nCut from main at: %s %s\n"
                      "Ahead/behind main: %lld/%lld\nLatest tag: %s\nCI:         %s\n",
                      str(br.name), br.remote ? " (remote)" : "", str(br.version), str(br.release),
                      str(br.status), str(br.head_sha), hd, str(br.cut_sha), cd,
                      (long long)br.ahead, (long long)br.behind, str(br.latest_tag),
                      ci_words(cfg, br.ci));
    }
    rc_branch_row_free(&br);
    rc_error_clear();
    rc_picks_state_count *sc;
    size_t n;
    if (rc_picks_state_counts(&sc, &n, db, name) == 0) {
        rc_buf_puts(&b, "\nCherry-pick candidates:\n");
        for (size_t i = 0; i < n; i++)
            rc_buf_printf(&b, "  %-14s %lld\n", str(sc[i].state), (long long)sc[i].count);
        if (!n)
            rc_buf_puts(&b, "  (none computed yet)\n");
        rc_picks_state_counts_free(sc, n);
    }
    rc_picks_policy_violation *v;
    if (rc_picks_policy_violations(&v, &n, db, name) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (!i)
                rc_buf_puts(&b, "\nPolicy violations on the branch:\n");
            rc_buf_printf(&b, "  %.12s %s: %s\n", str(v[i].sha), str(v[i].reason),
                          str(v[i].subject));
        }
        rc_picks_policy_violations_free(v, n);
    }
    rc_error_clear();
    return rc_buf_detach(&b);
}

int model_tags_load(rc_grid *g, rc_db *db)
{
    rc_grid_clear(g);
    rc_tag_row *rows;
    size_t n;
    int r = rc_gitsync_tags(&rows, &n, db, NULL, NULL, true);
    if (r)
        return r;
    for (size_t i = 0; i < n; i++) {
        const rc_tag_row *t = &rows[i];
        char date[21] = "", d10[11] = "";
        if (t->date) {
            rc_time_iso(date, t->date);
            snprintf(d10, sizeof d10, "%.10s", date);
        }
        char sha[13];
        snprintf(sha, sizeof sha, "%.12s", str(t->sha));
        const char *cells[7] = {str(t->release), str(t->name), str(t->kind), sha, d10,
                                str(t->branch),  str(t->ci)};
        rc_tag_rec *rec = rc_xcalloc(1, sizeof *rec);
        snprintf(rec->name, sizeof rec->name, "%s", str(t->name));
        snprintf(rec->release, sizeof rec->release, "%s", str(t->release));
        snprintf(rec->sha, sizeof rec->sha, "%s", str(t->sha));
        snprintf(rec->kind, sizeof rec->kind, "%s", str(t->kind));
        size_t row = rc_grid_add(g, cells, rec);
        rc_grid_role(g, row, 6, rc_theme_role_for(str(t->ci)));
        if (strcmp(str(t->kind), "final") == 0)
            rc_grid_role(g, row, 1, ROLE_GOOD);
    }
    rc_tag_rows_free(rows, n);
    return 0;
}

char *model_tag_detail(rc_db *db, const rc_config *cfg, const char *name)
{
    rc_buf b = {0};
    rc_tag_row t;
    if (rc_gitsync_tag_get(&t, db, name) == 0) {
        char *subject = NULL, *author = NULL;
        rc_gitsync_commit_summary(&subject, &author, db, t.sha);
        char d[21] = "";
        if (t.date)
            rc_time_iso(d, t.date);
        rc_buf_printf(&b,
                      "Tag:      %s\nVersion:  %s (release %s, %s)\nCommit:   %s\nDate:     %s\n"
                      "Branch:   %s%s\nCI:       %s\nSubject:  %s\nAuthor:   %s\n",
                      str(t.name), str(t.version), str(t.release), str(t.kind), str(t.sha), d,
                      str(t.branch), t.on_main ? " (also on main)" : "", ci_words(cfg, t.ci),
                      str(subject), str(author));
        char *next = model_tags_next_rc(db, cfg, str(t.release));
        rc_buf_printf(&b, "\nRelease line %s: %s\n", str(t.release), next);
        free(next);
        free(subject);
        free(author);
    }
    rc_tag_row_free(&t);
    rc_error_clear();
    return rc_buf_detach(&b);
}

/* The final tag of a release line ("" when none). */
static void final_tag(char *out, size_t n, rc_db *db, const char *release)
{
    rc_tag_row *rows;
    size_t k;
    out[0] = '\0';
    if (rc_gitsync_tags(&rows, &k, db, release, NULL, false) != 0) {
        rc_error_clear();
        return;
    }
    for (size_t i = 0; i < k; i++)
        if (strcmp(str(rows[i].kind), "final") == 0)
            snprintf(out, n, "%s", str(rows[i].name));
    rc_tag_rows_free(rows, k);
}

/* One way to name the next tag: rc_release_next_tag, as `relcap status`. */
char *model_tags_next_rc(rc_db *db, const rc_config *cfg, const char *release)
{
    if (!release || !*release)
        return rc_xstrdup("no release selected");
    char *next = NULL;
    bool released = false;
    if (rc_release_next_tag(&next, &released, db, cfg, release) != 0) {
        char *out = rc_xasprintf("next tag unknown: %s", rc_error_last());
        rc_error_clear();
        return out;
    }
    char *out;
    if (released) {
        char final[128];
        final_tag(final, sizeof final, db, release);
        out = rc_xasprintf("released%s%s; next %s", *final ? " as " : "", final, next);
    } else {
        out = rc_xasprintf("next RC %s", next);
    }
    free(next);
    return out;
}
