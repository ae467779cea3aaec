#include "tui/cmd.h"

const char cmd_status_usage[] = "usage: relcap status [--help]\n";

int cmd_status(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("status", argc, argv))
        return 0;
    fprintf(stderr, "relcap status: not implemented yet\n");
    return 1;
}
