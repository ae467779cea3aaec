/* Regression (found by the ASan run of test_manpages): the early exits of
 * main (--help, --version, bad -c, unknown option or command) leaked the
 * override array, so under LeakSanitizer `relcap --help` exited 1. Each
 * must give its status with nothing on stderr but its own message. */
#include "tests/testutil.h"

#include <string.h>

static void expect(const char *const *argv, int status, const char *err_has)
{
    tu_result r = tu_relcap(NULL, NULL, NULL, argv);
    if (r.status != status)
        fail_msg("relcap %s: exit %d, want %d; stderr: %s", argv[0], r.status, status, r.err);
    if (strstr(r.err, "LeakSanitizer") || strstr(r.err, "ERROR: AddressSanitizer"))
        fail_msg("relcap %s: sanitizer report: %s", argv[0], r.err);
    if (err_has ? !strstr(r.err, err_has) : r.err[0] != '\0')
        fail_msg("relcap %s: unexpected stderr: %s", argv[0], r.err);
    tu_result_free(&r);
}

static void test_early_exits(void **state)
{
    expect((const char *[]){"--help", NULL}, 0, NULL);
    expect((const char *[]){"-h", NULL}, 0, NULL);
    expect((const char *[]){"--version", NULL}, 0, NULL);
    expect((const char *[]){"-c", "novalue", "config", NULL}, 2, "-c expects key=value");
    expect((const char *[]){"--bogus", NULL}, 2, "unknown or incomplete option");
    /* as git: exit 1, with the most similar command when one is close */
    expect((const char *[]){"nosuchcommand", NULL}, 1, "is not a relcap command");
    expect((const char *[]){"stauts", NULL}, 1,
           "relcap: 'stauts' is not a relcap command. The most similar command is: status");
    expect((const char *[]){"help", "brnaches", NULL}, 1, "The most similar command is: branches");
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_early_exits))
