#include "tui/cmd.h"

const char cmd_config_usage[] = "usage: relcap config [--help]\n";

int cmd_config(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("config", argc, argv))
        return 0;
    fprintf(stderr, "relcap config: not implemented yet\n");
    return 1;
}
