/* Prompt line: typing, UTF-8 backspace, clear, done and cancel, long text. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"
#include "widgets/prompt.h"

static void feed(rc_prompt *p, const char *s)
{
    for (; *s; s++)
        rc_prompt_feed(p, (unsigned char)*s);
}

static void test_typing(void **state)
{
    (void)state;
    rc_prompt *p = rc_prompt_new("/", NULL);
    rc_widget_place(&p->base, 23, 0, 1, 80);
    feed(p, "café");
    assert_string_equal(p->text, "café");
    rc_prompt_feed(p, KEY_BACKSPACE); /* removes the 2-byte é */
    assert_string_equal(p->text, "caf");
    rc_widget_draw(&p->base, stdscr);
    int y, x;
    getyx(stdscr, y, x); /* the cursor is left after the text */
    assert_string_equal(ws_row(23), "/caf");
    assert_int_equal(y, 23);
    assert_int_equal(x, 4);
    rc_prompt_feed(p, 'U' & 0x1f);
    assert_string_equal(p->text, "");
    rc_prompt_feed(p, 1); /* a control key is not text */
    assert_string_equal(p->text, "");
    feed(p, "x");
    assert_int_equal(rc_prompt_feed(p, '\n'), RC_PROMPT_DONE);
    assert_int_equal(rc_prompt_feed(p, 'y'), RC_PROMPT_DONE);
    assert_string_equal(p->text, "x");
    rc_prompt_free(p);

    p = rc_prompt_new("Note: ", "old");
    assert_int_equal(rc_prompt_feed(p, 27), RC_PROMPT_CANCELLED);
    rc_prompt_free(p);
}

static void test_long_text_shows_end(void **state)
{
    (void)state;
    rc_prompt *p = rc_prompt_new("> ", NULL);
    rc_widget_place(&p->base, 0, 0, 1, 12);
    feed(p, "abcdefghijklmnopqrstuvwxyz");
    rc_widget_draw(&p->base, stdscr);
    assert_string_equal(ws_row(0), "> rstuvwxyz");
    rc_prompt_free(p);
}

TU_MAIN(ws_setup, ws_teardown, cmocka_unit_test(test_typing),
        cmocka_unit_test(test_long_text_shows_end))
