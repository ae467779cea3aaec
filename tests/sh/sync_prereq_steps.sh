#!/usr/bin/env bash
# Prerequisites fill in progressively and never hold up the conflicts: on
# the demo history, `relcap sync --progress-lines` says the conflict
# outcomes of every maintained line before any `prerequisites of` line, the
# prerequisite lines count up in steps to their total, and the summary
# counts the searches. A sync killed (SIGKILL) right after its first
# prerequisite step keeps every committed conflict outcome and searched
# prerequisite; the next sync searches only what is left and ends with the
# same tables as an uninterrupted one.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 7
sync() { "$relcap" -C "$repo" --db "$1" sync --no-fetch --git-only --progress-lines; }
count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

# ---- an uninterrupted sync: the order of the progress lines ----
full=$tmp/full.db
sync "$full" >"$tmp/out" 2>"$tmp/err" || fail "sync: $(cat "$tmp/err")"
python3 - "$tmp/err" <<'PY' || fail "progress lines out of order: $(grep ' of ' "$tmp/err")"
import re, sys
lines = [l.rstrip("\n") for l in open(sys.argv[1]) if " of " in l]
kinds = [l.split(" of ")[0] for l in lines if l.startswith(("conflicts of", "prerequisites of"))]
assert "conflicts" in kinds and "prerequisites" in kinds, kinds
first_pre = kinds.index("prerequisites")
assert "conflicts" not in kinds[first_pre:], kinds
# per branch, the searched count grows by steps up to its total
last = {}
for l in lines:
    m = re.fullmatch(r"prerequisites of (\S+): (\d+) of (\d+) searched", l)
    if not m:
        continue
    b, n, total = m.group(1), int(m.group(2)), int(m.group(3))
    assert n > last.get(b, (0, total))[0] and n <= total, l
    last[b] = (n, total)
assert all(n == total for n, total in last.values()), last
assert any(total > 16 for _, total in last.values()), last  # at least one line took two steps
PY
searched=$(sed -n 's/^picks: .*; \([0-9]*\) prerequisite search.*/\1/p' "$tmp/out")
rows=$(count "$full" "SELECT count(*) FROM prereqs")
[ -n "$searched" ] && [ "$searched" = "$rows" ] ||
    fail "summary says '$searched' prerequisite searches, the cache holds $rows: $(cat "$tmp/out")"

# ---- killed right after the first prerequisite step ----
cut=$tmp/cut.db
"$relcap" -C "$repo" --db "$cut" sync --no-fetch --git-only --progress-lines \
    >/dev/null 2>"$tmp/cut.err" &
pid=$! # relcap's own: a shell function would run in a subshell that SIGKILL leaves it behind
for _ in $(seq 6000); do
    grep -q '^prerequisites of ' "$tmp/cut.err" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
done
kill -KILL "$pid" 2>/dev/null || fail "the sync ended before it was killed: $(cat "$tmp/cut.err")"
wait "$pid" 2>/dev/null || true
step=$(sed -n 's/^prerequisites of [^:]*: \([0-9]*\) of .*/\1/p' "$tmp/cut.err" | head -1)
[ -n "$step" ] || fail "no prerequisite step before the kill: $(cat "$tmp/cut.err")"
[ "$(count "$cut" "PRAGMA integrity_check")" = ok ] || fail "integrity after the kill"
# every conflict outcome was committed before the first search
for t in conflicts; do
    [ "$(count "$cut" "SELECT count(*) FROM $t")" = "$(count "$full" "SELECT count(*) FROM $t")" ] ||
        fail "$t after the kill: $(count "$cut" "SELECT count(*) FROM $t") rows, want all"
done
kept=$(count "$cut" "SELECT count(*) FROM prereqs")
[ "$kept" -ge "$step" ] && [ "$kept" -lt "$rows" ] ||
    fail "prereqs after the kill: $kept rows, want from $step (the first step) to under $rows"
# the next sync searches only what is left, and ends where the full one did
sync "$cut" >"$tmp/out2" 2>"$tmp/err2" || fail "sync after the kill: $(cat "$tmp/err2")"
again=$(sed -n 's/^picks: .*; \([0-9]*\) prerequisite search.*/\1/p' "$tmp/out2")
[ "$again" = $((rows - kept)) ] || fail "resumed sync searched '$again', want $((rows - kept))"
dump_analysis "$full" >"$tmp/full.dump"
dump_analysis "$cut" >"$tmp/cut.dump"
diff "$tmp/full.dump" "$tmp/cut.dump" >&2 || fail "tables after the resumed sync differ from a full one"
echo "ok: conflicts before prerequisites; $rows searched in steps; killed after $kept, resumed"
