/* Lazy opening of repository, configuration and database for commands. */
#include "core/base/error.h"
#include "core/base/repo.h"
#include "core/base/util.h"
#include "core/github/github_read.h"
#include "cli/cmd.h"
#include "cli/out.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cmd_fail(void)
{
    int code = rc_error_code();
    fprintf(stderr, "relcap: %s\n", rc_error_last());
    return (code == RC_ECONFIG || code == RC_EUSAGE) ? 2 : 1;
}

int cmd_usage_error(const rc_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "relcap %s: ", cmd ? cmd->name : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'relcap %s --help'.\n", cmd ? cmd->name : "");
    return 2;
}

bool cmd_wants_help(const char *usage, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return true;
        }
    }
    return false;
}

int cmd_json_only(const rc_cmd *self, int argc, char **argv, bool *json)
{
    *json = false;
    const cmd_opt opts[] = {OPT_BOOL("--json", json), OPT_END};
    return cmd_parse_only(self, argc, argv, opts, "unknown argument '%s'");
}

static int parse_now(const rc_cmd *self, const cmd_opt *opt, const char *arg)
{
    return rc_time_parse(opt->value, arg) != 0 ? cmd_usage_error(self, "%s", rc_error_last()) : 0;
}

int cmd_json_now(const rc_cmd *self, int argc, char **argv, bool *json, int64_t *now,
                 const char **version)
{
    *json = false;
    *now = (int64_t)time(NULL);
    if (version)
        *version = NULL;
    const cmd_opt opts[] = {OPT_BOOL("--json", json), OPT_CALLBACK("--now", now, parse_now),
                            OPT_END};
    return cmd_parse_args(self, argc, argv, opts, version, 0, version ? 1 : 0, NULL);
}

int cmd_dispatch(rc_ctx *ctx, const rc_cmd *self, int argc, char **argv, const cmd_action *actions,
                 const char *missing)
{
    if (argc < 2)
        return cmd_usage_error(self, "%s", missing);
    const char *names[16];
    size_t n = 0;
    for (const cmd_action *a = actions; a->name; a++) {
        if (strcmp(argv[1], a->name) == 0)
            return a->fn(ctx, self, argc - 1, argv + 1);
        if (n + 1 < sizeof names / sizeof *names)
            names[n++] = a->name;
    }
    names[n] = NULL;
    if (self->own_help && cmd_wants_help(self->usage, argc, argv))
        return 0;
    return out_unknown_word(self->name, argv[1], names);
}

void cmd_print_json(cJSON *doc)
{
    char *s = cJSON_Print(doc);
    if (s) {
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
    cJSON_Delete(doc);
}

void cmd_print_text(char *text)
{
    char *safe = rc_sanitize(text, true);
    fputs(safe, stdout);
    free(safe);
    free(text);
}

int ctx_repo(rc_ctx *ctx, git_repository **out)
{
    if (!ctx->repo) {
        const char *dir = ctx->repo_dir ? ctx->repo_dir : ".";
        rc_git_init();
        if (git_repository_open_ext(&ctx->repo, dir, 0, NULL) != 0) {
            rc_error_from_git(RC_EGIT, ctx->repo_dir ? ctx->repo_dir : "no git repository here");
            fprintf(stderr, "relcap: %s (use -C DIR to name the repository)\n", rc_error_last());
            return 1;
        }
    }
    *out = ctx->repo;
    return 0;
}

/* The repository's place without libgit2, once; false when not sure. */
static bool ctx_found(rc_ctx *ctx)
{
    if (!ctx->found_state)
        ctx->found_state =
            rc_repo_find(&ctx->found, ctx->repo_dir ? ctx->repo_dir : ".") == 0 ? 1 : -1;
    return ctx->found_state > 0;
}

bool ctx_has_repo(rc_ctx *ctx)
{
    if (ctx->repo || ctx->cfg_snapshot)
        return true;
    git_repository *repo;
    if (ctx->repo_dir)
        return ctx_repo(ctx, &repo) == 0;
    rc_git_init();
    return git_repository_open_ext(&ctx->repo, ".", 0, NULL) == 0;
}

/* The walk found what libgit2 opened: only then may a later run trust the
 * walk and the snapshot in place of libgit2. */
static bool found_is_libgit2s(rc_ctx *ctx)
{
    if (!ctx_found(ctx) || !git_repository_workdir(ctx->repo))
        return false;
    char *g = rc_repo_realdir(git_repository_path(ctx->repo));
    char *c = rc_repo_realdir(git_repository_commondir(ctx->repo));
    char *w = rc_repo_realdir(git_repository_workdir(ctx->repo));
    bool same = g && c && w && strcmp(g, ctx->found.gitdir) == 0 &&
                strcmp(c, ctx->found.commondir) == 0 && strcmp(w, ctx->found.workdir) == 0;
    free(g);
    free(c);
    free(w);
    return same;
}

/* libgit2 reads the files, and the result is kept for the next run. */
static int config_load(rc_ctx *ctx)
{
    git_repository *repo = NULL;
    if (ctx->repo_dir) {
        int r = ctx_repo(ctx, &repo);
        if (r)
            return r;
    } else if (ctx->repo ||
               (rc_git_init(), git_repository_open_ext(&ctx->repo, ".", 0, NULL)) == 0) {
        repo = ctx->repo;
    }
    if (rc_config_open(&ctx->cfg, repo, ctx->overrides, ctx->n_overrides) != 0)
        return cmd_fail();
    if (repo && found_is_libgit2s(ctx))
        rc_config_snapshot_save(ctx->cfg, &ctx->found);
    return 0;
}

int ctx_config(rc_ctx *ctx, rc_config **out)
{
    if (!ctx->cfg) {
        if (!ctx->lazy_git || ctx->repo || !ctx_found(ctx) ||
            rc_config_open_snapshot(&ctx->cfg, &ctx->found, ctx->overrides, ctx->n_overrides)) {
            rc_error_clear(); /* out of date, or an error the load below reports */
            int r = config_load(ctx);
            if (r)
                return r;
        } else {
            ctx->cfg_snapshot = true;
        }
        for (size_t i = 0; i < rc_config_warning_count(ctx->cfg); i++)
            fprintf(stderr, "relcap: warning: %s\n", rc_config_warning(ctx->cfg, i));
    }
    *out = ctx->cfg;
    return 0;
}

int ctx_db(rc_ctx *ctx, rc_db **out)
{
    if (!ctx->db) {
        rc_config *cfg;
        int r = ctx_config(ctx, &cfg);
        if (r)
            return r;
        char *path = NULL;
        const char *p = NULL;
        if (ctx->db_path) {
            path = rc_xstrdup(ctx->db_path);
        } else if (rc_config_string(&p, cfg, "relcap.db") == 0 && p && *p) {
            path = rc_xstrdup(p);
        } else if (!ctx->repo && ctx->cfg_snapshot) {
            path = rc_xasprintf("%srelcap/cache.db", ctx->found.commondir);
        } else {
            git_repository *repo;
            if ((r = ctx_repo(ctx, &repo)))
                return r;
            path = rc_xasprintf("%srelcap/cache.db", git_repository_commondir(repo));
        }
        r = rc_db_open(&ctx->db, path);
        free(path);
        if (r)
            return cmd_fail();
    }
    *out = ctx->db;
    return 0;
}

int ctx_open_all(rc_ctx *ctx)
{
    git_repository *repo;
    rc_config *cfg;
    rc_db *db;
    int st;
    if ((st = ctx_repo(ctx, &repo)) || (st = ctx_config(ctx, &cfg)) || (st = ctx_db(ctx, &db)))
        return st;
    return 0;
}

void ctx_close(rc_ctx *ctx)
{
    rc_db_free(ctx->db);
    rc_config_free(ctx->cfg);
    git_repository_free(ctx->repo);
    rc_repo_paths_free(&ctx->found);
    ctx->db = NULL;
    ctx->cfg = NULL;
    ctx->repo = NULL;
    ctx->found_state = 0;
    ctx->cfg_snapshot = false;
}

const char *cmd_github_hint(const rc_ctx *ctx)
{
    const char *slug = NULL;
    if (ctx->cfg && !(rc_config_string(&slug, ctx->cfg, "relcap.github") == 0 && slug && *slug))
        return "GitHub not configured: set relcap.github, see relcap-config(5)";
    return "run relcap sync";
}

int cmd_tracker_for(long *out, rc_ctx *ctx, const char *version)
{
    rc_db *db;
    int r = ctx_db(ctx, &db);
    if (r)
        return r;
    if (version[0] == 'v' || version[0] == 'V')
        version++;
    if (rc_github_tracker_number(out, db, version) != 0)
        return cmd_fail();
    if (!*out) {
        char *v = rc_sanitize(version, false); /* typed, but echoed to a terminal */
        rc_error_set(RC_ENOTFOUND, "no release tracker for version %s in the cache (%s)", v,
                     cmd_github_hint(ctx));
        free(v);
        return cmd_fail();
    }
    return 0;
}
