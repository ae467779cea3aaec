/* Benchmark files (vLLM --save-result JSON, PyTorch v3 JSON lines) are
 * imported from a temp file into a temp database, the way `relcap bench
 * import` does it. The first byte picks the file name (.json or .jsonl). */
#include "core/bench/bench.h"
#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static rc_db *db;
static char dir[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    git_libgit2_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db) {
        snprintf(dir, sizeof dir, "/tmp/relcap-fuzz-bench-XXXXXX");
        if (!mkdtemp(dir))
            abort();
        char *p = rc_xasprintf("%s/cache.db", dir);
        if (rc_db_open(&db, p) != 0)
            abort();
        free(p);
    }
    if (size < 1)
        return 0;
    char *path = rc_xasprintf("%s/%s", dir, data[0] & 1 ? "r.jsonl" : "r.json");
    if (rc_file_write(path, (const char *)data + 1, size - 1, 0600) != 0)
        abort();
    rc_bench_import_report rep = {0};
    rc_bench_import_opts opts = {0};
    if (data[0] & 2) {
        opts.commit = "0123456789abcdef0123456789abcdef01234567";
        opts.hardware = "NVIDIA H100 80GB HBM3";
    }
    int r = rc_bench_import_path(&rep, db, NULL, path, &opts);
    if (r != 0 && rep.nerrors == 0)
        abort(); /* a failed file must say why */
    rc_bench_import_report_free(&rep);
    unlink(path);
    free(path);
    return 0;
}
