#include "tui/cmd.h"

const char cmd_nodes_usage[] = "usage: relcap nodes [--help]\n";

int cmd_nodes(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("nodes", argc, argv))
        return 0;
    fprintf(stderr, "relcap nodes: not implemented yet\n");
    return 1;
}
