/* Column and bind helpers for SQLite statements: one rule for NULL, so every
 * room reads and writes the cache the same way. How an absent value is shown
 * ("-", "") is the caller's choice, not the helper's. */
#ifndef RELCAP_SQL_H
#define RELCAP_SQL_H

#include <sqlite3.h>
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

#endif
