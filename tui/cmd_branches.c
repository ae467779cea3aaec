#include "tui/cmd.h"

const char cmd_branches_usage[] = "usage: relcap branches [--help]\n";

int cmd_branches(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("branches", argc, argv))
        return 0;
    fprintf(stderr, "relcap branches: not implemented yet\n");
    return 1;
}
