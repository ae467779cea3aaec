/* Perf-run nodes: one git-config subsection each, [relcap "node.NAME"].
 * A node says where runs start (backend local|ssh|slurm|github), what
 * accelerator it has and the argv template of its benchmark command. */
#ifndef RELCAP_NODES_H
#define RELCAP_NODES_H

#include "core/base/config.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    RC_BACKEND_LOCAL,
    RC_BACKEND_SSH,
    RC_BACKEND_SLURM,
    RC_BACKEND_GITHUB,
} rc_backend;

/* Strings are owned by the configuration the node was read from. */
typedef struct {
    const char *name;
    const char *kind;    /* cuda|rocm */
    const char *backend; /* local|ssh|slurm|github */
    rc_backend backend_id;
    const char *host;     /* ssh destination (ssh, slurm over ssh), NULL if none */
    long port;            /* 0: ssh's default */
    const char *identity; /* ssh -i, NULL if none */
    const char *workdir;  /* base of run directories, NULL: default */
    long gpus;
    const char *hardware; /* H100, MI300X; NULL: derived from kind */
    const char *const *command;
    size_t ncommand;
    const char *const *env; /* KEY=VALUE templates */
    size_t nenv;
    const char *results; /* relative to the run directory (or absolute) */
    const char *partition, *account, *time;
    const char *workflow, *ref, *artifact;
    const char *const *input; /* NAME=template */
    size_t ninput;
} rc_node;

/* Every configured node, sorted by name. *out is freed with free(). A node
 * missing what its backend needs is an RC_ECONFIG error naming the key. */
int rc_nodes_load(rc_node **out, size_t *count, const rc_config *cfg);
/* One node by name; RC_ENOTFOUND names the configured ones. */
int rc_node_lookup(rc_node *out, const rc_config *cfg, const char *name);
/* The hardware name results are filed under (hardware key, else H100 for
 * cuda, MI300X for rocm). */
const char *rc_node_hardware(const rc_node *node);

typedef struct {
    bool reachable;
    char *reach_detail; /* what was tried and what it said */
    bool gpu;           /* the GPU tool ran and listed devices */
    bool gpu_tool;      /* the GPU tool exists on the node */
    char *gpu_detail;   /* its output, or why not */
} rc_node_check;

/* Tests reachability and GPU presence (nvidia-smi -L for cuda, rocm-smi for
 * rocm) without starting a run. Returns 0 even when the node is down: the
 * answer is in out. */
int rc_node_check_run(rc_node_check *out, const rc_node *node, const rc_config *cfg);
void rc_node_check_free(rc_node_check *c);

#endif
