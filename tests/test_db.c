#include "tests/db_fixture.h"

#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* SECURITY.md: files written whole (artifact archives, pid files) are
 * created next to their target with the mode asked for (umask 000 here,
 * so the mode is relcap's) and renamed into place: a reader that opened
 * the old file keeps reading it whole, and no temporary file is left. */
static void test_file_write_atomic(void **state)
{
    tu_env e;
    tu_env_init(&e);
    const char *dir = e.dir;
    char *p = tu_env_path(&e, "artifact.zip");
    mode_t old_mask = umask(0);
    assert_int_equal(rc_file_write(p, "old contents", 12, 0600), 0);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    FILE *reader = fopen(p, "rb");
    assert_non_null(reader);
    assert_int_equal(rc_file_write(p, "new", 3, 0600), 0);
    char buf[32] = {0};
    assert_int_equal(fread(buf, 1, sizeof buf - 1, reader), 12);
    assert_string_equal(buf, "old contents");
    fclose(reader);
    char *text = NULL;
    assert_int_equal(rc_file_read(&text, NULL, p), 0);
    assert_string_equal(text, "new");
    free(text);
    umask(old_mask);
    tu_result r = tu_run(dir, NULL, NULL, (const char *[]){"ls", "-A", dir, NULL});
    assert_string_equal(r.out, "artifact.zip\n");
    tu_result_free(&r);
    free(p);
    tu_env_clear(&e);
}

static void test_create_mode_and_version(void **state)
{
    tu_env e;
    tu_env_init(&e);
    rc_db *db = tu_env_db(&e, "sub/dir/cache.db");
    struct stat st;
    assert_int_equal(stat(e.dbpath, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char *sub = tu_env_path(&e, "sub/dir");
    assert_int_equal(stat(sub, &st), 0); /* the directories it made are private too */
    assert_int_equal(st.st_mode & 0777, 0700);
    free(sub);
    assert_int_equal(count(db, "PRAGMA user_version"), rc_db_schema_version());
    sqlite3_stmt *s;
    assert_int_equal(rc_db_prepare(&s, db, "PRAGMA journal_mode"), 0);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
    sqlite3_finalize(s);
    tu_env_clear(&e);
}

/* A database written by schema version 1 with user rows: after the forward
 * migration every row is still there. */
static void test_migration_keeps_user_rows(void **state)
{
    tu_env e;
    tu_env_init(&e);
    char *path = e.dbpath = tu_env_path(&e, "cache.db");
    rc_db *db;
    assert_int_equal(rc_db_open_at_version(&db, path, 1), 0);
    assert_int_equal(count(db, "PRAGMA user_version"), 1);
    assert_int_equal(
        rc_db_exec(db,
                   "INSERT INTO pick_decisions(branch, sha, pr, decision, note, author, decided_at)"
                   " VALUES ('releases/v1.0.0', 'aaaa', 12, 'approve', 'needed for rc2', 'ann', 1);"
                   "INSERT INTO bench_files(path, digest) VALUES ('f.json', 'd1');"
                   "INSERT INTO bench_results(file_id, hardware, backend, model, test, metric,"
                   " value) VALUES (1, 'H100', 'cuda', 'm', 't', 'median_ttft_ms', 12.5);"
                   "INSERT INTO runs(node, backend, state) VALUES ('h100-a', 'local', 'running');"
                   "INSERT INTO branches(name) VALUES ('releases/v1.0.0');"),
        0);
    rc_db_free(db);

    assert_int_equal(rc_db_open(&db, path), 0);
    assert_int_equal(count(db, "PRAGMA user_version"), rc_db_schema_version());
    assert_int_equal(count(db, "SELECT count(*) FROM pick_decisions WHERE note='needed for rc2'"),
                     1);
    assert_int_equal(count(db, "SELECT count(*) FROM bench_results"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM decision_log"), 0);

    /* cache clear empties cache tables only */
    assert_int_equal(rc_db_cache_clear(db), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM branches"), 0);
    assert_int_equal(count(db, "SELECT count(*) FROM pick_decisions"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM runs"), 1);
    rc_db_free(db);
    tu_env_clear(&e);
}

static void test_newer_schema_refused(void **state)
{
    tu_env e;
    tu_env_init(&e);
    assert_int_equal(rc_db_exec(tu_env_db(&e, "cache.db"), "PRAGMA user_version = 999"), 0);
    rc_db_free(e.db);
    assert_int_equal(rc_db_open(&e.db, e.dbpath), RC_EDB);
    assert_non_null(strstr(rc_error_last(), "newer than this relcap"));
    tu_env_clear(&e);
}

static void test_tables_partitioned(void **state)
{
    /* every table in the schema is classified exactly once */
    tu_env e;
    tu_env_init(&e);
    rc_db *db = tu_env_db(&e, "cache.db");
    sqlite3_stmt *st;
    assert_int_equal(
        rc_db_prepare(
            &st, db,
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"),
        0);
    int tables = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        int hits = 0;
        for (const char *const *t = rc_db_cache_tables; *t; t++)
            hits += strcmp(*t, name) == 0;
        for (const char *const *t = rc_db_user_tables; *t; t++)
            hits += strcmp(*t, name) == 0;
        if (hits != 1)
            fail_msg("table %s classified %d times", name, hits);
        tables++;
    }
    sqlite3_finalize(st);
    assert_true(tables > 10);
    assert_int_equal(rc_db_meta_set(db, "last_sync", "2026-11-23T10:00:00Z"), 0);
    char *v;
    assert_int_equal(rc_db_meta_get(&v, db, "last_sync"), 0);
    assert_string_equal(v, "2026-11-23T10:00:00Z");
    free(v);
    tu_env_clear(&e);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_create_mode_and_version),
        cmocka_unit_test(test_file_write_atomic), cmocka_unit_test(test_migration_keeps_user_rows),
        cmocka_unit_test(test_newer_schema_refused), cmocka_unit_test(test_tables_partitioned))
