#include "core/base/sql.h"
#include "core/base/util.h"

#include <stdlib.h>
#include <string.h>

const char *rc_sql_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

char *rc_sql_dup(sqlite3_stmt *st, int i)
{
    const char *s = rc_sql_text(st, i);
    return s ? rc_xstrdup(s) : NULL;
}

void rc_sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void rc_sql_bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    rc_sql_bind_text(st, i, s && *s ? s : NULL);
}

void rc_sql_bind_time(sqlite3_stmt *st, int i, int64_t t)
{
    if (t)
        sqlite3_bind_int64(st, i, t);
    else
        sqlite3_bind_null(st, i);
}

int rc_sql_each(rc_db *db, sqlite3_stmt *st, int (*row)(sqlite3_stmt *st, void *ud), void *ud,
                const char *what)
{
    int rc, r = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && (r = row(st, ud)) == 0)
        ;
    sqlite3_finalize(st);
    if (r)
        return r;
    return rc == SQLITE_DONE ? 0 : rc_db_error(db, what);
}

typedef struct {
    char *v;
    size_t n, size;
    rc_sql_fill_fn fill;
} row_vec;

static int push_row(sqlite3_stmt *st, void *ud)
{
    row_vec *a = ud;
    a->v = rc_xrealloc(a->v, (a->n + 1) * a->size);
    void *row = a->v + a->n++ * a->size;
    memset(row, 0, a->size);
    a->fill(row, st);
    return 0;
}

void rc_sql_rows_free(void *rows, size_t count, size_t elem_size, rc_sql_clear_fn clear)
{
    for (size_t i = 0; rows && clear && i < count; i++)
        clear((char *)rows + i * elem_size);
    free(rows);
}

void rc_sql_dups(char **const fields[], size_t n, sqlite3_stmt *st, int col)
{
    for (size_t i = 0; i < n; i++)
        *fields[i] = rc_sql_dup(st, col + (int)i);
}

int rc_sql_rows(void *out, size_t *count, size_t elem_size, rc_db *db, sqlite3_stmt *st,
                rc_sql_fill_fn fill, rc_sql_clear_fn clear, const char *what)
{
    row_vec a = {NULL, 0, elem_size, fill};
    int r = rc_sql_each(db, st, push_row, &a, what);
    if (r) {
        rc_sql_rows_free(a.v, a.n, elem_size, clear);
        return r;
    }
    void *v = a.v;
    memcpy(out, &v, sizeof v);
    *count = a.n;
    return 0;
}

typedef struct {
    void *row;
    rc_sql_fill_fn fill;
    bool found;
} one_row;

static int fill_one(sqlite3_stmt *st, void *ud)
{
    one_row *o = ud;
    o->fill(o->row, st);
    o->found = true;
    return 1;
}

int rc_sql_one(bool *found, void *row, rc_db *db, sqlite3_stmt *st, rc_sql_fill_fn fill,
               const char *what)
{
    one_row o = {row, fill, false};
    int r = rc_sql_each(db, st, fill_one, &o, what);
    *found = o.found;
    return o.found ? 0 : r;
}

void rc_sql_fill_text(void *row, sqlite3_stmt *st)
{
    *(char **)row = rc_sql_dup(st, 0);
}

void rc_sql_clear_text(void *row)
{
    free(*(char **)row);
}

void rc_sql_fill_int64(void *row, sqlite3_stmt *st)
{
    *(int64_t *)row = sqlite3_column_int64(st, 0);
}

int rc_sql_int64(int64_t *out, rc_db *db, sqlite3_stmt *st, const char *what)
{
    bool found;
    *out = 0;
    return rc_sql_one(&found, out, db, st, rc_sql_fill_int64, what);
}

int rc_sql_done(rc_db *db, sqlite3_stmt *st, const char *what)
{
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    return s == SQLITE_DONE ? 0 : rc_db_error(db, what);
}

static void bind_texts(sqlite3_stmt *st, int nargs, va_list ap)
{
    for (int i = 1; i <= nargs; i++)
        rc_sql_bind_text(st, i, va_arg(ap, const char *));
}

static int prepare_texts(sqlite3_stmt **st, rc_db *db, const char *sql, int nargs, va_list ap)
{
    int r = rc_db_prepare(st, db, sql);
    if (!r)
        bind_texts(*st, nargs, ap);
    return r;
}

int rc_sql_run(rc_db *db, const char *what, const char *sql, const char *types, ...)
{
    sqlite3_stmt *st;
    int r = rc_db_prepare(&st, db, sql);
    if (r)
        return r;
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types[i]; i++)
        if (types[i] == 'i')
            sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t));
        else
            rc_sql_bind_text(st, i + 1, va_arg(ap, const char *));
    va_end(ap);
    return rc_sql_done(db, st, what);
}

void rc_sql_rebind(sqlite3_stmt *st, int nargs, ...)
{
    sqlite3_reset(st);
    va_list ap;
    va_start(ap, nargs);
    bind_texts(st, nargs, ap);
    va_end(ap);
}

int rc_sql_prepare(sqlite3_stmt **st, rc_db *db, const char *sql, int nargs, ...)
{
    va_list ap;
    va_start(ap, nargs);
    int r = prepare_texts(st, db, sql, nargs, ap);
    va_end(ap);
    return r;
}

/* Prepares sql with the nargs text arguments in ap, then reads the first
 * row into out (found given: rc_sql_one) or every row (rc_sql_rows). */
static int vquery(void *out, size_t *count, bool *found, rc_db *db, const rc_sql_rowtype *type,
                  const char *sql, int nargs, va_list ap)
{
    sqlite3_stmt *st;
    int r = prepare_texts(&st, db, sql, nargs, ap);
    if (r)
        return r;
    if (found)
        return rc_sql_one(found, out, db, st, type->fill, type->what);
    return rc_sql_rows(out, count, type->size, db, st, type->fill, type->clear, type->what);
}

int rc_sql_select(void *out, size_t *count, rc_db *db, const rc_sql_rowtype *type, const char *sql,
                  int nargs, ...)
{
    void *none = NULL;
    memcpy(out, &none, sizeof none);
    *count = 0;
    va_list ap;
    va_start(ap, nargs);
    int r = vquery(out, count, NULL, db, type, sql, nargs, ap);
    va_end(ap);
    return r;
}

int rc_sql_first(bool *found, void *row, rc_db *db, const rc_sql_rowtype *type, const char *sql,
                 int nargs, ...)
{
    *found = false;
    va_list ap;
    va_start(ap, nargs);
    int r = vquery(row, NULL, found, db, type, sql, nargs, ap);
    va_end(ap);
    return r;
}

/* The first column of the first row, read by fill into out. */
static int first_value(void *out, rc_db *db, rc_sql_fill_fn fill, const char *what, const char *sql,
                       int nargs, va_list ap)
{
    const rc_sql_rowtype type = {0, fill, NULL, what};
    bool found;
    return vquery(out, NULL, &found, db, &type, sql, nargs, ap);
}

int rc_sql_count(int64_t *out, rc_db *db, const char *what, const char *sql, int nargs, ...)
{
    *out = 0;
    va_list ap;
    va_start(ap, nargs);
    int r = first_value(out, db, rc_sql_fill_int64, what, sql, nargs, ap);
    va_end(ap);
    return r;
}

int rc_sql_text_first(char **out, rc_db *db, const char *what, const char *sql, int nargs, ...)
{
    *out = NULL;
    va_list ap;
    va_start(ap, nargs);
    int r = first_value(out, db, rc_sql_fill_text, what, sql, nargs, ap);
    va_end(ap);
    return r;
}
