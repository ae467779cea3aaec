/* Where the repository is, found without libgit2, and libgit2 initialised
 * once, on first need. The cockpit's first frame needs neither git objects
 * nor libgit2 (issue 18): git_libgit2_init alone costs ~7 ms of CPU (its TLS
 * library parses the system CA bundle), a third of the whole first frame. */
#ifndef RELCAP_REPO_H
#define RELCAP_REPO_H

#include <stdbool.h>

/* Absolute, symlinks resolved, each with a trailing '/'. */
typedef struct {
    char *gitdir;    /* .git, or .git/worktrees/NAME for a linked worktree */
    char *commondir; /* .git (objects, refs, config and relcap/cache.db) */
    char *workdir;   /* the work tree */
} rc_repo_paths;

/* Looks for the repository containing start the way libgit2's
 * git_repository_open_ext(start, 0) does for the plain cases: walking up to
 * a `.git` directory or a `.git` file with "gitdir: PATH" (a linked
 * worktree), on one file system. RC_ENOTFOUND when not sure (GIT_DIR set, a
 * bare repository, start inside a .git directory, nothing found): the caller
 * asks libgit2. */
int rc_repo_find(rc_repo_paths *out, const char *start);
void rc_repo_paths_free(rc_repo_paths *p);
/* Resolves path (a directory) to its absolute, symlink-free form with a
 * trailing '/'; NULL when it does not exist. */
char *rc_repo_realdir(const char *path);

/* git_libgit2_init and relcap's libgit2 options, once per process (any
 * thread); every user of libgit2 calls it before its first libgit2 call
 * (ctx_repo, rc_config_open, the commands that need git). */
void rc_git_init(void);
/* Whether rc_git_init ran. */
bool rc_git_ready(void);
/* git_libgit2_shutdown when rc_git_init ran; at exit. */
void rc_git_shutdown(void);

#endif
