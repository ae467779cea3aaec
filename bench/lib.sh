# Helpers the bench scripts share (sourced: . "$(dirname "$0")/lib.sh").

ms_now() { date +%s%N; } # nanoseconds, despite the name
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# first_screen SOCKET COLSxROWS TRIES COMMAND TEXT: microseconds from the
# start of COMMAND in a tmux pane until capture-pane shows TEXT (at most
# TRIES polls 5 ms apart).
first_screen_in() {
    local sock=$1 cols=${2%x*} rows=${2#*x} tries=$3 t0 t1
    tmux -S "$sock" -f /dev/null new-session -d -s b -x "$cols" -y "$rows" "sleep 60"
    t0=$(ms_now)
    tmux -S "$sock" respawn-pane -k -t b "$4"
    for _ in $(seq "$tries"); do
        tmux -S "$sock" capture-pane -p -t b | grep -qF -- "$5" && break
        sleep 0.005
    done
    t1=$(ms_now)
    tmux -S "$sock" kill-server 2>/dev/null || true
    sleep 0.1
    echo $(((t1 - t0) / 1000))
}

# new_history DIR: an empty repository on main for a generated history.
new_history() {
    rm -rf "$1"
    git init -q -b main "$1"
}
