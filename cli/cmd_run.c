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

static cJSON *run_json(const rc_run *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    out_json_str(o, "node", r->node);
    out_json_str(o, "backend", r->backend);
    out_json_str(o, "kind", r->kind);
    out_json_str(o, "hardware", r->hardware);
    out_json_str(o, "commit", r->target_sha);
    out_json_str(o, "tag", r->target_tag);
    out_json_str(o, "branch", r->target_branch);
    cJSON *tests = r->tests ? cJSON_Parse(r->tests) : NULL;
    cJSON_AddItemToObject(o, "tests", tests ? tests : cJSON_CreateArray());
    cJSON_AddStringToObject(o, "state", rc_run_state_name(r->state));
    out_json_str(o, "remote_id", r->remote_id);
    out_json_time(o, "created_at", r->created_at != 0, r->created_at);
    out_json_time(o, "started_at", r->started_at != 0, r->started_at);
    out_json_time(o, "ended_at", r->ended_at != 0, r->ended_at);
    out_json_num(o, "exit_code", r->has_exit, r->exit_code);
    out_json_str(o, "log", r->log_path);
    out_json_str(o, "results_dir", r->results_dir);
    out_json_str(o, "reason", r->reason);
    cJSON *imp = r->imported ? cJSON_Parse(r->imported) : NULL;
    cJSON_AddItemToObject(o, "imported", imp ? imp : cJSON_CreateNull());
    return o;
}

/* The runs as `run list --json` gives them. */
static cJSON *runs_json(const rc_run *runs, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(a, run_json(&runs[i]));
    return a;
}

/* The commands on one run: its id from ids, then ctx_open_all. */
static int open_run(rc_ctx *ctx, const rc_cmd *self, const char *ids, int64_t *id)
{
    /* cmd_usage_error's non-zero return is not visible to the optimiser:
     * without this, gcc -O3 warns that the caller's id may be unset. */
    *id = 0;
    char *end;
    long long v = strtoll(ids, &end, 10);
    if (!*ids || *end || v <= 0)
        return cmd_usage_error(self, "'%s' is not a run id (see relcap run list)", ids);
    *id = v;
    return ctx_open_all(ctx);
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
    const char **tests; /* o.tests, as --test fills it (argc entries) */
    const char *node, *target;
    bool json;
} start_args;

/* --test NAME, repeatable: one more test of the run. */
static int add_test(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    (void)self;
    start_args *a = opt->value;
    a->tests[a->o.ntests++] = v;
    return 0;
}

/* argv into a; a->tests must hold argc entries. */
static int start_parse(start_args *a, const rc_cmd *self, int argc, char **argv)
{
    const char *pos[2] = {NULL, NULL};
    a->o.tests = a->tests;
    const cmd_opt opts[] = {OPT_STRING("--tag", &a->o.tag),
                            OPT_STRING("--commit", &a->o.commit),
                            OPT_STRING("--branch", &a->o.branch),
                            OPT_CALLBACK("--test", a, add_test),
                            OPT_STRING("--model", &a->o.model),
                            OPT_BOOL("--json", &a->json),
                            OPT_END};
    int st = cmd_parse_args(self, argc, argv, opts, pos, 1, 2,
                            "run start needs a NODE (see relcap nodes)");
    if (st)
        return st;
    a->node = pos[0];
    a->target = pos[1];
    if ((a->o.tag != NULL) + (a->o.commit != NULL) + (a->o.branch != NULL) + (a->target != NULL) !=
        1)
        return cmd_usage_error(self,
                               "give exactly one TARGET, or one of --tag, --commit, --branch");
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

static int run_start(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    start_args a;
    memset(&a, 0, sizeof a);
    char *owned = NULL;
    a.tests = rc_xcalloc((size_t)argc + 1, sizeof *a.tests);
    int64_t id = 0;
    rc_run r;
    int st = start_parse(&a, self, argc, argv);
    if (!st)
        st = ctx_open_all(ctx);
    if (!st &&
        ((a.target && rc_runs_target_resolve(&a.o, &owned, ctx->db, ctx->repo, a.target) != 0) ||
         rc_runs_start(&id, ctx->db, ctx->repo, ctx->cfg, a.node, &a.o) != 0 ||
         rc_runs_get(&r, ctx->db, id) != 0))
        st = cmd_fail();
    if (!st) {
        start_print(&r, a.json);
        rc_run_clear(&r);
    }
    free(a.tests);
    free(owned);
    return st;
}

static int run_list(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json = false, refresh = true;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_FALSE("--no-refresh", &refresh),
                            OPT_END};
    int st = cmd_parse_args(self, argc, argv, opts, NULL, 0, 0, NULL);
    rc_db *db;
    if (st || (st = ctx_db(ctx, &db)))
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
        cmd_print_json(runs_json(runs, n));
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

static int run_log(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool follow = false;
    const char *ids = NULL;
    const cmd_opt opts[] = {OPT_BOOL_ALIAS("--follow", "-f", &follow), OPT_END};
    int64_t id;
    int st = cmd_parse_args(self, argc, argv, opts, &ids, 1, 1, "run log needs a RUN id");
    if (st || (st = open_run(ctx, self, ids, &id)))
        return st;
    rc_db *db = ctx->db;
    git_repository *repo = ctx->repo;
    rc_config *cfg = ctx->cfg;
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

static int run_cancel(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    if (argc != 2)
        return cmd_usage_error(self, "run cancel needs one RUN id");
    int64_t id;
    int st = open_run(ctx, self, argv[1], &id);
    if (st)
        return st;
    if (rc_runs_cancel(ctx->db, ctx->repo, ctx->cfg, id) != 0)
        return cmd_fail();
    printf("run %lld cancelled\n", (long long)id);
    return 0;
}

static int run_refresh(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", &json), OPT_END};
    int st = cmd_parse_args(self, argc, argv, opts, NULL, 0, 0, NULL);
    if (st || (st = ctx_open_all(ctx)))
        return st;
    rc_db *db = ctx->db;
    int changed = rc_runs_refresh(db, ctx->repo, ctx->cfg);
    if (changed < 0)
        return cmd_fail();
    rc_run *runs;
    size_t n;
    if (rc_runs_list(&runs, &n, db) != 0)
        return cmd_fail();
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "changed", changed);
        cJSON_AddItemToObject(o, "runs", runs_json(runs, n));
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

int cmd_run(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    static const cmd_action actions[] = {{"start", run_start},     {"list", run_list},
                                         {"log", run_log},         {"cancel", run_cancel},
                                         {"refresh", run_refresh}, {NULL, NULL}};
    return cmd_dispatch(ctx, self, argc, argv, actions,
                        "missing subcommand (start, list, log, cancel, refresh)");
}
