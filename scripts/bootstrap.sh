#!/usr/bin/env bash
# One entry point for set-up on Debian 12:
#   scripts/bootstrap.sh demo   install what is missing, build, open the cockpit on the demo history
#   scripts/bootstrap.sh test   install what is missing, build (warnings are errors), run every test
#                               (plain and ASan+UBSan), print the skipped count (CI=true: skips fail)
#   scripts/bootstrap.sh build  install what is missing and build only
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_PKGS="build-essential cmake pkg-config git libncurses-dev libgit2-dev libcurl4-openssl-dev
          libcjson-dev libsqlite3-dev libcmocka-dev libmicrohttpd-dev"
TEST_PKGS="tmux openssh-server openssh-client clang libclang-rt-14-dev mandoc jq python3 unzip openssl
           slurmctld slurmd slurm-client munge"

install_pkgs() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null; then sudo="sudo"; else
            echo "relcap: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
        fi
    fi
    echo "relcap: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build() { # build DIR [cmake args...]
    local dir=$1; shift
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j"$(nproc)"
}

# suite DIR: ctest in DIR, then the skipped tests: a skip proves nothing, so the
# count is printed, and under CI=true one not on tests/skip-allowed.txt fails
# the run (the test itself fails too: tests/testutil.c tu_skip, tests/skipgate.bash).
suite() {
    local dir=$1 status=0
    export RELCAP_SKIP_LOG=$PWD/$dir/skipped.log
    : >"$RELCAP_SKIP_LOG"
    (cd "$dir" && ctest --output-on-failure -j2) || status=1
    local n refused
    n=$(wc -l <"$RELCAP_SKIP_LOG")
    refused=$(grep -c $'\tnot-allowed\t' "$RELCAP_SKIP_LOG" || true)
    echo "relcap: $dir: skipped = $n ($((n - refused)) on tests/skip-allowed.txt)"
    if [ "$n" -gt 0 ]; then sed 's/^/relcap:   skipped /' "$RELCAP_SKIP_LOG"; fi
    case "${CI:-}" in "" | 0 | false) ;; *) [ "$refused" -eq 0 ] || status=1 ;; esac
    return $status
}

case "${1:-}" in
demo)
    # shellcheck disable=SC2086
    install_pkgs $RUN_PKGS
    build build
    shift
    exec build/relcap demo "$@"
    ;;
build)
    # shellcheck disable=SC2086
    install_pkgs $RUN_PKGS
    build build
    ;;
test)
    # shellcheck disable=SC2086
    install_pkgs $RUN_PKGS $TEST_PKGS
    # the concurrency test runs 30 s in CI (60 s by default when run alone)
    export RELCAP_CONCURRENCY_SECONDS=${RELCAP_CONCURRENCY_SECONDS:-30}
    failed=0
    build build -DRELCAP_WERROR=ON
    suite build || failed=1
    if [ "${RELCAP_SKIP_ASAN:-0}" != 1 ]; then
        # LSAN_OPTIONS (tests/lsan.supp) is set per test by tests/CMakeLists.txt.
        build build-asan -DRELCAP_WERROR=ON -DRELCAP_SANITIZE=ON -DCMAKE_C_COMPILER=clang
        ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 suite build-asan || failed=1
    fi
    # Fuzz smoke: every libFuzzer target for RELCAP_FUZZ_SECONDS (20) from its seeds.
    if [ "${RELCAP_SKIP_FUZZ:-0}" != 1 ]; then
        tests/fuzz/run.sh "${RELCAP_FUZZ_SECONDS:-20}" || failed=1
    fi
    exit $failed
    ;;
*)
    echo "usage: scripts/bootstrap.sh demo|test|build" >&2
    exit 2
    ;;
esac
