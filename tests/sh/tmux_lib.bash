# The screen helpers of the tests/sh/*.sh that drive the cockpit in tmux
# (sourced, not a test: ctest runs *.sh only). The script sets SOCK (the
# tmux server's socket; it may change between sessions) and WAIT_TENTHS (how
# long wait_for waits by default) and runs its session as window "t".
#   tm ARGS...         tmux on $SOCK
#   fail MSG...        prints FAIL: MSG and the screen, exits 1
#   wait_for TEXT [N]  waits up to N tenths of a second (default WAIT_TENTHS)
#                      until the screen shows the fixed string TEXT, else fails
tm() { tmux -S "$SOCK" "$@"; }
fail() {
    echo "FAIL: $*"
    echo "---- screen ----"
    tm capture-pane -p -t t 2>/dev/null
    exit 1
}
wait_for() {
    for _ in $(seq "${2:-$WAIT_TENTHS}"); do
        tm capture-pane -p -t t 2>/dev/null | grep -qF -- "$1" && return 0
        sleep 0.1
    done
    fail "screen never showed '$1'"
}
