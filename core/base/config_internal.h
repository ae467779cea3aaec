/* The configuration's representation, shared by config.c (loading through
 * libgit2, lookups) and config_snap.c (the snapshot kept next to the
 * cache). */
#ifndef RELCAP_BASE
#error "core/base/config_internal.h is internal to core/base"
#endif
#ifndef RELCAP_CONFIG_INTERNAL_H
#define RELCAP_CONFIG_INTERNAL_H

#include "core/base/config.h"

#include <stdint.h>

#define LEVEL_OVERRIDE 1000
#define CONFIG_MAX_LEVELS 16

typedef struct {
    char *name; /* normalized: section and key lower-case, subsection as written */
    char *value;
    int level;
    size_t order; /* position across all files, for "last one wins" */
} entry;

typedef struct {
    char *key;
    const char **values;
    size_t count;
} multi_cache;

/* A file the load consulted, or would have read had it existed: the
 * snapshot is only good while each is as it was. */
typedef struct {
    char *path;
    bool present;
    int64_t size, ino, mtime_ns, ctime_ns;
} config_file;

/* remote.NAME.url from the user's and the repository's files, so that
 * "is GitHub configured" needs no repository handle. */
typedef struct {
    char *name;
    char *url;
    int level;
} remote_url;

struct rc_config {
    entry *entries;
    size_t n, cap;
    char *paths[CONFIG_MAX_LEVELS]; /* file per libgit2 level */
    char **warnings;
    size_t nwarnings;
    multi_cache *multis;
    size_t nmultis;
    char **defaults; /* strings split from the key table, owned here */
    size_t ndefaults;
    config_file *files;
    size_t nfiles;
    remote_url *remotes;
    size_t nremotes;
    bool with_repo;   /* the repository's own files were read */
    bool unsnappable; /* includes or a racy file: no snapshot of this load */
};

void config_add_entry(rc_config *cfg, const char *name, const char *value, int level);
void config_add_remote(rc_config *cfg, const char *name, const char *url, int level);
/* Records path's state (stat) at load time. */
void config_note_file(rc_config *cfg, const char *path);
/* Whether path is still as config_note_file saw it. */
bool config_file_same(const config_file *f);
void config_set_path(rc_config *cfg, int level, const char *path);
/* After the files: order by level, then the -c overrides, then validation.
 * Frees cfg and returns the error on failure. */
int config_finish(rc_config *cfg, const char *const *overrides, size_t n_overrides);

#endif
