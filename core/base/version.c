/* PEP 440 versions. The parser is a hand-written scanner for PEP 440's
 * reference regular expression (see version.h): every optional separator
 * that is followed by nothing useful may still be consumed, exactly as the
 * regular expression allows ("1.0a-" is 1.0a0). Numbers are accumulated with
 * overflow checks; nothing is allocated. */
#include "core/base/version.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- parsing ---- */

typedef struct {
    const char *p;   /* cursor */
    const char *end; /* end of the trimmed input */
    const char *why; /* reason for the failure, for the message */
} scanner;

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}
static bool is_alnum(int c)
{
    c = rc_ascii_lower(c);
    return is_digit(c) || (c >= 'a' && c <= 'z');
}
static bool is_sep(int c)
{
    return c == '.' || c == '-' || c == '_';
}
static bool is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool at_end(const scanner *sc)
{
    return sc->p >= sc->end;
}
static int peek(const scanner *sc, size_t off)
{
    return sc->p + off < sc->end ? (unsigned char)sc->p[off] : 0;
}

/* Reads a run of digits into *out. Returns 1 if digits were read, 0 if none,
 * -1 on overflow (sc->why set). */
static int scan_number(scanner *sc, unsigned long *out)
{
    if (!is_digit(peek(sc, 0)))
        return 0;
    unsigned long n = 0;
    const char *start = sc->p;
    while (is_digit(peek(sc, 0))) {
        unsigned d = (unsigned)(*sc->p - '0');
        if (n > (ULONG_MAX - d) / 10) {
            sc->p = start; /* the message points at the whole number */
            sc->why = "number too large";
            return -1;
        }
        n = n * 10 + d;
        sc->p++;
    }
    *out = n;
    return 1;
}

/* Case-insensitive match of word at the cursor; advances on success. */
static bool scan_word(scanner *sc, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(sc->end - sc->p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (rc_ascii_lower((unsigned char)sc->p[i]) != word[i])
            return false;
    sc->p += n;
    return true;
}

static void skip_sep(scanner *sc)
{
    if (!at_end(sc) && is_sep(peek(sc, 0)))
        sc->p++;
}

/* [-_.]? label [-_.]? N? ; labels tried longest first so that "preview" is
 * not read as "pre" + garbage (a shorter label could never leave a valid
 * remainder anyway: none of the letters that follow starts a later part). */
static int scan_pre(scanner *sc, rc_version *v)
{
    static const struct {
        const char *word;
        char pre;
    } labels[] = {
        {"preview", 'c'}, {"alpha", 'a'}, {"beta", 'b'}, {"pre", 'c'},
        {"rc", 'c'},      {"a", 'a'},     {"b", 'b'},    {"c", 'c'},
    };
    const char *save = sc->p;
    skip_sep(sc);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (scan_word(sc, labels[i].word)) {
            v->pre = labels[i].pre;
            skip_sep(sc);
            return scan_number(sc, &v->pre_num) < 0 ? -1 : 0;
        }
    }
    sc->p = save;
    return 0;
}

/* -N | [-_.]? (post|rev|r) [-_.]? N? */
static int scan_post(scanner *sc, rc_version *v)
{
    const char *save = sc->p;
    if (peek(sc, 0) == '-' && is_digit(peek(sc, 1))) {
        sc->p++;
        v->has_post = true;
        return scan_number(sc, &v->post) < 0 ? -1 : 0;
    }
    skip_sep(sc);
    /* "rev" before "r"; "r" must not be the start of "rc" (handled by pre,
     * which runs first) */
    if (scan_word(sc, "post") || scan_word(sc, "rev") || scan_word(sc, "r")) {
        v->has_post = true;
        skip_sep(sc);
        return scan_number(sc, &v->post) < 0 ? -1 : 0;
    }
    sc->p = save;
    return 0;
}

/* [-_.]? dev [-_.]? N? */
static int scan_dev(scanner *sc, rc_version *v)
{
    const char *save = sc->p;
    skip_sep(sc);
    if (scan_word(sc, "dev")) {
        v->has_dev = true;
        skip_sep(sc);
        return scan_number(sc, &v->dev) < 0 ? -1 : 0;
    }
    sc->p = save;
    return 0;
}

/* + [a-z0-9]+ ([-_.][a-z0-9]+)* ; normalized into v->local. */
static int scan_local(scanner *sc, rc_version *v)
{
    size_t len = 0;
    sc->p++; /* '+' */
    for (;;) {
        const char *seg = sc->p;
        bool numeric = true;
        while (!at_end(sc) && is_alnum(peek(sc, 0))) {
            if (!is_digit(peek(sc, 0)))
                numeric = false;
            sc->p++;
        }
        if (sc->p == seg) {
            sc->why = "empty local segment";
            return -1;
        }
        if (numeric) /* compared as an integer: drop leading zeros */
            while (sc->p - seg > 1 && *seg == '0')
                seg++;
        size_t n = (size_t)(sc->p - seg) + (len ? 1 : 0);
        if (len + n >= RC_VERSION_MAX_LOCAL) {
            sc->why = "local part too long";
            return -1;
        }
        if (len)
            v->local[len++] = '.';
        for (; seg < sc->p; seg++)
            v->local[len++] = (char)rc_ascii_lower((unsigned char)*seg);
        v->local[len] = '\0';
        if (at_end(sc) || !is_sep(peek(sc, 0)))
            return 0;
        sc->p++;
    }
}

/* The input for an error message: control and non-ASCII bytes escaped as
 * \xHH, cut after 80 bytes, so the message is safe for a terminal. */
static void quote_input(char *buf, size_t n, const char *s)
{
    size_t o = 0, i = 0;
    for (; s[i] && i < 80 && o + 5 < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7f)
            o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
        else
            buf[o++] = (char)c;
    }
    buf[o] = '\0';
    if (s[i] && o + 4 < n)
        snprintf(buf + o, n - o, "...");
}

int rc_version_parse(rc_version *out, const char *s)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return rc_error_set(RC_EINVALID, "invalid version: no string");
    scanner sc = {s, s + strlen(s), NULL};
    while (sc.p < sc.end && is_space((unsigned char)*sc.p))
        sc.p++;
    while (sc.end > sc.p && is_space((unsigned char)sc.end[-1]))
        sc.end--;

    rc_version v;
    memset(&v, 0, sizeof v);
    if (sc.end - sc.p >= RC_VERSION_STRLEN) {
        char q[96];
        quote_input(q, sizeof q, s);
        return rc_error_set(RC_EINVALID, "invalid version '%s': too long (%zu bytes, at most %d)",
                            q, (size_t)(sc.end - sc.p), RC_VERSION_STRLEN - 1);
    }
    if (peek(&sc, 0) == 'v' || peek(&sc, 0) == 'V')
        sc.p++;

    /* epoch or first release part */
    unsigned long n;
    int r = scan_number(&sc, &n);
    if (r <= 0) {
        if (r == 0)
            sc.why = at_end(&sc) ? "no release number" : "expected a release number";
        goto fail;
    }
    if (peek(&sc, 0) == '!') {
        sc.p++;
        v.epoch = n;
        r = scan_number(&sc, &n);
        if (r <= 0) {
            if (r == 0)
                sc.why = "expected a release number after the epoch";
            goto fail;
        }
    }
    v.release[v.nrelease++] = n;
    while (peek(&sc, 0) == '.' && is_digit(peek(&sc, 1))) {
        if (v.nrelease == RC_VERSION_MAX_RELEASE) {
            sc.why = "too many release parts";
            goto fail;
        }
        sc.p++;
        if (scan_number(&sc, &v.release[v.nrelease++]) < 0)
            goto fail;
    }
    if (scan_pre(&sc, &v) < 0 || scan_post(&sc, &v) < 0 || scan_dev(&sc, &v) < 0)
        goto fail;
    if (peek(&sc, 0) == '+' && scan_local(&sc, &v) < 0)
        goto fail;
    if (!at_end(&sc)) {
        sc.why = "unexpected text";
        goto fail;
    }
    *out = v;
    return 0;

fail:;
    char q[512];
    quote_input(q, sizeof q, s);
    if (!at_end(&sc)) {
        char at[64];
        quote_input(at, 48, sc.p);
        return rc_error_set(RC_EINVALID, "invalid version '%s': %s at '%s'", q,
                            sc.why ? sc.why : "unexpected text", at);
    }
    return rc_error_set(RC_EINVALID, "invalid version '%s': %s", q,
                        sc.why ? sc.why : "unexpected end");
}

/* ---- ordering ---- */

static int cmp_ul(unsigned long a, unsigned long b)
{
    return a < b ? -1 : a > b;
}

/* Release length without trailing zeros (at least 0). */
static size_t release_len(const rc_version *v)
{
    size_t n = v->nrelease;
    while (n > 0 && v->release[n - 1] == 0)
        n--;
    return n;
}

/* Pre-release rank: a dev release with neither pre nor post sorts before any
 * pre-release (0); a/b/rc are 1/2/3; no pre-release is 4. */
static int pre_rank(const rc_version *v)
{
    if (!v->pre)
        return (v->has_dev && !v->has_post) ? 0 : 4;
    return v->pre == 'a' ? 1 : v->pre == 'b' ? 2 : 3;
}

/* One local segment [start, end) of a normalized local string. */
static int cmp_local_seg(const char *a, size_t na, const char *b, size_t nb)
{
    bool da = strspn(a, "0123456789") >= na, db = strspn(b, "0123456789") >= nb;
    if (da != db)
        return da ? 1 : -1; /* numeric > alphanumeric */
    if (da && na != nb)     /* leading zeros were dropped when parsing */
        return na < nb ? -1 : 1;
    int c = strncmp(a, b, na < nb ? na : nb);
    if (c)
        return c < 0 ? -1 : 1;
    return na < nb ? -1 : na > nb;
}

static int cmp_local(const char *a, const char *b)
{
    if (!*a || !*b)
        return (*a != 0) - (*b != 0);
    for (;;) {
        size_t na = strcspn(a, "."), nb = strcspn(b, ".");
        int c = cmp_local_seg(a, na, b, nb);
        if (c)
            return c;
        a += na;
        b += nb;
        if (!*a || !*b)
            return (*a != 0) - (*b != 0);
        a++;
        b++;
    }
}

int rc_version_cmp(const rc_version *a, const rc_version *b)
{
    int c = cmp_ul(a->epoch, b->epoch);
    if (c)
        return c;
    size_t na = release_len(a), nb = release_len(b);
    for (size_t i = 0; i < na && i < nb; i++)
        if ((c = cmp_ul(a->release[i], b->release[i])))
            return c;
    if (na != nb)
        return na < nb ? -1 : 1;
    if ((c = pre_rank(a) - pre_rank(b)))
        return c < 0 ? -1 : 1;
    if (a->pre && (c = cmp_ul(a->pre_num, b->pre_num)))
        return c;
    if (a->has_post != b->has_post)
        return a->has_post ? 1 : -1;
    if (a->has_post && (c = cmp_ul(a->post, b->post)))
        return c;
    if (a->has_dev != b->has_dev)
        return a->has_dev ? -1 : 1;
    if (a->has_dev && (c = cmp_ul(a->dev, b->dev)))
        return c;
    return cmp_local(a->local, b->local);
}

/* ---- writing ---- */

typedef struct {
    char *buf;
    size_t n, len;
} out_buf;

static void put(out_buf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(out_buf *o, const char *fmt, ...)
{
    if (o->n == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(o->buf + o->len, o->len < o->n ? o->n - o->len : 0, fmt, ap);
    va_end(ap);
    if (w > 0)
        o->len += (size_t)w;
    if (o->len >= o->n)
        o->len = o->n - 1; /* truncated; stays NUL-terminated */
}

void rc_version_format(char *buf, size_t n, const rc_version *v)
{
    out_buf o = {buf, n, 0};
    if (n)
        buf[0] = '\0';
    if (v->epoch)
        put(&o, "%lu!", v->epoch);
    for (size_t i = 0; i < v->nrelease; i++)
        put(&o, i ? ".%lu" : "%lu", v->release[i]);
    if (v->nrelease == 0)
        put(&o, "0");
    if (v->pre)
        put(&o, "%s%lu", v->pre == 'c' ? "rc" : v->pre == 'a' ? "a" : "b", v->pre_num);
    if (v->has_post)
        put(&o, ".post%lu", v->post);
    if (v->has_dev)
        put(&o, ".dev%lu", v->dev);
    if (v->local[0])
        put(&o, "+%s", v->local);
}

void rc_version_release(char *buf, size_t n, const rc_version *v)
{
    out_buf o = {buf, n, 0};
    if (n)
        buf[0] = '\0';
    size_t parts = v->nrelease < 3 ? 3 : v->nrelease;
    for (size_t i = 0; i < parts; i++)
        put(&o, i ? ".%lu" : "%lu", i < v->nrelease ? v->release[i] : 0);
}

/* Sort key. Every number is written as one letter giving its digit count
 * ('a' = 1 digit .. 't' = 20) then its digits, so strcmp orders numbers
 * numerically and each field is self-delimiting:
 *   epoch  release-parts(trailing zeros dropped) '-'
 *   pre:   '0' (dev of a final) | 'a'/'b'/'c' num | 'z' (none)
 *   post:  '0' (none) | '1' num
 *   dev:   '0' num | '1' (none)
 *   local: nothing when none, else '+' then per segment 'b' text '!'
 *          (alphanumeric) or 'c' three-digit-length digits (numeric).
 * '-' and '!' sort below every letter and digit, so shorter sequences come
 * first; a missing local ends the key, which sorts before any local. */
static void put_num(out_buf *o, unsigned long x)
{
    char d[32];
    int len = snprintf(d, sizeof d, "%lu", x);
    put(o, "%c%s", 'a' + len - 1, d);
}

void rc_version_sortkey(char *buf, size_t n, const rc_version *v)
{
    out_buf o = {buf, n, 0};
    if (n)
        buf[0] = '\0';
    put_num(&o, v->epoch);
    size_t nr = release_len(v);
    for (size_t i = 0; i < nr; i++)
        put_num(&o, v->release[i]);
    put(&o, "-");
    int pr = pre_rank(v);
    if (pr == 0)
        put(&o, "0");
    else if (pr == 4)
        put(&o, "z");
    else {
        put(&o, "%c", v->pre);
        put_num(&o, v->pre_num);
    }
    if (v->has_post) {
        put(&o, "1");
        put_num(&o, v->post);
    } else
        put(&o, "0");
    if (v->has_dev) {
        put(&o, "0");
        put_num(&o, v->dev);
    } else
        put(&o, "1");
    if (!v->local[0])
        return;
    put(&o, "+");
    for (const char *s = v->local; *s;) {
        size_t len = strcspn(s, ".");
        if (strspn(s, "0123456789") >= len)
            put(&o, "c%03zu%.*s", len, (int)len, s);
        else
            put(&o, "b%.*s!", (int)len, s);
        s += len;
        if (*s == '.')
            s++;
    }
}

/* ---- kinds ---- */

rc_version_kind rc_version_kind_of(const rc_version *v)
{
    if (v->has_dev)
        return RC_VKIND_DEV;
    if (v->pre == 'c')
        return RC_VKIND_RC;
    if (v->pre)
        return RC_VKIND_PRE;
    if (v->has_post)
        return RC_VKIND_POST;
    return RC_VKIND_FINAL;
}

const char *rc_version_kind_name(rc_version_kind k)
{
    switch (k) {
    case RC_VKIND_DEV:
        return "dev";
    case RC_VKIND_RC:
        return "rc";
    case RC_VKIND_PRE:
        return "pre";
    case RC_VKIND_FINAL:
        return "final";
    case RC_VKIND_POST:
        return "post";
    }
    return "unknown";
}

bool rc_version_is_prerelease(const rc_version *v)
{
    return v->pre || (v->has_dev && !v->has_post);
}

/* ---- next versions ---- */

static unsigned long inc(unsigned long x)
{
    return x == ULONG_MAX ? x : x + 1;
}

/* out = epoch and release of v, padded to three parts, nothing else. */
static void base_of(rc_version *out, const rc_version *v)
{
    rc_version r;
    memset(&r, 0, sizeof r);
    r.epoch = v->epoch;
    r.nrelease = v->nrelease < 3 ? 3 : v->nrelease;
    memcpy(r.release, v->release, v->nrelease * sizeof v->release[0]);
    *out = r;
}

/* X.Y.Z -> X.Y.(Z+1); parts after the third are dropped. */
static void bump_patch(rc_version *r)
{
    r->release[2] = inc(r->release[2]);
    for (size_t i = 3; i < r->nrelease; i++)
        r->release[i] = 0;
    r->nrelease = 3;
}

void rc_version_next_rc(rc_version *out, const rc_version *v)
{
    rc_version r;
    base_of(&r, v);
    r.pre = 'c';
    if (v->pre == 'c') /* rcN.devM is on its way to rcN */
        r.pre_num = v->has_dev ? v->pre_num : inc(v->pre_num);
    else {
        if (!rc_version_is_prerelease(v))
            bump_patch(&r);
        r.pre_num = 1;
    }
    *out = r;
}

void rc_version_next_patch(rc_version *out, const rc_version *v)
{
    rc_version r;
    base_of(&r, v);
    if (!rc_version_is_prerelease(v))
        bump_patch(&r);
    *out = r;
}

void rc_version_next_minor(rc_version *out, const rc_version *v)
{
    rc_version r;
    base_of(&r, v);
    bool patch_zero = true;
    for (size_t i = 2; i < r.nrelease; i++)
        if (r.release[i])
            patch_zero = false;
    if (!(rc_version_is_prerelease(v) && patch_zero))
        r.release[1] = inc(r.release[1]);
    for (size_t i = 2; i < r.nrelease; i++)
        r.release[i] = 0;
    r.nrelease = 3;
    *out = r;
}

void rc_version_next_post(rc_version *out, const rc_version *v)
{
    rc_version r;
    base_of(&r, v);
    r.pre = v->pre;
    r.pre_num = v->pre_num;
    r.has_post = true;
    if (!v->has_post)
        r.post = 1;
    else /* .postN.devM is on its way to .postN */
        r.post = v->has_dev ? v->post : inc(v->post);
    *out = r;
}
