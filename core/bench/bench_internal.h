/* Internals shared by the core/bench files only. */
#ifndef RELCAP_BENCH_INTERNAL_H
#define RELCAP_BENCH_INTERNAL_H

/* Internal to core/bench/: the room's CMake target defines RELCAP_BENCH. */
#ifndef RELCAP_BENCH
#error "core/bench/bench_internal.h is internal to core/bench/; use the room's public headers"
#endif

#include <stddef.h>

/* A result row belongs to a side when imported for the side's commit (or,
 * for rows stored with a tag but no commit, for its tag name). */
#define MATCH(sha, name) "(r.commit_sha = " sha " OR (r.commit_sha IS NULL AND r.tag = " name "))"

/* A growing array of samples. */
typedef struct {
    double *v;
    size_t n, cap;
} rc_dvec;

void rc_dvec_push(rc_dvec *d, double x);

#endif
