/* The man pages cover every command (from `relcap --help`, which prints the
 * command table), every configuration key (rc_config_keys) and every key
 * binding (`relcap ui --list-keys`, printed from the keymap table). */
#include "tests/testutil.h"

#include "core/config.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *man(const char *name)
{
    char *path = rc_xasprintf("%s/man/%s", RELCAP_SOURCE_DIR, name);
    char *text;
    assert_int_equal(rc_file_read(&text, NULL, path), 0);
    free(path);
    return text;
}

static void test_every_command_documented(void **state)
{
    char *page = man("relcap.1");
    const char *argv[] = {"--help", NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, argv);
    assert_int_equal(r.status, 0);
    const char *p = strstr(r.out, "Commands:");
    assert_non_null(p);
    int commands = 0, missing = 0;
    for (p = strchr(p, '\n'); p && p[1] == ' '; p = strchr(p + 1, '\n')) {
        char name[64];
        if (sscanf(p + 1, " %63s", name) != 1)
            break;
        char *want = rc_xasprintf(".It Cm %s", name);
        if (!strstr(page, want)) {
            print_error("relcap.1 lacks '%s'\n", want);
            missing++;
        }
        free(want);
        commands++;
    }
    assert_true(commands >= 15);
    assert_int_equal(missing, 0);
    tu_result_free(&r);
    free(page);
}

static void test_every_config_key_documented(void **state)
{
    char *page = man("relcap-config.5");
    int missing = 0;
    for (const rc_config_key *k = rc_config_keys; k->name; k++) {
        /* subsections are written NAME in the page: relcap.node.NAME.kind */
        rc_buf b = {0};
        rc_buf_puts(&b, ".It Cm ");
        for (const char *c = k->name; *c; c++)
            rc_buf_puts(&b, *c == '*' ? "NAME" : (char[]){*c, 0});
        if (!strstr(page, b.ptr)) {
            print_error("relcap-config.5 lacks '%s'\n", b.ptr);
            missing++;
        }
        rc_buf_free(&b);
    }
    assert_int_equal(missing, 0);
    free(page);
}

static void test_every_key_binding_documented(void **state)
{
    char *page = man("relcap.1");
    const char *argv[] = {"ui", "--list-keys", NULL};
    tu_result r = tu_relcap(NULL, NULL, NULL, argv);
    if (r.status != 0) {
        tu_result_free(&r);
        free(page);
        fail_msg("relcap ui --list-keys failed");
    }
    int keys = 0, missing = 0;
    /* each line: ACTION<TAB>KEY<TAB>help */
    for (char *save = NULL, *line = strtok_r(r.out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char *want = rc_xasprintf("Ic %s", line);
        if (!strstr(page, want)) {
            print_error("relcap.1 lacks the action '%s'\n", line);
            missing++;
        }
        free(want);
        keys++;
    }
    assert_true(keys >= 20);
    assert_int_equal(missing, 0);
    tu_result_free(&r);
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_documented),
        cmocka_unit_test(test_every_config_key_documented),
        cmocka_unit_test(test_every_key_binding_documented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
