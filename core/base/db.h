/* The SQLite cache. Tables are of two kinds: cache tables, which any sync
 * can rebuild and `relcap cache clear` empties, and user-data tables
 * (triage decisions, notes, imported benchmark results, perf-run history),
 * which nothing but the user's own commands changes. The schema is versioned
 * with PRAGMA user_version and migrated forward on open. */
#ifndef RELCAP_DB_H
#define RELCAP_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct rc_db rc_db;

/* Newest schema version this build writes. */
int rc_db_schema_version(void);

/* Opens (creating with mode 0600, parent directories too) and migrates.
 * WAL, busy_timeout and foreign keys are set. */
int rc_db_open(rc_db **out, const char *path);
/* Opens without migrating beyond `version` (tests of old schemas). */
int rc_db_open_at_version(rc_db **out, const char *path, int version);
void rc_db_free(rc_db *db);

sqlite3 *rc_db_handle(rc_db *db);
const char *rc_db_path(const rc_db *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; begin retries while busy. */
int rc_db_begin(rc_db *db);
int rc_db_commit(rc_db *db);
void rc_db_rollback(rc_db *db);
/* Ends the transaction of a write that returned rc: commits when rc is 0
 * (returning the commit's own status), else rolls back and returns rc. */
int rc_db_end(rc_db *db, int rc);

/* Runs SQL without results; message names the statement on failure. */
int rc_db_exec(rc_db *db, const char *sql);
/* Prepares a statement; RC_EDB with sqlite's message on failure. */
int rc_db_prepare(sqlite3_stmt **out, rc_db *db, const char *sql);
/* Sets the error from sqlite's last message and returns RC_EDB. */
int rc_db_error(rc_db *db, const char *what);

/* Maps the file for reads instead of a pread per page (a connection
 * setting): for a long-lived reader such as the cockpit, whose first frame
 * of a large cache is mostly page reads. */
int rc_db_map_for_reading(rc_db *db);

/* Empties every cache table; user-data tables are untouched. */
int rc_db_cache_clear(rc_db *db);
/* NULL-terminated lists of table names. */
extern const char *const rc_db_cache_tables[];
extern const char *const rc_db_user_tables[];

/* meta key/value (cache): last sync time and the like. */
int rc_db_meta_get(char **out, rc_db *db, const char *key);
int rc_db_meta_set(rc_db *db, const char *key, const char *value);

#endif
