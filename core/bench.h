/* Benchmark results: import of vLLM --save-result JSON and PyTorch OSS
 * benchmark "v3" records into the user-data tables, deltas between two
 * releases, and a metric's history across a release line. */
#ifndef RELCAP_BENCH_H
#define RELCAP_BENCH_H

#include "core/db.h"

#include <git2.h>
#include <stddef.h>

typedef struct {
    const char *tag;      /* --tag: results belong to this tag's commit */
    const char *commit;   /* --commit: a sha (or anything git resolves) */
    const char *hardware; /* --hardware: e.g. H100 (else from the file's runner info) */
    const char *backend;  /* cuda|rocm (else derived from hardware) */
} rc_bench_import_opts;

typedef struct {
    size_t files_imported, files_skipped /* already imported */, files_failed;
    size_t results; /* samples stored */
    char **errors;  /* "FILE: position: message", one per failed file */
    size_t nerrors;
} rc_bench_import_report;

/* Imports a file or every *.json / *.jsonl file below a directory. Each file
 * is one transaction: a bad file stores nothing, the others still do.
 * Returns 0 when every file imported or was skipped, RC_EINVALID when some
 * failed (see report->errors). */
int rc_bench_import_path(rc_bench_import_report *report, rc_db *db, git_repository *repo,
                         const char *path, const rc_bench_import_opts *opts);
void rc_bench_import_report_free(rc_bench_import_report *r);

#endif
