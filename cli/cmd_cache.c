/* relcap cache path|clear */
#include "core/base/error.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <string.h>

const char cmd_cache_usage[] =
    "usage: relcap cache path|clear\n"
    "  path    print the cache database path\n"
    "  clear   empty the cache tables (the next sync rebuilds them); user data -\n"
    "          triage decisions, notes, benchmark results, perf-run history - is kept\n";

int cmd_cache(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv)
{
    if (argc != 2)
        return cmd_usage_error(self, "expected 'path' or 'clear'");
    bool path = strcmp(argv[1], "path") == 0, clear = strcmp(argv[1], "clear") == 0;
    if (!path && !clear)
        return out_unknown_word("cache", argv[1], (const char *const[]){"path", "clear", NULL});
    rc_db *db;
    int st = ctx_db(ctx, &db);
    if (st)
        return st;
    if (path) {
        printf("%s\n", rc_db_path(db));
        return 0;
    }
    if (rc_db_cache_clear(db) != 0)
        return cmd_fail();
    printf("cleared the cache tables of %s (user data kept)\n", rc_db_path(db));
    return 0;
}
