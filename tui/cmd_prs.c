#include "tui/cmd.h"

const char cmd_prs_usage[] = "usage: relcap prs [--help]\n";

int cmd_prs(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("prs", argc, argv))
        return 0;
    fprintf(stderr, "relcap prs: not implemented yet\n");
    return 1;
}
