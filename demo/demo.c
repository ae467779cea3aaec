/* The demo history's public entry: sets up the repository, lets the
 * interpreter (demo_play.c) play the script, then checks out main, records
 * the refs and writes the benchmark files and planted.json. */
#include "demo/demo.h"
#include "demo/demo_internal.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <dirent.h>
#include <git2.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define START_TIME 1785744000 /* 2026-08-03T08:00:00Z */

static int refs_collect(demo *d)
{
    git_reference_iterator *it;
    GIT(git_reference_iterator_new(&it, d->repo), "demo: refs");
    git_reference *ref;
    rc_demo_report *rep = d->rep;
    while (git_reference_next(&ref, it) == 0) {
        if (git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
            rep->refs = rc_xrealloc(rep->refs, (rep->nrefs + 1) * sizeof *rep->refs);
            rc_demo_ref *e = &rep->refs[rep->nrefs++];
            e->name = rc_xstrdup(git_reference_name(ref));
            git_oid_tostr(e->sha, sizeof e->sha, git_reference_target(ref));
        }
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    for (size_t i = 1; i < rep->nrefs; i++) /* insertion sort: a few dozen refs */
        for (size_t j = i; j > 0 && strcmp(rep->refs[j - 1].name, rep->refs[j].name) > 0; j--) {
            rc_demo_ref t = rep->refs[j];
            rep->refs[j] = rep->refs[j - 1];
            rep->refs[j - 1] = t;
        }
    return 0;
}

static int count_main(demo *d, size_t *out)
{
    git_revwalk *w;
    GIT(git_revwalk_new(&w, d->repo), "demo: revwalk");
    git_oid id;
    int r = git_revwalk_push(w, &demo_branch_get(d, "main")->head);
    size_t n = 0;
    while (r == 0 && git_revwalk_next(&id, w) == 0)
        n++;
    git_revwalk_free(w);
    GIT(r, "demo: revwalk");
    *out = n;
    return 0;
}

static int checkout_main(demo *d)
{
    GIT(git_repository_set_head(d->repo, "refs/heads/main"), "demo: HEAD");
    git_checkout_options co;
    git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
    co.checkout_strategy = GIT_CHECKOUT_FORCE;
    GIT(git_checkout_head(d->repo, &co), "demo: checkout");
    return 0;
}

/* Appends text to the file name below .git, on a line of its own. A
 * missing file is refused unless may_be_missing (it is then created, with
 * its folder). Appended as text so no regex-based libgit2 setter (which
 * leaks in 1.5) is needed. */
static int git_file_append(demo *d, const char *name, const char *text, bool may_be_missing)
{
    char *path = rc_xasprintf("%s%s", git_repository_path(d->repo), name);
    char *old = NULL;
    int r = rc_file_read(&old, NULL, path);
    if (r && may_be_missing) {
        char *dir = rc_xstrndup(path, (size_t)(strrchr(path, '/') - path));
        r = rc_mkdirs(dir, 0755);
        free(dir);
    }
    if (!r) {
        char *content = rc_xasprintf("%s%s%s", old ? old : "",
                                     old && *old && old[strlen(old) - 1] != '\n' ? "\n" : "", text);
        r = rc_file_write(path, content, strlen(content), 0644);
        free(content);
    }
    free(old);
    free(path);
    return r;
}

/* The demo's own files (bench results, planted.json) stay untracked. */
static int exclude_demo_dir(demo *d)
{
    return git_file_append(d, "info/exclude", "/.relcap-demo/\n", true);
}

/* The node's command goes to .git/config: it names this directory. */
static int write_node_command(demo *d)
{
    char *lines = demo_node_command(git_repository_workdir(d->repo));
    int r = git_file_append(d, "config", lines, false);
    free(lines);
    return r;
}

static const char *peeled_tag(demo *d, const char *tag, char out[41])
{
    git_object *o = NULL;
    char spec[128];
    snprintf(spec, sizeof spec, "refs/tags/%s^{commit}", tag);
    if (git_revparse_single(&o, d->repo, spec) < 0)
        return NULL;
    git_oid_tostr(out, 41, git_object_id(o));
    git_object_free(o);
    return out;
}

static int dir_refuse_nonempty(const char *dir)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        if (errno == ENOENT)
            return rc_mkdirs(dir, 0755);
        return rc_error_set(RC_EIO, "demo: cannot open %s: %s", dir, strerror(errno));
    }
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(dh)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = false;
    closedir(dh);
    if (!empty)
        return rc_error_set(RC_EEXISTS, "demo: %s is not empty; give a new or empty directory",
                            dir);
    return 0;
}

/* Fills the rest of out once the history is written: where things are,
 * the release names, and the benchmark files between the previous final
 * and the newest RC. */
static int report_fill(demo *d, rc_demo_report *out, unsigned seed)
{
    const char *workdir = git_repository_workdir(d->repo);
    size_t wl = strlen(workdir);
    out->dir = rc_xstrndup(workdir, wl > 1 && workdir[wl - 1] == '/' ? wl - 1 : wl);
    out->bench_dir = rc_xasprintf("%s/.relcap-demo/bench", out->dir);
    out->planted_json = rc_xasprintf("%s/.relcap-demo/planted.json", out->dir);
    out->seed = seed;
    out->newest_branch = DEMO_NEWEST;
    out->newest_rc = "v0.9.2rc3";
    out->previous_final = "v0.9.1";
    char old_sha[41], new_sha[41];
    if (!peeled_tag(d, out->previous_final, old_sha) || !peeled_tag(d, out->newest_rc, new_sha))
        return rc_error_set(RC_ERROR, "demo: benchmark tags missing");
    return demo_bench_write(out, out->bench_dir, seed, out->previous_final, old_sha, out->newest_rc,
                            new_sha, DEMO_NEWEST);
}

static void demo_state_free(demo *d)
{
    for (size_t i = 0; i < d->nlabels; i++)
        free(d->labels[i].subject0);
    for (size_t i = 0; i < d->nsubjects; i++)
        free(d->subjects[i]);
    free(d->subjects);
    for (size_t i = 1; i < d->nbranches; i++)
        free((char *)d->branches[i].version);
    for (size_t i = 0; i < d->ntags; i++)
        free((char *)d->tags[i].version);
    git_repository_free(d->repo);
}

int rc_demo_create(rc_demo_report *out, const char *dir, unsigned seed)
{
    memset(out, 0, sizeof *out);
    int r = dir_refuse_nonempty(dir);
    if (r)
        return r;
    demo d = {0};
    d.rep = out;
    demo_rng_seed(&d.rng, seed);
    d.t = START_TIME + (int64_t)demo_rng_below(&d.rng, 6 * 3600);
    d.pr = 9000 + (int)demo_rng_below(&d.rng, 400);
    for (size_t i = 0; i < demo_nfiles && i < 64; i++)
        d.reserved[i] = DEMO_FILLER_SLOTS;
    d.branches[d.nbranches++] = (branch_state){"main", NULL, NULL, {{0}}};

    git_repository_init_options io;
    git_repository_init_options_init(&io, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
    io.flags = GIT_REPOSITORY_INIT_MKPATH;
    io.initial_head = "main";
    if (git_repository_init_ext(&d.repo, dir, &io) < 0)
        return rc_error_from_git(RC_EGIT, "demo: init");

    r = demo_play(&d);
    if (!r)
        r = checkout_main(&d);
    if (!r)
        r = exclude_demo_dir(&d);
    if (!r)
        r = write_node_command(&d);
    if (!r)
        r = refs_collect(&d);
    if (!r)
        r = count_main(&d, &out->main_commits);
    if (!r)
        r = report_fill(&d, out, seed);
    if (!r)
        r = demo_planted_write(out);
    demo_state_free(&d);
    if (r)
        rc_demo_report_free(out);
    return r;
}

void rc_demo_report_free(rc_demo_report *r)
{
    if (!r)
        return;
    char **const strs[] = {&r->dir, &r->bench_dir, &r->planted_json};
    rc_strs_clear(strs, 3);
    for (size_t i = 0; i < r->nrefs; i++)
        free(r->refs[i].name);
    free(r->refs);
    free(r->cases);
    free(r->bench);
    memset(r, 0, sizeof *r);
}

const rc_demo_case *rc_demo_report_case(const rc_demo_report *r, const char *name)
{
    for (size_t i = 0; i < r->ncases; i++)
        if (strcmp(r->cases[i].name, name) == 0)
            return &r->cases[i];
    return NULL;
}

const char *rc_demo_report_ref(const rc_demo_report *r, const char *name)
{
    for (size_t i = 0; i < r->nrefs; i++) {
        const char *n = r->refs[i].name;
        if (strcmp(n, name) == 0 ||
            (strncmp(n, "refs/heads/", 11) == 0 && strcmp(n + 11, name) == 0) ||
            (strncmp(n, "refs/tags/", 10) == 0 && strcmp(n + 10, name) == 0))
            return r->refs[i].sha;
    }
    return NULL;
}
