#include "tui/cmd.h"

const char cmd_sync_usage[] = "usage: relcap sync [--help]\n";

int cmd_sync(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("sync", argc, argv))
        return 0;
    fprintf(stderr, "relcap sync: not implemented yet\n");
    return 1;
}
