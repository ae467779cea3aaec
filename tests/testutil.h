/* Shared test helpers: temp dirs, running the relcap binary, building git
 * repositories with libgit2. Include after <cmocka.h>'s prerequisites. */
#ifndef RELCAP_TESTUTIL_H
#define RELCAP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <git2.h>
#include <stdbool.h>

#include "core/base/config.h"
#include "core/base/db.h"

/* A fresh directory under $TMPDIR; removed by tu_rmtree. */
char *tu_mkdtemp(void);
void tu_rmtree(const char *dir);
/* Writes a file (creating parent directories). */
void tu_write(const char *path, const char *content);

typedef struct {
    int status; /* exit status, or 128+signal */
    char *out;  /* stdout */
    char *err;  /* stderr */
} tu_result;

/* Runs the relcap binary with argv (NULL-terminated, without argv[0]) in
 * cwd (may be NULL), with stdin fed from `input` (may be NULL). Extra
 * environment "K=V" strings may be given in env (NULL-terminated or NULL). */
tu_result tu_relcap(const char *cwd, const char *input, const char *const *env,
                    const char *const *argv);
/* Runs any program the same way (argv[0] is the program, searched in PATH). */
tu_result tu_run(const char *cwd, const char *input, const char *const *env,
                 const char *const *argv);
void tu_result_free(tu_result *r);

/* libgit2 repository building: an empty repository with a fixed identity. */
git_repository *tu_repo_init(const char *dir, bool bare);
/* Commits files (NULL-terminated path/content pairs) onto the branch ref
 * (e.g. "refs/heads/main"), parented on its tip (or parents given). Returns
 * the new commit id. time is the commit time (epoch seconds). */
git_oid tu_commit(git_repository *repo, const char *ref, const char *message, int64_t time,
                  const char *const *files);
/* Commit with explicit parents (nparents 0..2), written to ref (may be NULL). */
git_oid tu_commit_parents(git_repository *repo, const char *ref, const char *message, int64_t time,
                          const char *const *files, const git_oid *parents, size_t nparents);
void tu_branch(git_repository *repo, const char *name, const git_oid *at);
/* Lightweight (annotated=false) or annotated tag. */
void tu_tag(git_repository *repo, const char *name, const git_oid *at, bool annotated);
/* Compares got with tests/snapshots/NAME.txt (a tig-style screen dump);
 * RELCAP_UPDATE_SNAPSHOTS=1 rewrites the file instead (refused under CI). */
void tu_expect_snapshot(const char *name, const char *got);
/* Runs the group `tests` (cmocka_unit_test entries) with libgit2 set up
 * around it, giving every entry without a fixture of its own setup and
 * teardown (either may be NULL): cmocka_run_group_tests for test files. */
int tu_run_each_(const char *name, const struct CMUnitTest *tests, size_t n,
                 CMFixtureFunction setup, CMFixtureFunction teardown);
#define tu_run_each(tests, setup, teardown)                                                        \
    tu_run_each_(#tests, tests, sizeof(tests) / sizeof((tests)[0]), setup, teardown)
/* A test file's main: runs the tests listed after setup and teardown
 * (cmocka_unit_test entries) through tu_run_each. */
#define TU_MAIN(setup, teardown, ...)                                                              \
    int main(void)                                                                                 \
    {                                                                                              \
        const struct CMUnitTest tests[] = {__VA_ARGS__};                                           \
        return tu_run_each(tests, setup, teardown);                                                \
    }
/* True when the environment says this is a CI run (CI set, not "", "0" or "false"). */
bool tu_ci(void);
/* A skipped check passes silently, so it proves nothing: every skip goes
 * through here. It is logged to $RELCAP_SKIP_LOG (the runner counts them) and,
 * under CI, fails the test unless "EXE:FUNCTION reason" (e.g.
 * "test_gitsync:test_incremental why") is on tests/skip-allowed.txt. */
void tu_skip_(const char *file, const char *func, int line, const char *why);
#define tu_skip(why) tu_skip_(__FILE__, __func__, __LINE__, why)
/* cmocka's own skip() goes through the same gate. */
#undef skip
#define skip() tu_skip_(__FILE__, __func__, __LINE__, NULL)

/* Fails the test when out (printed by `what`) holds an ESC, a C0 control
 * other than newline and tab, DEL, a C1 control (U+0080..U+009F) or a byte
 * that is not UTF-8: the terminal must never see untrusted controls. */
void tu_no_controls(const char *what, const char *out);
/* The same; newlines (false) forbids newline and tab too (one-line fields). */
void tu_no_controls_in(const char *what, const char *out, bool newlines);

/* True when the file at path holds needle (bytes, anywhere); false when it
 * cannot be read. */
bool tu_file_has(const char *path, const char *needle);

/* The temporary world most tests build: a directory and, as the test asks,
 * a repository, a cache database and a configuration in it. Members left
 * NULL are fine; tu_env_clear frees what is set and removes the directory. */
typedef struct {
    char *dir;    /* the temporary directory */
    char *wd;     /* the repository's work tree (DIR or DIR/SUB) */
    char *dbpath; /* the cache file tu_env_db opened */
    git_repository *repo;
    rc_db *db;
    rc_config *cfg;
} tu_env;

/* A fresh directory; every other member NULL. */
void tu_env_init(tu_env *e);
/* DIR/name (a new string). */
char *tu_env_path(const tu_env *e, const char *name);
/* An empty repository in DIR/sub (sub NULL: DIR itself). */
git_repository *tu_env_repo(tu_env *e, const char *sub, bool bare);
/* Opens the cache DIR/name; fails the test when it cannot. */
rc_db *tu_env_db(tu_env *e, const char *name);
/* The repository's configuration (none: NULL) with overrides, replacing any. */
rc_config *tu_env_config(tu_env *e, const char *const *overrides, size_t n);
void tu_env_clear(tu_env *e);

/* The first column of the query's first row: as an integer (the query must
 * have a row), or as a new string (NULL for no row or NULL). */
int tu_db_int(rc_db *db, const char *sql);
char *tu_db_text(rc_db *db, const char *sql);

/* Hex of an oid in a static rotating buffer. */
const char *tu_hex(const git_oid *oid);

#endif
