#include "core/release/mdtable.h"
#include "core/base/util.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *trim_copy(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    /* unescape \| so the cell holds the text a reader sees */
    rc_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
            continue;
        rc_buf_put(&b, &s[i], 1);
    }
    return rc_buf_detach(&b);
}

/* Splits one line into cells; false when the line has no unescaped pipe. */
static bool split_row(rc_mdrow *row, const char *line, size_t len, size_t lineno)
{
    while (len && isspace((unsigned char)*line))
        line++, len--;
    while (len && isspace((unsigned char)line[len - 1]))
        len--;
    bool any = false;
    for (size_t i = 0; i < len; i++)
        if (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))
            any = true;
    if (!any)
        return false;
    if (len && line[0] == '|')
        line++, len--;
    if (len && line[len - 1] == '|' && (len < 2 || line[len - 2] != '\\'))
        len--;
    row->cells = NULL;
    row->ncells = 0;
    row->line = lineno;
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || (line[i] == '|' && (i == 0 || line[i - 1] != '\\'))) {
            row->cells = rc_xrealloc(row->cells, (row->ncells + 1) * sizeof(char *));
            row->cells[row->ncells++] = trim_copy(line + start, i - start);
            start = i + 1;
        }
    }
    return true;
}

static bool is_delimiter_row(const rc_mdrow *row)
{
    if (row->ncells == 0)
        return false;
    for (size_t i = 0; i < row->ncells; i++) {
        const char *c = row->cells[i];
        size_t dashes = 0;
        for (; *c; c++) {
            if (*c == '-')
                dashes++;
            else if (*c != ':' && !isspace((unsigned char)*c))
                return false;
        }
        if (dashes == 0)
            return false;
    }
    return true;
}

static void row_free(rc_mdrow *row)
{
    for (size_t i = 0; i < row->ncells; i++)
        free(row->cells[i]);
    free(row->cells);
    row->cells = NULL;
    row->ncells = 0;
}

void rc_mddoc_parse(rc_mddoc *out, const char *text)
{
    out->tables = NULL;
    out->ntables = 0;
    rc_mdrow prev = {0};
    bool have_prev = false;
    rc_mdtable *cur = NULL;
    size_t lineno = 0;
    bool in_fence = false;
    for (const char *p = text ? text : ""; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        lineno++;
        const char *t = p;
        while (t < p + len && (*t == ' ' || *t == '\t'))
            t++;
        if ((size_t)(p + len - t) >= 3 &&
            (strncmp(t, "```", 3) == 0 || strncmp(t, "~~~", 3) == 0)) {
            in_fence = !in_fence;
            cur = NULL;
            if (have_prev)
                row_free(&prev), have_prev = false;
        } else if (!in_fence) {
            rc_mdrow row;
            if (split_row(&row, p, len, lineno)) {
                if (cur) {
                    cur->rows = rc_xrealloc(cur->rows, (cur->nrows + 1) * sizeof(rc_mdrow));
                    cur->rows[cur->nrows++] = row;
                } else if (have_prev && is_delimiter_row(&row)) {
                    out->tables = rc_xrealloc(out->tables, (out->ntables + 1) * sizeof(rc_mdtable));
                    cur = &out->tables[out->ntables++];
                    cur->header = prev;
                    cur->rows = NULL;
                    cur->nrows = 0;
                    have_prev = false;
                    row_free(&row);
                } else {
                    if (have_prev)
                        row_free(&prev);
                    prev = row;
                    have_prev = true;
                }
            } else {
                cur = NULL;
                if (have_prev)
                    row_free(&prev), have_prev = false;
            }
        }
        p += len;
        if (*p == '\n')
            p++;
    }
    if (have_prev)
        row_free(&prev);
}

void rc_mddoc_free(rc_mddoc *doc)
{
    for (size_t t = 0; t < doc->ntables; t++) {
        row_free(&doc->tables[t].header);
        for (size_t r = 0; r < doc->tables[t].nrows; r++)
            row_free(&doc->tables[t].rows[r]);
        free(doc->tables[t].rows);
    }
    free(doc->tables);
    doc->tables = NULL;
    doc->ntables = 0;
}

static bool same_name(const char *a, const char *b)
{
    while (*a || *b) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        if (*a)
            a++;
        if (*b)
            b++;
    }
    return true;
}

int rc_mdtable_column(const rc_mdtable *t, const char *name)
{
    for (size_t i = 0; i < t->header.ncells; i++)
        if (same_name(t->header.cells[i], name))
            return (int)i;
    return -1;
}

const char *rc_mdrow_cell(const rc_mdrow *row, size_t i)
{
    return i < row->ncells ? row->cells[i] : "";
}
