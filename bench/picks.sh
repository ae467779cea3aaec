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

# The machine may be shared: each figure is the best of $runs runs, both
# wall-clock and CPU (user + sys of the process and its children, which
# other load disturbs much less).
runs=${RUNS:-3}
tf=$(mktemp)
export dir db bin branches
best() { # $1: setup function, $2: shell command; prints "WALL CPU"
    bw=; bc_=
    for _ in $(seq "$runs"); do
        $1
        /usr/bin/time -f '%e %U %S' -o "$tf" sh -c "$2" >/dev/null
        read -r e u s <"$tf"
        c=$(echo "$u + $s" | bc -l)
        if [ -z "$bw" ] || [ "$(echo "$e < $bw" | bc -l)" = 1 ]; then bw=$e; fi
        if [ -z "$bc_" ] || [ "$(echo "$c < $bc_" | bc -l)" = 1 ]; then bc_=$c; fi
    done
    echo "$bw $bc_"
}
nothing() { :; }
fresh() { rm -f "$db" "$db-wal" "$db-shm"; rc sync --no-fetch --quiet >/dev/null; }
picks_cmd() { echo 'for br in $branches; do "$bin" -C "$dir" --db "$db" -c relcap.conflictCheck='"$1"' picks "$br" '"$2"'; done'; }
warm_nocc() { sh -c "$(picks_cmd false --refresh)" >/dev/null; }
warm_cc() { sh -c "$(picks_cmd true --refresh)" >/dev/null; }

git_cherry=$(best nothing 'for br in $branches; do git -C "$dir" cherry "$br" main; done')
startup=$(best nothing 'for i in 1 2 3 4 5; do "$bin" --version; done')
sync_s=$(best nothing 'rm -f "$db" "$db-wal" "$db-shm"; "$bin" -C "$dir" --db "$db" sync --no-fetch --quiet')
cold=$(best fresh "$(picks_cmd false --refresh)")      # patch ids computed and cached
warm=$(best warm_nocc "$(picks_cmd false --refresh)")  # patch ids from the cache
cold_cc=$(best fresh "$(picks_cmd true --refresh)")    # + in-memory cherry-pick of every pending candidate
warm_cc=$(best warm_cc "$(picks_cmd true --refresh)")  # conflicts from the cache
cached=$(best warm_cc "$(picks_cmd true '')")          # stamp fresh: listing only
rm -f "$tf"

# correctness: the patch-id evidence equals git cherry's "-" lines
for b in $branches; do
    g=$(git -C "$dir" cherry "$b" main | grep -c '^-' || true)
    r=$(rc picks "$b" --json | grep -c '"evidence":[[:space:]]*"patch-id"' || true)
    [ "$g" = "$r" ] || echo "MISMATCH on $b: git cherry $g equivalent, relcap $r by patch-id" >&2
done
# count the candidate rows only ("rows"), not the branch's "violations"
nrows() { python3 -c 'import json,sys; print(len(json.load(sys.stdin)["rows"]))'; }
ncand=$(rc picks releases/v0.1.0 --json | nrows)
picked=$(rc picks releases/v0.1.0 --state picked --json | nrows)

w() { echo "$1" | cut -d' ' -f1; }
c() { echo "$1" | cut -d' ' -f2; }
div() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
printf '%s\n\n' "5 branches, $ncand candidates on the oldest, $cands on the newest; $picked picked on the oldest"
printf '| what | wall s | CPU s | wall ratio | CPU ratio |\n|---|---:|---:|---:|---:|\n'
row() { printf '| %s | %.2f | %.2f | %s | %s |\n' "$1" "$(w "$2")" "$(c "$2")" \
    "$(div "$(w "$2")" "$(w "$git_cherry")")" "$(div "$(c "$2")" "$(c "$git_cherry")")"; }
row "git cherry, 5 branches" "$git_cherry"
row "relcap start-up alone (--version) x5" "$startup"
row "relcap sync, git part, from empty cache (not counted below)" "$sync_s"
row "relcap picks x5, cold: patch ids computed, no conflict check" "$cold"
row "relcap picks x5, patch ids cached, no conflict check" "$warm"
row "relcap picks x5, cold, conflict check of every pending candidate" "$cold_cc"
row "relcap picks x5, recompute with conflicts cached" "$warm_cc"
row "relcap picks x5, cache fresh (listing only)" "$cached"
