/* Text viewer: scrolling, wrapping, follow mode. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/textview.h"

static void test_scroll(void **state)
{
    (void)state;
    rc_textview *t = rc_textview_new("Title");
    rc_widget_place(&t->base, 0, 0, 5, 30);
    char text[4096] = "";
    for (int i = 0; i < 100; i++) {
        char l[64];
        snprintf(l, sizeof l, "line %d%s", i,
                 i == 1 ? " which is much longer than thirty columns" : "");
        strcat(text, l);
        strcat(text, "\n");
    }
    rc_textview_set_text(t, text);
    rc_widget_draw(&t->base, stdscr);
    assert_string_equal(ws_row(0), "Title");
    assert_string_equal(ws_row(1), "line 0");
    /* a long line wraps at a space, never cut mid-word */
    assert_string_equal(ws_row(2), "line 1 which is much longer");
    assert_string_equal(ws_row(3), "  than thirty columns");
    assert_string_equal(ws_row(4), "line 2");
    assert_string_equal(ws_row(5), "");
    rc_widget_key(&t->base, 'j');
    rc_widget_key(&t->base, KEY_NPAGE);
    assert_int_equal(t->top, 4);
    rc_widget_key(&t->base, KEY_END);
    rc_widget_draw(&t->base, stdscr);
    assert_string_equal(ws_row(4), "line 99");
    rc_widget_key(&t->base, KEY_HOME);
    assert_int_equal(t->top, 0);
    rc_widget_key(&t->base, 'k');
    assert_int_equal(t->top, 0);
    rc_textview_free(t);
}

static void test_wrap(void **state)
{
    (void)state;
    rc_textview *t = rc_textview_new(NULL);
    rc_widget_place(&t->base, 0, 0, 6, 20);
    rc_textview_set_text(t, "Note:  a note that goes on and on\n"
                            "abcdefghijklmnopqrstuvwxyz\n");
    rc_widget_draw(&t->base, stdscr);
    /* continuation under the value of "Label:  value" */
    assert_string_equal(ws_row(0), "Note:  a note that");
    assert_string_equal(ws_row(1), "       goes on and");
    assert_string_equal(ws_row(2), "       on");
    /* one word wider than the view is broken where the width ends */
    assert_string_equal(ws_row(3), "abcdefghijklmnopqrst");
    assert_string_equal(ws_row(4), "  uvwxyz");
    assert_int_equal(rc_textview_rows(t), 5);
    /* narrower: wrapped again */
    rc_widget_place(&t->base, 0, 0, 6, 40);
    assert_int_equal(rc_textview_rows(t), 2);
    rc_textview_free(t);
}

static void test_follow(void **state)
{
    (void)state;
    rc_textview *t = rc_textview_new(NULL);
    rc_widget_place(&t->base, 0, 0, 3, 30);
    t->follow = true;
    rc_textview_append(t, "a\nb\n");
    rc_textview_append(t, "c\nd\ne\n");
    rc_widget_draw(&t->base, stdscr);
    assert_string_equal(ws_row(0), "c");
    assert_string_equal(ws_row(2), "e");
    rc_widget_key(&t->base, KEY_UP); /* scrolling back stops following */
    assert_false(t->follow);
    rc_textview_append(t, "f\n");
    assert_int_equal(t->top, 1);
    rc_textview_free(t);
}

static void test_controls_never_drawn(void **state)
{
    (void)state;
    /* callers sanitize; the drawing primitive is the last guard */
    rc_textview *t = rc_textview_new(NULL);
    rc_widget_place(&t->base, 0, 0, 2, 40);
    rc_textview_set_text(t, "a\x1b[2Jb\x07"
                            "c\xc2\x9b"
                            "d");
    rc_widget_draw(&t->base, stdscr);
    assert_string_equal(ws_row(0), "a?[2Jb?c?d");
    rc_textview_free(t);
}

TU_MAIN(ws_setup, ws_teardown, cmocka_unit_test(test_scroll), cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_follow), cmocka_unit_test(test_controls_never_drawn))
