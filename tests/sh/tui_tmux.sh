#!/bin/bash
# End-to-end test of the cockpit in a real terminal (tmux): move through
# every pane, filter, open a detail view, approve a pick, quit, start again
# and see the decision, check that escape sequences in a commit subject and
# a PR title never reach the terminal, resize and see a clean relayout.
# Usage: tui_tmux.sh RELCAP_BINARY SOURCE_DIR. Exit 77 when tmux is missing.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$2
command -v tmux >/dev/null || { echo "SKIP: tmux is not installed"; exit 77; }
FIXTURE="$(dirname "$BIN")/tests/test_tui_snapshot"
[ -x "$FIXTURE" ] || { echo "FAIL: $FIXTURE (fixture writer) not built"; exit 1; }

T=$(mktemp -d)
# each session gets its own server: a new session on a server still shutting
# down after its last session ended fails ("server exited unexpectedly")
nserver=0
SOCK="$T/tmux.0.sock"
next_server() {
    tmux -S "$SOCK" kill-server 2>/dev/null
    nserver=$((nserver + 1))
    SOCK="$T/tmux.$nserver.sock"
}
cleanup() {
    for s in "$T"/tmux.*.sock; do tmux -S "$s" kill-server 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
"$FIXTURE" --make-fixture "$T/cache.db" "$T/run3.log" || { echo "FAIL: fixture"; exit 1; }

# wait_for waits up to 30 s by default: CI machines are loaded
WAIT_TENTHS=300
. "$(dirname "$0")/tmux_lib.bash"
wait_gone() {
    for _ in $(seq 300); do
        tm capture-pane -p -t t 2>/dev/null | grep -qF -- "$1" || return 0
        sleep 0.1
    done
    fail "screen still shows '$1'"
}
keys() { tm send-keys -t t "$@"; }
start() {
    tm -f /dev/null new-session -d -s t -x 100 -y 30 \
        "cd '$T' && env LC_ALL=C.UTF-8 '$BIN' --db '$T/cache.db' ui --no-sync; echo EXITED \$?; sleep 60"
    tm set-option -t t window-size manual >/dev/null 2>&1
    wait_for "Release branches: 4"
}

echo "== every pane"
start
keys 2; wait_for "RC tags: 6"
wait_for "next RC v0.9.2rc3"
keys 3; wait_for "Picks for releases/v0.9.2: 4 shown of 6"
keys 4; wait_for "base v0.9.1 -> head v0.9.2rc2: 1 regression,"
wait_for "regression"
keys 5; wait_for "Perf runs: 3, 1 queued or running"
keys Tab; wait_for "Release branches: 4"
keys BTab; wait_for "Perf runs: 3"

echo "== filter, detail"
keys 3; wait_for "Picks for"
keys / d o c s; wait_for "1 shown of 6"
keys Enter; wait_for "[/docs]"
keys Escape; wait_for "4 shown of 6"
keys j Enter; wait_for "Fixes #1190."
keys q; wait_for "Picks for releases/v0.9.2"

echo "== escapes are harmless"
wait_for "#1206 Fix crash on startup"
keys g j j j Enter; wait_for "PR #1206: PR title  here"
title=$(tm display -p -t t '#{pane_title}')
case "$title" in *pwned*) fail "the window title was changed to '$title'";; esac
tm capture-pane -p -e -t t | grep -q 'pwned' && fail "pwned reached the terminal"
tm capture-pane -p -t t | grep -q 'Release branches' && fail "screen was cleared by an escape"
keys q; wait_for "Picks for releases/v0.9.2"

echo "== mouse (xterm X10 reports, as tmux sends them for TERM=tmux-256color)"
# click at 0-based column $1, row $2: ESC [ M, then button, x, y each + 32 (+1 for 1-based)
click() {
    keys -l $'\e[M '"$(printf "\\x$(printf %x $((33 + $1)))")$(printf "\\x$(printf %x $((33 + $2)))")"
    keys -l $'\e[M#'"$(printf "\\x$(printf %x $((33 + $1)))")$(printf "\\x$(printf %x $((33 + $2)))")"
}
keys 1; wait_for "Release branches: 4"
click 3 5; keys Enter; wait_for "Branch v0.9.0-dev"
keys q; wait_for "Release branches: 4"
click 3 3 # back on releases/v0.9.2, the context of the panes below
wait_for "Branches  2 RC tags  3 Picks  4 Bench  5 Runs                                    releases/v0.9.2"
click 35 0; wait_for "base v0.9.1 -> head"
keys 3; wait_for "Picks for"

echo "== approve, quit, start again"
keys g j a; wait_for "approve saved"
wait_for "1 to apply"
keys q; wait_for "EXITED 0"
next_server
start
keys 3; wait_for "1 to apply"
wait_for "approve"

echo "== resize"
before=$(tm capture-pane -p -t t)
tm resize-window -t t -x 140 -y 40
for _ in $(seq 300); do
    [ "$(tm capture-pane -p -t t | wc -l)" -eq 40 ] &&
        tm capture-pane -p -t t | sed -n 40p | grep -qF "Enter" && break
    sleep 0.1
done
big=$(tm capture-pane -p -t t)
# the status line's right part ends in the last column
[ "$(echo "$big" | sed -n 39p | awk '{print length($0)}')" -eq 140 ] ||
    fail "status line not laid out to 140 columns: $(echo "$big" | sed -n 39p)"
echo "$big" | sed -n 40p | grep -qF "Enter" || fail "function bar not on the last row"
echo "$big" | sed -n 39p | grep -qF "synced 2026-11-20" || fail "status line not on row 39"
# a 120x20 split draws (fewer rows); below 60x15 the cockpit says so
tm resize-window -t t -x 120 -y 20
wait_for "Picks for releases/v0.9.2"
tm capture-pane -p -t t | grep -q "terminal too small" && fail "120x20 is too small"
tm resize-window -t t -x 59 -y 20
wait_for "terminal too small: 59x20"
tm resize-window -t t -x 100 -y 30
wait_gone "terminal too small"
sleep 0.3
after=$(tm capture-pane -p -t t)
if [ "$before" != "$after" ]; then
    diff <(echo "$before") <(echo "$after")
    fail "the screen after resizing back differs from before"
fi
keys q; wait_for "EXITED 0"
next_server

echo "== relcap with no command; background sync: result in the status line, output only in the log"
tm -f /dev/null new-session -d -s t -x 100 -y 30 \
    "cd '$T' && env LC_ALL=C.UTF-8 '$BIN' --db '$T/cache.db'; echo EXITED \$?; sleep 60"
wait_for "Release branches: 4"
for _ in $(seq 300); do
    tm capture-pane -p -t t | grep -qE "sync (failed|finished)" && break
    sleep 0.1
done
screen=$(tm capture-pane -p -t t)
echo "$screen" | sed -n 29p | grep -qE "sync (failed|finished)" || fail "no sync result in the status line"
# whatever the child printed stays off the table area
echo "$screen" | sed -n 3,28p | grep -q "relcap" && fail "sync output leaked onto the screen"
keys L; wait_for "Log: background sync and errors"
wait_for "sync started"
keys q; wait_for "Release branches: 4"
# Esc never quits: q does
keys Escape; wait_for "nothing to close: q quits"
keys q; wait_for "EXITED 0"
next_server

echo "== a branch sync does not analyse: Enter analyses it in the background"
"$BIN" demo "$T/demo" --no-ui --seed 1 >/dev/null 2>&1 || fail "relcap demo"
tm -f /dev/null new-session -d -s t -x 120 -y 20 \
    "cd '$T' && env LC_ALL=C.UTF-8 '$BIN' -C '$T/demo' --no-sync; echo EXITED \$?; sleep 60"
wait_for "Release branches: 5"
# the Ready cells fill in after the first frame: the column widens to them
# (v0.9.2 fails 5 items: picks, regressions, undecided, matrix, docs)
wait_for "5 fai"
for _ in $(seq 300); do
    tm capture-pane -p -t t | grep -qF -- "..." || break
    sleep 0.1
done
tm capture-pane -p -t t | grep -qE ' [0-9]+ fai$' && fail "a Ready cell is cut"
keys G 3; wait_for "releases/v0.6.6: not analysed"
keys Enter; wait_for "analysing releases/v0.6.6 finished"
# every first-parent commit of main after the cut is a candidate (git is the oracle)
cut=$(git -C "$T/demo" merge-base main releases/v0.6.6)
n=$(git -C "$T/demo" rev-list --count --first-parent "$cut..main")
keys z; wait_for "Picks for releases/v0.6.6: $n shown of $n"
keys Q; wait_for "EXITED 0"
echo "PASS"
