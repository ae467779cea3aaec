#!/bin/bash
# Conflicts never hold a listing up, on a branch sync did not analyse:
# `relcap picks B --progress-lines` commits the states first, then the
# conflict outcomes in steps of 256, a line after each, the rows the queue
# shows first (here an approved candidate, last in main's order) in the
# first step. Each write transaction is held open 1.5 s before its commit
# (the test hook of core/base/db.c), so the cache is read, with python's
# sqlite3, between the first step and the second.
set -eu
. "$(dirname "$0")/demo_lib.bash"
need python3
demo_make
U=releases/v0.6.6 # unmaintained: the sync computed none of its picks
db=$repo/.git/relcap/cache.db
q() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$db" "$1"; }
[ "$(q "SELECT count(*) FROM picks WHERE branch = '$U'")" = 0 ] || fail "sync analysed $U"

# the states alone (no trial), then approve the last pending candidate
r -c relcap.conflictCheck=false picks "$U" >/dev/null || fail "picks without conflicts"
last=$(q "SELECT sha FROM picks WHERE branch = '$U' AND state = 'pending' ORDER BY pos DESC LIMIT 1")
r -c relcap.conflictCheck=false pick approve "$last" --branch "$U" >/dev/null || fail "approve"
head=$(q "SELECT head_sha FROM branches WHERE name = '$U'")
pending=$(q "SELECT count(*) FROM picks WHERE branch = '$U' AND state IN ('pending', 'revert-needed')")
[ "$pending" -gt 256 ] || fail "the demo's $U has $pending candidates to try: want more than one step"
outcomes="SELECT count(*) FROM conflicts WHERE onto = '$head'"
[ "$(q "$outcomes")" = 0 ] || fail "outcomes before the fill"

export RELCAP_TEST_WRITE_HOOK=$tmp/write-open RELCAP_TEST_WRITE_PAUSE_MS=1500
# --refresh: the states again (one transaction), then the steps
exec 3< <(r picks "$U" --refresh --progress-lines 2>&1 >/dev/null)
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
IFS= read -r -t 60 first <&3 || fail "no progress line"
[ "$first" = "conflicts of $U: 256 of $pending tried" ] || fail "first line: '$first'"
# between the steps: 256 outcomes committed, the approved one among them
[ "$(q "$outcomes")" = 256 ] || fail "after the first step: $(q "$outcomes") outcomes"
[ "$(q "SELECT count(*) FROM conflicts WHERE onto = '$head' AND sha = '$last'")" = 1 ] ||
    fail "the approved candidate (last in main's order) was not tried in the first step"
IFS= read -r -t 60 second <&3 || fail "no second progress line"
[ "$second" = "conflicts of $U: $pending of $pending tried" ] || fail "second line: '$second'"
cat <&3 >/dev/null
[ "$(q "$outcomes")" = "$pending" ] || fail "after the fill: $(q "$outcomes") of $pending"

echo "ok: states first, then outcomes in steps, the approved candidate first"
