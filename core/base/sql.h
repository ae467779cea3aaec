/* Column and bind helpers for SQLite statements: one rule for NULL, so every
 * room reads and writes the cache the same way. How an absent value is shown
 * ("-", "") is the caller's choice, not the helper's. */
#ifndef RELCAP_SQL_H
#define RELCAP_SQL_H

#include "core/base/db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The column's text, NULL when the value is SQL NULL. Valid until the next
 * step or finalize of st. */
const char *rc_sql_text(sqlite3_stmt *st, int i);
/* A copy of the column's text, NULL when SQL NULL; the caller frees it. */
char *rc_sql_dup(sqlite3_stmt *st, int i);
/* Binds s as text (copied), or SQL NULL when s is NULL. */
void rc_sql_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Binds s as text, or SQL NULL when s is NULL or empty. */
void rc_sql_bind_text_or_null(sqlite3_stmt *st, int i, const char *s);
/* Binds t as an integer, or SQL NULL when t is 0 (an unknown time). */
void rc_sql_bind_time(sqlite3_stmt *st, int i, int64_t t);

/* Fills one caller-typed row from the current result row of st. */
typedef void (*rc_sql_fill_fn)(void *row, sqlite3_stmt *st);
/* Frees what one row holds (its strings), not the row itself; NULL when a
 * row holds nothing. */
typedef void (*rc_sql_clear_fn)(void *row);
/* Clears each of count rows of elem_size bytes, then frees the array. */
void rc_sql_rows_free(void *rows, size_t count, size_t elem_size, rc_sql_clear_fn clear);
/* Copies columns col, col + 1, ... into *fields[0], *fields[1], ... (NULL
 * for SQL NULL): the text members of a row, listed once. */
void rc_sql_dups(char **const fields[], size_t n, sqlite3_stmt *st, int col);
/* Rows of one column: its text (a copy, NULL for SQL NULL; cleared by
 * rc_sql_clear_text) or its integer. */
void rc_sql_fill_text(void *row, sqlite3_stmt *st);
void rc_sql_clear_text(void *row);
void rc_sql_fill_int64(void *row, sqlite3_stmt *st);

/* Steps the prepared st to its end, calling row(st, ud) for each result row,
 * and finalizes it whatever happens. A nonzero return from row stops the walk
 * and is returned; a failed step is reported as rc_db_error(db, what). */
int rc_sql_each(rc_db *db, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *ud), void *ud,
                const char *what);
/* Reads every result row of st into a new array of zeroed elements of
 * elem_size bytes, filled by fill; *out (a pointer to the caller's array
 * pointer) and *count are set only on success, and on failure the rows read
 * so far are cleared and freed. Finalizes st. */
int rc_sql_rows(void *out, size_t *count, size_t elem_size, rc_db *db, sqlite3_stmt *st,
                rc_sql_fill_fn fill, rc_sql_clear_fn clear, const char *what);
/* Steps st once: fills row when there is a result row (*found true), leaves it
 * alone when there is none (*found false). Finalizes st. */
int rc_sql_one(bool *found, void *row, rc_db *db, sqlite3_stmt *st, rc_sql_fill_fn fill,
               const char *what);
/* The first column of the first result row of st (a count), 0 when there is
 * no row. Finalizes st. */
int rc_sql_int64(int64_t *out, rc_db *db, sqlite3_stmt *st, const char *what);

/* Steps st once, for a statement that returns no rows (INSERT, UPDATE,
 * DELETE), and finalizes it: 0 when it ran to its end, else
 * rc_db_error(db, what). */
int rc_sql_done(rc_db *db, sqlite3_stmt *st, const char *what);

/* How to read one kind of row: its size, how to fill and clear it, and what
 * to call the read in an error. */
typedef struct {
    size_t size;
    rc_sql_fill_fn fill;
    rc_sql_clear_fn clear;
    const char *what;
} rc_sql_rowtype;

/* Prepares sql and binds the nargs const char * arguments that follow as
 * text (NULL binds SQL NULL) to ?1..?nargs; the caller steps and finalizes
 * st (not prepared on failure). */
int rc_sql_prepare(sqlite3_stmt **st, rc_db *db, const char *sql, int nargs, ...);
/* Prepares sql, binds the arguments that follow to ?1, ?2, ... as types
 * says, one letter each ('t' a const char * as rc_sql_bind_text binds it,
 * 'i' an int64_t), and runs it as rc_sql_done does: one INSERT, UPDATE or
 * DELETE in one call. */
int rc_sql_run(rc_db *db, const char *what, const char *sql, const char *types, ...);
/* Resets st (prepared once, run for each of many rows) and binds the nargs
 * const char * arguments that follow as rc_sql_prepare does. */
void rc_sql_rebind(sqlite3_stmt *st, int nargs, ...);
/* Prepares sql, binds the nargs const char * arguments that follow as text
 * (NULL binds SQL NULL) to ?1..?nargs, and reads every row as rc_sql_rows
 * does. *out and *count are cleared first, so they are empty on failure. */
int rc_sql_select(void *out, size_t *count, rc_db *db, const rc_sql_rowtype *type, const char *sql,
                  int nargs, ...);
/* Prepares sql, binds text arguments as rc_sql_select does, and reads the
 * first row into row as rc_sql_one does (*found false, row untouched, when
 * there is none). */
int rc_sql_first(bool *found, void *row, rc_db *db, const rc_sql_rowtype *type, const char *sql,
                 int nargs, ...);
/* Prepares sql, binds text arguments as rc_sql_select does, and sets *out to
 * a copy of the first column of the first row (NULL when there is no row or
 * the value is SQL NULL); the caller frees it. */
int rc_sql_text_first(char **out, rc_db *db, const char *what, const char *sql, int nargs, ...);
/* Prepares sql, binds text arguments as rc_sql_select does, and returns the
 * first column of the first row (a count) as rc_sql_int64 does. */
int rc_sql_count(int64_t *out, rc_db *db, const char *what, const char *sql, int nargs, ...);

#endif
