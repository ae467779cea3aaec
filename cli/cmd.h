/* The command table and the context every subcommand gets. Each command
 * lives in its own tui/cmd_NAME.c and returns an exit status: 0 ok,
 * 1 failure, 2 usage or configuration error. */
#ifndef RELCAP_CMD_H
#define RELCAP_CMD_H

#include "core/base/config.h"
#include "core/base/db.h"

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

typedef int (*rc_cmd_fn)(rc_ctx *ctx, int argc, char **argv);

typedef struct {
    const char *name;
    rc_cmd_fn fn;
    const char *summary; /* one line, for `relcap --help` and the man page check */
    const char *usage;   /* full usage text printed by `relcap NAME --help` */
} rc_cmd;

extern const rc_cmd rc_commands[]; /* NULL-terminated by name */
const rc_cmd *rc_cmd_find(const char *name);

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
/* True (after printing the usage) when argv holds -h or --help. */
bool cmd_wants_help(const char *name, int argc, char **argv);
/* For commands whose only option is --json: prints the usage for --help
 * (returns 0), a usage error for anything else (returns 2); returns -1 to
 * go on, with *json set. */
int cmd_json_only(const char *name, int argc, char **argv, bool *json);
/* What fills an empty GitHub table (PRs, trackers): "run relcap sync", or,
 * when relcap.github is not set (sync then skips GitHub), how to set it. */
const char *cmd_github_hint(const rc_ctx *ctx);
/* For the gate commands (ready, calendar): --json, --now ISO-DATE (default:
 * the current time) and, when version is not NULL, one optional positional
 * argument. Like cmd_json_only: the usage for --help (returns 0), a usage
 * error (returns 2), or -1 to go on with the results set. */
int cmd_json_now(const char *name, int argc, char **argv, bool *json, int64_t *now,
                 const char **version);
/* Prints the document (formatted, newline-terminated) and deletes it. */
void cmd_print_json(cJSON *doc);
/* Prints untrusted text made terminal-safe (rc_sanitize, newlines kept) and
 * frees it. */
void cmd_print_text(char *text);

/* Command entry points, one per tui/cmd_*.c. */
int cmd_help(rc_ctx *, int, char **);
int cmd_demo(rc_ctx *, int, char **);
int cmd_version(rc_ctx *, int, char **);
int cmd_config(rc_ctx *, int, char **);
int cmd_cache(rc_ctx *, int, char **);
int cmd_sync(rc_ctx *, int, char **);
int cmd_branches(rc_ctx *, int, char **);
int cmd_tags(rc_ctx *, int, char **);
int cmd_status(rc_ctx *, int, char **);
int cmd_picks(rc_ctx *, int, char **);
int cmd_where(rc_ctx *, int, char **);
int cmd_pick(rc_ctx *, int, char **);
/* The start of the pick commands (cli/cmd_pick.c): ctx_open_all, then the
 * branch (NULL: rc_picks_default_branch, whose copy *def the caller frees)
 * with its candidates brought up to date (rc_picks_ensure). */
int cmd_pick_open(rc_ctx *ctx, const char **branch, char **def);
int cmd_prs(rc_ctx *, int, char **);
int cmd_tracker(rc_ctx *, int, char **);
int cmd_gh(rc_ctx *, int, char **);
int cmd_bench(rc_ctx *, int, char **);
int cmd_bench_bisect(rc_ctx *, int, char **); /* cli/cmd_bisect.c */
int cmd_nodes(rc_ctx *, int, char **);
int cmd_run(rc_ctx *, int, char **);
int cmd_compat(rc_ctx *, int, char **);
int cmd_calendar(rc_ctx *, int, char **);
int cmd_ready(rc_ctx *, int, char **);
int cmd_ui(rc_ctx *, int, char **);
int cmd_diff(rc_ctx *, int, char **);
int cmd_notes(rc_ctx *, int, char **);

#endif
