#!/usr/bin/env bash
# A `relcap pick apply` killed while it moves the release branch leaves
# refs/heads/B.lock, and git refuses every later command on the branch.
# Case 1: the apply is killed right after recording its intent (the test-only
# RELCAP_TEST_APPLY_KILL) and the lock git was writing is left; the next apply
# removes that lock, says so on stderr, and makes the picks; git works again.
# Case 2: a lock relcap did not leave: apply refuses, naming the file and what
# to do, and leaves it and the branch alone. Real git throughout.
# Skipped (77) without python3 or git. $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 3
lock=$repo/.git/refs/heads/$B.lock
bug=$(case_sha pending.bugfix)
old=$(git -C "$repo" rev-parse "refs/heads/$B")
r pick approve "$bug" --branch "$B" >/dev/null || fail "approve"

# case 1: killed with its intent recorded, inside the move (git's lock made, not renamed)
st=0
RELCAP_TEST_APPLY_KILL=1 r pick apply --branch "$B" >/dev/null 2>&1 || st=$?
[ "$st" -eq 137 ] || fail "the test hook did not kill apply (status $st)"
[ -f "$repo/.git/relcap/apply-intent" ] || fail "no intent recorded before the ref moved"
[ "$(git -C "$repo" rev-parse "refs/heads/$B")" = "$old" ] || fail "the ref moved before the kill"
: >"$lock" # git's lock, created empty before the new id is written
if git -C "$repo" branch -f "$B" "$old" 2>/dev/null; then fail "git ignored the lock"; fi
r pick apply --branch "$B" >"$tmp/out" 2>"$tmp/err" || fail "apply after the kill: $(cat "$tmp/err")"
grep -qF "removed $lock" "$tmp/err" || fail "apply did not say it removed the lock: $(cat "$tmp/err")"
grep -q "killed" "$tmp/err" || fail "apply did not say why: $(cat "$tmp/err")"
[ ! -e "$lock" ] || fail "the lock is still there"
[ ! -e "$repo/.git/relcap/apply-intent" ] || fail "the intent is still there"
n=$(git -C "$repo" rev-list --count "$old..refs/heads/$B")
[ "$n" -eq 1 ] || fail "$n picks after the recovered apply, want 1"
git -C "$repo" branch -f "$B" "$old" || fail "git still refuses the branch"

# case 2: a lock relcap did not leave (no intent): a clear refusal, nothing touched
echo "0123456789012345678901234567890123456789" >"$lock"
st=0
r pick apply --branch "$B" >"$tmp/out" 2>"$tmp/err" || st=$?
[ "$st" -ne 0 ] || fail "apply ran with a foreign lock"
grep -qF "$lock" "$tmp/err" || fail "the error does not name the lock: $(cat "$tmp/err")"
grep -q "remove that file" "$tmp/err" || fail "the error does not say what to do: $(cat "$tmp/err")"
[ -e "$lock" ] || fail "apply removed a lock it did not leave"
[ "$(git -C "$repo" rev-parse "refs/heads/$B")" = "$old" ] || fail "the branch moved"

# a killed apply's intent does not make someone else's lock its own
rm -f "$lock"
RELCAP_TEST_APPLY_KILL=1 r pick apply --branch "$B" >/dev/null 2>&1 || true
echo "ffffffffffffffffffffffffffffffffffffffff" >"$lock"
st=0
r pick apply --branch "$B" >"$tmp/out" 2>"$tmp/err" || st=$?
[ "$st" -ne 0 ] || fail "apply took a lock with another id for its own"
[ -e "$lock" ] || fail "apply removed a lock holding another id"
echo ok
