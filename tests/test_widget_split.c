/* Split layout: fixed, fixed-second and percent sizes, nesting, drawing both
 * children, keys to the focused child. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/split.h"
#include "widgets/textview.h"

static void test_layout(void **state)
{
    (void)state;
    rc_textview *a = rc_textview_new(NULL), *b = rc_textview_new(NULL), *c = rc_textview_new(NULL);
    rc_split *inner = rc_split_new(RC_SPLIT_H, 0, 25, &b->base, &c->base);
    rc_split *outer = rc_split_new(RC_SPLIT_V, -2, 0, &a->base, &inner->base);
    outer->owns = inner->owns = true;
    rc_widget_place(&outer->base, 0, 0, 24, 80);
    rc_split_layout(outer);
    assert_int_equal(a->base.h, 22);
    assert_int_equal(inner->base.y, 22);
    assert_int_equal(inner->base.h, 2);
    assert_int_equal(b->base.w, 20);
    assert_int_equal(c->base.x, 20);
    assert_int_equal(c->base.w, 60);
    assert_int_equal(c->base.y, 22);

    rc_textview_set_text(a, "top text");
    rc_textview_set_text(b, "left");
    rc_textview_set_text(c, "right");
    rc_widget_draw(&outer->base, stdscr);
    assert_string_equal(ws_row(0), "top text");
    assert_string_equal(ws_row(22), "left                right");

    /* resize: relayout from the new placement */
    rc_widget_place(&outer->base, 0, 0, 50, 160);
    erase();
    rc_widget_draw(&outer->base, stdscr);
    assert_int_equal(a->base.h, 48);
    assert_int_equal(c->base.x, 40);

    /* keys go to the focused child */
    rc_textview_set_text(a,
                         "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n"
                         "21\n22\n23\n24\n25\n26\n27\n28\n29\n30\n31\n32\n33\n34\n35\n36\n37\n38\n"
                         "39\n40\n41\n42\n43\n44\n45\n46\n47\n48\n49\n50\n51\n52");
    assert_true(rc_widget_key(&outer->base, 'j'));
    assert_int_equal(a->top, 1);
    outer->focus = 1;
    inner->focus = 0;
    rc_widget_key(&outer->base, 'j');
    assert_int_equal(a->top, 1);
    rc_split_free(outer);
}

static void test_fixed_first_clamped(void **state)
{
    (void)state;
    rc_textview *a = rc_textview_new(NULL), *b = rc_textview_new(NULL);
    rc_split *s = rc_split_new(RC_SPLIT_V, 30, 0, &a->base, &b->base);
    s->owns = true;
    rc_widget_place(&s->base, 0, 0, 24, 80);
    rc_split_layout(s);
    assert_int_equal(a->base.h, 24);
    assert_int_equal(b->base.h, 0);
    rc_widget_draw(&s->base, stdscr); /* a zero-height child draws nothing */
    rc_split_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_layout, ws_setup, ws_teardown),
        cmocka_unit_test_setup_teardown(test_fixed_first_clamped, ws_setup, ws_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
