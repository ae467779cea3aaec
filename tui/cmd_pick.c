#include "tui/cmd.h"

const char cmd_pick_usage[] = "usage: relcap pick [--help]\n";

int cmd_pick(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("pick", argc, argv))
        return 0;
    fprintf(stderr, "relcap pick: not implemented yet\n");
    return 1;
}
