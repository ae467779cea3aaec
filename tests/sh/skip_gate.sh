#!/usr/bin/env bash
# Skips are failures under CI: with CI=true and git hidden from PATH, the
# git-sync tests (cmocka skip() inside a passing executable) and a shell test
# that exits 77 fail unless tests/skip-allowed.txt names them with a reason;
# without CI they skip and are logged. A snapshot rewrite is refused under CI.
# $1 = relcap binary, $2 = source dir (the test executables lie in tests/ beside the binary).
set -uo pipefail
relcap=$1
src=$2
tests=$(dirname "$relcap")/tests
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the skips made here on purpose stay out of the runner's count
export RELCAP_SKIP_LOG=$tmp/inner.log
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
[ -x "$tests/test_gitsync" ] || fail "no $tests/test_gitsync"

# Every program of PATH but git.
mkdir "$tmp/bin"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
    for f in "$d"/*; do
        b=${f##*/}
        case $b in git | git-*) continue ;; esac
        [ -x "$f" ] && [ ! -e "$tmp/bin/$b" ] && ln -s "$f" "$tmp/bin/$b"
    done
done
PATH=$tmp/bin command -v git >/dev/null && fail "git still in the filtered PATH"

# cmocka skip() without CI: passes, each skip logged as not allowed.
env -u CI PATH="$tmp/bin" RELCAP_SKIP_LOG="$tmp/log" "$tests/test_gitsync" >"$tmp/out" 2>&1 ||
    fail "test_gitsync without git and without CI: $(tail -20 "$tmp/out")"
n=$(grep -c $'^test_gitsync:.*\tnot-allowed\t' "$tmp/log")
[ "$n" -ge 6 ] || fail "expected at least six logged skips, got $n: $(cat "$tmp/log")"
# ... and with CI=true: red, naming the list.
if CI=true PATH="$tmp/bin" RELCAP_SKIP_LOG="$tmp/log2" "$tests/test_gitsync" >"$tmp/out" 2>&1; then
    fail "test_gitsync passed under CI=true with git missing: $(tail -20 "$tmp/out")"
fi
grep -q "skipped under CI and not on tests/skip-allowed.txt" "$tmp/out" || fail "no reason: $(tail "$tmp/out")"

# A shell test that exits 77, through the ctest wrapper, with its own list beside it.
mkdir "$tmp/gate"
cp "$src/tests/skipgate.bash" "$tmp/gate/"
gate=$tmp/gate/skipgate.bash
env -u CI RELCAP_SKIP_LOG="$tmp/log3" bash "$gate" sh_fake bash -c 'exit 77'
[ $? -eq 77 ] || fail "a skip without CI must stay a skip (77)"
CI=true RELCAP_SKIP_LOG="$tmp/log3" bash "$gate" sh_fake bash -c 'exit 77' 2>/dev/null
[ $? -eq 1 ] || fail "a skip under CI=true must fail"
grep -q $'^sh_fake\tnot-allowed' "$tmp/log3" || fail "skip not logged: $(cat "$tmp/log3")"
echo "sh_fake" >"$tmp/gate/skip-allowed.txt" # a name without a reason does not count
CI=true bash "$gate" sh_fake bash -c 'exit 77' 2>/dev/null
[ $? -eq 1 ] || fail "an entry without a reason must not allow the skip"
echo "sh_fake needs a thing CI cannot have" >"$tmp/gate/skip-allowed.txt"
CI=true bash "$gate" sh_fake bash -c 'exit 77'
[ $? -eq 77 ] || fail "a listed skip under CI=true stays a skip"
CI=true bash "$gate" sh_fake bash -c 'exit 3'
[ $? -eq 3 ] || fail "the wrapper must keep a failure's status"

# Snapshot rewrite mode under CI: refused, the snapshots untouched.
sum=$(cat "$src"/tests/snapshots/*.txt | cksum)
if CI=true RELCAP_UPDATE_SNAPSHOTS=1 "$tests/test_tui_snapshot" >"$tmp/out" 2>&1; then
    fail "RELCAP_UPDATE_SNAPSHOTS=1 accepted under CI=true"
fi
grep -q "RELCAP_UPDATE_SNAPSHOTS is refused under CI" "$tmp/out" || fail "no reason: $(tail "$tmp/out")"
[ "$(cat "$src"/tests/snapshots/*.txt | cksum)" = "$sum" ] || fail "snapshots rewritten under CI"
echo "ok"
