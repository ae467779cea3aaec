#!/usr/bin/env bash
# Runs one ctest command: skipgate.bash NAME COMMAND [ARGS...]. A skip (exit 77)
# proves nothing, so it is logged to $RELCAP_SKIP_LOG (the runner counts them)
# and, under CI, is a failure unless "NAME reason" is on tests/skip-allowed.txt.
# The C tests do the same through tu_skip (tests/testutil.c).
name=$1
shift
"$@"
rc=$?
[ "$rc" -eq 77 ] || exit "$rc"
allowed=not-allowed
list="$(dirname "$0")/skip-allowed.txt"
if [ -f "$list" ] && grep -Eq "^${name}[[:space:]]+[^[:space:]]" "$list"; then
    allowed=allowed
fi
[ -n "${RELCAP_SKIP_LOG:-}" ] && printf '%s\t%s\t%s\n' "$name" "$allowed" "exit 77" >>"$RELCAP_SKIP_LOG"
echo "SKIPPED $name"
case "${CI:-}" in "" | 0 | false) exit 77 ;; esac
if [ "$allowed" != allowed ]; then
    echo "FAIL: $name skipped under CI and not on tests/skip-allowed.txt" >&2
    exit 1
fi
exit 77
