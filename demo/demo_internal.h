/* Pieces of the demo generator. Dependencies run one way: demo.c (the
 * public entry) calls demo_play.c (the script interpreter, with its git
 * helpers in demo_git.c and its data in demo_script.c) and demo_bench.c
 * (benchmark files, planted.json); the interpreter calls demo_content.c
 * (file contents). demo_rng.c is the leaf all of them use. Not a public API. */
#ifndef RELCAP_DEMO_INTERNAL_H
#define RELCAP_DEMO_INTERNAL_H

/* Internal to demo/: the room's CMake target defines RELCAP_DEMO. */
#ifndef RELCAP_DEMO
#error "demo/demo_internal.h is internal to demo/; use the room's public header"
#endif

#include "demo/demo.h"

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* splitmix64: small, fast and the same on every platform, which is all the
 * determinism needs. */
typedef struct {
    uint64_t s;
} demo_rng;

void demo_rng_seed(demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(demo_rng *r);
unsigned demo_rng_below(demo_rng *r, unsigned n);
double demo_rng_unit(demo_rng *r); /* [0, 1) */

/* Source files are made of slots: a 3-line header, then DEMO_SLOTS blocks of
 * 5 lines whose third line holds a value. A commit edits slot values, so
 * two commits touch the same lines only when they share a slot: fillers use
 * slots below DEMO_FILLER_SLOTS, planted commits get the others, one each,
 * which keeps every planted pick clean except the one planted conflict. */
#define DEMO_SLOTS 14
#define DEMO_FILLER_SLOTS 8

typedef struct {
    const char *path;
    char kind; /* 'p' python, 'c' CUDA, 'm' markdown, 'y' workflow YAML */
} demo_file;

extern const demo_file demo_files[];
extern const size_t demo_nfiles;

/* Initial content of a slotted file, values drawn from rng. */
char *demo_slotted_initial(const demo_file *f, int nslots, demo_rng *rng);
/* content with slot's value line replaced by value; NULL if the file is too
 * short for slot. */
char *demo_slotted_edit(const char *content, const demo_file *f, int slot, unsigned value);

/* Fixed files of the root commit: NULL-terminated path/content pairs, the
 * content static. tools/fake_bench.sh is the one executable. */
extern const char *const demo_static_files[];
extern const char demo_fake_bench_path[];

/* .git/config lines giving node local-h100 its command (absolute path of
 * tools/fake_bench.sh below workdir). */
char *demo_node_command(const char *workdir);

/* vllm/version.py as a release branch pins it. */
char *demo_version_py(const char *version);
/* The file the planted perf regression adds: tools/fake_bench.sh reads it at
 * the commit it measures and reports median_ttft_ms 15% worse on H100. */
extern const char demo_perf_flag_py[];
/* vllm/version.py after the planted conflicting fix on main. */
extern const char demo_version_py_main_fix[];
/* RELEASE.md on the release branch, with the leftover conflict block. */
char *demo_release_md_with_conflict(const char *version);

/* One version tag of the history, for the docs. */
typedef struct {
    const char *tag;      /* as tagged: "v0.9.2-rc1" */
    const char *version;  /* PEP 440: "0.9.2rc1" */
    const char *upstream; /* vLLM version from the trailers: "v0.9.2" */
    int64_t date;         /* commit time of the tagged commit */
} demo_tag_info;

/* docs/source/community/versioning_policy.md with the compatibility matrix
 * and the release calendar, planting the documented mismatches. */
char *demo_policy_doc(const demo_tag_info *tags, size_t ntags);

/* Writes the benchmark files below bench_dir and fills rep->bench. */
int demo_bench_write(rc_demo_report *rep, const char *bench_dir, unsigned seed, const char *old_tag,
                     const char *old_sha, const char *new_tag, const char *new_sha,
                     const char *branch);
/* Writes rep as JSON to rep->planted_json. */
int demo_planted_write(const rc_demo_report *rep);

/* ---- the history script (demo_script.c) ---- */

typedef enum {
    S_FILL,          /* arg filler commits on main, any category */
    S_FILL_NOFIX,    /* arg filler commits on main that are not fixes (after the newest cut) */
    S_UPGRADE,       /* main: "[Misc] Upgrade vLLM to TEXT", starts that upstream's trailers */
    S_MAIN,          /* main: planted commit TEXT editing FILES */
    S_VERSION_FIX,   /* main: planted commit TEXT rewriting vllm/version.py */
    S_MAIN_AGAIN,    /* main: planted commit TEXT editing again the slot FILES last got */
    S_PERF,          /* main: planted commit TEXT adding FILES = demo_perf_flag_py (slower TTFT) */
    S_CUT,           /* create BRANCH at main's head */
    S_BUMP,          /* BRANCH: pin vllm/version.py to TEXT */
    S_BRANCH,        /* BRANCH: branch-only commit TEXT editing FILES */
    S_NOTES,         /* BRANCH: RELEASE.md with a leftover conflict block for version TEXT */
    S_PICK,          /* BRANCH: cherry-pick of REF, message style ARG (TEXT for P_AS) */
    S_TAG,           /* tag TEXT at BRANCH's head, annotated when ARG */
    S_REVERT_MAIN,   /* main: revert REF, message style ARG */
    S_REVERT_BRANCH, /* BRANCH: revert of REF (a pick), message style ARG */
    S_DOCS,          /* main: versioning policy written from the tags so far */
    S_CASE,          /* record planted case TEXT: commit LABEL, referring to REF */
} step_op;

enum {
    P_SAME_SUBJECT,   /* the original message, nothing added */
    P_X,              /* git cherry-pick -x trailer */
    P_FROM,           /* "(from #N)" in the subject */
    P_ORIGINAL_PR,    /* "Original PR: #N" in the body */
    P_CHERRY_FROM,    /* "cherry-pick from #N" in the body */
    P_BACKPORT,       /* "backport of #N" in the body */
    P_PREFIX_VERSION, /* "[vX.Y.Z] " prefix, nothing else */
    P_PREFIX_CHERRY,  /* "[Cherry-pick] " prefix, "Cherry-pick of PR #N onto B" */
    P_PREFIX_BRANCH,  /* "[releases/vX.Y.Z] " prefix, "pick-from: URL" */
    P_AS,             /* a new subject, no reference: only the patch matches */
    P_SAME_TITLE,     /* the original subject with a new PR number, nothing else */
    P_KEPT_PR,        /* "<subject> (#N) (#M)": the original's number kept before its own */
    /* Or'ed into a style: the pick also changes the value its original set
     * (a backport adapted to the branch), so its patch, and its patch id,
     * differ and only the message can identify it. */
    P_ADAPTED = 0x100,
};
/* R_GIT_PR and R_BRACKET on main; on a branch, R_GIT_PR is git's own
 * "This reverts commit <sha>." and R_PR_MERGE "Revert of PR #N" with a
 * "Merge commit: `<sha>`" line naming the original on main (step TEXT). */
enum { R_GIT_PR, R_BRACKET, R_PR_MERGE };
/* Evidence relcap must report for a planted case (planted.json "evidence"). */
enum { EV_NONE, EV_PATCH_ID, EV_TRAILER, EV_PR_REFERENCE, EV_SUBJECT };

typedef struct {
    step_op op;
    const char *label;  /* names this step's commit for later steps */
    const char *branch; /* release branch; NULL for main */
    const char *text;
    const char *files; /* ';'-separated paths */
    const char *ref;   /* label of the commit picked / reverted / referred to */
    int arg;
} step;

/* The release branch where every planted case lives. */
#define DEMO_NEWEST "releases/v0.9.2"

extern const step demo_script[];
extern const size_t demo_nscript;

typedef struct {
    const char *name, *email;
    int offset; /* minutes east of UTC */
} person;

extern const person demo_authors[];
extern const size_t demo_nauthors;
extern const person demo_github;  /* commits on main */
extern const person demo_captain; /* commits on release branches, tags */

typedef struct {
    const char *prefix;
    int weight;
    const char *const *verbs;
    const char *const *objects;
    char files;  /* pool: 'p' engine python, 'k' kernels, 'o' models, 'm' docs, 'y' CI */
    bool placed; /* fixes and speed-ups may end in " in PLACE" */
} category;

extern const category demo_categories[];
extern const size_t demo_ncategories;
extern const char *const demo_places[];     /* NULL-terminated */
extern const char *const demo_new_models[]; /* NULL-terminated */

/* ---- the interpreter's state (demo_play.c, demo_git.c) ---- */

typedef struct {
    const char *name;     /* "main" or the release branch */
    const char *version;  /* "0.9.2" for releases/v0.9.2 */
    const char *upstream; /* trailer version at the cut */
    git_oid head;
} branch_state;

typedef struct {
    const char *label;
    const char *branch;
    git_oid oid;
    int pr;
    char *subject0;        /* subject without " (#N)" */
    const demo_file *file; /* first file a planted main commit edits, NULL otherwise */
    int slot;              /* and the slot it edits there, for adapted picks */
} label_entry;

typedef struct {
    git_repository *repo;
    demo_rng rng;
    int64_t t;
    int pr;
    const char *upstream;
    branch_state branches[8];
    size_t nbranches;
    label_entry labels[96];
    size_t nlabels;
    int reserved[64]; /* next planted slot of demo_files[i] */
    char **subjects;  /* used subjects, to keep fillers distinct */
    size_t nsubjects;
    int models_made;
    demo_tag_info tags[32];
    size_t ntags;
    rc_demo_report *rep;
} demo;

typedef struct {
    const person *author;
    int64_t author_time;
    const git_signature *author_sig; /* takes precedence (picks keep the original) */
} authorship;

#define GIT(call, what)                                                                            \
    do {                                                                                           \
        if ((call) < 0)                                                                            \
            return rc_error_from_git(RC_EGIT, what);                                               \
    } while (0)

branch_state *demo_branch_get(demo *d, const char *name); /* NULL name: main */
label_entry *demo_label_get(demo *d, const char *label);
int demo_next_pr(demo *d);
void demo_random_sha(demo *d, char hex[41]);
int demo_tree_of(demo *d, git_oid *out, const git_oid *commit_id);
/* The file's content in tree, or NULL when absent. */
char *demo_tree_read(demo *d, const git_oid *tree_id, const char *path);
int demo_tree_write(demo *d, git_oid *tree_id, const char *path, const char *content,
                    git_filemode_t mode);
const demo_file *demo_file_find(const char *path, size_t *index);
/* Gives slot a new value (different from the current one). */
int demo_edit_slot(demo *d, git_oid *tree_id, const demo_file *f, int slot);
/* Planted edits: each file named in the ';'-list gets its next reserved slot. */
int demo_edit_planted(demo *d, git_oid *tree_id, const char *files);
/* Edits again, in each file of the ';'-list, the planted slot it got last
 * (so a commit depends on the one before it). */
int demo_edit_again(demo *d, git_oid *tree_id, const char *files);
/* Commits tree on branch (parent: its head) and moves the branch ref. */
int demo_commit_on(demo *d, git_oid *out, branch_state *b, const git_oid *tree_id,
                   const char *message, const authorship *who);
authorship demo_random_author(demo *d);
int demo_remember(demo *d, const char *label, const char *branch, const git_oid *oid, int pr,
                  const char *subject0);
bool demo_subject_used(demo *d, const char *s);
void demo_subject_add(demo *d, const char *s);
/* A main commit: subject0 + " (#PR)", optional body, trailers when an
 * upstream is set and the dice say so. */
int demo_main_commit(demo *d, git_oid *out, const git_oid *tree, const char *subject0,
                     const char *body, int pr, bool maybe_trailer);

/* Plays the root commit and the whole script into d->repo. */
int demo_play(demo *d);

#endif
