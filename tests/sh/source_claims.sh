#!/usr/bin/env bash
# Claims of SECURITY.md that hold by construction, checked on the sources
# (core, cli, tui, widgets, demo) so that a change breaking one goes red:
# - no system() or popen() anywhere; the only shell relcap starts is the
#   pager (cli/out.c: the user's own $RELCAP_PAGER / $PAGER, as git does);
# - nothing is ever pushed: no libgit2 push or upload call, no "push"
#   argument to a git process (tests/sh/no_push.sh runs the commands).
# $1 = relcap binary (unused), $2 = source dir.
set -euo pipefail
src=$2
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
dirs=("$src/core" "$src/cli" "$src/tui" "$src/widgets" "$src/demo")
[ -f "$src/cli/out.c" ] || fail "no sources under $src"
hits=$(grep -rnE '(^|[^_[:alnum:]])(system|popen)[[:space:]]*\(' --include='*.c' --include='*.h' \
    "${dirs[@]}" | grep -vE ':[0-9]+:[[:space:]]*(/?\*|//)' || true)
[ -z "$hits" ] || fail "system()/popen() in: $hits"
shells=$(grep -rnE '"(/bin/)?(ba)?sh",' --include='*.c' "${dirs[@]}" || true)
[ "$(printf '%s\n' "$shells" | grep -c .)" -eq 1 ] && grep -q "cli/out.c:.*pager" <<<"$shells" ||
    fail "a shell other than the pager's: $shells"
pushes=$(grep -rnE 'git_remote_(push|upload)|"push"' --include='*.c' --include='*.h' "${dirs[@]}" || true)
[ -z "$pushes" ] || fail "a push in: $pushes"
echo "no system()/popen(), one shell (the pager), no push"
