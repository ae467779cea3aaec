/* Internals shared by the core/bench files only. */
#ifndef RELCAP_BENCH_INTERNAL_H
#define RELCAP_BENCH_INTERNAL_H

/* Internal to core/bench/: the room's CMake target defines RELCAP_BENCH. */
#ifndef RELCAP_BENCH
#error "core/bench/bench_internal.h is internal to core/bench/; use the room's public headers"
#endif

#include "core/bench/bench.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* A result row belongs to a side when imported for the side's commit (or,
 * for rows stored with a tag but no commit, for its tag name). */
#define MATCH(sha, name) "(r.commit_sha = " sha " OR (r.commit_sha IS NULL AND r.tag = " name "))"

/* A growing array of samples. */
typedef struct {
    double *v;
    size_t n, cap;
} rc_dvec;

void rc_dvec_push(rc_dvec *d, double x);

/* One import (bench.c): its options resolved, the file being read and its
 * current record. */
typedef struct {
    rc_db *db;
    git_repository *repo;
    const rc_bench_import_opts *opts;
    char *opt_sha, *opt_tag; /* resolved --commit / --tag */
    char *opt_hw;            /* normalized --hardware */
    const char *path;
    char *file_test; /* file name without directory and extension */
    sqlite3_stmt *ins;
    int64_t file_id;
    size_t samples;
    char *err; /* why the current record failed (without position) */
    char *env; /* the current record's rc_bench_env_with */
} import_ctx;

/* bench_records.c: one record of either format into result rows (0, or a
 * failure with c->err set); a commit-ish or a tag (any spelling of its
 * version, else refs/tags/) as a full lowercase sha. */
int bench_import_record(import_ctx *c, const cJSON *rec);
int bench_resolve_commit(char **out, git_repository *repo, const char *spec);
int bench_resolve_tag(char **out, rc_db *db, git_repository *repo, const char *tag);

#endif
