/* Reads of the benchmark store for display (commands and the cockpit). */
#include "core/base/sql.h"
#include "core/base/util.h"
#include "core/bench/bench.h"

#include <stdlib.h>
#include <string.h>

/* The text members of a tag, in the order of the columns. */
#define TAG_TEXTS(t)                                                                               \
    {                                                                                              \
        &(t)->name, &(t)->release, &(t)->sha, &(t)->kind                                           \
    }

static void tag_of(void *row, sqlite3_stmt *st)
{
    rc_bench_tag *t = row;
    char **const text[] = TAG_TEXTS(t);
    rc_sql_dups(text, 4, st, 0);
}

static void tag_clear(void *row)
{
    rc_bench_tag *t = row;
    char **const text[] = TAG_TEXTS(t);
    rc_strs_clear(text, 4);
}

void rc_bench_tags_free(rc_bench_tag *tags, size_t count)
{
    rc_sql_rows_free(tags, count, sizeof *tags, tag_clear);
}

static const rc_sql_rowtype tag_type = {sizeof(rc_bench_tag), tag_of, tag_clear,
                                        "reading benchmarked tags"};

int rc_bench_tags(rc_bench_tag **out, size_t *count, rc_db *db)
{
    return rc_sql_select(out, count, db, &tag_type,
                         "SELECT t.name, t.release, t.sha, t.kind FROM tags t WHERE EXISTS "
                         "(SELECT 1 FROM bench_results r WHERE r.commit_sha = t.sha OR "
                         "(r.commit_sha IS NULL AND r.tag = t.name)) ORDER BY t.sortkey DESC",
                         0);
}

int rc_bench_count_results(long *out, rc_db *db, const char *hardware, const char *model,
                           const char *sha, const char *tag)
{
    int64_t n;
    int r = rc_sql_count(&n, db, "cannot count benchmark results",
                         "SELECT count(*) FROM bench_results WHERE hardware = ?1"
                         " AND (?2 IS NULL OR model = ?2) AND (commit_sha = ?3 OR tag = ?4)",
                         4, hardware, model, sha, tag);
    *out = (long)n;
    return r;
}
