/* The one table of subcommands: `relcap --help`, dispatch and the man page
 * check read it. Usage texts live beside each command in tui/cmd_NAME.c. */
#include "cli/cmd.h"

#include <string.h>

extern const char cmd_help_usage[];
extern const char cmd_ui_usage[];
extern const char cmd_demo_usage[];
extern const char cmd_sync_usage[];
extern const char cmd_status_usage[];
extern const char cmd_branches_usage[];
extern const char cmd_tags_usage[];
extern const char cmd_picks_usage[];
extern const char cmd_pick_usage[];
extern const char cmd_prs_usage[];
extern const char cmd_tracker_usage[];
extern const char cmd_gh_usage[];
extern const char cmd_bench_usage[];
extern const char cmd_nodes_usage[];
extern const char cmd_run_usage[];
extern const char cmd_compat_usage[];
extern const char cmd_calendar_usage[];
extern const char cmd_ready_usage[];
extern const char cmd_version_usage[];
extern const char cmd_config_usage[];
extern const char cmd_cache_usage[];
extern const char cmd_diff_usage[];
extern const char cmd_notes_usage[];

const rc_cmd rc_commands[] = {
    {"help", cmd_help, "Show help for relcap or a command", cmd_help_usage},
    {"ui", cmd_ui, "Open the cockpit (the default command)", cmd_ui_usage},
    {"demo", cmd_demo, "Build the demo history and open the cockpit on it", cmd_demo_usage},
    {"sync", cmd_sync, "Fetch and scan git (and GitHub) into the cache", cmd_sync_usage},
    {"status", cmd_status, "One screen: each maintained release line at a glance",
     cmd_status_usage},
    {"branches", cmd_branches, "List release branches", cmd_branches_usage},
    {"tags", cmd_tags, "List version tags", cmd_tags_usage},
    {"picks", cmd_picks, "List cherry-pick candidates of a release branch", cmd_picks_usage},
    {"pick", cmd_pick, "Triage and apply cherry-picks", cmd_pick_usage},
    {"prs", cmd_prs, "List pull requests from the cache", cmd_prs_usage},
    {"tracker", cmd_tracker, "List release tracker requests", cmd_tracker_usage},
    {"gh", cmd_gh, "Act on GitHub: report or comment on the tracker, label a PR", cmd_gh_usage},
    {"bench", cmd_bench, "Import benchmark results, show deltas and history", cmd_bench_usage},
    {"nodes", cmd_nodes, "List perf-run nodes, check them", cmd_nodes_usage},
    {"run", cmd_run, "Start, follow and cancel perf runs", cmd_run_usage},
    {"diff", cmd_diff, "What changed between two tags: picks, reverts, branch-only commits",
     cmd_diff_usage},
    {"notes", cmd_notes, "Draft release notes: the PRs a tag ships, grouped by prefix",
     cmd_notes_usage},
    {"compat", cmd_compat, "Show the compatibility matrix against the tags", cmd_compat_usage},
    {"calendar", cmd_calendar, "Show the release calendar against the tags", cmd_calendar_usage},
    {"ready", cmd_ready, "Go/no-go gate for a release", cmd_ready_usage},
    {"version", cmd_version, "Parse, sort and step PEP 440 versions", cmd_version_usage},
    {"config", cmd_config, "Show the effective configuration", cmd_config_usage},
    {"cache", cmd_cache, "Cache maintenance (path, clear)", cmd_cache_usage},
    {NULL, NULL, NULL, NULL},
};

const rc_cmd *rc_cmd_find(const char *name)
{
    for (const rc_cmd *c = rc_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
