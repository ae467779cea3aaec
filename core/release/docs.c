#include "core/release/docs.h"
#include "core/release/release_internal.h"
#include "core/base/error.h"
#include "core/release/mdtable.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int rc_docs_read(char **out, git_repository *repo, const char *rev, const char *path)
{
    return rc_docs_read_id(out, NULL, repo, rev, path);
}

int rc_docs_read_id(char **out, git_oid *id, git_repository *repo, const char *rev,
                    const char *path)
{
    *out = NULL;
    char *spec = rc_xasprintf("%s:%s", rev, path);
    git_object *obj = NULL;
    int r = git_revparse_single(&obj, repo, spec);
    free(spec);
    if (r == GIT_ENOTFOUND)
        return rc_error_set(RC_ENOTFOUND, "%s not found at %s", path, rev);
    if (r)
        return rc_error_from_git(RC_EGIT, path);
    if (git_object_type(obj) != GIT_OBJECT_BLOB) {
        git_object_free(obj);
        return rc_error_set(RC_EINVALID, "%s at %s is not a file", path, rev);
    }
    git_blob *blob = (git_blob *)obj;
    *out = rc_xstrndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
    if (id)
        git_oid_cpy(id, git_object_id(obj));
    git_object_free(obj);
    return 0;
}

int rc_docs_main_rev(char **out, git_repository *repo, const rc_config *cfg)
{
    const char *main_branch = rc_config_text(cfg, "relcap.mainBranch");
    const char *remote = rc_config_text(cfg, "relcap.remote");
    char *cands[2] = {rc_xasprintf("refs/heads/%s", main_branch),
                      rc_xasprintf("refs/remotes/%s/%s", remote, main_branch)};
    *out = NULL;
    for (int i = 0; i < 2; i++) {
        git_oid id;
        if (!*out && git_reference_name_to_id(&id, repo, cands[i]) == 0)
            *out = rc_xstrdup(cands[i]);
        free(cands[i]);
    }
    return *out ? 0 : rc_error_set(RC_ENOTFOUND, "main branch '%s' not found", main_branch);
}

size_t rc_docs_conflict_blocks(const char *text, size_t *first_line)
{
    /* States: 0 outside, 1 after <<<<<<<, 2 after =======. A lone ======= (a
     * setext heading underline) never opens a block. */
    int state = 0;
    size_t line = 0, start = 0, blocks = 0;
    if (first_line)
        *first_line = 0;
    for (const char *p = text; p && *p;) {
        line++;
        if (strncmp(p, "<<<<<<<", 7) == 0) {
            state = 1;
            start = line;
        } else if (state == 1 && strncmp(p, "=======", 7) == 0) {
            state = 2;
        } else if (state == 2 && strncmp(p, ">>>>>>>", 7) == 0) {
            if (blocks++ == 0 && first_line)
                *first_line = start;
            state = 0;
        }
        const char *nl = strchr(p, '\n');
        p = nl ? nl + 1 : NULL;
    }
    return blocks;
}

static void add_problem(rc_docs_report *r, const char *path, size_t line, char *problem)
{
    r->problems = rc_xrealloc(r->problems, (r->nproblems + 1) * sizeof *r->problems);
    r->problems[r->nproblems++] = (rc_docs_problem){rc_xstrdup(path), line, problem};
}

void rc_doc_facts_of(rc_doc_facts *out, const char *text)
{
    memset(out, 0, sizeof *out);
    out->conflicts = rc_docs_conflict_blocks(text, &out->first_line);
    /* every version a table's first column names, normalized, each on a
     * line of its own: the check for the release being made is then a
     * lookup, whatever release it is */
    rc_buf vs = {0};
    rc_buf_puts(&vs, "\n");
    rc_mddoc doc;
    rc_mddoc_parse(&doc, text);
    for (size_t t = 0; t < doc.ntables; t++) {
        for (size_t i = 0; i < doc.tables[t].nrows; i++) {
            rc_version v;
            char norm[RC_VERSION_STRLEN + 2];
            if (rc_version_parse(&v, rc_mdrow_cell(&doc.tables[t].rows[i], 0)) != 0)
                continue;
            out->has_matrix = true;
            rc_version_format(norm, RC_VERSION_STRLEN, &v);
            strcat(norm, "\n");
            if (!rc_doc_facts_names_in(vs.ptr, norm))
                rc_buf_puts(&vs, norm);
        }
    }
    rc_mddoc_free(&doc);
    rc_error_clear();
    out->versions = rc_buf_detach(&vs);
}

bool rc_doc_facts_names_in(const char *versions, const char *line)
{
    /* line is "X.Y.Z\n"; versions starts with "\n" */
    for (const char *p = versions; p && (p = strstr(p, line)); p++)
        if (p > versions && p[-1] == '\n')
            return true;
    return false;
}

void rc_doc_facts_free(rc_doc_facts *f)
{
    free(f->versions);
    memset(f, 0, sizeof *f);
}

void rc_docs_report_add(rc_docs_report *r, const char *path, const rc_doc_facts *f,
                        const char *version)
{
    r->files_checked++;
    if (f->conflicts)
        add_problem(r, path, f->first_line,
                    rc_xasprintf("%zu merge-conflict block%s left in the file", f->conflicts,
                                 f->conflicts == 1 ? "" : "s"));
    if (version && f->has_matrix) {
        char *line = rc_xasprintf("%s\n", version);
        if (!rc_doc_facts_names_in(f->versions, line))
            add_problem(r, path, 0, rc_xasprintf("no row for %s in the version table", version));
        free(line);
    }
}

int rc_docs_walk(git_repository *repo, const rc_config *cfg, const char *branch_rev,
                 rc_docs_walk_fn fn, void *ud)
{
    const char *const *globs;
    size_t nglobs;
    rc_config_multi(&globs, &nglobs, cfg, "relcap.releaseDocs");
    git_object *obj = NULL;
    git_tree *tree = NULL;
    if (git_revparse_single(&obj, repo, branch_rev) != 0)
        return rc_error_from_git(RC_ENOTFOUND, branch_rev);
    int r = git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE);
    git_object_free(obj);
    if (r)
        return rc_error_from_git(RC_EGIT, branch_rev);
    /* libgit2's pathspec gives git's own wildmatch, ** included. */
    git_strarray arr = {(char **)globs, nglobs};
    git_pathspec *ps = NULL;
    git_pathspec_match_list *list = NULL;
    r = git_pathspec_new(&ps, &arr);
    if (!r && nglobs)
        r = git_pathspec_match_tree(&list, tree, GIT_PATHSPEC_DEFAULT, ps);
    if (r) {
        git_pathspec_free(ps);
        git_tree_free(tree);
        return rc_error_from_git(RC_ECONFIG, "relcap.releaseDocs");
    }
    size_t n = list ? git_pathspec_match_list_entrycount(list) : 0;
    for (size_t i = 0; i < n && !r; i++) {
        const char *path = git_pathspec_match_list_entry(list, i);
        git_tree_entry *te;
        if (git_tree_entry_bypath(&te, tree, path) == 0) {
            if (git_tree_entry_type(te) == GIT_OBJECT_BLOB)
                r = fn(ud, path, git_tree_entry_id(te));
            git_tree_entry_free(te);
        }
    }
    git_pathspec_match_list_free(list);
    git_pathspec_free(ps);
    git_tree_free(tree);
    return r;
}

typedef struct {
    git_repository *repo;
    rc_docs_report *report;
    const char *version;
} walk_ctx;

static int check_blob(void *ud, const char *path, const git_oid *id)
{
    walk_ctx *w = ud;
    char *text = NULL;
    if (rc_docs_blob_text(&text, w->repo, id) != 0) {
        rc_error_clear();
        return 0;
    }
    rc_doc_facts f;
    rc_doc_facts_of(&f, text);
    free(text);
    rc_docs_report_add(w->report, path, &f, w->version);
    rc_doc_facts_free(&f);
    return 0;
}

int rc_docs_blob_text(char **out, git_repository *repo, const git_oid *id)
{
    *out = NULL;
    git_blob *blob;
    if (git_blob_lookup(&blob, repo, id) != 0)
        return rc_error_from_git(RC_EGIT, "release document");
    *out = rc_xstrndup(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
    git_blob_free(blob);
    return 0;
}

int rc_docs_check_branch(rc_docs_report *out, git_repository *repo, const rc_config *cfg,
                         const char *branch_rev, const char *version)
{
    memset(out, 0, sizeof *out);
    walk_ctx w = {repo, out, version};
    return rc_docs_walk(repo, cfg, branch_rev, check_blob, &w);
}

void rc_docs_report_free(rc_docs_report *r)
{
    for (size_t i = 0; i < r->nproblems; i++) {
        free(r->problems[i].path);
        free(r->problems[i].problem);
    }
    free(r->problems);
    memset(r, 0, sizeof *r);
}

char *rc_docs_upstream_at(git_repository *repo, const git_oid *commit, const char *trailer)
{
    git_revwalk *walk;
    if (git_revwalk_new(&walk, repo) != 0)
        return NULL;
    git_revwalk_sorting(walk, GIT_SORT_TIME);
    git_revwalk_push(walk, commit);
    git_oid id;
    char *found = NULL;
    size_t tlen = strlen(trailer);
    /* Bounded: the trailer is expected on recent commits. */
    for (int n = 0; !found && n < 20000 && git_revwalk_next(&id, walk) == 0; n++) {
        git_commit *c;
        if (git_commit_lookup(&c, repo, &id) != 0)
            continue;
        const char *msg = git_commit_message(c);
        for (const char *p = msg; p && *p && !found;) {
            const char *s = p;
            while (*s == ' ' || *s == '-' || *s == '*')
                s++;
            if (strncasecmp(s, trailer, tlen) == 0 && s[tlen] == ':') {
                s += tlen + 1;
                while (*s == ' ')
                    s++;
                size_t len = strcspn(s, " \t\r\n");
                char *tok = rc_xstrndup(s, len);
                rc_version v;
                if (rc_version_parse(&v, tok) == 0) {
                    char norm[RC_VERSION_STRLEN];
                    rc_version_format(norm, sizeof norm, &v);
                    found = rc_xstrdup(norm);
                }
                free(tok);
            }
            const char *nl = strchr(p, '\n');
            p = nl ? nl + 1 : NULL;
        }
        git_commit_free(c);
    }
    git_revwalk_free(walk);
    return found;
}
