#!/bin/bash
# Perf runs on a slurm node: a single-node slurmctld + slurmd with munge on
# localhost, started here (see shared testbeds notes). Start, follow,
# succeed with results imported, fail with an exit code, cancel, re-attach
# after relcap is killed, hostile values. Exit 77 (skipped) when slurm or
# munge cannot run.
RELCAP=$(readlink -f "$1"); SRC=$2
. "$SRC/tests/runs_lib.bash"

need() { for b in slurmctld slurmd sbatch squeue scontrol scancel sinfo munged mungekey; do
    command -v $b >/dev/null || return 1; done; }
if ! need && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurmctld slurmd slurm-client munge >/dev/null 2>&1
fi
need || skip "slurm (slurmctld, slurmd, client tools) or munge is not installed and could not be"

T=$(mktemp -d /tmp/relcap-runs-slurm-XXXXXX)
chmod 755 "$T"
FX=$T/fx; DB=$T/cache.db; M=$T/munge
export SLURM_CONF=$T/slurm.conf
PIDS=()
cleanup() {
    if [ -n "$SLURM_UP" ]; then
        scancel --user="$(id -un)" 2>/dev/null
        for _ in $(seq 1 40); do [ -z "$(squeue -h 2>/dev/null)" ] && break; sleep 0.25; done
    fi
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
    [ -f "$M/munged.pid" ] && kill "$(cat "$M/munged.pid")" 2>/dev/null
    stop_sshd
    rm -rf "$T"
}
trap cleanup EXIT

mkdir -m 755 "$M"
mungekey -c -k "$M/munge.key" >/dev/null 2>&1 || skip "mungekey failed"
chmod 600 "$M/munge.key"
munged --key-file="$M/munge.key" --socket="$M/munge.socket" --pid-file="$M/munged.pid" \
    --log-file="$M/munged.log" --seed-file="$M/munge.seed" || skip "munged did not start: $(tail -2 "$M/munged.log" 2>/dev/null)"

P1=$(free_port) && P2=$(free_port) || skip "no free ports"
[ "$P1" != "$P2" ] || P2=$((P1 + 1))
HOST=$(hostname -s)
MEM=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
[ -n "$MEM" ] || MEM=1000
mkdir -p "$T/state" "$T/spool" "$T/base"
cat > "$SLURM_CONF" <<CFG
ClusterName=relcaptest
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$M/munge.socket
CommunicationParameters=NoInAddrAny,NoCtldInAddrAny
SlurmctldPort=$P1
SlurmdPort=$P2
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
MinJobAge=3600
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CFG
slurmctld -D >"$T/slurmctld.out" 2>&1 & PIDS+=($!)
slurmd -D >"$T/slurmd.out" 2>&1 & PIDS+=($!)
SLURM_UP=1
up=0
for _ in $(seq 1 60); do
    [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && { up=1; break; }
    sleep 0.5
done
[ $up = 1 ] || skip "slurm did not come up: $(tail -3 "$T/slurmctld.log" "$T/slurmd.log" 2>/dev/null)"

make_fixture
cat >> "$FX/repo/.git/config" <<CFG
[relcap "node.mi300x-slurm"]
	backend = slurm
	kind = rocm
	partition = debug
	time = 10
	gpus = 0
	workdir = $T/base
$(bench_node_lines)
CFG

say "nodes --check"
out=$(rc nodes --check 2>&1); st=$?
echo "$out"
[ $st = 0 ] || fail "nodes --check exit $st"
grep -q 'reachable: yes (sinfo: debug' <<<"$out" || fail "controller not reachable"

# The compute node's GPU tool: the job asks it before the command (fixed
# job script text) and relcap reads the answer at import. sbatch hands the
# job this PATH.
mkdir -p "$T/nodebin"
cat > "$T/nodebin/rocm-smi" <<'SMI'
#!/bin/sh
printf '{"card0": {"Card series": "AMD Instinct MI300X\033]0;x\007", "Card model": "0x74a1"},'
printf ' "system": {"Driver version": "6.8.5"}}\n'
SMI
chmod +x "$T/nodebin/rocm-smi"
export PATH="$T/nodebin:$PATH"

# results are filed under the node's hardware, derived from kind=rocm
scenarios mi300x-slurm
run_field 1 hardware | grep -qx MI300X || fail "hardware not MI300X"

say "the compute node's environment came with the results"
run_obj 1 | tr -d '\n\t' | grep -qF '"env":{"gpu":"AMD Instinct MI300X","driver":"6.8.5"' ||
    { run_obj 1; fail "run 1 env"; }

say "jobs are named relcap-RUN"
job=$(run_field 1 remote_id)
scontrol show job "$job" -o | grep -q "JobName=relcap-1 " || fail "job name"

say "cancel reached slurm"
job=$(run_field "$CANCELLED_ID" remote_id)
for _ in $(seq 1 20); do
    scontrol show job "$job" -o | grep -q 'JobState=CANCELLED' && break; sleep 0.25
done
scontrol show job "$job" -o | grep -q 'JobState=CANCELLED' || fail "job $job not cancelled in slurm"
say "slurm forgets a run: lost"
id=$(start_run mi300x-slurm --tag v0.9.2rc1 --test sleep=120)
wait_state "$id" running 30
scancel "$(run_field "$id" remote_id)"
for _ in $(seq 1 40); do [ -z "$(squeue -h)" ] && break; sleep 0.25; done
kill "${PIDS[0]}"; wait "${PIDS[0]}" 2>/dev/null
slurmctld -D -c >"$T/slurmctld2.out" 2>&1 & PIDS[0]=$!
for _ in $(seq 1 60); do [ "$(sinfo -h -o %t 2>/dev/null)" = idle ] && break; sleep 0.5; done
rc run refresh >/dev/null
expect_state "$id" lost
run_field "$id" reason | grep -q 'slurm no longer knows job' || { run_obj "$id"; fail "lost reason"; }
say "slurm submitted over ssh"
# sshd gives the session the test cluster's SLURM_CONF
SSHD_EXTRA="SetEnv SLURM_CONF=$SLURM_CONF"
if why=$(start_sshd); then
    PORT=$(cat "$T/sshd.port")
    mkdir -p "$T/remote"
    cat >> "$FX/repo/.git/config" <<CFG
[relcap "node.h100-slurm-ssh"]
	backend = slurm
$(ssh_node_lines "$PORT")
	gpus = 0
	partition = debug
	workdir = $T/remote
$(bench_node_lines)
CFG
    id=$(start_run h100-slurm-ssh --tag v0.9.2rc1 --test sleep=1)
    out=$(rc run log "$id" --follow 2>&1); st=$?
    [ $st = 0 ] || { echo "$out"; run_obj "$id"; fail "slurm over ssh: follow exit $st"; }
    grep -qF 'note=$(touch PWNED) ; `touch PWNED`' <<<"$out" || fail "env not inert over ssh"
    run_obj "$id" | grep -q '"files":[[:space:]]*1' || { run_obj "$id"; fail "results not imported"; }
    ls "$FX/repo/.git/relcap/runs/$id/fetched/results/serve_llama8B.json" >/dev/null || fail "no scp copy"
    id=$(start_run h100-slurm-ssh --tag v0.9.2rc1 --test exit=4)
    rc run log "$id" --follow >/dev/null 2>&1 && fail "failing job succeeded"
    [ "$(run_field "$id" exit_code)" = 4 ] || { run_obj "$id"; fail "exit code over ssh"; }
    out=$(rc run start h100-slurm-ssh --branch 'v1;touch${IFS}PWNED' 2>&1) && fail "hostile accepted"
    grep -qF 'refusing {branch} value' <<<"$out" || fail "no refusal: $out"
else
    echo "slurm over ssh not tested: $why"
fi
no_pwned
echo PASS
