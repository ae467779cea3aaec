/* The intent file of `relcap pick apply` and the ref lock a killed apply
 * can leave; see apply_lock.h. */
#include "core/picks/apply_lock.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    long pid;
    char ref[512];
    char old_sha[GIT_OID_HEXSZ + 1], new_sha[GIT_OID_HEXSZ + 1];
} intent;

static char *intent_path(git_repository *repo)
{
    return rc_xasprintf("%srelcap/apply-intent", git_repository_commondir(repo));
}

static char *lock_path(git_repository *repo, const char *refname)
{
    return rc_xasprintf("%s%s.lock", git_repository_commondir(repo), refname);
}

int rc_apply_intent_write(git_repository *repo, const char *refname, const git_oid *old_id,
                          const git_oid *new_id)
{
    char *dir = rc_xasprintf("%srelcap", git_repository_commondir(repo));
    int r = rc_mkdirs(dir, 0700);
    free(dir);
    if (r)
        return r;
    char *path = intent_path(repo), *tmp = rc_xasprintf("%s.tmp", path);
    char o[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];
    git_oid_tostr(o, sizeof o, old_id);
    git_oid_tostr(n, sizeof n, new_id);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%ld\n%s\n%s\n%s\n", (long)getpid(), refname, o, n) < 0 ||
        fclose(f) != 0 || rename(tmp, path) != 0)
        r = rc_error_set(RC_EIO, "cannot record the branch move in %s: %s", path, strerror(errno));
    free(tmp);
    free(path);
    return r;
}

void rc_apply_intent_clear(git_repository *repo)
{
    char *path = intent_path(repo);
    unlink(path);
    free(path);
}

/* 1 when an intent was read into *it, 0 when there is none. */
static int intent_read(intent *it, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    memset(it, 0, sizeof *it);
    int n = fscanf(f, "%ld %511s %40s %40s", &it->pid, it->ref, it->old_sha, it->new_sha);
    fclose(f);
    return n == 4 ? 1 : 0;
}

static bool process_alive(long pid)
{
    if (pid <= 0 || pid == (long)getpid())
        return false;
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* What a lock written by the apply of it may hold: nothing yet, or a
 * beginning of "NEWSHA\n". */
static bool lock_is_ours(const char *lock, const intent *it)
{
    char buf[64] = {0};
    int fd = open(lock, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0)
        return false;
    char want[GIT_OID_HEXSZ + 2];
    snprintf(want, sizeof want, "%s\n", it->new_sha);
    return (size_t)n <= strlen(want) && memcmp(buf, want, (size_t)n) == 0;
}

static int refuse_lock(const char *lock, const char *refname)
{
    return rc_error_set(RC_EBUSY,
                        "%s exists: another git process is updating %s, or one was killed while "
                        "it did; relcap did not leave it. If no git command is running, remove "
                        "that file and try again",
                        lock, refname);
}

int rc_apply_lock_recover(char **said, git_repository *repo, const char *refname)
{
    *said = NULL;
    char *ipath = intent_path(repo);
    intent it;
    int r = 0;
    if (intent_read(&it, ipath)) {
        if (process_alive(it.pid)) {
            r = rc_error_set(RC_EBUSY,
                             "relcap pick apply (pid %ld) is moving %s; wait for it (if no "
                             "relcap is running, remove %s)",
                             it.pid, it.ref, ipath);
            free(ipath);
            return r;
        }
        char *lock = lock_path(repo, it.ref);
        if (access(lock, F_OK) == 0 && lock_is_ours(lock, &it)) {
            if (unlink(lock) != 0)
                r = rc_error_set(RC_EIO, "cannot remove %s: %s", lock, strerror(errno));
            else
                *said = rc_xasprintf("removed %s, left by a relcap pick apply (pid %ld) killed "
                                     "while it moved %s",
                                     lock, it.pid, it.ref);
        }
        free(lock);
        if (!r)
            unlink(ipath);
    } else {
        unlink(ipath); /* a half-written intent: its apply never reached the ref */
    }
    free(ipath);
    if (r)
        return r;
    char *lock = lock_path(repo, refname);
    if (access(lock, F_OK) == 0)
        r = refuse_lock(lock, refname);
    free(lock);
    return r;
}
