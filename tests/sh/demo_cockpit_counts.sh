#!/usr/bin/env bash
# The cockpit's branch pane as committed in tests/snapshots/demo_branches-160x50.txt
# (test_tui_demo compares the live screen with it; RELCAP_UPDATE_SNAPSHOTS rewrites it)
# is checked here against oracles that are not relcap's code, so that a snapshot update
# cannot silently accept a wrong screen: on the same demo (seed 1)
#   Ahd  = git rev-list --count main..BRANCH, Bhd = git rev-list --count BRANCH..main;
#   Pend = main's first-parent commits since the merge base, less those on the branch
#          (git cherry's "-", a "(cherry picked from commit X)" trailer on the branch, the
#          originals of the planted picks) and the planted reverts on main with their
#          originals (a revert pair is not needed, or picked, or the one revert needed);
#   Rev  = the planted revert.needed cases whose pick is on the branch.
# Unmaintained branches show "-" for both. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 1
python3 - "$tmp/repo" "$src/tests/snapshots/demo_branches-160x50.txt" <<'PY'
import json, subprocess, sys
repo, snap = sys.argv[1], sys.argv[2]

def git(*a):
    return subprocess.check_output(["git", "-C", repo, *a], text=True)

planted = json.load(open(f"{repo}/.relcap-demo/planted.json"))
cases = planted["cases"]
lines = open(snap, encoding="utf-8").read().splitlines()
head = next(i for i, l in enumerate(lines) if l.startswith("Branch ") and " Ahd " in l)
rows = {}
for l in lines[head + 1:]:
    t = l.split()
    if len(t) < 9:
        break
    rows[t[0]] = {"status": t[2], "ahd": t[3], "bhd": t[4], "pend": t[7], "rev": t[8]}
branches = [r[len("refs/heads/"):] for r in planted["refs"]
            if r.startswith("refs/heads/") and r != "refs/heads/main"]
errors = []
if sorted(rows) != sorted(branches):
    errors.append(f"snapshot rows {sorted(rows)}, the demo has {sorted(branches)}")
main_reverts = [c for n, c in cases.items() if c["branch"] == "main" and n.startswith("revert.")]
for b, row in rows.items():
    want_ahd = int(git("rev-list", "--count", f"main..{b}"))
    want_bhd = int(git("rev-list", "--count", f"{b}..main"))
    if (row["ahd"], row["bhd"]) != (str(want_ahd), str(want_bhd)):
        errors.append(f"{b}: Ahd/Bhd {row['ahd']}/{row['bhd']}, git says {want_ahd}/{want_bhd}")
    if row["status"] != "maintained":
        if (row["pend"], row["rev"]) != ("-", "-"):
            errors.append(f"{b}: {row['status']} but Pend/Rev {row['pend']}/{row['rev']}")
        continue
    base = git("merge-base", "main", b).strip()
    fp = set(git("rev-list", "--first-parent", f"{base}..main").split())
    done = {l.split()[1] for l in git("cherry", b, "main", base).splitlines() if l.startswith("-")}
    for body in git("log", "--format=%B%x00", f"{base}..{b}").split("\0"):
        for l in body.splitlines():
            if l.startswith("(cherry picked from commit ") and l.endswith(")"):
                done.add(l[len("(cherry picked from commit "):-1])
    for n, c in cases.items():
        if c["branch"] == b and c.get("orig") and n.startswith("pick."):
            done.add(c["orig"])
        if c["branch"] == b and n == "docs.policy.pick":
            done.add(c["orig"])
    for c in main_reverts:
        done.add(c["sha"])
        if c.get("orig"):
            done.add(c["orig"])
    want_rev = sum(1 for n, c in cases.items()
                   if n == "revert.needed" and cases[n + ".pick"]["branch"] == b)
    want_pend = len(fp - done)
    if (row["pend"], row["rev"]) != (str(want_pend), str(want_rev)):
        errors.append(f"{b}: Pend/Rev {row['pend']}/{row['rev']}, git and the planted list say "
                      f"{want_pend}/{want_rev}")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"{len(rows)} branch rows of the snapshot agree with git and the planted list")
PY
echo ok
