#include "core/base/util.h"
#include "core/base/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void oom(void)
{
    fputs("relcap: out of memory\n", stderr);
    abort();
}

void *rc_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void rc_secret_free(char *s)
{
    if (!s)
        return;
    explicit_bzero(s, strlen(s));
    free(s);
}

void *rc_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *rc_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *rc_xstrdup(const char *s)
{
    return rc_xstrndup(s ? s : "", s ? strlen(s) : 0);
}

char *rc_xstrndup(const char *s, size_t n)
{
    char *p = rc_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rc_vasprintf(const char *fmt, va_list ap)
{
    char *s = NULL;
    return vasprintf(&s, fmt, ap) < 0 ? NULL : s;
}

char *rc_xvasprintf(const char *fmt, va_list ap)
{
    char *s = rc_vasprintf(fmt, ap);
    if (!s)
        oom();
    return s;
}

char *rc_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = rc_xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

void rc_buf_put(rc_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->ptr = rc_xrealloc(b->ptr, cap);
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void rc_buf_puts(rc_buf *b, const char *s)
{
    rc_buf_put(b, s, strlen(s));
}

void rc_buf_printf(rc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap); /* its length: the text may hold a NUL */
    va_end(ap);
    if (n < 0)
        oom();
    rc_buf_put(b, s, (size_t)n);
    free(s);
}

char *rc_buf_detach(rc_buf *b)
{
    char *s = b->ptr ? b->ptr : rc_xstrdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    return s;
}

void rc_buf_free(rc_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void rc_time_iso(char out[21], int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int days_in_month(int y, int mo)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return mo == 2 && leap ? 29 : days[mo - 1];
}

int rc_time_parse(int64_t *out, const char *s)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return rc_error_set(RC_EINVALID, "invalid date '%s' (expected ISO 8601)", s ? s : "");
    const char *p = s + n;
    long off = 0;
    if (*p == 'T' || *p == ' ') {
        int m = 0;
        if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &m) != 3)
            return rc_error_set(RC_EINVALID, "invalid time in '%s'", s);
        p += 1 + m;
        if (*p == '.')
            while (*++p >= '0' && *p <= '9')
                ;
        if (*p == '+' || *p == '-') {
            int oh, om;
            if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || oh < 0 || oh > 23 || om < 0 || om > 59)
                return rc_error_set(RC_EINVALID, "invalid offset in '%s'", s);
            off = (oh * 3600L + om * 60L) * (*p == '+' ? 1 : -1);
        } else if (*p != 'Z' && *p != '\0') {
            return rc_error_set(RC_EINVALID, "invalid date '%s'", s);
        }
    }
    /* sscanf's %d takes a sign: "T-1:-1:00" must not pass as a time, and
     * timegm would roll 02-31 over into March. */
    if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || sec < 0 || sec > 60)
        return rc_error_set(RC_EINVALID, "invalid date '%s'", s);
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = sec};
    *out = (int64_t)timegm(&tm) - off;
    return 0;
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000;
    else
        return 0;
    unsigned cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    /* C1 controls (U+0080..U+009F) act as escape introducers on some terminals. */
    if (cp >= 0x80 && cp <= 0x9F)
        return 0;
    return n;
}

char *rc_sanitize(const char *s, bool keep_newlines)
{
    rc_buf b = {0};
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        if (*p == 0x1b) {
            /* Skip a whole escape sequence: CSI ... final, OSC ... BEL/ST, or ESC x. */
            p++;
            if (*p == '[') {
                p++;
                while (*p && !(*p >= 0x40 && *p <= 0x7e))
                    p++;
                if (*p)
                    p++;
            } else if (*p == ']' || *p == 'P' || *p == '_' || *p == '^') {
                p++;
                while (*p && *p != 0x07 && !(*p == 0x1b && p[1] == '\\'))
                    p++;
                if (*p == 0x07)
                    p++;
                else if (*p)
                    p += 2;
            } else if (*p) {
                p++;
            }
            continue;
        }
        if (*p == '\n' || *p == '\t') {
            rc_buf_put(&b, keep_newlines ? (const char *)p : " ", 1);
            p++;
            continue;
        }
        if (*p < 0x20 || *p == 0x7f) {
            p++;
            continue;
        }
        size_t n = utf8_len(p);
        if (n == 0) {
            rc_buf_puts(&b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        rc_buf_put(&b, (const char *)p, n);
        p += n;
    }
    return rc_buf_detach(&b);
}

int rc_file_read(char **out, size_t *len, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return rc_error_set(errno == ENOENT ? RC_ENOTFOUND : RC_EIO, "cannot open %s: %s", path,
                            strerror(errno));
    rc_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc_buf_put(&b, chunk, n);
    int err = ferror(f);
    fclose(f);
    if (err) {
        rc_buf_free(&b);
        return rc_error_set(RC_EIO, "cannot read %s", path);
    }
    if (len)
        *len = b.len;
    *out = rc_buf_detach(&b);
    return 0;
}

int rc_file_write(const char *path, const char *data, size_t len, int mode)
{
    char *tmp = rc_xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) {
        int e = rc_error_set(RC_EIO, "cannot create %s: %s", tmp, strerror(errno));
        free(tmp);
        return e;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            int e = rc_error_set(RC_EIO, "cannot write %s: %s", path, strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return e;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        int e = rc_error_set(RC_EIO, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return e;
    }
    free(tmp);
    return 0;
}

int rc_mkdirs(const char *path, int mode)
{
    char *p = rc_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            int e = rc_error_set(RC_EIO, "cannot create directory %s: %s", p, strerror(errno));
            free(p);
            return e;
        }
        *s = '/';
    }
    int r = 0;
    if (mkdir(p, mode) != 0 && errno != EEXIST)
        r = rc_error_set(RC_EIO, "cannot create directory %s: %s", p, strerror(errno));
    free(p);
    return r;
}

void rc_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n && v; i++)
        free(v[i]);
    free(v);
}

void rc_strs_clear(char **const fields[], size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}

int rc_ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

char *rc_ascii_lower_str(char *s)
{
    for (char *p = s; p && *p; p++)
        *p = (char)rc_ascii_lower((unsigned char)*p);
    return s;
}

bool rc_str_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

bool rc_str_is_sha(const char *s)
{
    if (!s || strlen(s) != 40)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}
