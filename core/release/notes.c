/* Release notes: the range and the pick mapping are the ones `relcap diff`
 * uses (rcdiff.h), so both commands agree on what a tag ships. */
#include "core/release/notes.h"

#include "core/base/error.h"
#include "core/github/github_pr.h"
#include "core/base/util.h"
#include "core/picks/picks.h"
#include "core/picks/picks_landed.h"
#include "core/picks/refs.h"
#include "core/release/rcdiff.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The vLLM family's prefixes, in the order sections are printed. */
static const struct {
    const char *prefix, *title;
} builtin[] = {
    {"Model", "Models"},
    {"Feature", "Features"},
    {"Core", "Core"},
    {"V1", "V1 engine"},
    {"Frontend", "Frontend"},
    {"Kernel", "Kernels"},
    {"Perf", "Performance"},
    {"Performance", "Performance"},
    {"Quantization", "Quantization"},
    {"Spec Decode", "Speculative decoding"},
    {"LoRA", "LoRA"},
    {"Hardware", "Hardware"},
    {"ROCm", "ROCm"},
    {"TPU", "TPU"},
    {"CPU", "CPU"},
    {"Bugfix", "Bug fixes"},
    {"BugFix", "Bug fixes"},
    {"Bug", "Bug fixes"},
    {"Fix", "Bug fixes"},
    {"Doc", "Documentation"},
    {"Docs", "Documentation"},
    {"Documentation", "Documentation"},
    {"CI", "CI and build"},
    {"Build", "CI and build"},
    {"CI/Build", "CI and build"},
    {"Test", "Tests"},
    {"Tests", "Tests"},
    {"Benchmark", "Benchmarks"},
    {"Misc", "Miscellaneous"},
};
#define NBUILTIN (int)(sizeof builtin / sizeof builtin[0])
#define ORDER_CONFIG 0     /* configured sections come first, in configuration order */
#define ORDER_BUILTIN 1000 /* then the built-in ones */
#define ORDER_OTHER 100000 /* then unknown prefixes by name, then no prefix */

const char *rc_notes_group_title(const rc_config *cfg, const char *prefix, int *order)
{
    const char *const *vals = NULL;
    size_t n = 0;
    if (*prefix && rc_config_multi(&vals, &n, cfg, "relcap.notesGroup") == 0) {
        for (size_t i = 0; i < n; i++) {
            const char *k = vals[i], *eq = strchr(k, '=');
            size_t len = eq ? (size_t)(eq - k) : 0;
            if (len > 2 && k[0] == '[' && k[len - 1] == ']') {
                k++;
                len -= 2;
            }
            if (eq && len == strlen(prefix) && strncasecmp(k, prefix, len) == 0) {
                *order = ORDER_CONFIG + (int)i;
                return eq + 1;
            }
        }
    }
    rc_error_clear();
    for (int i = 0; *prefix && i < NBUILTIN; i++)
        if (strcasecmp(builtin[i].prefix, prefix) == 0) {
            /* every prefix of a section sorts with the section's first row */
            int first = i;
            while (first > 0 && strcmp(builtin[first - 1].title, builtin[i].title) == 0)
                first--;
            *order = ORDER_BUILTIN + first;
            return builtin[i].title;
        }
    *order = *prefix ? ORDER_OTHER : ORDER_OTHER + 1;
    return *prefix ? prefix : "Other";
}

/* The first "[X]" that is not a release prefix ("[v0.9.2]", "[Cherry-pick]");
 * *rest points after the prefixes. */
static char *prefix_of(const char *subject, const char **rest)
{
    const char *s = subject;
    for (;;) {
        while (*s == ' ')
            s++;
        const char *close = *s == '[' ? strchr(s, ']') : NULL;
        if (!close || close - s > 80)
            break;
        if (!rc_refs_is_release_prefix(s + 1, (size_t)(close - s - 1))) {
            *rest = close + 1;
            while (**rest == ' ')
                (*rest)++;
            return rc_xstrndup(s + 1, (size_t)(close - s - 1));
        }
        s = close + 1;
    }
    *rest = s;
    return rc_xstrdup("");
}

/* The subject without its trailing PR reference " (#N)". */
static char *title_of(const char *rest, long pr)
{
    char *t = rc_xstrdup(rest);
    if (pr > 0) {
        char *suffix = rc_xasprintf(" (#%ld)", pr);
        size_t lt = strlen(t), ls = strlen(suffix);
        if (lt >= ls && strcmp(t + lt - ls, suffix) == 0)
            t[lt - ls] = '\0';
        free(suffix);
    }
    return t;
}

typedef struct {
    rc_notes_entry e;
    char *prefix;
    char reverts[41];
    bool dropped;
} raw_commit;

typedef struct {
    git_repository *repo;
    rc_db *db;
    const char *branch, *pr_pattern;
} notes_ctx;

static void read_commit(raw_commit *rc, notes_ctx *x, const git_oid *id)
{
    git_commit *c = NULL;
    git_oid_tostr(rc->e.sha, sizeof rc->e.sha, id);
    if (git_commit_lookup(&c, x->repo, id) != 0) {
        rc->dropped = true;
        return;
    }
    const git_signature *a = git_commit_author(c);
    rc->e.email = rc_ascii_lower_str(rc_xstrdup(a && a->email ? a->email : ""));
    char *name = rc_xstrdup(a && a->name ? a->name : "?");
    const char *subject = git_commit_summary(c) ? git_commit_summary(c) : "";
    rc_refs refs;
    rc_refs_parse(&refs, subject, git_commit_body(c), x->pr_pattern);
    rc->e.pr = refs.pr;
    if (refs.is_revert)
        memcpy(rc->reverts, refs.revert_sha, sizeof rc->reverts);
    rc_refs_free(&refs);
    /* a pick is its original PR, named as on main */
    rc_picks_landed l;
    if (rc_picks_landed_get(&l, x->db, x->branch, rc->e.sha) == 1)
        rc->e.pr = l.pr;
    rc_error_clear();
    const char *rest;
    rc->prefix = prefix_of(l.subject ? l.subject : subject, &rest);
    rc->e.title = title_of(rest, rc->e.pr);
    rc_picks_landed_free(&l);
    char *login = NULL;
    if (rc->e.pr > 0 && rc_github_pr_author(&login, x->db, rc->e.pr) == 0 && login) {
        rc->e.author = rc_xasprintf("@%s", login);
        free(name);
    } else {
        rc->e.author = name;
    }
    free(login);
    git_commit_free(c);
}

/* A revert inside the range cancels its target: neither ships. A PR
 * already listed is not listed again. */
static void drop_cancelled(raw_commit *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!v[i].reverts[0] || v[i].dropped)
            continue;
        for (size_t j = 0; j < n; j++)
            if (!v[j].dropped && strcmp(v[j].e.sha, v[i].reverts) == 0) {
                v[j].dropped = v[i].dropped = true;
                break;
            }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i && !v[i].dropped && v[i].e.pr > 0; j++)
            if (!v[j].dropped && v[j].e.pr == v[i].e.pr)
                v[i].dropped = true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The emails of every author before `from` (sorted, for bsearch). */
static int known_authors(char ***out, size_t *n, git_repository *repo, const char *from_sha)
{
    git_oid *ids = NULL;
    size_t nids = 0;
    *out = NULL;
    *n = 0;
    int r = rc_tag_range(&ids, &nids, repo, NULL, from_sha);
    if (r)
        return r;
    *out = rc_xcalloc(nids ? nids : 1, sizeof **out);
    for (size_t i = 0; i < nids; i++) {
        git_commit *c = NULL;
        if (git_commit_lookup(&c, repo, &ids[i]) != 0)
            continue;
        const git_signature *a = git_commit_author(c);
        (*out)[(*n)++] = rc_ascii_lower_str(rc_xstrdup(a && a->email ? a->email : ""));
        git_commit_free(c);
    }
    free(ids);
    qsort(*out, *n, sizeof **out, cmp_str);
    return 0;
}

static int cmp_group(const void *a, const void *b)
{
    const rc_notes_group *x = a, *y = b;
    if (x->order != y->order)
        return x->order < y->order ? -1 : 1;
    return strcmp(x->title, y->title);
}

static int cmp_entry(const void *a, const void *b)
{
    const rc_notes_entry *x = a, *y = b;
    long px = x->pr > 0 ? x->pr : 0x7fffffffL, py = y->pr > 0 ? y->pr : 0x7fffffffL;
    if (px != py)
        return px < py ? -1 : 1;
    return strcmp(x->sha, y->sha);
}

static void group_add(rc_notes *out, const rc_config *cfg, raw_commit *c)
{
    int order;
    const char *title = rc_notes_group_title(cfg, c->prefix, &order);
    rc_notes_group *g = NULL;
    for (size_t i = 0; i < out->ngroups && !g; i++)
        if (strcmp(out->groups[i].title, title) == 0)
            g = &out->groups[i];
    if (!g) {
        out->groups = rc_xrealloc(out->groups, (out->ngroups + 1) * sizeof *out->groups);
        g = &out->groups[out->ngroups++];
        memset(g, 0, sizeof *g);
        g->title = rc_xstrdup(title);
        g->prefix = rc_xstrdup(c->prefix);
        g->order = order;
    }
    g->entries = rc_xrealloc(g->entries, (g->n + 1) * sizeof *g->entries);
    g->entries[g->n++] = c->e;
    memset(&c->e, 0, sizeof c->e);
}

static void count_people(rc_notes *out, char **known, size_t nknown)
{
    char **seen = NULL;
    size_t nseen = 0;
    for (size_t g = 0; g < out->ngroups; g++)
        for (size_t i = 0; i < out->groups[g].n; i++) {
            rc_notes_entry *e = &out->groups[g].entries[i];
            out->nprs++;
            e->first_time = !bsearch(&e->email, known, nknown, sizeof *known, cmp_str);
            bool dup = false;
            for (size_t k = 0; k < nseen && !dup; k++)
                dup = strcmp(seen[k], e->email) == 0;
            if (dup)
                continue;
            seen = rc_xrealloc(seen, (nseen + 1) * sizeof *seen);
            seen[nseen++] = e->email;
            if (e->first_time) {
                out->first_timers =
                    rc_xrealloc(out->first_timers, (out->nfirst + 1) * sizeof(char *));
                out->first_timers[out->nfirst++] = rc_xstrdup(e->author);
            }
        }
    out->contributors = nseen;
    free(seen);
    if (out->nfirst)
        qsort(out->first_timers, out->nfirst, sizeof(char *), cmp_str);
}

static int gather(rc_notes *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                  const rc_tag_info *a, const rc_tag_info *b, const git_oid *ids, size_t n)
{
    int r = 0;
    notes_ctx x = {.repo = repo, .db = db, .branch = b->branch ? b->branch : ""};
    x.pr_pattern = rc_config_text(cfg, "relcap.prPattern");
    raw_commit *v = rc_xcalloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        read_commit(&v[i], &x, &ids[i]);
    char **known = NULL;
    size_t nknown = 0;
    if (!r)
        r = known_authors(&known, &nknown, repo, a->sha);
    if (!r) {
        drop_cancelled(v, n);
        for (size_t i = 0; i < n; i++)
            if (!v[i].dropped)
                group_add(out, cfg, &v[i]);
        if (out->ngroups)
            qsort(out->groups, out->ngroups, sizeof *out->groups, cmp_group);
        for (size_t g = 0; g < out->ngroups; g++)
            qsort(out->groups[g].entries, out->groups[g].n, sizeof(rc_notes_entry), cmp_entry);
        count_people(out, known, nknown);
    }
    rc_strv_free(known, nknown);
    for (size_t i = 0; i < n; i++) {
        char **const strs[] = {&v[i].e.title, &v[i].e.author, &v[i].e.email, &v[i].prefix};
        rc_strs_clear(strs, 4);
    }
    free(v);
    return r;
}

static int notes_body(const rc_tag_job *j, const rc_tag_info *a, const rc_tag_info *b,
                      const git_oid *ids, size_t n)
{
    rc_notes *out = j->out;
    const char *gh = rc_config_text(j->cfg, "relcap.github");
    out->repo = gh && *gh ? rc_xstrdup(gh) : NULL;
    return gather(out, j->repo, j->db, j->cfg, a, b, ids, n);
}

static void notes_free(void *out)
{
    rc_notes_free(out);
}

int rc_notes_compute(rc_notes *out, git_repository *repo, rc_db *db, const rc_config *cfg,
                     const char *tag, const char *from)
{
    memset(out, 0, sizeof *out);
    const rc_tag_job job = {out, notes_free, repo, db, cfg};
    return rc_tag_ends_run(&out->from, &out->to, &job, from, tag, rc_tag_previous_release,
                           notes_body);
}

void rc_notes_free(rc_notes *n)
{
    if (!n)
        return;
    for (size_t g = 0; g < n->ngroups; g++) {
        for (size_t i = 0; i < n->groups[g].n; i++) {
            free(n->groups[g].entries[i].title);
            free(n->groups[g].entries[i].author);
            free(n->groups[g].entries[i].email);
        }
        free(n->groups[g].entries);
        free(n->groups[g].title);
        free(n->groups[g].prefix);
    }
    free(n->groups);
    rc_strv_free(n->first_timers, n->nfirst);
    free(n->from);
    free(n->to);
    free(n->repo);
    memset(n, 0, sizeof *n);
}

char *rc_notes_markdown(const rc_notes *n)
{
    rc_buf b = {0};
    rc_buf_printf(&b, "## What's changed in %s (since %s)\n", n->to, n->from);
    for (size_t g = 0; g < n->ngroups; g++) {
        const rc_notes_group *grp = &n->groups[g];
        rc_buf_printf(&b, "\n### %s\n\n", grp->title);
        for (size_t i = 0; i < grp->n; i++) {
            const rc_notes_entry *e = &grp->entries[i];
            rc_buf_printf(&b, "- %s by %s", e->title, e->author);
            if (e->pr > 0 && n->repo)
                rc_buf_printf(&b, " in https://github.com/%s/pull/%ld", n->repo, e->pr);
            else if (e->pr > 0)
                rc_buf_printf(&b, " in #%ld", e->pr);
            else
                rc_buf_printf(&b, " (%.10s)", e->sha);
            rc_buf_puts(&b, "\n");
        }
    }
    rc_buf_printf(&b, "\n%zu PRs from %zu contributors", n->nprs, n->contributors);
    if (n->nfirst) {
        rc_buf_printf(&b, "; %zu first-time contributor%s: ", n->nfirst, n->nfirst == 1 ? "" : "s");
        for (size_t i = 0; i < n->nfirst; i++)
            rc_buf_printf(&b, "%s%s", i ? ", " : "", n->first_timers[i]);
    }
    rc_buf_puts(&b, ".\n");
    return rc_buf_detach(&b);
}

cJSON *rc_notes_json(const rc_notes *n)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "from", n->from);
    cJSON_AddStringToObject(o, "to", n->to);
    cJSON_AddNumberToObject(o, "prs", (double)n->nprs);
    cJSON_AddNumberToObject(o, "contributors", (double)n->contributors);
    cJSON *ft = cJSON_AddArrayToObject(o, "first_time");
    for (size_t i = 0; i < n->nfirst; i++)
        cJSON_AddItemToArray(ft, cJSON_CreateString(n->first_timers[i]));
    cJSON *groups = cJSON_AddArrayToObject(o, "groups");
    for (size_t g = 0; g < n->ngroups; g++) {
        cJSON *go = cJSON_CreateObject();
        cJSON_AddStringToObject(go, "title", n->groups[g].title);
        cJSON_AddStringToObject(go, "prefix", n->groups[g].prefix);
        cJSON *arr = cJSON_AddArrayToObject(go, "entries");
        for (size_t i = 0; i < n->groups[g].n; i++) {
            const rc_notes_entry *e = &n->groups[g].entries[i];
            cJSON *eo = cJSON_CreateObject();
            if (e->pr > 0)
                cJSON_AddNumberToObject(eo, "pr", (double)e->pr);
            else
                cJSON_AddNullToObject(eo, "pr");
            cJSON_AddStringToObject(eo, "sha", e->sha);
            cJSON_AddStringToObject(eo, "title", e->title);
            cJSON_AddStringToObject(eo, "author", e->author);
            if (e->pr > 0 && n->repo) {
                char *u = rc_xasprintf("https://github.com/%s/pull/%ld", n->repo, e->pr);
                cJSON_AddStringToObject(eo, "url", u);
                free(u);
            } else {
                cJSON_AddNullToObject(eo, "url");
            }
            cJSON_AddBoolToObject(eo, "first_time", e->first_time);
            cJSON_AddItemToArray(arr, eo);
        }
        cJSON_AddItemToArray(groups, go);
    }
    return o;
}
