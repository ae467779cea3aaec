/* Internal to the perf-run module: the ops table each backend implements
 * (core/runs/run_local.c, run_ssh.c, run_slurm.c, run_github.c) and the
 * helpers they share. Imports go one way: runs.c and nodes.c reach a
 * backend only through rc_run_ops_for; backends use template.c, run_exec.c
 * and run_local.c's helpers, never runs.c. Nothing here goes through a
 * shell on this machine: programs are started by core/base/spawn. */
#ifndef RELCAP_RUN_BACKEND_H
#define RELCAP_RUN_BACKEND_H

/* Internal to core/runs/: the room's CMake target defines RELCAP_RUNS. */
#ifndef RELCAP_RUNS
#error "core/runs/runs_internal.h is internal to core/runs/; use the room's public header"
#endif

#include "core/base/spawn.h"
#include "core/runs/runs.h"

typedef struct {
    rc_db *db;
    git_repository *repo;
    const rc_config *cfg;
    const rc_node *node;
    rc_run *run;
    const char *local_dir;   /* this machine's directory for the run (logs, copies) */
    const char *run_dir;     /* the run's directory where it runs (node side) */
    const rc_run_vars *vars; /* placeholder values; only set while starting */
} rc_run_ctx;

typedef struct {
    rc_run_state state;
    bool has_exit;
    int exit_code;
    /* When the run really ended (epoch seconds), as the node recorded it;
     * 0 when the backend cannot tell (then: when the end was noticed). */
    int64_t ended_at;
    char *reason; /* set for lost/failed/cancelled when known */
} rc_run_poll;

typedef struct {
    const char *name;
    /* Base under which run directories live on the node: NULL = default. */
    char *(*base_dir)(const rc_run_ctx *c);
    /* Starts argv (env: KEY=VALUE strings); sets run->remote_id, log_path,
     * state. */
    int (*start)(rc_run_ctx *c, char *const *argv, char *const *env);
    /* Asks the node. A transport failure (node unreachable) is an error,
     * not `lost`: lost is only for a node that answers and does not know it. */
    int (*poll)(rc_run_ctx *c, rc_run_poll *out);
    int (*cancel)(rc_run_ctx *c);
    int (*fetch_log)(rc_run_ctx *c, size_t offset, char **out, size_t *len);
    /* Makes the results available on this machine: *local_path gets a
     * directory to import; RC_ENOTFOUND when the run left none. */
    int (*fetch_results)(rc_run_ctx *c, char **local_path);
    /* `nodes --check`: can the node be reached, does it have GPUs? Starts
     * nothing on the node; a node that does not answer is an answer (0). */
    int (*check)(rc_node_check *out, const rc_node *node, const rc_config *cfg);
    /* What the node runs on, asked on the node (core/runs/run_env.c):
     * *probe gets rc_run_env_script's sections, or NULL when the backend
     * cannot tell at this moment. at_import false: right after the start
     * (local, ssh ask then); true: when the results are imported (slurm
     * reads what its job wrote on the compute node). NULL: never (github:
     * only the result files' own fields say). */
    int (*env)(rc_run_ctx *c, bool at_import, char **probe);
} rc_run_ops;

extern const rc_run_ops rc_run_ops_local, rc_run_ops_ssh, rc_run_ops_slurm, rc_run_ops_github;
/* The ops of a backend (core/runs/backends.c): the one way from runs.c and
 * nodes.c to a backend. */
const rc_run_ops *rc_run_ops_for(rc_backend b);

/* ---- the node's environment (core/runs/run_env.c) ---- */

/* Fixed shell text (no configured or git value) that prints the sections
 * "@gpu" (nvidia-smi name, driver), "@rocm" (rocm-smi --json) and "@torch"
 * (torch, CUDA, HIP versions) for the tools the node has. */
extern const char rc_run_env_script[];
/* The same sections from nvidia-smi, rocm-smi and python3 started here
 * (argv, no shell). */
char *rc_run_env_probe_local(void);
/* The environment JSON object bench_results.env holds ({"gpu", "driver",
 * "cuda", "rocm", "torch"}) from the sections, every value sanitized and
 * capped; NULL when they say nothing. */
char *rc_run_env_parse(const char *probe);

/* ---- ssh and scp (core/runs/run_exec.c); processes: core/base/spawn.h ---- */

/* The ssh / scp argv prefix for a node (BatchMode, port, identity, options);
 * NULL-terminated growable list. */
int rc_ssh_argv(rc_spawn_argv *out, const rc_node *node, const rc_config *cfg, bool scp);
/* Runs a command string on the node's host through ssh. Every value in
 * script must already have gone through rc_run_shell_quote. */
int rc_ssh_exec(rc_spawn_result *out, const rc_node *node, const rc_config *cfg, const char *script,
                const char *input, size_t inlen, int timeout_s);
/* Copies host:remote_dir into local_parent (scp -r, argv, no shell). */
int rc_scp_fetch_dir(const rc_node *node, const rc_config *cfg, const char *remote_dir,
                     const char *local_parent);

/* For the check ops: the first max non-empty lines of s, "; "-joined and
 * sanitised; the GPU tool's answer into out (127: the tool is missing). */
char *rc_run_first_lines(const char *s, int max);
void rc_run_check_gpu(rc_node_check *out, const rc_spawn_result *r, const char *tool);
/* Base of local run directories: workdir (relative to the git directory),
 * NULL for the default GITDIR/relcap. */
char *rc_run_local_base(const rc_run_ctx *c);
/* Bytes of a local log file from offset; an absent file reads as empty
 * (core/runs/run_local.c). */
int rc_run_read_local_log(const char *path, size_t offset, char **out, size_t *len);
/* Shared by ssh and slurm over ssh (core/run_ssh.c). */
int rc_run_ssh_read_log(const rc_node *node, const rc_config *cfg, const char *path, size_t offset,
                        char **out, size_t *len);
int rc_run_ssh_fetch_results(rc_run_ctx *c, char **local_path);
#endif
