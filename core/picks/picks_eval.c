/* Evaluation of one branch: candidates and their evidence, reverts, the
 * policy check of the branch's own commits. */

#include "core/picks/picks_internal.h"

#include "core/base/error.h"
#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>

/* Evidence that B holds candidate c. */
static size_t find_pick(const line *b, const cinfo *c, rc_pick_evidence *evidence)
{
    size_t j;
    if ((j = pk_map_get(&b->by_pid, pk_pid_of(c))) != NONE) {
        *evidence = RC_PICK_EVIDENCE_PATCH_ID;
        return j;
    }
    if ((j = pk_map_get(&b->by_trailer, c->sha)) != NONE) {
        *evidence = RC_PICK_EVIDENCE_TRAILER;
        return j;
    }
    if ((j = pk_map_getl(&b->by_pr, c->refs.pr)) != NONE &&
        !b->c[j].refs.is_revert == !c->refs.is_revert) {
        *evidence = RC_PICK_EVIDENCE_PR_REFERENCE;
        return j;
    }
    if ((j = pk_map_get(&b->by_subj, c->norm)) != NONE) {
        *evidence = RC_PICK_EVIDENCE_SUBJECT;
        return j;
    }
    return NONE;
}

/* A revert on B undoing the same commit as revert c (target t on main, or
 * NONE; picked_as the target's pick on B, or NONE). */
static size_t find_revert_on_branch(const line *b, const line *m, const cinfo *c, size_t t,
                                    size_t t_on_b, rc_pick_evidence *evidence)
{
    size_t j = find_pick(b, c, evidence);
    if (j != NONE)
        return j;
    if (c->refs.revert_sha[0] && (j = pk_map_get(&b->by_rsha, c->refs.revert_sha)) != NONE) {
        *evidence = RC_PICK_EVIDENCE_TRAILER;
        return j;
    }
    if (t_on_b != NONE && (j = pk_map_get(&b->by_rsha, b->c[t_on_b].sha)) != NONE) {
        *evidence = RC_PICK_EVIDENCE_TRAILER;
        return j;
    }
    long tpr = c->refs.revert_pr ? c->refs.revert_pr : (t != NONE ? m->c[t].refs.pr : 0);
    if ((j = pk_map_getl(&b->by_rpr, tpr)) != NONE) {
        *evidence = RC_PICK_EVIDENCE_PR_REFERENCE;
        return j;
    }
    if (c->refs.revert_subject && (j = pk_map_get(&b->by_rsubj, c->refs.revert_subject)) != NONE) {
        *evidence = RC_PICK_EVIDENCE_SUBJECT;
        return j;
    }
    return NONE;
}

/* A path only a release branch changes on its own: CI configuration and
 * the files that pin the version or describe the release. */
static bool release_path(const char *path)
{
    static const char *const dirs[] = {".github/",   ".buildkite/", ".circleci/",
                                       ".gitlab-ci", "ci/",         NULL};
    static const char *const names[] = {"version.py", "_version.py",  "VERSION",    "version.txt",
                                        "RELEASE.md", "CHANGELOG.md", "CHANGES.md", NULL};
    for (size_t i = 0; dirs[i]; i++)
        if (strncmp(path, dirs[i], strlen(dirs[i])) == 0)
            return true;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    for (size_t i = 0; names[i]; i++)
        if (strcmp(base, names[i]) == 0)
            return true;
    return false;
}

static int release_path_cb(const git_diff_delta *d, float progress, void *payload)
{
    (void)progress;
    bool *all = payload;
    if (!release_path(d->new_file.path) || !release_path(d->old_file.path)) {
        *all = false;
        return 1; /* stop: one other path decides */
    }
    return 0;
}

/* True when every path the commit changes against its first parent is
 * release-branch-specific (release_path); false for an empty diff. */
static bool only_release_paths(git_repository *repo, const char *sha)
{
    git_oid id;
    git_commit *c = NULL, *p = NULL;
    git_tree *t = NULL, *pt = NULL;
    git_diff *diff = NULL;
    bool all = false;
    if (!repo || git_oid_fromstr(&id, sha) != 0 || git_commit_lookup(&c, repo, &id) != 0)
        goto done;
    if (git_commit_parentcount(c) != 1 || git_commit_parent(&p, c, 0) != 0 ||
        git_commit_tree(&t, c) != 0 || git_commit_tree(&pt, p) != 0 ||
        pk_diff_trees(&diff, repo, pt, t) != 0 || !diff || git_diff_num_deltas(diff) == 0)
        goto done;
    all = true;
    git_diff_foreach(diff, release_path_cb, NULL, NULL, NULL, &all);
done:
    git_diff_free(diff);
    git_tree_free(pt);
    git_tree_free(t);
    git_commit_free(p);
    git_commit_free(c);
    return all;
}

/* True when sha is an ancestor of (or equal to) the cut. */
bool pk_before_cut(git_repository *repo, const char *cut, const char *sha)
{
    git_oid c, s;
    if (!repo || git_oid_fromstr(&c, cut) != 0 || git_oid_fromstr(&s, sha) != 0)
        return false;
    if (git_oid_equal(&c, &s))
        return true;
    return git_graph_descendant_of(repo, &c, &s) == 1;
}

/* Every "#N" the text names. */
static size_t hash_numbers(long *out, size_t max, const char *text)
{
    size_t n = 0;
    for (const char *p = text; p && *p && n < max; p++) {
        if (*p != '#' || p[1] < '0' || p[1] > '9')
            continue;
        long v = 0;
        int d = 0;
        const char *q = p + 1;
        while (*q >= '0' && *q <= '9' && d < 10) {
            v = v * 10 + (*q - '0');
            q++;
            d++;
        }
        if (d < 10 && v > 0)
            out[n++] = v;
        p = q - 1;
    }
    return n;
}

static const char *labels_of(sqlite3_stmt *st, long pr, char **hold)
{
    free(*hold);
    *hold = NULL;
    if (!st || pr <= 0)
        return NULL;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, pr);
    if (sqlite3_step(st) == SQLITE_ROW)
        *hold = rc_sql_dup(st, 0);
    return *hold;
}

/* The first candidate: just after the cut on main's line. */
static size_t first_candidate(const line *m, git_repository *repo, const char *cutsha)
{
    size_t cut = pk_map_get(&m->by_sha, cutsha);
    if (cut != NONE)
        return cut + 1;
    /* The cut is older than the line (the oldest cut) or off the first-
     * parent line: the commits before it form a prefix; find its end. */
    size_t lo = 0, hi = m->n;
    /* usual case, the oldest cut: main's line starts right after it */
    git_oid first_id, cut_id;
    git_commit *fc;
    if (repo && m->n && git_oid_fromstr(&first_id, m->c[0].sha) == 0 &&
        git_oid_fromstr(&cut_id, cutsha) == 0 && git_commit_lookup(&fc, repo, &first_id) == 0) {
        if (git_commit_parentcount(fc) > 0 && git_oid_equal(git_commit_parent_id(fc, 0), &cut_id))
            hi = 0;
        git_commit_free(fc);
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pk_before_cut(repo, cutsha, m->c[mid].sha))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Full patch ids only where the changed paths match across the sides. */
static void match_patch_ids(branch_work *w, rc_picks_branch_report *rep, line *m,
                            git_repository *repo)
{
    line *b = &w->bl;
    map mfp, bfp;
    pk_map_init(&mfp, m->n, false);
    pk_map_init(&bfp, b->n, false);
    for (size_t i = w->first; i < m->n; i++)
        if (m->c[i].fp[0] != '-')
            pk_map_put(&mfp, m->c[i].fp, i);
    for (size_t i = 0; i < b->n; i++)
        if (b->c[i].fp[0] != '-')
            pk_map_put(&bfp, b->c[i].fp, i);
    for (size_t i = w->first; i < m->n; i++)
        if (pk_map_get(&bfp, m->c[i].fp) != NONE && pk_ensure_patch_id(&m->c[i], repo)) {
            rep->patch_ids_computed++;
            pk_map_put(&m->by_pid, pk_pid_of(&m->c[i]), i);
        }
    for (size_t i = 0; i < b->n; i++)
        if (pk_map_get(&mfp, b->c[i].fp) != NONE && pk_ensure_patch_id(&b->c[i], repo))
            rep->patch_ids_computed++;
    pk_map_free(&mfp);
    pk_map_free(&bfp);
}

/* PRs merged since the previous release's cut and before this cut:
 * features new in this release, whose fixes are new-feature-fix. */
static void new_prs(map *out, const branch_work *w, const line *m)
{
    size_t pstart = 0;
    if (w->prev_cut) {
        size_t pc = pk_map_get(&m->by_sha, w->prev_cut);
        pstart = pc == NONE ? 0 : pc + 1;
    }
    pk_map_init(out, w->first > pstart ? w->first - pstart : 1, true);
    if (w->prev_cut)
        for (size_t i = pstart; i < w->first && i < m->n; i++)
            pk_map_putl(out, m->c[i].refs.pr, i);
}

/* Category, tracker request and review PR of candidate c. */
static void categorize(result *r, const cinfo *c, const eval_env *env, const ghinfo *gh,
                       const map *newprs, const char *labels)
{
    /* a bot's generated-file update is automation whatever its prefix
     * or labels say (nightly support matrices are not "release-specific") */
    bool bot = rc_category_is_automation(env->rules, c->subject, c->author, c->email);
    r->category = bot ? RC_CAT_AUTOMATION : rc_category_of(env->rules, c->subject, labels);
    size_t q = gh->nreq ? pk_map_getl(&gh->req, c->refs.pr) : NONE;
    if (q != NONE) {
        r->requested = gh->req_comment[q];
        /* the tracker's category, unless a label decides */
        if (!bot && gh->req_cat[q] &&
            strcmp(rc_category_of(env->rules, "", labels), RC_CAT_UNKNOWN) == 0)
            r->category = gh->req_cat[q];
    }
    size_t op = gh->nprs ? pk_map_getl(&gh->open, c->refs.pr) : NONE;
    if (op != NONE)
        r->review_pr = gh->prs[op].number;
    if (strcmp(r->category, RC_CAT_CRITICAL) == 0 && newprs->n) {
        long nums[32];
        size_t k = hash_numbers(nums, 16, c->subject);
        k += hash_numbers(nums + k, 16, c->body);
        for (size_t j = 0; j < k; j++)
            if (nums[j] != c->refs.pr && pk_map_getl(newprs, nums[j]) != NONE) {
                r->category = RC_CAT_NEWFEATURE;
                break;
            }
    }
}

/* Every candidate's category; state and evidence of those not reverts. */
static void eval_candidates(branch_work *w, rc_picks_branch_report *rep, const line *m,
                            const eval_env *env, const ghinfo *gh, sqlite3_stmt *lab, char **hold)
{
    const line *b = &w->bl;
    map newprs;
    new_prs(&newprs, w, m);
    for (size_t i = w->first; i < m->n; i++) {
        const cinfo *c = &m->c[i];
        result *r = &w->res[i];
        r->picked_as = NONE;
        r->reverted_by = NONE;
        categorize(r, c, env, gh, &newprs, labels_of(lab, c->refs.pr, hold));
        rep->candidates++;
        if (c->refs.is_revert)
            continue;
        r->picked_as = find_pick(b, c, &r->evidence);
        size_t mp = r->picked_as == NONE && gh->nprs ? pk_map_getl(&gh->merged, c->refs.pr) : NONE;
        if (mp != NONE) {
            /* merged into B on GitHub, maybe not fetched yet */
            r->evidence = RC_PICK_EVIDENCE_RELEASE_PR;
            r->picked_as = pk_map_get(&b->by_sha, gh->prs[mp].merge_sha);
            if (r->picked_as == NONE) {
                r->ext_pick = true;
                memcpy(r->ext_sha, gh->prs[mp].merge_sha, sizeof r->ext_sha);
            }
        }
        r->state = r->picked_as != NONE || r->ext_pick ? RC_PICK_PICKED : RC_PICK_PENDING;
    }
    pk_map_free(&newprs);
}

/* Where the target of revert c (at i on main) is: t on main (NONE if not
 * there), t_on_b its commit on B (NONE if unknown); *on_b: B holds the
 * target; *known: the target was found at all. */
static void revert_target(size_t *t, size_t *t_on_b, bool *on_b, bool *known, const branch_work *w,
                          const line *m, size_t i, git_repository *repo)
{
    const line *b = &w->bl;
    const cinfo *c = &m->c[i];
    *t = *t_on_b = NONE;
    *on_b = *known = false;
    if (c->refs.revert_sha[0]) {
        *t = pk_map_get(&m->by_sha, c->refs.revert_sha);
        if (*t == NONE) {
            if ((*t_on_b = pk_map_get(&b->by_sha, c->refs.revert_sha)) != NONE)
                *on_b = *known = true;
            else if (pk_before_cut(repo, w->cut, c->refs.revert_sha))
                *on_b = *known = true;
        }
    }
    if (*t == NONE && !*known && c->refs.revert_pr) {
        *t = pk_map_getl(&m->by_pr, c->refs.revert_pr);
        if (*t != NONE && *t >= i)
            *t = NONE;
    }
    if (*t == NONE && !*known && c->refs.revert_subject) {
        *t = pk_map_get(&m->by_subj, c->refs.revert_subject);
        if (*t != NONE && *t >= i)
            *t = NONE;
    }
    if (*t != NONE) {
        *known = true;
        if (*t < w->first) {
            *on_b = true;
        } else if (w->res[*t].picked_as != NONE) {
            *on_b = true;
            *t_on_b = w->res[*t].picked_as;
        } else if (w->res[*t].ext_pick) {
            *on_b = true;
        }
    } else if (!*known) {
        /* target not on main's line: maybe only B knows it */
        size_t j = NONE;
        if (c->refs.revert_pr)
            j = pk_map_getl(&b->by_pr, c->refs.revert_pr);
        if (j == NONE && c->refs.revert_subject)
            j = pk_map_get(&b->by_subj, c->refs.revert_subject);
        if (j != NONE && !b->c[j].refs.is_revert) {
            *on_b = *known = true;
            *t_on_b = j;
        }
    }
}

/* The reverts on main, in main's order. */
static void eval_reverts(branch_work *w, const line *m, git_repository *repo)
{
    const line *b = &w->bl;
    for (size_t i = w->first; i < m->n; i++) {
        const cinfo *c = &m->c[i];
        result *r = &w->res[i];
        if (!c->refs.is_revert)
            continue;
        size_t t, t_on_b;
        bool on_b, known;
        revert_target(&t, &t_on_b, &on_b, &known, w, m, i, repo);
        if (t != NONE)
            snprintf(r->reverts, sizeof r->reverts, "%s", m->c[t].sha);
        else if (t_on_b != NONE)
            snprintf(r->reverts, sizeof r->reverts, "%s",
                     c->refs.revert_sha[0] ? c->refs.revert_sha : b->c[t_on_b].sha);
        else if (c->refs.revert_sha[0])
            snprintf(r->reverts, sizeof r->reverts, "%s", c->refs.revert_sha);
        r->picked_as = find_revert_on_branch(b, m, c, t, t_on_b, &r->evidence);
        if (r->picked_as != NONE)
            r->state = RC_PICK_PICKED;
        else if (on_b)
            r->state = RC_PICK_REVERT_NEEDED;
        else if (known)
            r->state = RC_PICK_NOT_NEEDED;
        else
            r->state = RC_PICK_PENDING; /* target unknown: the captain decides */
        if (t != NONE && t >= w->first)
            w->res[t].reverted_by = i;
    }
    /* a candidate reverted on main (by a revert not itself reverted) is not
     * needed, unless it reached B and B still lacks the revert */
    for (size_t i = w->first; i < m->n; i++) {
        result *r = &w->res[i];
        size_t rv = r->reverted_by;
        if (rv == NONE || w->res[rv].reverted_by != NONE)
            continue;
        if ((r->picked_as == NONE && !r->ext_pick) || w->res[rv].state == RC_PICK_PICKED)
            r->state = RC_PICK_NOT_NEEDED;
    }
}

static void count_states(const branch_work *w, rc_picks_branch_report *rep, const line *m)
{
    for (size_t i = w->first; i < m->n; i++) {
        switch (w->res[i].state) {
        case RC_PICK_PICKED:
            rep->picked++;
            break;
        case RC_PICK_PENDING:
            rep->pending++;
            break;
        case RC_PICK_REVERT_NEEDED:
            rep->revert_needed++;
            break;
        default:
            rep->not_needed++;
            break;
        }
        if (w->res[i].conflict_known && !w->res[i].clean)
            rep->conflicting++;
    }
}

/* Whether branch commit y reached main by any evidence. */
static bool on_main(const cinfo *y, const line *m, const line *b, const ghinfo *gh)
{
    bool on = pk_map_get(&m->by_pid, pk_pid_of(y)) != NONE ||
              pk_map_get(&m->by_subj, y->norm) != NONE ||
              pk_map_getl(&m->by_pr, y->refs.pr) != NONE;
    for (size_t j = 0; !on && j < y->refs.n_picked_from; j++)
        on = pk_map_get(&m->by_sha, y->refs.picked_from[j]) != NONE;
    for (size_t j = 0; !on && j < y->refs.n_from_prs; j++)
        on = pk_map_getl(&m->by_pr, y->refs.from_prs[j]) != NONE;
    /* the commit's PR into B names a trunk PR on main (GitHub) */
    size_t rp = !on && gh->nprs ? pk_map_getl(&gh->bynum, y->refs.pr) : NONE;
    for (size_t j = 0; rp != NONE && !on && j < gh->prs[rp].ntrunk; j++)
        on = pk_map_getl(&m->by_pr, gh->prs[rp].trunk[j]) != NONE;
    if (!on && y->refs.is_revert) {
        /* undoing a commit of the branch itself, or following main */
        on = pk_map_get(&b->by_sha, y->refs.revert_sha) != NONE ||
             pk_map_get(&m->by_rsha, y->refs.revert_sha) != NONE ||
             pk_map_getl(&m->by_rpr, y->refs.revert_pr) != NONE ||
             pk_map_get(&m->by_rsubj, y->refs.revert_subject) != NONE ||
             pk_map_getl(&b->by_pr, y->refs.revert_pr) != NONE ||
             pk_map_get(&b->by_subj, y->refs.revert_subject) != NONE;
    }
    return on;
}

/* Policy check of the branch's own commits. */
static void eval_violations(branch_work *w, const line *m, const eval_env *env, const ghinfo *gh,
                            sqlite3_stmt *lab, char **hold)
{
    const line *b = &w->bl;
    w->viol = rc_xcalloc(b->n ? b->n : 1, sizeof *w->viol);
    for (size_t i = 0; i < b->n; i++) {
        const cinfo *y = &b->c[i];
        if (y->is_merge)
            continue;
        const char *cat =
            rc_category_is_automation(env->rules, y->subject, y->author, y->email)
                ? RC_CAT_AUTOMATION
                : rc_category_of(env->rules, y->subject, labels_of(lab, y->refs.pr, hold));
        bool main_has = on_main(y, m, b, gh);
        const char *reason = NULL;
        if (strcmp(cat, RC_CAT_FEATURE) == 0)
            reason = main_has ? "feature work after the cut (picked from main)"
                              : "feature work after the cut, not on main";
        /* generated-file updates by automation belong to the branch like
         * its CI changes */
        else if (!main_has && strcmp(cat, RC_CAT_RELEASE) != 0 &&
                 strcmp(cat, RC_CAT_AUTOMATION) != 0 && !only_release_paths(env->repo, y->sha))
            reason = "not on main by any evidence and not release-specific";
        if (reason) {
            w->viol[w->nviol].idx = i;
            w->viol[w->nviol].reason = rc_xasprintf("%s (category %s)", reason, cat);
            w->nviol++;
        }
    }
}

int pk_eval_branch(branch_work *w, rc_picks_branch_report *rep, line *m, const eval_env *env)
{
    w->first = first_candidate(m, env->repo, w->cut);
    match_patch_ids(w, rep, m, env->repo);
    pk_line_index(&w->bl);
    sqlite3_stmt *lab = NULL;
    if (rc_db_prepare(&lab, env->db, "SELECT labels FROM prs WHERE number = ?1") != 0)
        lab = NULL;
    char *hold = NULL;
    ghinfo gh;
    pk_load_ghinfo(&gh, env->db, env->cfg, w->name, env->pr_pattern);
    w->res = rc_xcalloc(m->n ? m->n : 1, sizeof *w->res);
    w->nres = m->n;
    eval_candidates(w, rep, m, env, &gh, lab, &hold);
    eval_reverts(w, m, env->repo);
    count_states(w, rep, m);
    eval_violations(w, m, env, &gh, lab, &hold);
    rep->violations = w->nviol;
    pk_ghinfo_free(&gh);
    free(hold);
    sqlite3_finalize(lab);
    pk_make_stamp(w->stamp, sizeof w->stamp, w->head, m, w->cut, env->cfg, env->db);
    return 0;
}
