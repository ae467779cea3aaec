#include "core/base/db.h"
#include "core/base/error.h"
#include "core/base/schema.h"
#include "core/base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct rc_db {
    sqlite3 *h;
    char *path;
};

int rc_db_schema_version(void)
{
    int n = 0;
    while (rc_schema_migrations[n])
        n++;
    return n;
}

int rc_db_error(rc_db *db, const char *what)
{
    return rc_error_set(RC_EDB, "%s: %s (database %s)", what, sqlite3_errmsg(db->h), db->path);
}

int rc_db_exec(rc_db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int e = rc_error_set(RC_EDB, "%s (database %s)", msg ? msg : "sqlite error", db->path);
        sqlite3_free(msg);
        return e;
    }
    return 0;
}

int rc_db_prepare(sqlite3_stmt **out, rc_db *db, const char *sql)
{
    if (sqlite3_prepare_v2(db->h, sql, -1, out, NULL) != SQLITE_OK)
        return rc_db_error(db, "cannot prepare statement");
    return 0;
}

/* Test-only: with RELCAP_TEST_WRITE_HOOK=PATH set, PATH exists exactly while
 * a write transaction is open (created after BEGIN, removed after COMMIT or
 * ROLLBACK) and holds "PID N" for the process's Nth write transaction, so a
 * test that kills relcap knows from the file left behind that the kill
 * landed inside a write, and inside which. RELCAP_TEST_WRITE_PAUSE_MS=N waits N
 * ms just before COMMIT, with every write of the transaction made, to give
 * such a kill a window. Unset (always, outside the crash test), both cost
 * one getenv. */
static void write_hook(bool open_)
{
    const char *path = getenv("RELCAP_TEST_WRITE_HOOK");
    if (!path || !*path)
        return;
    if (!open_) {
        unlink(path);
        return;
    }
    static int seq;
    /* written whole under another name, then renamed: a reader never sees
     * the file half-written */
    char *tmp = rc_xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd >= 0) {
        char text[48];
        int n = snprintf(text, sizeof text, "%ld %d\n", (long)getpid(), ++seq);
        bool ok = write(fd, text, (size_t)n) == n;
        close(fd);
        if (!ok || rename(tmp, path) != 0)
            unlink(tmp);
    }
    free(tmp);
}

static void write_pause(void)
{
    const char *ms = getenv("RELCAP_TEST_WRITE_PAUSE_MS");
    if (ms && getenv("RELCAP_TEST_WRITE_HOOK"))
        usleep((useconds_t)atoi(ms) * 1000u);
}

int rc_db_begin(rc_db *db)
{
    int r = rc_db_exec(db, "BEGIN IMMEDIATE");
    if (!r)
        write_hook(true);
    return r;
}

int rc_db_commit(rc_db *db)
{
    write_pause();
    int r = rc_db_exec(db, "COMMIT");
    if (!r)
        write_hook(false);
    return r;
}

void rc_db_rollback(rc_db *db)
{
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    write_hook(false);
}

int rc_db_end(rc_db *db, int rc)
{
    if (!rc)
        return rc_db_commit(db);
    rc_db_rollback(db);
    return rc;
}

static int user_version(rc_db *db, int *out)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "PRAGMA user_version");
    if (r)
        return r;
    *out = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    return 0;
}

/* Each migration runs in its own transaction together with its
 * user_version bump, so a crash leaves the database at a whole version. */
static int migrate(rc_db *db, int target)
{
    int cur;
    int r = user_version(db, &cur);
    if (r)
        return r;
    int newest = rc_db_schema_version();
    if (cur > newest)
        return rc_error_set(RC_EDB,
                            "database %s has schema version %d, newer than this relcap (%d); "
                            "upgrade relcap",
                            db->path, cur, newest);
    for (int v = cur; v < target && v < newest; v++) {
        if ((r = rc_db_begin(db)))
            return r;
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        if ((r = rc_db_exec(db, rc_schema_migrations[v])) || (r = rc_db_exec(db, bump))) {
            rc_db_rollback(db);
            return rc_error_wrap(r, "migrating database to schema version %d", v + 1);
        }
        if ((r = rc_db_commit(db)))
            return r;
    }
    return 0;
}

static char *parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return NULL;
    return rc_xstrndup(path, (size_t)(slash - path));
}

int rc_db_open_at_version(rc_db **out, const char *path, int version)
{
    *out = NULL;
    char *dir = parent_dir(path);
    if (dir) {
        int r = rc_mkdirs(dir, 0700);
        free(dir);
        if (r)
            return r;
    }
    /* Create the file ourselves so it is 0600 from the first byte. */
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return rc_error_set(RC_EDB, "cannot open database %s: %s", path, strerror(errno));
    close(fd);

    rc_db *db = rc_xcalloc(1, sizeof *db);
    db->path = rc_xstrdup(path);
    if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL) !=
        SQLITE_OK) {
        int e = rc_db_error(db, "cannot open database");
        rc_db_free(db);
        return e;
    }
    sqlite3_busy_timeout(db->h, 10000);
    int r = rc_db_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                           "PRAGMA synchronous=NORMAL;");
    if (!r)
        r = migrate(db, version);
    if (r) {
        rc_db_free(db);
        return r;
    }
    *out = db;
    return 0;
}

int rc_db_open(rc_db **out, const char *path)
{
    return rc_db_open_at_version(out, path, rc_db_schema_version());
}

void rc_db_free(rc_db *db)
{
    if (!db)
        return;
    sqlite3_close_v2(db->h);
    free(db->path);
    free(db);
}

sqlite3 *rc_db_handle(rc_db *db)
{
    return db->h;
}

const char *rc_db_path(const rc_db *db)
{
    return db->path;
}

int rc_db_cache_clear(rc_db *db)
{
    int r = rc_db_begin(db);
    if (r)
        return r;
    for (const char *const *t = rc_db_cache_tables; *t; t++) {
        char *sql = rc_xasprintf("DELETE FROM %s", *t);
        r = rc_db_exec(db, sql);
        free(sql);
        if (r) {
            rc_db_rollback(db);
            return r;
        }
    }
    return rc_db_commit(db);
}

int rc_db_meta_get(char **out, rc_db *db, const char *key)
{
    *out = NULL;
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "SELECT value FROM meta WHERE key = ?");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        *out = rc_xstrdup((const char *)sqlite3_column_text(st, 0));
    else
        r = RC_ENOTFOUND;
    sqlite3_finalize(st);
    return r;
}

int rc_db_meta_set(rc_db *db, const char *key, const char *value)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
    if (r)
        return r;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        r = rc_db_error(db, "cannot write meta");
    sqlite3_finalize(st);
    return r;
}

int rc_db_map_for_reading(rc_db *db)
{
    return rc_db_exec(db, "PRAGMA mmap_size = 268435456");
}
