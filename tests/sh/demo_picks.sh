#!/usr/bin/env bash
# The cherry-pick engine on the demo history: every planted case of
# .relcap-demo/planted.json comes out as planted (state, picked_as, evidence,
# conflicts, violations). A case with a planted "evidence" comes out with
# exactly that evidence, and `git cherry` (the oracle for patch ids) agrees
# that its patch differs from the original's unless that evidence is
# patch-id. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 3
"$relcap" -C "$tmp/repo" picks "$B" --json >"$tmp/picks.json" || fail "relcap picks --json"
"$relcap" -C "$tmp/repo" picks --violations "$B" --json >"$tmp/viol.json" ||
    fail "relcap picks --violations --json"
"$relcap" -C "$tmp/repo" picks --violations "$B" >"$tmp/viol.txt" || fail "relcap picks --violations"

git -C "$tmp/repo" cherry "$B" main >"$tmp/cherry.txt" || fail "git cherry $B main"

python3 - "$tmp/repo/.relcap-demo/planted.json" "$tmp/picks.json" "$tmp/viol.json" \
    "$tmp/cherry.txt" <<'PY'
import json, sys
planted = json.load(open(sys.argv[1]))["cases"]
doc = json.load(open(sys.argv[2]))
picks = doc["rows"]
viol = json.load(open(sys.argv[3]))
# picks --json holds the same violations as picks --violations --json
assert doc["violations"] == viol, (doc["violations"], viol)
cherry = {sha: mark for mark, sha in (l.split() for l in open(sys.argv[4]) if l.strip())}
by_sha = {p["sha"]: p for p in picks}
viol_shas = {v["sha"] for v in viol}
errors = []

def cand(name, sha):
    p = by_sha.get(sha)
    if p is None:
        errors.append(f"{name}: {sha} is not a candidate")
    return p

def want_state(name, p, state):
    if p is not None and p["state"] != state:
        errors.append(f"{name}: state {p['state']}, want {state} ({p['subject']})")

def want_evidence(name, p, c, cand_sha):
    """Exactly the planted evidence; git cherry marks the candidate '-'
    (patch-equivalent) exactly when that evidence is patch-id."""
    if p is None or "evidence" not in c:
        return
    if p["evidence"] != c["evidence"]:
        errors.append(f"{name}: evidence {p['evidence']}, planted {c['evidence']}")
    want_mark = "-" if c["evidence"] == "patch-id" else "+"
    if cherry.get(cand_sha) != want_mark:
        errors.append(f"{name}: git cherry marks {cand_sha} {cherry.get(cand_sha)}, want {want_mark}")

kinds = {c["evidence"] for c in planted.values() if "evidence" in c}
if kinds != {"patch-id", "trailer", "pr-reference", "subject"}:
    errors.append(f"planted evidence kinds {sorted(kinds)}: each kind must be planted")
checked = 0
for name, c in planted.items():
    if c["branch"] not in ("releases/v0.9.2", "main"):
        continue
    if name.startswith("pick."):
        p = cand(name, c["orig"])
        want_state(name, p, "picked")
        if p is not None:
            if p["picked_as"] != c["sha"]:
                errors.append(f"{name}: picked_as {p['picked_as']}, want {c['sha']}")
            if not p["evidence"]:
                errors.append(f"{name}: no evidence")
        want_evidence(name, p, c, c["orig"])
        checked += 1
    elif name == "revert.needed":
        want_state(name, cand(name, c["sha"]), "revert-needed")
        checked += 1
    elif name == "revert.followed":
        p = cand(name, c["sha"])
        want_state(name, p, "picked")
        branch_side = planted["revert.followed.branch"]["sha"]
        if p is not None and p["picked_as"] != branch_side:
            errors.append(f"{name}: picked_as {p['picked_as']}, want {branch_side}")
        checked += 1
    elif name == "revert.pr-reference":
        # 'Revert of PR #N' on the branch follows main's revert of #N
        p = cand(name, c["sha"])
        want_state(name, p, "picked")
        branch_side = planted["revert.pr-reference.branch"]["sha"]
        if p is not None and p["picked_as"] != branch_side:
            errors.append(f"{name}: picked_as {p['picked_as']}, want {branch_side}")
        want_evidence(name, p, c, c["sha"])
        checked += 1
    elif name == "revert.not-needed":
        want_state(name, cand(name, c["sha"]), "not-needed")
        checked += 1
    elif name in ("pending.bugfix", "pending.doc", "pending.fix-issue"):
        p = cand(name, c["sha"])
        want_state(name, p, "pending")
        if p is not None and p["conflict"] != "clean":
            errors.append(f"{name}: conflict {p['conflict']}, want clean")
        checked += 1
    elif name == "pending.conflict":
        p = cand(name, c["sha"])
        want_state(name, p, "pending")
        if p is not None:
            if p["conflict"] != "conflict":
                errors.append(f"{name}: conflict {p['conflict']}, want conflict")
            if "vllm/version.py" not in p["conflict_paths"]:
                errors.append(f"{name}: conflict_paths {p['conflict_paths']}")
        checked += 1
    elif name == "violation.feature":
        if c["sha"] not in viol_shas:
            errors.append(f"{name}: {c['sha']} not listed as a violation")
        checked += 1
    elif name in ("branch.ci-fix", "branch.version-bump", "docs.conflict-markers",
                  "docs.policy.pick", "revert.followed.branch", "revert.needed.pick",
                  "revert.pr-reference.branch"):
        if c["sha"] in viol_shas:
            errors.append(f"{name}: {c['sha']} must not be a violation")
        checked += 1
    elif name == "evidence.fix-other-pr":
        # the branch commit says 'Fix #N' with N = pending.bugfix's PR
        bug = planted["pending.bugfix"]
        p = cand(name, bug["sha"])
        want_state(name, p, "pending")
        if p is not None and p["picked_as"] == c["sha"]:
            errors.append(f"{name}: 'Fix #N' taken as a pick of #{bug['pr']}")
        checked += 1
if len(viol) != 1:
    errors.append(f"{len(viol)} violations, want exactly 1 (violation.feature): {viol}")
if checked < 20:
    errors.append(f"only {checked} planted cases checked")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"{checked} planted cases as planted")
PY
grep -q "^1 policy violation on releases/v0.9.2" "$tmp/viol.txt" || fail "plain violations: $(cat "$tmp/viol.txt")"
grep -q "feature work after the cut, not on main" "$tmp/viol.txt" || fail "violation reason"
echo ok
