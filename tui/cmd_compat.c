#include "tui/cmd.h"

const char cmd_compat_usage[] = "usage: relcap compat [--help]\n";

int cmd_compat(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("compat", argc, argv))
        return 0;
    fprintf(stderr, "relcap compat: not implemented yet\n");
    return 1;
}
