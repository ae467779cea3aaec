/* Configuration in git-config syntax, read through libgit2's git_config.
 * Levels, lowest first: the user's git config files (system, XDG, global),
 * the repository's .git/config, the committed .relcap file at the work tree
 * root, then -c key=value overrides. Every relcap.* key is checked against
 * the key table (rc_config_keys) when loaded. */
#ifndef RELCAP_CONFIG_H
#define RELCAP_CONFIG_H

#include "core/base/repo.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct rc_config rc_config;

typedef enum {
    RC_CFG_STRING,
    RC_CFG_INT,    /* non-negative integer */
    RC_CFG_NUMBER, /* non-negative decimal */
    RC_CFG_BOOL,
    RC_CFG_PATTERN, /* contains {version} */
    RC_CFG_MAPPING, /* "KEY=VALUE" */
    RC_CFG_ENUM,    /* one of `choices`, separated by '|' */
    RC_CFG_REPO,    /* OWNER/REPO */
    RC_CFG_URL,
} rc_config_type;

typedef struct {
    const char *name; /* "relcap.mainBranch"; "relcap.node.*.kind" for subsections */
    rc_config_type type;
    bool multi;          /* multi-valued */
    const char *def;     /* default, NULL if none; multi defaults separated by '\n' */
    const char *choices; /* for RC_CFG_ENUM */
    const char *doc;     /* one line for --help and the man page check */
} rc_config_key;

/* The table of every key relcap knows, NULL-terminated by name. */
extern const rc_config_key rc_config_keys[];

/* repo may be NULL (no repository: only user files and overrides).
 * overrides are "relcap.key=value" strings from -c. On a bad value:
 * RC_ECONFIG with a message naming key, value, file and expected form.
 * Unknown keys produce warnings, see rc_config_warnings. */
int rc_config_open(rc_config **out, git_repository *repo, const char *const *overrides,
                   size_t n_overrides);
void rc_config_free(rc_config *cfg);

/* The configuration from the snapshot the last load with a repository kept
 * in where->gitdir (core/base/config_snap.c), without libgit2: the same
 * entries, origins and warnings as rc_config_open would give, or
 * RC_ENOTFOUND when there is none or any file it read (or would have read)
 * or the environment that places them changed since. */
int rc_config_open_snapshot(rc_config **out, const rc_repo_paths *where,
                            const char *const *overrides, size_t n_overrides);
/* Keeps cfg (loaded by rc_config_open with the repository at where) for
 * rc_config_open_snapshot; best effort. No snapshot (and the old one
 * removed) when the files have includes, which it does not follow, or one
 * changed within the last 100 ms, which a timestamp could not tell apart
 * from the next change. */
void rc_config_snapshot_save(const rc_config *cfg, const rc_repo_paths *where);
/* remote.NAME.url as the repository's configuration gives it, or NULL
 * (also when cfg was loaded without a repository). */
const char *rc_config_remote_url(const rc_config *cfg, const char *remote);

/* Warnings collected while loading ("unknown key relcap.foo in FILE"). */
size_t rc_config_warning_count(const rc_config *cfg);
const char *rc_config_warning(const rc_config *cfg, size_t i);

/* Values, with defaults from the key table applied. Returned strings live
 * as long as cfg. For a missing key without default: *out = NULL, returns
 * RC_ENOTFOUND. */
int rc_config_string(const char **out, const rc_config *cfg, const char *key);
/* The value of a string key, or its default from the key table when the key
 * is unset or set to the empty string; NULL only for a key without default.
 * The one way to read keys such as relcap.mainBranch and relcap.remote: no
 * room repeats their defaults as literals. */
const char *rc_config_text(const rc_config *cfg, const char *key);
int rc_config_int(long *out, const rc_config *cfg, const char *key);
int rc_config_number(double *out, const rc_config *cfg, const char *key);
int rc_config_bool(bool *out, const rc_config *cfg, const char *key);
/* All values of a multi-valued key (defaults when unset); *out is owned by cfg. */
int rc_config_multi(const char *const **out, size_t *count, const rc_config *cfg, const char *key);
/* Names of subsections "relcap.PREFIX.NAME.*", e.g. prefix "node" gives
 * {"h100-a", ...}. *out owned by cfg. */
int rc_config_subsections(const char *const **out, size_t *count, const rc_config *cfg,
                          const char *prefix);
/* Which file the effective value of key came from ("-c" for overrides,
 * "default" when unset). */
const char *rc_config_origin(const rc_config *cfg, const char *key);

/* Matches name against a pattern like "releases/v{version}": on success
 * writes the text that stood for {version} into version (size n). */
bool rc_config_pattern_match(const char *pattern, const char *name, char *version, size_t n);

#endif
