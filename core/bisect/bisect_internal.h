/* Internal to core/bisect/: the store (bisect_store.c) shared by the range
 * setup (bisect_range.c), the stepping (bisect_step.c) and the report
 * (bisect_report.c). */
#ifndef RELCAP_BISECT_INTERNAL_H
#define RELCAP_BISECT_INTERNAL_H

#ifndef RELCAP_BISECT
#error "core/bisect/bisect_internal.h is internal to core/bisect/; use core/bisect/bisect.h"
#endif

#include "core/bisect/bisect.h"
#include "core/runs/runs.h"

/* A run the bisect launched, joined with its state. */
typedef struct {
    int64_t run_id;
    char *sha;
    bool counted;
    rc_run run;
} bisect_run;

/* What is known about one commit of the range. */
typedef struct {
    char *sha;
    rc_bisect_mark mark;
    int want; /* runs wanted before judging */
    char *detail;
} bisect_point;

int bisect_runs_load(bisect_run **out, size_t *n, rc_db *db, int64_t bisect_id);
void bisect_runs_free(bisect_run *runs, size_t n);
int bisect_points_load(bisect_point **out, size_t *n, rc_db *db, int64_t bisect_id);
void bisect_points_free(bisect_point *p, size_t n);
bisect_point *bisect_point_find(bisect_point *p, size_t n, const char *sha);
/* The marks and the runs of a bisect, read together for a report. */
typedef struct {
    bisect_point *p;
    size_t np;
    bisect_run *runs;
    size_t nr;
} bisect_tested;
/* What cannot be read stays empty: a report shows what there is. */
void bisect_tested_load(bisect_tested *out, rc_db *db, int64_t bisect_id);
void bisect_tested_free(bisect_tested *t);

int bisect_run_add(rc_db *db, int64_t bisect_id, int64_t run_id, const char *sha, bool counted);
int bisect_run_uncount(rc_db *db, int64_t bisect_id, int64_t run_id);
/* Sets a commit's mark (RC_MARK_NONE: still open) and wanted runs. */
int bisect_point_set(rc_db *db, int64_t bisect_id, const char *sha, rc_bisect_mark mark, int want,
                     const char *detail);
/* Moves the bisect to state with message (and first_bad when done). */
int bisect_set_state(rc_db *db, int64_t id, rc_bisect_state state, const char *message,
                     const char *first_bad);
/* Index of sha in b->commits, or -1. */
long bisect_index(const rc_bisect *b, const char *sha);

/* The first bad commit described (core/bisect/bisect_report.c): its PR and,
 * for a pick, its original on main (a commit, a PR or both); 0 / NULL when
 * unknown. */
typedef struct {
    long pr;
    char *original;
    long original_pr;
} bisect_origin;

void bisect_origin_find(bisect_origin *out, rc_db *db, git_repository *repo, const rc_config *cfg,
                        const rc_bisect *b);
void bisect_origin_clear(bisect_origin *o);
/* The commits still between the last good and the first bad mark. */
long bisect_left(const rc_bisect *b, const bisect_point *p, size_t np);

#endif
