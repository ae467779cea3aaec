/* The interpreter's git helpers: trees, slot edits, commits on a branch
 * and the bookkeeping of labels and subjects. libgit2 alone, no git CLI. */
#include "demo/demo_internal.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

branch_state *demo_branch_get(demo *d, const char *name)
{
    if (!name)
        name = "main";
    for (size_t i = 0; i < d->nbranches; i++)
        if (strcmp(d->branches[i].name, name) == 0)
            return &d->branches[i];
    return NULL;
}

label_entry *demo_label_get(demo *d, const char *label)
{
    for (size_t i = 0; i < d->nlabels; i++)
        if (strcmp(d->labels[i].label, label) == 0)
            return &d->labels[i];
    return NULL;
}

static void demo_tick(demo *d)
{
    d->t += 3600 + (int64_t)demo_rng_below(&d->rng, 11 * 3600);
}

int demo_next_pr(demo *d)
{
    d->pr += 1 + (int)demo_rng_below(&d->rng, 6);
    return d->pr;
}

int demo_tree_of(demo *d, git_oid *out, const git_oid *commit_id)
{
    git_commit *c;
    GIT(git_commit_lookup(&c, d->repo, commit_id), "demo: commit lookup");
    git_oid_cpy(out, git_commit_tree_id(c));
    git_commit_free(c);
    return 0;
}

/* The file's content in tree, or NULL when absent. */
char *demo_tree_read(demo *d, const git_oid *tree_id, const char *path)
{
    git_tree *tree = NULL;
    git_tree_entry *e = NULL;
    git_blob *blob = NULL;
    char *s = NULL;
    if (git_tree_lookup(&tree, d->repo, tree_id) == 0 &&
        git_tree_entry_bypath(&e, tree, path) == 0 &&
        git_blob_lookup(&blob, d->repo, git_tree_entry_id(e)) == 0)
        s = rc_xstrndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
    git_blob_free(blob);
    git_tree_entry_free(e);
    git_tree_free(tree);
    return s;
}

int demo_tree_write(demo *d, git_oid *tree_id, const char *path, const char *content,
                    git_filemode_t mode)
{
    git_tree_update up = {.action = GIT_TREE_UPDATE_UPSERT, .filemode = mode, .path = path};
    GIT(git_blob_create_from_buffer(&up.id, d->repo, content, strlen(content)), "demo: blob");
    git_tree *base = NULL;
    if (!git_oid_is_zero(tree_id))
        GIT(git_tree_lookup(&base, d->repo, tree_id), "demo: tree lookup");
    int r = git_tree_create_updated(tree_id, d->repo, base, 1, &up);
    git_tree_free(base);
    GIT(r, "demo: tree update");
    return 0;
}

const demo_file *demo_file_find(const char *path, size_t *index)
{
    for (size_t i = 0; i < demo_nfiles; i++)
        if (strcmp(demo_files[i].path, path) == 0) {
            if (index)
                *index = i;
            return &demo_files[i];
        }
    return NULL;
}

/* Gives slot a new value (different from the current one). */
int demo_edit_slot(demo *d, git_oid *tree_id, const demo_file *f, int slot)
{
    char *old = demo_tree_read(d, tree_id, f->path);
    if (!old)
        return rc_error_set(RC_ERROR, "demo: %s missing from the tree", f->path);
    char *new = NULL;
    for (int tries = 0; tries < 8; tries++) {
        free(new);
        new = demo_slotted_edit(old, f, slot, 8u * (1u + demo_rng_below(&d->rng, 512)));
        if (!new || strcmp(new, old) != 0)
            break;
    }
    free(old);
    if (!new)
        return rc_error_set(RC_ERROR, "demo: %s has no slot %d", f->path, slot);
    int r = demo_tree_write(d, tree_id, f->path, new, GIT_FILEMODE_BLOB);
    free(new);
    return r;
}

/* Each file named in the ';'-list gets its next reserved slot, or (again)
 * the slot it last got is edited once more. */
static int edit_files(demo *d, git_oid *tree_id, const char *files, bool again)
{
    char *list = rc_xstrdup(files);
    int r = 0;
    for (char *save = NULL, *p = strtok_r(list, ";", &save); p && !r;
         p = strtok_r(NULL, ";", &save)) {
        size_t i;
        const demo_file *f = demo_file_find(p, &i);
        if (!f)
            r = rc_error_set(RC_ERROR, "demo: script names unknown file %s", p);
        else if (!again && d->reserved[i] >= DEMO_SLOTS)
            r = rc_error_set(RC_ERROR, "demo: no planted slot left in %s", p);
        else if (again && d->reserved[i] <= DEMO_FILLER_SLOTS)
            r = rc_error_set(RC_ERROR, "demo: no planted slot of %s to edit again", p);
        else
            r = demo_edit_slot(d, tree_id, f, again ? d->reserved[i] - 1 : d->reserved[i]++);
    }
    free(list);
    return r;
}

/* Planted edits: each file named in the ';'-list gets its next reserved slot. */
int demo_edit_planted(demo *d, git_oid *tree_id, const char *files)
{
    return edit_files(d, tree_id, files, false);
}

int demo_edit_again(demo *d, git_oid *tree_id, const char *files)
{
    return edit_files(d, tree_id, files, true);
}

/* Commits tree on branch (parent: its head) and moves the branch ref. */
int demo_commit_on(demo *d, git_oid *out, branch_state *b, const git_oid *tree_id,
                   const char *message, const authorship *who)
{
    demo_tick(d);
    const person *committer = strcmp(b->name, "main") == 0 ? &demo_github : &demo_captain;
    git_signature *asig = NULL, *csig = NULL;
    git_tree *tree = NULL;
    git_commit *parent = NULL;
    int r = RC_EGIT;
    if (!who->author_sig && git_signature_new(&asig, who->author->name, who->author->email,
                                              who->author_time, who->author->offset) < 0)
        goto done;
    if (git_signature_new(&csig, committer->name, committer->email, d->t, committer->offset) < 0 ||
        git_tree_lookup(&tree, d->repo, tree_id) < 0)
        goto done;
    if (!git_oid_is_zero(&b->head) && git_commit_lookup(&parent, d->repo, &b->head) < 0)
        goto done;
    const git_commit *parents[1] = {parent};
    if (git_commit_create(out, d->repo, NULL, who->author_sig ? who->author_sig : asig, csig, NULL,
                          message, tree, parent ? 1 : 0, parents) < 0)
        goto done;
    char ref[256];
    snprintf(ref, sizeof ref, "refs/heads/%s", b->name);
    git_reference *rf = NULL;
    if (git_reference_create(&rf, d->repo, ref, out, 1, NULL) < 0)
        goto done;
    git_reference_free(rf);
    git_oid_cpy(&b->head, out);
    r = 0;
done:
    if (r)
        rc_error_from_git(RC_EGIT, "demo: commit");
    git_signature_free(asig);
    git_signature_free(csig);
    git_tree_free(tree);
    git_commit_free(parent);
    return r;
}

authorship demo_random_author(demo *d)
{
    authorship a = {&demo_authors[demo_rng_below(&d->rng, demo_nauthors)], 0, NULL};
    /* the PR was written a few hours to three days before it was merged */
    a.author_time = d->t - 1800 - (int64_t)demo_rng_below(&d->rng, 3 * 86400);
    return a;
}

int demo_remember(demo *d, const char *label, const char *branch, const git_oid *oid, int pr,
                  const char *subject0)
{
    if (!label)
        return 0;
    if (d->nlabels >= sizeof d->labels / sizeof d->labels[0])
        return rc_error_set(RC_ERROR, "demo: too many labels");
    label_entry *e = &d->labels[d->nlabels++];
    e->label = label;
    e->branch = branch ? branch : "main";
    git_oid_cpy(&e->oid, oid);
    e->pr = pr;
    e->subject0 = rc_xstrdup(subject0 ? subject0 : "");
    return 0;
}

bool demo_subject_used(demo *d, const char *s)
{
    for (size_t i = 0; i < d->nsubjects; i++)
        if (strcmp(d->subjects[i], s) == 0)
            return true;
    return false;
}

void demo_subject_add(demo *d, const char *s)
{
    d->subjects = rc_xrealloc(d->subjects, (d->nsubjects + 1) * sizeof *d->subjects);
    d->subjects[d->nsubjects++] = rc_xstrdup(s);
}

/* A main commit: subject0 + " (#PR)", optional body, trailers when an
 * upstream is set and the dice say so. */
int demo_main_commit(demo *d, git_oid *out, const git_oid *tree, const char *subject0,
                     const char *body, int pr, bool maybe_trailer)
{
    branch_state *m = demo_branch_get(d, "main");
    rc_buf msg = {0};
    rc_buf_printf(&msg, "%s (#%d)\n", subject0, pr);
    if (body)
        rc_buf_printf(&msg, "\n%s\n", body);
    if (maybe_trailer && d->upstream && demo_rng_below(&d->rng, 10) < 3) {
        char hex[41];
        demo_random_sha(d, hex);
        rc_buf_printf(&msg,
                      "\n- vLLM version: %s\n- vLLM main: "
                      "https://github.com/vllm-project/vllm/commit/%s\n",
                      d->upstream, hex);
    }
    authorship a = demo_random_author(d);
    char *m_s = rc_buf_detach(&msg);
    int r = demo_commit_on(d, out, m, tree, m_s, &a);
    free(m_s);
    return r;
}

void demo_random_sha(demo *d, char hex[41])
{
    for (int i = 0; i < 40; i++)
        hex[i] = "0123456789abcdef"[demo_rng_below(&d->rng, 16)];
    hex[40] = '\0';
}
