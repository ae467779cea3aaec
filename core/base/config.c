#include "core/base/config.h"
#include "core/base/config_internal.h"
#include "core/base/repo.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *level_path(const rc_config *cfg, int level)
{
    if (level == LEVEL_OVERRIDE)
        return "-c";
    if (level >= 0 && level < CONFIG_MAX_LEVELS && cfg->paths[level])
        return cfg->paths[level];
    return "default";
}

/* "relcap.Node.H100-A.Kind" -> "relcap.node.H100-A.kind" */
static char *normalize_name(const char *name)
{
    char *s = rc_xstrdup(name);
    char *first = strchr(s, '.'), *last = strrchr(s, '.');
    for (char *p = s; p < (first ? first : s + strlen(s)); p++)
        *p = (char)tolower((unsigned char)*p);
    if (last)
        for (char *p = last; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    return s;
}

/* Does the table name (with '*' for a subsection) match a normalized name? */
static bool key_matches(const char *pattern, const char *name)
{
    const char *star = strchr(pattern, '*');
    if (!star)
        return strcasecmp(pattern, name) == 0;
    size_t pre = (size_t)(star - pattern);
    const char *post = star + 1; /* ".kind" or "" */
    size_t nlen = strlen(name), plen = strlen(post);
    if (nlen <= pre + plen || strncasecmp(pattern, name, pre) != 0)
        return false;
    if (strcasecmp(name + nlen - plen, post) != 0)
        return false;
    /* the subsection part must be non-empty and, for keys below it, contain no
     * further key: relcap.bind.approve matches "relcap.bind.*" */
    const char *mid = name + pre;
    size_t mlen = nlen - pre - plen;
    if (*post == '\0')
        return memchr(mid, '.', mlen) == NULL;
    return mlen > 0;
}

static const rc_config_key *find_key(const char *name)
{
    for (const rc_config_key *k = rc_config_keys; k->name; k++)
        if (key_matches(k->name, name))
            return k;
    return NULL;
}

static void add_warning(rc_config *cfg, char *msg)
{
    cfg->warnings = rc_xrealloc(cfg->warnings, (cfg->nwarnings + 1) * sizeof(char *));
    cfg->warnings[cfg->nwarnings++] = msg;
}

void config_add_entry(rc_config *cfg, const char *name, const char *value, int level)
{
    if (cfg->n == cfg->cap) {
        cfg->cap = cfg->cap ? cfg->cap * 2 : 32;
        cfg->entries = rc_xrealloc(cfg->entries, cfg->cap * sizeof(entry));
    }
    entry *e = &cfg->entries[cfg->n];
    e->name = normalize_name(name);
    e->value = rc_xstrdup(value ? value : "");
    e->level = level;
    e->order = cfg->n++;
}

/* git's booleans, as libgit2's git_config_parse_bool reads them (which
 * needs git_libgit2_init for its error): yes/on/true, no/off/false and the
 * empty value, or an integer with an optional k, m or g suffix. */
static bool parse_bool(bool *out, const char *v)
{
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off",
                                                                           ""};
    for (size_t i = 0; i < 3; i++)
        if (strcasecmp(v, yes[i]) == 0)
            return (*out = true);
    for (size_t i = 0; i < 4; i++)
        if (strcasecmp(v, no[i]) == 0)
            return !(*out = false);
    char *end;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (end == v || errno)
        return false;
    if (*end && strchr("kKmMgG", *end))
        end++;
    if (*end || n > INT32_MAX || n < INT32_MIN)
        return false;
    *out = n != 0;
    return true;
}

static const char *type_form(const rc_config_key *k)
{
    switch (k->type) {
    case RC_CFG_INT:
        return "a non-negative integer";
    case RC_CFG_NUMBER:
        return "a non-negative number";
    case RC_CFG_BOOL:
        return "true or false";
    case RC_CFG_PATTERN:
        return "a name containing {version}, like releases/v{version}";
    case RC_CFG_MAPPING:
        return "KEY=VALUE";
    case RC_CFG_ENUM:
        return k->choices;
    case RC_CFG_REPO:
        return "OWNER/REPO";
    case RC_CFG_URL:
        return "an https:// URL (http:// only for 127.0.0.1 or localhost)";
    default:
        return "a string";
    }
}

static bool valid_value(const rc_config_key *k, const char *v)
{
    char *end;
    switch (k->type) {
    case RC_CFG_INT: {
        if (!*v)
            return false;
        for (const char *p = v; *p; p++)
            if (!isdigit((unsigned char)*p))
                return false;
        return strlen(v) < 10;
    }
    case RC_CFG_NUMBER: {
        double d = strtod(v, &end);
        return *v && *end == '\0' && d >= 0 && d < 1e12;
    }
    case RC_CFG_BOOL: {
        bool b;
        return parse_bool(&b, v);
    }
    case RC_CFG_PATTERN: {
        const char *p = strstr(v, "{version}");
        return p && strstr(p + 1, "{version}") == NULL;
    }
    case RC_CFG_MAPPING: {
        const char *eq = strchr(v, '=');
        return eq && eq != v;
    }
    case RC_CFG_ENUM: {
        size_t n = strlen(v);
        for (const char *c = k->choices; c && *c;) {
            const char *bar = strchr(c, '|');
            size_t len = bar ? (size_t)(bar - c) : strlen(c);
            if (len == n && strncmp(c, v, n) == 0)
                return true;
            c = bar ? bar + 1 : c + len;
        }
        return false;
    }
    case RC_CFG_REPO: {
        const char *slash = strchr(v, '/');
        if (!slash || slash == v || !slash[1] || strchr(slash + 1, '/'))
            return false;
        for (const char *p = v; *p; p++)
            if (!isalnum((unsigned char)*p) && !strchr("-_./", *p))
                return false;
        return true;
    }
    case RC_CFG_URL:
        if (strncmp(v, "https://", 8) == 0)
            return v[8] != '\0';
        return strncmp(v, "http://127.0.0.1", 16) == 0 || strncmp(v, "http://localhost", 16) == 0 ||
               strncmp(v, "http://[::1]", 12) == 0;
    default:
        return true;
    }
}

/* Empty values of multi-valued keys reset the list, as git does for
 * credential.helper; that is a valid value for any multi key. */
static int validate(rc_config *cfg)
{
    for (size_t i = 0; i < cfg->n; i++) {
        entry *e = &cfg->entries[i];
        const rc_config_key *k = find_key(e->name);
        if (!k) {
            add_warning(cfg,
                        rc_xasprintf("unknown key %s in %s", e->name, level_path(cfg, e->level)));
            continue;
        }
        if (k->multi && e->value[0] == '\0')
            continue;
        if (!valid_value(k, e->value))
            return rc_error_set(RC_ECONFIG, "bad value '%s' for %s in %s: expected %s", e->value,
                                e->name, level_path(cfg, e->level), type_form(k));
    }
    return 0;
}

void config_set_path(rc_config *cfg, int level, const char *path)
{
    if (level >= 0 && level < CONFIG_MAX_LEVELS) {
        free(cfg->paths[level]);
        cfg->paths[level] = rc_xstrdup(path);
    }
}

static int add_file(rc_config *cfg, git_config *gc, const char *path, git_config_level_t level,
                    git_repository *repo)
{
    config_note_file(cfg, path);
    if (access(path, F_OK) != 0)
        return 0;
    if (git_config_add_file_ondisk(gc, path, level, repo, 0) != 0)
        return rc_error_from_git(RC_ECONFIG, path);
    config_set_path(cfg, (int)level, path);
    return 0;
}

/* Every place libgit2 would look for the file of a user level (name in
 * each directory of its search path): one created later must be seen. */
static void note_candidates(rc_config *cfg, int level, const char *name)
{
    git_buf dirs = {0};
    if (git_libgit2_opts(GIT_OPT_GET_SEARCH_PATH, level, &dirs) != 0) {
        cfg->unsnappable = true;
        git_error_clear();
        return;
    }
    for (char *save = NULL, *d = strtok_r(dirs.ptr, ":", &save); d;
         d = strtok_r(NULL, ":", &save)) {
        char *p = rc_xasprintf("%s/%s", d, name);
        config_note_file(cfg, p);
        free(p);
    }
    git_buf_dispose(&dirs);
}

/* relcap.* entries, remote URLs, includes (which the snapshot does not
 * follow) and the user.name fallback of relcap.author. */
static int read_entries(rc_config *cfg, git_config *gc)
{
    git_config_iterator *it = NULL;
    /* A plain iterator filtered here: libgit2 1.5's glob iterator leaks
     * pcre2 match data on every entry it tests. */
    if (git_config_iterator_new(&it, gc) != 0)
        return rc_error_from_git(RC_ECONFIG, "cannot read configuration");
    git_config_entry *ge;
    /* libgit2 iterates levels highest first; we keep level and order. */
    while (git_config_next(&ge, it) == 0) {
        const char *n = ge->name;
        if (strncasecmp(n, "include.", 8) == 0 || strncasecmp(n, "includeif.", 10) == 0)
            cfg->unsnappable = true;
        size_t len = strlen(n);
        if (cfg->with_repo && ge->level != GIT_CONFIG_LEVEL_APP && len > 11 &&
            strncasecmp(n, "remote.", 7) == 0 && strcasecmp(n + len - 4, ".url") == 0) {
            char *name = rc_xstrndup(n + 7, len - 11);
            config_add_remote(cfg, name, ge->value ? ge->value : "", (int)ge->level);
            free(name);
        }
        if (strncasecmp(n, "relcap.", 7) == 0)
            config_add_entry(cfg, n, ge->value, (int)ge->level);
    }
    git_config_iterator_free(it);
    git_config_entry *un = NULL;
    if (git_config_get_entry(&un, gc, "user.name") == 0 && un->value) {
        /* relcap.author falls back to user.name: record it at the lowest level. */
        bool has = false;
        for (size_t i = 0; i < cfg->n; i++)
            has |= strcmp(cfg->entries[i].name, "relcap.author") == 0;
        if (!has)
            config_add_entry(cfg, "relcap.author", un->value, -1);
    }
    git_config_entry_free(un);
    git_error_clear();
    return 0;
}

static int load_files(rc_config *cfg, git_repository *repo)
{
    rc_git_init();
    git_config *gc = NULL;
    git_buf buf = {0};
    int r = 0;
    cfg->with_repo = repo != NULL;
    if (git_config_new(&gc) != 0)
        return rc_error_from_git(RC_ECONFIG, "cannot create configuration");
    note_candidates(cfg, GIT_CONFIG_LEVEL_SYSTEM, "gitconfig");
    note_candidates(cfg, GIT_CONFIG_LEVEL_XDG, "config");
    note_candidates(cfg, GIT_CONFIG_LEVEL_GLOBAL, ".gitconfig");
    if (git_config_find_system(&buf) == 0)
        r = add_file(cfg, gc, buf.ptr, GIT_CONFIG_LEVEL_SYSTEM, repo);
    git_buf_dispose(&buf);
    if (!r && git_config_find_xdg(&buf) == 0)
        r = add_file(cfg, gc, buf.ptr, GIT_CONFIG_LEVEL_XDG, repo);
    git_buf_dispose(&buf);
    if (!r && git_config_find_global(&buf) == 0)
        r = add_file(cfg, gc, buf.ptr, GIT_CONFIG_LEVEL_GLOBAL, repo);
    git_buf_dispose(&buf);
    git_error_clear();
    if (!r && repo) {
        /* the common directory's: a linked worktree's git directory has none */
        char *local = rc_xasprintf("%sconfig", git_repository_commondir(repo));
        r = add_file(cfg, gc, local, GIT_CONFIG_LEVEL_LOCAL, repo);
        free(local);
        const char *wd = git_repository_workdir(repo);
        if (!r && wd) {
            char *rel = rc_xasprintf("%s.relcap", wd);
            r = add_file(cfg, gc, rel, GIT_CONFIG_LEVEL_APP, repo);
            free(rel);
        }
    }
    if (!r)
        r = read_entries(cfg, gc);
    git_config_free(gc);
    return r;
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->level != y->level)
        return x->level < y->level ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

int config_finish(rc_config *cfg, const char *const *overrides, size_t n_overrides)
{
    int r = 0;
    /* Iteration gives each file's entries in order but files highest level
     * first; order within a level must stay file order, so renumber after a
     * stable sort by level. */
    if (cfg->n) { /* qsort must not get NULL, even for 0 entries */
        for (size_t i = 0; i < cfg->n; i++)
            cfg->entries[i].order = i;
        qsort(cfg->entries, cfg->n, sizeof(entry), cmp_entry);
    }
    for (size_t i = 0; !r && i < n_overrides; i++) {
        const char *eq = strchr(overrides[i], '=');
        if (!eq || eq == overrides[i]) {
            r = rc_error_set(RC_ECONFIG, "-c expects key=value, got '%s'", overrides[i]);
            break;
        }
        char *name = rc_xstrndup(overrides[i], (size_t)(eq - overrides[i]));
        if (strncasecmp(name, "relcap.", 7) != 0)
            r = rc_error_set(RC_ECONFIG, "-c %s: only relcap.* keys can be set", overrides[i]);
        else
            config_add_entry(cfg, name, eq + 1, LEVEL_OVERRIDE);
        free(name);
    }
    if (!r)
        r = validate(cfg);
    if (r)
        rc_config_free(cfg);
    return r;
}

int rc_config_open(rc_config **out, git_repository *repo, const char *const *overrides,
                   size_t n_overrides)
{
    *out = NULL;
    rc_config *cfg = rc_xcalloc(1, sizeof *cfg);
    int r = load_files(cfg, repo);
    if (r) {
        rc_config_free(cfg);
        return r;
    }
    if ((r = config_finish(cfg, overrides, n_overrides)))
        return r;
    *out = cfg;
    return 0;
}

void rc_config_free(rc_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->n; i++) {
        free(cfg->entries[i].name);
        free(cfg->entries[i].value);
    }
    free(cfg->entries);
    for (size_t i = 0; i < CONFIG_MAX_LEVELS; i++)
        free(cfg->paths[i]);
    for (size_t i = 0; i < cfg->nwarnings; i++)
        free(cfg->warnings[i]);
    free(cfg->warnings);
    for (size_t i = 0; i < cfg->nmultis; i++) {
        free(cfg->multis[i].key);
        free(cfg->multis[i].values);
    }
    free(cfg->multis);
    for (size_t i = 0; i < cfg->ndefaults; i++)
        free(cfg->defaults[i]);
    free(cfg->defaults);
    for (size_t i = 0; i < cfg->nfiles; i++)
        free(cfg->files[i].path);
    free(cfg->files);
    for (size_t i = 0; i < cfg->nremotes; i++) {
        free(cfg->remotes[i].name);
        free(cfg->remotes[i].url);
    }
    free(cfg->remotes);
    free(cfg);
}

size_t rc_config_warning_count(const rc_config *cfg)
{
    return cfg->nwarnings;
}

const char *rc_config_warning(const rc_config *cfg, size_t i)
{
    return i < cfg->nwarnings ? cfg->warnings[i] : NULL;
}

/* The effective (highest level, last in file) entry for key, or NULL. */
static const entry *lookup(const rc_config *cfg, const char *key)
{
    char *norm = normalize_name(key);
    const entry *best = NULL;
    for (size_t i = 0; i < cfg->n; i++)
        if (strcmp(cfg->entries[i].name, norm) == 0)
            best = &cfg->entries[i]; /* sorted by level, then order */
    free(norm);
    return best;
}

int rc_config_string(const char **out, const rc_config *cfg, const char *key)
{
    const entry *e = lookup(cfg, key);
    if (e) {
        *out = e->value;
        return 0;
    }
    const rc_config_key *k = find_key(key);
    *out = k ? k->def : NULL;
    return *out ? 0 : RC_ENOTFOUND;
}

const char *rc_config_text(const rc_config *cfg, const char *key)
{
    const entry *e = cfg ? lookup(cfg, key) : NULL;
    if (e && e->value && *e->value)
        return e->value;
    const rc_config_key *k = find_key(key);
    return k ? k->def : NULL;
}

/* The typed getters: the value of key (rc_config_string) through parse. */
static int config_parsed(void *out, const rc_config *cfg, const char *key,
                         void (*parse)(void *out, const char *s))
{
    const char *s;
    int r = rc_config_string(&s, cfg, key);
    if (!r)
        parse(out, s);
    return r;
}

static void parse_long(void *out, const char *s)
{
    *(long *)out = strtol(s, NULL, 10);
}

static void parse_double(void *out, const char *s)
{
    *(double *)out = strtod(s, NULL);
}

static void parse_bool_or_false(void *out, const char *s)
{
    *(bool *)out = false;
    parse_bool(out, s);
}

int rc_config_int(long *out, const rc_config *cfg, const char *key)
{
    return config_parsed(out, cfg, key, parse_long);
}

int rc_config_number(double *out, const rc_config *cfg, const char *key)
{
    return config_parsed(out, cfg, key, parse_double);
}

int rc_config_bool(bool *out, const rc_config *cfg, const char *key)
{
    return config_parsed(out, cfg, key, parse_bool_or_false);
}

int rc_config_multi(const char *const **out, size_t *count, const rc_config *cfg, const char *key)
{
    rc_config *mut = (rc_config *)cfg; /* the cache of lists is not observable state */
    char *norm = normalize_name(key);
    for (size_t i = 0; i < cfg->nmultis; i++) {
        if (strcmp(cfg->multis[i].key, norm) == 0) {
            free(norm);
            *out = cfg->multis[i].values;
            *count = cfg->multis[i].count;
            return 0;
        }
    }
    const char **vals = NULL;
    size_t n = 0;
    bool set = false;
    for (size_t i = 0; i < cfg->n; i++) {
        if (strcmp(cfg->entries[i].name, norm) != 0)
            continue;
        set = true;
        if (cfg->entries[i].value[0] == '\0') {
            n = 0; /* an empty value resets the list */
            continue;
        }
        vals = rc_xrealloc(vals, (n + 2) * sizeof *vals);
        vals[n++] = cfg->entries[i].value;
    }
    const rc_config_key *k = find_key(norm);
    if (!set && k && k->def) {
        char *copy = rc_xstrdup(k->def);
        mut->defaults = rc_xrealloc(mut->defaults, (mut->ndefaults + 1) * sizeof(char *));
        mut->defaults[mut->ndefaults++] = copy;
        for (char *save = NULL, *t = strtok_r(copy, "\n", &save); t;
             t = strtok_r(NULL, "\n", &save)) {
            vals = rc_xrealloc(vals, (n + 2) * sizeof *vals);
            vals[n++] = t;
        }
    }
    if (!vals)
        vals = rc_xcalloc(1, sizeof *vals);
    vals[n] = NULL;
    mut->multis = rc_xrealloc(mut->multis, (mut->nmultis + 1) * sizeof(multi_cache));
    mut->multis[mut->nmultis++] = (multi_cache){norm, vals, n};
    *out = vals;
    *count = n;
    return 0;
}

int rc_config_subsections(const char *const **out, size_t *count, const rc_config *cfg,
                          const char *prefix)
{
    /* Cached under a key that cannot clash with a real one. */
    char *ckey = rc_xasprintf("\001sub.%s", prefix);
    rc_config *mut = (rc_config *)cfg;
    for (size_t i = 0; i < cfg->nmultis; i++) {
        if (strcmp(cfg->multis[i].key, ckey) == 0) {
            free(ckey);
            *out = cfg->multis[i].values;
            *count = cfg->multis[i].count;
            return 0;
        }
    }
    char *head = rc_xasprintf("relcap.%s.", prefix);
    size_t hl = strlen(head);
    const char **vals = rc_xcalloc(1, sizeof *vals);
    size_t n = 0;
    for (size_t i = 0; i < cfg->n; i++) {
        const char *name = cfg->entries[i].name;
        if (strncasecmp(name, head, hl) != 0)
            continue;
        const char *sub = name + hl, *dot = strrchr(sub, '.');
        if (!dot || dot == sub)
            continue;
        size_t len = (size_t)(dot - sub);
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strlen(vals[j]) == len && strncmp(vals[j], sub, len) == 0;
        if (seen)
            continue;
        /* Point into the entry's own name to avoid another allocation: store a copy. */
        char *copy = rc_xstrndup(sub, len);
        mut->defaults = rc_xrealloc(mut->defaults, (mut->ndefaults + 1) * sizeof(char *));
        mut->defaults[mut->ndefaults++] = copy;
        vals = rc_xrealloc(vals, (n + 2) * sizeof *vals);
        vals[n++] = copy;
        vals[n] = NULL;
    }
    free(head);
    mut->multis = rc_xrealloc(mut->multis, (mut->nmultis + 1) * sizeof(multi_cache));
    mut->multis[mut->nmultis++] = (multi_cache){ckey, vals, n};
    *out = vals;
    *count = n;
    return 0;
}

const char *rc_config_origin(const rc_config *cfg, const char *key)
{
    const entry *e = lookup(cfg, key);
    return e ? level_path(cfg, e->level) : "default";
}

bool rc_config_pattern_match(const char *pattern, const char *name, char *version, size_t n)
{
    const char *ph = strstr(pattern, "{version}");
    if (!ph)
        return false;
    size_t pre = (size_t)(ph - pattern);
    const char *post = ph + 9;
    size_t plen = strlen(post), nlen = strlen(name);
    if (nlen <= pre + plen || strncmp(name, pattern, pre) != 0 ||
        strcmp(name + nlen - plen, post) != 0)
        return false;
    size_t vlen = nlen - pre - plen;
    if (vlen + 1 > n)
        return false;
    memcpy(version, name + pre, vlen);
    version[vlen] = '\0';
    return true;
}
