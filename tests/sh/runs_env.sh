#!/bin/bash
# The environment a run ran on, asked on the node when relcap starts it (local
# backend: nvidia-smi and python3 started here, argv only): a fake nvidia-smi
# and python3 first on PATH answer. Checked through the binary: the run's
# recorded env (run list --json, imported.env), the env of the results it
# brought, and `bench diff --json` saying env_changed between two runs whose
# driver and torch differ. A hostile GPU name (a shell command, an escape
# sequence, a command substitution) stays text: nothing runs, the escape is
# gone from what is stored and printed.
RELCAP=$(readlink -f "$1"); SRC=$2
. "$SRC/tests/runs_lib.bash"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"
PY=$(command -v python3)

T=$(mktemp -d /tmp/relcap-runs-env-XXXXXX)
FX=$T/fx; DB=$T/cache.db
trap 'rm -rf "$T"' EXIT
make_fixture
cat >> "$FX/repo/.git/config" <<CFG
[relcap "node.h100-local"]
	backend = local
	kind = cuda
	hardware = H100
$(bench_node_lines)
CFG

# The fake tools answer what the files under $T/node say.
mkdir -p "$T/bin" "$T/node"
cat > "$T/bin/nvidia-smi" <<EOF
#!/bin/sh
[ "\$1" = --query-gpu=name,driver_version ] || exit 9
printf '%s, %s\n' "\$(cat "$T/node/gpu")" "\$(cat "$T/node/driver")"
printf 'Second GPU, 1.0\n'
EOF
cat > "$T/bin/python3" <<EOF
#!/bin/sh
case "\$2" in *"import torch"*) printf '%s\n12.4\n\n' "\$(cat "$T/node/torch")"; exit 0;; esac
exec "$PY" "\$@"
EOF
chmod +x "$T/bin/nvidia-smi" "$T/bin/python3"
node() { printf '%s' "$2" > "$T/node/$1"; }
fx_run() { # start a run with the fake tools first on PATH; prints its id
    PATH="$T/bin:$PATH" start_run h100-local "$@"
}
env_of_run() { rc run list --json | "$PY" -c '
import json, sys
r = [x for x in json.load(sys.stdin) if x["id"] == int(sys.argv[1])][0]
print(json.dumps((r["imported"] or {}).get("env"), sort_keys=True))' "$1"; }

BASE=$(git -C "$FX/repo" rev-parse main~1) || fail "base commit"

say "base run: the node's answer is recorded with the run and its results"
node gpu "NVIDIA H100 80GB HBM3"; node driver 550.54.15; node torch 2.5.1
id1=$(fx_run --commit "$BASE" --test serve_llama8B)
wait_state "$id1" succeeded 30
got=$(env_of_run "$id1")
want='{"cuda": "12.4", "driver": "550.54.15", "gpu": "NVIDIA H100 80GB HBM3", "torch": "2.5.1"}'
[ "$got" = "$want" ] || fail "run $id1 env: $got, want $want"

say "head run: another driver and torch, a hostile GPU name"
touch "$T/victim"
node gpu $'NVIDIA H100;rm -rf '"$T/victim"$';\e[31m$(touch PWNED)`touch PWNED`'
node driver 560.35.03; node torch 2.6.0
id2=$(fx_run --tag v0.9.2rc1 --test serve_llama8B)
wait_state "$id2" succeeded 30
[ -e "$T/victim" ] || fail "the GPU name ran as a command"
no_pwned
rc run list --json > "$T/runs.json"
grep -q $'\e' "$T/runs.json" && fail "an escape byte in run list --json"
grep -q '\\u001b' "$T/runs.json" && fail "the escape was stored (escaped in JSON)"
env2=$(env_of_run "$id2")
"$PY" - "$env2" "$T/victim" <<'PYEOF' || fail "run $id2 env: $env2"
import json, sys
e = json.loads(sys.argv[1])
gpu = e["gpu"]
assert gpu.startswith("NVIDIA H100;rm -rf " + sys.argv[2] + ";"), gpu
assert "$(touch PWNED)" in gpu and "\x1b" not in gpu and "[31m" not in gpu, gpu
assert e["driver"] == "560.35.03" and e["torch"] == "2.6.0" and e["cuda"] == "12.4", e
PYEOF

say "bench diff --json: env_changed names what changed"
rc bench diff "$BASE" v0.9.2rc1 --json > "$T/diff.json" || fail "bench diff"
"$PY" - "$T/diff.json" <<'PYEOF' || fail "env_changed: $(cat "$T/diff.json")"
import json, sys
rows = json.load(open(sys.argv[1]))["rows"]
assert rows, "no rows"
for r in rows:
    ch = r["env_changed"] or ""
    assert "driver 550.54.15 -> 560.35.03" in ch and "torch 2.5.1 -> 2.6.0" in ch, r
    assert "cuda" not in ch, ch
    assert "gpu NVIDIA H100 80GB HBM3 -> NVIDIA H100;rm -rf" in ch and "\x1b" not in ch, ch
PYEOF
rc bench diff "$BASE" v0.9.2rc1 > "$T/diff.txt" 2>&1 || fail "bench diff (text)"
grep -q $'\e' "$T/diff.txt" && fail "an escape byte in bench diff"

say "a node without the tools: no env, the run still succeeds"
id3=$(PATH="/usr/bin:/bin" start_run h100-local --tag v0.9.2rc1 --test serve_llama8B)
wait_state "$id3" succeeded 30
[ "$(env_of_run "$id3")" = null ] || fail "run $id3 has an env without the tools: $(env_of_run "$id3")"
echo OK
