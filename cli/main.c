/* relcap [global options] <command> [args]: global options, then dispatch
 * through the command table. No command opens the cockpit. */
#include "core/base/error.h"
#include "core/base/repo.h"
#include "core/base/util.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <git2.h>
#include <locale.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

const char cmd_help_usage[] = "usage: relcap help [COMMAND]\n"
                              "Show the list of commands, or the usage of COMMAND.\n";

static void print_main_usage(FILE *f)
{
    fputs("usage: relcap [-C DIR] [--db PATH] [-c key=value]... [--version] <command> [args]\n"
          "\n"
          "Global options:\n"
          "  -C DIR          run as if started in DIR (the repository)\n"
          "  --db PATH       use this cache database\n"
          "  -c key=value    set a configuration key for this run (repeatable)\n"
          "  --version       print relcap's version\n"
          "  -h, --help      this help\n"
          "\nCommands:\n",
          f);
    for (const rc_cmd *c = rc_commands; c->name; c++)
        fprintf(f, "  %-10s  %s\n", c->name, c->summary);
    fputs("\nWith no command, relcap opens the cockpit. 'relcap COMMAND --help' for more.\n", f);
}

/* As git: exit 1, naming the most similar commands when one is close. */
static int unknown_command(const char *typed)
{
    const char *names[64];
    size_t n = 0;
    for (const rc_cmd *c = rc_commands; c->name && n + 1 < 64; c++)
        names[n++] = c->name;
    names[n] = NULL;
    return out_unknown_word(NULL, typed, names);
}

int cmd_help(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    (void)ctx;
    (void)self;
    if (argc > 1 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h")) {
        const rc_cmd *c = rc_cmd_find(argv[1]);
        if (!c)
            return unknown_command(argv[1]);
        fputs(c->usage, stdout);
        return 0;
    }
    print_main_usage(stdout);
    return 0;
}

/* Options of `relcap ui` that may come without the word ui. */
static bool is_ui_option(const char *a)
{
    static const char *const opts[] = {"--no-sync", "--snapshot",  "--keys",
                                       "--attrs",   "--list-keys", NULL};
    for (const char *const *o = opts; *o; o++)
        if (strcmp(a, *o) == 0)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    /* one malloc arena: the conflict workers' inflate buffers would each
     * keep an arena of their own resident after use (+25 MB with 2) */
    mallopt(M_ARENA_MAX, 1);
    rc_ctx ctx = {0};
    ctx.overrides = rc_xcalloc((size_t)argc, sizeof *ctx.overrides);
    int status = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0) {
            printf("relcap %s\n", RELCAP_VERSION);
            goto done;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            print_main_usage(stdout);
            goto done;
        } else if (strcmp(a, "-C") == 0 && i + 1 < argc) {
            ctx.repo_dir = argv[++i];
        } else if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            ctx.db_path = argv[++i];
        } else if (strncmp(a, "--db=", 5) == 0) {
            ctx.db_path = a + 5;
        } else if (strcmp(a, "-c") == 0 && i + 1 < argc) {
            const char *kv = argv[++i];
            if (!strchr(kv, '=')) {
                fprintf(stderr, "relcap: -c expects key=value, got '%s'\n", kv);
                status = 2;
                goto done;
            }
            ctx.overrides[ctx.n_overrides++] = kv;
        } else if (is_ui_option(a)) {
            break; /* `relcap --no-sync`: the cockpit's options without the word ui */
        } else {
            fprintf(stderr, "relcap: unknown or incomplete option '%s'\n", a);
            print_main_usage(stderr);
            status = 2;
            goto done;
        }
    }
    if (i < argc && argv[i][0] == '-') { /* ui options: relcap [ui] [--no-sync] */
        char **uiv = rc_xcalloc((size_t)(argc - i + 2), sizeof *uiv);
        uiv[0] = (char *)"ui";
        memcpy(uiv + 1, argv + i, (size_t)(argc - i) * sizeof *uiv);
        const rc_cmd *ui = rc_cmd_find("ui");
        ctx.lazy_git = true; /* the cockpit: libgit2 on first need, see below */
        status = ui ? rc_cmd_call(&ctx, ui, argc - i + 1, uiv) : 2;
        free(uiv);
        goto done;
    }
    const char *name = i < argc ? argv[i] : "ui";
    const rc_cmd *cmd = rc_cmd_find(name);
    if (!cmd) {
        status = unknown_command(name);
        goto done;
    }
    /* The cockpit initialises libgit2 when something first needs git
     * (ctx_repo): its first frame comes from the cache and the
     * configuration snapshot alone (issue 18). Every other command may call
     * libgit2 anywhere, so it is initialised here once for them. */
    ctx.lazy_git = strcmp(cmd->name, "ui") == 0;
    if (!ctx.lazy_git)
        rc_git_init();
    char *none[] = {(char *)name, NULL};
    status =
        i < argc ? rc_cmd_call(&ctx, cmd, argc - i, argv + i) : rc_cmd_call(&ctx, cmd, 1, none);
done:
    /* every exit goes through here, so ASan runs of `relcap --help` stay leak-free */
    ctx_close(&ctx);
    free(ctx.overrides);
    rc_git_shutdown();
    return status;
}
