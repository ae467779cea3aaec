/* The one table of subcommands: `relcap --help`, dispatch and the man page
 * check read it. It is made from RC_COMMANDS (cli/cmd.h); usage texts live
 * beside each command in cli/cmd_NAME.c. */
#include "cli/cmd.h"

#include <string.h>

#define RC_CMD_ROW(name, summary, own_help)                                                        \
    {#name, cmd_##name, summary, cmd_##name##_usage, own_help},
const rc_cmd rc_commands[] = {RC_COMMANDS(RC_CMD_ROW){NULL, NULL, NULL, NULL, false}};
#undef RC_CMD_ROW

const rc_cmd *rc_cmd_find(const char *name)
{
    for (const rc_cmd *c = rc_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int rc_cmd_call(rc_ctx *ctx, const rc_cmd *cmd, int argc, char **argv)
{
    if (!cmd->own_help && cmd_wants_help(cmd->usage, argc, argv))
        return 0;
    return cmd->fn(ctx, cmd, argc, argv);
}
