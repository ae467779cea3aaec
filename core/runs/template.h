/* Run command templates and quoting for remote shells. */
#ifndef RELCAP_RUNS_TEMPLATE_H
#define RELCAP_RUNS_TEMPLATE_H

#include "core/base/spawn.h"

#include <stdbool.h>
#include <stddef.h>

/* Characters a value may hold to reach a remote shell (ssh, slurm) or a
 * workflow: [A-Za-z0-9._/+:@=,-]. */
bool rc_run_value_safe(const char *s);
/* Quotes s for a POSIX shell in single-quote style: 'it'\''s'. The one
 * function through which anything reaches a remote shell. Returns a new
 * string. */
char *rc_run_shell_quote(const char *s);

/* A value for a message: newlines spelled out, terminal controls removed.
 * Returns a new string. */
char *rc_run_visible(const char *s);

/* Values for the template placeholders. */
typedef struct {
    const char *commit, *branch, *tag, *release, *model, *results, *run;
    const char *const *tests;
    size_t ntests;
} rc_run_vars;

/* Expands an argv template, one element per template value; {test} is the
 * comma-joined list of tests (empty when none). Unknown placeholders are an
 * RC_ECONFIG error. When check_safe, a value outside rc_run_value_safe is
 * RC_EUNSAFE naming the value and the placeholder. out->v is NULL-terminated
 * (out->n elements); free with rc_spawn_argv_free. */
int rc_run_expand(rc_spawn_argv *out, const char *const *tmpl, size_t ntmpl,
                  const rc_run_vars *vars, bool check_safe);

#endif
