#!/usr/bin/env bash
# The cherry-pick queue on the demo history, through the binary and git:
# actions and their order, honest approve and apply (warning, refusal,
# skipped entries), prerequisites of a conflicting pick checked with
# `git cherry-pick` itself, and `relcap where` against `relcap picks` on
# every branch. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
git_identity
demo_make 3
B=releases/v0.9.2
planted=$repo/.relcap-demo/planted.json
case_field() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["cases"][sys.argv[2]][sys.argv[3]])' \
        "$planted" "$1" "$2"
}
jq_py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2" "$1"; }

# ---- actions: the planted revert first, ranks non-decreasing ----
revert=$(case_field revert.needed sha)
# `picks --json` is {"branch", "next", "rows": [...], "violations": [...]}
rows_of() { python3 -c 'import json,sys; json.dump(json.load(sys.stdin)["rows"], sys.stdout)'; }
r picks "$B" --json >"$tmp/doc.json" || fail "picks --json"
rows_of <"$tmp/doc.json" >"$tmp/picks.json"
jq_py "$tmp/doc.json" '
assert d["branch"] == "'"$B"'" and d["next"].startswith("next: 1 revert to follow"), d["next"]
assert d["violations"] and all(v["action"] == "review" for v in d["violations"]), d["violations"]
assert "violation" in d["next"], d["next"]
' || fail "picks --json: branch, next, violations"
first=$(jq_py "$tmp/picks.json" 'print(d[0]["sha"], d[0]["action"])')
[ "$first" = "$revert revert" ] || fail "first JSON row: $first, want $revert revert"
jq_py "$tmp/picks.json" '
rank = ["revert", "apply", "resolve", "decide", "review", "none"]
ranks = [rank.index(p["action"]) for p in d]
assert ranks == sorted(ranks), ranks
' || fail "actions out of order in picks --json"
# prerequisites are searched for what can reach the queue: a conflicting
# feature nobody asked for says null (not searched), a conflicting fix a list
jq_py "$tmp/picks.json" '
c = [p for p in d if p.get("conflict") == "conflict"]
feat = [p for p in c if p["category"] == "feature" and not p.get("requested")]
fix = [p for p in c if p["category"] == "critical-fix"]
assert feat and all(p["prerequisites"] is None for p in feat), feat
assert fix and all(isinstance(p["prerequisites"], list) for p in fix), fix
' || fail "prerequisites: searched for fixes, null for features nobody asked for"
r picks "$B" >"$tmp/plain.txt" || fail "picks"
sed -n 1p "$tmp/plain.txt" | grep -q '^next: 1 revert to follow' || fail "next line: $(sed -n 1p "$tmp/plain.txt")"
sed -n 4p "$tmp/plain.txt" | grep -q "^revert  ${revert:0:10} " || fail "first plain row: $(sed -n 4p "$tmp/plain.txt")"
grep -q 'more with nothing to do' "$tmp/plain.txt" || fail "action none not folded"
r picks "$B" --action revert --json | python3 -c '
import json, sys; d = json.load(sys.stdin)["rows"]; assert [p["action"] for p in d] == ["revert"], d' ||
    fail "--action revert"

# ---- the planted conflicting fix: no prerequisite, the branch's pin collides ----
conflict=$(case_field pending.conflict sha)
bump=$(case_field branch.version-bump sha)
jq_py "$tmp/picks.json" "
p = [p for p in d if p['sha'] == '$conflict'][0]
assert p['action'] == 'decide', p['action']
assert p['conflict'] == 'conflict' and p['conflict_paths'] == ['vllm/version.py'], p
assert p['prerequisites'] == [], p['prerequisites']
assert p['conflicts_with'] == ['$bump'], p['conflicts_with']
" || fail "pending.conflict in picks --json"
r pick approve "$conflict" --branch "$B" >"$tmp/ap.out" 2>"$tmp/ap.err" || fail "approve conflict"
grep -q "approved #[0-9]*, but it conflicts in vllm/version.py; no prerequisite exists: the branch changed these lines in ${bump:0:8} (#[0-9]*) \[release-specific\]" \
    "$tmp/ap.err" || fail "approve warning: $(cat "$tmp/ap.err")"
r picks "$B" --json | python3 -c "
import json, sys
p = [p for p in json.load(sys.stdin)['rows'] if p['sha'] == '$conflict'][0]
assert p['action'] == 'resolve', p['action']" || fail "approved conflict is not resolve"
r pick apply --branch "$B" --dry-run --json >"$tmp/dry.json" || fail "apply --dry-run --json"
jq_py "$tmp/dry.json" "
assert d['applied'] == [], d['applied']
s = [k for k in d['skipped'] if k['sha'] == '$conflict']
assert len(s) == 1 and s[0]['reason'] == 'conflict' and s[0]['paths'] == ['vllm/version.py'], d
" || fail "skipped entry: $(cat "$tmp/dry.json")"
r pick apply --branch "$B" --dry-run | grep -q "^skipped ${conflict:0:10} .*conflicts in vllm/version.py" ||
    fail "plain dry run does not list the skipped pick"
r pick reject "$conflict" --branch "$B" >/dev/null 2>&1 || fail "reject conflict"

# ---- approving what is on the branch is refused, saying where ----
xorig=$(case_field pick.x-trailer orig)
xpick=$(case_field pick.x-trailer sha)
if r pick approve "$xorig" --branch "$B" >/dev/null 2>"$tmp/refuse.err"; then
    fail "approving a picked candidate succeeded"
fi
grep -q "already on $B as ${xpick:0:8} (" "$tmp/refuse.err" || fail "refusal: $(cat "$tmp/refuse.err")"

# ---- the planted prerequisite: exactly that commit, and git agrees ----
needs=$(case_field pending.prerequisite sha)
pre=$(case_field pending.prerequisite orig)
jq_py "$tmp/picks.json" "
p = [p for p in d if p['sha'] == '$needs'][0]
assert p['conflict'] == 'conflict', p
assert p['prerequisites'] == ['$pre'], p['prerequisites']
" || fail "pending.prerequisite: prerequisites"
old=$(git -C "$repo" rev-parse "refs/heads/$B")
git -C "$repo" worktree add -q --detach "$tmp/wt" "$old"
if git -C "$tmp/wt" cherry-pick "$needs" >/dev/null 2>&1; then
    fail "git applies the prerequisite case alone: nothing to find"
fi
git -C "$tmp/wt" cherry-pick --abort
git -C "$tmp/wt" cherry-pick "$pre" "$needs" >/dev/null 2>&1 || fail "git: prerequisite + candidate"
git -C "$repo" worktree remove --force "$tmp/wt"
pr_pre=$(case_field pending.prerequisite orig_pr)
r pick approve "$needs" --branch "$B" >/dev/null 2>"$tmp/ap2.err" || fail "approve needs"
grep -q "apply first its prerequisite ${pre:0:8}" "$tmp/ap2.err" || fail "warning: $(cat "$tmp/ap2.err")"
r pick approve "$pr_pre" --branch "$B" >/dev/null || fail "approve by a bare PR number"
r pick apply --branch "$B" >"$tmp/apply.txt" 2>&1 || fail "apply: $(cat "$tmp/apply.txt")"
[ "$(git -C "$repo" rev-list --count "$old..refs/heads/$B")" -eq 2 ] || fail "want 2 new commits"
got=$(git -C "$repo" log --reverse --format=%B "$old..refs/heads/$B" |
    sed -n 's/^(cherry picked from commit \([0-9a-f]\{40\}\))$/\1/p' | tr '\n' ' ')
[ "$got" = "$pre $needs " ] || fail "picked in order: $got"
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] || fail "work tree left dirty"
git -C "$repo" diff --quiet "$old" "refs/heads/$B" -- vllm/version.py || fail "version.py changed"

# ---- where agrees with picks on every branch ----
r sync --no-fetch --quiet || fail "sync"
for c in pick.x-trailer post.pick revert.needed pending.bugfix pending.prerequisite; do
    sha=$(case_field "$c" sha)
    case $c in pick.* | post.*) sha=$(case_field "$c" orig) ;; esac
    r where "${sha:0:12}" --json >"$tmp/where.json" 2>/dev/null || fail "where $c"
    for b in $(jq_py "$tmp/where.json" 'print(" ".join(x["branch"] for x in d["branches"]))'); do
        r picks "$b" --all --json >"$tmp/bp.json" || fail "picks $b"
        python3 - "$tmp/where.json" "$tmp/bp.json" "$b" "$sha" "$c" <<'PY' || fail "where $c on $b"
import json, sys
w = json.load(open(sys.argv[1]))
picks = {p["sha"]: p for p in json.load(open(sys.argv[2]))["rows"]}
b, sha, name = sys.argv[3], sys.argv[4], sys.argv[5]
assert w["sha"] == sha, (name, w["sha"])
e = [x for x in w["branches"] if x["branch"] == b][0]
p = picks.get(sha)
if p is None:
    assert e["state"] == "before-cut", (name, b, e)
    seen = open(sys.argv[1] + ".before", "a")
    seen.write(b + "\n")
else:
    assert e["state"] == p["state"], (name, b, e, p["state"])
    assert e["picked_as"] == p["picked_as"], (name, b, e, p["picked_as"])
    assert e["evidence"] == p["evidence"], (name, b, e)
PY
    done
done
[ -s "$tmp/where.json.before" ] || fail "no branch had a planted pick before its cut"
r where "$xorig" --json | python3 -c '
import json, sys
w = json.load(sys.stdin)
e = [x for x in w["branches"] if x["branch"] == "releases/v0.9.2"][0]
assert e["first_tag"] == "v0.9.2rc2", e' || fail "first tag of the x-trailer pick"

# ---- small things ----
r pick category "$(case_field pending.doc sha)" docs --branch "$B" | grep -q documentation ||
    fail "category alias docs"
if r picks releases/v9.9 2>"$tmp/unk.err"; then fail "unknown branch listed"; fi
grep -q "known: releases/v0.9.2" "$tmp/unk.err" || fail "known branches: $(cat "$tmp/unk.err")"
echo "ok"
