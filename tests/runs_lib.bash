# Shared by tests/sh/runs_*.sh (sourced; not a test itself).
# Needs: RELCAP (binary), T (temp dir), FX (fixture dir), DB.

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
say() { echo "--- $*"; }

rc() { "$RELCAP" -C "$FX/repo" --db "$DB" "$@"; }

# The JSON object of run $1 from `run list --json` (cJSON prints one key per
# line, objects closed by a tab and a brace).
run_obj() { rc run list --json | sed -n "/^\t\t\"id\":\t$1,\$/,/^\t}/p"; }
run_field() { run_obj "$1" | sed -n "s/^\t\t\"$2\":\t\(.*\),\{0,1\}\$/\1/p" | sed 's/,$//; s/^"//; s/"$//' | head -1; }

# Starts a run; prints its id.
start_run() {
    local out
    out=$(rc run start "$@" --json) || fail "run start $*"
    printf '%s\n' "$out" | sed -n 's/^\t"id":\t\([0-9]*\),$/\1/p'
}

expect_state() { # id state
    local s
    s=$(run_field "$1" state)
    [ "$s" = "$2" ] || { run_obj "$1" >&2; fail "run $1 is '$s', expected '$2'"; }
}

wait_state() { # id state seconds
    local i=0
    while [ $i -lt $(( $3 * 2 )) ]; do
        rc run refresh >/dev/null 2>&1
        [ "$(run_field "$1" state)" = "$2" ] && return 0
        sleep 0.5; i=$((i + 1))
    done
    run_obj "$1" >&2
    fail "run $1 did not become $2 within $3 s"
}

# Where a hostile value could have run: this test's tree, its HOME, and the
# working directories a remote shell or a job may start in (/tmp itself and
# /). Not all of /tmp: other test runs plant PWNED traps in their own dirs.
no_pwned() {
    local hits
    hits=$( (find "$T" "$HOME" -maxdepth 6 -name PWNED; find /tmp / -maxdepth 1 -name PWNED) \
        2>/dev/null | head -5)
    [ -z "$hits" ] || fail "hostile value was executed: $hits"
}

free_port() {
    local p
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        p=$(( 20000 + (RANDOM % 30000) ))
        if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo $p; return 0; fi
    done
    return 1
}

make_fixture() {
    local bindir testruns
    bindir=$(dirname "$RELCAP")
    testruns="$bindir/tests/test_runs"
    [ -x "$testruns" ] || fail "fixture builder $testruns missing (build the tests)"
    SHA=$("$testruns" --make-repo "$FX") || fail "fixture"
    [ ${#SHA} = 40 ] || fail "fixture gave '$SHA'"
}

# Common scenario set for a node NAME on backend B.
# results_local: where fetched results are expected on this machine.
scenarios() {
    local node=$1 id out st
    say "$node: start, follow, succeed, results imported"
    id=$(start_run "$node" --tag v0.9.2rc1 --test serve_llama8B --test sleep=2)
    [ -n "$id" ] || fail "no run id"
    out=$(rc run log "$id" --follow 2>&1); st=$?
    echo "$out"
    [ $st = 0 ] || fail "follow exit $st"
    grep -q "commit=$SHA tag=v0.9.2rc1" <<<"$out" || fail "commit/tag not passed"
    grep -q 'step 1' <<<"$out" || fail "log not followed"
    grep -qF 'note=$(touch PWNED) ; `touch PWNED`' <<<"$out" || fail "env not inert"
    expect_state "$id" succeeded
    [ "$(run_field "$id" exit_code)" = 0 ] || fail "exit code"
    run_obj "$id" | grep -q '"files":[[:space:]]*1' || { run_obj "$id"; fail "results not imported"; }
    run_obj "$id" | grep -q '"results":[[:space:]]*[1-9]' || fail "no samples imported"

    say "$node: the end time is the node's, not when relcap looked"
    id=$(start_run "$node" --tag v0.9.2rc1 --test sleep=1)
    sleep 10 # nobody polls meanwhile
    out=$(run_field "$id" ended_at) # run list polls first
    expect_state "$id" succeeded
    local ended polled
    ended=$(date -u -d "$out" +%s) || fail "ended_at '$out'"
    polled=$(date +%s)
    [ $((polled - ended)) -ge 4 ] || { run_obj "$id"; fail "ended_at $out is the poll time"; }

    say "$node: fail with an exit code"
    id=$(start_run "$node" --branch releases/v0.9.2 --test exit=3)
    out=$(rc run log "$id" --follow 2>&1); st=$?
    [ $st = 1 ] || fail "follow of a failing run exit $st"
    grep -q 'branch=releases/v0.9.2' <<<"$out" || fail "branch not passed"
    expect_state "$id" failed
    [ "$(run_field "$id" exit_code)" = 3 ] || { run_obj "$id"; fail "exit code not 3"; }

    say "$node: cancel"
    id=$(start_run "$node" --commit "$SHA" --test sleep=120)
    wait_state "$id" running 30
    sleep 1
    rc run cancel "$id" || fail "cancel"
    expect_state "$id" cancelled
    CANCELLED_ID=$id

    say "$node: relcap killed mid-run re-attaches"
    id=$(start_run "$node" --tag v0.9.2rc1 --test sleep=5)
    timeout -s KILL 2 "$RELCAP" -C "$FX/repo" --db "$DB" run log "$id" --follow >/dev/null 2>&1
    [ $? = 137 ] || fail "follow was not killed"
    out=$(rc run log "$id" --follow 2>&1); st=$?
    [ $st = 0 ] || { echo "$out"; fail "re-attached follow exit $st"; }
    grep -q 'step 4' <<<"$out" || fail "re-attached log incomplete"
    expect_state "$id" succeeded

    say "$node: hostile values"
    local before after
    before=$(rc run list --json | grep -c '"id":')
    out=$(rc run start "$node" --branch 'releases/v1$(touch${IFS}PWNED)' 2>&1) && fail "hostile branch accepted"
    grep -qF 'refusing {branch} value' <<<"$out" || fail "no clear refusal: $out"
    out=$(rc run start "$node" --branch 'v1;touch${IFS}PWNED' 2>&1) && fail "hostile branch accepted"
    grep -qF 'refusing {branch} value' <<<"$out" || fail "no clear refusal: $out"
    out=$(rc run start "$node" --branch 'v1;touch PWNED' 2>&1) && fail "invalid branch accepted"
    out=$(rc run start "$node" --tag $'v1\ntouch PWNED' 2>&1) && fail "newline tag accepted"
    out=$(rc run start "$node" --tag v0.9.2rc1 --test $'x\ntouch PWNED' 2>&1) && fail "newline test accepted"
    grep -qF 'refusing {test} value' <<<"$out" || fail "no clear refusal: $out"
    after=$(rc run list --json | grep -c '"id":')
    [ "$before" = "$after" ] || fail "a refused start left a run behind"
    no_pwned
}

# Starts an OpenSSH server on 127.0.0.1 for this test (keys made here) in
# $T; extra sshd_config lines in $SSHD_EXTRA. Prints why and fails when it
# cannot; writes $T/sshd.port. Installs openssh-server when missing (root).
start_sshd() {
    local sshd=/usr/sbin/sshd port up
    if [ ! -x $sshd ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server >/dev/null 2>&1
    fi
    [ -x $sshd ] || { echo "no OpenSSH server ($sshd) and it could not be installed"; return 1; }
    command -v ssh >/dev/null && command -v scp >/dev/null || { echo "no ssh/scp client"; return 1; }
    mkdir -p /run/sshd
    ssh-keygen -q -t ed25519 -N '' -f "$T/host_key" </dev/null || { echo "ssh-keygen failed"; return 1; }
    ssh-keygen -q -t ed25519 -N '' -f "$T/client_key" </dev/null || { echo "ssh-keygen failed"; return 1; }
    cp "$T/client_key.pub" "$T/authorized_keys"
    port=$(free_port) || { echo "no free port"; return 1; }
    cat > "$T/sshd_config" <<CFG
ListenAddress 127.0.0.1
Port $port
HostKey $T/host_key
PidFile $T/sshd.pid
AuthorizedKeysFile $T/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
${SSHD_EXTRA:-}
CFG
    $sshd -t -f "$T/sshd_config" >/dev/null 2>&1 || { echo "sshd -t rejects the test configuration"; return 1; }
    $sshd -f "$T/sshd_config" -E "$T/sshd.log" || { echo "sshd did not start: $(tail -2 "$T/sshd.log")"; return 1; }
    up=0
    for _ in $(seq 1 40); do
        if ssh -p "$port" -i "$T/client_key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
            -o BatchMode=yes -o LogLevel=ERROR 127.0.0.1 true </dev/null 2>/dev/null; then up=1; break; fi
        sleep 0.25
    done
    [ $up = 1 ] || { echo "sshd on 127.0.0.1:$port does not accept the key: $(tail -3 "$T/sshd.log")"; return 1; }
    echo "$port" > "$T/sshd.port"
}

stop_sshd() {
    [ -f "$T/sshd.pid" ] && kill "$(cat "$T/sshd.pid")" 2>/dev/null
    rm -f "$T/sshd.pid"
}

# The config lines of a node that runs the fixture's bench.sh with every
# placeholder, and an environment value that must stay inert.
bench_node_lines() {
    printf '\tcommand = %s\n' "$FX/bench.sh" '{run}' '{commit}' '{tag}' '{branch}' '{results}' '{test}'
    printf '\tenv = "RC_NOTE=$(touch PWNED) ; `touch PWNED`"\n'
}

# The config lines that reach the sshd of start_sshd on port $1.
ssh_node_lines() {
    printf '\thost = 127.0.0.1\n\tport = %s\n\tidentity = %s\n' "$1" "$T/client_key"
    printf '\tsshOption = %s\n' StrictHostKeyChecking=no UserKnownHostsFile=/dev/null
}
