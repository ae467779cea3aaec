#!/usr/bin/env bash
# Concurrency: the cockpit runs in tmux on the demo history while other
# processes loop `relcap sync --no-fetch --git-only` and `relcap pick approve
# ... --note N` for RELCAP_CONCURRENCY_SECONDS (default 60). The screen is
# captured every second: "database is locked" (or any "locked"/"busy" error)
# must never show, nor appear on any command's stderr, every command must
# succeed, and at the end every pick carries the last note written to it.
set -uo pipefail
bin=$1
command -v tmux >/dev/null || { echo "SKIP: tmux not installed"; exit 77; }
secs=${RELCAP_CONCURRENCY_SECONDS:-60}
tmp=$(mktemp -d)
sess="relcap-conc-$$"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    tmux kill-session -t "$sess" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

demo=$tmp/demo
"$bin" demo "$demo" --no-ui >/dev/null 2>"$tmp/demo.err" || fail "relcap demo: $(cat "$tmp/demo.err")"
"$bin" -C "$demo" sync --no-fetch --git-only >/dev/null || fail "first sync"
# pending candidates that apply cleanly: approving them prints nothing on stderr
mapfile -t shas < <("$bin" -C "$demo" picks --state pending --json |
    awk -F'"' '/^\t*"sha":/ { s = $4 } /^\t*"state":/ { st = $4 }
        /^\t*"conflict":/ { if ($4 == "clean" && st == "pending") print s }' | head -8)
[ ${#shas[@]} -ge 2 ] || fail "no picks to approve on the demo history"

# The cockpit, on the picks pane.
tmux new-session -d -s "$sess" -x 120 -y 40 \
    "TERM=xterm-256color '$bin' -C '$demo' ui --no-sync; sleep 600" || fail "tmux"
sleep 1
tmux send-keys -t "$sess" 3

deadline=$(($(date +%s) + secs))

# Loop 1: syncs.
(
    n=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
        if ! "$bin" -C "$demo" sync --no-fetch --git-only >/dev/null 2>>"$tmp/sync.err"; then
            echo "sync exited $?" >>"$tmp/sync.err"
        fi
        n=$((n + 1))
    done
    echo "$n" >"$tmp/sync.count"
) &
pids+=($!)

# Loop 2: approvals with notes; the last note per sha is what must survive.
(
    n=0
    while [ "$(date +%s)" -lt "$deadline" ]; do
        sha=${shas[$((n % ${#shas[@]}))]}
        note="conc-$n"
        if "$bin" -C "$demo" pick approve "$sha" --note "$note" >/dev/null 2>>"$tmp/approve.err"; then
            echo "$sha $note" >>"$tmp/approved"
        else
            echo "approve $sha exited $?" >>"$tmp/approve.err"
        fi
        n=$((n + 1))
    done
    echo "$n" >"$tmp/approve.count"
) &
pids+=($!)

# The cockpit keeps reading (moving, switching panes) and syncs itself now and then.
captures=0 keys=0
while [ "$(date +%s)" -lt "$deadline" ]; do
    for k in j j k 1 3 j; do tmux send-keys -t "$sess" "$k"; keys=$((keys + 1)); done
    if [ $((captures % 10)) -eq 5 ]; then tmux send-keys -t "$sess" R; keys=$((keys + 1)); fi
    screen=$(tmux capture-pane -p -t "$sess")
    captures=$((captures + 1))
    if grep -qiE 'database is locked|locked|SQLITE_BUSY' <<<"$screen"; then
        echo "$screen"
        fail "the cockpit showed a locking error"
    fi
    sleep 1
done
wait "${pids[@]}"
pids=()
grep -q 'Picks' <<<"$screen" || { echo "$screen"; fail "the cockpit is not running"; }
tmux send-keys -t "$sess" L
sleep 1
log=$(tmux capture-pane -p -t "$sess")
grep -qiE 'database is locked|SQLITE_BUSY' <<<"$log" && { echo "$log"; fail "the sync log shows a locking error"; }

for f in sync.err approve.err; do
    if [ -s "$tmp/$f" ]; then
        head -5 "$tmp/$f"
        fail "errors on stderr ($f)"
    fi
done

# No write lost: each sha's note is the last one written.
"$bin" -C "$demo" picks --json >"$tmp/final.json" || fail "final picks"
declare -A want
while read -r sha note; do want[$sha]=$note; done <"$tmp/approved"
lost=0
for sha in "${!want[@]}"; do
    got=$(awk -v s="$sha" '
        /"sha":/ { cur = ($0 ~ s) }
        cur && /"note":/ { sub(/.*"note":[[:space:]]*"/, ""); sub(/".*/, ""); print; exit }' \
        "$tmp/final.json")
    if [ "$got" != "${want[$sha]}" ]; then
        echo "lost: $sha has note '$got', last written '${want[$sha]}'"
        lost=$((lost + 1))
    fi
done
[ "$lost" -eq 0 ] || fail "$lost notes lost"
syncs=$(cat "$tmp/sync.count") approvals=$(cat "$tmp/approve.count")
echo "concurrency: ${secs}s: $syncs syncs, $approvals approvals (${#want[@]} picks, last notes all" \
    "kept), $keys cockpit keys, $captures screen captures; no locking error anywhere"
