#!/bin/bash
# Live runs on the demo: a run launched in the cockpit (tmux) turns
# `succeeded` on screen within 5 s of its real end with no key pressed, its
# results reach the Bench pane, and `run list --json` (which polls first)
# records an ended_at within 2 s of the exit time the node wrote.
# Usage: runs_live.sh RELCAP_BINARY SOURCE_DIR. Exit 77 when tmux or
# python3 is missing.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is missing"; exit 77; }
T=$(mktemp -d)
SOCK="$T/tmux.sock"
cleanup() { tmux -S "$SOCK" kill-server 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
export HOME=$T XDG_CONFIG_HOME=$T
WAIT_TENTHS=100
. "$(dirname "$0")/tmux_lib.bash"
D="$T/demo"
"$BIN" demo "$D" --no-ui >/dev/null || fail "relcap demo"
r() { "$BIN" -C "$D" "$@"; }

echo "== a run launched in the cockpit turns succeeded by itself"
tm -f /dev/null new-session -d -s t -x 120 -y 30 \
    "cd '$D' && env LC_ALL=C.UTF-8 '$BIN' ui --no-sync; echo EXITED \$?; sleep 60"
wait_for "Release branches"
tm send-keys -t t 4
wait_for "head v0.9.2rc3"
tm send-keys -t t 5
wait_for "Perf runs: 0"
tm send-keys -t t r
sleep 0.3
tm send-keys -t t C-u # the prompt suggests a node and a tag
tm send-keys -t t -l "local-h100 v0.9.2-rc1"
tm send-keys -t t Enter
wait_for "Perf runs: 1" 50
exitf="$D/.git/relcap/runs/1/exit"
for _ in $(seq 100); do [ -s "$exitf" ] && break; sleep 0.1; done
[ -s "$exitf" ] || fail "the run never wrote $exitf"
ended=$(sed -n 2p "$exitf")
[ -n "$ended" ] || fail "the exit file has no end time: $(cat "$exitf")"
# no key from here on: the cockpit polls by itself
wait_for "succeeded" 80
now=$(date +%s)
[ $((now - ended)) -le 5 ] || fail "succeeded shown $((now - ended)) s after the run ended"
tm capture-pane -p -t t | grep -q "Perf runs: 1, 0 queued or running" ||
    fail "the title still counts the run as active"

echo "== the Bench pane shows the imported results without a restart"
# v0.9.2-rc1 had no results: h (cycling the head among the tags with
# results) reaches it only when the pane, loaded before the run, reloaded
tm send-keys -t t 4
found=0
for _ in $(seq 8); do
    tm send-keys -t t h
    sleep 0.3
    tm capture-pane -p -t t | grep -qF "head v0.9.2-rc1" && { found=1; break; }
done
[ "$found" = 1 ] || fail "the Bench pane never offered v0.9.2-rc1 as head"
tm send-keys -t t q
wait_for "EXITED 0"

echo "== run list --json: ended_at within 2 s of the real end"
r run start local-h100 --tag v0.9.2rc3 >/dev/null || fail "run start"
exitf="$D/.git/relcap/runs/2/exit"
for _ in $(seq 100); do [ -s "$exitf" ] && break; sleep 0.1; done
[ -s "$exitf" ] || fail "run 2 never ended"
sleep 3 # list late: a poll-time end would be 3 s off
r run list --json >"$T/list.json" || fail "run list"
python3 - "$T/list.json" "$(sed -n 2p "$exitf")" <<'PY' || fail "ended_at"
import json, sys, datetime
runs = {r["id"]: r for r in json.load(open(sys.argv[1]))}
run = runs[2]
assert run["state"] == "succeeded", run
end = datetime.datetime.strptime(run["ended_at"], "%Y-%m-%dT%H:%M:%SZ")
end = end.replace(tzinfo=datetime.timezone.utc).timestamp()
real = int(sys.argv[2])
assert abs(end - real) <= 2, (run["ended_at"], real)
assert run["imported"]["results"] > 0, run["imported"]
PY
r run list --no-refresh >/dev/null || fail "run list --no-refresh"
echo "OK"
