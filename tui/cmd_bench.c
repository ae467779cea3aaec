#include "tui/cmd.h"

const char cmd_bench_usage[] = "usage: relcap bench [--help]\n";

int cmd_bench(rc_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (cmd_wants_help("bench", argc, argv))
        return 0;
    fprintf(stderr, "relcap bench: not implemented yet\n");
    return 1;
}
