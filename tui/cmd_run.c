#include "tui/cmd.h"

const char cmd_run_usage[] = "usage: relcap run [--help]\n";

int cmd_run(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("run", argc, argv))
        return 0;
    fprintf(stderr, "relcap run: not implemented yet\n");
    return 1;
}
