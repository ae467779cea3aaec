#!/usr/bin/env bash
# The sanitizer run can see a leak that passes through libgit2: tests/leak_probe
# with RELCAP_TEST_LEAK=1 forgets one git_commit_free, and LeakSanitizer, with
# tests/lsan.supp (LSAN_OPTIONS, set by tests/CMakeLists.txt), must fail it.
# $1 = the leak_probe binary (sanitizer build).
set -uo pipefail
probe=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() {
    echo "FAIL: $*" >&2
    cat "$out" >&2
    exit 1
}
case "${LSAN_OPTIONS:-}" in *suppressions=*lsan.supp*) ;; *) fail "LSAN_OPTIONS does not name tests/lsan.supp" ;; esac
env -u RELCAP_TEST_LEAK "$probe" >"$out" 2>&1 || fail "leak_probe without a leak failed"
RELCAP_TEST_LEAK=1 "$probe" >"$out" 2>&1 && fail "a leaked git_commit passed the sanitizer run"
grep -q "ERROR: LeakSanitizer: detected memory leaks" "$out" || fail "no LeakSanitizer report"
grep -q "git_commit_lookup" "$out" || fail "the report does not name git_commit_lookup"
echo ok
