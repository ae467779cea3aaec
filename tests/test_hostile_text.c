/* Untrusted text through the release commands: commit subjects and PR
 * data (title, logins, tracker) holding ESC sequences, OSC titles, BEL and
 * C1 controls (as UTF-8 and as raw bytes) go through `relcap sync` (with
 * the loopback GitHub server), then out of `relcap diff`, `relcap notes`,
 * `relcap gh report --dry-run`, `relcap pick show` and `relcap picks`:
 * the text arrives (its visible part is printed) and no control reaches
 * the terminal. The report is JSON inside the dry run, where cJSON escapes
 * C0 but not C1: only the CLI's sanitizer stands between it and the
 * terminal. None of these commands sends anything but GETs. */
#include "tests/testutil.h"
#include "tests/ghserver.h"

#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define T0 1762000000 /* 2025-11-01 */
#define REPO "/repos/OWNER/REPO"
/* every hostile text carries a visible word, so a test cannot pass by
 * printing nothing */
#define EVIL_SUBJECT                                                                               \
    "\x1b]0;pwned\x07[Bugfix] visible-101 \xc2\x9b"                                                \
    "2J\x1b[31mred\xc2\x85 \x9b"                                                                   \
    "2Jraw\x07 (#101)"
#define EVIL_TITLE                                                                                 \
    "\xc2\x9d"                                                                                     \
    "0;pwned\xc2\x9c title-101 \x1b[2J\x1b[5mblink\x08\x7f"
#define EVIL_LOGIN                                                                                 \
    "dev\xc2\x9b"                                                                                  \
    "2J-login"

typedef struct {
    tu_env env; /* the repository DIR/repo and the cache file DIR/cache.db */
    char *api;
    ghs_server *srv;
} fx;

static void routes(ghs_server *s)
{
    ghs_get(s, REPO "/pulls/101", NULL,
            "{\"number\": 101, \"state\": \"closed\", \"title\": \"" EVIL_TITLE "\", "
            "\"user\": {\"login\": \"" EVIL_LOGIN "\"}, \"merged_at\": "
            "\"2025-11-01T01:00:00Z\", \"merge_commit_sha\": null, \"base\": {\"ref\": "
            "\"main\"}, \"labels\": [{\"name\": \"bug\\u001b[2J\"}]}");
    ghs_add(s, &(ghs_route){.path = REPO "/pulls*", .body = "[]"});
    ghs_get(s, "/search/issues", NULL,
            "{\"total_count\": 1, \"items\": [{\"number\": 500, \"title\": \"[v0.1.0] Release "
            "Tracker\", \"state\": \"open\", \"user\": {\"login\": \"" EVIL_LOGIN "\"}, "
            "\"body\": \"Requests:\\n- [ ] #101 \\u001b]0;x\\u0007please\\n\", "
            "\"updated_at\": \"2025-11-06T00:00:00Z\"}]}");
    ghs_get(s, REPO "/issues/500/comments", NULL, "[]");
    ghs_get(s, "/user", NULL, "{\"login\": \"" EVIL_LOGIN "\"}");
    ghs_add(s, &(ghs_route){.path = REPO "/collaborators/*",
                            .body = "{\"permission\": \"write\", \"role_name\": \"write\"}"});
}

/* main: the hostile fix (#101) and another; releases/v0.1.0 picks the fix
 * with -x; tags v0.0.9 (the cut) and v0.1.0rc1 (the pick). */
static void make(fx *f)
{
    tu_env_init(&f->env);
    git_repository *repo = tu_env_repo(&f->env, "repo", false);
    f->env.dbpath = tu_env_path(&f->env, "cache.db"); /* relcap creates it */
    const char *f0[] = {"README", "hello\n", "vllm/version.py", "__version__ = '0.1.0'\n", NULL};
    git_oid base = tu_commit(repo, "refs/heads/main", "initial", T0, f0);
    const char *f1[] = {"a.py", "fixed\n", NULL};
    git_oid fix =
        tu_commit(repo, "refs/heads/main", EVIL_SUBJECT "\n\nbody \x1b[H\xc2\x9b", T0 + 60, f1);
    const char *f2[] = {"b.py", "later\n", NULL};
    tu_commit(repo, "refs/heads/main",
              "[Misc] later \xc2\x9d"
              "0;x\xc2\x9c (#102)",
              T0 + 120, f2);
    tu_branch(repo, "releases/v0.1.0", &base);
    tu_tag(repo, "v0.0.9", &base, true);
    char *msg = rc_xasprintf(EVIL_SUBJECT "\n\n(cherry picked from commit %s)", tu_hex(&fix));
    git_oid pick = tu_commit(repo, "refs/heads/releases/v0.1.0", msg, T0 + 180, f1);
    free(msg);
    tu_tag(repo, "v0.1.0rc1", &pick, true);
    f->srv = ghs_start();
    routes(f->srv);
    f->api = rc_xasprintf("relcap.githubApi=%s", ghs_url(f->srv));
}

static void destroy(fx *f)
{
    ghs_stop(f->srv);
    tu_env_clear(&f->env);
    free(f->api);
}

/* Runs relcap on the fixture; it must succeed, print `visible` and no control. */
static void clean(fx *f, const char *visible, const char *const *args)
{
    const char *argv[32] = {"-C",   f->env.wd,
                            "--db", f->env.dbpath,
                            "-c",   f->api,
                            "-c",   "relcap.github=OWNER/REPO",
                            "-c",   "relcap.author=\x1b[2Jcap\xc2\x9b"};
    size_t n = 10;
    for (const char *const *a = args; *a && n < 31; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    const char *env[] = {"GH_TOKEN=ghp_hostile", "RELCAP_NOW=2025-11-12T10:00:00Z", NULL};
    tu_result r = tu_relcap(f->env.dir, NULL, env, argv);
    char *what = rc_xasprintf("relcap %s %s", args[0], args[1] ? args[1] : "");
    if (r.status != 0)
        fail_msg("%s: exit %d: %s", what, r.status, r.err);
    tu_no_controls(what, r.out);
    tu_no_controls(what, r.err);
    if (visible && !strstr(r.out, visible))
        fail_msg("%s does not print %s:\n%s", what, visible, r.out);
    free(what);
    tu_result_free(&r);
}

static void test_release_texts(void **state)
{
    fx f;
    make(&f);
    clean(&f, NULL, (const char *[]){"sync", "--no-fetch", NULL});
    clean(&f, "visible-101", (const char *[]){"diff", "v0.0.9", "v0.1.0rc1", NULL});
    clean(&f, "visible-101", (const char *[]){"notes", "v0.1.0rc1", "--from", "v0.0.9", NULL});
    clean(&f, "visible-101", (const char *[]){"gh", "report", "0.1.0", "--dry-run", NULL});
    clean(&f, "visible-101", (const char *[]){"picks", "releases/v0.1.0", "--all", NULL});
    clean(&f, "visible-101", (const char *[]){"where", "#101", NULL});
    clean(&f, "visible-101", (const char *[]){"pick", "show", "#101", NULL});
    /* README: only the gh commands write to GitHub, and a dry run sends nothing */
    assert_true(ghs_count(f.srv) > 0);
    for (size_t i = 0; i < ghs_count(f.srv); i++)
        if (strcmp(ghs_request_at(f.srv, i)->method, "GET") != 0)
            fail_msg("relcap sent %s %s", ghs_request_at(f.srv, i)->method,
                     ghs_request_at(f.srv, i)->path);
    destroy(&f);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_release_texts))
