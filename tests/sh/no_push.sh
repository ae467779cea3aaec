#!/usr/bin/env bash
# README/SECURITY: relcap never pushes. The demo history is cloned into a
# bare "origin" whose receive hooks (pre-receive, update, post-receive,
# reference-transaction) log every push attempt; the demo repository
# fetches it, then relcap's commands that read or write git run against it:
# sync (with its fetch), pick approve and apply (the release branch moves
# locally), export/import, diff, notes, ready, cache clear and the cockpit.
# Oracles that are not relcap's: the hook log stays empty, and the remote's
# refs (`git for-each-ref`) and objects (`cat-file --batch-all-objects`)
# are byte for byte the same. A last `git push` proves the hooks and the
# oracle see a push. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
demo_make 3
remote=$tmp/remote.git
log=$tmp/push.log
git clone -q --bare "$repo" "$remote"
for h in pre-receive update post-receive reference-transaction; do
    printf '#!/bin/sh\necho "%s $*" >>"%s"\ncat >>"%s" 2>/dev/null || true\n' "$h" "$log" "$log" \
        >"$remote/hooks/$h"
    chmod +x "$remote/hooks/$h"
done
git -C "$repo" remote add origin "$remote"
git -C "$repo" fetch -q origin
: >"$log"
state() { # the remote as git sees it: every ref and every object
    git -C "$remote" for-each-ref --format='%(refname) %(objectname)'
    git -C "$remote" cat-file --batch-all-objects --batch-check
}
before=$(state)

bug=$(case_sha pending.bugfix)
doc=$(case_sha pending.doc)
old=$(git -C "$repo" rev-parse "refs/heads/$B")
r sync --quiet || fail "sync (with fetch)"
r pick approve "$bug" --branch "$B" --note "clean fix" >/dev/null || fail "approve"
r pick approve "$doc" --branch "$B" >/dev/null || fail "approve doc"
r pick export "$tmp/decisions.json" >/dev/null || fail "export"
r pick import "$tmp/decisions.json" >/dev/null || fail "import"
r pick apply --branch "$B" >/dev/null 2>&1 || fail "apply"
[ "$(git -C "$repo" rev-parse "refs/heads/$B")" != "$old" ] || fail "apply did not move $B"
r sync --quiet || fail "sync after apply"
r diff v0.9.2rc2 v0.9.2rc3 >/dev/null || fail "diff"
r notes v0.9.2rc3 --from v0.9.1 >/dev/null || fail "notes"
r ready 0.9.2 >/dev/null || [ $? -eq 1 ] || fail "ready"
r ui --snapshot 120x40 --keys 3 >/dev/null || fail "ui --snapshot"
r cache clear >/dev/null || fail "cache clear"
r sync --quiet || fail "sync after cache clear"

[ ! -s "$log" ] || fail "a push reached the remote: $(cat "$log")"
[ "$(state)" = "$before" ] || fail "the remote changed: $(diff <(echo "$before") <(state) | head)"

# the oracle sees a real push
git -C "$repo" push -q origin "$B" 2>/dev/null || fail "git push"
grep -q "^pre-receive" "$log" || fail "the hooks did not see git push"
[ "$(state)" != "$before" ] || fail "the remote state did not change with git push"
echo "no push: sync, approve, apply, export/import, diff, notes, ready, ui, cache clear"
