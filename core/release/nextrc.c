/* Next tag names in the project's own spelling. Real projects of this family
 * write v0.7.0-rc.1, v0.26.0rc0 or 0.12.0: a proposal in another spelling
 * is a name nobody will type. */
#include "core/release/nextrc.h"
#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"
#include "core/git/gitsync.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A tag name split as prefix, release (digits and dots), separator and the
 * number after it: "v0.7.0-rc.1" -> "v", "0.7.0", "-rc.", 1. */
typedef struct {
    char prefix[16], sep[16];
    long number;
} tag_parts;

static bool split(tag_parts *p, const char *name)
{
    const char *s = name;
    while (*s && !isdigit((unsigned char)*s))
        s++;
    if (!*s || (size_t)(s - name) >= sizeof p->prefix)
        return false;
    snprintf(p->prefix, sizeof p->prefix, "%.*s", (int)(s - name), name);
    while (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1])))
        s++;
    const char *sep = s;
    while (*s && !isdigit((unsigned char)*s))
        s++;
    if ((size_t)(s - sep) >= sizeof p->sep)
        return false;
    snprintf(p->sep, sizeof p->sep, "%.*s", (int)(s - sep), sep);
    p->number = *s ? strtol(s, NULL, 10) : -1;
    return true;
}

/* Counts of spellings; the most common wins, a tie goes to the newest. */
typedef struct {
    char text[16];
    size_t n;
} vote;

static void cast(vote *v, size_t *nv, size_t max, const char *text)
{
    for (size_t i = 0; i < *nv; i++)
        if (strcmp(v[i].text, text) == 0) {
            v[i].n++;
            return;
        }
    if (*nv < max) {
        snprintf(v[*nv].text, sizeof v[*nv].text, "%s", text);
        v[(*nv)++].n = 1;
    }
}

static const char *winner(const vote *v, size_t nv, const char *none)
{
    size_t best = 0;
    for (size_t i = 1; i < nv; i++)
        if (v[i].n >= v[best].n)
            best = i;
    return nv ? v[best].text : none;
}

static void pattern_prefix(char *buf, size_t n, const rc_config *cfg)
{
    const char *const *pats = NULL;
    size_t np = 0;
    if (cfg)
        rc_config_multi(&pats, &np, cfg, "relcap.tagPattern");
    rc_error_clear();
    const char *pat = np ? pats[0] : "v{version}", *ph = strstr(pat, "{version}");
    snprintf(buf, n, "%.*s", ph ? (int)(ph - pat) : 0, pat);
}

int rc_tag_style_learn(rc_tag_style *out, rc_db *db, const rc_config *cfg)
{
    memset(out, 0, sizeof *out);
    rc_tag_row *rows;
    size_t n;
    int r = rc_gitsync_tags(&rows, &n, db, NULL, NULL, false);
    if (r)
        return r;
    vote prefixes[8], seps[8];
    size_t np = 0, ns = 0;
    long first = -1; /* lowest RC number of the newest release with RCs */
    const char *first_rel = NULL;
    for (size_t i = 0; i < n; i++) {
        tag_parts p;
        if (!rows[i].name || !split(&p, rows[i].name))
            continue;
        cast(prefixes, &np, 8, p.prefix);
        if (!rows[i].kind || strcmp(rows[i].kind, "rc") != 0 || !strstr(p.sep, "c"))
            continue;
        cast(seps, &ns, 8, p.sep);
        const char *rel = rows[i].release ? rows[i].release : "";
        if (!first_rel || strcmp(first_rel, rel) != 0) {
            first_rel = rel; /* oldest first: the last release seen is the newest */
            first = p.number;
        } else if (p.number < first) {
            first = p.number;
        }
    }
    if (np)
        snprintf(out->prefix, sizeof out->prefix, "%s", winner(prefixes, np, "v"));
    else
        pattern_prefix(out->prefix, sizeof out->prefix, cfg);
    snprintf(out->rc_sep, sizeof out->rc_sep, "%s", winner(seps, ns, "rc"));
    out->first_rc = first == 0 ? 0 : 1;
    rc_tag_rows_free(rows, n);
    return 0;
}

/* Whether the release X.Y.Z has a branch or a tag in the cache. */
static bool release_known(rc_db *db, const char *release)
{
    rc_tag_row *t;
    size_t nt;
    bool known = false;
    if (rc_gitsync_tags(&t, &nt, db, release, NULL, false) == 0) {
        known = nt > 0;
        rc_tag_rows_free(t, nt);
    }
    rc_branch_row *b;
    size_t nb;
    if (!known && rc_gitsync_branches(&b, &nb, db, NULL, false) == 0) {
        for (size_t i = 0; i < nb && !known; i++)
            known = b[i].version && strcmp(b[i].version, release) == 0;
        rc_branch_rows_free(b, nb);
    }
    rc_error_clear();
    return known;
}

int rc_release_next_tag(char **out, bool *released, rc_db *db, const rc_config *cfg,
                        const char *release)
{
    *out = NULL;
    *released = false;
    rc_version rel;
    if (rc_version_parse(&rel, release) != 0)
        return rc_error_code();
    rc_tag_style style;
    int r = rc_tag_style_learn(&style, db, cfg);
    if (r)
        return r;
    rc_tag_row *rows;
    size_t n;
    if ((r = rc_gitsync_tags(&rows, &n, db, release, NULL, true)))
        return r;
    long newest_rc = -1;
    unsigned long post = 0;
    for (size_t i = 0; i < n; i++) {
        rc_version v;
        if (!rows[i].version || rc_version_parse(&v, rows[i].version) != 0)
            continue;
        if (!rc_version_is_prerelease(&v))
            *released = true;
        if (v.has_post && v.post > post)
            post = v.post;
        if (v.pre == 'c' && (long)v.pre_num > newest_rc)
            newest_rc = (long)v.pre_num;
    }
    rc_tag_rows_free(rows, n);
    rc_error_clear();
    char base[RC_VERSION_STRLEN];
    rc_version_release(base, sizeof base, &rel);
    if (!*released) {
        long next = newest_rc < 0 ? (long)style.first_rc : newest_rc + 1;
        *out = rc_xasprintf("%s%s%s%ld", style.prefix, base, style.rc_sep, next);
        return 0;
    }
    rc_version patch;
    rc_version_next_patch(&patch, &rel);
    char nextrel[RC_VERSION_STRLEN];
    rc_version_release(nextrel, sizeof nextrel, &patch);
    if (!release_known(db, nextrel))
        *out = rc_xasprintf("%s%s%s%u", style.prefix, nextrel, style.rc_sep, style.first_rc);
    else
        *out = rc_xasprintf("%s%s.post%lu", style.prefix, base, post + 1);
    return 0;
}
