#!/usr/bin/env bash
# The sanitizer run can see a leak that passes through libgit2: tests/leak_probe
# with RELCAP_TEST_LEAK=1 forgets one git_commit_free, and LeakSanitizer, with
# tests/lsan.supp, must fail it. Stacks are unwound fully (libgit2 is built
# without frame pointers, so the fast unwinder stops at its first frame and no
# suppression could match there). The control: with a library-wide
# suppression added, the same leak is hidden, so this check can tell.
# $1 = the leak_probe binary (sanitizer build), $2 = tests/lsan.supp.
set -uo pipefail
probe=$1
supp=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*" >&2
    cat "$tmp/out" >&2
    exit 1
}
export LSAN_OPTIONS=suppressions=$supp:print_suppressions=0
# as the suite runs (fast unwinder), then with full stacks
for unwind in 1 0; do
    export ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=$unwind
    env -u RELCAP_TEST_LEAK "$probe" >"$tmp/out" 2>&1 || fail "leak_probe without a leak failed"
    RELCAP_TEST_LEAK=1 "$probe" >"$tmp/out" 2>&1 && fail "a leaked git_commit passed ($ASAN_OPTIONS)"
    grep -q "ERROR: LeakSanitizer: detected memory leaks" "$tmp/out" || fail "no LeakSanitizer report"
done
grep -q "in look_up .*leak_probe.c" "$tmp/out" || fail "the report does not lead to the forgotten free"
{ cat "$supp"; echo "leak:libgit2.so"; } >"$tmp/wide.supp"
LSAN_OPTIONS=suppressions=$tmp/wide.supp RELCAP_TEST_LEAK=1 "$probe" >"$tmp/out" 2>&1 ||
    fail "control: leak:libgit2.so should have hidden the leak (are the stacks unwound?)"
echo ok
