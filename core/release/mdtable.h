/* Markdown (GFM) pipe tables: every table of a document, cells kept as
 * trimmed text. Escaped pipes (\|) stay inside their cell; rows may be
 * ragged (missing or extra cells). */
#ifndef RELCAP_MDTABLE_H
#define RELCAP_MDTABLE_H

#include <stddef.h>

typedef struct {
    char **cells;
    size_t ncells;
    size_t line; /* 1-based line in the document */
} rc_mdrow;

typedef struct {
    rc_mdrow header;
    rc_mdrow *rows;
    size_t nrows;
} rc_mdtable;

typedef struct {
    rc_mdtable *tables;
    size_t ntables;
} rc_mddoc;

/* Parses every table in text. Never fails on odd input: what is not a
 * table is skipped. */
void rc_mddoc_parse(rc_mddoc *out, const char *text);
void rc_mddoc_free(rc_mddoc *doc);
/* Index of the header cell equal (case-insensitively, ignoring spaces) to
 * name, or -1. */
int rc_mdtable_column(const rc_mdtable *t, const char *name);
/* Cell text or "" when the row is short. */
const char *rc_mdrow_cell(const rc_mdrow *row, size_t i);

#endif
