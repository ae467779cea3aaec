#!/usr/bin/env bash
# `relcap ready` says yes when everything passes: the demo with every planted problem
# fixed the way a captain would, with real git (the violating feature dropped from the
# branch, the revert followed, the matrix row added on main and picked with -x, the
# conflict block in RELEASE.md resolved) and the planted regression and the inconclusive
# required metric triaged (the gate fails on the latter until then), checked
# through the binary: exit 0, "ready": true, no item failing. relcap.requiredModels:
# a model with results on the RC passes, one without fails perf naming hardware/model.
# Skipped (77) without python3 or git. $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
export GIT_AUTHOR_NAME=captain GIT_AUTHOR_EMAIL=captain@example.com
export GIT_COMMITTER_NAME=captain GIT_COMMITTER_EMAIL=captain@example.com
# before the demo's planned final date (2026-11-20): a passed date without
# its tag fails the calendar item
now=2026-11-10T00:00:00Z
demo_make 3
add_row() { # the 0.9.2 row of the compatibility matrix, in the work tree $1
    python3 - "$1/docs/source/community/versioning_policy.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
row = "| v0.9.2 | v0.9.2 | >= 3.9, < 3.13 | 8.1.RC1 | 2.5.1 / 2.5.1.post1.dev20250619 |\n"
assert "| v0.9.2rc3 |" in s
open(p, "w").write(s.replace("| v0.9.2rc3 |", row + "| v0.9.2rc3 |", 1))
PY
}
st=0
r ready 0.9.2 --now "$now" >/dev/null || st=$?
[ "$st" -eq 1 ] || fail "the demo as planted: ready exit $st, want 1"

feature=$(case_sha violation.feature)
needed=$(case_sha revert.needed.pick)
# main: the matrix gets its 0.9.2 row
add_row "$repo"
git -C "$repo" commit -qam "[Doc] Add 0.9.2 to the compatibility matrix" || fail "commit on main"
doc=$(git -C "$repo" rev-parse HEAD)
# the branch, in a worktree: drop the feature, follow the revert, pick the row, fix the notes
git -C "$repo" worktree add -q "$tmp/wt" releases/v0.9.2 || fail "worktree"
wt=$tmp/wt
git -C "$wt" rebase -q --onto "$feature^" "$feature" || fail "dropping the feature commit"
git -C "$wt" revert --no-edit "$needed" >/dev/null || fail "reverting the pick main reverted"
git -C "$wt" cherry-pick -x "$doc" >/dev/null || fail "picking the matrix row"
notes_resolve "$wt" notes
r sync --no-fetch --quiet || fail "sync"

# the planted regression, triaged
planted_regression
r bench approve "$hw" "$model" "$test" "$metric" --release 0.9.2 --note "expected" >/dev/null ||
    fail "bench approve"

check_ready() { # $1 = want exit status, then -c KEY=VALUE pairs
    local want=$1 st=0
    shift
    r "$@" ready 0.9.2 --json --now "$now" >"$tmp/ready.json" || st=$?
    [ "$st" -eq "$want" ] || fail "ready $*: exit $st, want $want: $(cat "$tmp/ready.json")"
}
# the demo's inconclusive row of a required metric is no pass until triaged
check_ready 1
python3 - "$tmp/ready.json" <<'PY'
import json, sys
items = {i["name"]: i for i in json.load(open(sys.argv[1]))["items"]}
u = items["undecided"]
assert u["status"] == "fail" and "more runs a side would decide" in u["reason"], u
assert [i for i in items.values() if i["status"] == "fail"] == [u], items
PY
while read -r hw model test metric; do
    r bench approve "$hw" "$model" "$test" "$metric" --release 0.9.2 --note "noisy" >/dev/null ||
        fail "bench approve $metric"
done < <(python3 - "$tmp/diff.json" <<'PY'
import json, sys
for x in json.load(open(sys.argv[1]))["rows"]:
    if x["verdict"] == "inconclusive" and x["hardware"] in ("H100", "MI300X"):
        print(x["hardware"], x["model"], x["test"], x["metric"])
PY
)

check_ready 0
python3 - "$tmp/ready.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = [i for i in d["items"] if i["status"] == "fail"]
assert d["ready"] is True and not bad, d
names = {i["name"]: i["status"] for i in d["items"]}
for n in ("branch-cut", "picks", "perf", "regressions", "undecided", "matrix", "calendar",
          "docs"):
    assert names.get(n) == "pass", (n, names)
PY
r ready 0.9.2 --now "$now" >"$tmp/ready.txt" || fail "plain ready"
grep -q "^release 0.9.2 (releases/v0.9.2): ready" "$tmp/ready.txt" || fail "$(cat "$tmp/ready.txt")"

# relcap.requiredModels: a model with results on the RC passes, one without fails
check_ready 0 -c relcap.requiredHardware=H100 -c "relcap.requiredModels=$model"
check_ready 1 -c relcap.requiredHardware=H100 -c relcap.requiredModels=no/such-model
python3 - "$tmp/ready.json" <<'PY'
import json, sys
items = {i["name"]: i for i in json.load(open(sys.argv[1]))["items"]}
assert items["perf"]["status"] == "fail", items["perf"]
assert "H100/no/such-model" in items["perf"]["reason"], items["perf"]
PY
echo ok
