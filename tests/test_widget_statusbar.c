/* Status line and function bar. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/statusbar.h"

static void test_status_and_keys(void **state)
{
    (void)state;
    rc_statusbar *s = rc_statusbar_new();
    rc_widget_place(&s->base, 22, 0, 2, 80);
    rc_statusbar_set(s, "3 picks approved", A_BOLD, "sync 12s ago");
    rc_fnkey keys[] = {{"?", "Help"}, {"/", "Filter"}, {"q", "Quit"}};
    rc_statusbar_set_keys(s, keys, 3);
    rc_widget_draw(&s->base, stdscr);
    const char *r = ws_row(22);
    assert_int_equal(strncmp(r, "3 picks approved", 16), 0);
    assert_string_equal(r + strlen(r) - 12, "sync 12s ago");
    assert_int_equal((int)strlen(r), 80);
    assert_string_equal(ws_row(23), "?Help /Filter qQuit");
    assert_true(ws_attr(22, 0) & A_BOLD);
    assert_true(ws_attr(22, 79) & A_REVERSE);
    assert_false(ws_attr(23, 0) & A_REVERSE); /* key */
    assert_true(ws_attr(23, 1) & A_REVERSE);  /* label */
    assert_true(ws_attr(23, 79) & A_REVERSE); /* bar fills the row */
    rc_statusbar_free(s);
}

static void test_narrow_cuts(void **state)
{
    (void)state;
    rc_statusbar *s = rc_statusbar_new();
    rc_widget_place(&s->base, 0, 0, 2, 20);
    rc_statusbar_set(s, "a very long message that does not fit", 0, "right side text long");
    rc_fnkey keys[] = {{"F1", "Help"}, {"F2", "Setup"}, {"F3", "Search"}, {"F10", "Quit"}};
    rc_statusbar_set_keys(s, keys, 4);
    rc_widget_draw(&s->base, stdscr);
    assert_string_equal(ws_row(0), "a very lo right side");
    /* a hint shows whole or not at all (the bar folds) */
    assert_string_equal(ws_row(1), "F1Help F2Setup");
    assert_string_equal(ws_row(2), ""); /* nothing spilled */
    /* height 1: only the function bar */
    erase();
    rc_widget_place(&s->base, 5, 0, 1, 40);
    rc_widget_draw(&s->base, stdscr);
    assert_string_equal(ws_row(5), "F1Help F2Setup F3Search F10Quit");
    assert_string_equal(ws_row(4), "");
    rc_statusbar_free(s);
}

TU_MAIN(ws_setup, ws_teardown, cmocka_unit_test(test_status_and_keys),
        cmocka_unit_test(test_narrow_cuts))
