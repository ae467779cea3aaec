/* relcap demo: build the demo history, then sync it and open the cockpit. */
#include "core/bench/bench.h"
#include "demo/demo.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "cli/cmd.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char cmd_demo_usage[] =
    "usage: relcap demo [DIR] [--no-ui] [--seed N]\n"
    "Build the demo history with libgit2 (no git CLI) in DIR, then open the cockpit on it.\n"
    "\n"
    "  DIR         a new or empty directory (default: a new temporary directory)\n"
    "  --no-ui     build, sync and import the benchmark files; print the directory\n"
    "  --seed N    seed of the generator (default 1); the same seed gives the same commit ids\n"
    "\n"
    "The directory is printed on stdout. Planted cases (picks of every kind, reverts, a\n"
    "conflicting pending fix, docs drift, benchmark regression and improvement) are listed\n"
    "in DIR/.relcap-demo/planted.json; benchmark files are under DIR/.relcap-demo/bench.\n";

/* Imports the demo's benchmark files: DIR/.relcap-demo/bench/<tag>/<hardware>/. */
static int demo_import_bench(rc_ctx *ctx, const char *dir)
{
    git_repository *repo;
    rc_db *db;
    int st;
    if ((st = ctx_repo(ctx, &repo)) || (st = ctx_db(ctx, &db)))
        return st;
    char *root = rc_xasprintf("%s/.relcap-demo/bench", dir);
    DIR *tags = opendir(root);
    size_t files = 0;
    for (struct dirent *t; tags && (t = readdir(tags));) {
        if (t->d_name[0] == '.')
            continue;
        char *tdir = rc_xasprintf("%s/%s", root, t->d_name);
        DIR *hws = opendir(tdir);
        for (struct dirent *h; hws && (h = readdir(hws));) {
            if (h->d_name[0] == '.')
                continue;
            char *path = rc_xasprintf("%s/%s", tdir, h->d_name);
            rc_bench_import_opts o = {.tag = t->d_name, .hardware = h->d_name};
            rc_bench_import_report rep = {0};
            if (rc_bench_import_path(&rep, db, repo, path, &o) != 0)
                st = cmd_fail();
            files += rep.files_imported;
            rc_bench_import_report_free(&rep);
            free(path);
        }
        if (hws)
            closedir(hws);
        free(tdir);
    }
    if (tags)
        closedir(tags);
    free(root);
    (void)files;
    return st;
}

/* Sync the new history, import its benchmark files, then open the cockpit. */
static int demo_open(rc_ctx *ctx, const char *dir, bool ui)
{
    ctx->repo_dir = dir;
    char *sync_argv[] = {"sync", "--no-fetch", "--git-only", "--quiet", NULL};
    int st = rc_cmd_call(ctx, rc_cmd_find("sync"), 4, sync_argv);
    if (!st)
        st = demo_import_bench(ctx, dir);
    if (st || !ui)
        return st;
    fflush(stdout);
    char *ui_argv[] = {"ui", "--no-sync", NULL};
    return rc_cmd_call(ctx, rc_cmd_find("ui"), 2, ui_argv);
}

static int parse_seed(const rc_cmd *self, const cmd_opt *opt, const char *v)
{
    char *end = NULL;
    errno = 0;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || errno || n > 0xffffffffUL || v[0] == '-')
        return cmd_usage_error(self, "--seed expects a number from 0 to 4294967295, got '%s'", v);
    *(unsigned *)opt->value = (unsigned)n;
    return 0;
}

int cmd_demo(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    const char *dir = NULL;
    bool ui = true;
    unsigned seed = 1;
    const cmd_opt opts[] = {OPT_FALSE("--no-ui", &ui), OPT_CALLBACK("--seed", &seed, parse_seed),
                            OPT_END};
    int st =
        cmd_parse_opts(self, argc, argv,
                       &(cmd_args){.opts = opts,
                                   .pos = &dir,
                                   .max = 1,
                                   .flags = CMD_ARGS_DASH,
                                   .extra = "one directory at most ('%s' is extra)",
                                   .no_value = "%s expects a number from 0 to 4294967295, got ''"});
    if (st)
        return st;
    char *tmp = NULL;
    if (!dir) {
        const char *base = getenv("TMPDIR");
        tmp = rc_xasprintf("%s/relcap-demo-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmp)) {
            rc_error_set(RC_EIO, "demo: cannot create a directory from %s: %s", tmp,
                         strerror(errno));
            free(tmp);
            return cmd_fail();
        }
        dir = tmp;
    }
    rc_demo_report rep;
    if (rc_demo_create(&rep, dir, seed) != 0) {
        free(tmp);
        return cmd_fail();
    }
    printf("%s\n", rep.dir);
    fflush(stdout);
    int status = demo_open(ctx, rep.dir, ui);
    rc_demo_report_free(&rep);
    free(tmp);
    return status;
}
