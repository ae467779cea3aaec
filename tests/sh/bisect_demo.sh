#!/usr/bin/env bash
# `relcap bench bisect` on the demo: it names the planted first bad commit
# (a pick, with its PR and its original on main), and bad input gives a
# clear message with nothing lost: a base that is not an ancestor of the
# head, results without the metric, a node that fails mid-bisect (paused,
# then --continue finishes), a run that never starts (cancelled after
# --start-timeout, paused). Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -uo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make
planted() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"]["bisect.first-bad"][sys.argv[2]])' \
        "$tmp/repo/.relcap-demo/planted.json" "$1"
}
bad=$(planted sha)
orig=$(planted orig)
pr=$(planted pr)

echo "== base not an ancestor of head: refused, with the way out"
st=0
r bench bisect median_ttft_ms --node local-h100 --from v0.9.1 --to v0.9.2rc2 >"$tmp/out" 2>&1 || st=$?
[ "$st" = 1 ] || fail "exit $st: $(cat "$tmp/out")"
grep -q "v0.9.1 is not an ancestor of v0.9.2rc2" "$tmp/out" || fail "message: $(cat "$tmp/out")"
grep -q -- "--from [0-9a-f]\{12\}" "$tmp/out" || fail "no merge base offered: $(cat "$tmp/out")"
r bench bisect --status >/dev/null 2>&1 && fail "a refused bisect was recorded"

echo "== a result without the metric: the bisect stops and says what the results had"
st=0
r bench bisect avg_latency --node local-h100 --test latency_llama8B_tp1 \
    --model meta-llama/Meta-Llama-3.1-8B-Instruct --from v0.9.2-rc1 --to v0.9.2rc2 --runs 1 \
    >"$tmp/out" 2>&1 || st=$?
[ "$st" = 1 ] || fail "exit $st: $(cat "$tmp/out")"
grep -q "bisect 1 failed: at the good end .*without avg_latency.*it has: .*median_ttft_ms" "$tmp/out" ||
    fail "message: $(cat "$tmp/out")"

echo "== the planted regression, with a node that fails mid-bisect"
# a few passes with --no-wait: each polls, judges and launches one run
r bench bisect median_ttft_ms --node local-h100 --no-wait >"$tmp/out" 2>&1 || fail "start: $(cat "$tmp/out")"
grep -q "median_ttft_ms of meta-llama/Llama-4-Scout-17B-16E-Instruct serving_llama4_scout_tp4_sharegpt on H100" "$tmp/out" ||
    fail "defaults: $(cat "$tmp/out")"
for _ in 1 2 3 4; do
    sleep 1.5
    r bench bisect --continue --no-wait >/dev/null 2>&1 || fail "continue --no-wait"
done
sleep 2
r run refresh >/dev/null || fail "run refresh" # the last run is in: nothing in flight
: >"$tmp/not-a-dir"
st=0
r -c "relcap.node.local-h100.workdir=$tmp/not-a-dir" bench bisect --continue >"$tmp/out" 2>&1 || st=$?
[ "$st" = 1 ] || fail "broken node: exit $st: $(cat "$tmp/out")"
grep -q "bisect 2 paused: node local-h100 could not start a run" "$tmp/out" ||
    fail "broken node message: $(cat "$tmp/out")"
grep -q "relcap bench bisect --continue" "$tmp/out" || fail "no way to resume said"
r bench bisect --status | grep -q "^state: paused" || fail "status after the failure"
r bench bisect --status --json >"$tmp/paused.json" || fail "status --json while paused"
python3 - "$tmp/paused.json" <<'PY' || fail "status --json while paused: $(cat "$tmp/paused.json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["id"] == 2 and d["state"] == "paused" and d["first_bad"] is None, d
assert "could not start a run" in d["message"], d["message"]
assert d["metric"] == "median_ttft_ms" and d["hardware"] == "H100" and d["node"] == "local-h100", d
rg = d["range"]
assert len(rg["good"]) == 40 and len(rg["bad"]) == 40 and rg["commits"] >= 2, rg
assert d["commits_left"] >= 1, d
assert d["steps"], d
for s in d["steps"]:
    assert s["verdict"] in ("good", "bad", "skip", "testing"), s
    assert len(s["commit"]) == 40 and 0 <= s["index"] <= rg["commits"], s
    assert all(set(r) == {"id", "state"} for r in s["runs"]), s
assert d["steps"][0]["index"] == 0 and d["steps"][0]["commit"] == rg["good"], d["steps"]
assert any(r["state"] == "succeeded" for s in d["steps"] for r in s["runs"]), d["steps"]
PY
st=0
r bench bisect --continue >"$tmp/out" 2>&1 || st=$?
[ "$st" = 0 ] || fail "resumed bisect: exit $st: $(cat "$tmp/out")"
grep -q "^first bad commit: ${bad:0:12} " "$tmp/out" || fail "wrong first bad commit (want $bad): $(cat "$tmp/out")"
grep -q "^  PR #$pr$" "$tmp/out" || fail "no PR #$pr: $(cat "$tmp/out")"
grep -q "^  a pick of ${orig:0:12} .* on main$" "$tmp/out" || fail "no original $orig: $(cat "$tmp/out")"
r bench bisect --status | grep -q "^state: done: the first bad commit is ${bad:0:12}" || fail "status when done"
r bench bisect --status --json --id 2 >"$tmp/done.json" || fail "status --json when done"
python3 - "$tmp/done.json" "$bad" "$pr" "$orig" <<'PY' || fail "status --json when done: $(cat "$tmp/done.json")"
import json, sys
d = json.load(open(sys.argv[1]))
bad, pr, orig = sys.argv[2], int(sys.argv[3]), sys.argv[4]
assert d["state"] == "done" and d["commits_left"] == 0, d
fb = d["first_bad"]
assert fb["commit"] == bad and fb["pr"] == pr and fb["subject"], fb
assert fb["original"]["commit"] == orig, fb
assert any(s["commit"] == bad and s["verdict"] == "bad" for s in d["steps"]), d["steps"]
assert any(s["verdict"] == "good" for s in d["steps"]), d["steps"]
PY
st=0
r bench bisect --json >/dev/null 2>&1 || st=$?
[ "$st" = 2 ] || fail "--json without --status: exit $st"
r ui --snapshot 120x24 --keys 5 | grep -q "| bisect 2 median_ttft_ms: first bad ${bad:0:12}" ||
    fail "the Runs pane does not show the bisect"
r run list --no-refresh --json >"$tmp/runs.json" || fail "run list"
python3 - "$tmp/runs.json" <<'PY' || fail "runs of the bisect"
import json, sys
runs = json.load(open(sys.argv[1]))
ok = [r for r in runs if r["state"] == "succeeded"]
assert len(ok) >= 12, len(ok)
assert all(r["tests"] for r in ok), "runs without the test"
PY

echo "== a run that never starts (a slurm node that keeps it queued)"
mkdir -p "$tmp/bin"
cat >"$tmp/bin/sbatch" <<'EOF'
#!/bin/sh
echo 4242
EOF
cat >"$tmp/bin/scontrol" <<'EOF'
#!/bin/sh
echo "JobId=4242 JobName=relcap JobState=PENDING Reason=Resources ExitCode=0:0"
EOF
cat >"$tmp/bin/scancel" <<'EOF'
#!/bin/sh
echo cancelled >"$(dirname "$0")/scancel.called"
EOF
chmod +x "$tmp/bin/"*
st=0
PATH="$tmp/bin:$PATH" r -c relcap.node.queued.backend=slurm -c relcap.node.queued.kind=cuda \
    -c relcap.node.queued.hardware=H100 -c relcap.node.queued.command=true \
    bench bisect median_ttft_ms --node queued --start-timeout 2 --from v0.9.2-rc1 --to v0.9.2rc2 \
    --test serving_llama8B_tp1_sharegpt --model meta-llama/Meta-Llama-3.1-8B-Instruct \
    >"$tmp/out" 2>&1 || st=$?
[ "$st" = 1 ] || fail "queued node: exit $st: $(cat "$tmp/out")"
grep -q "bisect 3 paused: run [0-9]* on queued did not start within 2 s (cancelled)" "$tmp/out" ||
    fail "queued message: $(cat "$tmp/out")"
[ -f "$tmp/bin/scancel.called" ] || fail "the queued job was not cancelled"
echo "OK"
