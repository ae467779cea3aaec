#include "tui/cmd.h"

const char cmd_version_usage[] = "usage: relcap version [--help]\n";

int cmd_version(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("version", argc, argv))
        return 0;
    fprintf(stderr, "relcap version: not implemented yet\n");
    return 1;
}
