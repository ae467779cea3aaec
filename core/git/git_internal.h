/* Internals of the git sync, shared by the core/git files only.
 *
 * Commits are held as small records (first parent, parent count, commit time)
 * in one array indexed by a hash table on the oid. Nodes come from the
 * `commits` table first and from git only when missing: every commit read
 * from git is stored at once, so it is never read again (that is what
 * commits_walked counts). */
#ifndef RELCAP_GITSYNC_INTERNAL_H
#define RELCAP_GITSYNC_INTERNAL_H

/* Internal to core/git/: the room's CMake target defines RELCAP_GIT. */
#ifndef RELCAP_GIT
#error "core/git/git_internal.h is internal to core/git/; use the room's public header"
#endif

#include "core/git/gitsync.h"
#include "core/base/version.h"

#include <stdint.h>

#define GITSYNC_NONE UINT32_MAX

typedef struct {
    git_oid id;
    git_oid parent; /* first parent, when nparents > 0 */
    uint32_t nparents;
    int32_t chain;    /* position in main's first-parent chain (0 = tip), -1 if not there */
    int64_t time;     /* committer time */
    uint32_t mark;    /* id of the last meet walk that visited it */
    uint32_t step;    /* index in that walk's steps */
    bool branch_only; /* on an exact branch line: not reachable from main */
} gitsync_commit;

typedef struct {
    uint32_t *v;
    size_t n, cap;
} gitsync_list;

/* A release branch as scanned. */
typedef struct {
    char *name; /* "releases/v1.2.0", without remote prefix */
    char *ref;  /* full ref name it was read from */
    bool remote;
    rc_version version; /* release X.Y.Z of the line */
    char release[64];
    git_oid head;
    uint32_t head_node;
    bool has_cut;
    git_oid cut;
    int64_t cut_time;
    long cut_pos; /* cut's position in main's chain, -1 if off-chain */
    size_t ahead, behind;
    gitsync_list line; /* first-parent commits since the cut, newest first */
    bool exact_line;   /* line == every commit on the branch but not on main */
    const char *status;
    int latest_tag; /* index into tags, -1 when none */
} gitsync_branch;

typedef struct {
    char *name;     /* short tag name */
    git_oid target; /* what the ref points at (tag object or commit) */
    git_oid commit; /* peeled */
    uint32_t node;
    rc_version version;
    char release[64];
    int64_t date;
    int branch; /* index into branches, -1 */
    bool on_main;
} gitsync_tag;

typedef struct {
    char *name; /* full ref name */
    git_oid oid;
} gitsync_ref;

typedef struct {
    git_repository *repo;
    rc_db *db;
    const rc_config *cfg;
    const rc_gitsync_opts *opts;
    rc_gitsync_report *report;
    const char *remote;
    const char *main_name;

    /* commit store */
    gitsync_commit *commits;
    size_t ncommits, capcommits;
    uint32_t *table; /* open addressing, GITSYNC_NONE = empty */
    size_t tcap;
    sqlite3_stmt *ins_commit;

    /* main's first-parent chain, tip first, materialized on demand */
    git_oid main_head;
    char *main_ref;
    gitsync_list chain;
    bool chain_end;     /* reached the root */
    size_t first_merge; /* chain position of the first merge commit, SIZE_MAX if none yet */
    uint32_t walk_id;

    gitsync_ref *refs;
    size_t nrefs;
    gitsync_branch *branches;
    size_t nbranches;
    gitsync_tag *tags;
    size_t ntags;
} gitsync_ctx;

/* lists */
void gitsync_list_push(gitsync_list *l, uint32_t v);
void gitsync_list_free(gitsync_list *l);

/* commit store (gitsync_commits.c) */
int gitsync_commits_load(gitsync_ctx *c);
/* Finds the node for id, reading the commit from git (and storing it in
 * `commits`) when the cache does not have it. */
int gitsync_commit_get(uint32_t *out, gitsync_ctx *c, const git_oid *id);
uint32_t gitsync_commit_find(const gitsync_ctx *c, const git_oid *id);
void gitsync_commits_free(gitsync_ctx *c);

/* main's chain and meeting walks (gitsync_graph.c) */
int gitsync_chain_start(gitsync_ctx *c);
/* Adds one commit at the bottom of the chain; 1 when it grew, 0 at the end. */
int gitsync_chain_extend(gitsync_ctx *c);
/* Walks head's first-parent line down in step with main's chain until they
 * meet. *pos = chain position of the meeting commit (-1: no common history),
 * steps = the line's commits above it (newest first), *linear = every one of
 * them has one parent. With stop_nonlinear the walk gives up at the first
 * merge (then *pos = -1 and *linear = false). */
int gitsync_meet(long *pos, gitsync_list *steps, bool *linear, gitsync_ctx *c, uint32_t head,
                 bool stop_nonlinear);
/* Branch geometry: cut, ahead, behind, line. */
int gitsync_branch_measure(gitsync_ctx *c, gitsync_branch *b);
/* Is commit node n reachable from main?  From branch b's head? */
int gitsync_on_main(bool *out, gitsync_ctx *c, uint32_t n);
int gitsync_on_branch(bool *out, gitsync_ctx *c, const gitsync_branch *b, uint32_t n);

/* refs (gitsync_refs.c) */
int gitsync_refs_collect(gitsync_ctx *c);
/* True when refs and configuration equal what the cache recorded. */
int gitsync_refs_unchanged(bool *out, gitsync_ctx *c, const char *fingerprint);
char *gitsync_fingerprint(const rc_config *cfg);
int gitsync_scan_tags(gitsync_ctx *c);
int gitsync_scan_branches(gitsync_ctx *c);

/* writing (gitsync_write.c) */
int gitsync_write(gitsync_ctx *c, const char *fingerprint);
int gitsync_write_last_sync(gitsync_ctx *c);

/* fetch (gitsync_fetch.c, gitsync_ssh.c) */
int gitsync_fetch(gitsync_ctx *c);
/* 0 when the key is in known_hosts for host (and port), else a git error
 * and GIT_ECERTIFICATE. */
int gitsync_ssh_check_hostkey(const git_cert_hostkey *hk, const char *host, int port);
int gitsync_url_port(const char *url);

void gitsync_progress(gitsync_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
