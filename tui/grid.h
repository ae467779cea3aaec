/* The rows a pane shows: text cells (sanitized once, when loaded), a colour
 * role per row and per cell, and a view (filtered, sorted indexes) that the
 * table widget scrolls over virtually. Filtering is by substring over every
 * cell, or COLUMN:TEXT for one column (words are ANDed; A|B is either). */
#ifndef RELCAP_TUI_GRID_H
#define RELCAP_TUI_GRID_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int ncols;
    const char *const *titles; /* column titles, for COLUMN:TEXT filters */
    char **cells;              /* nrows * ncols */
    unsigned char *roles;      /* nrows * (ncols + 1): [0] the row, [1 + c] a cell */
    void **data;               /* per row, owned: the pane's record */
    size_t nrows, cap;
    size_t *view, nview;
    char *filter;
    int sort_col; /* -1: load order */
    bool sort_desc;
    /* per column: its vocabulary in meaning order (NULL-terminated), by
     * which it sorts; NULL: as numbers or text */
    const char *const **orders;
    int *widths; /* per column: the widest cell (display columns) */
    bool widths_ok;
} rc_grid;

void rc_grid_init(rc_grid *g, int ncols, const char *const *titles);
/* Empties rows (keeps filter and sort). */
void rc_grid_clear(rc_grid *g);
void rc_grid_free(rc_grid *g);
/* Adds a row; each cell is untrusted text and is sanitized (NULL = "").
 * data (may be NULL) is freed with free() by the grid. Returns the row. */
size_t rc_grid_add(rc_grid *g, const char *const *cells, void *data);
void rc_grid_role(rc_grid *g, size_t row, int col, int role); /* col -1: the row */
/* Replaces a cell of row (a grid row, not a view row) with text (sanitized);
 * the column's width follows (a cell filled after a frame was drawn). */
void rc_grid_set_cell(rc_grid *g, size_t row, int col, const char *text);
/* Recomputes the view from filter and sort. */
void rc_grid_apply(rc_grid *g);
void rc_grid_set_filter(rc_grid *g, const char *filter);
/* Sorts column col by the vocabulary order (NULL-terminated, not copied). */
void rc_grid_set_order(rc_grid *g, int col, const char *const *order);
/* Is filter usable? A word COLUMN:TEXT must name a column: when it names
 * none, writes "no column 'X': A B ..." (the columns, short enough for 80 columns) into err and
 * returns false. */
bool rc_grid_filter_ok(const rc_grid *g, const char *filter, char *err, size_t n);
/* The widest cell of column col over every row (display columns). */
int rc_grid_width(rc_grid *g, int col);
/* Drops a trailing " (#N)" from s (in place) when N is pr: the PR column
 * shows it already. */
void rc_grid_drop_pr_suffix(char *s, long pr);
/* View row -> cell text, role (cell role, else row role), data. */
const char *rc_grid_cell(const rc_grid *g, size_t vrow, int col);
int rc_grid_role_of(const rc_grid *g, size_t vrow, int col);
void *rc_grid_data(const rc_grid *g, size_t vrow);

#endif
