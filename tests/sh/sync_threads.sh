#!/usr/bin/env bash
# The analysis does not depend on its worker threads: on the demo history
# a sync with relcap.threads=1 and one with relcap.threads=4 (the workers'
# handles and caches kept across the steps and branches of the fill) end
# with the same picks, conflict outcomes and prerequisites, row for row.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 7
for n in 1 4; do
    "$relcap" -C "$repo" --db "$tmp/t$n.db" -c relcap.threads=$n sync --no-fetch --git-only \
        >"$tmp/out$n" 2>"$tmp/err$n" || fail "sync with $n thread(s): $(cat "$tmp/err$n")"
    dump_analysis "$tmp/t$n.db" >"$tmp/t$n.dump"
done
grep -q "^conflicts " "$tmp/t1.dump" || fail "the demo sync tried no conflict"
trials=$(sed -n 's/^picks: .*; \([0-9]*\) conflict trials.*/\1/p' "$tmp/out4")
[ "${trials:-0}" -ge 64 ] || fail "too few trials for several workers: $(cat "$tmp/out4")"
diff "$tmp/t1.dump" "$tmp/t4.dump" >&2 || fail "1 and 4 threads disagree"
echo "ok: 1 and 4 threads agree on $(grep -c '' "$tmp/t1.dump") rows ($trials trials)"
