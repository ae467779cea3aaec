/* Error reporting in the libgit2 style: functions return 0 (or a count) on
 * success and a negative RC_E* code on failure; the message describing the
 * last failure on this thread is kept until the next rc_error_set. */
#ifndef RELCAP_ERROR_H
#define RELCAP_ERROR_H

enum {
    RC_OK = 0,
    RC_ERROR = -1, /* generic failure */
    RC_ENOTFOUND = -3,
    RC_EEXISTS = -4,
    RC_EINVALID = -5, /* bad input: version, pattern, file contents */
    RC_ECONFIG = -6,  /* configuration error: exit status 2 */
    RC_EUSAGE = -7,   /* command-line usage error: exit status 2 */
    RC_ENOMEM = -8,
    RC_EIO = -9,
    RC_EGIT = -10,
    RC_EDB = -11,
    RC_ENET = -12,
    RC_ECONFLICT = -13,
    RC_EDIRTY = -14,
    RC_ERATELIMIT = -15,
    RC_EBUSY = -16,
    RC_EUNSAFE = -17, /* a value refused for safety (shell, path) */
};

/* Sets the thread's last error and returns code, so callers can write
 * `return rc_error_set(RC_EINVALID, "...")`. */
int rc_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefixes the current message with context: "context: old message". */
int rc_error_wrap(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copies libgit2's last error into ours, prefixed with what we were doing. */
int rc_error_from_git(int code, const char *what);
const char *rc_error_last(void);
int rc_error_code(void);
void rc_error_clear(void);

#endif
