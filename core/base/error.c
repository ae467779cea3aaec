#include "core/base/error.h"
#include "core/base/repo.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char last_msg[4096];
static _Thread_local int last_code;

int rc_error_set(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_msg, sizeof last_msg, fmt, ap);
    va_end(ap);
    last_code = code;
    return code;
}

int rc_error_wrap(int code, const char *fmt, ...)
{
    char prefix[1024], old[sizeof last_msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, last_msg, sizeof old);
    /* Truncation of very long messages is acceptable. */
    size_t n = strlen(prefix);
    memcpy(last_msg, prefix, n);
    const char *rest = old[0] ? old : "unknown error";
    size_t room = sizeof last_msg - n - 3;
    size_t m = strnlen(rest, room);
    memcpy(last_msg + n, ": ", 2);
    memcpy(last_msg + n + 2, rest, m);
    last_msg[n + 2 + m] = '\0';
    last_code = code;
    return code;
}

int rc_error_from_git(int code, const char *what)
{
    /* libgit2's error state is thread-local storage that git_libgit2_init
     * sets up; before it (the cockpit's first frame) there is none */
    const git_error *e = rc_git_ready() ? git_error_last() : NULL;
    return rc_error_set(code, "%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

const char *rc_error_last(void)
{
    return last_msg[0] ? last_msg : "unknown error";
}

int rc_error_code(void)
{
    return last_code;
}

void rc_error_clear(void)
{
    last_msg[0] = '\0';
    last_code = 0;
}
