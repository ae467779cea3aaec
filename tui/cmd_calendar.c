#include "tui/cmd.h"

const char cmd_calendar_usage[] = "usage: relcap calendar [--help]\n";

int cmd_calendar(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("calendar", argc, argv))
        return 0;
    fprintf(stderr, "relcap calendar: not implemented yet\n");
    return 1;
}
