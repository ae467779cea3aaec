/* The man pages cover every command (from `relcap --help`, which prints the
 * command table), every configuration key (rc_config_keys) and every key
 * binding (`relcap ui --list-keys`, printed from the keymap table: an
 * action is documented as "Ic ACTION" or in the key table's action column). */
#include "tests/testutil.h"

#include "core/base/config.h"
#include "core/base/util.h"

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

/* A key is documented by an item ".It Cm relcap.key". A subsection part
 * ('*') may be written NAME (.It Cm relcap.node.NAME.kind) or as an argument
 * (.It Cm relcap.bind. Ns Ar action, .It Cm relcap.node. Ns Ar name Ns .kind). */
/* noinline: inlined into its caller, gcc 12 -O3 reports a dangling pointer
 * into man()'s buffer that is not there (-Wdangling-pointer false positive). */
__attribute__((noinline)) static bool documented_key(const char *page, const char *key)
{
    const char *star = strchr(key, '*');
    if (!star) {
        char *want = rc_xasprintf(".It Cm %s\n", key);
        bool ok = strstr(page, want) != NULL;
        free(want);
        if (!ok) { /* followed by arguments on the same line */
            want = rc_xasprintf(".It Cm %s ", key);
            ok = strstr(page, want) != NULL;
            free(want);
        }
        return ok;
    }
    char *prefix = rc_xasprintf(".It Cm %.*s", (int)(star - key), key);
    const char *suffix = star + 1;
    bool ok = false;
    for (const char *p = strstr(page, prefix); p && !ok; p = strstr(p + 1, prefix)) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        char *line = rc_xstrndup(p, len);
        const char *rest = line + strlen(prefix);
        bool named = !strncmp(rest, "NAME", 4) || strstr(rest, "Ns Ar") != NULL;
        ok = named && (!*suffix || strstr(rest, suffix));
        free(line);
    }
    free(prefix);
    return ok;
}

static void test_every_config_key_documented(void **state)
{
    char *page = man("relcap-config.5");
    int missing = 0;
    for (const rc_config_key *k = rc_config_keys; k->name; k++) {
        if (!documented_key(page, k->name)) {
            print_error("relcap-config.5 lacks '.It Cm %s' (a '*' written NAME or as Ns Ar)\n",
                        k->name);
            missing++;
        }
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
        /* "Ic ACTION" in text, or the action column of the key table */
        char *want = rc_xasprintf("Ic %s", line), *cell = rc_xasprintf(" Ta %s Ta ", line);
        if (!strstr(page, want) && !strstr(page, cell)) {
            print_error("relcap.1 lacks the action '%s'\n", line);
            missing++;
        }
        free(want);
        free(cell);
        keys++;
    }
    assert_true(keys >= 20);
    assert_int_equal(missing, 0);
    tu_result_free(&r);
    free(page);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_every_command_documented),
        cmocka_unit_test(test_every_config_key_documented),
        cmocka_unit_test(test_every_key_binding_documented))
