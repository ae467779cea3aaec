#!/usr/bin/env bash
# mandoc -Tlint is clean on both pages, and cmake --install puts the binary and
# the pages in place.
set -euo pipefail
bin=$1 src=$2
command -v mandoc >/dev/null || { echo "SKIP: mandoc not installed"; exit 77; }
for page in "$src"/man/relcap.1 "$src"/man/relcap-config.5; do
    out=$(mandoc -Tlint -W warning "$page" 2>&1 || true)
    if [ -n "$out" ]; then echo "$out"; exit 1; fi
done
build=$(dirname "$bin")
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
cmake --install "$build" --prefix "$dest" >/dev/null
test -x "$dest/bin/relcap"
test -f "$dest/share/man/man1/relcap.1"
test -f "$dest/share/man/man5/relcap-config.5"
echo "man pages lint-clean and installed"
