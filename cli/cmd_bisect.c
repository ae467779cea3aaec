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

#define BENCH (rc_cmd_find("bench"))

typedef struct {
    rc_bisect_opts o;
    bool status, resume, no_wait, json;
    long id;
} bisect_args;

static int parse_int(long *out, const char *name, const char *v, long lo, long hi)
{
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    if (!v || end == v || *end || n < lo || n > hi)
        return cmd_usage_error(BENCH, "%s wants a number from %ld to %ld", name, lo, hi);
    *out = n;
    return 0;
}

static int parse_args(bisect_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **slot = !strcmp(s, "--test")       ? &a->o.test
                            : !strcmp(s, "--model")    ? &a->o.model
                            : !strcmp(s, "--hardware") ? &a->o.hardware
                            : !strcmp(s, "--node")     ? &a->o.node
                            : !strcmp(s, "--from")     ? &a->o.from
                            : !strcmp(s, "--to")       ? &a->o.to
                                                       : NULL;
        long n = 0;
        int r = 0;
        if (slot) {
            if (!v)
                return cmd_usage_error(BENCH, "%s needs a value", s);
            *slot = argv[++i];
        } else if (!strcmp(s, "--status")) {
            a->status = true;
        } else if (!strcmp(s, "--json")) {
            a->json = true;
        } else if (!strcmp(s, "--continue")) {
            a->resume = true;
        } else if (!strcmp(s, "--no-wait")) {
            a->no_wait = true;
        } else if (!strcmp(s, "--runs")) {
            if ((r = parse_int(&n, s, v, 1, 50)))
                return r;
            a->o.runs = (int)n;
            i++;
        } else if (!strcmp(s, "--start-timeout")) {
            if ((r = parse_int(&n, s, v, 1, 7 * 86400)))
                return r;
            a->o.start_timeout_s = (int)n;
            i++;
        } else if (!strcmp(s, "--id")) {
            if ((r = parse_int(&n, s, v, 1, 1L << 30)))
                return r;
            a->id = n;
            i++;
        } else if (s[0] == '-') {
            return cmd_usage_error(BENCH, "unknown option '%s'", s);
        } else if (!a->o.metric) {
            a->o.metric = s;
        } else {
            return cmd_usage_error(BENCH, "unexpected argument '%s'", s);
        }
    }
    if (a->json && !a->status)
        return cmd_usage_error(BENCH, "--json goes with --status");
    if (a->status && a->resume)
        return cmd_usage_error(BENCH, "--status and --continue go alone");
    if (!a->status && !a->resume && (!a->o.metric || !a->o.node))
        return cmd_usage_error(BENCH, "bisect needs METRIC and --node NODE (or --status, "
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

int cmd_bench_bisect(rc_ctx *ctx, int argc, char **argv)
{
    bisect_args a;
    int st = parse_args(&a, argc, argv);
    if (st)
        return st;
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    if ((st = ctx_repo(ctx, &repo)) || (st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)))
        return st;
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
