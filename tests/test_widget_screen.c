/* Screen dump: plain text with trailing spaces removed, wide characters,
 * line drawing as ASCII, and {mark:text} runs with literal braces doubled. */
#include "tests/testutil.h"
#include "tests/widget_screen.h"

static const char *mark(short pair, attr_t attrs)
{
    if (pair == 1)
        return "r";
    if (attrs & A_BOLD)
        return "B";
    return NULL;
}

static void test_dump(void **state)
{
    (void)state;
    resize_term(3, 20);
    erase();
    start_color();
    init_pair(1, COLOR_RED, COLOR_BLACK);
    rc_wput(stdscr, 0, 0, "plain {x}", 20, A_NORMAL, false);
    rc_wput(stdscr, 0, 12, "red", 3, COLOR_PAIR(1), false);
    rc_wput(stdscr, 1, 0, "日本 bold", 20, A_NORMAL, false);
    rc_wput(stdscr, 1, 5, "bold", 4, A_BOLD, false);
    mvwaddch(stdscr, 2, 0, ACS_ULCORNER);
    mvwhline(stdscr, 2, 1, ACS_HLINE, 3);
    char *plain = rc_screen_dump(stdscr, NULL);
    assert_string_equal(plain, "plain {x}   red\n日本 bold\n+---\n");
    free(plain);
    char *marked = rc_screen_dump(stdscr, mark);
    assert_string_equal(marked, "plain {{x}}   {r:red}\n日本 {B:bold}\n+---\n");
    free(marked);
}

TU_MAIN(ws_setup, ws_teardown, cmocka_unit_test(test_dump))
