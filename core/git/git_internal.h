/* Internals of the git sync, shared by the core/git files only.
 *
 * Commits are held as small nodes (first parent, parent count, commit time)
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

#define GS_NONE UINT32_MAX

typedef struct {
    git_oid id;
    git_oid parent; /* first parent, when nparents > 0 */
    uint32_t nparents;
    int32_t chain;    /* position in main's first-parent chain (0 = tip), -1 if not there */
    int64_t time;     /* committer time */
    uint32_t mark;    /* id of the last meet walk that visited it */
    uint32_t step;    /* index in that walk's steps */
    bool branch_only; /* on an exact branch line: not reachable from main */
} gs_node;

typedef struct {
    uint32_t *v;
    size_t n, cap;
} gs_list;

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
    gs_list line;    /* first-parent commits since the cut, newest first */
    bool exact_line; /* line == every commit on the branch but not on main */
    const char *status;
    int latest_tag; /* index into tags, -1 when none */
} gs_branch;

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
} gs_tag;

typedef struct {
    char *name; /* full ref name */
    git_oid oid;
} gs_ref;

typedef struct {
    git_repository *repo;
    rc_db *db;
    const rc_config *cfg;
    const rc_gitsync_opts *opts;
    rc_gitsync_report *report;
    const char *remote;
    const char *main_name;

    /* node store */
    gs_node *nodes;
    size_t nnodes, capnodes;
    uint32_t *table; /* open addressing, GS_NONE = empty */
    size_t tcap;
    sqlite3_stmt *ins_commit;

    /* main's first-parent chain, tip first, materialized on demand */
    git_oid main_head;
    char *main_ref;
    gs_list chain;
    bool chain_end;     /* reached the root */
    size_t first_merge; /* chain position of the first merge commit, SIZE_MAX if none yet */
    uint32_t walk_id;

    gs_ref *refs;
    size_t nrefs;
    gs_branch *branches;
    size_t nbranches;
    gs_tag *tags;
    size_t ntags;
} gs_ctx;

/* lists */
void gs_list_push(gs_list *l, uint32_t v);
void gs_list_free(gs_list *l);

/* node store (gitsync_nodes.c) */
int gs_nodes_load(gs_ctx *c);
/* Finds the node for id, reading the commit from git (and storing it in
 * `commits`) when the cache does not have it. */
int gs_node_get(uint32_t *out, gs_ctx *c, const git_oid *id);
uint32_t gs_node_find(const gs_ctx *c, const git_oid *id);
void gs_nodes_free(gs_ctx *c);

/* main's chain and meeting walks (gitsync_graph.c) */
int gs_chain_start(gs_ctx *c);
/* Adds one commit at the bottom of the chain; 1 when it grew, 0 at the end. */
int gs_chain_extend(gs_ctx *c);
/* Walks head's first-parent line down in step with main's chain until they
 * meet. *pos = chain position of the meeting commit (-1: no common history),
 * steps = the line's commits above it (newest first), *linear = every one of
 * them has one parent. With stop_nonlinear the walk gives up at the first
 * merge (then *pos = -1 and *linear = false). */
int gs_meet(long *pos, gs_list *steps, bool *linear, gs_ctx *c, uint32_t head, bool stop_nonlinear);
/* Branch geometry: cut, ahead, behind, line. */
int gs_branch_measure(gs_ctx *c, gs_branch *b);
/* Is commit node n reachable from main?  From branch b's head? */
int gs_on_main(bool *out, gs_ctx *c, uint32_t n);
int gs_on_branch(bool *out, gs_ctx *c, const gs_branch *b, uint32_t n);

/* refs (gitsync_refs.c) */
int gs_refs_collect(gs_ctx *c);
/* True when refs and configuration equal what the cache recorded. */
int gs_refs_unchanged(bool *out, gs_ctx *c, const char *fingerprint);
char *gs_fingerprint(const rc_config *cfg);
int gs_scan_tags(gs_ctx *c);
int gs_scan_branches(gs_ctx *c);

/* writing (gitsync_write.c) */
int gs_write(gs_ctx *c, const char *fingerprint);
int gs_write_last_sync(gs_ctx *c);

/* fetch (gitsync_fetch.c, gitsync_ssh.c) */
int gs_fetch(gs_ctx *c);
/* 0 when the key is in known_hosts for host (and port), else a git error
 * and GIT_ECERTIFICATE. */
int gs_ssh_check_hostkey(const git_cert_hostkey *hk, const char *host, int port);
int gs_url_port(const char *url);

void gs_progress(gs_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
