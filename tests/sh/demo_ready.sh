#!/usr/bin/env bash
# `relcap ready`, `compat` and `calendar` on the demo: exactly the planted
# problems are reported, and approving the planted regression clears the
# regressions item. Skipped (77) without python3.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3
demo_make 3

st=0
r ready 0.9.2 --json --now 2026-11-10T00:00:00Z >"$tmp/ready.json" || st=$?
[ "$st" -eq 1 ] || fail "relcap ready 0.9.2: exit $st, want 1"

python3 - "$tmp/ready.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
items = {i["name"]: i for i in d["items"]}
errors = []
if d["ready"] is not False:
    errors.append("ready is not false")
want = {"branch-cut": "pass", "rc": "unknown", "picks": "fail", "perf": "pass",
        "regressions": "fail", "matrix": "fail", "calendar": "pass", "docs": "fail",
        "final-tag": "unknown"}
for name, status in want.items():
    got = items.get(name, {}).get("status")
    if got != status:
        errors.append(f"{name}: {got}, want {status} ({items.get(name, {}).get('reason')})")
def reason(n):
    return items.get(n, {}).get("reason", "")
if "1 revert-needed" not in reason("picks") or "1 policy violation" not in reason("picks"):
    errors.append("picks reason: " + reason("picks"))
rg = reason("regressions")
if not ("1 of 1" in rg and "H100" in rg and "Llama-4-Scout" in rg and "median_ttft_ms" in rg):
    errors.append("regressions reason: " + rg)
if "no row for 0.9.2" not in reason("matrix"):
    errors.append("matrix reason: " + reason("matrix"))
if "RELEASE.md" not in reason("docs") or "conflict" not in reason("docs"):
    errors.append("docs reason: " + reason("docs"))
if "CI" not in reason("rc") and "ci" not in reason("rc"):
    errors.append("rc reason: " + reason("rc"))
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
PY

# approve the planted regression: the item passes
planted_regression
[ "$hw" = H100 ] && [ "$metric" = median_ttft_ms ] || fail "regression is $hw $model $metric"
r -c relcap.author=tester bench approve "$hw" "$model" "$test" "$metric" --release 0.9.2 \
    --note "expected: new scheduler" >/dev/null || fail "bench approve"
st=0
r ready 0.9.2 --json --now 2026-11-10T00:00:00Z >"$tmp/ready2.json" || st=$?
[ "$st" -eq 1 ] || fail "ready after approval: exit $st, want 1 (other items still fail)"
python3 - "$tmp/ready2.json" <<'PY'
import json, sys
items = {i["name"]: i for i in json.load(open(sys.argv[1]))["items"]}
assert items["regressions"]["status"] == "pass", items["regressions"]
assert items["picks"]["status"] == "fail", items["picks"]
PY

# compat: exactly the planted drift
r compat --json >"$tmp/compat.json" || true
python3 - "$tmp/compat.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
errors = []
if d["missing_from_matrix"] != ["v0.8.5.post1"]:
    errors.append(f"missing_from_matrix {d['missing_from_matrix']}")
if d["not_tagged"] != ["0.9.0"]:
    errors.append(f"not_tagged {d['not_tagged']}")
bad = [r["version"] for r in d["rows"] if r.get("upstream_match") is False]
if bad != ["0.7.3"] or d["upstream_mismatches"] != 1:
    errors.append(f"upstream mismatches {bad} ({d['upstream_mismatches']})")
if errors:
    print("\n".join(errors), file=sys.stderr)
    sys.exit(1)
PY

# calendar: one date mismatch, v0.9.1 two days late
r calendar --json --now 2026-11-23T00:00:00Z >"$tmp/cal.json" || true
python3 - "$tmp/cal.json" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
off = [(e["version"], e["delta_days"]) for e in ev if e.get("delta_days") not in (None, 0)]
assert off == [("0.9.1", 2)], off
PY
echo ok
