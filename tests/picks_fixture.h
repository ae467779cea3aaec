/* Shared by the cherry-pick engine tests: the repository, cache and config
 * every fixture holds, its teardown, and finding a candidate among the rows.
 * Included by tests/test_picks*.c (one copy each). */
#ifndef RELCAP_TESTS_PICKS_FIXTURE_H
#define RELCAP_TESTS_PICKS_FIXTURE_H

#include "core/base/config.h"
#include "core/base/db.h"
#include "core/base/util.h"
#include "core/picks/picks.h"
#include "tests/testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define B "releases/v1.0.0"
#define MAIN "refs/heads/main"
#define BREF "refs/heads/releases/v1.0.0"

/* The first member of each test's fixture, so that picks_teardown can free
 * any of them. */
typedef tu_env picks_env;

/* A temporary directory with an empty repository in DIR/repo. */
static void picks_env_init(picks_env *e)
{
    tu_env_init(e);
    tu_env_repo(e, "repo", false);
}

/* The cache DIR/cache.db and the repository's config with overrides. */
static void picks_env_open(picks_env *e, const char *const *overrides, int n)
{
    tu_env_db(e, "cache.db");
    tu_env_config(e, overrides, (size_t)n);
}

/* The commit clock of the fixtures' histories. */
static int64_t T = 1700000000;

/* Commits path with content on ref, a minute after the previous commit. */
static git_oid picks_commit(picks_env *e, const char *ref, const char *msg, const char *path,
                            const char *content)
{
    const char *files[] = {path, content, NULL};
    return tu_commit(e->repo, ref, msg, T += 60, files);
}

static int picks_teardown(void **state)
{
    tu_env_clear(*state);
    free(*state); /* the fixture: env is its first member */
    return 0;
}

/* The row of candidate id; fails the test when it is not listed. */
static const rc_pick_row *row_of(const rc_pick_row *rows, size_t n, const git_oid *id)
{
    const char *hex = tu_hex(id);
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].sha, hex) == 0)
            return &rows[i];
    fail_msg("candidate %s not listed", hex);
    return NULL;
}

#endif
