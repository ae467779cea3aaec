#!/bin/sh
# Generates the large synthetic history for bench/sync.sh with one
# `git fast-import` stream (awk writes it): a linear main of MAIN commits,
# BRANCHES release branches (both naming styles: releases/vX.Y.Z and
# vX.Y.Z-dev) cut at evenly spread points, PICKS commits on each, and
# 10 tags per branch (rc1..rc6, final, post1..post3; annotated and
# lightweight alternating). Usage: gen_history.sh DIR [MAIN] [BRANCHES] [PICKS]
set -eu
dir=$1
main=${2:-100000}
branches=${3:-100}
picks=${4:-10}
. "$(dirname "$0")/lib.sh"
new_history "$dir"
fast_import=$(cat "$(dirname "$0")/fast_import.awk")
awk -v MAIN="$main" -v BR="$branches" -v PICKS="$picks" "$fast_import"'
BEGIN {
    base = 1600000000
    kinds[1] = "[Bugfix]"; kinds[2] = "[Feature]"; kinds[3] = "[Doc]"; kinds[4] = "[CI]"
    kinds[5] = "[Perf]"; kinds[6] = "[Model]"
    for (i = 1; i <= MAIN; i++)
        commit("refs/heads/main", i, base + i * 600,
               sprintf("%s change number %d (#%d)\n\nBody of change %d.", kinds[i % 6 + 1], i, i, i),
               "", sprintf("src/f%d.py", i % 100), sprintf("v%d", i))
    mark = MAIN
    step = int(MAIN / (BR + 1))
    for (k = 1; k <= BR; k++) {
        cut = k * step
        if (k % 2) ref = sprintf("refs/heads/releases/v0.%d.0", k)
        else ref = sprintf("refs/heads/v0.%d.0-dev", k)
        for (j = 1; j <= PICKS; j++) {
            mark++
            commit(ref, mark, base + cut * 600 + j * 3600,
                   sprintf("[v0.%d.0] [Bugfix] pick %d (#%d)", k, j, cut + j),
                   j == 1 ? ":" cut : "", sprintf("rel/f%d.py", j), sprintf("r%d", j))
            if (j <= 6) tag = sprintf("v0.%d.0rc%d", k, j)
            else if (j == 7) tag = sprintf("v0.%d.0", k)
            else tag = sprintf("v0.%d.0.post%d", k, j - 7)
            if (j % 2) {
                printf "tag %s\nfrom :%d\ntagger Captain <c@example.com> %d +0000\n", tag, mark, base + cut * 600 + j * 3600 + 60
                blk("release " tag)
            } else {
                printf "reset refs/tags/%s\nfrom :%d\n\n", tag, mark
            }
        }
    }
}' |
    # fast-import frees and re-grows its heap top for every commit; a larger
    # trim threshold makes that 15x faster (sys time in brk otherwise)
    GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456 \
        git -C "$dir" fast-import --quiet
git -C "$dir" checkout -q main
