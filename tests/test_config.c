/* Configuration levels and validation messages, through the real binary:
 * HOME with a .gitconfig, the repository's .git/config, a committed
 * .relcap, and -c overrides. */
#include "tests/testutil.h"

#include "core/base/config.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    tu_env env; /* the repository in DIR/repo */
    char *home, *env_home, *env_xdg;
} fx;

static fx *fx_new(const char *gitconfig, const char *local, const char *relcap)
{
    fx *f = rc_xcalloc(1, sizeof *f);
    tu_env_init(&f->env);
    f->home = tu_env_path(&f->env, "home");
    tu_env_repo(&f->env, "repo", false);
    char *p = rc_xasprintf("%s/.gitconfig", f->home);
    tu_write(p, gitconfig);
    free(p);
    if (local) {
        p = rc_xasprintf("%s/.git/config", f->env.wd);
        FILE *fp = fopen(p, "a");
        assert_non_null(fp);
        fputs(local, fp);
        fclose(fp);
        free(p);
    }
    if (relcap) {
        p = rc_xasprintf("%s/.relcap", f->env.wd);
        tu_write(p, relcap);
        free(p);
    }
    f->env_home = rc_xasprintf("HOME=%s", f->home);
    f->env_xdg = rc_xasprintf("XDG_CONFIG_HOME=%s/xdg", f->home);
    return f;
}

static void fx_free(fx *f)
{
    tu_env_clear(&f->env);
    free(f->home);
    free(f->env_home);
    free(f->env_xdg);
    free(f);
}

static tu_result run(fx *f, const char *const *extra)
{
    const char *argv[16] = {"-C", f->env.wd};
    size_t n = 2;
    for (size_t i = 0; extra[i]; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    const char *env[] = {f->env_home, f->env_xdg, NULL};
    return tu_relcap(NULL, NULL, env, argv);
}

static cJSON *key_of(cJSON *doc, const char *key)
{
    cJSON *keys = cJSON_GetObjectItem(doc, "keys");
    cJSON *k;
    cJSON_ArrayForEach(k, keys)
    {
        if (strcmp(cJSON_GetObjectItem(k, "key")->valuestring, key) == 0)
            return k;
    }
    fail_msg("key %s not listed", key);
    return NULL;
}

static void expect(cJSON *doc, const char *key, const char *value, const char *origin)
{
    cJSON *k = key_of(doc, key);
    assert_string_equal(cJSON_GetObjectItem(k, "value")->valuestring, value);
    assert_string_equal(cJSON_GetObjectItem(k, "origin")->valuestring, origin);
}

static void test_levels(void **state)
{
    fx *f = fx_new("[relcap]\n\tmainBranch = trunk\n\tremote = upstream\n"
                   "\treleaseBranch = global/v{version}\n\tmaintainedMinors = 1\n",
                   "[relcap]\n\tremote = origin2\n",
                   "[relcap]\n\tmaintainedMinors = 5\n\treleaseBranch =\n"
                   "\treleaseBranch = r/v{version}\n[relcap \"node.h100-a\"]\n\tkind = rocm\n");
    const char *a[] = {"config", "--json", NULL};
    tu_result r = run(f, a);
    assert_int_equal(r.status, 0);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    char *gc = rc_xasprintf("%s/.gitconfig", f->home);
    char *lc = rc_xasprintf("%s/.git/config", f->env.wd);
    char *rc = rc_xasprintf("%s/.relcap", f->env.wd);
    expect(doc, "relcap.mainBranch", "trunk", gc);
    expect(doc, "relcap.remote", "origin2", lc);
    expect(doc, "relcap.maintainedMinors", "5", rc);
    expect(doc, "relcap.githubApi", "https://api.github.com", "default");
    expect(doc, "relcap.node.h100-a.kind", "rocm", rc);
    expect(doc, "relcap.node.h100-a.backend", "local", "default");
    /* an empty value resets the values of lower levels */
    cJSON *rb = cJSON_GetObjectItem(key_of(doc, "relcap.releaseBranch"), "value");
    assert_int_equal(cJSON_GetArraySize(rb), 1);
    assert_string_equal(cJSON_GetArrayItem(rb, 0)->valuestring, "r/v{version}");
    cJSON *tp = cJSON_GetObjectItem(key_of(doc, "relcap.tagPattern"), "value");
    assert_int_equal(cJSON_GetArraySize(tp), 2);
    /* every key of the table (but subsection ones) is listed */
    for (const rc_config_key *k = rc_config_keys; k->name; k++)
        if (!strchr(k->name, '*'))
            key_of(doc, k->name);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "warnings")), 0);
    cJSON_Delete(doc);
    tu_result_free(&r);
    /* -c beats every file */
    const char *b[] = {"-c", "relcap.maintainedMinors=7", "config", "--json", NULL};
    r = run(f, b);
    assert_int_equal(r.status, 0);
    doc = cJSON_Parse(r.out);
    expect(doc, "relcap.maintainedMinors", "7", "-c");
    cJSON_Delete(doc);
    tu_result_free(&r);
    /* text output names the origin too */
    const char *c[] = {"config", NULL};
    r = run(f, c);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "relcap.mainBranch"));
    assert_non_null(strstr(r.out, gc));
    tu_result_free(&r);
    free(gc);
    free(lc);
    free(rc);
    fx_free(f);
}

static void test_unknown_key_warns(void **state)
{
    fx *f = fx_new("[user]\n\tname = Ann\n", NULL, "[relcap]\n\tbogusKey = 1\n");
    const char *a[] = {"config", "--json", NULL};
    tu_result r = run(f, a);
    assert_int_equal(r.status, 0);
    char *rc = rc_xasprintf("unknown key relcap.boguskey in %s/.relcap", f->env.wd);
    assert_non_null(strstr(r.err, rc));
    cJSON *doc = cJSON_Parse(r.out);
    cJSON *w = cJSON_GetObjectItem(doc, "warnings");
    assert_int_equal(cJSON_GetArraySize(w), 1);
    assert_non_null(strstr(cJSON_GetArrayItem(w, 0)->valuestring, "relcap.boguskey"));
    expect(doc, "relcap.author", "Ann", "default");
    cJSON_Delete(doc);
    free(rc);
    tu_result_free(&r);
    fx_free(f);
}

static void expect_bad(fx *f, const char *const *args, const char *const *needles)
{
    tu_result r = run(f, args);
    assert_int_equal(r.status, 2);
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(r.err, needles[i]))
            fail_msg("'%s' not in: %s", needles[i], r.err);
    tu_result_free(&r);
}

static void test_bad_values(void **state)
{
    fx *f = fx_new("", "[relcap]\n\tmaintainedMinors = lots\n", NULL);
    char *lc = rc_xasprintf("%s/.git/config", f->env.wd);
    const char *a[] = {"config", NULL};
    const char *n1[] = {"'lots'", "relcap.maintainedminors", lc, "a non-negative integer", NULL};
    expect_bad(f, a, n1);
    /* other commands refuse the same configuration the same way */
    const char *s[] = {"branches", NULL};
    expect_bad(f, s, n1);
    free(lc);
    fx_free(f);

    f = fx_new("[relcap]\n\treleaseBranch = releases/vX\n", NULL, NULL);
    char *gc = rc_xasprintf("%s/.gitconfig", f->home);
    const char *n2[] = {"'releases/vX'", "relcap.releasebranch", gc, "{version}", NULL};
    expect_bad(f, a, n2);
    free(gc);
    fx_free(f);

    f = fx_new("", NULL, NULL);
    const char *c[] = {"-c", "relcap.color=purple", "config", NULL};
    const char *n3[] = {"'purple'", "relcap.color", "-c", "auto|always|never", NULL};
    expect_bad(f, c, n3);
    fx_free(f);
}

static void test_cache_path(void **state)
{
    fx *f = fx_new("", NULL, NULL);
    const char *a[] = {"cache", "path", NULL};
    tu_result r = run(f, a);
    assert_int_equal(r.status, 0);
    char *want = rc_xasprintf("%s/.git/relcap/cache.db\n", f->env.wd);
    assert_string_equal(r.out, want);
    free(want);
    tu_result_free(&r);
    const char *b[] = {"cache", "wipe", NULL};
    r = run(f, b);
    assert_int_equal(r.status, 2);
    tu_result_free(&r);
    fx_free(f);
}

/* rc_time_parse refuses what timegm would silently normalise. */
static void test_time_parse_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {"2026-02-31",
                                      "2026-04-31T00:00:00Z",
                                      "2026-01-01T-1:00:00Z",
                                      "2026-01-01T10:-1:00Z",
                                      "2026-01-01T10:00:-1Z",
                                      "2025-02-29",
                                      "2026-01-01T10:00:00+-1:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t t = 0;
        assert_int_equal(rc_time_parse(&t, bad[i]), RC_EINVALID);
        assert_non_null(strstr(rc_error_last(), bad[i]));
    }
    int64_t t = 0;
    assert_int_equal(rc_time_parse(&t, "2024-02-29T23:59:59Z"), 0);
    assert_int_equal(t, 1709251199);
    assert_int_equal(rc_time_parse(&t, "2026-03-01"), 0);
    assert_int_equal(t, 1772323200);
}

/* Everything a snapshot gives equals what the libgit2 load gave: values
 * with escapes, multi-valued keys, subsections, origins, warnings, the
 * remote URL; -c still applies on top; a changed file makes it unusable. */
static void test_snapshot_round_trip(void **state)
{
    (void)state;
    fx *f = fx_new("[relcap]\n\tnotAKey = \"tab\\there\\nnew line; \\\"q\\\"\"\n"
                   "\teol = releases/v0.1\n[relcap \"node.H100-A\"]\n\tkind = cuda\n"
                   "[user]\n\tname = Cap Tain\n",
                   "[relcap]\n\tmainBranch = trunk\n\teol = releases/v0.2\n"
                   "[remote \"up\"]\n\turl = https://github.com/o/r.git\n",
                   "[relcap]\n\tremote = up\n");
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, f->home);
    char *xdg = rc_xasprintf("%s/xdg", f->home);
    git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, xdg);
    free(xdg);
    usleep(150 * 1000); /* files changed within 100 ms are not snapshotted */
    git_repository *repo = NULL;
    assert_int_equal(git_repository_open(&repo, f->env.wd), 0);
    rc_repo_paths where;
    assert_int_equal(rc_repo_find(&where, f->env.wd), 0);
    rc_config *a = NULL, *b = NULL;
    assert_int_equal(rc_config_open(&a, repo, NULL, 0), 0);
    rc_config_snapshot_save(a, &where);
    const char *over[] = {"relcap.maintainedMinors=5"};
    assert_int_equal(rc_config_open_snapshot(&b, &where, over, 1), 0);
    static const char *const keys[] = {"relcap.notAKey", "relcap.mainBranch",
                                       "relcap.remote",  "relcap.node.H100-A.kind",
                                       "relcap.author",  NULL};
    for (const char *const *k = keys; *k; k++) {
        const char *va = NULL, *vb = NULL;
        assert_int_equal(rc_config_string(&va, a, *k), 0);
        assert_int_equal(rc_config_string(&vb, b, *k), 0);
        assert_string_equal(va, vb);
        assert_string_equal(rc_config_origin(a, *k), rc_config_origin(b, *k));
    }
    const char *v = NULL;
    rc_config_string(&v, b, "relcap.notAKey");
    assert_string_equal(v, "tab\there\nnew line; \"q\"");
    long n = 0;
    assert_int_equal(rc_config_int(&n, b, "relcap.maintainedMinors"), 0);
    assert_int_equal(n, 5);
    const char *const *ma, *const *mb;
    size_t na, nb;
    rc_config_multi(&ma, &na, a, "relcap.eol");
    rc_config_multi(&mb, &nb, b, "relcap.eol");
    assert_int_equal(na, 2);
    assert_int_equal(nb, na);
    for (size_t i = 0; i < na; i++)
        assert_string_equal(ma[i], mb[i]);
    rc_config_subsections(&mb, &nb, b, "node");
    assert_int_equal(nb, 1);
    assert_string_equal(mb[0], "H100-A");
    assert_int_equal(rc_config_warning_count(b), rc_config_warning_count(a));
    assert_string_equal(rc_config_warning(b, 0), rc_config_warning(a, 0));
    assert_string_equal(rc_config_remote_url(b, "up"), "https://github.com/o/r.git");
    rc_config_free(b);
    /* the committed .relcap changed: the snapshot no longer holds */
    char *p = rc_xasprintf("%s/.relcap", f->env.wd);
    tu_write(p, "[relcap]\n\tremote = origin\n");
    free(p);
    assert_int_equal(rc_config_open_snapshot(&b, &where, NULL, 0), RC_ENOTFOUND);
    rc_error_clear();
    rc_config_free(a);
    rc_repo_paths_free(&where);
    git_repository_free(repo);
    fx_free(f);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_levels), cmocka_unit_test(test_unknown_key_warns),
        cmocka_unit_test(test_bad_values), cmocka_unit_test(test_cache_path),
        cmocka_unit_test(test_time_parse_refuses), cmocka_unit_test(test_snapshot_round_trip))
