#!/usr/bin/env bash
# The cockpit's first frame needs no libgit2 (issue 18): after a sync,
# `ui --snapshot` neither initialises libgit2 (an LD_PRELOAD interposer on
# git_libgit2_init, tests/git_init_probe.c, logs every call) nor shows
# anything else than a run that reads the configuration through libgit2.
# The configuration snapshot behind it is never stale: a relcap.* key changed
# in .git/config, a ~/.gitconfig created, an include added are all seen by
# the next run. The repository is found from a subdirectory and from a linked
# worktree (whose cockpit reads the main .git/config and the same cache).
# $1 = relcap binary, $2 = source dir. Skipped (77) without git or a C compiler.
set -euo pipefail
relcap=$1
src=$2
command -v git >/dev/null || { echo "git missing" >&2; exit 77; }
cc=${CC:-cc}
command -v "$cc" >/dev/null || { echo "no C compiler for the probe" >&2; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config LC_ALL=C.UTF-8 TERM=xterm-256color
mkdir -p "$HOME"
export GIT_AUTHOR_NAME=captain GIT_AUTHOR_EMAIL=captain@example.com
export GIT_COMMITTER_NAME=captain GIT_COMMITTER_EMAIL=captain@example.com
unset GIT_DIR GIT_WORK_TREE GIT_COMMON_DIR
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
"$cc" -shared -fPIC -o "$tmp/probe.so" "$src/tests/git_init_probe.c" -ldl || fail "probe build"
"$relcap" demo "$tmp/repo" --no-ui --seed 3 >/dev/null || fail "relcap demo"
repo=$tmp/repo
# a file changed within 100 ms is not snapshotted (a timestamp tick could
# hide the next change): let the demo's files age first
settle() { sleep 0.2; }
settle
"$relcap" -C "$repo" sync --no-fetch --quiet || fail "sync"
[ -f "$repo/.git/relcap/config.snapshot" ] || fail "sync kept no configuration snapshot"

# ui RUN-NAME [relcap args...]: the first frame at 200x50 into $tmp/RUN-NAME.out,
# stderr into .err, the git_libgit2_init calls into .log
ui() {
    local name=$1
    shift
    : >"$tmp/$name.log"
    RELCAP_GIT_INIT_LOG=$tmp/$name.log LD_PRELOAD=$tmp/probe.so ASAN_OPTIONS=verify_asan_link_order=0 \
        "$relcap" "$@" ui --snapshot 200x50 >"$tmp/$name.out" 2>"$tmp/$name.err"
}
inits() { wc -l <"$tmp/$1.log"; }

# the interposer sees a command that needs git
: >"$tmp/status.log"
RELCAP_GIT_INIT_LOG=$tmp/status.log LD_PRELOAD=$tmp/probe.so ASAN_OPTIONS=verify_asan_link_order=0 \
    "$relcap" -C "$repo" status >/dev/null || fail "status"
[ "$(inits status)" -ge 1 ] || fail "the probe does not see git_libgit2_init"

# (1) after the sync: no libgit2 before (or after) the first frame
ui snap -C "$repo" || fail "ui: $(cat "$tmp/snap.err")"
[ "$(inits snap)" -eq 0 ] || fail "ui --snapshot initialised libgit2 after a sync"
grep -q "releases/" "$tmp/snap.out" || fail "no branches in the frame: $(cat "$tmp/snap.out")"
# the same frame as one whose configuration libgit2 read
rm "$repo/.git/relcap/config.snapshot"
ui full -C "$repo" || fail "ui without snapshot"
[ "$(inits full)" -ge 1 ] || fail "no snapshot, yet libgit2 was not initialised"
diff -u "$tmp/full.out" "$tmp/snap.out" || fail "the frame from the snapshot differs"
[ -f "$repo/.git/relcap/config.snapshot" ] || fail "the libgit2 load kept no snapshot"
# `relcap --snapshot` without the word ui is the same cockpit
: >"$tmp/noword.log"
RELCAP_GIT_INIT_LOG=$tmp/noword.log LD_PRELOAD=$tmp/probe.so ASAN_OPTIONS=verify_asan_link_order=0 \
    "$relcap" -C "$repo" --snapshot 200x50 >"$tmp/noword.out" || fail "relcap --snapshot"
[ "$(inits noword)" -eq 0 ] || fail "relcap --snapshot initialised libgit2"
diff -u "$tmp/full.out" "$tmp/noword.out" || fail "relcap --snapshot differs from ui --snapshot"

# (2) never stale: a bad value set after the sync is refused by the next run
git -C "$repo" config relcap.maintainedMinors lots
if ui bad -C "$repo"; then fail "a bad relcap.maintainedMinors set after the sync went unseen"; fi
grep -qi "maintainedMinors" "$tmp/bad.err" || fail "bad value: $(cat "$tmp/bad.err")"
git -C "$repo" config relcap.maintainedMinors 3
settle
ui again -C "$repo" || fail "ui after the fix: $(cat "$tmp/again.err")"
ui warm -C "$repo" || fail "ui warm"
[ "$(inits warm)" -eq 0 ] || fail "the snapshot was not renewed after the change"
# a user file that did not exist at the sync
printf '[relcap]\n\tbogusUser = 1\n' >"$HOME/.gitconfig"
ui global -C "$repo" || fail "ui with ~/.gitconfig"
grep -q "unknown key relcap.bogususer in $HOME/.gitconfig" "$tmp/global.err" ||
    fail "a new ~/.gitconfig went unseen: $(cat "$tmp/global.err")"
rm "$HOME/.gitconfig"
# an include (which the snapshot does not follow): every run reads through libgit2
printf '[relcap]\n\tbogusIncluded = 1\n' >"$tmp/extra.config"
git -C "$repo" config include.path "$tmp/extra.config"
settle
ui inc1 -C "$repo" || fail "ui with include"
ui inc2 -C "$repo" || fail "ui with include, again"
grep -q "unknown key relcap.bogusincluded" "$tmp/inc2.err" || fail "include: $(cat "$tmp/inc2.err")"
printf '[relcap]\n\tbogusChanged = 1\n' >"$tmp/extra.config"
ui inc3 -C "$repo" || fail "ui with the included file changed"
grep -q "unknown key relcap.boguschanged" "$tmp/inc3.err" ||
    fail "a changed included file went unseen: $(cat "$tmp/inc3.err")"
git -C "$repo" config --unset include.path
settle
ui base -C "$repo" || fail "ui back to plain"

# (3) from a subdirectory, without -C: the same frame, still no libgit2
mkdir -p "$repo/deep/er"
(cd "$repo/deep/er" && ui sub) || fail "ui from a subdirectory: $(cat "$tmp/sub.err")"
[ "$(inits sub)" -eq 0 ] || fail "ui from a subdirectory initialised libgit2"
diff -u "$tmp/base.out" "$tmp/sub.out" || fail "the frame from a subdirectory differs"
# from a linked worktree: the main .git/config (a key seen there) and the same cache
git -C "$repo" worktree add -q "$tmp/wt" releases/v0.9.2 || fail "worktree"
git -C "$repo" config relcap.bogusLocal 1
settle
ui wt1 -C "$tmp/wt" || fail "ui in a worktree: $(cat "$tmp/wt1.err")"
grep -q "unknown key relcap.boguslocal in $repo/.git/config" "$tmp/wt1.err" ||
    fail "the worktree's cockpit did not read .git/config: $(cat "$tmp/wt1.err")"
ui wt2 -C "$tmp/wt" || fail "ui in a worktree, again"
[ "$(inits wt2)" -eq 0 ] || fail "ui in a worktree initialised libgit2"
grep -q "unknown key relcap.boguslocal" "$tmp/wt2.err" || fail "the worktree's snapshot lost the key"
diff -u "$tmp/base.out" "$tmp/wt2.out" || fail "the worktree's frame differs"
echo ok
