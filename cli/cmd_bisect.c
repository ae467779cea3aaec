/* relcap bench bisect: a perf bisection between two commits of a release
 * line, launching its own runs (core/bisect). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/bisect/bisect.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    rc_bisect_opts o;
    bool status, resume, no_wait, json;
    long runs, start_timeout, id;
} bisect_args;

static int parse_args(bisect_args *a, const rc_cmd *self, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    const cmd_opt opts[] = {OPT_STRING("--test", &a->o.test),
                            OPT_STRING("--model", &a->o.model),
                            OPT_STRING("--hardware", &a->o.hardware),
                            OPT_STRING("--node", &a->o.node),
                            OPT_STRING("--from", &a->o.from),
                            OPT_STRING("--to", &a->o.to),
                            OPT_BOOL("--status", &a->status),
                            OPT_BOOL("--json", &a->json),
                            OPT_BOOL("--continue", &a->resume),
                            OPT_BOOL("--no-wait", &a->no_wait),
                            OPT_INT("--runs", &a->runs, 1, 50),
                            OPT_INT("--start-timeout", &a->start_timeout, 1, 7 * 86400),
                            OPT_INT("--id", &a->id, 1, 1L << 30),
                            OPT_END};
    int st = cmd_parse_opts(
        self, argc, argv,
        &(cmd_args){.opts = opts, .pos = &a->o.metric, .max = 1, .no_value = "%s needs a value"});
    a->o.runs = (int)a->runs;
    a->o.start_timeout_s = (int)a->start_timeout;
    if (st)
        return st;
    if (a->json && !a->status)
        return cmd_usage_error(self, "--json goes with --status");
    if (a->status && a->resume)
        return cmd_usage_error(self, "--status and --continue go alone");
    if (!a->status && !a->resume && (!a->o.metric || !a->o.node))
        return cmd_usage_error(self, "bisect needs METRIC and --node NODE (or --status, "
                                     "--continue)");
    return 0;
}

static int print_report(rc_db *db, git_repository *repo, const rc_config *cfg, int64_t id)
{
    char *text = NULL;
    if (rc_bisect_report(&text, db, repo, cfg, id) != 0)
        return cmd_fail();
    fputs(text, stdout);
    free(text);
    return 0;
}

/* Steps until the bisect ends or pauses, printing progress as it moves.
 * Interrupting loses nothing: --continue picks up from the cache. */
static int drive(rc_db *db, git_repository *repo, const rc_config *cfg, int64_t id, bool no_wait)
{
    char *last = NULL;
    for (;;) {
        bool waiting = false;
        if (rc_bisect_advance(&waiting, db, repo, cfg, id) != 0) {
            free(last);
            return cmd_fail();
        }
        char *line = NULL;
        rc_bisect_progress_line(&line, db);
        if (line && (!last || strcmp(line, last) != 0)) {
            printf("%s\n", line);
            fflush(stdout);
        }
        free(last);
        last = line;
        if (!waiting || no_wait)
            break;
        struct timespec ts = {0, 500 * 1000000L};
        nanosleep(&ts, NULL);
    }
    free(last);
    rc_bisect b;
    if (rc_bisect_get(&b, db, id) != 0)
        return cmd_fail();
    int st = print_report(db, repo, cfg, id);
    if (!st && b.state != RC_BISECT_DONE && !(no_wait && b.state == RC_BISECT_RUNNING)) {
        char *m = rc_sanitize(b.message ? b.message : "", false);
        fprintf(stderr, "relcap: bisect %lld %s: %s\n", (long long)b.id,
                rc_bisect_state_name(b.state), m);
        free(m);
        st = 1;
    }
    rc_bisect_clear(&b);
    return st;
}

int cmd_bench_bisect(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bisect_args a;
    int st = parse_args(&a, self, argc, argv);
    if (st || (st = ctx_open_all(ctx)))
        return st;
    git_repository *repo = ctx->repo;
    rc_config *cfg = ctx->cfg;
    rc_db *db = ctx->db;
    int64_t id = a.id;
    if (a.status && a.json) {
        cJSON *doc = NULL;
        if (rc_bisect_status_json(&doc, db, repo, cfg, id) != 0)
            return cmd_fail();
        cmd_print_json(doc);
        return 0;
    }
    if (a.status)
        return print_report(db, repo, cfg, id);
    if (a.resume) {
        rc_bisect b;
        if (rc_bisect_get(&b, db, id) != 0)
            return cmd_fail();
        id = b.id;
        bool paused = b.state == RC_BISECT_PAUSED;
        rc_bisect_clear(&b);
        if (paused && rc_bisect_resume(db, id) != 0)
            return cmd_fail();
    } else if (rc_bisect_start(&id, db, repo, cfg, &a.o) != 0) {
        return cmd_fail();
    } else {
        rc_bisect b;
        if (rc_bisect_get(&b, db, id) == 0) {
            printf("bisect %lld: %s of %s %s on %s, %s .. %s: %zu %s, node %s\n", (long long)id,
                   b.metric, b.model, b.test, b.hardware, b.from_name, b.to_name, b.ncommits - 1,
                   out_plural(b.ncommits - 1, "commit", "commits"), b.node);
            if (b.note)
                printf("note: %s\n", b.note);
        }
        rc_bisect_clear(&b);
        rc_error_clear();
    }
    return drive(db, repo, cfg, id, a.no_wait);
}
