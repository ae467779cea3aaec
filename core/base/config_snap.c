/* The configuration as the last libgit2 load saw it, kept in the git
 * directory (GITDIR/relcap/config.snapshot), so that the cockpit's first
 * frame needs no libgit2 (issue 18). It holds the loaded entries (relcap.*,
 * remote URLs, the user.name fallback), the file of each level, the state
 * (stat) of every file the load consulted or would have read had it
 * existed, and the environment that decides where those files are. It is
 * used only while all of that is unchanged; any difference and the caller
 * loads through libgit2 again, which writes a new snapshot. */
#include "core/base/config.h"
#include "core/base/config_internal.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SNAP_MAGIC "relcap-config-snapshot 1 " RELCAP_VERSION " " LIBGIT2_VERSION

/* What decides which files git and libgit2 read (or could one day). */
static const char *const snap_env[] = {"HOME",
                                       "XDG_CONFIG_HOME",
                                       "GIT_CONFIG_NOSYSTEM",
                                       "GIT_CONFIG_GLOBAL",
                                       "GIT_CONFIG_SYSTEM",
                                       "GIT_CONFIG",
                                       "GIT_CONFIG_COUNT",
                                       "GIT_CONFIG_PARAMETERS",
                                       "GIT_DIR",
                                       "GIT_WORK_TREE",
                                       "GIT_COMMON_DIR",
                                       "GIT_CEILING_DIRECTORIES",
                                       NULL};

/* A file changed less than this before the save could change again
 * within the same timestamp tick, unseen: no snapshot of it then. */
#define RACY_NS 100000000LL

static int64_t ts_ns(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

void config_add_remote(rc_config *cfg, const char *name, const char *url, int level)
{
    cfg->remotes = rc_xrealloc(cfg->remotes, (cfg->nremotes + 1) * sizeof *cfg->remotes);
    cfg->remotes[cfg->nremotes++] = (remote_url){rc_xstrdup(name), rc_xstrdup(url), level};
}

const char *rc_config_remote_url(const rc_config *cfg, const char *remote)
{
    const remote_url *best = NULL;
    /* the highest level wins; within one, the last (libgit2's order) */
    for (size_t i = 0; cfg && remote && i < cfg->nremotes; i++)
        if (strcmp(cfg->remotes[i].name, remote) == 0 &&
            (!best || cfg->remotes[i].level >= best->level))
            best = &cfg->remotes[i];
    return best ? best->url : NULL;
}

static void stat_file(config_file *f)
{
    struct stat st;
    f->present = stat(f->path, &st) == 0;
    f->size = f->present ? (int64_t)st.st_size : -1;
    f->ino = f->present ? (int64_t)st.st_ino : -1;
    f->mtime_ns = f->present ? ts_ns(st.st_mtim) : -1;
    f->ctime_ns = f->present ? ts_ns(st.st_ctim) : -1;
}

void config_note_file(rc_config *cfg, const char *path)
{
    for (size_t i = 0; i < cfg->nfiles; i++)
        if (strcmp(cfg->files[i].path, path) == 0)
            return;
    cfg->files = rc_xrealloc(cfg->files, (cfg->nfiles + 1) * sizeof *cfg->files);
    config_file *f = &cfg->files[cfg->nfiles++];
    f->path = rc_xstrdup(path);
    stat_file(f);
}

bool config_file_same(const config_file *f)
{
    config_file now = {.path = f->path};
    stat_file(&now);
    return now.present == f->present && now.size == f->size && now.ino == f->ino &&
           now.mtime_ns == f->mtime_ns && now.ctime_ns == f->ctime_ns;
}

static void put_str(FILE *out, const char *s)
{
    s = s ? s : "";
    fprintf(out, "%zu:", strlen(s));
    fwrite(s, 1, strlen(s), out);
    fputc('\n', out);
}

static char *snap_path(const rc_repo_paths *where)
{
    return rc_xasprintf("%srelcap/config.snapshot", where->gitdir);
}

/* Whether a file may change again unseen: see RACY_NS. */
static bool racy(const rc_config *cfg)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    for (size_t i = 0; i < cfg->nfiles; i++) {
        const config_file *f = &cfg->files[i];
        if (f->present &&
            (ts_ns(now) - f->mtime_ns < RACY_NS || ts_ns(now) - f->ctime_ns < RACY_NS))
            return true;
    }
    return false;
}

/* The file at path holds text already: every command loads the
 * configuration, and an unchanged snapshot need not be written (and
 * synced to disk) again. */
static bool same_file(const char *path, const char *text, size_t len)
{
    char *old = NULL;
    size_t n = 0;
    if (rc_file_read(&old, &n, path) != 0) {
        rc_error_clear();
        return false;
    }
    bool same = n == len && memcmp(old, text, len) == 0;
    free(old);
    return same;
}

static void write_snap(FILE *out, const rc_config *cfg, const rc_repo_paths *where)
{
    fprintf(out, "%s\nD\n", SNAP_MAGIC);
    put_str(out, where->gitdir);
    put_str(out, where->commondir);
    put_str(out, where->workdir);
    for (const char *const *e = snap_env; *e; e++) {
        const char *v = getenv(*e);
        fprintf(out, "V %d\n", v != NULL);
        put_str(out, *e);
        put_str(out, v);
    }
    for (size_t i = 0; i < cfg->nfiles; i++) {
        const config_file *f = &cfg->files[i];
        fprintf(out, "F %d %lld %lld %lld %lld\n", f->present, (long long)f->size,
                (long long)f->ino, (long long)f->mtime_ns, (long long)f->ctime_ns);
        put_str(out, f->path);
    }
    for (int l = 0; l < CONFIG_MAX_LEVELS; l++)
        if (cfg->paths[l]) {
            fprintf(out, "P %d\n", l);
            put_str(out, cfg->paths[l]);
        }
    for (size_t i = 0; i < cfg->n; i++)
        if (cfg->entries[i].level != LEVEL_OVERRIDE) {
            fprintf(out, "E %d\n", cfg->entries[i].level);
            put_str(out, cfg->entries[i].name);
            put_str(out, cfg->entries[i].value);
        }
    for (size_t i = 0; i < cfg->nremotes; i++) {
        fprintf(out, "R %d\n", cfg->remotes[i].level);
        put_str(out, cfg->remotes[i].name);
        put_str(out, cfg->remotes[i].url);
    }
    fprintf(out, "W %d\n.\n", cfg->with_repo);
}

void rc_config_snapshot_save(const rc_config *cfg, const rc_repo_paths *where)
{
    char *path = snap_path(where);
    if (cfg->unsnappable || !cfg->with_repo || !getenv("HOME") || racy(cfg)) {
        unlink(path); /* the next load reads the files again */
        free(path);
        return;
    }
    char *dir = rc_xasprintf("%srelcap", where->gitdir);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        write_snap(mem, cfg, where);
        /* as private as the cache beside it: remote URLs may carry
         * credentials; best effort (a read-only .git just has none) */
        if (fclose(mem) == 0 && !same_file(path, text, len) &&
            (mkdir(dir, 0700) == 0 || errno == EEXIST) && rc_file_write(path, text, len, 0600) != 0)
            rc_error_clear();
    }
    free(text);
    free(dir);
    free(path);
}

/* A cursor over the snapshot's text. */
typedef struct {
    const char *p, *end;
} cursor;

static bool get_line(cursor *c, char *buf, size_t n)
{
    const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
    if (!nl || (size_t)(nl - c->p) >= n)
        return false;
    memcpy(buf, c->p, (size_t)(nl - c->p));
    buf[nl - c->p] = '\0';
    c->p = nl + 1;
    return true;
}

/* "LEN:BYTES\n"; the string is owned by the caller. */
static char *get_str(cursor *c)
{
    char *colon = memchr(c->p, ':', (size_t)(c->end - c->p));
    if (!colon)
        return NULL;
    char *endn;
    unsigned long long n = strtoull(c->p, &endn, 10);
    if (endn != colon || n > (unsigned long long)(c->end - colon - 2) || colon[1 + n] != '\n')
        return NULL;
    char *s = rc_xstrndup(colon + 1, (size_t)n);
    c->p = colon + 2 + n;
    return s;
}

static bool same_str(cursor *c, const char *want)
{
    char *s = get_str(c);
    bool ok = s && strcmp(s, want ? want : "") == 0;
    free(s);
    return ok;
}

/* One record after its tag line; false when the snapshot no longer holds. */
static bool read_record(rc_config *cfg, cursor *c, const char *line, bool *end)
{
    int a = 0;
    long long f[5];
    if (strcmp(line, ".") == 0) {
        *end = true;
        return c->p == c->end;
    }
    if (sscanf(line, "V %d", &a) == 1) {
        char *name = get_str(c), *val = get_str(c);
        const char *now = name ? getenv(name) : NULL;
        bool ok = val && (a ? now && strcmp(now, val) == 0 : !now);
        free(name);
        free(val);
        return ok;
    }
    if (sscanf(line, "F %d %lld %lld %lld %lld", &a, &f[0], &f[1], &f[2], &f[3]) == 5) {
        config_file file = {get_str(c), a != 0, f[0], f[1], f[2], f[3]};
        bool ok = file.path && config_file_same(&file);
        free(file.path);
        return ok;
    }
    if (sscanf(line, "W %d", &a) == 1) {
        cfg->with_repo = a != 0;
        return true;
    }
    if (sscanf(line, "P %d", &a) == 1) {
        char *p = get_str(c);
        if (p)
            config_set_path(cfg, a, p);
        free(p);
        return p != NULL;
    }
    if (sscanf(line, "E %d", &a) == 1 || sscanf(line, "R %d", &a) == 1) {
        char *name = get_str(c), *val = name ? get_str(c) : NULL;
        if (val && line[0] == 'E')
            config_add_entry(cfg, name, val, a);
        else if (val)
            config_add_remote(cfg, name, val, a);
        bool ok = val != NULL;
        free(name);
        free(val);
        return ok;
    }
    return false;
}

static bool read_snap(rc_config *cfg, const char *text, size_t len, const rc_repo_paths *where)
{
    cursor c = {text, text + len};
    char line[256];
    if (!get_line(&c, line, sizeof line) || strcmp(line, SNAP_MAGIC) != 0)
        return false;
    if (!get_line(&c, line, sizeof line) || strcmp(line, "D") != 0 ||
        !same_str(&c, where->gitdir) || !same_str(&c, where->commondir) ||
        !same_str(&c, where->workdir))
        return false;
    bool end = false;
    while (!end)
        if (!get_line(&c, line, sizeof line) || !read_record(cfg, &c, line, &end))
            return false;
    return true;
}

int rc_config_open_snapshot(rc_config **out, const rc_repo_paths *where,
                            const char *const *overrides, size_t n_overrides)
{
    *out = NULL;
    char *path = snap_path(where);
    char *text = NULL;
    size_t len = 0;
    int r = rc_file_read(&text, &len, path);
    free(path);
    if (r) {
        rc_error_clear();
        return RC_ENOTFOUND;
    }
    rc_config *cfg = rc_xcalloc(1, sizeof *cfg);
    bool ok = read_snap(cfg, text, len, where);
    free(text);
    if (!ok) {
        rc_config_free(cfg);
        return rc_error_set(RC_ENOTFOUND, "configuration snapshot out of date");
    }
    if ((r = config_finish(cfg, overrides, n_overrides)))
        return r;
    *out = cfg;
    return 0;
}
