#!/bin/sh
# Generates the history of bench/picks.sh with one `git fast-import` stream
# (awk writes it): main with BASE commits, then 5 release branches
# releases/v0.K.0 cut SPACING commits apart, then CANDS more commits on main,
# so the newest branch has CANDS candidates and the oldest CANDS+4*SPACING.
# Every 10th candidate of a branch is picked onto it, in turn as an
# identical patch with a rewritten subject, as a `git cherry-pick -x` copy,
# and as a changed patch that keeps only the subject.
# Usage: gen_picks.sh DIR [CANDS] [SPACING] [BASE]
set -eu
dir=$1
cands=${2:-2000}
spacing=${3:-100}
base=${4:-200}
# fast-import re-grows its heap for every commit; a large trim threshold
# avoids most of the sys time
export GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456
. "$(dirname "$0")/lib.sh"
new_history "$dir"
fast_import=$(cat "$(dirname "$0")/fast_import.awk")
awk -v CANDS="$cands" -v SP="$spacing" -v BASE="$base" "$fast_import"'
function file_of(i) { return sprintf("src/d%d/f%d.py", i % 50, i) }
function msg_of(i) { return sprintf("%s change number %d (#%d)", kinds[i % 6 + 1], i, i) }
BEGIN {
    t0 = 1600000000
    kinds[1] = "[Bugfix]"; kinds[2] = "[Feature]"; kinds[3] = "[Doc]"; kinds[4] = "[CI]"
    kinds[5] = "[Perf]"; kinds[6] = "[Model]"
    total = BASE + 4 * SP + CANDS
    for (i = 1; i <= total; i++)
        commit("refs/heads/main", i, t0 + i * 600, msg_of(i) "\n\nBody of change " i ".",
               "", file_of(i), sprintf("line one of %d\nline two\n", i))
    mark = total
    for (k = 0; k < 5; k++) {
        cut = BASE + k * SP
        ref = sprintf("refs/heads/releases/v0.%d.0", k + 1)
        n = 0
        for (i = cut + 10; i <= total; i += 10) {
            mark++
            n++
            from = n == 1 ? ":" cut : ""
            kind = n % 3
            if (kind == 0)
                commit(ref, mark, t0 + total * 600 + mark, sprintf("[v0.%d.0] picked %d (#%d)", k + 1, i, 100000 + mark),
                       from, file_of(i), sprintf("line one of %d\nline two\n", i))
            else if (kind == 1)
                commit(ref, mark, t0 + total * 600 + mark,
                       msg_of(i) "\n\nBody of change " i ".\n\n(cherry picked from commit " sprintf("MARK%036d", i) ")",
                       from, file_of(i), sprintf("line one of %d\nline two\n", i))
            else
                commit(ref, mark, t0 + total * 600 + mark, sprintf("[v0.%d.0] %s", k + 1, msg_of(i)),
                       from, file_of(i), sprintf("adapted %d\n", i))
        }
    }
}' >"$dir/.stream"
# The -x trailer needs the real sha of main commit i: main is imported first
# with its marks exported, then the 40-character placeholders MARK000..i are
# replaced by the shas (same length, so the data counts stay right).
cd "$dir"
awk '/^commit refs\/heads\/releases/ {exit} {print}' .stream | git fast-import --quiet --export-marks=.marks
awk 'NR == FNR { sub(/^:/, "", $1); sha[$1 + 0] = $2; next }
     /^commit refs\/heads\/releases/ { on = 1 }
     !on { next }
     { while (match($0, /MARK[0-9]+/)) {
           m = substr($0, RSTART + 4, 36) + 0
           $0 = substr($0, 1, RSTART - 1) sha[m] substr($0, RSTART + RLENGTH) }
       print }' .marks .stream | git fast-import --quiet --import-marks=.marks
rm -f .stream .marks
git checkout -q main
