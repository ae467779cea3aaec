/* Table widget: columns, virtual scrolling, selection keys, mouse, colours,
 * cutting by display width. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/table.h"

static char **rows;
static size_t nrows_data;

static const char *cell(void *ud, size_t row, int col, char *buf, size_t n)
{
    (void)ud;
    if (col == 0)
        snprintf(buf, n, "%zu", row);
    else
        snprintf(buf, n, "%s", rows ? rows[row % nrows_data] : "row");
    return buf;
}

static attr_t attr(void *ud, size_t row, int col)
{
    (void)ud;
    return col == -1 && row % 2 ? A_BOLD : A_NORMAL;
}

static const rc_table_col cols[] = {{.title = "N", .width = 6, .right = true},
                                    {.title = "Text", .min = 4}};

static rc_table *make(size_t n, int h)
{
    rc_table *t = rc_table_new(cols, 2, cell, attr, NULL);
    rc_widget_place(&t->base, 0, 0, h, 40);
    rc_table_set_rows(t, n);
    return t;
}

static void test_virtual_scrolling(void **state)
{
    (void)state;
    rc_table *t = make(100000, 10);
    rc_widget_draw(&t->base, stdscr);
    /* 9 data rows on screen, 2 columns each: nothing else was formatted */
    assert_int_equal(t->formatted, 18);
    /* columns are as wide as the values on screen (no width callback) */
    assert_string_equal(ws_row(0), "N Text");
    assert_string_equal(ws_row(1), "0 row");
    rc_table_end(t);
    erase();
    rc_widget_draw(&t->base, stdscr);
    assert_int_equal(t->formatted, 36);
    assert_string_equal(ws_row(9), "99999 row");
    assert_int_equal(t->top, 100000 - 9);
    rc_table_free(t);
}

static void test_keys(void **state)
{
    (void)state;
    rc_table *t = make(50, 11); /* 10 visible */
    assert_true(rc_widget_key(&t->base, 'j'));
    assert_true(rc_widget_key(&t->base, KEY_DOWN));
    assert_int_equal(t->sel, 2);
    rc_widget_key(&t->base, 'k');
    assert_int_equal(t->sel, 1);
    rc_widget_key(&t->base, KEY_NPAGE);
    assert_int_equal(t->top, 10);
    assert_int_equal(t->sel, 11);
    rc_widget_key(&t->base, KEY_END);
    assert_int_equal(t->sel, 49);
    assert_int_equal(t->top, 40);
    rc_widget_key(&t->base, KEY_NPAGE);
    assert_int_equal(t->sel, 49);
    rc_widget_key(&t->base, KEY_PPAGE);
    assert_int_equal(t->top, 30);
    rc_widget_key(&t->base, 'g');
    assert_int_equal(t->sel, 0);
    assert_int_equal(t->top, 0);
    rc_widget_key(&t->base, 'k');
    assert_int_equal(t->sel, 0);
    rc_widget_key(&t->base, 'G');
    assert_int_equal(t->sel, 49);
    assert_false(rc_widget_key(&t->base, 'z'));
    /* fewer rows keep the selection in range */
    rc_table_set_rows(t, 5);
    assert_int_equal(t->sel, 4);
    assert_int_equal(t->top, 0);
    rc_table_set_rows(t, 0);
    assert_int_equal(t->sel, 0);
    rc_table_free(t);
}

static void test_selection_and_colour(void **state)
{
    (void)state;
    rc_table *t = make(5, 6);
    rc_table_select(t, 2);
    rc_widget_draw(&t->base, stdscr);
    assert_true(ws_attr(3, 0) & A_REVERSE);  /* selected row 2 on screen row 3 */
    assert_true(ws_attr(3, 39) & A_REVERSE); /* the whole width */
    assert_false(ws_attr(2, 0) & A_REVERSE);
    assert_true(ws_attr(2, 0) & A_BOLD); /* row 1: odd rows bold */
    assert_false(ws_attr(1, 0) & A_BOLD);
    assert_true(ws_attr(0, 0) & A_UNDERLINE); /* header */
    rc_table_free(t);
}

static void test_mouse(void **state)
{
    (void)state;
    rc_table *t = make(100, 11);
    assert_true(rc_table_mouse(t, 5, 3, BUTTON1_CLICKED));
    assert_int_equal(t->sel, 4);
    assert_true(rc_table_mouse(t, 5, 3, BUTTON5_PRESSED));
    assert_int_equal(t->sel, 7);
    assert_true(rc_table_mouse(t, 5, 3, BUTTON4_PRESSED));
    assert_int_equal(t->sel, 4);
    assert_false(rc_table_mouse(t, 15, 3, BUTTON1_CLICKED)); /* below the table */
    assert_false(rc_table_mouse(t, 5, 60, BUTTON1_CLICKED)); /* right of it */
    assert_int_equal(t->sel, 4);
    rc_table_free(t);
}

static void test_display_width(void **state)
{
    (void)state;
    char *data[] = {"日本語のテキストです長い長い長い長い長い長い長い",
                    "naïve café résumé and more text here"};
    rows = data;
    nrows_data = 2;
    rc_table *t = make(2, 3);
    rc_widget_draw(&t->base, stdscr);
    /* 40 columns: 1 + 1 + 38; CJK are 2 columns each: 19 chars = 38 cols */
    assert_string_equal(ws_row(1), "0 日本語のテキストです長い長い長い長い長");
    assert_string_equal(ws_row(2), "1 naïve café résumé and more text here");
    /* nothing was drawn past the table's width */
    assert_string_equal(ws_row(1) + strlen(ws_row(1)) - 3, "長");
    assert_int_equal(rc_wwidth("日本"), 4);
    assert_int_equal(rc_wwidth("café"), 4);
    rows = NULL;
    rc_table_free(t);
}

static void test_sort_marker_and_empty(void **state)
{
    (void)state;
    rc_table *t = make(0, 4);
    t->empty = "(nothing)";
    t->sort_col = 1;
    t->sort_desc = true;
    rc_widget_draw(&t->base, stdscr);
    assert_string_equal(ws_row(0), "N Textv");
    assert_string_equal(ws_row(1), "(nothing)");
    rc_table_free(t);
}

/* Three columns: a state (vocabulary), a subject (free text), a category
 * (vocabulary), a bounded name. */
static const char *const layout_data[][4] = {
    {"revert-needed", "Fix a crash in the scheduler on startup", "documentation",
     "releases/v0.9.2"},
    {"pending", "Short", "critical-fix", "main"},
};

static const char *layout_cell(void *ud, size_t row, int col, char *buf, size_t n)
{
    (void)ud;
    (void)buf;
    (void)n;
    return layout_data[row % 2][col];
}

static int layout_width(void *ud, int col)
{
    (void)ud;
    int w = 0;
    for (int r = 0; r < 2; r++)
        if (rc_wwidth(layout_data[r][col]) > w)
            w = rc_wwidth(layout_data[r][col]);
    return w;
}

static void test_layout_by_content(void **state)
{
    (void)state;
    static const rc_table_col lc[] = {
        {.title = "State", .vocab = true},
        {.title = "Subject", .min = 8},
        {.title = "Category", .vocab = true},
        {.title = "Branch", .width = 10},
    };
    rc_table *t = rc_table_new(lc, 4, layout_cell, NULL, NULL);
    t->width = layout_width;
    rc_table_set_rows(t, 2);
    /* wide: every column as wide as its content; the free text too */
    rc_widget_place(&t->base, 0, 0, 3, 120);
    assert_int_equal(rc_table_col_width(t, 0), 13);
    assert_int_equal(rc_table_col_width(t, 1), 39);
    assert_int_equal(rc_table_col_width(t, 2), 13);
    assert_int_equal(rc_table_col_width(t, 3), 10); /* bounded */
    /* narrower: the subject gives way, then the bounded name (to its
     * title); the vocabularies stay whole */
    rc_widget_place(&t->base, 0, 0, 3, 50);
    assert_int_equal(rc_table_col_width(t, 3), 10);
    assert_int_equal(rc_table_col_width(t, 1), 50 - 13 - 13 - 10 - 3);
    rc_widget_place(&t->base, 0, 0, 3, 44);
    assert_int_equal(rc_table_col_width(t, 0), 13);
    assert_int_equal(rc_table_col_width(t, 1), 8);
    assert_int_equal(rc_table_col_width(t, 2), 13);
    assert_int_equal(rc_table_col_width(t, 3), 7);
    erase();
    rc_widget_draw(&t->base, stdscr);
    assert_string_equal(ws_row(1), "revert-needed Fix a cr documentation release");
    /* too narrow for both vocabularies: one is hidden, not cut */
    rc_widget_place(&t->base, 0, 0, 3, 36);
    assert_int_equal(rc_table_col_width(t, 0), 13);
    assert_true(rc_table_col_width(t, 2) == 0 || rc_table_col_width(t, 2) == 13);
    assert_int_equal(rc_table_col_width(t, 3), 0);
    /* the sort arrow shows on a column exactly as wide as its title */
    t->sort_col = 3;
    t->sort_desc = false;
    rc_widget_place(&t->base, 0, 0, 3, 50);
    erase();
    rc_widget_draw(&t->base, stdscr);
    assert_non_null(strstr(ws_row(0), "Branch^"));
    rc_table_free(t);
}

TU_MAIN(ws_setup, ws_teardown, cmocka_unit_test(test_virtual_scrolling),
        cmocka_unit_test(test_keys), cmocka_unit_test(test_selection_and_colour),
        cmocka_unit_test(test_mouse), cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_layout_by_content), cmocka_unit_test(test_sort_marker_and_empty))
