/* Commit-message references. Everything here works on bytes (ASCII case
 * folding only), so invalid UTF-8 passes through untouched, and every scan
 * is linear in the text times the length of a short fixed phrase. */
#include "core/picks/refs.h"

#include "core/base/error.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_PR_PATTERN " (#N)"
#define MAX_PR 1000000000L

/* rc_ascii_lower, inlined: every commit message of a line is scanned
 * character by character (issue 18: a tenth of a first listing). */
static inline char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}
static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_alnum(char c)
{
    return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
}

/* Case-insensitive prefix test of needle at p (p bounded by end). */
static bool ci_at(const char *p, const char *end, const char *needle)
{
    for (; *needle; needle++, p++)
        if (p >= end || lower(*p) != *needle)
            return false;
    return true;
}

/* Reads 1..9 digits; returns the number or 0, sets *after. */
static long read_num(const char *p, const char *end, const char **after)
{
    long n = 0;
    int digits = 0;
    while (p < end && is_digit(*p) && digits < 10) {
        n = n * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (digits == 0 || digits > 9 || (p < end && is_digit(*p)) || n <= 0 || n >= MAX_PR)
        return 0;
    *after = p;
    return n;
}

/* A PR reference right at p: "#N", "PR #N", "PR: #N", "pull request #N" or a
 * URL ".../pull/N". Spaces and colons before it are skipped. */
static long pr_ref_at(const char *p, const char *end)
{
    const char *after;
    while (p < end && (*p == ' ' || *p == ':' || *p == '\t'))
        p++;
    if (ci_at(p, end, "pr")) {
        p += 2;
        while (p < end && (*p == ' ' || *p == ':'))
            p++;
    } else if (ci_at(p, end, "pull request")) {
        p += 12;
        while (p < end && (*p == ' ' || *p == ':'))
            p++;
    }
    if (p < end && *p == '#')
        return read_num(p + 1, end, &after);
    if (ci_at(p, end, "http://") || ci_at(p, end, "https://")) {
        /* the URL runs to the next space; its "/pull/N" names the PR */
        const char *u = p, *stop = p;
        while (stop < end && !is_space(*stop) && (stop - p) < 512)
            stop++;
        for (; u + 6 < stop; u++) {
            if (ci_at(u, stop, "/pull/")) {
                long n = read_num(u + 6, stop, &after);
                if (n && (after == stop || !is_alnum(*after)))
                    return n;
            }
        }
    }
    return 0;
}

static void add_pr(long *arr, size_t *n, long pr)
{
    if (pr <= 0)
        return;
    for (size_t i = 0; i < *n; i++)
        if (arr[i] == pr)
            return;
    if (*n < RC_REFS_MAX)
        arr[(*n)++] = pr;
}

/* Phrases after which a PR reference names the original of a pick. */
static const char *const from_phrases[] = {
    "(from ",
    "cherry-pick from ",
    "cherry-picked from ",
    "cherry pick from ",
    "cherry picked from ",
    "cherrypick from ",
    "cherry-pick of ",
    "cherry pick of ",
    "cherry-picked of ",
    "original pr",
    "original pull request",
    "pick-from:",
    "picked from ",
    "backport of ",
    "backport from ",
    "backported from ",
    "backports ",
    NULL,
};

static bool word_start(const char *text, const char *p)
{
    return p == text || !is_alnum(p[-1]);
}

static void scan_from(rc_refs *r, const char *text)
{
    if (!text)
        return;
    const char *end = text + strlen(text);
    for (const char *p = text; p < end; p++) {
        char c = lower(*p);
        if (c != '(' && c != 'c' && c != 'o' && c != 'p' && c != 'b')
            continue;
        if (!word_start(text, p) && c != '(')
            continue;
        for (const char *const *ph = from_phrases; *ph; ph++) {
            if (ci_at(p, end, *ph)) {
                long n = pr_ref_at(p + strlen(*ph), end);
                if (n)
                    add_pr(r->from_prs, &r->n_from_prs, n);
                break;
            }
        }
    }
}

/* "(cherry picked from commit X)" and "This reverts commit X". */
static void scan_shas(rc_refs *r, const char *text)
{
    if (!text)
        return;
    const char *end = text + strlen(text);
    static const char pick[] = "cherry picked from commit ";
    static const char rev[] = "this reverts commit ";
    for (const char *p = text; p < end; p++) {
        char c = lower(*p);
        const char *h = NULL;
        bool is_pick = false;
        if (c == 'c' && ci_at(p, end, pick)) {
            h = p + sizeof pick - 1;
            is_pick = true;
        } else if (c == 't' && ci_at(p, end, rev)) {
            h = p + sizeof rev - 1;
        } else {
            continue;
        }
        size_t n = 0;
        while (h + n < end && is_hex(h[n]) && n < 41)
            n++;
        if (n != 40)
            continue;
        char sha[41];
        for (size_t i = 0; i < 40; i++)
            sha[i] = lower(h[i]);
        sha[40] = '\0';
        if (is_pick) {
            bool dup = false;
            for (size_t i = 0; i < r->n_picked_from; i++)
                dup = dup || strcmp(r->picked_from[i], sha) == 0;
            if (!dup && r->n_picked_from < RC_REFS_MAX)
                memcpy(r->picked_from[r->n_picked_from++], sha, 41);
        } else if (!r->revert_sha[0]) {
            memcpy(r->revert_sha, sha, 41);
        }
    }
}

/* "Revert of PR #N", "revert of #N", "(reverts #N)", "reverts PR #N". */
static long scan_revert_pr(const char *text)
{
    if (!text)
        return 0;
    const char *end = text + strlen(text);
    for (const char *p = text; p < end; p++) {
        if (lower(*p) != 'r' || !word_start(text, p))
            continue;
        long n = 0;
        if (ci_at(p, end, "revert of "))
            n = pr_ref_at(p + 10, end);
        else if (ci_at(p, end, "reverts "))
            n = pr_ref_at(p + 8, end);
        if (n)
            return n;
    }
    return 0;
}

/* Splits the pattern at its N; false when it has none. */
static bool split_pattern(const char *pattern, const char **pre, size_t *prelen, const char **suf)
{
    if (!pattern || !*pattern)
        pattern = DEFAULT_PR_PATTERN;
    const char *n = strchr(pattern, 'N');
    if (!n)
        return false;
    *pre = pattern;
    *prelen = (size_t)(n - pattern);
    *suf = n + 1;
    return true;
}

long rc_refs_pr_number(const char *subject, const char *pr_pattern)
{
    const char *pre, *suf, *after;
    size_t prelen;
    if (!subject || !split_pattern(pr_pattern, &pre, &prelen, &suf))
        return 0;
    size_t suflen = strlen(suf);
    const char *end = subject + strlen(subject);
    long last = 0;
    for (const char *p = subject; p + prelen <= end; p++) {
        if (prelen && memcmp(p, pre, prelen) != 0)
            continue;
        long n = read_num(p + prelen, end, &after);
        if (n && (size_t)(end - after) >= suflen && memcmp(after, suf, suflen) == 0)
            last = n;
    }
    return last;
}

/* If s[0..*len) ends with a PR per the pattern, shortens *len and returns
 * the number; 0 otherwise. */
static long strip_trailing_pr(const char *s, size_t *len, const char *pre, size_t prelen,
                              const char *suf)
{
    size_t n = *len, suflen = strlen(suf);
    while (n && is_space(s[n - 1]))
        n--;
    if (n < suflen || memcmp(s + n - suflen, suf, suflen) != 0)
        return 0;
    size_t d = n - suflen, start = d;
    while (start && is_digit(s[start - 1]) && d - start < 10)
        start--;
    if (start == d || start < prelen || memcmp(s + start - prelen, pre, prelen) != 0)
        return 0;
    const char *after;
    long v = read_num(s + start, s + d, &after);
    if (!v)
        return 0;
    *len = start - prelen;
    return v;
}

/* A trailing "(... #N ...)" group such as "(from #12)" that only points at
 * another PR: stripped from normalized subjects. */
static bool strip_trailing_group(const char *s, size_t *len)
{
    size_t n = *len;
    while (n && is_space(s[n - 1]))
        n--;
    if (!n || s[n - 1] != ')')
        return false;
    size_t open = n - 1;
    while (open && s[open] != '(' && n - open < 64)
        open--;
    if (s[open] != '(')
        return false;
    bool has_ref = false;
    for (size_t i = open; i + 1 < n; i++)
        if (s[i] == '#' && is_digit(s[i + 1]))
            has_ref = true;
    if (!has_ref)
        return false;
    *len = open;
    return true;
}

bool rc_refs_is_release_prefix(const char *w, size_t len)
{
    while (len && is_space(*w)) {
        w++;
        len--;
    }
    while (len && is_space(w[len - 1]))
        len--;
    if (!len)
        return false;
    size_t i = 0;
    if (lower(w[0]) == 'v')
        i = 1;
    if (i < len && is_digit(w[i])) {
        bool ok = true;
        for (size_t j = i; j < len; j++)
            ok = ok && (is_alnum(w[j]) || w[j] == '.' || w[j] == '-' || w[j] == '+');
        if (ok)
            return true;
    }
    if (ci_at(w, w + len, "release"))
        return true;
    for (size_t j = 0; j < len; j++)
        if (ci_at(w + j, w + len, "cherry") || ci_at(w + j, w + len, "backport") ||
            ci_at(w + j, w + len, "pick"))
            return true;
    return false;
}

/* Skips leading bracketed release prefixes and "Cherry-pick:" words. */
static const char *skip_release_prefixes(const char *s, const char *end)
{
    for (;;) {
        while (s < end && is_space(*s))
            s++;
        if (s < end && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(end - s));
            if (close && close - s < 80 &&
                rc_refs_is_release_prefix(s + 1, (size_t)(close - s - 1))) {
                s = close + 1;
                continue;
            }
            return s;
        }
        static const char *const words[] = {
            "cherry-pick:", "cherry pick:", "cherrypick:", "backport:", NULL};
        bool hit = false;
        for (const char *const *w = words; *w; w++)
            if (ci_at(s, end, *w)) {
                s += strlen(*w);
                hit = true;
                break;
            }
        if (!hit)
            return s;
    }
}

char *rc_refs_normalize_subject(const char *subject, const char *pr_pattern)
{
    if (!subject)
        return rc_xstrdup("");
    const char *end = subject + strlen(subject);
    const char *s = skip_release_prefixes(subject, end);
    size_t len = (size_t)(end - s);
    const char *pre, *suf;
    size_t prelen;
    bool have_pat = split_pattern(pr_pattern, &pre, &prelen, &suf);
    for (;;) {
        if (have_pat && strip_trailing_pr(s, &len, pre, prelen, suf))
            continue;
        if (strip_trailing_group(s, &len))
            continue;
        break;
    }
    char *out = rc_xmalloc(len + 1);
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < len; i++) {
        if (is_space(s[i])) {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = false;
        out[o++] = lower(s[i]);
    }
    out[o] = '\0';
    return out;
}

/* `Revert "<subject>"` after any bracket prefixes ("[Revert]", "[v0.9.1]"). */
static void parse_revert_subject(rc_refs *r, const char *subject, const char *pr_pattern)
{
    const char *end = subject + strlen(subject), *s = subject;
    for (;;) {
        while (s < end && is_space(*s))
            s++;
        if (s < end && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(end - s));
            if (close && close - s < 80) {
                s = close + 1;
                continue;
            }
        }
        break;
    }
    if (!ci_at(s, end, "revert") || (s + 6 < end && is_alnum(s[6])))
        return;
    const char *q = s + 6;
    while (q < end && (is_space(*q) || *q == ':'))
        q++;
    if (q < end && *q == '"') {
        const char *open = q + 1;
        const char *close = end;
        while (close > open && close[-1] != '"')
            close--;
        const char *inner_end = close > open ? close - 1 : end;
        char *inner = rc_xstrndup(open, (size_t)(inner_end - open));
        r->is_revert = true;
        if (!r->revert_pr)
            r->revert_pr = rc_refs_pr_number(inner, pr_pattern);
        free(r->revert_subject);
        r->revert_subject = rc_refs_normalize_subject(inner, pr_pattern);
        free(inner);
        /* `[Revert] Revert "..." (#N) (#M)`: N is the reverted PR, M its own. */
        const char *pre, *suf;
        size_t prelen;
        if (!r->revert_pr && close > open && split_pattern(pr_pattern, &pre, &prelen, &suf)) {
            size_t len = (size_t)(end - close);
            long nums[2] = {0, 0};
            int k = 0;
            long v;
            while (k < 2 && (v = strip_trailing_pr(close, &len, pre, prelen, suf)))
                nums[k++] = v;
            if (k == 2)
                r->revert_pr = nums[1];
        }
        return;
    }
    long n = pr_ref_at(q, end);
    if (n) {
        r->is_revert = true;
        if (!r->revert_pr)
            r->revert_pr = n;
    }
}

int rc_refs_parse(rc_refs *out, const char *subject, const char *body, const char *pr_pattern)
{
    memset(out, 0, sizeof *out);
    if (!subject)
        subject = "";
    out->pr = rc_refs_pr_number(subject, pr_pattern);
    scan_shas(out, subject);
    scan_shas(out, body);
    long rp = scan_revert_pr(subject);
    if (!rp)
        rp = scan_revert_pr(body);
    out->revert_pr = rp;
    parse_revert_subject(out, subject, pr_pattern);
    if (out->revert_sha[0] || out->revert_pr)
        out->is_revert = true;
    scan_from(out, subject);
    scan_from(out, body);
    /* A pick keeping the original's number before its own: "... (#12) (#34)". */
    const char *pre, *suf;
    size_t prelen;
    if (!out->is_revert && split_pattern(pr_pattern, &pre, &prelen, &suf)) {
        size_t len = strlen(subject);
        long v;
        int k = 0;
        while ((v = strip_trailing_pr(subject, &len, pre, prelen, suf)) && k < RC_REFS_MAX) {
            if (k++ > 0)
                add_pr(out->from_prs, &out->n_from_prs, v);
        }
    }
    return 0;
}

void rc_refs_free(rc_refs *r)
{
    if (!r)
        return;
    free(r->revert_subject);
    r->revert_subject = NULL;
}
