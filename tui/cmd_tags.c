#include "tui/cmd.h"

const char cmd_tags_usage[] = "usage: relcap tags [--help]\n";

int cmd_tags(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("tags", argc, argv))
        return 0;
    fprintf(stderr, "relcap tags: not implemented yet\n");
    return 1;
}
