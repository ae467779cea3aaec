/* Pieces of the demo generator shared by demo.c (the history script),
 * demo_content.c (file contents) and demo_bench.c (benchmark files and
 * planted.json). Not a public API. */
#ifndef RELCAP_DEMO_INTERNAL_H
#define RELCAP_DEMO_INTERNAL_H

/* Internal to demo/: the room's CMake target defines RELCAP_DEMO. */
#ifndef RELCAP_DEMO
#error "demo/demo_internal.h is internal to demo/; use the room's public header"
#endif

#include "demo/demo.h"

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

#endif
