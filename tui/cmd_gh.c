#include "tui/cmd.h"

const char cmd_gh_usage[] = "usage: relcap gh [--help]\n";

int cmd_gh(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("gh", argc, argv))
        return 0;
    fprintf(stderr, "relcap gh: not implemented yet\n");
    return 1;
}
