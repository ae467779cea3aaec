/* The samples that one directory of result files brought in (a perf run's
 * results): what a bisection step measured, kept apart from every other
 * import of the same commit. */
#ifndef RELCAP_BENCH_SAMPLES_H
#define RELCAP_BENCH_SAMPLES_H

#include "core/base/db.h"

#include <stddef.h>

/* Values of metric for (hardware, model, test) in the files imported from
 * below dir (or from the file dir itself), in import order. *out is NULL
 * when there are none; free it. */
int rc_bench_samples_under(double **out, size_t *n, rc_db *db, const char *dir,
                           const char *hardware, const char *model, const char *test,
                           const char *metric);
/* The metrics the files below dir hold for (hardware, model, test), comma
 * separated ("" when none): says what a result without the metric had. */
int rc_bench_metrics_under(char **out, rc_db *db, const char *dir, const char *hardware,
                           const char *model, const char *test);

#endif
