#include "tui/cmd.h"

const char cmd_tracker_usage[] = "usage: relcap tracker [--help]\n";

int cmd_tracker(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("tracker", argc, argv))
        return 0;
    fprintf(stderr, "relcap tracker: not implemented yet\n");
    return 1;
}
