/* Confirmation dialog: drawn framed and centred, answers. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/confirm.h"

static void test_dialog(void **state)
{
    (void)state;
    rc_confirm *c = rc_confirm_new("Apply 2 picks?", "abc1234 first\ndef5678 second");
    rc_widget_place(&c->base, 0, 0, 24, 80);
    rc_widget_draw(&c->base, stdscr);
    /* 30 wide, 6 high, centred: rows 9..14, columns 25..54 */
    assert_string_equal(ws_row(9), "                         +-Apply 2 picks?-------------+");
    assert_string_equal(ws_row(10), "                         | abc1234 first              |");
    assert_string_equal(ws_row(11), "                         | def5678 second             |");
    assert_string_equal(ws_row(13), "                         | [y]es  [n]o                |");
    assert_string_equal(ws_row(14), "                         +----------------------------+");
    assert_string_equal(ws_row(8), "");
    assert_int_equal(rc_confirm_feed(c, 'z'), RC_CONFIRM_PENDING);
    assert_int_equal(rc_confirm_feed(c, 'y'), RC_CONFIRM_YES);
    rc_confirm_free(c);

    c = rc_confirm_new("Cancel run 3?", "");
    assert_int_equal(rc_confirm_feed(c, 27), RC_CONFIRM_NO);
    rc_confirm_free(c);
    c = rc_confirm_new("x", "");
    assert_int_equal(rc_confirm_feed(c, 'n'), RC_CONFIRM_NO);
    rc_confirm_free(c);
}

static void test_many_lines_are_cut(void **state)
{
    (void)state;
    char msg[2048] = "";
    for (int i = 0; i < 40; i++)
        strcat(msg, "a line of the message\n");
    rc_confirm *c = rc_confirm_new("Many", msg);
    rc_widget_place(&c->base, 0, 0, 24, 80);
    rc_widget_draw(&c->base, stdscr);
    assert_true(strstr(ws_row(0), "+-Many") != NULL);
    assert_true(strstr(ws_row(22), "[y]es  [n]o") != NULL);
    assert_true(strstr(ws_row(20), "...") != NULL);
    assert_true(strstr(ws_row(23), "+---") != NULL);
    rc_confirm_free(c);
}

TU_MAIN(ws_setup, ws_teardown, cmocka_unit_test(test_dialog),
        cmocka_unit_test(test_many_lines_are_cut))
