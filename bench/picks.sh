#!/bin/sh
# Cherry-pick engine benchmark: time to compute picks for 5 release branches
# with 2 000+ candidates each, side by side with `git cherry` for the same
# branches. Usage: bench/picks.sh [RELCAP_BINARY] [DIR] [CANDIDATES]
# Prints the timings and ratios (relcap / git cherry) as a markdown table.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../build/relcap}")
dir=${2:-${TMPDIR:-/tmp}/relcap-bench-picks}
cands=${3:-2000}
[ -x "$bin" ] || { echo "no relcap binary at $bin (build first)" >&2; exit 1; }
if [ ! -d "$dir/.git" ] || [ "$(cat "$dir/.cands" 2>/dev/null)" != "$cands" ]; then
    sh "$here/gen_picks.sh" "$dir" "$cands" >/dev/null
    echo "$cands" >"$dir/.cands"
fi
db="$dir/.bench.db"
branches=$(git -C "$dir" for-each-ref --format='%(refname:short)' refs/heads/releases/)

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
rc() { "$bin" -C "$dir" --db "$db" "$@"; }

# git cherry: patch-id equivalence only, computed from scratch every time
t0=$(now)
for b in $branches; do git -C "$dir" cherry "$b" main >/dev/null; done
t1=$(now)
git_cherry=$(elapsed "$t0" "$t1")

rm -f "$db" "$db-wal" "$db-shm"
t0=$(now); rc sync --no-fetch --quiet >/dev/null; t1=$(now)
sync_s=$(elapsed "$t0" "$t1")

run_picks() { # $1: conflictCheck
    t0=$(now)
    for b in $branches; do rc -c "relcap.conflictCheck=$1" picks "$b" --refresh >/dev/null; done
    t1=$(now)
    elapsed "$t0" "$t1"
}
cold=$(run_picks false)        # patch ids computed and cached
warm=$(run_picks false)        # patch ids from the cache
cold_cc=$(run_picks true)      # + in-memory cherry-pick of every pending candidate
warm_cc=$(run_picks true)      # conflicts from the cache
cached=$(t0=$(now); for b in $branches; do rc picks "$b" >/dev/null; done; t1=$(now); elapsed "$t0" "$t1")

# correctness: the patch-id evidence equals git cherry's "-" lines
for b in $branches; do
    g=$(git -C "$dir" cherry "$b" main | grep -c '^-' || true)
    r=$(rc picks "$b" --json | grep -c '"evidence":[[:space:]]*"patch-id"' || true)
    [ "$g" = "$r" ] || echo "MISMATCH on $b: git cherry $g equivalent, relcap $r by patch-id" >&2
done
ncand=$(rc picks releases/v0.1.0 --json | grep -c '"sha"')
picked=$(rc picks releases/v0.1.0 --state picked --json | grep -c '"sha"')

ratio() { printf '%.2f' "$(echo "$1 / $git_cherry" | bc -l)"; }
printf '%s\n' "5 branches, $ncand candidates on the oldest, $cands on the newest; $picked picked on the oldest"
printf '| what | seconds | relcap / git cherry |\n|---|---:|---:|\n'
printf '| git cherry, 5 branches | %.3f | 1.00 |\n' "$git_cherry"
printf '| relcap sync (git part, not counted below) | %.3f | |\n' "$sync_s"
printf '| relcap picks, cold (patch ids computed), no conflict check | %.3f | %s |\n' "$cold" "$(ratio "$cold")"
printf '| relcap picks, patch ids cached, no conflict check | %.3f | %s |\n' "$warm" "$(ratio "$warm")"
printf '| relcap picks, conflict check of every pending candidate | %.3f | %s |\n' "$cold_cc" "$(ratio "$cold_cc")"
printf '| relcap picks, recompute with conflicts cached | %.3f | %s |\n' "$warm_cc" "$(ratio "$warm_cc")"
printf '| relcap picks, cache fresh (listing only) | %.3f | %s |\n' "$cached" "$(ratio "$cached")"
