/* The command table and the context every subcommand gets. Each command
 * lives in its own cli/cmd_NAME.c and returns an exit status: 0 ok,
 * 1 failure, 2 usage or configuration error. */
#ifndef RELCAP_CMD_H
#define RELCAP_CMD_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "cli/opts.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
    const char *repo_dir; /* -C, NULL for the current directory */
    const char *db_path;  /* --db */
    const char **overrides;
    size_t n_overrides;
    git_repository *repo; /* opened on first use by ctx_repo */
    rc_repo_paths found;  /* where the repository is, found without libgit2 */
    int found_state;      /* 0 not looked yet, 1 found, -1 not sure (ask libgit2) */
    bool cfg_snapshot;    /* cfg came from the snapshot: `found` is what libgit2 opened */
    /* the cockpit: ctx_config may use the snapshot and leave repo NULL;
     * every other command finds repo opened by ctx_config, as it expects */
    bool lazy_git;
    rc_config *cfg;
    rc_db *db;
} rc_ctx;

typedef int (*rc_cmd_fn)(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv);

struct rc_cmd {
    const char *name;
    rc_cmd_fn fn;
    const char *summary; /* one line, for `relcap --help` and the man page check */
    const char *usage;   /* full usage text printed by `relcap NAME --help` */
    bool own_help;       /* answers -h/--help itself (help, version: per subcommand) */
};

/* Every command, in the order of `relcap --help`: X(name, summary, own_help).
 * Each NAME has its entry point cmd_NAME and its usage text cmd_NAME_usage
 * in cli/cmd_NAME.c (help: cli/main.c); the table (cli/commands.c) and the
 * declarations below are made from this one list. */
#define RC_COMMANDS(X)                                                                             \
    X(help, "Show help for relcap or a command", true)                                             \
    X(ui, "Open the cockpit (the default command)", false)                                         \
    X(demo, "Build the demo history and open the cockpit on it", false)                            \
    X(sync, "Fetch and scan git (and GitHub) into the cache", false)                               \
    X(status, "One screen: each maintained release line at a glance", false)                       \
    X(branches, "List release branches", false)                                                    \
    X(tags, "List version tags", false)                                                            \
    X(picks, "List cherry-pick candidates of a release branch", false)                             \
    X(pick, "Triage and apply cherry-picks", false)                                                \
    X(where, "Where a PR or commit is on every release branch", false)                             \
    X(prs, "List pull requests from the cache", false)                                             \
    X(tracker, "List release tracker requests", false)                                             \
    X(gh, "Act on GitHub: report or comment on the tracker, label a PR", false)                    \
    X(bench, "Import benchmark results, show deltas and history", false)                           \
    X(nodes, "List perf-run nodes, check them", false)                                             \
    X(run, "Start, follow and cancel perf runs", false)                                            \
    X(diff, "What changed between two tags: picks, reverts, branch-only commits", false)           \
    X(notes, "Draft release notes: the PRs a tag ships, grouped by prefix", false)                 \
    X(compat, "Show the compatibility matrix against the tags", false)                             \
    X(calendar, "Show the release calendar against the tags", false)                               \
    X(ready, "Go/no-go gate for a release", false)                                                 \
    X(version, "Parse, sort and step PEP 440 versions", true)                                      \
    X(config, "Show the effective configuration", false)                                           \
    X(cache, "Cache maintenance (path, clear)", false)

#define RC_CMD_DECLARE(name, summary, own_help)                                                    \
    int cmd_##name(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv);                        \
    extern const char cmd_##name##_usage[];
RC_COMMANDS(RC_CMD_DECLARE)
#undef RC_CMD_DECLARE

extern const rc_cmd rc_commands[]; /* NULL-terminated by name */
const rc_cmd *rc_cmd_find(const char *name);
/* Runs cmd with argv (argv[0] its name): prints its usage for -h or --help
 * (exit status 0) unless it answers that itself, else returns cmd->fn's. */
int rc_cmd_call(rc_ctx *ctx, const rc_cmd *cmd, int argc, char **argv);

/* Lazily open the repository (-C or discovered from cwd), the configuration
 * (needs no repository) and the database (--db, relcap.db, or
 * GITDIR/relcap/cache.db). On failure they print the error and return the
 * exit status to use (1, or 2 for configuration errors). Only ctx_repo
 * initialises libgit2: the configuration comes from its snapshot and the
 * database's place from ctx_has_repo's walk while those hold, so that the
 * cockpit's first frame needs no libgit2 (issue 18). */
int ctx_repo(rc_ctx *ctx, git_repository **out);
/* Whether there is a repository (-C or from cwd): without opening it when
 * the configuration came from its snapshot (call after ctx_config). */
bool ctx_has_repo(rc_ctx *ctx);
int ctx_config(rc_ctx *ctx, rc_config **out);
int ctx_db(rc_ctx *ctx, rc_db **out);
/* All three into ctx->repo, ctx->cfg and ctx->db, the repository first (so
 * outside a repository the one error is "no git repository here" and no
 * cache file is created): for the commands that read git and the cache
 * together. */
int ctx_open_all(rc_ctx *ctx);
void ctx_close(rc_ctx *ctx);

/* Prints "relcap: <message>" for the last core error and maps its code to
 * an exit status. */
int cmd_fail(void);
/* Prints a usage error for cmd and returns 2. */
int cmd_usage_error(const rc_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True (after printing usage) when argv holds -h or --help before any "--". */
bool cmd_wants_help(const char *usage, int argc, char **argv);
/* For the listings whose only option is --json: 0 with *json set, or the
 * usage error's exit status. */
int cmd_json_only(const rc_cmd *self, int argc, char **argv, bool *json);
/* What fills an empty GitHub table (PRs, trackers): "run relcap sync", or,
 * when relcap.github is not set (sync then skips GitHub), how to set it. */
const char *cmd_github_hint(const rc_ctx *ctx);
/* The tracker issue of a release version (a leading v allowed); a clear
 * error with cmd_github_hint's advice when the cache has none. */
int cmd_tracker_for(long *out, rc_ctx *ctx, const char *version);
/* For the gate commands (ready, calendar): --json, --now ISO-DATE (default:
 * the current time) and, when version is not NULL, one optional positional
 * argument. Like cmd_json_only: 0 with the results set, or the usage
 * error's exit status. */
int cmd_json_now(const rc_cmd *self, int argc, char **argv, bool *json, int64_t *now,
                 const char **version);
/* Prints the document (formatted, newline-terminated) and deletes it. */
void cmd_print_json(cJSON *doc);
/* Prints untrusted text made terminal-safe (rc_sanitize, newlines kept) and
 * frees it. */
void cmd_print_text(char *text);

/* The actions of a command (gh comment, run start, ...): a table ended by
 * a NULL name; each fn gets argv from the action on. */
typedef struct {
    const char *name;
    int (*fn)(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv);
} cmd_action;
/* Runs the action argv[1] names: a usage error (missing) without one, and
 * for a word that is none, the most similar names (out_unknown_word: exit
 * 2), or the usage for --help when the command answers that itself. */
int cmd_dispatch(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv, const cmd_action *actions,
                 const char *missing);
/* The start of the pick commands (cli/cmd_pick.c): ctx_open_all, then the
 * branch (NULL: rc_picks_default_branch, whose copy *def the caller frees)
 * with its candidates brought up to date (rc_picks_ensure). */
int cmd_pick_open(rc_ctx *ctx, const char **branch, char **def);
/* Actions of a command in files of their own, given argv from the action on. */
int cmd_pick_show(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv);    /* cmd_pick_show.c */
int cmd_gh_report(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv);    /* cmd_gh_report.c */
int cmd_bench_bisect(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv); /* cmd_bisect.c */

#endif
