#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 30) from its seed corpus;
# fails on the first finding. By hand: tests/fuzz/run.sh 600
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-30}
build=${FUZZ_BUILD:-build-fuzz}
cmake -S . -B "$build" -DRELCAP_FUZZ=ON -DRELCAP_TESTS=OFF -DCMAKE_C_COMPILER=clang \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
status=0
for bin in "$build"/tests/fuzz/fuzz_*; do
    name=$(basename "$bin")
    seeds=tests/fuzz/corpus/${name#fuzz_}
    work=$(mktemp -d)
    [ -d "$seeds" ] && cp -r "$seeds"/. "$work"/
    log=$(mktemp)
    if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$bin" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=1024 \
        -artifact_prefix="$build/crash-$name-" "$work" >"$log" 2>&1; then
        execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
        [ -z "$execs" ] && execs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
        echo "fuzz $name: ok, ${execs:-?} executions in ${secs}s"
    else
        echo "fuzz $name: FINDING"; tail -40 "$log"; status=1
    fi
    rm -rf "$work" "$log"
done
exit $status
