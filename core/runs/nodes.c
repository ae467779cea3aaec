/* Nodes from [relcap "node.NAME"] subsections, and `nodes --check`
 * (each backend's check op). */
#include "core/runs/nodes.h"
#include "core/base/error.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

static const char *node_str(const rc_config *cfg, const char *name, const char *key)
{
    char *k = rc_xasprintf("relcap.node.%s.%s", name, key);
    const char *v = NULL;
    if (rc_config_string(&v, cfg, k) != 0)
        v = NULL;
    free(k);
    return v && *v ? v : NULL;
}

static long node_int(const rc_config *cfg, const char *name, const char *key)
{
    char *k = rc_xasprintf("relcap.node.%s.%s", name, key);
    long v = 0;
    if (rc_config_int(&v, cfg, k) != 0)
        v = 0;
    free(k);
    return v;
}

static const char *const *node_multi(size_t *n, const rc_config *cfg, const char *name,
                                     const char *key)
{
    char *k = rc_xasprintf("relcap.node.%s.%s", name, key);
    const char *const *v = NULL;
    if (rc_config_multi(&v, n, cfg, k) != 0) {
        v = NULL;
        *n = 0;
    }
    free(k);
    return v;
}

static int node_read(rc_node *out, const rc_config *cfg, const char *name)
{
    memset(out, 0, sizeof *out);
    out->name = name;
    out->kind = node_str(cfg, name, "kind");
    out->backend = node_str(cfg, name, "backend");
    if (!out->kind)
        out->kind = "cuda";
    if (!out->backend)
        out->backend = "local";
    static const char *const names[] = {"local", "ssh", "slurm", "github"};
    for (int i = 0; i < 4; i++)
        if (strcmp(out->backend, names[i]) == 0)
            out->backend_id = (rc_backend)i;
    /* the node's text keys: relcap.node.NAME.KEY, NULL when unset or empty */
    const struct {
        const char **field;
        const char *key;
    } texts[] = {
        {&out->host, "host"},         {&out->identity, "identity"}, {&out->workdir, "workdir"},
        {&out->hardware, "hardware"}, {&out->results, "results"},   {&out->partition, "partition"},
        {&out->account, "account"},   {&out->time, "time"},         {&out->workflow, "workflow"},
        {&out->ref, "ref"},           {&out->artifact, "artifact"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        *texts[i].field = node_str(cfg, name, texts[i].key);
    out->port = node_int(cfg, name, "port");
    out->gpus = node_int(cfg, name, "gpus");
    out->command = node_multi(&out->ncommand, cfg, name, "command");
    out->env = node_multi(&out->nenv, cfg, name, "env");
    out->input = node_multi(&out->ninput, cfg, name, "input");

    /* What each backend cannot do without. */
    if (out->backend_id == RC_BACKEND_SSH && !out->host)
        return rc_error_set(RC_ECONFIG, "node %s uses ssh but relcap.node.%s.host is not set", name,
                            name);
    if (out->backend_id == RC_BACKEND_GITHUB && !out->workflow)
        return rc_error_set(
            RC_ECONFIG, "node %s uses github but relcap.node.%s.workflow is not set", name, name);
    if (out->backend_id != RC_BACKEND_GITHUB && out->ncommand == 0)
        return rc_error_set(RC_ECONFIG, "node %s has no relcap.node.%s.command", name, name);
    return 0;
}

static int cmp_node(const void *a, const void *b)
{
    return strcmp(((const rc_node *)a)->name, ((const rc_node *)b)->name);
}

int rc_nodes_load(rc_node **out, size_t *count, const rc_config *cfg)
{
    const char *const *names;
    size_t n = 0;
    *out = NULL;
    *count = 0;
    int r = rc_config_subsections(&names, &n, cfg, "node");
    if (r)
        return r;
    rc_node *nodes = rc_xcalloc(n + 1, sizeof *nodes);
    for (size_t i = 0; i < n; i++) {
        r = node_read(&nodes[i], cfg, names[i]);
        if (r) {
            free(nodes);
            return r;
        }
    }
    qsort(nodes, n, sizeof *nodes, cmp_node);
    *out = nodes;
    *count = n;
    return 0;
}

int rc_node_lookup(rc_node *out, const rc_config *cfg, const char *name)
{
    const char *const *names;
    size_t n = 0;
    int r = rc_config_subsections(&names, &n, cfg, "node");
    if (r)
        return r;
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return node_read(out, cfg, names[i]);
    rc_buf b = {0};
    for (size_t i = 0; i < n; i++)
        rc_buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
    char *list = rc_buf_detach(&b);
    char *clean = rc_sanitize(name, false);
    r = rc_error_set(RC_ENOTFOUND, "no node '%s' (configured: %s)", clean,
                     n ? list : "none; add [relcap \"node.NAME\"] to the configuration");
    free(clean);
    free(list);
    return r;
}

const char *rc_node_hardware(const rc_node *node)
{
    if (node->hardware)
        return node->hardware;
    return strcmp(node->kind, "rocm") == 0 ? "MI300X" : "H100";
}

int rc_node_check_run(rc_node_check *out, const rc_node *node, const rc_config *cfg)
{
    memset(out, 0, sizeof *out);
    return rc_run_ops_for(node->backend_id)->check(out, node, cfg);
}

void rc_node_check_free(rc_node_check *c)
{
    free(c->reach_detail);
    free(c->gpu_detail);
    memset(c, 0, sizeof *c);
}
