/* The commands' one option parser (cli/opts.c), linked in on its own: the
 * usage errors are caught by the cmd_usage_error below, so each case checks
 * the exact message and status. Then the real binary: that the commands
 * reach the parser (--opt=V, a missing value, one argument too many). */
#include "cli/cmd.h"
#include "core/base/util.h"
#include "tests/testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char g_msg[256]; /* the last usage error, "" when none */
static int g_errors;

int cmd_usage_error(const rc_cmd *cmd, const char *fmt, ...)
{
    (void)cmd;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(g_msg, sizeof g_msg, fmt, ap);
    va_end(ap);
    g_errors++;
    return 2;
}

static const rc_cmd g_self = {"t", NULL, "", "", false};

typedef struct {
    bool json, quiet, ui;
    const char *base;
    long n;
    const char *pos[3];
    int npos;
    int calls; /* of the callback */
} vals;

static int note_call(const rc_cmd *self, const cmd_opt *opt, const char *arg)
{
    vals *v = opt->value;
    v->calls++;
    return strcmp(arg, "bad") == 0 ? cmd_usage_error(self, "bad value '%s'", arg) : 0;
}

/* Parses the space-separated words (after the command's name) into v. */
static int parse(vals *v, const char *words, cmd_args spec)
{
    memset(v, 0, sizeof *v);
    v->ui = true;
    g_msg[0] = '\0';
    g_errors = 0;
    char *copy = strdup(words), *argv[16] = {"t"}, *save = NULL;
    int argc = 1;
    for (char *w = strtok_r(copy, " ", &save); w && argc < 15; w = strtok_r(NULL, " ", &save))
        argv[argc++] = w;
    const cmd_opt opts[] = {OPT_BOOL("--json", &v->json),
                            OPT_BOOL_ALIAS("--quiet", "-q", &v->quiet),
                            OPT_FALSE("--no-ui", &v->ui),
                            OPT_STRING("--base", &v->base),
                            OPT_INT("--n", &v->n, 1, 50),
                            OPT_CALLBACK("--call", v, note_call),
                            OPT_END};
    spec.opts = opts;
    spec.pos = v->pos;
    spec.npos = &v->npos;
    int st = cmd_parse_opts(&g_self, argc, argv, &spec);
    /* the strings point into copy: keep what the tests read */
    static char keep[3][64], base[64];
    for (int i = 0; i < v->npos && i < 3; i++)
        v->pos[i] = strcpy(keep[i], v->pos[i]);
    if (v->base)
        v->base = strcpy(base, v->base);
    free(copy);
    assert_int_equal(g_errors, st ? 1 : 0); /* one message per failure, none on success */
    return st;
}

static const cmd_args two = {.max = 2, .min = 1, .missing = "needs A"};

static void test_options(void **state)
{
    (void)state;
    vals v;
    assert_int_equal(parse(&v, "a --json -q --no-ui --base main --n 7", two), 0);
    assert_true(v.json && v.quiet && !v.ui);
    assert_string_equal(v.base, "main");
    assert_int_equal(v.n, 7);
    assert_int_equal(v.npos, 1);
    assert_string_equal(v.pos[0], "a");
    /* --opt=value as --opt value; a value may start with '-' */
    assert_int_equal(parse(&v, "--base=rel/1 --n=50 a", two), 0);
    assert_string_equal(v.base, "rel/1");
    assert_int_equal(v.n, 50);
    assert_int_equal(parse(&v, "a --base -x", two), 0);
    assert_string_equal(v.base, "-x");
    assert_int_equal(parse(&v, "a --call ok --call ok", two), 0);
    assert_int_equal(v.calls, 2);
    /* a flag takes no =value */
    assert_int_equal(parse(&v, "a --json=1", two), 2);
    assert_string_equal(g_msg, "unknown option '--json=1'");
}

static void test_errors(void **state)
{
    (void)state;
    vals v;
    assert_int_equal(parse(&v, "a --bogus", two), 2);
    assert_string_equal(g_msg, "unknown option '--bogus'");
    /* a missing value: "incomplete", in the unknown option's words by default */
    assert_int_equal(parse(&v, "a --base", two), 2);
    assert_string_equal(g_msg, "unknown option '--base'");
    cmd_args named = two;
    named.no_value = "%s needs a value";
    assert_int_equal(parse(&v, "a --base", named), 2);
    assert_string_equal(g_msg, "--base needs a value");
    assert_int_equal(parse(&v, "a --n", two), 2);
    assert_string_equal(g_msg, "--n wants a number from 1 to 50");
    assert_int_equal(parse(&v, "a --n 51", two), 2);
    assert_string_equal(g_msg, "--n wants a number from 1 to 50");
    assert_int_equal(parse(&v, "a --n 5x", two), 2);
    /* positionals: one too many, too few */
    assert_int_equal(parse(&v, "a b c", two), 2);
    assert_string_equal(g_msg, "unexpected argument 'c'");
    assert_int_equal(parse(&v, "--json", two), 2);
    assert_string_equal(g_msg, "needs A");
    cmd_args words = {.max = 1, .unknown = "what is '%s'", .extra = "one at a time ('%s')"};
    assert_int_equal(parse(&v, "a b", words), 2);
    assert_string_equal(g_msg, "one at a time ('b')");
    assert_int_equal(parse(&v, "-z", words), 2);
    assert_string_equal(g_msg, "what is '-z'");
    /* the first error stops the parse: the callback is not called after it */
    assert_int_equal(parse(&v, "--call bad --call ok", two), 2);
    assert_string_equal(g_msg, "bad value 'bad'");
    assert_int_equal(v.calls, 1);
}

static void test_flags(void **state)
{
    (void)state;
    vals v;
    cmd_args args = {.max = 3};
    /* "-" and "-5" are options unless the command says otherwise */
    assert_int_equal(parse(&v, "-", args), 2);
    assert_int_equal(parse(&v, "-5", args), 2);
    args.flags = CMD_ARGS_DASH | CMD_ARGS_NUMBER;
    assert_int_equal(parse(&v, "- -5", args), 0);
    assert_int_equal(v.npos, 2);
    assert_string_equal(v.pos[1], "-5");
    /* "--" ends the options only where the command says so */
    assert_int_equal(parse(&v, "-- --json", args), 2);
    args.flags = CMD_ARGS_DASHDASH;
    assert_int_equal(parse(&v, "--json -- --json", args), 0);
    assert_true(v.json);
    assert_int_equal(v.npos, 1);
    assert_string_equal(v.pos[0], "--json");
    /* the last slot takes "-wip" (a label); a known option is still one */
    args.flags = CMD_ARGS_LAST_FREE;
    assert_int_equal(parse(&v, "a b -wip --json", args), 0);
    assert_string_equal(v.pos[2], "-wip");
    assert_true(v.json);
    assert_int_equal(parse(&v, "a -wip b", args), 2);
    /* any number of positionals */
    args = (cmd_args){.max = -1};
    assert_int_equal(parse(&v, "a b c", args), 0);
    assert_int_equal(v.npos, 3);
}

/* The binary: a command's options reach the parser, with the command's
 * words and exit status 2 (an empty cache outside a repository). */
static void test_binary(void **state)
{
    (void)state;
    char *dir = tu_mkdtemp();
    char *db = rc_xasprintf("%s/c.db", dir);
    struct {
        const char *argv[8];
        int status;
        const char *has;
    } cases[] = {
        {{"--db", db, "prs", "--base=main", NULL}, 0, "with base main"},
        {{"--db", db, "prs", "--base", "main", NULL}, 0, "with base main"},
        {{"--db", db, "prs", "--base", NULL}, 2, "relcap prs: unexpected argument '--base'"},
        {{"--db", db, "prs", "--bogus", NULL}, 2, "unexpected argument '--bogus'"},
        {{"--db", db, "tags", "--release=bad..", NULL}, 2, "relcap tags: "},
        {{"diff", "a", "b", "c", NULL}, 2, "relcap diff: unexpected argument 'c'"},
        {{"where", NULL}, 2, "relcap where: expected PR or SHA"},
        {{"bench", "bisect", "--runs", "0", NULL}, 2, "--runs wants a number from 1 to 50"},
        {{"picks", "--state", NULL}, 2, "relcap picks: --state needs a value"},
        {{"pick", "approve", "a", "b", "c", "d", NULL}, 2, "too many arguments ('d')"},
        {{"diff", "--help", NULL}, 0, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        tu_result r = tu_relcap(dir, NULL, NULL, cases[i].argv);
        const char *where = cases[i].status ? r.err : r.out;
        if (r.status != cases[i].status || (cases[i].has && !strstr(where, cases[i].has)))
            fail_msg("case %zu: exit %d (want %d), stdout: %s stderr: %s", i, r.status,
                     cases[i].status, r.out, r.err);
        if (cases[i].status == 2 && !strstr(r.err, "Try 'relcap "))
            fail_msg("case %zu: no pointer to --help: %s", i, r.err);
        tu_result_free(&r);
    }
    free(db);
    tu_rmtree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_options),
                                       cmocka_unit_test(test_errors), cmocka_unit_test(test_flags),
                                       cmocka_unit_test(test_binary)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
