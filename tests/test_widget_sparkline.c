/* Sparkline text: levels, ASCII fallback, gaps, flat series, width. */
#include "tests/testutil.h"
#include "widgets/sparkline.h"

#include <math.h>

static void test_format(void **state)
{
    (void)state;
    char out[256];
    double v[] = {0, 1, 2, 3, 4, 5, 6, 7};
    assert_int_equal(rc_sparkline_format(out, sizeof out, v, 8, 0, true), 8);
    assert_string_equal(out, "▁▂▃▄▅▆▇█");
    rc_sparkline_format(out, sizeof out, v, 8, 0, false);
    assert_string_equal(out, "_.-~=+*#");
    double g[] = {10, NAN, 20};
    rc_sparkline_format(out, sizeof out, g, 3, 0, false);
    assert_string_equal(out, "_ #");
    double flat[] = {5, 5, 5};
    rc_sparkline_format(out, sizeof out, flat, 3, 0, true);
    assert_string_equal(out, "▄▄▄");
    /* width keeps the newest values */
    assert_int_equal(rc_sparkline_format(out, sizeof out, v, 8, 3, false), 3);
    assert_string_equal(out, "_=#");
    /* a small buffer cuts whole characters */
    assert_int_equal(rc_sparkline_format(out, 7, v, 8, 0, true), 2);
    assert_string_equal(out, "▁▂");
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_format))
