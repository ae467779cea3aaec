#!/usr/bin/env bash
# relcap sync on the demo history: branches and tags as JSON, checked against
# the git CLI. Skipped (77) while jq or git is not available; a failing demo fails.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need jq git
demo_make
cd "$tmp/repo"
"$relcap" sync --no-fetch --git-only --quiet || fail "sync"
"$relcap" branches --json >"$tmp/b.json"
"$relcap" tags --json >"$tmp/t.json"
main=$(git config relcap.mainBranch || echo main)

# every release branch: cut, ahead, behind, head as git says
nb=$(jq length "$tmp/b.json")
[ "$nb" -ge 4 ] || fail "expected at least four release lines, got $nb"
for i in $(seq 0 $((nb - 1))); do
    name=$(jq -r ".[$i].name" "$tmp/b.json")
    ref=refs/heads/$name
    [ "$(jq -r ".[$i].cut_sha" "$tmp/b.json")" = "$(git merge-base "$main" "$ref")" ] || fail "cut of $name"
    [ "$(jq -r ".[$i].ahead" "$tmp/b.json")" = "$(git rev-list --count "$main..$ref")" ] || fail "ahead of $name"
    [ "$(jq -r ".[$i].behind" "$tmp/b.json")" = "$(git rev-list --count "$ref..$main")" ] || fail "behind of $name"
    [ "$(jq -r ".[$i].head_sha" "$tmp/b.json")" = "$(git rev-parse "$ref")" ] || fail "head of $name"
    lt=$(jq -r ".[$i].latest_tag" "$tmp/b.json")
    if [ "$lt" != null ]; then
        git merge-base --is-ancestor "$lt" "$ref" || fail "latest tag $lt not on $name"
    fi
done
jq -e 'map(.status) | index("unmaintained") != null' "$tmp/b.json" >/dev/null || fail "no unmaintained line"
jq -e 'map(.name) | map(test("-dev$")) | any' "$tmp/b.json" >/dev/null || fail "no vX.Y.Z-dev branch"

# every tag: its commit, main containing it or not, sorted by version
[ "$(jq length "$tmp/t.json")" = "$(git tag | wc -l)" ] || fail "tag count"
nt=$(jq length "$tmp/t.json")
for i in $(seq 0 $((nt - 1))); do
    name=$(jq -r ".[$i].name" "$tmp/t.json")
    [ "$(jq -r ".[$i].sha" "$tmp/t.json")" = "$(git rev-parse "$name^{commit}")" ] || fail "sha of $name"
    if git merge-base --is-ancestor "$name" "$main"; then want=true; else want=false; fi
    [ "$(jq -r ".[$i].on_main" "$tmp/t.json")" = "$want" ] || fail "on_main of $name"
    br=$(jq -r ".[$i].branch" "$tmp/t.json")
    if [ "$br" != null ]; then
        git merge-base --is-ancestor "$name" "refs/heads/$br" || fail "$name not on $br"
    fi
done
jq -r '.[].version' "$tmp/t.json" >"$tmp/order"
"$relcap" version sort <"$tmp/order" | diff - "$tmp/order" || fail "tags not in version order"
jq -e 'map(.kind) | (index("rc") and index("final") and index("post"))' "$tmp/t.json" >/dev/null ||
    fail "demo kinds"
echo ok
