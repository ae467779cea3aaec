#!/usr/bin/env bash
# The readiness gate answers from the cache alone (issue 18): after a sync, with
# every git object of the repository moved away, `relcap ready --json` and the
# cockpit's first frame (`ui --snapshot`, whose Ready cells are the gate) give
# exactly what they gave before; no object file is opened (strace, when
# installed). A release document changed on a branch is picked up by the next
# sync, not before. Skipped (77) without python3 or git.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
export LC_ALL=C.UTF-8 TERM=xterm-256color
export GIT_AUTHOR_NAME=captain GIT_AUTHOR_EMAIL=captain@example.com
export GIT_COMMITTER_NAME=captain GIT_COMMITTER_EMAIL=captain@example.com
now=2026-11-10T00:00:00Z
demo_make 3
r() { "$relcap" -C "$repo" "$@"; }
r sync --no-fetch --quiet || fail "sync"
r ready 0.9.2 --json --now "$now" >"$tmp/ready.before" || true
r ui --snapshot 200x50 >"$tmp/ui.before" || fail "ui --snapshot"
grep -q '"name":[[:space:]]*"docs"' "$tmp/ready.before" || fail "no docs item: $(cat "$tmp/ready.before")"
# the demo's planted problems, as sync read them
python3 - "$tmp/ready.before" <<'PY'
import json, sys
items = {i["name"]: i for i in json.load(open(sys.argv[1]))["items"]}
for n, want in (("docs", "fail"), ("matrix", "fail"), ("calendar", "pass")):
    assert items[n]["status"] == want, (n, items[n])
PY
# every Ready cell filled in the first frame (no "?" or "..." left)
python3 - "$tmp/ui.before" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = next(i for i, l in enumerate(lines) if l.startswith("Branch ") and l.rstrip().endswith("Ready"))
rows = [l.split() for l in lines[head + 1:] if l.startswith("releases/")]
assert rows, lines
bad = [r for r in rows if r[-1] in ("?", "...") or not (r[-1] == "ok" or r[-1] in ("fail", "?"))]
assert not bad, bad
PY

# every object out of reach: the pack and loose objects moved aside (the
# empty objects/ keeps the repository openable for its configuration)
mkdir "$tmp/away"
mv "$repo/.git/objects/"* "$tmp/away/"
git -C "$repo" cat-file -e HEAD 2>/dev/null && fail "objects still readable"
r ready 0.9.2 --json --now "$now" >"$tmp/ready.after" || true
r ui --snapshot 200x50 >"$tmp/ui.after" || fail "ui --snapshot without objects"
diff -u "$tmp/ready.before" "$tmp/ready.after" || fail "ready changed without git objects"
diff -u "$tmp/ui.before" "$tmp/ui.after" || fail "the first frame changed without git objects"
mv "$tmp/away/"* "$repo/.git/objects/"

if command -v strace >/dev/null && strace -f -e trace=openat true 2>/dev/null; then
    # LeakSanitizer cannot run under ptrace: leaks are checked by the other runs
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
        strace -f -e trace=openat -o "$tmp/trace" "$relcap" -C "$repo" ui --snapshot 200x50 >/dev/null
    if grep -E '\.git/objects/(pack/|[0-9a-f]{2}/)' "$tmp/trace"; then
        fail "the first frame opened git objects"
    fi
fi

# a release document fixed on the branch: the cache keeps what the last sync
# read until the next sync reads the new head
git -C "$repo" worktree add -q "$tmp/wt" releases/v0.9.2 || fail "worktree"
notes_resolve "$tmp/wt" commit
docs_reason() { # the docs item's reason (the branch's matrix row is still missing)
    r ready 0.9.2 --json --now "$now" >"$tmp/ready.json" || true
    python3 -c 'import json,sys; print({i["name"]: i["reason"] for i in json.load(open(sys.argv[1]))["items"]}["docs"])' \
        "$tmp/ready.json"
}
docs_reason | grep -q "RELEASE.md:.*conflict" || fail "docs before the sync: $(docs_reason)"
r sync --no-fetch --quiet || fail "sync after the fix"
docs_reason | grep -q "RELEASE.md" && fail "docs after the sync: $(docs_reason)"
docs_reason | grep -q "versioning_policy.md: no row for 0.9.2" || fail "docs after the sync: $(docs_reason)"
echo ok
