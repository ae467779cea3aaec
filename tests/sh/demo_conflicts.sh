#!/usr/bin/env bash
# Conflict prediction against git itself: on the demo history,
# every candidate of every branch with a prediction is cherry-picked for real
# (`git cherry-pick --no-commit` in a worktree of the branch), and relcap's
# answer (clean or conflict, and the conflicting paths) must be git's.
# Skipped (77) without git or jq. $1 = relcap binary, $2 = source dir.
set -euo pipefail
relcap=$1
command -v git >/dev/null || { echo "git missing" >&2; exit 77; }
command -v jq >/dev/null || { echo "jq missing" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t
export GIT_COMMITTER_EMAIL=t@example.com
total=0 bad=0 conflicts=0
for seed in 3; do
    repo=$tmp/repo$seed
    "$relcap" demo "$repo" --no-ui --seed "$seed" >/dev/null || { echo "FAIL: relcap demo" >&2; exit 1; }
    "$relcap" -C "$repo" sync --no-fetch --quiet >/dev/null
    for b in $("$relcap" -C "$repo" branches --json | jq -r '.[].name'); do
        wt=$tmp/wt$seed
        git -C "$repo" worktree add -q --detach "$wt" "$b"
        while IFS=$'\t' read -r sha want paths; do
            total=$((total + 1))
            if git -C "$wt" cherry-pick --no-commit "$sha" >/dev/null 2>&1; then
                got=clean got_paths=""
                git -C "$wt" reset -q --hard HEAD
            else
                got=conflict
                got_paths=$(git -C "$wt" diff --name-only --diff-filter=U | sort | paste -sd, -)
                git -C "$wt" cherry-pick --abort >/dev/null 2>&1 || git -C "$wt" reset -q --hard HEAD
            fi
            [ "$got" = conflict ] && conflicts=$((conflicts + 1))
            if [ "$got" != "$want" ] || [ "$got_paths" != "$paths" ]; then
                echo "seed $seed $b $sha: relcap $want [$paths], git $got [$got_paths]" >&2
                bad=$((bad + 1))
            fi
        done < <("$relcap" -C "$repo" picks "$b" --json |
            jq -r '.[] | select(.conflict != null) |
                [.sha, .conflict, ((.conflict_paths // []) | sort | join(","))] | @tsv')
        git -C "$repo" worktree remove --force "$wt"
    done
done
echo "$total predictions, $conflicts conflicts in git, $bad different" >&2
[ "$total" -gt 100 ] || { echo "FAIL: only $total predictions checked" >&2; exit 1; }
[ "$conflicts" -gt 10 ] || { echo "FAIL: only $conflicts conflicts: the check proves little" >&2; exit 1; }
[ "$bad" = 0 ] || { echo "FAIL: $bad predictions differ from git cherry-pick" >&2; exit 1; }
