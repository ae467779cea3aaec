/* Choice menu: drawn framed and centred with the selection in reverse, keys. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/menu.h"

static const char *const items[] = {"regression-fix", "critical-fix", "documentation", "auto"};
static const char *const notes[] = {"a regression", NULL, "docs only", "drop it"};

static void test_menu_draw(void **state)
{
    (void)state;
    rc_menu *m = rc_menu_new("Category", items, notes, 4, 2);
    rc_widget_place(&m->base, 0, 0, 24, 80);
    rc_widget_draw(&m->base, stdscr);
    /* 4 items + frame, title and help: 8 high, centred (rows 8..15) */
    assert_true(strstr(ws_row(8), "+-Category") != NULL);
    assert_true(strstr(ws_row(9), "| 1  regression-fix  a regression") != NULL);
    assert_true(strstr(ws_row(11), "| 3  documentation   docs only") != NULL);
    assert_true(strstr(ws_row(14), "Enter choose  Esc cancel") != NULL);
    assert_true(strstr(ws_row(15), "+----") != NULL);
    /* the selected item (documentation) in reverse video */
    int x = (int)(strstr(ws_row(11), "documentation") - ws_row(11));
    assert_true((mvinch(11, x) & A_REVERSE) != 0);
    assert_true((mvinch(9, (int)(strstr(ws_row(9), "regression") - ws_row(9))) & A_REVERSE) == 0);
    rc_menu_free(m);
}

static void test_menu_keys(void **state)
{
    (void)state;
    rc_menu *m = rc_menu_new("x", items, NULL, 4, 0);
    assert_int_equal(rc_menu_feed(m, 'j'), RC_MENU_OPEN);
    assert_int_equal(m->sel, 1);
    rc_menu_feed(m, KEY_UP);
    rc_menu_feed(m, KEY_UP);
    assert_int_equal(m->sel, 0);
    rc_menu_feed(m, 'G');
    assert_int_equal(m->sel, 3);
    rc_menu_feed(m, 'j');
    assert_int_equal(m->sel, 3);
    rc_menu_feed(m, 'd'); /* the next item starting with d, wrapping */
    assert_int_equal(m->sel, 2);
    assert_int_equal(rc_menu_feed(m, '\n'), RC_MENU_CHOSEN);
    assert_int_equal(rc_menu_feed(m, 'k'), RC_MENU_CHOSEN); /* done: keys change nothing */
    assert_int_equal(m->sel, 2);
    rc_menu_free(m);

    m = rc_menu_new("x", items, NULL, 4, 99); /* clamped */
    assert_int_equal(m->sel, 3);
    assert_int_equal(rc_menu_feed(m, '2'), RC_MENU_CHOSEN);
    assert_int_equal(m->sel, 1);
    rc_menu_free(m);
    m = rc_menu_new("x", items, NULL, 4, 0);
    assert_int_equal(rc_menu_feed(m, 27), RC_MENU_CANCELLED);
    rc_menu_free(m);
    m = rc_menu_new("x", items, NULL, 4, 0);
    assert_int_equal(rc_menu_feed(m, '9'), RC_MENU_OPEN); /* no 9th item */
    rc_menu_free(m);
}

/* More items than fit: the selection stays in view. */
static void test_menu_scrolls(void **state)
{
    (void)state;
    const char *many[30];
    char names[30][8];
    for (int i = 0; i < 30; i++) {
        snprintf(names[i], sizeof names[i], "item%02d", i);
        many[i] = names[i];
    }
    rc_menu *m = rc_menu_new("Many", many, NULL, 30, 25);
    rc_widget_place(&m->base, 0, 0, 12, 80);
    rc_widget_draw(&m->base, stdscr);
    bool seen = false;
    for (int y = 0; y < 12; y++)
        seen |= strstr(ws_row(y), "item25") != NULL;
    assert_true(seen);
    rc_menu_free(m);
}

TU_MAIN(NULL, NULL, cmocka_unit_test_setup_teardown(test_menu_draw, ws_setup, ws_teardown),
        cmocka_unit_test(test_menu_keys),
        cmocka_unit_test_setup_teardown(test_menu_scrolls, ws_setup, ws_teardown))
