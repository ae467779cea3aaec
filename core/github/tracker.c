/* Release tracker comment parser: a line-oriented scan. Real comments are
 * typed by hand, so headings are recognised by their words, whatever the
 * markdown around them (bold, heading marks, quotes), spacing or case. */
#include "core/github/tracker.h"
#include "core/base/config.h"
#include "core/base/util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void push_unique(long **arr, size_t *n, long v)
{
    for (size_t i = 0; i < *n; i++)
        if ((*arr)[i] == v)
            return;
    *arr = rc_xrealloc(*arr, (*n + 1) * sizeof **arr);
    (*arr)[(*n)++] = v;
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.';
}

/* Does text[0..len) equal owner_repo, ignoring case? */
static bool repo_eq(const char *text, size_t len, const char *owner_repo)
{
    return owner_repo && strlen(owner_repo) == len && strncasecmp(text, owner_repo, len) == 0;
}

static long parse_num(const char *p, const char **end)
{
    long v = 0;
    const char *s = p;
    while (isdigit((unsigned char)*s) && s - p < 9)
        v = v * 10 + (*s++ - '0');
    if (s == p || isdigit((unsigned char)*s) || isalpha((unsigned char)*s))
        return -1;
    *end = s;
    return v;
}

size_t rc_tracker_refs(long **out, size_t *n, const char *text, const char *owner_repo)
{
    size_t found = 0;
    const char *p = text;
    while (*p) {
        /* https://github.com/O/R/pull/N... */
        if (strncasecmp(p, "github.com/", 11) == 0) {
            const char *o = p + 11, *s = o;
            while (word_char(*s))
                s++;
            if (*s == '/' && s > o) {
                s++;
                const char *rstart = s;
                while (word_char(*s))
                    s++;
                size_t rlen = (size_t)(s - o);
                bool ours = s > rstart && repo_eq(o, rlen, owner_repo);
                const char *kinds[] = {"/pull/", "/pulls/", "/issues/"};
                for (size_t k = 0; k < 3; k++) {
                    size_t kl = strlen(kinds[k]);
                    if (strncmp(s, kinds[k], kl) == 0) {
                        const char *end;
                        long v = parse_num(s + kl, &end);
                        if (v > 0 && ours) {
                            push_unique(out, n, v);
                            found++;
                        }
                        if (v > 0)
                            s = end;
                        break;
                    }
                }
            }
            /* skip the rest of the URL so its anchor is not read as #N */
            while (*s && !isspace((unsigned char)*s) && *s != ')' && *s != ']' && *s != '>')
                s++;
            p = s;
            continue;
        }
        if (*p == '#' && isdigit((unsigned char)p[1])) {
            /* The token before '#': empty (a plain #N) or O/R (cross-reference). */
            const char *t = p;
            while (t > text && !isspace((unsigned char)t[-1]) && !strchr("([{,;:*>", t[-1]))
                t--;
            size_t plen = (size_t)(p - t);
            const char *end;
            long v = parse_num(p + 1, &end);
            bool ok = false;
            if (v > 0 && plen == 0) {
                ok = true;
            } else if (v > 0) {
                const char *slash = memchr(t, '/', plen);
                bool shaped = slash && slash > t && slash < p - 1 &&
                              !memchr(slash + 1, '/', (size_t)(p - slash - 1));
                for (const char *c = t; shaped && c < p; c++)
                    if (c != slash && !word_char(*c))
                        shaped = false;
                ok = shaped && repo_eq(t, plen, owner_repo);
            }
            if (ok) {
                push_unique(out, n, v);
                found++;
            }
            p = v > 0 ? end : p + 1;
            continue;
        }
        p++;
    }
    return found;
}

/* Strips markdown decoration that people put around headings and items. */
static char *clean_line(const char *s, size_t len)
{
    char *l = rc_xstrndup(s, len);
    char *a = l;
    for (;;) {
        while (*a == ' ' || *a == '\t' || *a == '>')
            a++;
        if (*a == '#') {
            /* a markdown heading mark, not the '#' of "#123" */
            char *h = a;
            while (*h == '#')
                h++;
            if (*h == ' ' || *h == '\t' || *h == '\0') {
                a = h;
                continue;
            }
        }
        if ((a[0] == '*' && a[1] == '*') || (a[0] == '_' && a[1] == '_')) {
            a += 2;
            continue;
        }
        break;
    }
    size_t n = strlen(a);
    while (n && (isspace((unsigned char)a[n - 1])))
        n--;
    a[n] = '\0';
    memmove(l, a, n + 1);
    /* "**Criteria Category:**" -> drop the emphasis markers anywhere */
    char *w = l;
    for (char *r = l; *r; r++) {
        if ((r[0] == '*' && r[1] == '*') || (r[0] == '_' && r[1] == '_')) {
            r++;
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
    return l;
}

typedef enum { SEC_NONE, SEC_TRUNK, SEC_RELEASE, SEC_CATEGORY } section;

static bool starts(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Which heading a cleaned line is, and where its same-line value starts. */
static section heading(const char *l, const char **rest)
{
    *rest = NULL;
    section sec = SEC_NONE;
    if (starts(l, "link to")) {
        const char *colon = strchr(l, ':');
        size_t upto = colon ? (size_t)(colon - l) : strlen(l);
        char *head = rc_xstrndup(l, upto);
        if (strcasestr(head, "release"))
            sec = SEC_RELEASE;
        else if (strcasestr(head, "trunk") || strcasestr(head, "main") ||
                 strcasestr(head, "master"))
            sec = SEC_TRUNK;
        free(head);
    } else if (starts(l, "trunk pr") || starts(l, "landed trunk") || starts(l, "main pr")) {
        sec = SEC_TRUNK;
    } else if (starts(l, "release branch pr") || starts(l, "release pr")) {
        sec = SEC_RELEASE;
    } else if (starts(l, "criteria category") || starts(l, "criteria:") || starts(l, "category:") ||
               starts(l, "category :")) {
        sec = SEC_CATEGORY;
    }
    if (sec != SEC_NONE) {
        /* for link headings the value follows "):" or ":"; a URL's own
         * colon comes after the heading's, so the first colon is right */
        const char *colon = strchr(l, ':');
        if (colon) {
            colon++;
            while (*colon == ' ' || *colon == '\t')
                colon++;
            *rest = colon;
        }
    }
    return sec;
}

/* "- [ ] text" / "* [x] text" / "1. [X] text": returns the text after the box. */
static const char *checkbox(const char *l, bool *checked)
{
    const char *p = l;
    if (*p == '-' || *p == '*' || *p == '+') {
        p++;
    } else if (isdigit((unsigned char)*p)) {
        while (isdigit((unsigned char)*p))
            p++;
        if (*p != '.' && *p != ')')
            return NULL;
        p++;
    } else {
        return NULL;
    }
    while (*p == ' ' || *p == '\t')
        p++;
    if (p[0] != '[' || !p[1] || p[2] != ']')
        return NULL;
    if (p[1] == 'x' || p[1] == 'X')
        *checked = true;
    else if (p[1] == ' ')
        *checked = false;
    else
        return NULL;
    p += 3;
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Category text: bullets and trailing punctuation spaces dropped. */
static char *category_text(const char *s)
{
    while (*s == '*' || *s == '-' || *s == '+' || *s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return n ? rc_xstrndup(s, n) : NULL;
}

static bool is_na(const char *s)
{
    while (*s == '*' || *s == '-' || *s == ' ')
        s++;
    return strncasecmp(s, "n/a", 3) == 0 || strncasecmp(s, "none", 4) == 0;
}

/* A heading line: switches the section; a value on the same line counts. */
static section on_heading(rc_tracker_request *out, section h, const char *rest,
                          const char *owner_repo)
{
    if (!rest || !*rest)
        return h;
    if (h == SEC_CATEGORY) {
        free(out->category);
        out->category = category_text(rest);
        return SEC_NONE;
    }
    if (h == SEC_TRUNK)
        rc_tracker_refs(&out->trunk, &out->n_trunk, rest, owner_repo);
    else
        rc_tracker_refs(&out->release, &out->n_release, rest, owner_repo);
    return h;
}

/* A check-box item: the first link of an item is the PR it asks for; the
 * rest are context. */
static void on_checkbox(rc_tracker_request *out, section sec, const char *box, bool checked,
                        const char *owner_repo)
{
    long *refs = NULL;
    size_t nrefs = 0;
    rc_tracker_refs(&refs, &nrefs, box, owner_repo);
    if (nrefs) {
        bool dup = false;
        for (size_t i = 0; i < out->n_boxes; i++)
            dup |= out->boxes[i].pr == refs[0];
        if (!dup) {
            out->boxes = rc_xrealloc(out->boxes, (out->n_boxes + 1) * sizeof *out->boxes);
            out->boxes[out->n_boxes++] = (rc_tracker_box){refs[0], checked};
        }
        if (sec == SEC_RELEASE)
            push_unique(&out->release, &out->n_release, refs[0]);
        else
            push_unique(&out->trunk, &out->n_trunk, refs[0]);
    }
    free(refs);
}

/* A plain line inside a section. */
static section on_line(rc_tracker_request *out, section sec, const char *l, const char *owner_repo)
{
    switch (sec) {
    case SEC_TRUNK:
        rc_tracker_refs(&out->trunk, &out->n_trunk, l, owner_repo);
        break;
    case SEC_RELEASE:
        rc_tracker_refs(&out->release, &out->n_release, l, owner_repo);
        break;
    case SEC_CATEGORY:
        if (!*l)
            break;
        if (!is_na(l) || !out->category) {
            free(out->category);
            out->category = category_text(l);
        }
        return SEC_NONE;
    case SEC_NONE:
        break;
    }
    return sec;
}

int rc_tracker_parse(rc_tracker_request *out, const char *body, const char *owner_repo)
{
    memset(out, 0, sizeof *out);
    out->checked = -1;
    if (!body)
        return 0;
    section sec = SEC_NONE;
    bool headings = false, in_code = false;
    const char *p = body;
    while (*p) {
        size_t len = strcspn(p, "\n");
        char *l = clean_line(p, len);
        p += len + (p[len] == '\n');
        const char *rest = NULL, *box;
        bool checked = false;
        section h;
        if (strncmp(l, "```", 3) == 0 || strncmp(l, "~~~", 3) == 0) {
            in_code = !in_code;
        } else if (in_code || (!*l && sec != SEC_CATEGORY)) {
            /* code blocks and blank lines say nothing */
        } else if ((h = heading(l, &rest)) != SEC_NONE) {
            headings = true;
            sec = on_heading(out, h, rest, owner_repo);
        } else if ((box = checkbox(l, &checked))) {
            on_checkbox(out, sec, box, checked, owner_repo);
        } else {
            sec = on_line(out, sec, l, owner_repo);
        }
        free(l);
    }
    if (out->n_boxes) {
        out->checked = 1;
        for (size_t i = 0; i < out->n_boxes; i++)
            if (!out->boxes[i].checked)
                out->checked = 0;
    }
    if (!headings && !out->n_boxes) {
        rc_tracker_request_free(out);
        return 0;
    }
    return 1;
}

void rc_tracker_request_free(rc_tracker_request *r)
{
    if (!r)
        return;
    free(r->trunk);
    free(r->release);
    free(r->category);
    free(r->boxes);
    memset(r, 0, sizeof *r);
    r->checked = -1;
}

bool rc_tracker_title_match(char *version, size_t n, const char *title, const char *const *patterns,
                            size_t n_patterns)
{
    if (!title)
        return false;
    while (isspace((unsigned char)*title))
        title++;
    char *t = rc_xstrdup(title);
    size_t len = strlen(t);
    while (len && isspace((unsigned char)t[len - 1]))
        t[--len] = '\0';
    bool ok = false;
    for (size_t i = 0; i < n_patterns && !ok; i++)
        ok = rc_config_pattern_match(patterns[i], t, version, n);
    free(t);
    return ok;
}
