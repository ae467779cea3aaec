/* The demo history: a deterministic, realistic vLLM-style repository built
 * with libgit2 alone (no git CLI), with planted cases every other room's
 * tests and the cockpit demo rely on: cherry-picks of every reference kind,
 * reverts to follow, a policy violation, a conflicting pending fix, docs
 * that drift from the tags and benchmark files with one regression and one
 * improvement. The same seed always gives the same commit ids. */
#ifndef RELCAP_DEMO_H
#define RELCAP_DEMO_H

#include <stddef.h>

/* One planted case. `name` is a stable key ("pick.x-trailer", "revert.needed",
 * ...; see ARCHITECTURE.md "Demo history" for the list). */
typedef struct {
    const char *name;
    const char *branch; /* where sha lives: "main" or the release branch */
    char sha[41];       /* the planted commit */
    char orig[41];      /* the commit it refers to (picked, reverted...); "" if none */
    int pr;             /* PR number in sha's subject, 0 if none */
    int orig_pr;        /* PR number of orig, 0 if none */
    const char *note;   /* one line: what is planted and what relcap should say */
    /* The evidence relcap must report for it ("patch-id", "trailer",
     * "pr-reference", "subject"), NULL where the case plants none. */
    const char *evidence;
} rc_demo_case;

/* A planted benchmark delta between old_tag and new_tag. */
typedef struct {
    const char *kind; /* "regression", "improvement" or "wide-noise" */
    const char *hardware, *backend, *model, *test, *metric;
    const char *old_tag, *new_tag;
    double change_pct; /* planted change of the metric's true value */
} rc_demo_bench_case;

typedef struct {
    char *name;   /* "refs/heads/main", "refs/tags/v0.9.2rc3" */
    char sha[41]; /* the ref's target (a tag object for annotated tags) */
} rc_demo_ref;

typedef struct {
    char *dir;          /* the work tree */
    char *bench_dir;    /* DIR/.relcap-demo/bench: <tag>/<hardware>/..., untracked */
    char *planted_json; /* DIR/.relcap-demo/planted.json: this report as JSON */
    unsigned seed;
    size_t main_commits; /* commits reachable from main */
    const char *newest_branch, *newest_rc, *previous_final;
    rc_demo_ref *refs; /* every branch and tag, sorted by name */
    size_t nrefs;
    rc_demo_case *cases;
    size_t ncases;
    rc_demo_bench_case *bench;
    size_t nbench;
} rc_demo_report;

/* Builds the demo repository in dir (created if missing; an existing
 * non-empty dir is refused with RC_EEXISTS). The work tree has `main`
 * checked out. out is filled on success; free it with
 * rc_demo_report_free. */
int rc_demo_create(rc_demo_report *out, const char *dir, unsigned seed);
void rc_demo_report_free(rc_demo_report *r);

/* The case named name, or NULL. */
const rc_demo_case *rc_demo_report_case(const rc_demo_report *r, const char *name);
/* The sha a ref ("refs/heads/main" or a short "main", "v0.9.2rc3") points
 * to, or NULL. */
const char *rc_demo_report_ref(const rc_demo_report *r, const char *name);

#endif
