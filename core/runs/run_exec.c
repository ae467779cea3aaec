/* The ssh and scp command lines for a node (argv, options checked), and
 * running a script or a copy through them with core/base/spawn. */
#include "core/base/error.h"
#include "core/runs/runs_internal.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ssh options that run a program on this machine (or load code into ssh):
 * the option list may come from a committed .relcap, and `relcap nodes
 * --check` must start nothing, so they are refused; set them in
 * ~/.ssh/config for the host instead. */
static bool ssh_option_unsafe(const char *opt)
{
    static const char *const denied[] = {"ProxyCommand",
                                         "LocalCommand",
                                         "PermitLocalCommand",
                                         "KnownHostsCommand",
                                         "RemoteCommand",
                                         "Match",
                                         "Include",
                                         "PKCS11Provider",
                                         "SecurityKeyProvider",
                                         "XAuthLocation",
                                         "ForwardX11",
                                         "ForwardX11Trusted",
                                         NULL};
    size_t klen = strcspn(opt, "= \t");
    for (const char *const *d = denied; *d; d++)
        if (klen == strlen(*d) && strncasecmp(opt, *d, klen) == 0)
            return true;
    const char *v = opt + klen;
    v += strspn(v, "= \t");
    /* no option may smuggle a second line or look like a command-line flag */
    return strpbrk(opt, "\r\n") != NULL || *v == '-' || klen == 0;
}

int rc_ssh_argv(rc_spawn_argv *out, const rc_node *node, const rc_config *cfg, bool scp)
{
    memset(out, 0, sizeof *out);
    if (!node->host || !*node->host)
        return rc_error_set(RC_ECONFIG, "node %s: relcap.node.%s.host is not set", node->name,
                            node->name);
    /* The destination is an ssh argument: it must not read as an option. */
    if (node->host[0] == '-' || !rc_run_value_safe(node->host))
        return rc_error_set(RC_EUNSAFE, "node %s: host '%s' is not a plain ssh destination",
                            node->name, node->host);
    rc_spawn_argv_add(out, scp ? "scp" : "ssh");
    if (scp) {
        rc_spawn_argv_add(out, "-q");
        rc_spawn_argv_add(out, "-r");
    }
    rc_spawn_argv_add(out, "-o");
    rc_spawn_argv_add(out, "BatchMode=yes");
    rc_spawn_argv_add(out, "-o");
    rc_spawn_argv_add(out, "ConnectTimeout=10");
    rc_spawn_argv_add(out, "-o");
    rc_spawn_argv_add(out, "LogLevel=ERROR");
    if (node->port > 0) {
        rc_spawn_argv_add(out, scp ? "-P" : "-p");
        rc_spawn_argv_addf(out, "%ld", node->port);
    }
    if (node->identity) {
        rc_spawn_argv_add(out, "-i");
        rc_spawn_argv_add(out, node->identity);
    }
    char *key = rc_xasprintf("relcap.node.%s.sshOption", node->name);
    const char *const *opts;
    size_t nopts = 0;
    if (rc_config_multi(&opts, &nopts, cfg, key) == 0) {
        for (size_t i = 0; i < nopts; i++) {
            if (ssh_option_unsafe(opts[i])) {
                int e = rc_error_set(RC_EUNSAFE,
                                     "node %s: refusing ssh option '%s' from %s (%s): it can run "
                                     "a local command; put it in ~/.ssh/config for the host",
                                     node->name, opts[i], key, rc_config_origin(cfg, key));
                free(key);
                rc_spawn_argv_free(out);
                return e;
            }
            rc_spawn_argv_add(out, "-o");
            rc_spawn_argv_add(out, opts[i]);
        }
    }
    free(key);
    return 0;
}

int rc_ssh_exec(rc_spawn_result *out, const rc_node *node, const rc_config *cfg, const char *script,
                const char *input, size_t inlen, int timeout_s)
{
    rc_spawn_argv a;
    int r = rc_ssh_argv(&a, node, cfg, false);
    if (r)
        return r;
    rc_spawn_argv_add(&a, "--");
    rc_spawn_argv_add(&a, node->host);
    rc_spawn_argv_add(&a, script);
    r = rc_spawn_run(out, (const char *const *)a.v,
                     &(rc_spawn_opts){.input = input, .inlen = inlen, .timeout_s = timeout_s});
    rc_spawn_argv_free(&a);
    if (r)
        return r;
    if (out->status == 255 || out->status == 124) {
        char *s = rc_spawn_summary(out);
        r = rc_error_set(RC_ENET, "node %s: ssh %s: %s", node->name, node->host, s);
        free(s);
        rc_spawn_result_free(out);
        return r;
    }
    return 0;
}

int rc_scp_fetch_dir(const rc_node *node, const rc_config *cfg, const char *remote_dir,
                     const char *local_parent)
{
    rc_spawn_argv a;
    int r = rc_ssh_argv(&a, node, cfg, true);
    if (r)
        return r;
    rc_spawn_argv_add(&a, "--");
    rc_spawn_argv_addf(&a, "%s:%s", node->host, remote_dir);
    rc_spawn_argv_add(&a, local_parent);
    rc_spawn_result res;
    r = rc_spawn_run(&res, (const char *const *)a.v, &(rc_spawn_opts){.timeout_s = 600});
    rc_spawn_argv_free(&a);
    if (r)
        return r;
    if (res.status != 0) {
        char *s = rc_spawn_summary(&res);
        r = rc_error_set(RC_ENET, "node %s: scp %s:%s: %s", node->name, node->host, remote_dir, s);
        free(s);
    }
    rc_spawn_result_free(&res);
    return r;
}

char *rc_run_first_lines(const char *s, int max)
{
    rc_buf b = {0};
    int lines = 0;
    const char *p = s;
    while (*p && lines < max) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len) {
            rc_buf_printf(&b, "%s%.*s", lines ? "; " : "", (int)len, p);
            lines++;
        }
        p += len + (nl ? 1 : 0);
    }
    char *raw = rc_buf_detach(&b);
    char *clean = rc_sanitize(raw, false);
    free(raw);
    return clean;
}

/* Interprets the GPU tool's answer: 127 means the tool is not there. */
void rc_run_check_gpu(rc_node_check *out, const rc_spawn_result *r, const char *tool)
{
    if (r->status == 127) {
        out->gpu_tool = false;
        out->gpu_detail = rc_xasprintf("no %s on this node", tool);
        return;
    }
    out->gpu_tool = true;
    if (r->status == 0 && r->out_len > 0) {
        out->gpu = true;
        out->gpu_detail = rc_run_first_lines(r->out, 8);
    } else {
        char *s = rc_spawn_summary(r);
        out->gpu_detail = rc_xasprintf("%s found but lists no GPU (%s)", tool, s);
        free(s);
    }
}
