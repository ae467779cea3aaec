#!/usr/bin/env bash
# `relcap pick apply` on the demo: approve the two clean pending fixes,
# apply, and check with the git CLI that the branch got exactly those
# commits with git's "(cherry picked from commit X)" trailer, and that after
# a sync the engine sees them picked. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 3
bug=$(case_sha pending.bugfix)
doc=$(case_sha pending.doc)
old=$(git -C "$repo" rev-parse "refs/heads/$B")

r pick approve "$bug" --branch "$B" --note "clean fix" >/dev/null || fail "approve bugfix"
r pick approve "$doc" --branch "$B" >/dev/null || fail "approve doc"
r pick apply --branch "$B" --dry-run >"$tmp/dry.txt" || fail "dry run: $(cat "$tmp/dry.txt")"
[ "$(git -C "$repo" rev-parse "refs/heads/$B")" = "$old" ] || fail "dry run moved the branch"
r pick apply --branch "$B" >"$tmp/apply.txt" 2>&1 || fail "apply: $(cat "$tmp/apply.txt")"

# exactly two new commits, in main's order, each with the -x trailer
n=$(git -C "$repo" rev-list --count "$old..refs/heads/$B")
[ "$n" -eq 2 ] || fail "$n new commits on $B, want 2"
trailers=$(git -C "$repo" log --format=%B "$old..refs/heads/$B" |
    sed -n 's/^(cherry picked from commit \([0-9a-f]\{40\}\))$/\1/p' | sort)
want=$(printf '%s\n%s\n' "$bug" "$doc" | sort)
[ "$trailers" = "$want" ] || fail "trailers: $trailers, want $want"
# the oldest on main comes first
first=$(git -C "$repo" rev-list --reverse "$old..refs/heads/$B" | sed -n 1p)
first_from=$(git -C "$repo" log -1 --format=%B "$first" |
    sed -n 's/^(cherry picked from commit \([0-9a-f]\{40\}\))$/\1/p')
if git -C "$repo" merge-base --is-ancestor "$bug" "$doc"; then
    [ "$first_from" = "$bug" ] || fail "order: $first_from first"
else
    [ "$first_from" = "$doc" ] || fail "order: $first_from first"
fi
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] || fail "work tree left dirty"

r sync --no-fetch --quiet || fail "sync"
r picks "$B" --json >"$tmp/picks.json" || fail "picks"
python3 - "$tmp/picks.json" "$bug" "$doc" "$repo" "$old" "$B" <<'PY'
import json, subprocess, sys
picks = {p["sha"]: p for p in json.load(open(sys.argv[1]))["rows"]}
repo, old, branch = sys.argv[4], sys.argv[5], sys.argv[6]
new = set(subprocess.check_output(
    ["git", "-C", repo, "rev-list", f"{old}..refs/heads/{branch}"], text=True).split())
for sha in sys.argv[2:4]:
    p = picks[sha]
    assert p["state"] == "picked", p
    assert p["picked_as"] in new, p
    assert p["evidence"], p
PY
# nothing approved is left to apply
r pick apply --branch "$B" >"$tmp/again.txt" 2>&1 || true
[ "$(git -C "$repo" rev-list --count "$old..refs/heads/$B")" -eq 2 ] || fail "second apply picked again"
echo ok
