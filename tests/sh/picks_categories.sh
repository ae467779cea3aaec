#!/usr/bin/env bash
# Categories and the queue on a small real repository made with git:
# automation commits (a bot author, a "[skip ci]" generated-file update, a
# configured author) get category automation and action none; the built-in
# subject prefixes measured on a real history, and a configured one; the
# policy violations of the branch in the queue, the next line and
# `picks --json`. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
export GIT_AUTHOR_NAME=Ann GIT_AUTHOR_EMAIL=ann@example.com GIT_COMMITTER_NAME=Ann \
    GIT_COMMITTER_EMAIL=ann@example.com
B=releases/v1.0.0
g() { git -C "$repo" "$@"; }
# commit SUBJECT [AUTHOR EMAIL]: a change of its own file on the current
# branch (named after the subject: it runs in a subshell)
commit() {
    local f
    f=f$(printf '%s' "$1" | cksum | cut -d' ' -f1).txt
    echo "$1" >"$repo/$f"
    g add "$f"
    GIT_AUTHOR_NAME=${2:-Ann} GIT_AUTHOR_EMAIL=${3:-ann@example.com} g commit -qm "$1"
    g rev-parse HEAD
}
git init -q -b main "$repo"
commit "Initial commit" >/dev/null
g branch "$B"
bot=$(commit "[CI] Update nightly support matrices (#100)" "Buildkite Bot" \
    buildkite-bot@users.noreply.github.com)
skip=$(commit "[skip ci] Update nightly support matrices (#101)")
robot=$(commit "[Bugfix] Regenerate the lock file (#102)" "release-robot" rr@example.com)
bugfix=$(commit "[Bug fix] Fix the wrong shape (#103)")
tst=$(commit "[Test] Update the e2e test (#104)")
conv=$(commit "feat(rpa): env override for block sizes (#105)")
kern=$(commit "[Kernel] Faster GMM (#106)")
kfix=$(commit "[Kernel] Fix GMM crash on v7 (#107)")
area=$(commit "[DSv4] Port the mhc kernels (#108)")
g checkout -q "$B"
viol=$(commit "[Feature] Add a shiny thing (#200)")
g checkout -q main

r sync --no-fetch >/dev/null || fail "sync"
r picks "$B" --all --json >"$tmp/p.json" || fail "picks --json"
# field SHA KEY [FILE]: the row's field
field() {
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["rows"] if isinstance(d, dict) else d
print([r for r in rows if r["sha"] == sys.argv[2]][0][sys.argv[3]])' "${3:-$tmp/p.json}" "$1" "$2"
}
want() { # SHA CATEGORY ACTION [FILE]
    local c a
    c=$(field "$1" category "${4:-}") a=$(field "$1" action "${4:-}")
    [ "$c" = "$2" ] && [ "$a" = "$3" ] || fail "$(g log -1 --format=%s "$1"): $c/$a, want $2/$3"
}

# ---- automation: a bot author, a [skip ci] update; not a configured one yet ----
want "$bot" automation none
want "$skip" automation none
want "$robot" critical-fix decide
nrows() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["rows"] if isinstance(d, dict) else d))'; }
[ "$(r picks "$B" --category bot --json | nrows)" = 2 ] ||
    fail "--category bot (alias of automation) does not list the two automation commits"
out=$(r picks "$B" --category bogus 2>&1) && fail "--category bogus accepted"
grep -q "automation" <<<"$out" || fail "--category error does not list automation: $out"

# ---- built-in prefixes ----
want "$bugfix" critical-fix decide
want "$tst" release-specific decide
want "$conv" feature none
want "$kern" feature none
want "$kfix" critical-fix decide
want "$area" unknown none

# ---- configuration: an automation author, a prefix mapping ----
rc() { r -c relcap.automationAuthor=release-robot -c "relcap.categoryPrefix=[DSv4]=feature" "$@"; }
rc picks "$B" --all --json >"$tmp/c.json" || fail "picks with config"
want "$robot" automation none "$tmp/c.json"
want "$area" feature none "$tmp/c.json"
# the setting replaces the built-in authors: the bot is no longer recognised by its name
want "$bot" release-specific decide "$tmp/c.json"
want "$skip" automation none "$tmp/c.json"

# ---- the branch's policy violation: its own row in the queue, a separate JSON array ----
python3 - "$tmp/p.json" "$viol" <<'PY' || fail "violations in picks --json"
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, dict), "picks --json is an object"
assert all(r["sha"] != sys.argv[2] for r in d["rows"]), "a violation among the candidate rows"
v = [x for x in d["violations"] if x["sha"] == sys.argv[2]]
assert len(v) == 1, d["violations"]
assert v[0]["action"] == "review" and v[0]["state"] == "violation", v[0]
assert "feature work after the cut" in v[0]["reason"], v[0]
assert d["next"].endswith("1 violation to review"), d["next"]
PY
r picks "$B" >"$tmp/plain.txt" || fail "picks"
head -1 "$tmp/plain.txt" | grep -q "1 violation to review" || fail "next line: $(head -1 "$tmp/plain.txt")"
grep -Eq "^review +${viol:0:10} +violation " "$tmp/plain.txt" || fail "no violation row: $(cat "$tmp/plain.txt")"
# in the review group: after every decide row
python3 - "$tmp/plain.txt" <<'PY' || fail "the violation row is not in the review group"
import sys
acts = [l.split()[0] for l in open(sys.argv[1]).read().splitlines()[3:] if l and not l.startswith("(")]
rank = {a: i for i, a in enumerate(["revert", "apply", "resolve", "decide", "review", "none"])}
assert acts == sorted(acts, key=rank.get) and "review" in acts, acts
PY
[ "$(r picks "$B" --state violation --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["rows"]), len(d["violations"]))')" = "0 1" ] ||
    fail "--state violation"
echo ok
