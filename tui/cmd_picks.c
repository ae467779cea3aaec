#include "tui/cmd.h"

const char cmd_picks_usage[] = "usage: relcap picks [--help]\n";

int cmd_picks(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("picks", argc, argv))
        return 0;
    fprintf(stderr, "relcap picks: not implemented yet\n");
    return 1;
}
