/* Category rules: configured label and prefix mappings first, then the
 * built-in prefix table, then subject keywords. See category.h for the
 * documented order. */
#include "core/picks/category.h"

#include "core/base/error.h"
#include "core/picks/refs.h"
#include "core/base/util.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const rc_category_names[] = {
    RC_CAT_REGRESSION, RC_CAT_CRITICAL,   RC_CAT_NEWFEATURE, RC_CAT_DOC, RC_CAT_RELEASE,
    RC_CAT_FEATURE,    RC_CAT_AUTOMATION, RC_CAT_UNKNOWN,    NULL,
};

/* The short names a captain types. */
static const char *const aliases[][2] = {
    {"docs", RC_CAT_DOC},     {"doc", RC_CAT_DOC},         {"critical", RC_CAT_CRITICAL},
    {"bug", RC_CAT_CRITICAL}, {"bugfix", RC_CAT_CRITICAL}, {"regression", RC_CAT_REGRESSION},
    {"ci", RC_CAT_RELEASE},   {"release", RC_CAT_RELEASE}, {"feat", RC_CAT_FEATURE},
    {"test", RC_CAT_RELEASE}, {"bot", RC_CAT_AUTOMATION},
};

const char *rc_category_canonical(const char *name)
{
    for (const char *const *c = rc_category_names; name && *c; c++)
        if (strcasecmp(*c, name) == 0)
            return *c;
    for (size_t i = 0; name && i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcasecmp(aliases[i][0], name) == 0)
            return aliases[i][1];
    return NULL;
}

bool rc_category_is_fix(const char *c)
{
    return c && (strcmp(c, RC_CAT_REGRESSION) == 0 || strcmp(c, RC_CAT_CRITICAL) == 0 ||
                 strcmp(c, RC_CAT_NEWFEATURE) == 0);
}

typedef struct {
    char *key; /* prefix word without brackets, or label */
    const char *category;
} rule;

struct rc_category_rules {
    rule *prefixes, *labels;
    size_t nprefixes, nlabels;
    char **auto_authors, **auto_subjects; /* globs, prefixes */
    size_t nauto_authors, nauto_subjects;
};

/* Marks an area prefix that usually means new work but also carries fixes
 * ("[Model] Fix weight loading ..."): a fix word in the subject makes it
 * critical-fix, else it is feature. */
static const char SOFT_FEATURE[] = "soft-feature";

/* Measured on a real history (bench/README.md, "Categories"): the prefixes
 * of main's subjects that are common and say what the change is. Tests,
 * CI, build and benchmark tooling are not feature work (the vLLM policy's
 * "Test/CI fixes"): release-specific, which the policy admits. */
static const struct {
    const char *prefix;
    const char *category;
} builtin_prefixes[] = {
    {"regression", RC_CAT_REGRESSION},
    {"bugfix", RC_CAT_CRITICAL},
    {"bugfixes", RC_CAT_CRITICAL},
    {"bug", RC_CAT_CRITICAL},
    {"bug fix", RC_CAT_CRITICAL},
    {"bug fixes", RC_CAT_CRITICAL},
    {"fix", RC_CAT_CRITICAL},
    {"fixes", RC_CAT_CRITICAL},
    {"hotfix", RC_CAT_CRITICAL},
    {"critical", RC_CAT_CRITICAL},
    {"security", RC_CAT_CRITICAL},
    {"doc", RC_CAT_DOC},
    {"docs", RC_CAT_DOC},
    {"documentation", RC_CAT_DOC},
    {"ci", RC_CAT_RELEASE},
    {"build", RC_CAT_RELEASE},
    {"ci/build", RC_CAT_RELEASE},
    {"ci/cd", RC_CAT_RELEASE},
    {"ci fix", RC_CAT_RELEASE},
    {"ci bug fix", RC_CAT_RELEASE},
    {"buildkite", RC_CAT_RELEASE},
    {"docker", RC_CAT_RELEASE},
    {"test", RC_CAT_RELEASE},
    {"tests", RC_CAT_RELEASE},
    {"testing", RC_CAT_RELEASE},
    {"unit test", RC_CAT_RELEASE},
    {"unit tests", RC_CAT_RELEASE},
    {"nightly testing", RC_CAT_RELEASE},
    {"benchmark", RC_CAT_RELEASE},
    {"benchmarks", RC_CAT_RELEASE},
    {"release", RC_CAT_RELEASE},
    {"version", RC_CAT_RELEASE},
    {"feature", RC_CAT_FEATURE},
    {"feat", RC_CAT_FEATURE},
    {"new model", RC_CAT_FEATURE},
    {"model", SOFT_FEATURE},
    {"perf", SOFT_FEATURE},
    {"performance", SOFT_FEATURE},
    {"optimization", SOFT_FEATURE},
    {"refactor", SOFT_FEATURE},
    {"refactoring", SOFT_FEATURE},
    {"kernel", SOFT_FEATURE},
    {"kernels", SOFT_FEATURE},
    {"spec decode", SOFT_FEATURE},
    {"spec decoding", SOFT_FEATURE},
    {"specdecode", SOFT_FEATURE},
    {"speculative decoding", SOFT_FEATURE},
    {"multimodal", SOFT_FEATURE},
    {"multi-modal", SOFT_FEATURE},
    {"quantization", SOFT_FEATURE},
    {"moe", SOFT_FEATURE},
    {"fusedmoe", SOFT_FEATURE},
    {"multihost", SOFT_FEATURE},
    {"multi-host", SOFT_FEATURE},
    {"misc", NULL}, /* says nothing: the keywords decide */
    {"chore", NULL},
    {"wip", NULL},
};

static void free_rules(rule *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i].key);
    free(r);
}

static int load_mapping(rule **out, size_t *nout, const rc_config *cfg, const char *key,
                        bool strip_brackets)
{
    const char *const *vals = NULL;
    size_t n = 0;
    *out = NULL;
    *nout = 0;
    if (!cfg || rc_config_multi(&vals, &n, cfg, key) != 0 || !n)
        return 0;
    rule *r = rc_xcalloc(n, sizeof *r);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *eq = strrchr(vals[i], '=');
        if (!eq || eq == vals[i])
            continue;
        const char *cat = rc_category_canonical(eq + 1);
        if (!cat) {
            free_rules(r, k);
            return rc_error_set(RC_ECONFIG,
                                "%s: '%s' maps to unknown category '%s' (expected one of "
                                "regression-fix, critical-fix, new-feature-fix, documentation, "
                                "release-specific, feature, unknown)",
                                key, vals[i], eq + 1);
        }
        const char *s = vals[i];
        size_t len = (size_t)(eq - s);
        if (strip_brackets && len >= 2 && s[0] == '[' && s[len - 1] == ']') {
            s++;
            len -= 2;
        }
        r[k].key = rc_xstrndup(s, len);
        r[k].category = cat;
        k++;
    }
    *out = r;
    *nout = k;
    return 0;
}

/* The built-ins of relcap.automationAuthor and relcap.automationSubject,
 * for rules made without a configuration (the key table holds the same). */
static const char *const default_auto_authors[] = {"*[bot]", "* bot", "*[bot]@*", "*-bot@*"};
static const char *const default_auto_subjects[] = {"[skip ci]"};

static void load_list(char ***out, size_t *nout, const rc_config *cfg, const char *key,
                      const char *const *defaults, size_t ndefaults)
{
    const char *const *vals = defaults;
    size_t n = ndefaults;
    if (cfg && rc_config_multi(&vals, &n, cfg, key) != 0) {
        rc_error_clear();
        vals = defaults;
        n = ndefaults;
    }
    *out = rc_xcalloc(n ? n : 1, sizeof **out);
    *nout = 0;
    for (size_t i = 0; i < n; i++)
        if (vals[i] && *vals[i])
            (*out)[(*nout)++] = rc_xstrdup(vals[i]);
}

int rc_category_rules_new(rc_category_rules **out, const rc_config *cfg)
{
    rc_category_rules *r = rc_xcalloc(1, sizeof *r);
    int e = load_mapping(&r->prefixes, &r->nprefixes, cfg, "relcap.categoryPrefix", true);
    if (!e)
        e = load_mapping(&r->labels, &r->nlabels, cfg, "relcap.categoryLabel", false);
    load_list(&r->auto_authors, &r->nauto_authors, cfg, "relcap.automationAuthor",
              default_auto_authors, sizeof default_auto_authors / sizeof *default_auto_authors);
    load_list(&r->auto_subjects, &r->nauto_subjects, cfg, "relcap.automationSubject",
              default_auto_subjects, sizeof default_auto_subjects / sizeof *default_auto_subjects);
    if (e) {
        rc_category_rules_free(r);
        *out = NULL;
        return e;
    }
    *out = r;
    return 0;
}

void rc_category_rules_free(rc_category_rules *r)
{
    if (!r)
        return;
    free_rules(r->prefixes, r->nprefixes);
    free_rules(r->labels, r->nlabels);
    for (size_t i = 0; i < r->nauto_authors; i++)
        free(r->auto_authors[i]);
    for (size_t i = 0; i < r->nauto_subjects; i++)
        free(r->auto_subjects[i]);
    free(r->auto_authors);
    free(r->auto_subjects);
    free(r);
}

/* '*' and '?' only, any case: brackets are literal ("*[bot]"), as a
 * captain writes a bot's name, unlike fnmatch's bracket expressions. */
static bool glob_ci(const char *p, const char *s)
{
    for (; *p; p++, s++) {
        if (*p == '*') {
            for (const char *t = s;; t++) {
                if (glob_ci(p + 1, t))
                    return true;
                if (!*t)
                    return false;
            }
        }
        if (!*s || (*p != '?' && rc_ascii_lower(*p) != rc_ascii_lower(*s)))
            return false;
    }
    return *s == '\0';
}

bool rc_category_is_automation(const rc_category_rules *r, const char *subject, const char *author,
                               const char *email)
{
    const char *const *authors = default_auto_authors, *const *subjects = default_auto_subjects;
    size_t na = sizeof default_auto_authors / sizeof *default_auto_authors,
           ns = sizeof default_auto_subjects / sizeof *default_auto_subjects;
    if (r) {
        authors = (const char *const *)r->auto_authors;
        na = r->nauto_authors;
        subjects = (const char *const *)r->auto_subjects;
        ns = r->nauto_subjects;
    }
    for (size_t i = 0; subject && i < ns; i++)
        if (strncasecmp(subject, subjects[i], strlen(subjects[i])) == 0)
            return true;
    for (size_t i = 0; i < na; i++) {
        const char *who = strchr(authors[i], '@') ? email : author;
        if (who && *who && glob_ci(authors[i], who))
            return true;
    }
    return false;
}

/* Labels GitHub projects commonly use; consulted after the configured
 * relcap.categoryLabel mapping, which can override any of them. */
static const struct {
    const char *label, *category;
} builtin_labels[] = {
    {"regression", RC_CAT_REGRESSION},
    {"bug", RC_CAT_CRITICAL},
    {"bugfix", RC_CAT_CRITICAL},
    {"critical", RC_CAT_CRITICAL},
    {"documentation", RC_CAT_DOC},
    {"docs", RC_CAT_DOC},
    {"ci", RC_CAT_RELEASE},
    {"ci/build", RC_CAT_RELEASE},
    {"release", RC_CAT_RELEASE},
    {"feature", RC_CAT_FEATURE},
    {"new-feature-fix", RC_CAT_NEWFEATURE},
};

static const char *label_category(const rc_category_rules *r, const char *labels_json)
{
    if (!labels_json || !*labels_json || strcmp(labels_json, "[]") == 0)
        return NULL;
    cJSON *arr = cJSON_Parse(labels_json);
    const char *found = NULL;
    size_t nconf = r ? r->nlabels : 0;
    size_t nbuilt = sizeof builtin_labels / sizeof builtin_labels[0];
    if (cJSON_IsArray(arr)) {
        /* configured order, then the built-ins, decides between several
         * matching labels */
        for (size_t i = 0; i < nconf + nbuilt && !found; i++) {
            const char *key = i < nconf ? r->labels[i].key : builtin_labels[i - nconf].label;
            const char *cat =
                i < nconf ? r->labels[i].category : builtin_labels[i - nconf].category;
            cJSON *it;
            cJSON_ArrayForEach(it, arr)
            {
                const char *name = cJSON_IsString(it) ? it->valuestring : NULL;
                if (cJSON_IsObject(it)) {
                    cJSON *n = cJSON_GetObjectItemCaseSensitive(it, "name");
                    name = cJSON_IsString(n) ? n->valuestring : NULL;
                }
                if (name && strcasecmp(name, key) == 0) {
                    found = cat;
                    break;
                }
            }
        }
    }
    cJSON_Delete(arr);
    return found;
}

static inline char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static inline bool is_word(char c)
{
    c = lower(c);
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* Whole-word, case-insensitive search of w (lowercase, may hold a space).
 * Every subject of a listing goes through ~50 of these (issue 18): the
 * first letter is compared before the word boundary. */
static bool has_word(const char *s, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = s; *p; p++) {
        if (lower(*p) != w[0] || (p != s && is_word(p[-1])))
            continue;
        size_t i = 1;
        while (i < wl && p[i] && lower(p[i]) == w[i])
            i++;
        if (i == wl && !is_word(p[wl]))
            return true;
    }
    return false;
}

static bool has_any(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (has_word(s, *words))
            return true;
    return false;
}

static bool has_any(const char *s, const char *const *words);
static const char *const fix_words[] = {"fix",   "fixes",   "fixed", "bug",      "bugfix",
                                        "crash", "crashes", "leak",  "deadlock", NULL};

/* The category prefix w (len bytes, no brackets) names: *hit tells whether
 * a rule knows it (NULL with a hit: it decides nothing). */
static const char *lookup_prefix(const rc_category_rules *r, const char *w, size_t len,
                                 const char *subject, bool regress, bool *hit)
{
    *hit = true;
    for (size_t i = 0; r && i < r->nprefixes; i++)
        if (strlen(r->prefixes[i].key) == len && strncasecmp(r->prefixes[i].key, w, len) == 0)
            return r->prefixes[i].category;
    for (size_t i = 0; i < sizeof builtin_prefixes / sizeof builtin_prefixes[0]; i++) {
        const char *p = builtin_prefixes[i].prefix;
        if (strlen(p) != len || strncasecmp(p, w, len) != 0)
            continue;
        const char *c = builtin_prefixes[i].category;
        if (c == SOFT_FEATURE)
            c = has_any(subject, fix_words) ? RC_CAT_CRITICAL : RC_CAT_FEATURE;
        if (c && strcmp(c, RC_CAT_CRITICAL) == 0 && regress)
            return RC_CAT_REGRESSION;
        return c;
    }
    *hit = false;
    return NULL;
}

/* "feat(scope)!: ..." and the like (Conventional Commits): the type word's
 * length, 0 when s does not start so. */
static size_t conventional_type(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z'))
        n++;
    size_t k = n;
    if (n && s[k] == '(') {
        const char *close = strchr(s + k, ')');
        if (!close || close - s > 80)
            return 0;
        k = (size_t)(close - s) + 1;
    }
    if (s[k] == '!')
        k++;
    return n && s[k] == ':' && s[k + 1] == ' ' ? n : 0;
}

static const char *prefix_category(const rc_category_rules *r, const char *subject, bool *regress)
{
    const char *s = subject;
    bool hit;
    for (int guard = 0; guard < 16; guard++) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s != '[')
            break;
        const char *close = strchr(s, ']');
        if (!close || close - s > 80)
            break;
        const char *w = s + 1;
        size_t len = (size_t)(close - w);
        s = close + 1;
        if (rc_refs_is_release_prefix(w, len))
            continue;
        const char *c = lookup_prefix(r, w, len, subject, *regress, &hit);
        if (c || hit)
            return c; /* a prefix that decides nothing leaves it to the keywords */
    }
    size_t len = conventional_type(s);
    return len ? lookup_prefix(r, s, len, subject, *regress, &hit) : NULL;
}

const char *rc_category_of(const rc_category_rules *r, const char *subject, const char *labels_json)
{
    static const char *const regression_words[] = {"regression", "regressions", "revert", NULL};
    static const char *const critical_words[] = {
        "crash",   "crashes",    "deadlock", "deadlocks", "hang",      "hangs",
        "leak",    "leaks",      "oom",      "segfault",  "incorrect", "wrong",
        "corrupt", "corruption", "nan",      "nans",      NULL};
    static const char *const doc_words[] = {"doc", "docs", "readme", "typo", "typos", NULL};
    static const char *const release_words[] = {
        "bump version", "ci", "version bump", "release notes", "release.md", "changelog", NULL};
    static const char *const feature_words[] = {
        "add",        "adds",     "support",      "implement", "introduce",
        "introduces", "optimize", "optimization", "optimise",  "enable",
        "enables",    "improve",  "improves",     "refactor",  NULL};
    /* last: "Add X with tests" is feature work, "Update the X test" is not */
    static const char *const test_words[] = {"test", "tests", "benchmark", "benchmarks", NULL};
    if (!subject)
        subject = "";
    const char *c = label_category(r, labels_json);
    if (c)
        return c;
    bool regress = has_any(subject, regression_words);
    if ((c = prefix_category(r, subject, &regress)))
        return c;
    if (regress)
        return RC_CAT_REGRESSION;
    if (has_any(subject, critical_words))
        return RC_CAT_CRITICAL;
    if (has_any(subject, doc_words))
        return RC_CAT_DOC;
    if (has_any(subject, release_words))
        return RC_CAT_RELEASE;
    if (has_any(subject, fix_words))
        return RC_CAT_CRITICAL;
    if (has_any(subject, feature_words))
        return RC_CAT_FEATURE;
    if (has_any(subject, test_words))
        return RC_CAT_RELEASE;
    return RC_CAT_UNKNOWN;
}

const char *rc_category_from_text(const char *text)
{
    static const char *const regression_words[] = {"regression", "regressions", NULL};
    static const char *const doc_words[] = {"doc", "docs", "documentation", NULL};
    static const char *const release_words[] = {"ci",      "test",  "tests",   "build",
                                                "release", "infra", "version", NULL};
    static const char *const fix_words2[] = {"fix",   "fixes",    "bug",    "bugfix", "critical",
                                             "crash", "security", "hotfix", NULL};
    if (!text || !*text)
        return NULL;
    const char *c = rc_category_canonical(text);
    if (c)
        return strcmp(c, RC_CAT_UNKNOWN) == 0 ? NULL : c;
    if (has_any(text, regression_words))
        return RC_CAT_REGRESSION;
    if (has_word(text, "new feature") || has_word(text, "new-feature"))
        return RC_CAT_NEWFEATURE;
    if (has_any(text, doc_words))
        return RC_CAT_DOC;
    if (has_any(text, release_words))
        return RC_CAT_RELEASE;
    if (has_any(text, fix_words2))
        return RC_CAT_CRITICAL;
    if (has_word(text, "feature") || has_word(text, "features"))
        return RC_CAT_FEATURE;
    return NULL;
}
