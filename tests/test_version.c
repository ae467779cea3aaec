/* PEP 440 versions: ordering of a long mixed list, normalization, invalid
 * strings, next versions, kinds, and the sort key against rc_version_cmp
 * (also through SQLite's ORDER BY). Expected values come from PEP 440's
 * examples and pypa/packaging's test suite, not from this implementation. */
#include "tests/testutil.h"

#include "core/base/error.h"
#include "core/base/util.h"
#include "core/base/version.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Strictly increasing in PEP 440 order (no two equal). */
static const char *const ordered[] = {
    "0.1",
    "v0.6.6.post1",
    "0.7.3.dev0",
    "v0.7.3rc1",
    "v0.7.3-rc.2",
    "v0.7.3",
    "v0.7.3.post1",
    "0.8.0rc0",
    "0.8.0",
    "v0.9.1",
    "v0.9.2rc1",
    "v0.9.2-rc2",
    "v0.9.2",
    "0.10.0",
    "v0.20.2rc0",
    "v0.20.2",
    "1.dev0",
    "1.0.dev456",
    "1.0a1.dev0",
    "1.0a1",
    "1.0a2.dev456",
    "1.0a12.dev456",
    "1.0a12",
    "1.0b1.dev456",
    "1.0b2",
    "1.0b2.post345.dev456",
    "1.0b2.post345",
    "1.0b2-346",
    "1.0c1.dev456",
    "1.0c1",
    "1.0rc2",
    "1.0c3",
    "1.0",
    "1.0+abc.5",
    "1.0+abc.7",
    "1.0+5",
    "1.0.post0.dev0",
    "1.0.post0",
    "1.0.post456.dev34",
    "1.0.post456",
    "1.0.15",
    "1.1.dev1",
    "1.2+123abc",
    "1.2+123abc456",
    "1.2+abc",
    "1.2+abc123",
    "1.2+abc123def",
    "1.2+1234.abc",
    "1.2+123456",
    "1.2.r32+123456",
    "1.2.rev33+123456",
    "v1.2.3-rc.1",
    "v1.2.3-rc2",
    "v1.2.3-rc10",
    "1.2.3",
    "1.2.3+local",
    "1.2.3+local.1",
    "1.2.3+0",
    "1.2.3+2",
    "1.2.3+10",
    "1.2.3.1",
    "V2.0.0-beta.1",
    "2.0.0-beta.2+build.5",
    "2.0.0",
    "10.0",
    "18446744073709551615.0",
    "1!0.1",
    "1!1.0b2.post345.dev456",
    "1!1.0",
    "2!0.0.1.dev0",
};

static rc_version parse_ok(const char *s)
{
    rc_version v;
    int rc = rc_version_parse(&v, s);
    if (rc != 0)
        fail_msg("'%s' should parse: %s", s, rc_error_last());
    return v;
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

/* Deterministic shuffles (a small LCG) of the ordered list, sorted back. */
static unsigned long lcg_state;
static unsigned long lcg(void)
{
    lcg_state = lcg_state * 6364136223846793005UL + 1442695040888963407UL;
    return lcg_state >> 33;
}

typedef struct {
    rc_version v;
    const char *s;
} item;

static int item_cmp(const void *a, const void *b)
{
    return rc_version_cmp(&((const item *)a)->v, &((const item *)b)->v);
}

static void test_order_long_list(void **state)
{
    (void)state;
    size_t n = N_OF(ordered);
    assert_true(n >= 40);
    item *items = rc_xcalloc(n, sizeof *items);
    for (lcg_state = 1; lcg_state < 40; lcg_state += 7) {
        for (size_t i = 0; i < n; i++)
            items[i] = (item){parse_ok(ordered[i]), ordered[i]};
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = lcg() % (i + 1);
            item t = items[i];
            items[i] = items[j];
            items[j] = t;
        }
        qsort(items, n, sizeof *items, item_cmp);
        for (size_t i = 0; i < n; i++)
            if (strcmp(items[i].s, ordered[i]) != 0)
                fail_msg("position %zu: got '%s', want '%s'", i, items[i].s, ordered[i]);
    }
    free(items);

    /* every pair, both ways */
    for (size_t i = 0; i < n; i++) {
        rc_version a = parse_ok(ordered[i]);
        assert_int_equal(rc_version_cmp(&a, &a), 0);
        for (size_t j = i + 1; j < n; j++) {
            rc_version b = parse_ok(ordered[j]);
            if (rc_version_cmp(&a, &b) >= 0 || rc_version_cmp(&b, &a) <= 0)
                fail_msg("'%s' should sort before '%s'", ordered[i], ordered[j]);
        }
    }
}

static void test_order_chain_and_equalities(void **state)
{
    (void)state;
    /* PEP 440's summary chain; a local version sorts right after its public
     * version and before any post release of it (local is compared last). */
    static const char *const chain[] = {
        "1.0.dev0", "1.0a1.dev0", "1.0a1",          "1.0b1",     "1.0rc1",
        "1.0",      "1.0+local",  "1.0.post0.dev0", "1.0.post0",
    };
    for (size_t i = 0; i + 1 < N_OF(chain); i++) {
        rc_version a = parse_ok(chain[i]), b = parse_ok(chain[i + 1]);
        if (rc_version_cmp(&a, &b) >= 0)
            fail_msg("'%s' should sort before '%s'", chain[i], chain[i + 1]);
    }
    static const char *const equal[][2] = {
        {"1.0", "1.0.0"},           {"1", "1.0.0.0.0"},      {"v1.0", "1.0"},
        {"1.0c1", "1.0rc1"},        {"1.0-RC.1", "1.0rc1"},  {"1.0pre1", "1.0preview1"},
        {"1.0a", "1.0alpha0"},      {"1.0-1", "1.0.post1"},  {"1.0.rev1", "1.0r1"},
        {"0!1.0", "1.0"},           {"01.02", "1.2"},        {"1.0+01", "1.0+1"},
        {"1.0+A-b_C", "1.0+a.b.c"}, {"1.0.dev", "1.0.dev0"}, {"1.2.0rc1", "1.2rc1"},
    };
    for (size_t i = 0; i < N_OF(equal); i++) {
        rc_version a = parse_ok(equal[i][0]), b = parse_ok(equal[i][1]);
        if (rc_version_cmp(&a, &b) != 0)
            fail_msg("'%s' should equal '%s'", equal[i][0], equal[i][1]);
        char ka[RC_VERSION_STRLEN], kb[RC_VERSION_STRLEN];
        rc_version_sortkey(ka, sizeof ka, &a);
        rc_version_sortkey(kb, sizeof kb, &b);
        assert_string_equal(ka, kb);
    }
}

static void test_normalization(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"1.0-RC.1", "1.0rc1"},
        {"1.0c1", "1.0rc1"},
        {"v1.2.3-rc.1", "1.2.3rc1"},
        {"v1.2.3-rc1", "1.2.3rc1"},
        {"V1.0", "1.0"},
        {" \t1.0\n", "1.0"},
        {"01.002.0003", "1.2.3"},
        {"00", "0"},
        {"1.0.0", "1.0.0"},
        {"1.0alpha1", "1.0a1"},
        {"1.0-alpha-1", "1.0a1"},
        {"1.0.beta.2", "1.0b2"},
        {"1.0_BETA_2", "1.0b2"},
        {"1.0pre3", "1.0rc3"},
        {"1.0-preview.4", "1.0rc4"},
        {"1.0a", "1.0a0"},
        {"1.0rc", "1.0rc0"},
        {"1.0c", "1.0rc0"},
        {"1.0a.1", "1.0a1"},
        {"1.0-1", "1.0.post1"},
        {"1.0post", "1.0.post0"},
        {"1.0-post-2", "1.0.post2"},
        {"1.0.rev3", "1.0.post3"},
        {"1.0r4", "1.0.post4"},
        {"1.0dev", "1.0.dev0"},
        {"1.0-dev-5", "1.0.dev5"},
        {"1.0_dev6", "1.0.dev6"},
        {"1.0.post.dev", "1.0.post0.dev0"},
        {"1.0-1-dev2", "1.0.post1.dev2"},
        {"1!1.0", "1!1.0"},
        {"0!1.0", "1.0"},
        {"1.0+Ubuntu-1", "1.0+ubuntu.1"},
        {"1.0+abc_DEF.007", "1.0+abc.def.7"},
        {"1.0RC1.POST2.DEV3", "1.0rc1.post2.dev3"},
        {"v0.7.3.post1", "0.7.3.post1"},
        {"v0.20.2rc0", "0.20.2rc0"},
        {"v0.9.2rc1", "0.9.2rc1"},
        {"2.0.0-beta.1+build.5", "2.0.0b1+build.5"},
        {"1.0a-", "1.0a0"}, /* PEP 440's grammar allows the trailing separator */
        {"18446744073709551615", "18446744073709551615"},
    };
    assert_true(N_OF(cases) >= 30);
    for (size_t i = 0; i < N_OF(cases); i++) {
        rc_version v = parse_ok(cases[i][0]);
        char buf[RC_VERSION_STRLEN];
        rc_version_format(buf, sizeof buf, &v);
        if (strcmp(buf, cases[i][1]) != 0)
            fail_msg("'%s' normalized to '%s', want '%s'", cases[i][0], buf, cases[i][1]);
        /* the normal form parses back to an equal version and itself */
        rc_version w = parse_ok(buf);
        assert_int_equal(rc_version_cmp(&v, &w), 0);
        char again[RC_VERSION_STRLEN];
        rc_version_format(again, sizeof again, &w);
        assert_string_equal(again, buf);
    }
    /* the parts */
    rc_version v = parse_ok("V3!01.2.3-PREVIEW_4.rev-5-dev.6+Ubuntu-01.A");
    assert_int_equal(v.epoch, 3);
    assert_int_equal(v.nrelease, 3);
    assert_int_equal(v.release[0], 1);
    assert_int_equal(v.release[2], 3);
    assert_int_equal(v.pre, 'c');
    assert_int_equal(v.pre_num, 4);
    assert_true(v.has_post);
    assert_int_equal(v.post, 5);
    assert_true(v.has_dev);
    assert_int_equal(v.dev, 6);
    assert_string_equal(v.local, "ubuntu.1.a");
    /* truncated output stays terminated */
    char small[5];
    rc_version_format(small, sizeof small, &v);
    assert_string_equal(small, "3!1.");
}

static void test_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "   ",
        "v",
        "1..2",
        "1.",
        ".1",
        "1.0+",
        "1.0+a..b",
        "1.0+a.",
        "1.0-",
        "a1.0",
        "1.0 1",
        "1.0\x01",
        "\x1b[31m1.0",
        "1.0\xff",
        "1!",
        "!1",
        "1.0foo",
        "1.0.dev1.post1",
        "1.0rc1a1",
        "1.0-rc.1.2",
        "v1.2.3-rc.1-beta",
        "vv1.0",
        "1.0+abc+def",
        "99999999999999999999999",
        "1.18446744073709551616",
        "18446744073709551616!1.0",
        "1.0rc99999999999999999999",
        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17",
    };
    assert_true(N_OF(bad) >= 15);
    for (size_t i = 0; i < N_OF(bad); i++) {
        rc_version v;
        memset(&v, 0xab, sizeof v);
        int rc = rc_version_parse(&v, bad[i]);
        if (rc != RC_EINVALID)
            fail_msg("'%s' should be invalid (got %d)", bad[i], rc);
        assert_int_equal(rc_error_code(), RC_EINVALID);
        assert_int_equal(v.nrelease, 0); /* zeroed */
        const char *msg = rc_error_last();
        assert_non_null(strstr(msg, "invalid version '"));
        for (const char *m = msg; *m; m++) /* safe for a terminal */
            assert_true((unsigned char)*m >= 0x20 && (unsigned char)*m < 0x7f);
        bool printable = true;
        for (const char *c = bad[i]; *c; c++)
            if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
                printable = false;
        if (printable) {
            char *quoted = rc_xasprintf("'%s'", bad[i]);
            if (!strstr(msg, quoted))
                fail_msg("message '%s' does not name '%s'", msg, bad[i]);
            free(quoted);
        }
    }
    assert_int_equal(rc_version_parse(&(rc_version){0}, "1.0\x01"), RC_EINVALID);
    assert_non_null(strstr(rc_error_last(), "1.0\\x01"));

    /* 10 KB strings of several shapes */
    size_t big = 10 * 1024;
    char *s = rc_xmalloc(big + 1);
    const char *fills[] = {"1", "1.", "a", "+", "0", ".", "1.0+a"};
    for (size_t f = 0; f < N_OF(fills); f++) {
        size_t fl = strlen(fills[f]);
        for (size_t i = 0; i < big; i++)
            s[i] = fills[f][i % fl];
        s[big] = '\0';
        rc_version v;
        assert_int_equal(rc_version_parse(&v, s), RC_EINVALID);
        assert_true(strlen(rc_error_last()) < 300);
    }
    memcpy(s, "1.0+", 4);
    memset(s + 4, 'a', big - 4);
    rc_version v;
    assert_int_equal(rc_version_parse(&v, s), RC_EINVALID);
    free(s);

    /* the local part: RC_VERSION_MAX_LOCAL - 1 characters fit, one more does not */
    char local[RC_VERSION_MAX_LOCAL + 8];
    strcpy(local, "1.0+");
    memset(local + 4, 'x', RC_VERSION_MAX_LOCAL - 1);
    local[4 + RC_VERSION_MAX_LOCAL - 1] = '\0';
    assert_int_equal(rc_version_parse(&v, local), 0);
    assert_int_equal(strlen(v.local), RC_VERSION_MAX_LOCAL - 1);
    strcat(local, "x");
    assert_int_equal(rc_version_parse(&v, local), RC_EINVALID);
    assert_non_null(strstr(rc_error_last(), "local part too long"));
    /* 16 release parts fit */
    assert_int_equal(rc_version_parse(&v, "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16"), 0);
    assert_int_equal(v.nrelease, 16);
    assert_int_equal(rc_version_parse(&v, NULL), RC_EINVALID);
}

typedef void (*next_fn)(rc_version *, const rc_version *);

static void test_next(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        char which;
        const char *want;
    } cases[] = {
        {"0.9.2rc1", 'r', "0.9.2rc2"},
        {"v0.9.2-rc.3", 'r', "0.9.2rc4"},
        {"0.9.2", 'r', "0.9.3rc1"},
        {"0.9.2.post1", 'r', "0.9.3rc1"},
        {"0.9.3.dev0", 'r', "0.9.3rc1"},
        {"0.9.3a1", 'r', "0.9.3rc1"},
        {"0.9.3b2.dev1", 'r', "0.9.3rc1"},
        {"0.9.2rc2.dev1", 'r', "0.9.2rc2"},
        {"1.0", 'r', "1.0.1rc1"},
        {"1!2.0rc1+local", 'r', "1!2.0.0rc2"},
        {"0.9.2", 'p', "0.9.3"},
        {"0.9.2rc1", 'p', "0.9.2"},
        {"0.9.2.post1", 'p', "0.9.3"},
        {"0.9.2.post1.dev0", 'p', "0.9.3"},
        {"0.9.3.dev0", 'p', "0.9.3"},
        {"1.0", 'p', "1.0.1"},
        {"1.2.3.4", 'p', "1.2.4"},
        {"1.2.18446744073709551615", 'p', "1.2.18446744073709551615"},
        {"0.9.2", 'm', "0.10.0"},
        {"0.10.0rc1", 'm', "0.10.0"},
        {"0.10.1rc1", 'm', "0.11.0"},
        {"0.9.2.post1", 'm', "0.10.0"},
        {"1", 'm', "1.1.0"},
        {"0.9.2", 'o', "0.9.2.post1"},
        {"0.9.2.post1", 'o', "0.9.2.post2"},
        {"0.9.2-3", 'o', "0.9.2.post4"},
        {"0.9.2.post2.dev1", 'o', "0.9.2.post2"},
        {"0.9.2rc1", 'o', "0.9.2rc1.post1"},
        {"0.9.2+local", 'o', "0.9.2.post1"},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        next_fn fn = cases[i].which == 'r'   ? rc_version_next_rc
                     : cases[i].which == 'p' ? rc_version_next_patch
                     : cases[i].which == 'm' ? rc_version_next_minor
                                             : rc_version_next_post;
        rc_version v = parse_ok(cases[i].in), next;
        fn(&next, &v);
        char buf[RC_VERSION_STRLEN];
        rc_version_format(buf, sizeof buf, &next);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("next(%c) of '%s' is '%s', want '%s'", cases[i].which, cases[i].in, buf,
                     cases[i].want);
        /* never goes backwards, except saturation */
        if (strcmp(cases[i].in, "1.2.18446744073709551615") != 0)
            assert_true(rc_version_cmp(&next, &v) > 0);
    }
}

static void test_kinds_and_release(void **state)
{
    (void)state;
    static const struct {
        const char *in, *kind, *release;
        bool pre;
    } cases[] = {
        {"0.9.3.dev0", "dev", "0.9.3", true},
        {"1.0rc1.dev2", "dev", "1.0.0", true},
        {"1.0.post1.dev0", "dev", "1.0.0", false},
        {"v0.9.2rc1", "rc", "0.9.2", true},
        {"1.0c1", "rc", "1.0.0", true},
        {"1.0pre1", "rc", "1.0.0", true},
        {"1.0rc1.post1", "rc", "1.0.0", true},
        {"1.0a1", "pre", "1.0.0", true},
        {"1.0beta2", "pre", "1.0.0", true},
        {"1", "final", "1.0.0", false},
        {"1!2.3.4+x", "final", "2.3.4", false},
        {"1.2.3.4", "final", "1.2.3.4", false},
        {"v0.7.3.post1", "post", "0.7.3", false},
        {"0.7.3-1", "post", "0.7.3", false},
    };
    for (size_t i = 0; i < N_OF(cases); i++) {
        rc_version v = parse_ok(cases[i].in);
        assert_string_equal(rc_version_kind_name(rc_version_kind_of(&v)), cases[i].kind);
        char buf[RC_VERSION_STRLEN];
        rc_version_release(buf, sizeof buf, &v);
        assert_string_equal(buf, cases[i].release);
        assert_int_equal(rc_version_is_prerelease(&v), cases[i].pre);
    }
    assert_string_equal(rc_version_kind_name(RC_VKIND_POST), "post");
    assert_string_equal(rc_version_kind_name(RC_VKIND_PRE), "pre");
}

/* Random versions built from parts (small numbers so that equal versions and
 * shared prefixes are common, some big ones and long locals). */
static void random_version(char *buf, size_t n)
{
    static const char *const nums[] = {"0",  "1",  "2",   "9",
                                       "10", "00", "123", "18446744073709551615"};
    static const char *const pres[] = {"a", "b", "rc", "c", "alpha", "pre"};
    static const char *const posts[] = {".post", "-", ".rev", "r"};
    static const char *const locals[] = {
        "abc", "1",  "01", "a.1", "1.a", "0", "b", "abc.2.z", "123456789012345678901234567890",
        "x1",  "9.9"};
    rc_buf b = {0};
    if (lcg() % 8 == 0)
        rc_buf_printf(&b, "%lu!", lcg() % 3);
    size_t parts = 1 + lcg() % 4;
    for (size_t i = 0; i < parts; i++)
        rc_buf_printf(&b, "%s%s", i ? "." : "", nums[lcg() % (N_OF(nums) - (i ? 0 : 1))]);
    if (lcg() % 2)
        rc_buf_printf(&b, "%s%s", pres[lcg() % N_OF(pres)], nums[lcg() % 4]);
    if (lcg() % 3 == 0) {
        const char *p = posts[lcg() % N_OF(posts)];
        rc_buf_printf(&b, "%s%s", p, nums[lcg() % 4]);
    }
    if (lcg() % 3 == 0)
        rc_buf_printf(&b, ".dev%s", nums[lcg() % 4]);
    if (lcg() % 4 == 0) {
        rc_buf_printf(&b, "+%s", locals[lcg() % N_OF(locals)]);
        if (lcg() % 2)
            rc_buf_printf(&b, ".%s", locals[lcg() % N_OF(locals)]);
    }
    char *s = rc_buf_detach(&b);
    snprintf(buf, n, "%s", s);
    free(s);
}

static void test_sortkey_agrees(void **state)
{
    (void)state;
    enum { N = 900 };
    size_t n = 0;
    rc_version *vs = rc_xcalloc(N + N_OF(ordered), sizeof *vs);
    char(*keys)[RC_VERSION_STRLEN] = rc_xcalloc(N + N_OF(ordered), sizeof *keys);
    for (size_t i = 0; i < N_OF(ordered); i++)
        vs[n++] = parse_ok(ordered[i]);
    lcg_state = 42;
    for (size_t i = 0; i < N; i++) {
        char s[256];
        random_version(s, sizeof s);
        vs[n++] = parse_ok(s);
    }
    for (size_t i = 0; i < n; i++) {
        rc_version_sortkey(keys[i], sizeof keys[i], &vs[i]);
        for (const char *k = keys[i]; *k; k++)
            assert_true(*k > 0x20 && *k < 0x7f);
    }
    size_t equal_pairs = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = sign(rc_version_cmp(&vs[i], &vs[j]));
            if (c != sign(strcmp(keys[i], keys[j]))) {
                char a[RC_VERSION_STRLEN], b[RC_VERSION_STRLEN];
                rc_version_format(a, sizeof a, &vs[i]);
                rc_version_format(b, sizeof b, &vs[j]);
                fail_msg("cmp('%s', '%s') = %d but keys '%s' '%s' disagree", a, b, c, keys[i],
                         keys[j]);
            }
            if (c != -sign(rc_version_cmp(&vs[j], &vs[i])))
                fail_msg("cmp is not antisymmetric at %zu, %zu", i, j);
            equal_pairs += (c == 0 && i != j);
        }
    assert_true(equal_pairs > 0); /* the generator does produce ties */

    /* SQLite's ORDER BY on the keys gives the order of the ordered list */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(v TEXT, k TEXT)", NULL, NULL, NULL), 0);
    sqlite3_stmt *ins;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t VALUES(?, ?)", -1, &ins, NULL), 0);
    for (size_t i = N_OF(ordered); i-- > 0;) {
        sqlite3_bind_text(ins, 1, ordered[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, keys[i], -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_stmt *sel;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT v FROM t ORDER BY k", -1, &sel, NULL), 0);
    for (size_t i = 0; i < N_OF(ordered); i++) {
        assert_int_equal(sqlite3_step(sel), SQLITE_ROW);
        assert_string_equal((const char *)sqlite3_column_text(sel, 0), ordered[i]);
    }
    assert_int_equal(sqlite3_step(sel), SQLITE_DONE);
    sqlite3_finalize(sel);
    sqlite3_close(db);

    /* the longest key fits RC_VERSION_STRLEN */
    rc_version worst;
    memset(&worst, 0, sizeof worst);
    worst.epoch = ULONG_MAX;
    worst.nrelease = RC_VERSION_MAX_RELEASE;
    for (size_t i = 0; i < RC_VERSION_MAX_RELEASE; i++)
        worst.release[i] = ULONG_MAX;
    worst.pre = 'c';
    worst.pre_num = worst.post = worst.dev = ULONG_MAX;
    worst.has_post = worst.has_dev = true;
    for (size_t i = 0; i + 1 < RC_VERSION_MAX_LOCAL; i++)
        worst.local[i] = (i % 2) ? '.' : '1';
    worst.local[RC_VERSION_MAX_LOCAL - 2] = '1';
    char key[RC_VERSION_STRLEN + 1], norm[RC_VERSION_STRLEN + 1];
    rc_version_sortkey(key, sizeof key, &worst);
    rc_version_format(norm, sizeof norm, &worst);
    assert_true(strlen(key) < RC_VERSION_STRLEN - 1);
    assert_true(strlen(norm) < RC_VERSION_STRLEN - 1);
    free(vs);
    free(keys);
}

TU_MAIN(NULL, NULL, cmocka_unit_test(test_order_long_list),
        cmocka_unit_test(test_order_chain_and_equalities), cmocka_unit_test(test_normalization),
        cmocka_unit_test(test_invalid), cmocka_unit_test(test_next),
        cmocka_unit_test(test_kinds_and_release), cmocka_unit_test(test_sortkey_agrees))
