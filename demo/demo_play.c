/* The script interpreter: plays demo_script (demo_script.c) step by step
 * with the helpers of demo_git.c. Time, authors, filler subjects and
 * values come from the seeded generator, consumed in script order, so one
 * seed always gives the same object ids. */
#include "demo/demo_internal.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t count_list(const char *const *l)
{
    size_t n = 0;
    while (l[n])
        n++;
    return n;
}

/* A weighted draw among the categories; after the newest cut only work that
 * is never picked lands on main, so the pending fixes are exactly the
 * planted ones. */
static const category *filler_category(demo *d, bool nofix)
{
    const category *c = NULL;
    do {
        int total = 0;
        for (size_t i = 0; i < demo_ncategories; i++)
            total += demo_categories[i].weight;
        int pick = (int)demo_rng_below(&d->rng, (unsigned)total);
        for (size_t i = 0; i < demo_ncategories && !c; i++)
            if ((pick -= demo_categories[i].weight) < 0)
                c = &demo_categories[i];
        if (nofix && strcmp(c->prefix, "[Feature]") && strcmp(c->prefix, "[Model]") &&
            strcmp(c->prefix, "[Perf]"))
            c = NULL;
    } while (!c);
    return c;
}

/* A subject not used before (recorded as used). */
static char *filler_subject(demo *d, const category *c)
{
    const unsigned nplaces = (unsigned)count_list(demo_places);
    char *subject = NULL;
    for (int tries = 0; tries < 64; tries++) {
        free(subject);
        const char *v = c->verbs[demo_rng_below(&d->rng, (unsigned)count_list(c->verbs))];
        const char *o = c->objects[demo_rng_below(&d->rng, (unsigned)count_list(c->objects))];
        bool placed = c->placed && demo_rng_below(&d->rng, 3) != 0;
        const char *where = placed ? demo_places[demo_rng_below(&d->rng, nplaces)] : "";
        subject = rc_xasprintf("%s %s %s%s%s%s", c->prefix, v, o, placed ? " in " : "", where,
                               tries >= 32 ? " (follow-up)" : "");
        if (!demo_subject_used(d, subject))
            break;
    }
    demo_subject_add(d, subject);
    return subject;
}

/* A file from the category's pool (any file after 200 misses). */
static const demo_file *filler_file(demo *d, const category *c)
{
    const demo_file *f = NULL;
    for (int tries = 0; !f; tries++) {
        const demo_file *cand = &demo_files[demo_rng_below(&d->rng, (unsigned)demo_nfiles)];
        bool ok;
        switch (c->files) {
        case 'k':
            ok = cand->kind == 'c' || strstr(cand->path, "/layers/");
            break;
        case 'o':
            ok = strstr(cand->path, "/models/") != NULL;
            break;
        case 'm':
        case 'y':
            ok = cand->kind == c->files;
            break;
        default:
            ok = cand->kind == 'p';
            break;
        }
        if (ok && strstr(cand->path, "release.yml"))
            ok = false;
        if (ok || tries > 200)
            f = cand;
    }
    return f;
}

/* The next new model file, written with 4 slots. */
static int filler_new_model(demo *d, git_oid *tree)
{
    char *path =
        rc_xasprintf("vllm/model_executor/models/%s.py", demo_new_models[d->models_made++]);
    demo_file nf = {path, 'p'};
    char *content = demo_slotted_initial(&nf, 4, &d->rng);
    int r = demo_tree_write(d, tree, path, content, GIT_FILEMODE_BLOB);
    free(content);
    free(path);
    return r;
}

static int filler(demo *d, bool nofix)
{
    const category *c = filler_category(d, nofix);
    char *subject = filler_subject(d, c);
    branch_state *m = demo_branch_get(d, "main");
    git_oid tree;
    int r = demo_tree_of(d, &tree, &m->head);
    /* files: one or two from the category's pool, filler slots only */
    int nedits = 1 + (int)demo_rng_below(&d->rng, 2);
    for (int e = 0; e < nedits && !r; e++) {
        if (c->files == 'o' && e == 0 && demo_rng_below(&d->rng, 10) < 4 &&
            demo_new_models[d->models_made]) {
            r = filler_new_model(d, &tree);
            continue;
        }
        const demo_file *f = filler_file(d, c);
        r = demo_edit_slot(d, &tree, f, (int)demo_rng_below(&d->rng, DEMO_FILLER_SLOTS));
    }
    git_oid out;
    if (!r)
        r = demo_main_commit(d, &out, &tree, subject, NULL, demo_next_pr(d), true);
    free(subject);
    return r;
}

/* "{pr:LABEL}" in text becomes that label's PR number. */
static char *expand(demo *d, const char *text)
{
    rc_buf b = {0};
    const char *p = text;
    const char *open;
    while ((open = strstr(p, "{pr:"))) {
        const char *close = strchr(open, '}');
        if (!close)
            break;
        rc_buf_put(&b, p, (size_t)(open - p));
        char *label = rc_xstrndup(open + 4, (size_t)(close - open - 4));
        label_entry *e = demo_label_get(d, label);
        rc_buf_printf(&b, "%d", e ? e->pr : 0);
        free(label);
        p = close + 1;
    }
    rc_buf_puts(&b, p);
    return rc_buf_detach(&b);
}

/* The message of commit id split into subject and body (body may be ""). */
static int message_of(demo *d, const git_oid *id, char **subject, char **body,
                      git_signature **author)
{
    git_commit *c;
    GIT(git_commit_lookup(&c, d->repo, id), "demo: commit lookup");
    const char *msg = git_commit_message(c);
    size_t n = strcspn(msg, "\n");
    *subject = rc_xstrndup(msg, n);
    const char *rest = msg + n;
    while (*rest == '\n')
        rest++;
    *body = rc_xstrdup(rest);
    size_t bl = strlen(*body);
    while (bl && (*body)[bl - 1] == '\n')
        (*body)[--bl] = '\0';
    int r = 0;
    if (author && git_signature_dup(author, git_commit_author(c)) < 0)
        r = rc_error_from_git(RC_EGIT, "demo: signature");
    git_commit_free(c);
    return r;
}

static char *pick_message(demo *d, const step *s, const label_entry *o, const char *osubject,
                          const char *obody, int newpr, const branch_state *b)
{
    const char *s0 = o->subject0;
    char hex[41];
    git_oid_tostr(hex, sizeof hex, &o->oid);
    (void)d;
    switch (s->arg & ~P_ADAPTED) {
    case P_SAME_SUBJECT:
        return *obody ? rc_xasprintf("%s\n\n%s\n", osubject, obody)
                      : rc_xasprintf("%s\n", osubject);
    case P_X:
        return *obody ? rc_xasprintf("%s\n\n%s\n\n(cherry picked from commit %s)\n", osubject,
                                     obody, hex)
                      : rc_xasprintf("%s\n\n(cherry picked from commit %s)\n", osubject, hex);
    case P_FROM:
        return rc_xasprintf("%s (from #%d) (#%d)\n", s0, o->pr, newpr);
    case P_ORIGINAL_PR:
        return rc_xasprintf("%s (#%d)\n\nOriginal PR: #%d\n", s0, newpr, o->pr);
    case P_CHERRY_FROM:
        return rc_xasprintf("%s (#%d)\n\ncherry-pick from #%d\n", s0, newpr, o->pr);
    case P_BACKPORT:
        return rc_xasprintf("%s (#%d)\n\nThis is a backport of #%d to %s.\n", s0, newpr, o->pr,
                            b->name);
    case P_PREFIX_VERSION:
        return rc_xasprintf("[v%s] %s (#%d)\n", b->version, s0, newpr);
    case P_PREFIX_CHERRY:
        return rc_xasprintf("[Cherry-pick] %s (#%d)\n\nCherry-pick of PR #%d onto %s.\n", s0, newpr,
                            o->pr, b->name);
    case P_PREFIX_BRANCH:
        return rc_xasprintf(
            "[%s] %s (#%d)\n\npick-from: https://github.com/vllm-project/vllm/pull/%d\n", b->name,
            s0, newpr, o->pr);
    case P_SAME_TITLE:
        return rc_xasprintf("%s (#%d)\n", s0, newpr);
    case P_KEPT_PR:
        return rc_xasprintf("%s (#%d) (#%d)\n", s0, o->pr, newpr);
    default:
        return rc_xasprintf("%s (#%d)\n", s->text, newpr);
    }
}

/* An adapted pick (P_ADAPTED) sets another value in the slot its original
 * edited, so the patch differs from the original's. */
static int adapt_pick(demo *d, git_oid *tree, const label_entry *o)
{
    if (!o->file)
        return rc_error_set(RC_ERROR, "demo: adapted pick of %s: not a planted edit", o->label);
    return demo_edit_slot(d, tree, o->file, o->slot);
}

static int do_pick(demo *d, const step *s)
{
    branch_state *b = demo_branch_get(d, s->branch);
    label_entry *o = demo_label_get(d, s->ref);
    if (!b || !o)
        return rc_error_set(RC_ERROR, "demo: pick of %s onto %s: unknown", s->ref, s->branch);
    git_commit *orig = NULL, *ours = NULL;
    git_index *idx = NULL;
    int r = RC_EGIT;
    git_oid tree;
    if (git_commit_lookup(&orig, d->repo, &o->oid) < 0 ||
        git_commit_lookup(&ours, d->repo, &b->head) < 0 ||
        git_cherrypick_commit(&idx, d->repo, orig, ours, 0, NULL) < 0) {
        r = rc_error_from_git(RC_EGIT, "demo: cherry-pick");
        goto done;
    }
    if (git_index_has_conflicts(idx)) {
        r = rc_error_set(RC_ECONFLICT, "demo: planted pick %s conflicts on %s", s->label, b->name);
        goto done;
    }
    if (git_index_write_tree_to(&tree, idx, d->repo) < 0) {
        r = rc_error_from_git(RC_EGIT, "demo: write tree");
        goto done;
    }
    if ((s->arg & P_ADAPTED) && (r = adapt_pick(d, &tree, o)))
        goto done;
    char *osubject, *obody;
    git_signature *asig = NULL;
    if ((r = message_of(d, &o->oid, &osubject, &obody, &asig)))
        goto done;
    int style = s->arg & ~P_ADAPTED;
    bool keeps_pr = style == P_SAME_SUBJECT || style == P_X;
    int newpr = keeps_pr ? o->pr : demo_next_pr(d);
    char *msg = pick_message(d, s, o, osubject, obody, newpr, b);
    authorship a = {NULL, 0, asig};
    git_oid out;
    r = demo_commit_on(d, &out, b, &tree, msg, &a);
    if (!r) {
        const char *s0 = style == P_AS ? s->text : o->subject0;
        r = demo_remember(d, s->label, b->name, &out, newpr, s0);
    }
    free(msg);
    free(osubject);
    free(obody);
    git_signature_free(asig);
done:
    git_index_free(idx);
    git_commit_free(orig);
    git_commit_free(ours);
    return r;
}

/* The branch revert as some projects write it: the PR number of the
 * original and its merge commit on main (step TEXT names it), neither the
 * subject nor git's "This reverts commit" line. NULL if TEXT is unknown. */
static char *revert_pr_merge_message(demo *d, const step *s, const label_entry *pick)
{
    const label_entry *orig = s->text ? demo_label_get(d, s->text) : NULL;
    if (!orig) {
        rc_error_set(RC_ERROR, "demo: revert of %s names no original", pick->label);
        return NULL;
    }
    char hex[41];
    git_oid_tostr(hex, sizeof hex, &orig->oid);
    return rc_xasprintf("Revert of PR #%d\n\nMerge commit: `%s`\n", orig->pr, hex);
}

static int do_revert(demo *d, const step *s, branch_state *b)
{
    label_entry *o = demo_label_get(d, s->ref);
    if (!o)
        return rc_error_set(RC_ERROR, "demo: revert of unknown %s", s->ref);
    git_commit *target = NULL, *ours = NULL;
    git_index *idx = NULL;
    git_oid tree, out;
    int r = 0;
    if (git_commit_lookup(&target, d->repo, &o->oid) < 0 ||
        git_commit_lookup(&ours, d->repo, &b->head) < 0 ||
        git_revert_commit(&idx, d->repo, target, ours, 0, NULL) < 0 ||
        git_index_write_tree_to(&tree, idx, d->repo) < 0) {
        r = rc_error_from_git(RC_EGIT, "demo: revert");
        goto done;
    }
    char hex[41];
    git_oid_tostr(hex, sizeof hex, &o->oid);
    char *osubject = NULL, *obody = NULL;
    if ((r = message_of(d, &o->oid, &osubject, &obody, NULL)))
        goto done;
    free(obody);
    bool main_branch = strcmp(b->name, "main") == 0;
    int pr = main_branch ? demo_next_pr(d) : 0;
    char *subject0 = main_branch && s->arg == R_BRACKET
                         ? rc_xasprintf("[Revert] Revert \"%s\"", osubject)
                         : rc_xasprintf("Revert \"%s\"", osubject);
    char *msg =
        main_branch ? rc_xasprintf("%s (#%d)\n\nThis reverts commit %s.\n", subject0, pr, hex)
        : s->arg == R_PR_MERGE ? revert_pr_merge_message(d, s, o)
                               : rc_xasprintf("%s\n\nThis reverts commit %s.\n", subject0, hex);
    if (!msg) {
        r = RC_ERROR;
        free(subject0);
        free(osubject);
        goto done;
    }
    authorship a = main_branch ? demo_random_author(d) : (authorship){&demo_captain, d->t, NULL};
    r = demo_commit_on(d, &out, b, &tree, msg, &a);
    if (!r)
        r = demo_remember(d, s->label, b->name, &out, pr, subject0);
    free(msg);
    free(subject0);
    free(osubject);
done:
    git_index_free(idx);
    git_commit_free(target);
    git_commit_free(ours);
    return r;
}

/* "v0.8.5-rc2" -> "0.8.5rc2" (the demo's tags need nothing more). */
static char *tag_version(const char *tag)
{
    rc_buf b = {0};
    for (const char *p = tag[0] == 'v' ? tag + 1 : tag; *p; p++)
        if (!(*p == '-' && strncmp(p + 1, "rc", 2) == 0))
            rc_buf_put(&b, p, 1);
    return rc_buf_detach(&b);
}

static int do_tag(demo *d, const step *s)
{
    branch_state *b = demo_branch_get(d, s->branch);
    git_commit *c = NULL;
    GIT(git_commit_lookup(&c, d->repo, &b->head), "demo: tag target");
    int64_t when = git_commit_time(c);
    int r = 0;
    git_oid id;
    if (s->arg) {
        git_signature *tagger = NULL;
        char *msg = rc_xasprintf("vLLM %s\n", s->text);
        if (git_signature_new(&tagger, demo_captain.name, demo_captain.email, when,
                              demo_captain.offset) < 0 ||
            git_tag_create(&id, d->repo, s->text, (git_object *)c, tagger, msg, 0) < 0)
            r = rc_error_from_git(RC_EGIT, "demo: annotated tag");
        git_signature_free(tagger);
        free(msg);
    } else {
        char ref[256];
        snprintf(ref, sizeof ref, "refs/tags/%s", s->text);
        git_reference *rf = NULL;
        if (git_reference_create(&rf, d->repo, ref, &b->head, 0, NULL) < 0)
            r = rc_error_from_git(RC_EGIT, "demo: tag");
        git_reference_free(rf);
    }
    git_commit_free(c);
    if (!r && d->ntags < sizeof d->tags / sizeof d->tags[0])
        d->tags[d->ntags++] = (demo_tag_info){s->text, tag_version(s->text), b->upstream, when};
    return r;
}

static int do_case(demo *d, const step *s)
{
    label_entry *e = demo_label_get(d, s->label);
    label_entry *o = s->ref ? demo_label_get(d, s->ref) : NULL;
    if (!e || (s->ref && !o))
        return rc_error_set(RC_ERROR, "demo: case %s names an unknown label", s->text);
    rc_demo_report *rep = d->rep;
    rep->cases = rc_xrealloc(rep->cases, (rep->ncases + 1) * sizeof *rep->cases);
    rc_demo_case *c = &rep->cases[rep->ncases++];
    memset(c, 0, sizeof *c);
    c->name = s->text;
    c->branch = e->branch;
    git_oid_tostr(c->sha, sizeof c->sha, &e->oid);
    c->pr = e->pr;
    if (o) {
        git_oid_tostr(c->orig, sizeof c->orig, &o->oid);
        c->orig_pr = o->pr;
    }
    c->note = s->files;
    static const char *const evidence[] = {[EV_NONE] = NULL,
                                           [EV_PATCH_ID] = "patch-id",
                                           [EV_TRAILER] = "trailer",
                                           [EV_PR_REFERENCE] = "pr-reference",
                                           [EV_SUBJECT] = "subject"};
    c->evidence = s->arg > 0 && s->arg <= EV_SUBJECT ? evidence[s->arg] : NULL;
    return 0;
}

static int step_upgrade(demo *d, const step *s, branch_state *m)
{
    git_oid tree, out;
    int r;
    d->upstream = s->text;
    char *subject = rc_xasprintf("[Misc] Upgrade vLLM to %s", s->text);
    const demo_file *f = demo_file_find(".github/workflows/lint-and-test.yml", NULL);
    if ((r = demo_tree_of(d, &tree, &m->head)) ||
        (r = demo_edit_slot(d, &tree, f, (int)demo_rng_below(&d->rng, DEMO_FILLER_SLOTS)))) {
        free(subject);
        return r;
    }
    char hex[41];
    demo_random_sha(d, hex);
    char *body = rc_xasprintf("- vLLM version: %s\n- vLLM main: "
                              "https://github.com/vllm-project/vllm/commit/%s",
                              s->text, hex);
    r = demo_main_commit(d, &out, &tree, subject, body, demo_next_pr(d), false);
    free(body);
    free(subject);
    return r;
}

/* S_MAIN, S_MAIN_AGAIN, S_VERSION_FIX and S_PERF: a planted commit on main. */
static int step_main(demo *d, const step *s, branch_state *m)
{
    git_oid tree, out;
    int r;
    char *subject = expand(d, s->text);
    if ((r = demo_tree_of(d, &tree, &m->head))) {
        free(subject);
        return r;
    }
    if (s->op == S_MAIN)
        r = demo_edit_planted(d, &tree, s->files);
    else if (s->op == S_MAIN_AGAIN)
        r = demo_edit_again(d, &tree, s->files);
    else if (s->op == S_PERF)
        r = demo_tree_write(d, &tree, s->files, demo_perf_flag_py, GIT_FILEMODE_BLOB);
    else
        r = demo_tree_write(d, &tree, "vllm/version.py", demo_version_py_main_fix,
                            GIT_FILEMODE_BLOB);
    int pr = demo_next_pr(d);
    if (!r)
        r = demo_main_commit(d, &out, &tree, subject, NULL, pr, false);
    if (!r)
        r = demo_remember(d, s->label, NULL, &out, pr, subject);
    if (!r && s->op == S_MAIN) {
        /* the slot just reserved in the first file, for adapted picks */
        size_t i;
        label_entry *e = demo_label_get(d, s->label);
        char *first = rc_xstrndup(s->files, strcspn(s->files, ";"));
        e->file = demo_file_find(first, &i);
        e->slot = e->file ? d->reserved[i] - 1 : 0;
        free(first);
    }
    demo_subject_add(d, subject);
    free(subject);
    return r;
}

static int step_cut(demo *d, const step *s, branch_state *m)
{
    if (d->nbranches >= sizeof d->branches / sizeof d->branches[0])
        return rc_error_set(RC_ERROR, "demo: too many branches");
    branch_state *nb = &d->branches[d->nbranches++];
    nb->name = s->branch;
    const char *v = strncmp(s->branch, "releases/v", 10) == 0 ? s->branch + 10 : s->branch + 1;
    nb->version = rc_xstrndup(v, strcspn(v, "-"));
    nb->upstream = d->upstream;
    git_oid_cpy(&nb->head, &m->head);
    char ref[256];
    snprintf(ref, sizeof ref, "refs/heads/%s", s->branch);
    git_reference *rf = NULL;
    GIT(git_reference_create(&rf, d->repo, ref, &nb->head, 0, NULL), "demo: branch");
    git_reference_free(rf);
    return 0;
}

/* S_BUMP, S_NOTES and S_BRANCH: a branch-only commit by the captain. */
static int step_branch(demo *d, const step *s, branch_state *b)
{
    git_oid tree, out;
    int r;
    if ((r = demo_tree_of(d, &tree, &b->head)))
        return r;
    char *subject, *content = NULL;
    if (s->op == S_BUMP) {
        subject = rc_xasprintf("[Misc] Bump version to %s", s->text);
        content = demo_version_py(s->text);
        r = demo_tree_write(d, &tree, "vllm/version.py", content, GIT_FILEMODE_BLOB);
    } else if (s->op == S_NOTES) {
        subject = rc_xasprintf("[Misc] Update RELEASE.md for v%src3", s->text);
        content = demo_release_md_with_conflict(s->text);
        r = demo_tree_write(d, &tree, "RELEASE.md", content, GIT_FILEMODE_BLOB);
    } else {
        subject = rc_xstrdup(s->text);
        r = demo_edit_planted(d, &tree, s->files);
    }
    free(content);
    int pr = demo_next_pr(d);
    char *msg = rc_xasprintf("%s (#%d)\n", subject, pr);
    authorship a = {&demo_captain, d->t, NULL};
    if (!r)
        r = demo_commit_on(d, &out, b, &tree, msg, &a);
    if (!r)
        r = demo_remember(d, s->label, b->name, &out, pr, subject);
    free(msg);
    free(subject);
    return r;
}

static int step_docs(demo *d, const step *s, branch_state *m)
{
    git_oid tree, out;
    int r;
    char *doc = demo_policy_doc(d->tags, d->ntags);
    const char *subject = "[Doc] Update the versioning policy and release calendar";
    int pr = demo_next_pr(d);
    if (!(r = demo_tree_of(d, &tree, &m->head)) &&
        !(r = demo_tree_write(d, &tree, "docs/source/community/versioning_policy.md", doc,
                              GIT_FILEMODE_BLOB)) &&
        !(r = demo_main_commit(d, &out, &tree, subject, NULL, pr, false)))
        r = demo_remember(d, s->label, NULL, &out, pr, subject);
    free(doc);
    return r;
}

static int run_step(demo *d, const step *s)
{
    branch_state *m = demo_branch_get(d, "main");
    branch_state *b = s->branch ? demo_branch_get(d, s->branch) : m;
    int r = 0;
    if (!b && s->op != S_CUT)
        return rc_error_set(RC_ERROR, "demo: script names unknown branch %s", s->branch);
    switch (s->op) {
    case S_FILL:
    case S_FILL_NOFIX:
        for (int i = 0; i < s->arg && !r; i++)
            r = filler(d, s->op == S_FILL_NOFIX);
        return r;
    case S_UPGRADE:
        return step_upgrade(d, s, m);
    case S_MAIN:
    case S_MAIN_AGAIN:
    case S_VERSION_FIX:
    case S_PERF:
        return step_main(d, s, m);
    case S_CUT:
        return step_cut(d, s, m);
    case S_BUMP:
    case S_NOTES:
    case S_BRANCH:
        return step_branch(d, s, b);
    case S_PICK:
        return do_pick(d, s);
    case S_TAG:
        return do_tag(d, s);
    case S_REVERT_MAIN:
    case S_REVERT_BRANCH:
        return do_revert(d, s, b);
    case S_DOCS:
        return step_docs(d, s, m);
    case S_CASE:
        return do_case(d, s);
    }
    return 0;
}

/* The root commit: every slotted file and the fixed files. */
static int root_commit(demo *d)
{
    git_oid tree, out;
    memset(&tree, 0, sizeof tree);
    git_treebuilder *tb = NULL;
    GIT(git_treebuilder_new(&tb, d->repo, NULL), "demo: treebuilder");
    int r = git_treebuilder_write(&tree, tb);
    git_treebuilder_free(tb);
    GIT(r, "demo: empty tree");
    for (size_t i = 0; i < demo_nfiles && !r; i++) {
        char *content = demo_slotted_initial(&demo_files[i], DEMO_SLOTS, &d->rng);
        r = demo_tree_write(d, &tree, demo_files[i].path, content, GIT_FILEMODE_BLOB);
        free(content);
    }
    for (size_t i = 0; demo_static_files[i] && !r; i += 2) {
        bool exec = strcmp(demo_static_files[i], demo_fake_bench_path) == 0;
        r = demo_tree_write(d, &tree, demo_static_files[i], demo_static_files[i + 1],
                            exec ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB);
    }
    if (r)
        return r;
    authorship a = {&demo_authors[0], d->t - 3600, NULL};
    return demo_commit_on(d, &out, demo_branch_get(d, "main"), &tree,
                          "Initial commit of the demo history\n", &a);
}

int demo_play(demo *d)
{
    int r = root_commit(d);
    for (size_t i = 0; !r && i < demo_nscript; i++)
        r = run_step(d, &demo_script[i]);
    return r;
}
