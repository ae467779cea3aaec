#include "tui/cmd.h"

const char cmd_cache_usage[] = "usage: relcap cache [--help]\n";

int cmd_cache(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("cache", argc, argv))
        return 0;
    fprintf(stderr, "relcap cache: not implemented yet\n");
    return 1;
}
