#!/bin/bash
# Perf runs on an ssh node: a real OpenSSH server on 127.0.0.1 with keys
# made here. Start, follow, succeed with results copied back by scp and
# imported, fail with an exit code, cancel, re-attach after relcap is
# killed, lost, hostile values. Exit 77 (skipped) when sshd cannot run.
RELCAP=$(readlink -f "$1"); SRC=$2
. "$SRC/tests/runs_lib.bash"

T=$(mktemp -d /tmp/relcap-runs-ssh-XXXXXX)
FX=$T/fx; DB=$T/cache.db
cleanup() {
    stop_sshd
    # stop what the runs left (only our own run directories)
    for p in "$T"/remote/runs/*/pid; do [ -s "$p" ] && kill -KILL -- -"$(cat "$p")" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/remote" "$T/nodebin"
# The node's GPU tools go in $T/nodebin (after nodes --check), first on the
# ssh session's PATH.
SSHD_EXTRA="SetEnv PATH=$T/nodebin:/usr/local/bin:/usr/bin:/bin"
why=$(start_sshd) || skip "$why"
PORT=$(cat "$T/sshd.port")

make_fixture
cat >> "$FX/repo/.git/config" <<CFG
[relcap "node.h100-ssh"]
	backend = ssh
	kind = cuda
	hardware = H100
$(ssh_node_lines "$PORT")
	workdir = $T/remote
$(bench_node_lines)
[relcap "node.down"]
	backend = ssh
	host = 127.0.0.1
	port = 1
	command = true
CFG

say "nodes --check"
out=$(rc nodes --check 2>&1); st=$?
echo "$out"
[ $st = 1 ] || fail "nodes --check should fail for the down node (exit $st)"
grep -A2 '^h100-ssh' <<<"$out" | grep -q 'reachable: yes' || fail "ssh node not reachable"
grep -A2 '^down' <<<"$out" | grep -q 'reachable: NO' || fail "down node reported reachable"
if ! command -v nvidia-smi >/dev/null; then
    grep -A2 '^h100-ssh' <<<"$out" | grep -q 'no nvidia-smi on this node' || fail "missing GPU tool not reported"
fi

# relcap asks them over ssh when a run starts (fixed text, no configured
# value); the answer holds an escape sequence and a shell command.
printf '#!/bin/sh\nprintf "NVIDIA H100 80GB HBM3\\033[2J;rm -rf ~, 550.54.15\\n"\n' > "$T/nodebin/nvidia-smi"
printf '#!/bin/sh\ncase "$2" in *"import torch"*) printf "2.6.0\\n12.4\\n\\n";; *) exit 1;; esac\n' \
    > "$T/nodebin/python3"
chmod +x "$T/nodebin/"*

scenarios h100-ssh

say "the node's environment, asked over ssh at the start, came with the results"
run_obj 1 | grep -q '"env":' || { run_obj 1; fail "run 1 has no env"; }
# (the login shell's rc files may put another python3 first on PATH: torch
# is checked by runs_env.sh; here the GPU and its driver)
run_obj 1 | tr -d '\n\t ' | grep -qF '"env":{"gpu":"NVIDIAH10080GBHBM3;rm-rf~","driver":"550.54.15"' ||
    { run_obj 1; fail "run 1 env"; }
run_obj 1 | grep -q '\\u001b' && fail "an escape was stored"

say "results were copied back with scp"
ls "$FX"/repo/.git/relcap/runs/1/fetched/results/serve_llama8B.json || fail "no local copy"

say "cancel stopped the remote process"
pid=$(cat "$T/remote/runs/$CANCELLED_ID/pid")
for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
kill -0 "$pid" 2>/dev/null && fail "cancelled run's process $pid still alive"

say "the node forgets a run: lost"
id=$(start_run h100-ssh --tag v0.9.2rc1 --test sleep=120)
wait_state "$id" running 30
kill -KILL -- -"$(cat "$T/remote/runs/$id/pid")"
rm -rf "$T/remote/runs/$id"
rc run refresh >/dev/null
expect_state "$id" lost
run_field "$id" reason | grep -q 'no run directory' || fail "lost without a reason"

say "an unreachable node keeps its runs' state"
id=$(start_run h100-ssh --tag v0.9.2rc1 --test sleep=120)
wait_state "$id" running 30
stop_sshd; sleep 0.5
rc run refresh >/dev/null
expect_state "$id" running
run_field "$id" reason | grep -q '^refresh: node h100-ssh: ssh' || { run_obj "$id"; fail "no reason"; }
no_pwned
echo "PASS"
