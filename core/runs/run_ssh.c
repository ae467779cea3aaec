/* The ssh backend. The command starts detached on the node, in its own
 * session (setsid), with pid, exit-code file and log under WORKDIR/runs/RUN,
 * so it survives relcap and the connection ending. Every word sent to the
 * remote shell goes through rc_run_shell_quote; the fixed script text around
 * them holds no configured or git value. */
#include "core/base/error.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *ssh_base(const rc_run_ctx *c)
{
    const char *w = c->node->workdir ? c->node->workdir : "relcap-runs";
    /* ssh starts in the home directory: "~/x" is just "x" there, and a
     * quoted "~" would not expand. */
    if (strncmp(w, "~/", 2) == 0)
        w += 2;
    return rc_xstrdup(w);
}

static int check_path(const rc_run_ctx *c, const char *what, const char *p)
{
    if (p[0] == '-' || !rc_run_value_safe(p))
        return rc_error_set(RC_EUNSAFE,
                            "node %s: %s '%s' has characters outside A-Z a-z 0-9 . _ / + : @ = , -",
                            c->node->name, what, p);
    return 0;
}

/* The detached starter. $0 is a label; "$@" is the command's argv. The
 * monitor shell traps TERM so a cancel (TERM to the session) still leaves
 * an exit file behind: the exit code, then the node's time of the end. */
static const char starter[] =
    "trap : TERM HUP INT; echo $$ > pid; \"$@\" > log 2>&1 < /dev/null; echo $? > exit.tmp; "
    "date +%s >> exit.tmp; mv exit.tmp exit";

static int ssh_start(rc_run_ctx *c, char *const *argv, char *const *env)
{
    if (!argv || !argv[0])
        return rc_error_set(RC_ECONFIG, "node %s: the command is empty", c->node->name);
    int r = check_path(c, "run directory", c->run_dir);
    if (r == 0)
        r = check_path(c, "results directory", c->run->results_dir);
    if (r)
        return r;
    rc_buf s = {0};
    char *rd = rc_run_shell_quote(c->run_dir), *res = rc_run_shell_quote(c->run->results_dir);
    char *st = rc_run_shell_quote(starter);
    rc_buf_printf(&s, "set -e; mkdir -p %s %s; cd %s; (setsid sh -c %s relcap-run", rd, res, rd,
                  st);
    free(st);
    free(res);
    if (env && env[0]) {
        rc_buf_puts(&s, " env");
        for (char *const *e = env; *e; e++) {
            char *q = rc_run_shell_quote(*e);
            rc_buf_printf(&s, " %s", q);
            free(q);
        }
    }
    for (char *const *a = argv; *a; a++) {
        char *q = rc_run_shell_quote(*a);
        rc_buf_printf(&s, " %s", q);
        free(q);
    }
    rc_buf_puts(&s, " < /dev/null > /dev/null 2>&1 &); i=0; while [ ! -s pid ] && [ $i -lt 100 ]; "
                    "do sleep 0.1; i=$((i+1)); done; cat pid");
    char *script = rc_buf_detach(&s);
    rc_spawn_result res_;
    r = rc_ssh_exec(&res_, c->node, c->cfg, script, NULL, 0, 60);
    free(script);
    if (r) {
        free(rd);
        return r;
    }
    int pid = res_.status == 0 ? atoi(res_.out) : 0;
    if (pid <= 0) {
        char *sum = rc_spawn_summary(&res_);
        r = rc_error_set(RC_ERROR, "node %s: the run did not start in %s (%s)", c->node->name,
                         c->run_dir, sum);
        free(sum);
        rc_spawn_result_free(&res_);
        free(rd);
        return r;
    }
    rc_spawn_result_free(&res_);
    free(rd);
    free(c->run->remote_id);
    c->run->remote_id = rc_xasprintf("%d", pid);
    free(c->run->log_path);
    c->run->log_path = rc_xasprintf("%s/log", c->run_dir);
    c->run->state = RC_RUN_RUNNING;
    return 0;
}

/* Runs body on the node inside the run directory, or on_missing when the
 * directory is gone. */
static int in_run_dir(rc_spawn_result *res, rc_run_ctx *c, const char *on_missing, const char *body)
{
    int r = check_path(c, "run directory", c->run_dir);
    if (r)
        return r;
    char *rd = rc_run_shell_quote(c->run_dir);
    char *script = rc_xasprintf("cd %s 2>/dev/null || %s; %s", rd, on_missing, body);
    free(rd);
    r = rc_ssh_exec(res, c->node, c->cfg, script, NULL, 0, 60);
    free(script);
    return r;
}

static int ssh_poll(rc_run_ctx *c, rc_run_poll *out)
{
    rc_spawn_result res;
    int r = in_run_dir(&res, c, "{ echo missing; exit 0; }",
                       "if [ -f exit ]; then echo \"exit $(cat exit)\"; elif [ -s pid ] && kill -0"
                       " \"$(cat pid)\" 2>/dev/null; then echo running; elif [ -f exit ]; then"
                       " echo \"exit $(cat exit)\"; else echo gone; fi");
    if (r)
        return r;
    int code = 0;
    long long ended = 0;
    if (strncmp(res.out, "running", 7) == 0) {
        out->state = RC_RUN_RUNNING;
    } else if (sscanf(res.out, "exit %d %lld", &code, &ended) >= 1) {
        out->has_exit = true;
        out->ended_at = ended > 0 ? (int64_t)ended : 0; /* older wrappers wrote no time */
        out->exit_code = code;
        out->state = code == 0 ? RC_RUN_SUCCEEDED : RC_RUN_FAILED;
        if (code)
            out->reason = rc_xasprintf("exit code %d", code);
    } else if (strncmp(res.out, "missing", 7) == 0) {
        out->state = RC_RUN_LOST;
        out->reason = rc_xasprintf("node %s has no run directory %s", c->node->name, c->run_dir);
    } else if (strncmp(res.out, "gone", 4) == 0) {
        out->state = RC_RUN_LOST;
        out->reason = rc_xasprintf("process %s on %s ended without recording an exit code",
                                   c->run->remote_id ? c->run->remote_id : "?", c->node->name);
    } else {
        char *sum = rc_spawn_summary(&res);
        r = rc_error_set(RC_ERROR, "node %s: unexpected answer (%s)", c->node->name, sum);
        free(sum);
    }
    rc_spawn_result_free(&res);
    return r;
}

static int ssh_cancel(rc_run_ctx *c)
{
    rc_spawn_result res;
    int r =
        in_run_dir(&res, c, "exit 0",
                   "[ -s pid ] || exit 0; p=$(cat pid); kill -TERM -- -$p 2>/dev/null || exit 0;"
                   " i=0; while [ ! -f exit ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done;"
                   " [ -f exit ] || kill -KILL -- -$p 2>/dev/null; exit 0");
    if (r)
        return r;
    if (res.status != 0) {
        char *sum = rc_spawn_summary(&res);
        r = rc_error_set(RC_ERROR, "node %s: cancel failed (%s)", c->node->name, sum);
        free(sum);
    }
    rc_spawn_result_free(&res);
    return r;
}

/* Log bytes from offset, read on the node with tail. Shared with slurm. */
int rc_run_ssh_read_log(const rc_node *node, const rc_config *cfg, const char *path, size_t offset,
                        char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!path) { /* the run never started: no log */
        *out = rc_xstrdup("");
        return 0;
    }
    if (path[0] == '-' || !rc_run_value_safe(path))
        return rc_error_set(RC_EUNSAFE, "node %s: log path is not plain", node->name);
    char *q = rc_run_shell_quote(path);
    char *script = rc_xasprintf("tail -c +%zu %s 2>/dev/null; exit 0", offset + 1, q);
    free(q);
    rc_spawn_result res;
    int r = rc_ssh_exec(&res, node, cfg, script, NULL, 0, 60);
    free(script);
    if (r)
        return r;
    *out = res.out;
    *len = res.out_len;
    res.out = NULL;
    rc_spawn_result_free(&res);
    return 0;
}

static int ssh_fetch_log(rc_run_ctx *c, size_t offset, char **out, size_t *len)
{
    return rc_run_ssh_read_log(c->node, c->cfg, c->run->log_path, offset, out, len);
}

/* Copies the results directory from the node into LOCAL_DIR/fetched. Shared
 * with slurm over ssh. */
int rc_run_ssh_fetch_results(rc_run_ctx *c, char **local_path)
{
    const char *rdir = c->run->results_dir;
    if (!rdir || rdir[0] == '-' || !rc_run_value_safe(rdir))
        return rc_error_set(RC_EUNSAFE, "node %s: results path is not plain", c->node->name);
    char *q = rc_run_shell_quote(rdir);
    char *script = rc_xasprintf("[ -d %s ] && echo yes || echo no", q);
    free(q);
    rc_spawn_result res;
    int r = rc_ssh_exec(&res, c->node, c->cfg, script, NULL, 0, 60);
    free(script);
    if (r)
        return r;
    bool exists = strncmp(res.out, "yes", 3) == 0;
    rc_spawn_result_free(&res);
    if (!exists)
        return RC_ENOTFOUND;
    char *parent = rc_xasprintf("%s/fetched", c->local_dir);
    rc_mkdirs(parent, 0700);
    r = rc_scp_fetch_dir(c->node, c->cfg, rdir, parent);
    if (r) {
        free(parent);
        return r;
    }
    const char *base = strrchr(rdir, '/');
    *local_path = rc_xasprintf("%s/%s", parent, base ? base + 1 : rdir);
    free(parent);
    return 0;
}

/* Fixed script: no configured or remote value is part of it. */
#define REMOTE_GPU_SCRIPT(tool, args)                                                              \
    "command -v " tool " >/dev/null 2>&1 || exit 127; " tool " " args

static int ssh_check(rc_node_check *out, const rc_node *node, const rc_config *cfg)
{
    bool rocm = strcmp(node->kind, "rocm") == 0;
    const char *tool = rocm ? "rocm-smi" : "nvidia-smi";
    const char *script = rocm ? REMOTE_GPU_SCRIPT("rocm-smi", "--showproductname")
                              : REMOTE_GPU_SCRIPT("nvidia-smi", "-L");
    rc_spawn_result r;
    if (rc_ssh_exec(&r, node, cfg, script, NULL, 0, 30) != 0) {
        out->reach_detail = rc_xstrdup(rc_error_last());
        out->gpu_detail = rc_xstrdup("node unreachable");
        return 0;
    }
    out->reachable = true;
    out->reach_detail = rc_xasprintf("ssh %s", node->host);
    rc_run_check_gpu(out, &r, tool);
    rc_spawn_result_free(&r);
    return 0;
}

/* One more connection at the start: the fixed question, its answer. */
static int ssh_env(rc_run_ctx *c, bool at_import, char **probe)
{
    *probe = NULL;
    if (at_import)
        return 0;
    rc_spawn_result r;
    int e = rc_ssh_exec(&r, c->node, c->cfg, rc_run_env_script, NULL, 0, 120);
    if (e)
        return e;
    /* any status: a tool that failed leaves its section empty */
    *probe = r.out;
    r.out = NULL;
    rc_spawn_result_free(&r);
    return 0;
}

const rc_run_ops rc_run_ops_ssh = {
    "ssh",     ssh_base, ssh_start, ssh_poll, ssh_cancel, ssh_fetch_log, rc_run_ssh_fetch_results,
    ssh_check, ssh_env,
};
