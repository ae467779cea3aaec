/* Which refs the git sync looks at: main (local or remote-tracking), release
 * branches and version tags, read with one pass over the reference list.
 * Their oids, with a fingerprint of the configuration that selects them,
 * are what the cache compares to decide that nothing moved. */
#include "core/base/error.h"
#include "core/git/git_internal.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

/* Bump when what the scan writes changes, so old caches are rescanned. */
#define GITSYNC_FORMAT "gitsync-1"

char *gitsync_fingerprint(const rc_config *cfg)
{
    rc_buf b = {0};
    rc_buf_puts(&b, GITSYNC_FORMAT);
    const char *keys[] = {"relcap.mainBranch", "relcap.remote", "relcap.maintainedMinors"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = NULL;
        rc_config_string(&v, cfg, keys[i]);
        rc_buf_printf(&b, "\n%s=%s", keys[i], v ? v : "");
    }
    const char *multi[] = {"relcap.releaseBranch", "relcap.tagPattern", "relcap.eol"};
    for (size_t i = 0; i < sizeof multi / sizeof *multi; i++) {
        const char *const *vals;
        size_t n;
        rc_config_multi(&vals, &n, cfg, multi[i]);
        for (size_t j = 0; j < n; j++)
            rc_buf_printf(&b, "\n%s=%s", multi[i], vals[j]);
    }
    return rc_buf_detach(&b);
}

/* The version a name stands for under any of the patterns; false if none
 * matches or the text does not parse. */
static bool match_version(rc_version *v, const rc_config *cfg, const char *key, const char *name)
{
    const char *const *pats;
    size_t n;
    rc_config_multi(&pats, &n, cfg, key);
    char text[RC_VERSION_STRLEN];
    for (size_t i = 0; i < n; i++)
        if (rc_config_pattern_match(pats[i], name, text, sizeof text) &&
            rc_version_parse(v, text) == 0)
            return true;
    rc_error_clear();
    return false;
}

static void add_ref(gitsync_ctx *c, const char *name, const git_oid *oid)
{
    c->refs = rc_xrealloc(c->refs, (c->nrefs + 1) * sizeof *c->refs);
    c->refs[c->nrefs].name = rc_xstrdup(name);
    c->refs[c->nrefs].oid = *oid;
    c->nrefs++;
}

static void add_branch(gitsync_ctx *c, const char *ref, const char *name, bool remote,
                       const rc_version *v, const git_oid *oid)
{
    c->branches = rc_xrealloc(c->branches, (c->nbranches + 1) * sizeof *c->branches);
    gitsync_branch *b = &c->branches[c->nbranches++];
    memset(b, 0, sizeof *b);
    b->name = rc_xstrdup(name);
    b->ref = rc_xstrdup(ref);
    b->remote = remote;
    /* the line releases X.Y.Z: keep only the release part of the name's version */
    b->version = *v;
    b->version.pre = 0;
    b->version.pre_num = 0;
    b->version.has_post = b->version.has_dev = false;
    b->version.local[0] = '\0';
    rc_version_release(b->release, sizeof b->release, v);
    b->head = *oid;
    b->head_node = GITSYNC_NONE;
    b->cut_pos = -1;
    b->latest_tag = -1;
}

static void add_tag(gitsync_ctx *c, const char *name, const rc_version *v, const git_oid *oid)
{
    c->tags = rc_xrealloc(c->tags, (c->ntags + 1) * sizeof *c->tags);
    gitsync_tag *t = &c->tags[c->ntags++];
    memset(t, 0, sizeof *t);
    t->name = rc_xstrdup(name);
    t->version = *v;
    rc_version_release(t->release, sizeof t->release, v);
    t->target = *oid;
    t->node = GITSYNC_NONE;
    t->branch = -1;
}

static int cmp_ref(const void *a, const void *b)
{
    return strcmp(((const gitsync_ref *)a)->name, ((const gitsync_ref *)b)->name);
}

int gitsync_refs_collect(gitsync_ctx *c)
{
    git_reference_iterator *it;
    if (git_reference_iterator_new(&it, c->repo) != 0)
        return rc_error_from_git(RC_EGIT, "cannot list references");
    char *remote_prefix = rc_xasprintf("refs/remotes/%s/", c->remote);
    size_t rpl = strlen(remote_prefix);
    bool have_local_main = false, have_remote_main = false;
    git_oid local_main = {{0}}, remote_main = {{0}};
    git_reference *ref;
    rc_version v;
    int r = 0;
    while (git_reference_next(&ref, it) == 0) {
        const char *name = git_reference_name(ref);
        const git_oid *oid = git_reference_target(ref); /* NULL for symbolic refs */
        if (!oid) {
            git_reference_free(ref);
            continue;
        }
        const char *shortn = NULL;
        bool remote = false;
        if (strncmp(name, "refs/heads/", 11) == 0) {
            shortn = name + 11;
        } else if (strncmp(name, remote_prefix, rpl) == 0) {
            shortn = name + rpl;
            remote = true;
        } else if (strncmp(name, "refs/tags/", 10) == 0) {
            if (match_version(&v, c->cfg, "relcap.tagPattern", name + 10)) {
                add_tag(c, name + 10, &v, oid);
                add_ref(c, name, oid);
            }
            git_reference_free(ref);
            continue;
        }
        if (shortn && strcmp(shortn, c->main_name) == 0) {
            if (remote) {
                have_remote_main = true;
                remote_main = *oid;
            } else {
                have_local_main = true;
                local_main = *oid;
            }
            add_ref(c, name, oid);
        } else if (shortn && strcmp(shortn, "HEAD") != 0 &&
                   match_version(&v, c->cfg, "relcap.releaseBranch", shortn)) {
            add_branch(c, name, shortn, remote, &v, oid);
            add_ref(c, name, oid);
        }
        git_reference_free(ref);
    }
    git_reference_iterator_free(it);
    free(remote_prefix);
    if (c->nrefs)
        qsort(c->refs, c->nrefs, sizeof *c->refs, cmp_ref);
    if (!have_local_main && !have_remote_main)
        return rc_error_set(RC_ENOTFOUND,
                            "main branch '%s' not found (neither refs/heads/%s nor "
                            "refs/remotes/%s/%s; set relcap.mainBranch)",
                            c->main_name, c->main_name, c->remote, c->main_name);
    /* Prefer the local main unless the remote-tracking one is strictly ahead. */
    c->main_head = have_local_main ? local_main : remote_main;
    c->main_ref = have_local_main ? rc_xasprintf("refs/heads/%s", c->main_name)
                                  : rc_xasprintf("refs/remotes/%s/%s", c->remote, c->main_name);
    if (have_local_main && have_remote_main && !git_oid_equal(&local_main, &remote_main) &&
        git_graph_descendant_of(c->repo, &remote_main, &local_main) == 1) {
        c->main_head = remote_main;
        free(c->main_ref);
        c->main_ref = rc_xasprintf("refs/remotes/%s/%s", c->remote, c->main_name);
    }
    return r;
}

int gitsync_refs_unchanged(bool *out, gitsync_ctx *c, const char *fingerprint)
{
    *out = false;
    char *fp = NULL;
    if (rc_db_meta_get(&fp, c->db, "gitsync.fingerprint") != 0 || strcmp(fp, fingerprint) != 0) {
        free(fp);
        rc_error_clear();
        return 0;
    }
    free(fp);
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, c->db, "SELECT name, oid FROM refs ORDER BY name");
    if (r)
        return r;
    size_t i = 0;
    bool same = true;
    while (same && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *oid = (const char *)sqlite3_column_text(st, 1);
        char hex[GIT_OID_HEXSZ + 1];
        if (i >= c->nrefs || !name || !oid || strcmp(name, c->refs[i].name) != 0) {
            same = false;
            break;
        }
        git_oid_tostr(hex, sizeof hex, &c->refs[i].oid);
        same = strcmp(hex, oid) == 0;
        i++;
    }
    sqlite3_finalize(st);
    *out = same && i == c->nrefs;
    return 0;
}
