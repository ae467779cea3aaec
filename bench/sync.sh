#!/bin/sh
# Sync benchmark: relcap's cold and warm `sync` against a git CLI script
# doing the same measurements (for-each-ref, merge-base, rev-list --count per
# branch) on a large synthetic history generated once by gen_history.sh.
# Usage: bench/sync.sh [RELCAP_BINARY] [WORKDIR]
# Prints a markdown table of times (best of RUNS), peak memory and ratios.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
relcap=${1:-$here/../build/relcap}
work=${2:-/tmp/relcap-bench-sync}
runs=${RUNS:-3}
gitruns=${GITRUNS:-1} # the git CLI script takes minutes
repo=$work/repo
mkdir -p "$work"
if [ ! -f "$work/generated" ]; then
    echo "generating history in $repo (once)..." >&2
    t0=$(date +%s.%N)
    sh "$here/gen_history.sh" "$repo" "${MAIN:-100000}" "${BRANCHES:-100}" "${PICKS:-10}"
    t1=$(date +%s.%N)
    echo "generated in $(echo "$t1 - $t0" | bc) s" >&2
    touch "$work/generated"
fi
export HOME=$work/home XDG_CONFIG_HOME=$work/home
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$HOME"

# The git CLI script: what a shell script would do to get the same numbers.
cat > "$work/gitcli.sh" <<'SH'
#!/bin/sh
set -eu
cd "$1"
git for-each-ref --format='%(refname:short)' 'refs/heads/releases/' 'refs/heads/v*-dev' |
while read -r b; do
    cut=$(git merge-base main "$b")
    ahead=$(git rev-list --count "main..$b")
    behind=$(git rev-list --count "$b..main")
    echo "$b $cut $ahead $behind"
done > /dev/null
git for-each-ref --format='%(refname:short) %(objectname) %(*objectname)' refs/tags > /dev/null
SH

# peak RSS in KB and wall seconds of one run: "SECONDS KB"
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time.out" "$@" > /dev/null 2> "$work/err.out" ||
        { cat "$work/err.out" >&2; exit 1; }
    cat "$work/time.out"
}
best() { # best wall time and max RSS of $n runs of a setup + command
    n=$1; setup=$2; shift 2
    bt=; bm=0
    for i in $(seq "$n"); do
        eval "$setup"
        r=$(measure "$@")
        t=${r% *}; m=${r#* }
        if [ -z "$bt" ] || [ "$(echo "$t < $bt" | bc)" = 1 ]; then bt=$t; fi
        [ "$m" -gt "$bm" ] && bm=$m
    done
    echo "$bt $bm"
}
db=$work/cache.db
cold=$(best "$runs" 'rm -f "$db" "$db-wal" "$db-shm"' "$relcap" -C "$repo" --db "$db" sync --no-fetch --git-only --quiet)
warm=$(best "$runs" ':' "$relcap" -C "$repo" --db "$db" sync --no-fetch --git-only --quiet)
# one moved branch: two new commits on the newest release branch
moved=$(best "$runs" 'git -C "$repo" commit-tree -p v0.100.0-dev -m "bench pick" "v0.100.0-dev^{tree}" > "$work/new" && git -C "$repo" update-ref refs/heads/v0.100.0-dev "$(cat "$work/new")"' \
    "$relcap" -C "$repo" --db "$db" sync --no-fetch --git-only --quiet)
gitcli=$(best "$gitruns" ':' sh "$work/gitcli.sh" "$repo")
"$relcap" -C "$repo" --db "$db" sync --no-fetch --git-only | sed 's/^/relcap: /' >&2

# The git CLI again with a commit-graph file (what `git gc` or
# `git maintenance` leave behind), on a copy so the runs above are untouched.
cg=
if [ "${COMMIT_GRAPH:-1}" = 1 ]; then
    rm -rf "$work/repo-cg"
    cp -r "$repo" "$work/repo-cg"
    git -C "$work/repo-cg" commit-graph write --reachable 2> /dev/null
    cg=$(best "$gitruns" ':' sh "$work/gitcli.sh" "$work/repo-cg")
    cgrel=$(best "$runs" 'rm -f "$db" "$db-wal" "$db-shm"' "$relcap" -C "$work/repo-cg" --db "$db" sync --no-fetch --git-only --quiet)
fi

t() { echo "${1% *}"; }
mb() { echo "scale=1; ${1#* } / 1024" | bc; }
ratio() { echo "scale=3; $1 / $2" | bc; }
commits=$(git -C "$repo" rev-list --count main)
nb=$(git -C "$repo" for-each-ref 'refs/heads/releases/' 'refs/heads/v*-dev' | wc -l)
nt=$(git -C "$repo" tag | wc -l)
cat <<EOF2
History: $commits commits on main, $nb release branches, $nt tags; relcap best of $runs runs, git CLI best of $gitruns, $(nproc) cores, $(git --version).

| run | wall s | peak MB | ratio |
|---|---|---|---|
| git CLI script (for-each-ref, merge-base, 2x rev-list --count per branch) | $(t "$gitcli") | $(mb "$gitcli") | 1.00 |
| relcap sync, cold (empty cache) | $(t "$cold") | $(mb "$cold") | $(ratio "$(t "$cold")" "$(t "$gitcli")") of git CLI |
| relcap sync, warm, nothing moved | $(t "$warm") | $(mb "$warm") | $(ratio "$(t "$warm")" "$(t "$cold")") of cold |
| relcap sync, one branch moved by one commit | $(t "$moved") | $(mb "$moved") | $(ratio "$(t "$moved")" "$(t "$cold")") of cold |
EOF2
if [ -n "$cg" ]; then
cat <<EOF2
| git CLI script, repository with a commit-graph file | $(t "$cg") | $(mb "$cg") | 1.00 |
| relcap sync, cold, same repository (libgit2 1.5 does not read commit-graph) | $(t "$cgrel") | $(mb "$cgrel") | $(ratio "$(t "$cgrel")" "$(t "$cg")") of git CLI |
EOF2
fi
