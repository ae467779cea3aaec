#include "tui/cmd.h"

const char cmd_demo_usage[] = "usage: relcap demo [--help]\n";

int cmd_demo(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("demo", argc, argv))
        return 0;
    fprintf(stderr, "relcap demo: not implemented yet\n");
    return 1;
}
