# The prologue of the tests/sh/*.sh that work on the demo history (sourced,
# not a test: ctest runs *.sh only). Source it with the script's arguments
# ($1 = relcap binary, $2 = source dir) still in place:
#   . "$(dirname "$0")/demo_lib.bash"
# It sets relcap (made absolute, so a script may cd), src, tmp (a fresh
# directory, removed on exit, that is also HOME and XDG_CONFIG_HOME, so no
# user configuration leaks in), repo ($tmp/repo) and B (the demo's release
# branch), and defines:
#   fail MSG...      prints FAIL: MSG and exits 1
#   need TOOL...     exits 77 (a skip, which fails under CI) when a tool is missing
#   demo_make [SEED] builds the demo history in $repo (no seed: the default one)
#   git_identity     exports a git author and committer, for commits a test makes
#   dump_analysis DB the rows of picks, conflicts and prereqs in DB, sorted (row
#                    order is SQLite's business, not an output)
#   r ARGS...        relcap -C $repo as the captain "tester"
#   case_sha NAME    the commit of a planted case (.relcap-demo/planted.json)
#   notes_resolve WT MSG  commits the planted RELEASE.md conflict resolved in worktree WT
#   planted_regression  sets hw model test metric: bench diff's one regression
relcap=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=${2:-}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
need() {
    local t
    for t; do
        command -v "$t" >/dev/null || { echo "$t missing" >&2; exit 77; }
    done
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp XDG_CONFIG_HOME=$tmp
repo=$tmp/repo
B=releases/v0.9.2
demo_make() {
    "$relcap" demo "$repo" --no-ui ${1:+--seed "$1"} >/dev/null || fail "relcap demo"
}
dump_analysis() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for t in ("picks", "conflicts", "prereqs"):
    for row in sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr):
        print(t, repr(row))
PY
}
git_identity() {
    export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t \
        GIT_COMMITTER_EMAIL=t@example.com
}
r() { "$relcap" -C "$repo" -c relcap.author=tester "$@"; }
case_sha() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][sys.argv[2]]["sha"])' \
        "$repo/.relcap-demo/planted.json" "$1"
}
notes_resolve() {
    python3 - "$1/RELEASE.md" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
fixed = re.sub(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", r"\1\2", s, flags=re.S)
assert fixed != s
open(p, "w").write(fixed)
PY
    git -C "$1" commit -qam "[Release] Resolve the conflict left in the v0.9.2 notes" || fail "$2"
}
planted_regression() {
    r bench diff --json >"$tmp/diff.json" || fail "bench diff"
    read -r hw model test metric < <(python3 - "$tmp/diff.json" <<'PY'
import json, sys
rows = [r for r in json.load(open(sys.argv[1]))["rows"] if r["verdict"] == "regression"]
assert len(rows) == 1, rows
x = rows[0]
print(x["hardware"], x["model"], x["test"], x["metric"])
PY
)
}
