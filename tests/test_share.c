/* Sharing the release state, on the demo history and the loopback GitHub
 * server: `relcap diff` against the planted picks and reverts and the git
 * CLI, `relcap notes` against groups and contributors computed here from
 * `git log`, and the team round trip: captain A approves and reports (POST,
 * then PATCH of the same comment), captain B in another clone with another
 * database syncs and sees A's decision with A's name, writes from people
 * without write access and malformed blocks are refused by name, and every
 * GitHub error of a report is a clear message with nothing stored. */
#include "tests/testutil.h"
#include "tests/ghserver.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/github/report.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOKEN "ghp_SHAREtoken0123456789abcdefSECRET"
#define REPO "/repos/OWNER/REPO"
#define BRANCH "releases/v0.9.2"

static char *g_root, *g_demo; /* one demo for the whole file (built once: ~6 s) */
static cJSON *g_planted;

static int group_setup(void **state)
{
    g_root = tu_mkdtemp();
    g_demo = rc_xasprintf("%s/a", g_root);
    tu_result r = tu_relcap(NULL, NULL, NULL,
                            (const char *[]){"demo", "--no-ui", "--seed", "1", g_demo, NULL});
    if (r.status != 0)
        fprintf(stderr, "demo: %s\n", r.err);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    char *p = rc_xasprintf("%s/.relcap-demo/planted.json", g_demo), *text = NULL;
    assert_int_equal(rc_file_read(&text, NULL, p), 0);
    g_planted = cJSON_Parse(text);
    assert_non_null(g_planted);
    free(text);
    free(p);
    return 0;
}

static int group_teardown(void **state)
{
    cJSON_Delete(g_planted);
    tu_rmtree(g_root);
    free(g_root);
    free(g_demo);
    return 0;
}

static const char *planted(const char *name, const char *field)
{
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(g_planted, "cases"), name);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, field);
    if (!cJSON_IsString(v))
        fail_msg("planted.json has no %s.%s", name, field);
    return v->valuestring;
}

static cJSON *run_json(const char *dir, const char *const *argv)
{
    tu_result r = tu_relcap(dir, NULL, NULL, argv);
    if (r.status != 0)
        fprintf(stderr, "%s: %s\n", argv[0], r.err);
    assert_int_equal(r.status, 0);
    cJSON *doc = cJSON_Parse(r.out);
    assert_non_null(doc);
    tu_result_free(&r);
    return doc;
}

static char *git_out(const char *dir, const char *const *argv)
{
    tu_result r = tu_run(dir, NULL, NULL, argv);
    assert_int_equal(r.status, 0);
    char *out = r.out;
    r.out = NULL;
    tu_result_free(&r);
    return out;
}

static bool has_sha(const cJSON *arr, const char *field, const char *sha)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, field);
        if (cJSON_IsString(v) && strcmp(v->valuestring, sha) == 0)
            return true;
    }
    return false;
}

/* Every commit of the range is listed exactly once, as git counts them. */
static void assert_range_covered(const cJSON *d, const char *a, const char *b)
{
    char *range = rc_xasprintf("%s..%s", a, b);
    char *out = git_out(g_demo, (const char *[]){"git", "rev-list", range, NULL});
    size_t listed = 0, lines = 0;
    const char *keys[] = {"picks", "reverts", "branch_only"};
    for (int k = 0; k < 3; k++)
        listed += (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, keys[k]));
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        lines++;
        bool found = false;
        for (int k = 0; k < 3 && !found; k++)
            found = has_sha(cJSON_GetObjectItemCaseSensitive(d, keys[k]), "sha", line);
        if (!found)
            fail_msg("%s of %s is not listed", line, range);
    }
    assert_int_equal(listed, lines);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(d, "main_commits")->valuedouble, 0);
    free(out);
    free(range);
}

static void assert_pick(const cJSON *picks, const char *name)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, picks)
    {
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(e, "sha");
        if (strcmp(sha->valuestring, planted(name, "sha")) != 0)
            continue;
        const cJSON *orig = cJSON_GetObjectItemCaseSensitive(e, "original");
        if (strcmp(name, "evidence.fix-other-pr") == 0) /* 'Fix #N' does not make it N's pick */
            assert_string_not_equal(orig->valuestring, planted(name, "orig"));
        else
            assert_string_equal(orig->valuestring, planted(name, "orig"));
        return;
    }
    fail_msg("planted pick %s is missing", name);
}

static void test_diff_rc2_rc3(void **state)
{
    cJSON *d = run_json(g_demo, (const char *[]){"diff", "v0.9.2rc3", "--json", NULL});
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(d, "from")->valuestring, "v0.9.2rc2");
    const cJSON *picks = cJSON_GetObjectItemCaseSensitive(d, "picks");
    static const char *const want[] = {
        "pick.original-pr",        "pick.cherry-pick-from", "pick.backport", "pick.prefix-version",
        "pick.prefix-cherry-pick", "pick.prefix-branch",    "pick.kept-pr",  "pick.same-content"};
    assert_int_equal(cJSON_GetArraySize(picks), 8);
    for (size_t i = 0; i < 8; i++)
        assert_pick(picks, want[i]);
    const cJSON *reverts = cJSON_GetObjectItemCaseSensitive(d, "reverts");
    assert_int_equal(cJSON_GetArraySize(reverts), 2);
    assert_true(has_sha(reverts, "sha", planted("revert.followed.branch", "sha")));
    assert_true(has_sha(reverts, "sha", planted("revert.pr-reference.branch", "sha")));
    /* it undoes the change whose pick revert.followed.branch names */
    assert_true(has_sha(reverts, "reverts", planted("revert.followed", "orig")));
    const cJSON *only = cJSON_GetObjectItemCaseSensitive(d, "branch_only");
    assert_int_equal(cJSON_GetArraySize(only), 2);
    const cJSON *e;
    cJSON_ArrayForEach(e, only)
    {
        bool feature = strcmp(cJSON_GetObjectItemCaseSensitive(e, "sha")->valuestring,
                              planted("violation.feature", "sha")) == 0;
        assert_int_equal(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "violation")), feature);
    }
    assert_true(has_sha(only, "sha", planted("docs.conflict-markers", "sha")));
    assert_range_covered(d, "v0.9.2rc2", "v0.9.2rc3");
    cJSON_Delete(d);
}

static void test_diff_rc1_rc2(void **state)
{
    cJSON *d = run_json(g_demo, (const char *[]){"diff", "v0.9.2-rc1", "0.9.2rc2", "--json", NULL});
    const cJSON *picks = cJSON_GetObjectItemCaseSensitive(d, "picks");
    static const char *const want[] = {"pick.x-trailer",     "pick.same-subject",
                                       "pick.from",          "evidence.fix-other-pr",
                                       "revert.needed.pick", "bisect.first-bad"};
    assert_int_equal(cJSON_GetArraySize(picks), 8);
    for (size_t i = 0; i < 6; i++)
        assert_pick(picks, want[i]);
    /* the picks that rc3 reverts */
    assert_true(has_sha(picks, "sha", planted("revert.followed.branch", "orig")));
    assert_true(has_sha(picks, "sha", planted("revert.pr-reference.branch", "orig")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(d, "reverts")), 0);
    assert_range_covered(d, "v0.9.2-rc1", "v0.9.2rc2");
    cJSON_Delete(d);

    tu_result r = tu_relcap(g_demo, NULL, NULL, (const char *[]){"diff", "v9.9.9", NULL});
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "no tag 'v9.9.9'"));
    tu_result_free(&r);
}

/* ---- notes: the oracle is git log, grouped here ---- */

static bool release_prefix(const char *w, size_t n)
{
    if (n && (w[0] == 'v' || (w[0] >= '0' && w[0] <= '9')))
        return true;
    char *s = rc_ascii_lower_str(rc_xstrndup(w, n));
    bool r = strstr(s, "release") || strstr(s, "cherry") || strstr(s, "backport");
    free(s);
    return r;
}

static char *prefix(const char *subject)
{
    const char *s = subject;
    while (*s == '[') {
        const char *close = strchr(s, ']');
        if (!close)
            break;
        if (!release_prefix(s + 1, (size_t)(close - s - 1)))
            return rc_xstrndup(s + 1, (size_t)(close - s - 1));
        s = close + 1;
        while (*s == ' ')
            s++;
    }
    return rc_xstrdup("");
}

typedef struct {
    char sha[41], *email, *subject, reverts[41];
    bool gone;
} logc;

static void test_notes_groups(void **state)
{
    char *out = git_out(g_demo, (const char *[]){"git", "log", "--format=%H%x1f%ae%x1f%s%x1f%b%x1e",
                                                 "v0.9.1..v0.9.2rc3", NULL});
    logc v[400];
    size_t n = 0;
    for (char *rec = strtok(out, "\x1e"); rec && n < 400; rec = strtok(NULL, "\x1e")) {
        while (*rec == '\n')
            rec++;
        if (!*rec)
            continue;
        char *f[4] = {rec, NULL, NULL, NULL};
        for (int k = 1; k < 4; k++) {
            f[k] = strchr(f[k - 1], '\x1f');
            assert_non_null(f[k]);
            *f[k]++ = '\0';
        }
        logc *c = &v[n++];
        memset(c, 0, sizeof *c);
        snprintf(c->sha, sizeof c->sha, "%s", f[0]);
        c->email = f[1];
        c->subject = f[2];
        const char *rv = strstr(f[3], "This reverts commit ");
        if (rv)
            snprintf(c->reverts, sizeof c->reverts, "%.40s", rv + 20);
    }
    /* a revert inside the range cancels its target */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n && v[i].reverts[0]; j++)
            if (strcmp(v[j].sha, v[i].reverts) == 0)
                v[i].gone = v[j].gone = true;
    cJSON *want = cJSON_CreateObject();
    char *emails[400];
    size_t nemails = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].gone)
            continue;
        total++;
        char *p = prefix(v[i].subject);
        cJSON *cnt = cJSON_GetObjectItemCaseSensitive(want, p);
        if (cnt)
            cJSON_SetNumberValue(cnt, cnt->valuedouble + 1);
        else
            cJSON_AddNumberToObject(want, p, 1);
        free(p);
        bool seen = false;
        for (size_t k = 0; k < nemails && !seen; k++)
            seen = strcmp(emails[k], v[i].email) == 0;
        if (!seen)
            emails[nemails++] = v[i].email;
    }
    assert_true(total > 30);

    cJSON *d = run_json(g_demo, (const char *[]){"notes", "v0.9.2rc3", "--json", NULL});
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(d, "from")->valuestring, "v0.9.1");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(d, "prs")->valuedouble, total);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(d, "contributors")->valuedouble, nemails);
    const cJSON *g;
    int ngroups = 0;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(d, "groups"))
    {
        const char *p = cJSON_GetObjectItemCaseSensitive(g, "prefix")->valuestring;
        const cJSON *cnt = cJSON_GetObjectItemCaseSensitive(want, p);
        if (!cnt)
            fail_msg("group [%s] is not in git log", p);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(g, "entries")),
                         cnt->valuedouble);
        ngroups++;
    }
    assert_int_equal(ngroups, cJSON_GetArraySize(want));
    /* deterministic: the same bytes twice */
    tu_result a = tu_relcap(g_demo, NULL, NULL, (const char *[]){"notes", "v0.9.2rc3", NULL});
    tu_result b = tu_relcap(g_demo, NULL, NULL, (const char *[]){"notes", "v0.9.2rc3", NULL});
    assert_string_equal(a.out, b.out);
    assert_non_null(strstr(a.out, "### Bug fixes\n"));
    tu_result_free(&a);
    tu_result_free(&b);
    cJSON_Delete(d);
    cJSON_Delete(want);
    free(out);
}

/* A first-time contributor (no commit before FROM) on a new RC of a clone. */
static void test_notes_first_time(void **state)
{
    char *dir = rc_xasprintf("%s/first", g_root);
    free(git_out(NULL, (const char *[]){"git", "clone", "-q", g_demo, dir, NULL}));
    free(git_out(dir,
                 (const char *[]){"git", "checkout", "-q", "-b", BRANCH, "origin/" BRANCH, NULL}));
    char *file = rc_xasprintf("%s/NEWS.md", dir);
    tu_write(file, "news\n");
    free(file);
    free(git_out(dir, (const char *[]){"git", "add", "NEWS.md", NULL}));
    free(git_out(dir, (const char *[]){"git", "-c", "user.name=Nova Newcomer", "-c",
                                       "user.email=nova@example.org", "commit", "-q", "-m",
                                       "[Doc] Add NEWS.md (#99001)", NULL}));
    free(git_out(dir, (const char *[]){"git", "tag", "v0.9.2rc4", NULL}));
    tu_result r = tu_relcap(dir, NULL, NULL,
                            (const char *[]){"sync", "--no-fetch", "--git-only", "--quiet", NULL});
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
    cJSON *d = run_json(dir, (const char *[]){"-c", "relcap.github=OWNER/REPO", "notes",
                                              "v0.9.2rc4", "--from", "v0.9.2rc3", "--json", NULL});
    /* the new commit and the docs pick made after rc3 (docs.policy.pick) */
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(d, "prs")->valuedouble, 2);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(d, "contributors")->valuedouble, 2);
    const cJSON *ft = cJSON_GetObjectItemCaseSensitive(d, "first_time");
    assert_int_equal(cJSON_GetArraySize(ft), 1);
    assert_string_equal(cJSON_GetArrayItem(ft, 0)->valuestring, "Nova Newcomer");
    const cJSON *g, *e;
    bool found = false;
    cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(d, "groups"))
    {
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(g, "entries"))
        {
            if (cJSON_GetObjectItemCaseSensitive(e, "pr")->valuedouble != 99001)
                continue;
            found = true;
            assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "first_time")));
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(e, "url")->valuestring,
                                "https://github.com/OWNER/REPO/pull/99001");
            assert_string_equal(cJSON_GetObjectItemCaseSensitive(g, "title")->valuestring,
                                "Documentation");
        }
    }
    assert_true(found);
    cJSON_Delete(d);
    tu_rmtree(dir);
    free(dir);
}

/* ---- the team round trip over the loopback server ---- */

typedef struct {
    ghs_server *srv;
    char *api;
} gh_fx;

static void base_routes(ghs_server *s, const char *comments)
{
    ghs_get(s, REPO "/pulls/10289", NULL,
            "{\"number\": 10289, \"state\": \"closed\", \"title\": \"Fix prompt logprobs\","
            " \"user\": {\"login\": \"dev\"}, \"merged_at\": \"2026-11-01T00:00:00Z\","
            " \"merge_commit_sha\": null, \"base\": {\"ref\": \"main\"}, \"labels\": []}");
    ghs_add(s, &(ghs_route){.path = REPO "/pulls*", .body = "[]"});
    ghs_get(s, "/search/issues", NULL,
            "{\"total_count\": 1, \"items\": [{\"number\": 500, \"title\": \"[v0.9.2] Release "
            "Tracker\", \"state\": \"open\", \"user\": {\"login\": \"alice\"}, \"body\": "
            "\"Requests:\\n- [ ] #10289\\n\", \"updated_at\": \"2026-11-06T00:00:00Z\"}]}");
    ghs_get(s, REPO "/issues/500/comments", NULL, comments);
    ghs_get(s, "/user", NULL, "{\"login\": \"alice\"}");
    ghs_get(s, REPO "/collaborators/alice/permission", NULL,
            "{\"permission\": \"write\", \"role_name\": \"write\"}");
    ghs_get(s, REPO "/collaborators/carol/permission", NULL,
            "{\"permission\": \"admin\", \"role_name\": \"admin\"}");
    ghs_get(s, REPO "/collaborators/mallory/permission", NULL,
            "{\"permission\": \"read\", \"role_name\": \"triage\"}");
    ghs_add(s, &(ghs_route){.method = "POST",
                            .path = REPO "/issues/500/comments",
                            .status = 201,
                            .body = "{\"id\": 7001, \"html_url\": "
                                    "\"https://github.com/OWNER/REPO/issues/500#c7001\"}"});
    ghs_add(s, &(ghs_route){.method = "PATCH",
                            .path = REPO "/issues/comments/7001",
                            .body = "{\"id\": 7001, \"html_url\": "
                                    "\"https://github.com/OWNER/REPO/issues/500#c7001\"}"});
}

/* relcap in dir with its own database, the loopback API and an author. */
static tu_result captain(gh_fx *g, const char *dir, const char *author, const char *const *args)
{
    char *db = rc_xasprintf("%s/.git/captain.db", dir);
    char *au = rc_xasprintf("relcap.author=%s", author);
    const char *argv[32] = {"--db", db,
                            "-c",   g->api,
                            "-c",   "relcap.github=OWNER/REPO",
                            "-c",   au,
                            "-c",   "relcap.githubRetries=0"};
    size_t n = 10;
    for (const char *const *a = args; *a && n < 31; a++)
        argv[n++] = *a;
    argv[n] = NULL;
    const char *env[] = {"GH_TOKEN=" TOKEN, "RELCAP_NOW=2026-11-12T10:00:00Z", NULL};
    tu_result r = tu_relcap(dir, NULL, env, argv);
    assert_null(strstr(r.out, TOKEN));
    assert_null(strstr(r.err, TOKEN));
    free(db);
    free(au);
    return r;
}

static void ok(tu_result r)
{
    if (r.status != 0)
        fprintf(stderr, "relcap: %s%s\n", r.out, r.err);
    assert_int_equal(r.status, 0);
    tu_result_free(&r);
}

/* The comments list GitHub would answer: the report A posted, as alice. */
static char *comments_with(const char *posted_json, const char *extra)
{
    cJSON *posted = cJSON_Parse(posted_json);
    assert_non_null(posted);
    cJSON *arr = cJSON_CreateArray(), *c = cJSON_CreateObject();
    cJSON_AddNumberToObject(c, "id", 7001);
    cJSON_AddItemToObject(cJSON_AddObjectToObject(c, "user"), "login", cJSON_CreateString("alice"));
    cJSON_AddStringToObject(c, "body",
                            cJSON_GetObjectItemCaseSensitive(posted, "body")->valuestring);
    cJSON_AddItemToArray(arr, c);
    char *list = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    cJSON_Delete(posted);
    if (!extra)
        return list;
    list[strlen(list) - 1] = '\0';
    char *both = rc_xasprintf("%s, %s]", list, extra);
    free(list);
    return both;
}

static const ghs_request *last(ghs_server *s, const char *method)
{
    for (size_t i = ghs_count(s); i-- > 0;)
        if (strcmp(ghs_request_at(s, i)->method, method) == 0)
            return ghs_request_at(s, i);
    fail_msg("no %s request", method);
    return NULL;
}

static const cJSON *field(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    assert_non_null(v);
    return v;
}

/* The comments list answered from now on; extra user routes go first. */
static void serve(gh_fx *g, const char *posted, const char *extra, const ghs_route *user)
{
    char *list = comments_with(posted, extra);
    ghs_clear_routes(g->srv);
    if (user)
        ghs_add(g->srv, user);
    base_routes(g->srv, list);
    free(list);
}

static cJSON *show_json(gh_fx *g, const char *dir)
{
    tu_result r =
        captain(g, dir, "bob",
                (const char *[]){"pick", "show", "#10289", "--branch", BRANCH, "--json", NULL});
    assert_int_equal(r.status, 0);
    cJSON *d = cJSON_Parse(r.out);
    assert_non_null(d);
    tu_result_free(&r);
    return d;
}

/* Captain A approves and reports: POST, then PATCH of the same comment
 * (also when the token cannot read /user). Returns the posted JSON body. */
static char *a_reports(gh_fx *g, const char *a)
{
    ok(captain(g, a, "alice", (const char *[]){"sync", "--no-fetch", NULL}));
    ok(captain(g, a, "alice",
               (const char *[]){"pick", "approve", "#10289", "--branch", BRANCH, "--note",
                                "needed for rc4 --> <b>ship</b>", NULL}));
    tu_result r = captain(g, a, "alice", (const char *[]){"gh", "report", "0.9.2", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "created the report on tracker #500 (comment 7001)"));
    tu_result_free(&r);
    assert_int_equal(ghs_count_matching(g->srv, "POST", REPO "/issues/500/comments", NULL, 201), 1);
    char *posted = rc_xstrdup(last(g->srv, "POST")->body);
    assert_non_null(strstr(posted, RC_REPORT_MARKER));
    assert_non_null(strstr(posted, "| #10289 | alice | approve (alice) | pending |"));
    /* the second report edits the same comment: PATCH, never a new one */
    serve(g, posted, NULL, NULL);
    ok(captain(g, a, "alice", (const char *[]){"gh", "report", "0.9.2", NULL}));
    assert_int_equal(ghs_count_matching(g->srv, "PATCH", REPO "/issues/comments/7001", NULL, 0), 1);
    assert_int_equal(ghs_count_matching(g->srv, "POST", NULL, NULL, 0), 1);
    /* an installation token cannot read /user: the block's captain tells which comment */
    serve(g, posted, NULL,
          &(ghs_route){.path = "/user",
                       .status = 403,
                       .body = "{\"message\": \"Resource not accessible by integration\"}"});
    ok(captain(g, a, "alice", (const char *[]){"gh", "report", "0.9.2", NULL}));
    assert_int_equal(ghs_count_matching(g->srv, "PATCH", REPO "/issues/comments/7001", NULL, 0), 2);
    assert_int_equal(ghs_count_matching(g->srv, "POST", NULL, NULL, 0), 1);
    return posted;
}

/* Captain B syncs (a reader's block and a writer's broken one refused by
 * name) and sees A's decision with A's name. */
static void b_imports(gh_fx *g, const char *b, const char *posted)
{
    char *extra = rc_xasprintf(
        "{\"id\": 7002, \"user\": {\"login\": \"mallory\"}, \"body\": \"%s\\n%s\\n"
        "{\\\"relcap_decisions\\\": 1, \\\"captain\\\": \\\"mallory\\\", \\\"decisions\\\": "
        "[{\\\"branch\\\": \\\"%s\\\", \\\"sha\\\": \\\"%s\\\", \\\"decision\\\": \\\"reject\\\","
        " \\\"author\\\": \\\"mallory\\\", \\\"at\\\": \\\"2030-01-01T00:00:00Z\\\"}]}\\n-->\"},"
        "{\"id\": 7003, \"user\": {\"login\": \"carol\"}, \"body\": \"%s\\n%s\\n{\\\"relcap_"
        "decisions\\\": 1, \\\"captain\\\": \\\"carol\\\", \\\"decisions\\\": [{\\\"sha\\\": "
        "\\\"zz\\u001b[2J\\\"}]}\\n-->\"}",
        RC_REPORT_MARKER, RC_REPORT_BLOCK_OPEN, BRANCH, planted("pending.bugfix", "sha"),
        RC_REPORT_MARKER, RC_REPORT_BLOCK_OPEN);
    serve(g, posted, extra, NULL);
    free(extra);
    tu_result r = captain(g, b, "bob", (const char *[]){"sync", "--no-fetch", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "comment 7002: @mallory has no write access"));
    assert_non_null(strstr(r.err, "comment 7003 by @carol: decisions block skipped"));
    assert_non_null(strstr(r.err, "1 imported"));
    assert_null(strchr(r.err, '\x1b'));
    tu_result_free(&r);
    cJSON *d = show_json(g, b);
    assert_string_equal(field(d, "decision")->valuestring, "approve");
    assert_string_equal(field(d, "decided_by")->valuestring, "alice");
    assert_string_equal(field(d, "note")->valuestring, "needed for rc4 --> <b>ship</b>");
    assert_int_equal(cJSON_GetArraySize(field(d, "history")), 1);
    cJSON_Delete(d);
}

/* B disagrees within the day: shown in pick show and in the cockpit. */
static void b_disagrees(gh_fx *g, const char *b)
{
    /* a second sync imports nothing twice */
    ok(captain(g, b, "bob", (const char *[]){"sync", "--no-fetch", "--quiet", NULL}));
    ok(captain(g, b, "bob",
               (const char *[]){"pick", "reject", "#10289", "--branch", BRANCH, NULL}));
    tu_result r =
        captain(g, b, "bob", (const char *[]){"pick", "show", "#10289", "--branch", BRANCH, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "decision:  reject by bob"));
    assert_non_null(strstr(r.out, "DISAGREE:  alice approve"));
    assert_non_null(strstr(r.out, "vs bob reject"));
    tu_result_free(&r);
    cJSON *d = show_json(g, b);
    assert_int_equal(cJSON_GetArraySize(field(d, "history")), 2);
    assert_int_equal(cJSON_GetArraySize(field(d, "disagreements")), 1);
    cJSON_Delete(d);
    /* a rejected pick has action none: folded until z */
    r = captain(
        g, b, "bob",
        (const char *[]){"ui", "--snapshot", "160x50", "--keys", "3z/10289<Enter><Enter>", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "Disagreement: alice approve ("));
    tu_result_free(&r);
}

static void test_team_round_trip(void **state)
{
    gh_fx g = {.srv = ghs_start()};
    g.api = rc_xasprintf("relcap.githubApi=%s", ghs_url(g.srv));
    base_routes(g.srv, "[]");
    char *posted = a_reports(&g, g_demo);
    /* captain B: another clone, another database */
    char *b = rc_xasprintf("%s/b", g_root);
    free(git_out(NULL, (const char *[]){"git", "clone", "-q", g_demo, b, NULL}));
    b_imports(&g, b, posted);
    b_disagrees(&g, b);
    /* A's older decision does not win over B's newer one; B's report carries B's only */
    ok(captain(&g, b, "bob", (const char *[]){"sync", "--no-fetch", "--quiet", NULL}));
    serve(&g, posted, NULL, &(ghs_route){.path = "/user", .body = "{\"login\": \"bob\"}"});
    tu_result r =
        captain(&g, b, "bob", (const char *[]){"gh", "report", "0.9.2", "--dry-run", NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "(dry run: nothing was sent)"));
    assert_non_null(strstr(r.out, "| #10289 | alice | reject (bob) |"));
    assert_non_null(strstr(r.out, "POST "));
    assert_non_null(strstr(r.out, "\\\"author\\\":\\\"bob\\\""));
    assert_null(strstr(r.out, "\\\"author\\\":\\\"alice\\\""));
    tu_result_free(&r);
    free(posted);
    tu_rmtree(b);
    free(b);
    ghs_stop(g.srv);
    free(g.api);
}

static char *decisions_of(gh_fx *g)
{
    tu_result r = captain(g, g_demo, "alice", (const char *[]){"pick", "export", NULL});
    assert_int_equal(r.status, 0);
    char *out = r.out;
    r.out = NULL;
    tu_result_free(&r);
    return out;
}

/* Each refusal GitHub can give is a clear error, for the report and for the
 * other writes (gh comment, gh label); nothing is stored. */
static void test_report_errors(void **state)
{
    static const struct {
        int status;
        const char *headers, *body, *want;
    } cases[] = {
        {403, NULL, "{\"message\": \"Resource not accessible by integration\"}", "HTTP 403"},
        {404, NULL, "{\"message\": \"Not Found\"}", "404"},
        {422, NULL, "{\"message\": \"Validation Failed\"}", "HTTP 422"},
        {403, "X-RateLimit-Remaining: 0\nX-RateLimit-Reset: 4102444800\n",
         "{\"message\": \"API rate limit exceeded\"}", "rate limit"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        gh_fx g = {.srv = ghs_start()};
        g.api = rc_xasprintf("relcap.githubApi=%s", ghs_url(g.srv));
        static const char *const paths[] = {REPO "/issues/500/comments",
                                            REPO "/issues/10289/labels",
                                            REPO "/issues/10289/labels/backport"};
        for (int k = 0; k < 3; k++)
            ghs_add(g.srv, &(ghs_route){.method = k == 2 ? "DELETE" : "POST",
                                        .path = paths[k],
                                        .status = cases[i].status,
                                        .headers = cases[i].headers,
                                        .body = cases[i].body});
        base_routes(g.srv, "[]");
        if (i == 0)
            ok(captain(&g, g_demo, "alice", (const char *[]){"sync", "--no-fetch", NULL}));
        char *before = decisions_of(&g);
        static const char *const cmds[][6] = {
            {"gh", "report", "0.9.2", NULL},
            {"gh", "comment", "0.9.2", "--body", "picked", NULL},
            {"gh", "label", "10289", "add", "backport", NULL},
            {"gh", "label", "10289", "remove", "backport", NULL},
        };
        for (int k = 0; k < 4; k++) {
            tu_result r = captain(&g, g_demo, "alice", cmds[k]);
            if (r.status != 1 || !strstr(r.err, cases[i].want))
                fprintf(stderr, "case %zu/%d: %d %s\n", i, k, r.status, r.err);
            assert_int_equal(r.status, 1);
            assert_non_null(strstr(r.err, cases[i].want));
            assert_non_null(strstr(r.err, k == 3 ? "DELETE" : "POST"));
            tu_result_free(&r);
        }
        /* no write is retried, and nothing changed locally */
        assert_int_equal(ghs_count_matching(g.srv, "POST", NULL, NULL, 0), 3);
        assert_int_equal(ghs_count_matching(g.srv, "DELETE", NULL, NULL, 0), 1);
        char *after = decisions_of(&g);
        assert_string_equal(before, after);
        free(before);
        free(after);
        ghs_stop(g.srv);
        free(g.api);
    }
}

/* Hostile blocks: every malformed one is refused whole, with the reason. */
static void test_block_parse(void **state)
{
    static const struct {
        const char *body, *want;
    } bad[] = {
        {RC_REPORT_BLOCK_OPEN " {\"relcap_decisions\": 1, \"captain\": \"x\", \"decisions\": []",
         "not closed"},
        {RC_REPORT_BLOCK_OPEN " [1, 2] -->", "not a JSON object"},
        {RC_REPORT_BLOCK_OPEN " {\"relcap_decisions\": 2} -->", "version 1"},
        {RC_REPORT_BLOCK_OPEN " {\"relcap_decisions\": 1, \"captain\": \"a\\u0007\","
                              " \"decisions\": []} -->",
         "no captain"},
        {RC_REPORT_BLOCK_OPEN " {\"relcap_decisions\": 1, \"captain\": \"a\", \"decisions\": "
                              "[{\"branch\": \"b\", \"sha\": \"" BRANCH "\"}]} -->",
         "entry 1: sha"},
        {RC_REPORT_BLOCK_OPEN
         " {\"relcap_decisions\": 1, \"captain\": \"a\", \"decisions\": [{\"branch\": \"b\","
         " \"sha\": \"0123456789012345678901234567890123456789\", \"decision\": \"rm -rf\","
         " \"author\": \"a\", \"at\": \"2026-01-01T00:00:00Z\"}]} -->",
         "unknown decision"},
        {RC_REPORT_BLOCK_OPEN
         " {\"relcap_decisions\": 1, \"captain\": \"a\", \"decisions\": [{\"branch\": \"b\","
         " \"sha\": \"0123456789012345678901234567890123456789\", \"decision\": \"approve\","
         " \"author\": \"a\", \"at\": \"yesterday\"}]} -->",
         "ISO 8601"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        rc_report_block b;
        int r = rc_report_block_parse(&b, bad[i].body);
        if (r == 0 || !strstr(rc_error_last(), bad[i].want))
            fprintf(stderr, "case %zu: %d %s\n", i, r, rc_error_last());
        assert_true(r < 0);
        assert_non_null(strstr(rc_error_last(), bad[i].want));
    }
    rc_report_block b;
    assert_int_equal(rc_report_block_parse(&b, "no block here"), RC_ENOTFOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_parse),      cmocka_unit_test(test_diff_rc2_rc3),
        cmocka_unit_test(test_diff_rc1_rc2),     cmocka_unit_test(test_notes_groups),
        cmocka_unit_test(test_notes_first_time), cmocka_unit_test(test_team_round_trip),
        cmocka_unit_test(test_report_errors),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
