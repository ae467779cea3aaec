#!/usr/bin/env bash
# relcap's cherry-pick analysis on every branch of the demo history, checked
# against git itself, not against relcap's own code or the demo's plan:
#  - evidence: `git cherry BRANCH main` marks "-" exactly the candidates
#    relcap finds by patch-id (and lists exactly relcap's candidates);
#  - conflicts: every pending candidate is merged onto the branch tip the way
#    git cherry-pick merges it (git merge-tree --write-tree with the
#    candidate's parent as the merge base): it applies cleanly exactly when
#    relcap predicts "clean", and on a conflict git's conflicting paths are
#    relcap's conflict_paths; one candidate in five is also cherry-picked for
#    real (--no-commit, in a worktree) and the two agree.
# Skipped (77) without python3 or git. $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
export GIT_CONFIG_NOSYSTEM=1
need python3 git
demo_make
cd "$tmp/repo"
"$relcap" branches --json >"$tmp/branches.json" || fail "relcap branches --json"
mapfile -t branches < <(python3 -c 'import json,sys; [print(b["name"]) for b in json.load(open(sys.argv[1]))]' \
    "$tmp/branches.json")
[ ${#branches[@]} -ge 4 ] || fail "expected at least four release lines, got ${#branches[@]}"
main=$(git config relcap.mainBranch || echo main)
git worktree add -q --detach "$tmp/wt" "$main"

total_pending=0
total_minus=0
real_picks=0
export GIT_AUTHOR_NAME=oracle GIT_AUTHOR_EMAIL=oracle@example.com
export GIT_COMMITTER_NAME=oracle GIT_COMMITTER_EMAIL=oracle@example.com
for B in "${branches[@]}"; do
    "$relcap" picks "$B" --json >"$tmp/picks.json" || fail "relcap picks $B --json"
    git cherry "$B" "$main" >"$tmp/cherry.txt" || fail "git cherry $B $main"
    # pending candidates: SHA per line, with relcap's prediction beside it
    python3 - "$B" "$tmp/picks.json" "$tmp/cherry.txt" "$tmp/pending.txt" <<'PY' || exit 1
import json, sys
B, picks, cherry, pending = sys.argv[1], json.load(open(sys.argv[2]))["rows"], sys.argv[3], sys.argv[4]
by_sha = {p["sha"]: p for p in picks}
errors, minus = [], 0
lines = [l.split() for l in open(cherry) if l.strip()]
if {sha for _, sha in lines} != set(by_sha):
    errors.append(f"{B}: git cherry lists {len(lines)} commits, relcap {len(by_sha)} candidates")
for mark, sha in lines:
    p = by_sha.get(sha)
    if p is None:
        continue
    ours = p["evidence"] == "patch-id"
    minus += mark == "-"
    if (mark == "-") != ours:
        errors.append(f"{B}: git cherry says {mark} for {sha} ({p['subject'][:60]}),"
                      f" relcap says evidence {p['evidence']}")
with open(pending, "w") as f:
    for p in picks:
        if p["state"] in ("pending", "revert-needed"):
            f.write(f"{p['sha']} {p['conflict']} {','.join(sorted(p['conflict_paths'] or []))}\n")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"{B}: {len(lines)} candidates, {minus} equivalent by patch-id, as git cherry says")
with open(pending + ".minus", "w") as f:
    f.write(str(minus))
PY
    total_minus=$((total_minus + $(cat "$tmp/pending.txt.minus")))

    # git's own cherry-pick merge for each candidate, in memory: a commit
    # with the branch tip's tree on the candidate's parent makes that parent
    # the merge base, so `git merge-tree --write-tree` (ort, as cherry-pick
    # uses) merges exactly what `git cherry-pick` would (git 2.39 has no
    # --merge-base). One candidate in five (clean or not) is also
    # cherry-picked for real in a worktree, and the two must agree.
    tip_tree=$(git rev-parse "$B^{tree}")
    git -C "$tmp/wt" checkout -q --detach "$B"
    n=0
    while read -r sha want paths; do
        ours=$(git commit-tree "$tip_tree" -p "$sha^" -m ours)
        if out=$(git merge-tree --write-tree --no-messages --name-only "$ours" "$sha"); then
            got=clean got_paths=
        else
            [ $? -eq 1 ] || fail "$B: git merge-tree failed on $sha"
            got=conflict
            got_paths=$(printf '%s\n' "$out" | sed 1d | sed '/^$/,$d' | sort -u | paste -sd, -)
            [ -n "$got_paths" ] || fail "$B: git merge-tree conflict on $sha without paths"
        fi
        [ "$got" = "$want" ] || fail "$B: $sha: git says $got, relcap predicts $want"
        if [ "$got" = conflict ] && [ "$got_paths" != "$paths" ]; then
            fail "$B: $sha: git's conflicting paths '$got_paths', relcap's '$paths'"
        fi
        if [ $((n % 5)) -eq 0 ]; then
            if git -C "$tmp/wt" cherry-pick --no-commit "$sha" >/dev/null 2>&1; then
                real=clean real_paths=
            else
                real=conflict
                real_paths=$(git -C "$tmp/wt" diff --name-only --diff-filter=U | sort | paste -sd, -)
            fi
            git -C "$tmp/wt" cherry-pick --quit >/dev/null 2>&1 || true
            git -C "$tmp/wt" reset -q --hard
            git -C "$tmp/wt" clean -qfd
            [ "$real $real_paths" = "$got $got_paths" ] ||
                fail "$B: $sha: cherry-pick says '$real $real_paths', merge-tree '$got $got_paths'"
            real_picks=$((real_picks + 1))
        fi
        n=$((n + 1))
    done <"$tmp/pending.txt"
    echo "$B: $n pending candidates cherry-picked, each as relcap predicted"
    total_pending=$((total_pending + n))
done
[ "$total_minus" -ge 5 ] || fail "only $total_minus patch-id picks on the demo"
[ "$total_pending" -ge 50 ] || fail "only $total_pending pending candidates tried"
[ "$real_picks" -ge $((total_pending / 5)) ] || fail "only $real_picks real cherry-picks"
echo "ok: $total_pending cherry-pick merges ($real_picks also as real cherry-picks), $total_minus patch-id picks"
