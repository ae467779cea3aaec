/* relcap nodes [--check] [--json] */
#include "core/base/error.h"
#include "core/runs/nodes.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <stdlib.h>
#include <string.h>

const char cmd_nodes_usage[] =
    "usage: relcap nodes [--check] [--json]\n"
    "\n"
    "Lists the perf-run nodes configured as [relcap \"node.NAME\"] subsections.\n"
    "\n"
    "  --check   test each node: reachability (local, ssh, slurm controller) and\n"
    "            GPU presence (nvidia-smi -L for cuda, rocm-smi for rocm), starting\n"
    "            nothing; exit status 1 when a node cannot run: unreachable, or (local\n"
    "            and ssh nodes) no GPU tool (\"no nvidia-smi on this node\") or no GPU\n"
    "  --json    print a JSON array\n";

static char *clean(const char *s)
{
    return rc_sanitize(s ? s : "", false);
}

/* A node that cannot run a benchmark: unreachable, or without a GPU where
 * it names its own (slurm and github nodes name no GPU tool of their own:
 * the scheduler or the workflow picks one). */
static bool cannot_run(const rc_node *nd, const rc_node_check *chk)
{
    bool own_gpu = nd->backend_id == RC_BACKEND_LOCAL || nd->backend_id == RC_BACKEND_SSH;
    return !chk->reachable || (own_gpu && !chk->gpu);
}

static cJSON *node_json(const rc_node *nd, const rc_node_check *chk)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", nd->name);
    cJSON_AddStringToObject(o, "kind", nd->kind);
    cJSON_AddStringToObject(o, "backend", nd->backend);
    cJSON_AddStringToObject(o, "hardware", rc_node_hardware(nd));
    cJSON_AddNumberToObject(o, "gpus", (double)nd->gpus);
    if (nd->host)
        cJSON_AddStringToObject(o, "host", nd->host);
    if (nd->workdir)
        cJSON_AddStringToObject(o, "workdir", nd->workdir);
    if (nd->workflow)
        cJSON_AddStringToObject(o, "workflow", nd->workflow);
    cJSON *cmd = cJSON_AddArrayToObject(o, "command");
    for (size_t k = 0; k < nd->ncommand; k++)
        cJSON_AddItemToArray(cmd, cJSON_CreateString(nd->command[k]));
    if (chk) {
        cJSON *c = cJSON_AddObjectToObject(o, "check");
        cJSON_AddBoolToObject(c, "reachable", chk->reachable);
        cJSON_AddStringToObject(c, "reach", chk->reach_detail ? chk->reach_detail : "");
        cJSON_AddBoolToObject(c, "gpu_tool", chk->gpu_tool);
        cJSON_AddBoolToObject(c, "gpu", chk->gpu);
        cJSON_AddStringToObject(c, "gpu_detail", chk->gpu_detail ? chk->gpu_detail : "");
    }
    return o;
}

/* A row of the plain listing, and the check's two lines under it. */
static void node_print(const rc_node *nd, const rc_node_check *chk)
{
    const char *where = nd->backend_id == RC_BACKEND_GITHUB ? nd->workflow
                        : nd->host                          ? nd->host
                                                            : "this machine";
    char *w = clean(where);
    printf("%-16s %-5s %-7s %-8s %-4ld %s\n", nd->name, nd->kind, nd->backend, rc_node_hardware(nd),
           nd->gpus, w);
    free(w);
    if (!chk)
        return;
    char *r = clean(chk->reach_detail), *g = clean(chk->gpu_detail);
    printf("  reachable: %s (%s)\n", chk->reachable ? "yes" : "NO", r);
    /* the detail says it all when there is no GPU tool: said once */
    if (chk->reachable && !chk->gpu_tool)
        printf("  gpu:       NO (%s)\n", g);
    else
        printf("  gpu:       %s (%s)\n",
               !chk->reachable ? "not checked"
               : chk->gpu      ? "yes"
                               : "NO, none found",
               g);
    free(r);
    free(g);
}

int cmd_nodes(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    bool check = false, json = false;
    const cmd_opt opts[] = {OPT_BOOL("--check", &check), OPT_BOOL("--json", &json), OPT_END};
    const char *bad = "unknown argument '%s'";
    int st = cmd_parse_only(self, argc, argv, opts, bad);
    rc_config *cfg;
    if (st || (st = ctx_config(ctx, &cfg)))
        return st;
    rc_node *nodes;
    size_t n;
    if (rc_nodes_load(&nodes, &n, cfg) != 0)
        return cmd_fail();
    cJSON *doc = json ? cJSON_CreateArray() : NULL;
    if (!json && n == 0)
        printf("no nodes configured (add [relcap \"node.NAME\"] with kind, backend, command)\n");
    if (!json && n)
        printf("%-16s %-5s %-7s %-8s %-4s %s\n", "NODE", "KIND", "BACKEND", "HARDWARE", "GPUS",
               "WHERE");
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        rc_node_check chk;
        memset(&chk, 0, sizeof chk);
        if (check) {
            rc_node_check_run(&chk, &nodes[i], cfg);
            if (cannot_run(&nodes[i], &chk))
                status = 1;
        }
        if (json)
            cJSON_AddItemToArray(doc, node_json(&nodes[i], check ? &chk : NULL));
        else
            node_print(&nodes[i], check ? &chk : NULL);
        rc_node_check_free(&chk);
    }
    if (json)
        cmd_print_json(doc);
    free(nodes);
    return status;
}
