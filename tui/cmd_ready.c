#include "tui/cmd.h"

const char cmd_ready_usage[] = "usage: relcap ready [--help]\n";

int cmd_ready(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("ready", argc, argv))
        return 0;
    fprintf(stderr, "relcap ready: not implemented yet\n");
    return 1;
}
