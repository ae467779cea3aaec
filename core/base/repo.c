#include "core/base/repo.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static pthread_once_t git_once = PTHREAD_ONCE_INIT;
static bool git_done;

static void git_init_once(void)
{
    git_libgit2_init();
    /* Pack files are mapped in windows; by default one window maps a whole
     * pack (1 GiB) and up to 8 GiB stay mapped, all of it resident once
     * read. Small windows under a cap bound the resident size on a large
     * history for a few more mmap calls (issue 18: 67 -> 49 MB on the
     * 5 000-commit bench history, same CPU time). */
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)2 << 20);
    git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)8 << 20);
    /* libgit2's object cache holds up to 256 MiB by default; every read of
     * an analysis is of a different object, so a small one is enough */
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)16 << 20);
    /* libgit2 re-hashes every object it reads to check its id (git does
     * not, outside fsck): a tenth of a first listing's CPU (issue 18);
     * inflate still checks each object's checksum */
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    git_done = true;
}

void rc_git_init(void)
{
    pthread_once(&git_once, git_init_once);
}

bool rc_git_ready(void)
{
    return git_done;
}

void rc_git_shutdown(void)
{
    if (git_done)
        git_libgit2_shutdown();
}

char *rc_repo_realdir(const char *path)
{
    char buf[PATH_MAX];
    struct stat st;
    if (!realpath(path, buf) || stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    size_t n = strlen(buf);
    return rc_xasprintf("%s%s", buf, n && buf[n - 1] == '/' ? "" : "/");
}

static bool is_file(const char *dir, const char *name)
{
    char *p = rc_xasprintf("%s%s", dir, name);
    struct stat st;
    bool ok = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return ok;
}

static bool is_dir(const char *dir, const char *name)
{
    char *p = rc_xasprintf("%s%s", dir, name);
    struct stat st;
    bool ok = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
    free(p);
    return ok;
}

/* The first line of a small file, without its newline; NULL if unreadable. */
static char *first_line(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char buf[PATH_MAX + 16];
    char *line = fgets(buf, sizeof buf, f) ? buf : NULL;
    fclose(f);
    if (!line)
        return NULL;
    line[strcspn(line, "\r\n")] = '\0';
    return rc_xstrdup(line);
}

/* rel resolved against base (a directory with a trailing '/'). */
static char *resolve(const char *base, const char *rel)
{
    char *joined = rel[0] == '/' ? rc_xstrdup(rel) : rc_xasprintf("%s%s", base, rel);
    char *dir = rc_repo_realdir(joined);
    free(joined);
    return dir;
}

/* gitdir (resolved) is a repository's git directory: HEAD there, objects
 * and refs in its common directory. Fills out on success. */
static bool git_dir_at(rc_repo_paths *out, char *gitdir, char *workdir)
{
    char *common = NULL;
    if (is_file(gitdir, "HEAD")) {
        char *cpath = rc_xasprintf("%scommondir", gitdir);
        char *line = first_line(cpath);
        free(cpath);
        common = line ? resolve(gitdir, line) : rc_xstrdup(gitdir);
        free(line);
    }
    if (common && is_dir(common, "objects") && is_dir(common, "refs")) {
        out->gitdir = gitdir;
        out->commondir = common;
        out->workdir = workdir;
        return true;
    }
    free(common);
    free(gitdir);
    free(workdir);
    return false;
}

/* dir (resolved, trailing '/') holds a `.git`: 1 found, 0 no .git here,
 * -1 a .git that is not understood. */
static int dot_git(rc_repo_paths *out, const char *dir)
{
    char *p = rc_xasprintf("%s.git", dir);
    struct stat st;
    int r = 0;
    if (stat(p, &st) != 0) {
        r = 0;
    } else if (S_ISDIR(st.st_mode)) {
        char *g = rc_repo_realdir(p);
        r = g && git_dir_at(out, g, rc_xstrdup(dir)) ? 1 : -1;
    } else if (S_ISREG(st.st_mode)) {
        char *line = first_line(p);
        char *g = line && strncmp(line, "gitdir: ", 8) == 0 ? resolve(dir, line + 8) : NULL;
        free(line);
        r = g && git_dir_at(out, g, rc_xstrdup(dir)) ? 1 : -1;
    } else {
        r = -1;
    }
    free(p);
    return r;
}

int rc_repo_find(rc_repo_paths *out, const char *start)
{
    memset(out, 0, sizeof *out);
    /* libgit2 is opened without GIT_REPOSITORY_OPEN_FROM_ENV: these do not
     * change what it finds, but whoever sets them may expect otherwise */
    if (getenv("GIT_DIR") || getenv("GIT_WORK_TREE") || getenv("GIT_COMMON_DIR"))
        return RC_ENOTFOUND;
    char *dir = rc_repo_realdir(start);
    struct stat first;
    if (!dir || stat(dir, &first) != 0) {
        free(dir);
        return RC_ENOTFOUND;
    }
    int r = RC_ENOTFOUND;
    for (;;) {
        struct stat st;
        /* a bare repository, or start inside a .git: libgit2 decides */
        if (stat(dir, &st) != 0 || st.st_dev != first.st_dev ||
            (is_file(dir, "HEAD") && is_dir(dir, "objects")))
            break;
        int found = dot_git(out, dir);
        if (found) {
            r = found > 0 ? 0 : RC_ENOTFOUND;
            break;
        }
        size_t n = strlen(dir);
        if (n <= 1)
            break;
        dir[n - 1] = '\0'; /* "/a/b/" -> "/a/" */
        char *slash = strrchr(dir, '/');
        slash[1] = '\0';
    }
    free(dir);
    if (r)
        rc_repo_paths_free(out);
    return r;
}

void rc_repo_paths_free(rc_repo_paths *p)
{
    free(p->gitdir);
    free(p->commondir);
    free(p->workdir);
    memset(p, 0, sizeof *p);
}
