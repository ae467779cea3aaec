/* The github backend: workflow_dispatch, then the run followed through the
 * Actions API. Needs the GitHub client (core/github); until it is merged
 * this backend reports that it is unavailable. */
#include "core/error.h"
#include "core/run_backend.h"
#include "core/util.h"

static int gh_unavailable(const rc_run_ctx *c)
{
    return rc_error_set(RC_ECONFIG, "node %s: the github backend is not available in this build",
                        c->node->name);
}

static int gh_start(rc_run_ctx *c, char *const *argv, char *const *env)
{
    (void)argv;
    (void)env;
    return gh_unavailable(c);
}

static int gh_poll(rc_run_ctx *c, rc_run_poll *out)
{
    (void)out;
    return gh_unavailable(c);
}

static int gh_cancel(rc_run_ctx *c)
{
    return gh_unavailable(c);
}

static int gh_fetch_log(rc_run_ctx *c, size_t offset, char **out, size_t *len)
{
    (void)offset;
    *out = NULL;
    *len = 0;
    return gh_unavailable(c);
}

static int gh_fetch_results(rc_run_ctx *c, char **local_path)
{
    (void)local_path;
    return gh_unavailable(c);
}

int rc_run_github_check(rc_node_check *out, const rc_node *node, const rc_config *cfg)
{
    (void)cfg;
    out->reach_detail = rc_xasprintf("node %s: github backend not available", node->name);
    out->gpu_detail = rc_xstrdup("not checked");
    return 0;
}

const rc_run_ops rc_run_ops_github = {
    "github", NULL, gh_start, gh_poll, gh_cancel, gh_fetch_log, gh_fetch_results,
};
