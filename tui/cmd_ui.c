#include "tui/cmd.h"

const char cmd_ui_usage[] = "usage: relcap ui [--help]\n";

int cmd_ui(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("ui", argc, argv))
        return 0;
    fprintf(stderr, "relcap ui: not implemented yet\n");
    return 1;
}
