/* A list/table with columns and virtual scrolling: the table knows only how
 * many rows there are; the text of a cell is asked for (row callback) only
 * for rows on screen, so a 100 000-row list costs what one screenful does. */
#ifndef RELCAP_TABLE_H
#define RELCAP_TABLE_H

#include "widgets/widget.h"

/* Columns are sized by their content (the widest value on the data):
 * - width 0, not vocab: the free-text column (one per table: a subject): it
 *   takes what the others leave, up to its content, at least min;
 * - width > 0: the most it takes (longer text is cut; right-aligned numbers
 *   never are: hidden instead);
 * - vocab: a fixed vocabulary (a state, a category, a tag): never cut; when
 *   the screen is too narrow the column is hidden instead.
 * Every column has room for its title, and the sorted one for the arrow. */
typedef struct {
    const char *title;
    int width;  /* the most display columns; 0 = the free-text column */
    int min;    /* for the free-text column: the least width worth showing */
    bool right; /* right-aligned */
    bool vocab; /* fixed vocabulary: never cut */
    /* Where room is short, hidden before any value is cut: 1 first, then 2...;
     * 0: only as a last resort (right to left). */
    int drop;
    /* The vocabulary in its meaning order (NULL-terminated), for whoever
     * sorts the rows; NULL: sorted as text or numbers. */
    const char *const *order;
} rc_table_col;

/* Text of a visible cell: write into buf (size n) and return it, or return
 * any string that lives until the next call. */
typedef const char *(*rc_table_cell_fn)(void *ud, size_t row, int col, char *buf, size_t n);
/* The widest value (display columns) of column col over all rows, or -1
 * when unknown (then the rows on screen are measured). */
typedef int (*rc_table_width_fn)(void *ud, int col);
/* Attribute (colour) of a visible row's cell; col is -1 for the row as a whole. */
typedef attr_t (*rc_table_attr_fn)(void *ud, size_t row, int col);

typedef struct {
    rc_widget base;
    rc_table_col *cols;
    int ncols;
    rc_table_cell_fn cell;
    rc_table_attr_fn attr;   /* may be NULL */
    rc_table_width_fn width; /* may be NULL */
    void *ud;
    size_t nrows, sel, top;
    bool header;  /* first line shows column titles (default true) */
    bool focused; /* selection drawn highlighted (default true) */
    int sort_col; /* -1: none; header marks it */
    bool sort_desc;
    attr_t hdr_attr, sel_attr;
    const char *empty; /* shown when there are no rows */
    size_t formatted;  /* cells asked for so far: tests check virtual scrolling */
    int *cw;           /* the layout at the last draw: width per column, 0 = hidden */
} rc_table;

rc_table *rc_table_new(const rc_table_col *cols, int ncols, rc_table_cell_fn cell,
                       rc_table_attr_fn attr, void *ud);
void rc_table_free(rc_table *t);
/* Sets the row count, keeping the selection in range. */
void rc_table_set_rows(rc_table *t, size_t n);
void rc_table_select(rc_table *t, size_t row);
/* Moves the selection by delta rows (clamped). */
void rc_table_move(rc_table *t, long delta);
/* Page up (-1) or down (+1): a screenful of rows. */
void rc_table_page(rc_table *t, int dir);
void rc_table_home(rc_table *t);
void rc_table_end(rc_table *t);
/* One of the four moves above, as a motion says. */
void rc_table_motion(rc_table *t, rc_wmotion m);
/* Mouse event at screen (y, x): wheel scrolls by 3, click selects the row
 * under it. Returns true when it hit the table. */
bool rc_table_mouse(rc_table *t, int y, int x, mmask_t bstate);
/* Width column col gets at the current size (0: hidden for lack of room). */
int rc_table_col_width(rc_table *t, int col);

#endif
