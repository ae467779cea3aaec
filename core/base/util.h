/* Small helpers shared by every room: allocation that cannot return NULL,
 * growable strings, ISO 8601 dates and the terminal-safety filter. */
#ifndef RELCAP_UTIL_H
#define RELCAP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

void *rc_xmalloc(size_t n);
void *rc_xcalloc(size_t n, size_t size);
void *rc_xrealloc(void *p, size_t n);
char *rc_xstrdup(const char *s);
/* Overwrites a secret string (a token, a header holding it) and frees it.
 * explicit_bzero: a memset before free() is a dead store the compiler may
 * drop (gcc -O2 does; tests/test_token.c). NULL is fine. */
void rc_secret_free(char *s);
char *rc_xstrndup(const char *s, size_t n);
char *rc_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* vasprintf's string, NULL when out of memory (for callers with a fallback
 * of their own); rc_xvasprintf aborts instead. */
char *rc_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *rc_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

typedef struct {
    char *ptr;
    size_t len, cap;
} rc_buf;

void rc_buf_put(rc_buf *b, const char *s, size_t n);
void rc_buf_puts(rc_buf *b, const char *s);
void rc_buf_printf(rc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the string (never NULL) and leaves b empty; the caller frees it. */
char *rc_buf_detach(rc_buf *b);
void rc_buf_free(rc_buf *b);

/* ASCII case folding, independent of the locale (git names and prefixes are
 * ASCII; a locale must not change what matches). */
int rc_ascii_lower(int c);
/* Lower-cases s in place (ASCII only) and returns it. */
char *rc_ascii_lower_str(char *s);

/* True when s ends with suffix. */
bool rc_str_ends_with(const char *s, const char *suffix);
/* True when s is a full commit id as the cache stores it: 40 lowercase hex
 * digits (NULL is not). */
bool rc_str_is_sha(const char *s);

/* Frees an array of n strings and the array. */
void rc_strv_free(char **v, size_t n);
/* Frees each string *fields[i] and sets it to NULL: the string members of a
 * record, listed once where it is filled and cleared. */
void rc_strs_clear(char **const fields[], size_t n);

/* "2026-11-23T10:00:00Z" from epoch seconds (UTC). out must hold 21 bytes. */
void rc_time_iso(char out[21], int64_t t);
/* Parses ISO 8601 ("2026-11-23T10:00:00Z", "+02:00" offsets, date only). */
int rc_time_parse(int64_t *out, const char *s);

/* Makes untrusted text safe for a terminal: C0/C1 controls, DEL and escape
 * sequences are dropped (newline and tab become spaces unless keep_newlines),
 * invalid UTF-8 bytes become U+FFFD. Returns a new string. */
char *rc_sanitize(const char *s, bool keep_newlines);

/* Reads a whole file; *len may be NULL. */
int rc_file_read(char **out, size_t *len, const char *path);
/* Writes atomically (temp file + rename) with the given mode. */
int rc_file_write(const char *path, const char *data, size_t len, int mode);
/* mkdir -p */
int rc_mkdirs(const char *path, int mode);

#endif
