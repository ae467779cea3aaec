#!/usr/bin/env bash
# A sync after a branch moved searches again only the prerequisites whose
# trials the move can change: on the demo history, a branch moved by one
# commit that changes no file keeps every search of its old head (the
# summary says 0 searches, N kept); a commit that changes a conflicting
# file of a searched candidate searches that candidate again. Either way
# the cache ends with the same prerequisites as a cold sync of the moved
# history into a fresh cache, and the old head's searches are pruned.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
git_identity
demo_make 7
db=$tmp/cache.db
sync() { "$relcap" -C "$repo" --db "$1" sync --no-fetch --git-only; }
q() { python3 -c 'import sqlite3,sys; print("\n".join("|".join(map(str, r)) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])))' "$@"; }
field() { sed -n "s/^picks: .*; \([0-9]*\) prerequisite searches\{0,1\}, \([0-9]*\) kept.*/\\$1/p" "$2"; }
# the searches of every branch's current head, without the head itself
current() {
    q "$1" "SELECT p.sha, p.prereqs, p.collides, p.pool FROM prereqs p
            JOIN branches b ON b.head_sha = p.onto ORDER BY p.sha, p.prereqs"
}
# a cold sync of the history as it is now, into a fresh cache: the oracle
cold_same() {
    rm -f "$tmp/cold.db"
    sync "$tmp/cold.db" >/dev/null 2>"$tmp/cold.err" || fail "cold sync: $(cat "$tmp/cold.err")"
    current "$tmp/cold.db" >"$tmp/cold.txt"
    current "$db" >"$tmp/warm.txt"
    diff "$tmp/cold.txt" "$tmp/warm.txt" >&2 || fail "$1: prerequisites differ from a cold sync"
}

sync "$db" >"$tmp/out" 2>"$tmp/err" || fail "sync: $(cat "$tmp/err")"
# the maintained branch with the most searches
read -r b n < <(q "$db" "SELECT b.name, count(*) FROM prereqs p JOIN branches b ON b.head_sha = p.onto
                         GROUP BY b.name ORDER BY 2 DESC, 1 LIMIT 1" | tr '|' ' ')
[ "${n:-0}" -ge 2 ] || fail "the demo has no branch with two searches: $(cat "$tmp/out")"
old=$(git -C "$repo" rev-parse "refs/heads/$b")

# ---- moved by a commit that changes no file: everything kept ----
same=$(git -C "$repo" commit-tree "$old^{tree}" -p "$old" -m "empty move")
git -C "$repo" update-ref "refs/heads/$b" "$same"
sync "$db" >"$tmp/out" 2>"$tmp/err" || fail "sync after the move: $(cat "$tmp/err")"
[ "$(field 1 "$tmp/out")" = 0 ] && [ "$(field 2 "$tmp/out")" = "$n" ] ||
    fail "empty move: want 0 searches, $n kept: $(cat "$tmp/out")"
[ "$(q "$db" "SELECT count(*) FROM prereqs WHERE onto = '$old'")" = 0 ] ||
    fail "the old head's searches were not pruned"
cold_same "empty move"

# ---- a commit that changes a conflicting file of a searched candidate ----
read -r cand path < <(q "$db" "SELECT k.sha, k.paths FROM conflicts k JOIN prereqs p
                               ON p.sha = k.sha AND p.onto = k.onto WHERE k.onto = '$same'
                               ORDER BY k.sha LIMIT 1" | head -1 | tr '|' ' ')
[ -n "$path" ] || fail "no searched candidate with a conflicting path"
git -C "$repo" worktree add -q --detach "$tmp/wt" "$b"
printf '\n# moved\n' >>"$tmp/wt/$path"
git -C "$tmp/wt" commit -qam "touch $path"
git -C "$repo" update-ref "refs/heads/$b" "$(git -C "$tmp/wt" rev-parse HEAD)"
sync "$db" >"$tmp/out" 2>"$tmp/err" || fail "sync after the touching move: $(cat "$tmp/err")"
searched=$(field 1 "$tmp/out") kept=$(field 2 "$tmp/out")
[ "${searched:-0}" -ge 1 ] && [ "$((searched + kept))" = "$n" ] ||
    fail "touching move: want the touched candidate searched again, the rest kept ($n): $(cat "$tmp/out")"
cold_same "touching move"

# ---- an empty move while main reverts a named prerequisite: the pool changed ----
at=$(git -C "$repo" rev-parse "refs/heads/$b")
read -r cand pre < <(q "$db" "SELECT sha, substr(prereqs, 1, 40) FROM prereqs WHERE onto = '$at'
                              AND prereqs <> '' ORDER BY sha LIMIT 1" | tr '|' ' ')
[ -n "${pre:-}" ] || fail "no search named a prerequisite on $b"
# what relcap reads of a revert is its message (git revert's own would conflict)
subject=$(git -C "$repo" log -1 --format=%s "$pre")
rev=$(git -C "$repo" commit-tree "main^{tree}" -p main \
    -m "Revert \"$subject\"" -m "This reverts commit $pre.")
git -C "$repo" update-ref refs/heads/main "$rev"
git -C "$repo" update-ref "refs/heads/$b" "$(git -C "$repo" commit-tree "$at^{tree}" -p "$at" -m again)"
sync "$db" >"$tmp/out" 2>"$tmp/err" || fail "sync after the revert: $(cat "$tmp/err")"
[ "$(q "$db" "SELECT count(*) FROM prereqs p JOIN branches b ON b.head_sha = p.onto
              WHERE p.sha = '$cand' AND instr(p.prereqs, '$pre') > 0")" = 0 ] ||
    fail "$cand still names $pre, which main reverted: $(cat "$tmp/out")"
cold_same "revert on main"
echo "ok: $n searches kept over an empty move; $searched searched again, $kept kept over a touching one"
