/* relcap ui: the cockpit (also `relcap` with no command). */
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "tui/ui.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_ui_usage[] =
    "usage: relcap ui [--no-sync] [--snapshot COLSxROWS [--keys KEYS] [--attrs]]\n"
    "       relcap ui --list-keys\n"
    "\n"
    "Open the cockpit: branches, RC tags, cherry-picks, benchmark deltas and perf\n"
    "runs. The first frame comes from the cache; a background `relcap sync` then\n"
    "refreshes it (relcap.syncOnStart; R syncs again). Press ? for every key.\n"
    "\n"
    "  --no-sync            do not sync when opening\n"
    "  --list-keys          print the key table, a line per action:\n"
    "                       ACTION<TAB>DEFAULT KEYS<TAB>what it does\n"
    "  --snapshot COLSxROWS render off-screen at this size (no terminal needed),\n"
    "                       replay --keys, print the final frame as text; no sync\n"
    "  --keys KEYS          keys to replay: plain characters and <Tab> <S-Tab>\n"
    "                       <Enter> <Esc> <Space> <BS> <Up> <Down> <Left> <Right>\n"
    "                       <PgUp> <PgDn> <Home> <End> <F1>..<F12> <C-x>, <lt> for '<'\n"
    "  --attrs              mark colours in the snapshot: {ROLE:text}, roles\n"
    "                       h header, sel selection, tab/tabsel tabs, t title,\n"
    "                       st status, err error, k/f function-bar key/label,\n"
    "                       g good, r bad (regression, conflict, failure), y pending,\n"
    "                       d dim, dlg dialog; without colour: B bold, R reverse,\n"
    "                       U underline, D dim; literal braces are doubled\n"
    "  --bench-scroll N     (benchmarks) after --keys, time N frames of 'j' and print\n"
    "                       first-frame-ms and frame-ms on stderr\n";

/* The cockpit opens the repository (and initialises libgit2) when an
 * action first needs git, not before its first frame. */
static git_repository *ui_repo_open(void *arg)
{
    git_repository *repo = NULL;
    return ctx_repo(arg, &repo) == 0 ? repo : NULL;
}

static bool parse_size(const char *s, int *cols, int *rows)
{
    char *x;
    long c = strtol(s, &x, 10);
    if (x == s || (*x != 'x' && *x != 'X'))
        return false;
    char *end;
    long r = strtol(x + 1, &end, 10);
    if (end == x + 1 || *end || c < 1 || r < 1 || c > 1000 || r > 1000)
        return false;
    *cols = (int)c;
    *rows = (int)r;
    return true;
}

/* --list-keys: the one key table (tui/keymap.c), what ? and the function
 * bar show. 0 when printed, 2 on misuse, -1 when not asked for. */
static int list_keys(const rc_cmd *self, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list-keys") != 0)
            continue;
        if (argc != 2)
            return cmd_usage_error(self, "--list-keys takes no other option");
        for (const rc_keydef *d = rc_keymap; d->action; d++)
            printf("%s\t%s\t%s\n", d->action, d->keys, d->help);
        return 0;
    }
    return -1;
}

/* --snapshot COLSxROWS */
static int parse_snapshot(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    rc_ui_opts *o = opt->value;
    if (!parse_size(v, &o->cols, &o->rows))
        return cmd_usage_error(self, "--snapshot wants COLSxROWS, like 80x24, not '%s'", v);
    o->snapshot = true;
    return 0;
}

/* --bench-scroll N, as strtol reads it (a benchmark's knob, unchecked) */
static int parse_scroll(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    (void)self;
    *(long *)opt->value = strtol(v, NULL, 10);
    return 0;
}

/* The options into o; 0, or the usage error's exit status. */
static int parse_options(rc_ui_opts *o, const rc_cmd *self, int argc, char **argv)
{
    const cmd_opt opts[] = {OPT_BOOL("--no-sync", &o->no_sync),
                            OPT_CALLBACK("--snapshot", o, parse_snapshot),
                            OPT_STRING("--keys", &o->keys),
                            OPT_BOOL("--attrs", &o->attrs),
                            OPT_CALLBACK("--bench-scroll", &o->bench_scroll, parse_scroll),
                            OPT_END};
    const char *bad = "unknown or incomplete option '%s'";
    int st = cmd_parse_only(self, argc, argv, opts, bad);
    if (st)
        return st;
    if ((o->keys || o->attrs || o->bench_scroll) && !o->snapshot)
        return cmd_usage_error(self, "--keys, --attrs and --bench-scroll need --snapshot");
    return 0;
}

/* The background children run this same binary (exe) with the same global
 * options: `sync --progress-lines` into *sync, and `run refresh` (the
 * live-runs poller) into *refresh when there is a repository (a bare
 * cache has no nodes to ask). The arrays borrow their strings. */
static void child_argvs(char ***sync, char ***refresh, rc_ctx *ctx, char *exe)
{
    char **sargv = rc_xcalloc(9 + 2 * ctx->n_overrides, sizeof *sargv);
    size_t k = 0;
    sargv[k++] = exe;
    if (ctx->repo_dir) {
        sargv[k++] = "-C";
        sargv[k++] = (char *)ctx->repo_dir;
    }
    if (ctx->db_path) {
        sargv[k++] = "--db";
        sargv[k++] = (char *)ctx->db_path;
    }
    for (size_t i = 0; i < ctx->n_overrides; i++) {
        sargv[k++] = "-c";
        sargv[k++] = (char *)ctx->overrides[i];
    }
    /* the live-runs poller: the same global options, `run refresh`; a
     * bare cache (no repository: no nodes to ask) is shown as it is */
    *refresh = NULL;
    if (ctx_has_repo(ctx)) {
        *refresh = rc_xcalloc(k + 3, sizeof **refresh);
        memcpy(*refresh, sargv, k * sizeof *sargv);
        (*refresh)[k] = "run";
        (*refresh)[k + 1] = "refresh";
    }
    sargv[k++] = "sync";
    sargv[k++] = "--progress-lines"; /* conflicts filling in: a count, and rows reloaded */
    sargv[k] = NULL;
    *sync = sargv;
}

int cmd_ui(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    rc_ui_opts o = {0};
    int r = list_keys(self, argc, argv);
    if (r >= 0)
        return r;
    if ((r = parse_options(&o, self, argc, argv)))
        return r;
    rc_config *cfg;
    rc_db *db;
    if ((r = ctx_config(ctx, &cfg)))
        return r;
    if ((r = ctx_db(ctx, &db)))
        return r;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char **sargv = NULL, **rargv = NULL;
    if (!o.snapshot && n > 0) {
        exe[n] = '\0';
        child_argvs(&sargv, &rargv, ctx, exe);
    }
    o.sync_argv = sargv;
    o.refresh_argv = rargv;
    o.repo = ctx->repo; /* open when the configuration was read through libgit2 */
    o.has_repo = ctx_has_repo(ctx);
    o.repo_open = ui_repo_open;
    o.repo_arg = ctx;
    r = rc_ui_run(db, cfg, &o);
    free(sargv);
    free(rargv);
    return r;
}
