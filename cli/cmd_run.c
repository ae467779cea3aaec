/* relcap run start|list|log|cancel|refresh */
#include "core/base/error.h"
#include "core/runs/runs.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char cmd_run_usage[] =
    "usage: relcap run start NODE (TARGET | --tag T | --commit SHA | --branch B)\n"
    "                        [--test NAME]... [--model M] [--json]\n"
    "       relcap run list [--json] [--no-refresh]\n"
    "       relcap run log RUN [--follow]\n"
    "       relcap run cancel RUN\n"
    "       relcap run refresh [--json]\n"
    "\n"
    "Perf runs on the nodes of `relcap nodes`. TARGET is resolved as git does: a\n"
    "tag (any PEP 440 spelling), a branch, or a commit. start expands the node's command\n"
    "template ({commit} {branch} {tag} {release} {model} {test} {results} {run})\n"
    "into an argv and starts it; git values are arguments, never shell text, and\n"
    "on ssh, slurm and github nodes values outside A-Z a-z 0-9 . _ / + : @ = , -\n"
    "are refused. list polls the nodes of queued and running runs first (and\n"
    "imports what succeeded), then shows the recorded runs; --no-refresh lists\n"
    "the cache as it is.\n"
    "log prints the run's log; --follow keeps printing until the run ends and\n"
    "exits 0 only when it succeeded. cancel stops a run on its node. refresh\n"
    "polls every queued or running run and imports the results of those that\n"
    "succeeded into the benchmark store.\n";

static const rc_cmd *self(void)
{
    return rc_cmd_find("run");
}

static void add_time(cJSON *o, const char *k, int64_t t)
{
    if (!t) {
        cJSON_AddNullToObject(o, k);
        return;
    }
    char buf[21];
    rc_time_iso(buf, t);
    cJSON_AddStringToObject(o, k, buf);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *run_json(const rc_run *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    add_str(o, "node", r->node);
    add_str(o, "backend", r->backend);
    add_str(o, "kind", r->kind);
    add_str(o, "hardware", r->hardware);
    add_str(o, "commit", r->target_sha);
    add_str(o, "tag", r->target_tag);
    add_str(o, "branch", r->target_branch);
    cJSON *tests = r->tests ? cJSON_Parse(r->tests) : NULL;
    cJSON_AddItemToObject(o, "tests", tests ? tests : cJSON_CreateArray());
    cJSON_AddStringToObject(o, "state", rc_run_state_name(r->state));
    add_str(o, "remote_id", r->remote_id);
    add_time(o, "created_at", r->created_at);
    add_time(o, "started_at", r->started_at);
    add_time(o, "ended_at", r->ended_at);
    if (r->has_exit)
        cJSON_AddNumberToObject(o, "exit_code", r->exit_code);
    else
        cJSON_AddNullToObject(o, "exit_code");
    add_str(o, "log", r->log_path);
    add_str(o, "results_dir", r->results_dir);
    add_str(o, "reason", r->reason);
    cJSON *imp = r->imported ? cJSON_Parse(r->imported) : NULL;
    if (imp)
        cJSON_AddItemToObject(o, "imported", imp);
    else
        cJSON_AddNullToObject(o, "imported");
    return o;
}

static int parse_id(int64_t *id, const char *s)
{
    /* cmd_usage_error's non-zero return is not visible to the optimiser:
     * without this, gcc -O3 warns that the caller's id may be unset. */
    *id = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v <= 0)
        return cmd_usage_error(self(), "'%s' is not a run id (see relcap run list)", s);
    *id = v;
    return 0;
}

static int open_all(rc_ctx *ctx, git_repository **repo, rc_config **cfg, rc_db **db)
{
    int st = ctx_repo(ctx, repo);
    if (!st)
        st = ctx_config(ctx, cfg);
    if (!st)
        st = ctx_db(ctx, db);
    return st;
}

/* The commands on one run: its id from ids, then what open_all opens. */
static int open_run(rc_ctx *ctx, const char *ids, int64_t *id, git_repository **repo,
                    rc_config **cfg, rc_db **db)
{
    int st = parse_id(id, ids);
    return st ? st : open_all(ctx, repo, cfg, db);
}

static void print_run_line(const rc_run *r)
{
    const char *target = r->target_tag      ? r->target_tag
                         : r->target_branch ? r->target_branch
                         : r->target_sha    ? r->target_sha
                                            : "";
    char *t = rc_sanitize(target, false);
    char sha[13] = "";
    if (r->target_sha)
        snprintf(sha, sizeof sha, "%.12s", r->target_sha);
    char started[21] = "-";
    if (r->started_at)
        rc_time_iso(started, r->started_at);
    char code[16] = "-";
    if (r->has_exit)
        snprintf(code, sizeof code, "%d", r->exit_code);
    char *reason = rc_sanitize(r->reason ? r->reason : "", false);
    printf("%-5lld %-14s %-7s %-10s %-24s %-12s %-20s %-4s %s\n", (long long)r->id, r->node,
           r->backend, rc_run_state_name(r->state), t, sha, started, code, reason);
    free(t);
    free(reason);
}

typedef struct {
    rc_run_start_opts o;
    const char *node, *target;
    bool json;
} start_args;

/* argv into a; tests must hold argc entries. */
static int start_parse(start_args *a, const char **tests, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(s, "--tag") == 0 && has)
            a->o.tag = argv[++i];
        else if (strcmp(s, "--commit") == 0 && has)
            a->o.commit = argv[++i];
        else if (strcmp(s, "--branch") == 0 && has)
            a->o.branch = argv[++i];
        else if (strcmp(s, "--test") == 0 && has)
            tests[a->o.ntests++] = argv[++i];
        else if (strcmp(s, "--model") == 0 && has)
            a->o.model = argv[++i];
        else if (strcmp(s, "--json") == 0)
            a->json = true;
        else if (s[0] != '-' && !a->node)
            a->node = s;
        else if (s[0] != '-' && !a->target)
            a->target = s;
        else
            return cmd_usage_error(self(), "unexpected argument '%s'", s);
    }
    if (!a->node)
        return cmd_usage_error(self(), "run start needs a NODE (see relcap nodes)");
    if ((a->o.tag != NULL) + (a->o.commit != NULL) + (a->o.branch != NULL) + (a->target != NULL) !=
        1)
        return cmd_usage_error(self(),
                               "give exactly one TARGET, or one of --tag, --commit, --branch");
    a->o.tests = tests;
    return 0;
}

/* What a captain names: the run and the tag (else branch, else short
 * commit), or the run's JSON. */
static void start_print(const rc_run *r, bool json)
{
    if (json) {
        cmd_print_json(run_json(r));
        return;
    }
    printf("run %lld started on %s: %s%.10s (%s)\n", (long long)r->id, r->node,
           r->target_tag      ? r->target_tag
           : r->target_branch ? r->target_branch
                              : "",
           r->target_tag || r->target_branch ? ""
           : r->target_sha                   ? r->target_sha
                                             : "?",
           rc_run_state_name(r->state));
    printf("follow it: relcap run log %lld --follow\n", (long long)r->id);
}

static int run_start(rc_ctx *ctx, int argc, char **argv)
{
    start_args a;
    memset(&a, 0, sizeof a);
    char *owned = NULL;
    const char **tests = rc_xcalloc((size_t)argc + 1, sizeof *tests);
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    int64_t id = 0;
    rc_run r;
    int st = start_parse(&a, tests, argc, argv);
    if (!st)
        st = open_all(ctx, &repo, &cfg, &db);
    if (!st &&
        ((a.target && rc_runs_target_resolve(&a.o, &owned, db, repo, a.target) != 0) ||
         rc_runs_start(&id, db, repo, cfg, a.node, &a.o) != 0 || rc_runs_get(&r, db, id) != 0))
        st = cmd_fail();
    if (!st) {
        start_print(&r, a.json);
        rc_run_clear(&r);
    }
    free(tests);
    free(owned);
    return st;
}

static int run_list(rc_ctx *ctx, int argc, char **argv)
{
    bool json = false, refresh = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else if (strcmp(argv[i], "--no-refresh") == 0)
            refresh = false;
        else
            return cmd_usage_error(self(), "unexpected argument '%s'", argv[i]);
    }
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    rc_config *cfg;
    /* Polling needs the nodes (configuration) and the repository that
     * ctx_db found; a bare cache (--db outside a repository) lists what it
     * has. */
    if (refresh && ctx->repo && rc_runs_active_count(db) > 0 && ctx_config(ctx, &cfg) == 0)
        rc_runs_refresh(db, ctx->repo, cfg);
    rc_error_clear();
    rc_run *runs;
    size_t n;
    if (rc_runs_list(&runs, &n, db) != 0)
        return cmd_fail();
    if (json) {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(a, run_json(&runs[i]));
        cmd_print_json(a);
    } else if (n == 0) {
        printf("no runs yet (relcap run start NODE --tag T)\n");
    } else {
        printf("%-5s %-14s %-7s %-10s %-24s %-12s %-20s %-4s %s\n", "RUN", "NODE", "BACKEND",
               "STATE", "TARGET", "COMMIT", "STARTED", "EXIT", "REASON");
        for (size_t i = 0; i < n; i++)
            print_run_line(&runs[i]);
    }
    rc_runs_free(runs, n);
    return 0;
}

/* Prints bytes of a log safely; with `whole` false only complete lines,
 * returning how many bytes were consumed. */
static size_t print_log(const char *s, size_t len, bool whole)
{
    size_t use = len;
    if (!whole) {
        while (use > 0 && s[use - 1] != '\n')
            use--;
    }
    if (use == 0)
        return 0;
    char *chunk = rc_xstrndup(s, use);
    char *c = rc_sanitize(chunk, true);
    fputs(c, stdout);
    if (whole && use && s[use - 1] != '\n')
        fputc('\n', stdout);
    fflush(stdout);
    free(c);
    free(chunk);
    return use;
}

static int run_log(rc_ctx *ctx, int argc, char **argv)
{
    bool follow = false;
    const char *ids = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--follow") == 0 || strcmp(argv[i], "-f") == 0)
            follow = true;
        else if (!ids && argv[i][0] != '-')
            ids = argv[i];
        else
            return cmd_usage_error(self(), "unexpected argument '%s'", argv[i]);
    }
    if (!ids)
        return cmd_usage_error(self(), "run log needs a RUN id");
    int64_t id;
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    int st = open_run(ctx, ids, &id, &repo, &cfg, &db);
    if (st)
        return st;
    size_t offset = 0;
    for (;;) {
        rc_run r;
        bool changed;
        if (follow && rc_runs_refresh_one(&changed, db, repo, cfg, id) != 0 &&
            rc_error_code() == RC_ENOTFOUND)
            return cmd_fail();
        if (rc_runs_get(&r, db, id) != 0)
            return cmd_fail();
        bool final = rc_run_state_final(r.state);
        char *buf;
        size_t len;
        if (rc_runs_log_read(&buf, &len, db, repo, cfg, id, offset) != 0) {
            rc_run_clear(&r);
            return cmd_fail();
        }
        offset += print_log(buf, len, !follow || final);
        free(buf);
        if (!follow) {
            rc_run_clear(&r);
            return 0;
        }
        if (final) {
            char *reason = rc_sanitize(r.reason ? r.reason : "", false);
            fprintf(stderr, "relcap: run %lld %s%s%s\n", (long long)id, rc_run_state_name(r.state),
                    *reason ? ": " : "", reason);
            free(reason);
            int code = r.state == RC_RUN_SUCCEEDED ? 0 : 1;
            rc_run_clear(&r);
            return code;
        }
        rc_run_clear(&r);
        struct timespec ts = {0, 500 * 1000000L};
        nanosleep(&ts, NULL);
    }
}

static int run_cancel(rc_ctx *ctx, int argc, char **argv)
{
    if (argc != 2)
        return cmd_usage_error(self(), "run cancel needs one RUN id");
    int64_t id;
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    int st = open_run(ctx, argv[1], &id, &repo, &cfg, &db);
    if (st)
        return st;
    if (rc_runs_cancel(db, repo, cfg, id) != 0)
        return cmd_fail();
    printf("run %lld cancelled\n", (long long)id);
    return 0;
}

static int run_refresh(rc_ctx *ctx, int argc, char **argv)
{
    bool json = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = true;
        else
            return cmd_usage_error(self(), "unexpected argument '%s'", argv[i]);
    }
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    int st = open_all(ctx, &repo, &cfg, &db);
    if (st)
        return st;
    int changed = rc_runs_refresh(db, repo, cfg);
    if (changed < 0)
        return cmd_fail();
    rc_run *runs;
    size_t n;
    if (rc_runs_list(&runs, &n, db) != 0)
        return cmd_fail();
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "changed", changed);
        cJSON *a = cJSON_AddArrayToObject(o, "runs");
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(a, run_json(&runs[i]));
        cmd_print_json(o);
    } else {
        printf("%d run%s changed state\n", changed, changed == 1 ? "" : "s");
        for (size_t i = 0; i < n; i++)
            if (!rc_run_state_final(runs[i].state) ||
                (runs[i].ended_at && runs[i].ended_at > (int64_t)time(NULL) - 3600))
                print_run_line(&runs[i]);
    }
    rc_runs_free(runs, n);
    return 0;
}

int cmd_run(rc_ctx *ctx, int argc, char **argv)
{
    if (cmd_wants_help("run", argc, argv))
        return 0;
    if (argc < 2)
        return cmd_usage_error(self(), "missing subcommand (start, list, log, cancel, refresh)");
    const char *sub = argv[1];
    if (strcmp(sub, "start") == 0)
        return run_start(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "list") == 0)
        return run_list(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "log") == 0)
        return run_log(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "cancel") == 0)
        return run_cancel(ctx, argc - 1, argv + 1);
    if (strcmp(sub, "refresh") == 0)
        return run_refresh(ctx, argc - 1, argv + 1);
    static const char *const subs[] = {"start", "list", "log", "cancel", "refresh", NULL};
    return out_unknown_word("run", sub, subs);
}
