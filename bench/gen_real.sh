#!/bin/sh
# Generates a release history with the shape of a real one (issue 18), with
# `git fast-import`, deterministically (its own Park-Miller random numbers,
# so mawk and gawk write the same stream):
# - a ~3 300-file tree in nested folders (8 top folders, 48 packages, 244
#   modules), each file 16-48 lines;
# - main: a root commit with the whole tree, then COMMITS-1 squash-merge-like
#   commits touching 1-190 files (median 3, p90 17, max ~190), half of the
#   touches on ~150 hot files (and mostly on their first lines), the rest
#   near the previous file of the commit;
# - BRANCHES release branches releases/v0.K.0 cut GAP commits apart (the
#   newest GAP commits before main's head), each living 1.5 GAP commits with
#   its own edits (a version pin, release-only fixes touching hot files,
#   100-500 file touches in all) and picks of about one main commit in four:
#   `cherry-pick -x` copies, picks adjusted on the branch (one more line
#   changed), picks naming only the PR; one annotated tag v0.K.0 per branch.
# So most pending candidates of a long-lived branch conflict, as on a real one.
# Usage: gen_real.sh DIR [COMMITS] [BRANCHES] [GAP] [SEED]   (5000 14 200 1)
set -eu
dir=$1
commits=${2:-5000}
branches=${3:-14}
gap=${4:-200}
seed=${5:-1}
rm -rf "$dir"
export LC_ALL=C
# fast-import re-grows its heap for every commit; a large trim threshold
# avoids most of the sys time
export GLIBC_TUNABLES=glibc.malloc.trim_threshold=1073741824:glibc.malloc.top_pad=268435456
git init -q -b main "$dir"
cd "$dir"
awk -v N="$commits" -v NB="$branches" -v GAP="$gap" -v SEED="$seed" -v OUT2=".stream2" '
function rnd() { S = (S * 16807) % 2147483647; return S / 2147483647 }
function ri(a, b) { return a + int(rnd() * (b - a + 1)) }
function blk(s) { printf "data %d\n%s", length(s), s }
function dirname_of(d,   p) {
    if (d < 8) return top[d]
    if (d < 56) return top[(d - 8) % 8] "/pkg" (d - 8)
    p = 8 + (d - 56) % 48
    return dirname_of(p) "/mod" (d - 56)
}
function line_of(f, j, v) { return sprintf("    value_%d_%d = \"%s\"  # setting %d", f, j, v, j) }
# how many files a commit touches: median 3, p90 17, max about 190
function nfiles(   u) {
    u = rnd()
    if (u < 0.52) return ri(1, 3)
    if (u < 0.9) return ri(4, 17)
    if (u < 0.99) return ri(18, 60)
    return ri(61, 190)
}
function pick_file(prev,   u, d) {
    u = rnd()
    if (u < HOTSHARE) return hot[ri(0, NHOT - 1)]
    if (u < 0.8 && prev >= 0) { d = prev % NDIR; return d + NDIR * ri(0, int((NF_ - 1 - d) / NDIR)) }
    return ri(0, NF_ - 1)
}
function pick_line(f) { return (f in ishot && rnd() < HOTLINE) ? ri(1, 6) : ri(1, nl[f]) }
# the edits of one commit: "f|j|text" joined by ";" (a file at most once)
function make_edits(tag, k, hotonly,   n, i, f, prev, seen, e, m, j, t) {
    n = k; prev = -1; e = ""; delete seen
    for (i = 0; i < n; i++) {
        f = hotonly ? hot[ri(0, NHOT - 1)] : pick_file(prev)
        if (f in seen) continue
        seen[f] = 1; prev = f
        for (m = ri(1, 3); m > 0; m--) {
            j = pick_line(f)
            t = line_of(f, j, tag "." m)
            e = e (e == "" ? "" : ";") f "|" j "|" t
        }
    }
    return e
}
# applies edits to the content array c[] (file -> text), returns the
# "M" lines of the files it changed
function apply(c, edits,   n, i, parts, x, fl, f, ls, touched, out) {
    n = split(edits, parts, ";"); delete touched
    for (i = 1; i <= n; i++) {
        split(parts[i], x, "|"); f = x[1] + 0
        split(c[f], ls, "\n")
        ls[x[2] + 0] = x[3]
        c[f] = join(ls, nl[f])
        touched[f] = 1
    }
    out = ""
    for (f in touched) out = out sprintf("M 100644 inline %s\ndata %d\n%s\n", path[f], length(c[f]), c[f])
    return out
}
function join(a, n,   s, j) { s = ""; for (j = 1; j <= n; j++) s = s a[j] "\n"; return s }
function subject(i,   k) {
    k = kinds[i % 8]
    return sprintf("%s %s %s in %s (#%d)", k, verbs[ri(0, 5)], nouns[ri(0, 7)], path[ri(0, NF_ - 1)], 1000 + i)
}
function emit(fh, ref, mark, t, msg, from, body) {
    printf "commit %s\nmark :%d\n", ref, mark > fh
    printf "author Dev %d <dev%d@example.com> %d +0000\n", mark % 23, mark % 23, t > fh
    printf "committer Dev %d <dev%d@example.com> %d +0000\n", mark % 23, mark % 23, t > fh
    printf "data %d\n%s\n", length(msg), msg > fh
    if (from != "") printf "from %s\n", from > fh
    printf "%s\n", body > fh
}
function branch_step(k, i,   e, msg, t, own) {
    # one step of branch k at main step i
    t = T0 + i * 600 + 300 + k
    if (bn[k] == 0) {
        e = ""
        for (own = 0; own < 3; own++) {
            f = pin[own]
            e = e (e == "" ? "" : ";") f "|1|" line_of(f, 1, "pin-0." k ".0")
        }
        branch_commit(k, t, sprintf("[Release] Pin versions for v0.%d.0", k), e)
        return
    }
    if (rnd() < 0.25 && i > cut[k] + 1) {
        # pick a recent main commit (not one already picked)
        c = ri(cut[k] + 1, i)
        if ((k, c) in picked_on) return
        picked_on[k, c] = 1
        u = rnd()
        if (u < 0.55) {
            branch_commit(k, t, msg_of[c] "\n\n(cherry picked from commit " sprintf("MARK%036d", c) ")", ce[c])
        } else if (u < 0.85) {
            e = ce[c] ";" make_edits("adj" k "x" i, 1, 0)
            branch_commit(k, t, sprintf("[v0.%d.0] %s\n\n(cherry picked from commit %s)", k, msg_of[c], sprintf("MARK%036d", c)), e)
        } else {
            branch_commit(k, t, sprintf("[Cherry-pick] %s", msg_of[c]), ce[c])
        }
        return
    }
    if (rnd() < OWN) {
        e = make_edits("rel" k "x" i, ri(1, 3) <= 1 ? ri(4, 12) : ri(1, 3), rnd() < 0.5)
        branch_commit(k, t, sprintf("[v0.%d.0] %s", k, subject(i)), e)
    }
}
function branch_commit(k, t, msg, e,   body, f, c) {
    # branch content lives in bc[k SUBSEP f]; copy it into a scratch array
    delete tmp
    split(e, parts, ";")
    for (x in parts) { split(parts[x], y, "|"); f = y[1] + 0; tmp[f] = ((k, f) in bc) ? bc[k, f] : cutc[k, f] }
    body = apply(tmp, e)
    for (f in tmp) bc[k, f] = tmp[f]
    MARK++
    emit(OUT2, "refs/heads/releases/v0." k ".0", MARK, t, msg, bn[k] == 0 ? ":" cut[k] : "", body)
    bn[k]++
    last[k] = t
}
BEGIN {
    S = SEED * 7919 + 12345
    T0 = 1700000000
    split("tpu_inference tests docs scripts examples benchmarks tools .github", tt, " ")
    for (i = 1; i <= 8; i++) top[i - 1] = tt[i]
    split("[Bugfix] [Feature] [Perf] [Model] [CI] [Doc] [Misc] [Kernel]", kk, " ")
    for (i = 1; i <= 8; i++) kinds[i - 1] = kk[i]
    split("Fix Add Speed up Refactor Support Clean", vv, " ")
    for (i = 1; i <= 6; i++) verbs[i - 1] = vv[i]
    split("sharding attention sampler cache scheduler kernel config loader", nn, " ")
    for (i = 1; i <= 8; i++) nouns[i - 1] = nn[i]
    NDIR = 300; NF_ = 3300; NHOT = 150; OWN = 0.35; HOTLINE = 0.3; HOTSHARE = 0.3
    for (d = 0; d < NDIR; d++) dname[d] = dirname_of(d)
    for (f = 0; f < NF_; f++) {
        ext = (f % 10 < 7) ? ".py" : (f % 10 < 9 ? ".md" : ".yaml")
        path[f] = dname[f % NDIR] "/file" f ext
        nl[f] = ri(16, 48)
    }
    path[0] = "pyproject.toml"; path[1] = "requirements.txt"; path[2] = "tpu_inference/version.py"
    pin[0] = 0; pin[1] = 1; pin[2] = 2
    for (h = 0; h < NHOT; h++) { hot[h] = (h < 3) ? h : ri(3, NF_ - 1); ishot[hot[h]] = 1 }
    # root commit: the whole tree
    body = ""
    for (f = 0; f < NF_; f++) {
        s = ""
        for (j = 1; j <= nl[f]; j++) s = s line_of(f, j, "v0") "\n"
        mc[f] = s
        body = body sprintf("M 100644 inline %s\ndata %d\n%s\n", path[f], length(s), s)
    }
    emit("/dev/stdout", "refs/heads/main", 1, T0, "Initial import", "", body)
    # branch k (1..NB) is cut at cut[k]; the newest GAP commits before the head
    for (k = 1; k <= NB; k++) { cut[k] = N - (NB - k + 1) * GAP; if (cut[k] < 2) cut[k] = 2; bn[k] = 0 }
    MARK = N
    for (i = 2; i <= N; i++) {
        msg_of[i] = subject(i)
        ce[i] = make_edits("m" i, nfiles(), 0)
        body = apply(mc, ce[i])
        emit("/dev/stdout", "refs/heads/main", i, T0 + i * 600, msg_of[i] "\n\nSummary of change " i ".", "", body)
        for (k = 1; k <= NB; k++) {
            if (i == cut[k]) for (f = 0; f < NF_; f++) cutc[k, f] = mc[f]
            if (i > cut[k] && i <= cut[k] + GAP * 1.5) branch_step(k, i)
        }
    }
    for (k = 1; k <= NB; k++)
        if (bn[k] > 0) {
            msg = sprintf("Release v0.%d.0", k)
            printf "tag v0.%d.0\nfrom refs/heads/releases/v0.%d.0\ntagger Dev <dev@example.com> %d +0000\ndata %d\n%s\n", k, k, last[k], length(msg), msg > OUT2
        }
}' >.stream1
# The -x trailers need the real sha of main commit i: main is imported first
# with its marks exported, then the 40-character placeholders MARK000..i are
# replaced by the shas (same length, so the data counts stay right).
git fast-import --quiet --export-marks=.marks <.stream1
awk 'NR == FNR { sub(/^:/, "", $1); sha[$1 + 0] = $2; next }
     { while (match($0, /MARK[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]/)) {
           m = substr($0, RSTART + 4, 36) + 0
           $0 = substr($0, 1, RSTART - 1) sha[m] substr($0, RSTART + RLENGTH) }
       print }' .marks .stream2 | git fast-import --quiet --import-marks=.marks
rm -f .stream1 .stream2 .marks
git checkout -q main
git gc -q --prune=now
