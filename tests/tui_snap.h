/* Shared by the cockpit tests that drive `relcap ... ui --snapshot` through
 * the real binary: one screen dump, views checked against tests/snapshots/
 * at both sizes, and two key sequences that must give the same screen.
 * Included by tests/test_tui_*.c (one copy each). */
#ifndef RELCAP_TESTS_TUI_SNAP_H
#define RELCAP_TESTS_TUI_SNAP_H

#include "tests/testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A screen to check: the snapshot's name and the keys that lead to it. */
typedef struct {
    const char *name, *keys;
} tui_view;

/* One screen dump at size (WxH) after keys. */
typedef char *(*tui_snap_fn)(const char *size, const char *keys);

/* Runs relcap in dir with env and argv; fails the test unless it exits 0
 * with no escape byte on stdout (whatever the keys did). Returns stdout. */
static inline char *tui_snap_run(const char *dir, const char *const *env, const char *const *argv)
{
    tu_result r = tu_relcap(dir, NULL, env, argv);
    if (r.status != 0)
        fprintf(stderr, "relcap ui failed (%d): %s\n", r.status, r.err);
    assert_int_equal(r.status, 0);
    char *out = r.out;
    r.out = NULL;
    tu_result_free(&r);
    assert_null(strchr(out, 0x1b));
    return out;
}

/* Each view at 80x24 and 160x50 against the snapshot PREFIXNAME-SIZE. */
static inline void tui_expect_views(tui_snap_fn snap, const char *prefix, const tui_view *views,
                                    size_t nviews)
{
    static const char *const sizes[] = {"80x24", "160x50"};
    for (size_t v = 0; v < nviews; v++)
        for (size_t s = 0; s < 2; s++) {
            char *out = snap(sizes[s], views[v].keys);
            char name[96];
            snprintf(name, sizeof name, "%s%s-%s", prefix, views[v].name, sizes[s]);
            tu_expect_snapshot(name, out);
            free(out);
        }
}

/* The screens at size after keys a and after keys b are the same. */
static inline void tui_expect_same(tui_snap_fn snap, const char *size, const char *a, const char *b)
{
    char *sa = snap(size, a), *sb = snap(size, b);
    assert_string_equal(sa, sb);
    free(sa);
    free(sb);
}

/* The screen at size after keys shows each of the NULL-terminated texts. */
__attribute__((sentinel)) static inline void tui_expect_shows(tui_snap_fn snap, const char *size,
                                                              const char *keys, ...)
{
    char *out = snap(size, keys);
    va_list ap;
    va_start(ap, keys);
    for (const char *want; (want = va_arg(ap, const char *));)
        if (!strstr(out, want)) {
            fprintf(stderr, "screen %s after '%s':\n%s\n", size, keys, out);
            fail_msg("'%s' not shown", want);
        }
    va_end(ap);
    free(out);
}

#endif
