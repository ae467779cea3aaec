#!/usr/bin/env bash
# One entry point for set-up on Debian 12:
#   scripts/bootstrap.sh demo   install what is missing, build, open the cockpit on the demo history
#   scripts/bootstrap.sh test   install what is missing, build, run every test (plain and ASan+UBSan)
#   scripts/bootstrap.sh build  install what is missing and build only
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_PKGS="build-essential cmake pkg-config git libncurses-dev libgit2-dev libcurl4-openssl-dev
          libcjson-dev libsqlite3-dev libcmocka-dev libmicrohttpd-dev"
TEST_PKGS="tmux openssh-server openssh-client clang libclang-rt-14-dev mandoc jq python3 unzip
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
    build build
    (cd build && ctest --output-on-failure -j2)
    if [ "${RELCAP_SKIP_ASAN:-0}" != 1 ]; then
        build build-asan -DRELCAP_SANITIZE=ON -DCMAKE_C_COMPILER=clang
        (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
            LSAN_OPTIONS="suppressions=$PWD/../tests/lsan.supp:print_suppressions=0" \
            ctest --output-on-failure -j2 -LE nosan)
    fi
    # Fuzz smoke: every libFuzzer target for RELCAP_FUZZ_SECONDS (20) from its seeds.
    if [ "${RELCAP_SKIP_FUZZ:-0}" != 1 ]; then
        tests/fuzz/run.sh "${RELCAP_FUZZ_SECONDS:-20}"
    fi
    ;;
*)
    echo "usage: scripts/bootstrap.sh demo|test|build" >&2
    exit 2
    ;;
esac
