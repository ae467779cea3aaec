/* The slurm backend: one batch job per run, named relcap-RUN, submitted with
 * sbatch on this machine or over ssh when the node has a host. The job
 * script (fixed text) asks its compute node what it runs on, then execs its
 * arguments, which are the expanded command: locally
 * they are sbatch's argv (no shell), over ssh each is rc_run_shell_quote'd.
 * State comes from `scontrol show job -o` (finished jobs stay there for
 * MinJobAge), then sacct, which needs accounting. */
#include "core/base/error.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The job asks its compute node what it runs on (into env.probe, read at
 * import), then becomes the command. */
static char *job_script(void)
{
    return rc_xasprintf("#!/bin/sh\n"
                        "# relcap perf run: the command is this script's arguments\n"
                        "( %s ) > env.probe 2>/dev/null\n"
                        "exec \"$@\"\n",
                        rc_run_env_script);
}

static char *slurm_base(const rc_run_ctx *c)
{
    if (c->node->host) {
        const char *w = c->node->workdir ? c->node->workdir : "relcap-runs";
        if (strncmp(w, "~/", 2) == 0)
            w += 2;
        return rc_xstrdup(w);
    }
    return rc_run_local_base(c);
}

static void add_options(rc_spawn_argv *a, const rc_run_ctx *c, const char *output)
{
    rc_spawn_argv_add(a, "sbatch");
    rc_spawn_argv_add(a, "--parsable");
    rc_spawn_argv_addf(a, "--job-name=relcap-%lld", (long long)c->run->id);
    rc_spawn_argv_addf(a, "--output=%s", output);
    if (c->node->partition)
        rc_spawn_argv_addf(a, "--partition=%s", c->node->partition);
    if (c->node->account)
        rc_spawn_argv_addf(a, "--account=%s", c->node->account);
    if (c->node->time)
        rc_spawn_argv_addf(a, "--time=%s", c->node->time);
    if (c->node->gpus > 0)
        rc_spawn_argv_addf(a, "--gpus=%ld", c->node->gpus);
}

static int parse_job_id(rc_run_ctx *c, const rc_spawn_result *res)
{
    long id = res->status == 0 ? strtol(res->out, NULL, 10) : 0;
    if (id <= 0) {
        char *s = rc_spawn_summary(res);
        int r = rc_error_set(RC_ERROR, "node %s: sbatch: %s", c->node->name, s);
        free(s);
        return r;
    }
    free(c->run->remote_id);
    c->run->remote_id = rc_xasprintf("%ld", id);
    c->run->state = RC_RUN_QUEUED;
    return 0;
}

/* job.sh's arguments: env with the run's variables, then the command. */
static void add_command(rc_spawn_argv *a, char *const *argv, char *const *env)
{
    if (env && env[0]) {
        rc_spawn_argv_add(a, "env");
        for (char *const *e = env; *e; e++)
            rc_spawn_argv_add(a, *e);
    }
    for (char *const *p = argv; *p; p++)
        rc_spawn_argv_add(a, *p);
}

/* sbatch on this machine: its argv, no shell. */
static int start_here(rc_run_ctx *c, char *const *argv, char *const *env)
{
    rc_spawn_argv a = {0};
    rc_spawn_result res;
    int r;
    if (rc_mkdirs(c->run_dir, 0755) != 0)
        return rc_error_set(RC_EIO, "cannot create %s: %s", c->run_dir, strerror(errno));
    rc_mkdirs(c->run->results_dir, 0755);
    char abs[PATH_MAX];
    if (!realpath(c->run_dir, abs))
        return rc_error_set(RC_EIO, "%s: %s", c->run_dir, strerror(errno));
    char *script = rc_xasprintf("%s/job.sh", abs), *log = rc_xasprintf("%s/log", abs);
    char *text = job_script();
    rc_file_write(script, text, strlen(text), 0755);
    free(text);
    add_options(&a, c, log);
    rc_spawn_argv_addf(&a, "--chdir=%s", abs);
    rc_spawn_argv_add(&a, script);
    add_command(&a, argv, env);
    free(script);
    r = rc_spawn_run(&res, (const char *const *)a.v, &(rc_spawn_opts){.timeout_s = 60});
    rc_spawn_argv_free(&a);
    if (r) {
        free(log);
        return r;
    }
    r = parse_job_id(c, &res);
    rc_spawn_result_free(&res);
    if (r == 0) {
        free(c->run->log_path);
        c->run->log_path = log;
    } else {
        free(log);
    }
    return r;
}

/* Over ssh: the script arrives on stdin, sbatch runs in the run dir. */
static int start_over_ssh(rc_run_ctx *c, char *const *argv, char *const *env)
{
    rc_spawn_argv a = {0};
    rc_spawn_result res;
    int r;
    if (c->run_dir[0] == '-' || !rc_run_value_safe(c->run_dir) ||
        !rc_run_value_safe(c->run->results_dir))
        return rc_error_set(RC_EUNSAFE, "node %s: run directory '%s' is not plain", c->node->name,
                            c->run_dir);
    add_options(&a, c, "log");
    rc_spawn_argv_add(&a, "job.sh");
    add_command(&a, argv, env);
    rc_buf s = {0};
    char *rd = rc_run_shell_quote(c->run_dir), *rs = rc_run_shell_quote(c->run->results_dir);
    rc_buf_printf(&s, "set -e; mkdir -p %s %s; cd %s; cat > job.sh; exec", rd, rs, rd);
    for (size_t i = 0; i < a.n; i++) {
        char *q = rc_run_shell_quote(a.v[i]);
        rc_buf_printf(&s, " %s", q);
        free(q);
    }
    free(rd);
    free(rs);
    rc_spawn_argv_free(&a);
    char *cmd = rc_buf_detach(&s);
    char *text = job_script();
    r = rc_ssh_exec(&res, c->node, c->cfg, cmd, text, strlen(text), 60);
    free(text);
    free(cmd);
    if (r)
        return r;
    r = parse_job_id(c, &res);
    rc_spawn_result_free(&res);
    if (r == 0) {
        free(c->run->log_path);
        c->run->log_path = rc_xasprintf("%s/log", c->run_dir);
    }
    return r;
}

static int slurm_start(rc_run_ctx *c, char *const *argv, char *const *env)
{
    if (!argv || !argv[0])
        return rc_error_set(RC_ECONFIG, "node %s: the command is empty", c->node->name);
    return c->node->host ? start_over_ssh(c, argv, env) : start_here(c, argv, env);
}

/* Runs a slurm client (argv without shell locally; quoted over ssh). Times
 * come as epoch seconds (SLURM_TIME_FORMAT=%s): the controller's local time
 * would need its time zone. */
static int slurm_tool(rc_spawn_result *res, const rc_run_ctx *c, const char *const *argv)
{
    static const char *const env[] = {"SLURM_TIME_FORMAT=%s", NULL};
    if (!c->node->host)
        return rc_spawn_run(res, argv, &(rc_spawn_opts){.timeout_s = 60, .env = env});
    rc_buf s = {0};
    rc_buf_puts(&s, "SLURM_TIME_FORMAT=%s ");
    for (const char *const *p = argv; *p; p++) {
        char *q = rc_run_shell_quote(*p);
        rc_buf_printf(&s, "%s%s", p == argv ? "" : " ", q);
        free(q);
    }
    char *cmd = rc_buf_detach(&s);
    int r = rc_ssh_exec(res, c->node, c->cfg, cmd, NULL, 0, 60);
    free(cmd);
    return r;
}

static char *field(const char *text, const char *name)
{
    /* "Name=value" as a whole word in scontrol's one-line output. */
    size_t nl = strlen(name);
    for (const char *p = text; (p = strstr(p, name)) != NULL; p++) {
        if ((p == text || p[-1] == ' ' || p[-1] == '\n') && p[nl] == '=') {
            const char *v = p + nl + 1;
            size_t len = strcspn(v, " \n");
            return rc_xstrndup(v, len);
        }
    }
    return NULL;
}

static void map_state(rc_run_poll *out, const char *state, const char *exit_code)
{
    int code = 0, sig = 0;
    if (exit_code)
        sscanf(exit_code, "%d:%d", &code, &sig);
    if (!strcmp(state, "PENDING") || !strcmp(state, "CONFIGURING") || !strcmp(state, "REQUEUED") ||
        !strcmp(state, "SUSPENDED")) {
        out->state = RC_RUN_QUEUED;
        return;
    }
    if (!strcmp(state, "RUNNING") || !strcmp(state, "COMPLETING") || !strcmp(state, "STAGE_OUT") ||
        !strcmp(state, "SIGNALING")) {
        out->state = RC_RUN_RUNNING;
        return;
    }
    out->has_exit = exit_code != NULL;
    out->exit_code = sig ? 128 + sig : code;
    if (!strcmp(state, "COMPLETED")) {
        out->state = RC_RUN_SUCCEEDED;
    } else if (!strncmp(state, "CANCELLED", 9)) {
        out->state = RC_RUN_CANCELLED;
        out->reason = rc_xstrdup("cancelled in slurm");
    } else {
        out->state = RC_RUN_FAILED;
        out->reason = (code || sig) ? rc_xasprintf("slurm %s, exit code %d", state, out->exit_code)
                                    : rc_xasprintf("slurm %s", state);
    }
}

/* EndTime / End: epoch seconds with SLURM_TIME_FORMAT=%s; an ISO local
 * time from a slurm that ignored it; "Unknown" or "None" while running. */
static int64_t end_time(const char *v)
{
    if (!v || !*v)
        return 0;
    char *e;
    long long t = strtoll(v, &e, 10);
    if (e != v && (*e == '\0' || *e == '\n' || *e == ' ') && t > 0)
        return (int64_t)t;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(v, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return 0;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    time_t lt = mktime(&tm);
    return lt > 0 ? (int64_t)lt : 0;
}

static int slurm_poll(rc_run_ctx *c, rc_run_poll *out)
{
    const char *id = c->run->remote_id ? c->run->remote_id : "";
    const char *const sc[] = {"scontrol", "show", "job", id, "-o", NULL};
    rc_spawn_result res;
    int r = slurm_tool(&res, c, sc);
    if (r)
        return r;
    if (res.status == 0) {
        char *state = field(res.out, "JobState"), *code = field(res.out, "ExitCode");
        char *end = field(res.out, "EndTime");
        if (state)
            map_state(out, state, code);
        if (state && rc_run_state_final(out->state))
            out->ended_at = end_time(end);
        free(end);
        if (!state)
            r = rc_error_set(RC_ERROR, "scontrol gave no JobState for job %s", id);
        free(state);
        free(code);
        rc_spawn_result_free(&res);
        return r;
    }
    bool unknown = strstr(res.err, "Invalid job id") != NULL;
    if (!unknown) {
        char *s = rc_spawn_summary(&res);
        r = rc_error_set(RC_ENET, "node %s: scontrol: %s", c->node->name, s);
        free(s);
        rc_spawn_result_free(&res);
        return r;
    }
    rc_spawn_result_free(&res);
    /* Gone from the controller's memory: accounting may still know. */
    const char *const sa[] = {"sacct", "-n", "-X", "-P", "-j", id, "-o", "State,ExitCode,End",
                              NULL};
    if (slurm_tool(&res, c, sa) == 0 && res.status == 0 && res.out_len > 0) {
        char *bar = strchr(res.out, '|');
        if (bar) {
            *bar = '\0';
            char *state = rc_xstrndup(res.out, strcspn(res.out, " "));
            char *code = rc_xstrndup(bar + 1, strcspn(bar + 1, "|\n"));
            char *bar2 = strchr(bar + 1, '|');
            map_state(out, state, code);
            if (bar2 && rc_run_state_final(out->state))
                out->ended_at = end_time(bar2 + 1);
            free(state);
            free(code);
            rc_spawn_result_free(&res);
            return 0;
        }
    }
    rc_spawn_result_free(&res);
    rc_error_clear();
    out->state = RC_RUN_LOST;
    out->reason = rc_xasprintf("slurm no longer knows job %s (and sacct has no record)", id);
    return 0;
}

static int slurm_cancel(rc_run_ctx *c)
{
    const char *id = c->run->remote_id ? c->run->remote_id : "";
    const char *const argv[] = {"scancel", id, NULL};
    rc_spawn_result res;
    int r = slurm_tool(&res, c, argv);
    if (r)
        return r;
    if (res.status != 0) {
        char *s = rc_spawn_summary(&res);
        r = rc_error_set(RC_ERROR, "node %s: scancel %s: %s", c->node->name, id, s);
        free(s);
    }
    rc_spawn_result_free(&res);
    return r;
}

static int slurm_fetch_log(rc_run_ctx *c, size_t offset, char **out, size_t *len)
{
    if (c->node->host)
        return rc_run_ssh_read_log(c->node, c->cfg, c->run->log_path, offset, out, len);
    return rc_run_read_local_log(c->run->log_path, offset, out, len);
}

static int slurm_fetch_results(rc_run_ctx *c, char **local_path)
{
    if (c->node->host)
        return rc_run_ssh_fetch_results(c, local_path);
    struct stat sb;
    if (!c->run->results_dir || stat(c->run->results_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return RC_ENOTFOUND;
    *local_path = rc_xstrdup(c->run->results_dir);
    return 0;
}

static int slurm_check(rc_node_check *out, const rc_node *node, const rc_config *cfg)
{
    rc_spawn_result r;
    /* Ask the controller, start nothing: sinfo lists the partition's
     * nodes and their generic resources (GPUs are gres "gpu:..."). */
    int rr;
    if (node->host) {
        rr = rc_ssh_exec(&r, node, cfg, "sinfo -h -o '%P %t %D %G'", NULL, 0, 30);
    } else {
        const char *const argv[] = {"sinfo", "-h", "-o", "%P %t %D %G", NULL};
        rr = rc_spawn_run(&r, argv, &(rc_spawn_opts){.timeout_s = 30});
    }
    if (rr != 0) {
        out->reach_detail = rc_xstrdup(rc_error_last());
        out->gpu_detail = rc_xstrdup("controller unreachable");
        return 0;
    }
    if (r.status != 0) {
        char *s = rc_spawn_summary(&r);
        out->reach_detail = rc_xasprintf("sinfo: %s", s);
        out->gpu_detail = rc_xstrdup("controller unreachable");
        free(s);
        rc_spawn_result_free(&r);
        return 0;
    }
    out->reachable = true;
    char *lines = rc_run_first_lines(r.out, 4);
    out->reach_detail = rc_xasprintf("sinfo: %s", *lines ? lines : "no partitions");
    free(lines);
    out->gpu_tool = true;
    out->gpu = strstr(r.out, "gpu") != NULL;
    out->gpu_detail = rc_xstrdup(out->gpu ? "gpu gres configured"
                                          : "no gpu gres in sinfo (GPUs not checked "
                                            "on compute nodes: that would start a job)");
    rc_spawn_result_free(&r);
    return 0;
}

/* At import: what the job wrote on its compute node before the command. */
static int slurm_env(rc_run_ctx *c, bool at_import, char **probe)
{
    *probe = NULL;
    if (!at_import)
        return 0;
    char *path = rc_xasprintf("%s/env.probe", c->run_dir);
    int r = 0;
    if (!c->node->host) {
        if (rc_file_read(probe, NULL, path) != 0)
            rc_error_clear();
    } else if (path[0] == '-' || !rc_run_value_safe(path)) {
        r = rc_error_set(RC_EUNSAFE, "node %s: run directory is not plain", c->node->name);
    } else {
        char *q = rc_run_shell_quote(path), *script = rc_xasprintf("cat %s 2>/dev/null", q);
        rc_spawn_result res;
        r = rc_ssh_exec(&res, c->node, c->cfg, script, NULL, 0, 60);
        if (r == 0) {
            *probe = res.out;
            res.out = NULL;
            rc_spawn_result_free(&res);
        }
        free(q);
        free(script);
    }
    free(path);
    return r;
}

const rc_run_ops rc_run_ops_slurm = {
    "slurm",         slurm_base,          slurm_start, slurm_poll, slurm_cancel,
    slurm_fetch_log, slurm_fetch_results, slurm_check, slurm_env,
};
