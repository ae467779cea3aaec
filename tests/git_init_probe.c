/* LD_PRELOAD helper for tests/sh/lazy_git.sh: every call of
 * git_libgit2_init appends a line to $RELCAP_GIT_INIT_LOG, then goes on to
 * libgit2's own. Built by the test with the system compiler. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

int git_libgit2_init(void)
{
    const char *log = getenv("RELCAP_GIT_INIT_LOG");
    FILE *f = log ? fopen(log, "a") : NULL;
    if (f) {
        fputs("git_libgit2_init\n", f);
        fclose(f);
    }
    int (*real)(void) = (int (*)(void))dlsym(RTLD_NEXT, "git_libgit2_init");
    return real ? real() : -1;
}
