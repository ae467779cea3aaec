/* rc_sanitize, the terminal filter every untrusted text goes through, checked
 * with the C library's UTF-8 decoder (mbrtowc) as the oracle: no C0 or C1
 * control, no DEL, no ESC sequence and no byte that is not UTF-8 comes out,
 * whatever goes in; printable text (ASCII, accents, NBSP, CJK) survives. */
#include "tests/testutil.h"

#include "core/base/util.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void check(const char *in, bool keep_newlines)
{
    char *out = rc_sanitize(in, keep_newlines);
    char *what = rc_xasprintf("rc_sanitize(\"%s\")", in);
    tu_no_controls_in(what, out, keep_newlines);
    free(what);
    free(out);
}

/* Every C1 control, encoded in UTF-8 (C2 80..C2 9F) and as a raw byte
 * (80..9F), alone, between text, and in front of what it would introduce. */
static void test_c1_controls(void **state)
{
    (void)state;
    for (unsigned c = 0x80; c <= 0x9f; c++) {
        char in[64];
        snprintf(in, sizeof in, "a%c%cb", 0xc2, c);
        check(in, false);
        char *out = rc_sanitize(in, false);
        assert_non_null(strstr(out, "a"));
        assert_non_null(strstr(out, "b"));
        free(out);
        snprintf(in, sizeof in, "a%c2J%c0;title%cb", c, c, c);
        check(in, false);
        check(in, true);
        snprintf(in, sizeof in, "%c%c", 0xc2, c);
        check(in, false);
        snprintf(in, sizeof in, "%c", c);
        check(in, true);
    }
    /* Overlong encodings of C1 and C0 (C1 80.., E0 82 9B) are not UTF-8 either. */
    check("x\xc1\x9b"
          "2Jy",
          false);
    check("x\xe0\x82\x9b"
          "2Jy",
          false);
    check("x\xc0\x9b"
          "2Jy",
          false);
}

/* Every byte value in every position of a short string. */
static void test_every_byte(void **state)
{
    (void)state;
    for (unsigned c = 1; c <= 0xff; c++)
        for (unsigned d = 1; d <= 0xff; d += 7) {
            char in[8] = {'x', (char)c, (char)d, 'y', 0};
            check(in, false);
            check(in, true);
        }
}

static void test_printable_kept(void **state)
{
    (void)state;
    const char *in = "caf\xc3\xa9 \xc2\xa0nbsp \xe4\xb8\xad \xf0\x9f\x8d\x92 $(x) `y` ;|&";
    char *out = rc_sanitize(in, false);
    assert_string_equal(out, in);
    free(out);
    out = rc_sanitize("a\x1b[31mred\x1b]0;t\x07 b\nc\td", false);
    assert_string_equal(out, "ared b c d");
    free(out);
    out = rc_sanitize("a\nb\tc", true);
    assert_string_equal(out, "a\nb\tc");
    free(out);
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_sanitize: no C.UTF-8 locale\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_c1_controls),
        cmocka_unit_test(test_every_byte),
        cmocka_unit_test(test_printable_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
