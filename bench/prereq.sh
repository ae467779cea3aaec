#!/usr/bin/env bash
# Prerequisites of conflicting picks on a real history (not a test).
#
#   [BRANCHES="B1 B2"] bench/prereq.sh RELCAP_BINARY DIR
#
# DIR is a clone of a real release history with every release branch local (make one
# yourself; nothing outside the repository is read). Syncs it, and for every release
# branch: computes the picks with the conflicts but without prerequisites
# (relcap.prereqCheck=false), then again with them (the conflicts come from the cache, so the
# difference is the search), then once more (all cached). Reports the conflicting candidates,
# how many got a verified prerequisite set, and the search's ms per conflicting candidate. Then
# checks every named set with git itself: in a worktree at the branch head, `git cherry-pick`
# of the prerequisites and then the candidate must apply with no conflict.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bench/prereq.sh RELCAP_BINARY DIR" >&2; exit 2; }
relcap=$(realpath "$1")
dir=$2
git -C "$dir" rev-parse --git-dir >/dev/null 2>&1 || { echo "$dir: not a git clone" >&2; exit 2; }
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench \
    GIT_COMMITTER_EMAIL=bench@example.com
r() { "$relcap" -C "$dir" "$@"; }
r sync --no-fetch --git-only --quiet -c relcap.conflictCheck=false 2>/dev/null ||
    "$relcap" -C "$dir" -c relcap.conflictCheck=false sync --no-fetch --git-only --quiet
now() { date +%s.%N; }
out=$(mktemp -d)
trap 'rm -rf "$out"; git -C "$dir" worktree prune' EXIT
printf '%-20s %6s %6s %6s %9s %9s %9s %9s\n' branch cands confl w/pre "off s" "on s" "cached s" "ms/confl"
tot_c=0 tot_p=0 tot_ms=0 tot_ok=0 tot_bad=0
# BRANCHES="releases/v0.22.1 ..." limits the run (default: every release branch)
branches=${BRANCHES:-$(git -C "$dir" for-each-ref --format='%(refname:strip=2)' refs/heads/releases/)}
for b in $branches; do
    t0=$(now)
    "$relcap" -C "$dir" -c relcap.prereqCheck=false picks "$b" --refresh --json >/dev/null
    t1=$(now)
    "$relcap" -C "$dir" picks "$b" --refresh --json >/dev/null
    t2=$(now)
    "$relcap" -C "$dir" picks "$b" --refresh --json >"$out/p.json"
    t3=$(now)
    read -r n c p < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["rows"]
c = [x for x in d if x["state"] == "pending" and x["conflict"] == "conflict"]
print(len(d), len(c), sum(1 for x in c if x["prerequisites"]))' "$out/p.json")
    ms=$(python3 -c "print(f'{(($t2 - $t1) - ($t1 - $t0)) * 1000 / max($c, 1):.1f}')")
    printf '%-20s %6d %6d %6d %9.2f %9.2f %9.2f %9s\n' "$b" "$n" "$c" "$p" \
        "$(python3 -c "print($t1 - $t0)")" "$(python3 -c "print($t2 - $t1)")" \
        "$(python3 -c "print($t3 - $t2)")" "$ms"
    tot_c=$((tot_c + c))
    tot_p=$((tot_p + p))
    # git itself: prerequisites then the candidate, in a worktree at the branch head
    python3 -c '
import json, sys
for x in json.load(open(sys.argv[1]))["rows"]:
    if x["state"] == "pending" and x["conflict"] == "conflict" and x["prerequisites"]:
        print(x["sha"], " ".join(x["prerequisites"]))' "$out/p.json" >"$out/sets"
    while read -r cand pres; do
        git -C "$dir" worktree add -q --detach "$out/wt" "$b" 2>/dev/null
        # shellcheck disable=SC2086
        if git -C "$out/wt" cherry-pick --allow-empty $pres "$cand" >/dev/null 2>&1; then
            tot_ok=$((tot_ok + 1))
        else
            tot_bad=$((tot_bad + 1))
            echo "  git: ${cand:0:10} after ${pres} does NOT apply" >&2
            git -C "$out/wt" cherry-pick --abort 2>/dev/null || true
        fi
        git -C "$dir" worktree remove --force "$out/wt"
    done <"$out/sets"
done
echo "conflicting pending candidates: $tot_c; with a verified prerequisite set: $tot_p" \
    "($(python3 -c "print(f'{100 * $tot_p / max($tot_c, 1):.1f}')")%)"
echo "git cherry-pick of prerequisites + candidate: $tot_ok clean, $tot_bad conflicting"
