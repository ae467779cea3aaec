#!/usr/bin/env bash
# The command line's words and layout on the demo and on small histories:
# did-you-mean, plurals, tables sized by content (cut only on a terminal),
# colour, the pager, tag spellings, next-tag names, the empty and error
# messages. TTY cases run under a real pseudo-terminal (python3 pty).
# Skipped (77) without python3 or git. $1 = relcap binary, $2 = source dir.
set -euo pipefail
. "$(dirname "$0")/demo_lib.bash"
need python3 git
unset NO_COLOR PAGER RELCAP_PAGER LESS COLUMNS
has() { grep -qF -- "$2" <<<"$1" || fail "$3: no '$2' in: $1"; }
hasnt() { ! grep -qF -- "$2" <<<"$1" || fail "$3: '$2' in: $1"; }
demo_make 3
# tty COLUMNS CMD...: runs CMD on a pseudo-terminal of that width, prints its output
tty() {
    python3 - "$@" <<'PY'
import os, pty, sys, struct, fcntl, termios
cols = int(sys.argv[1]); argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.environ["COLUMNS"] = str(cols)
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
out = b""
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace").replace("\r\n", "\n"))
PY
}

# did-you-mean, as git: exit 1 and the most similar command
st=0
err=$(r stauts 2>&1) || st=$?
[ "$st" -eq 1 ] || fail "stauts: exit $st"
has "$err" "relcap: 'stauts' is not a relcap command. The most similar command is: status" stauts
st=0
err=$(r pick aprove 2>&1) || st=$?
[ "$st" -eq 2 ] || fail "pick aprove: exit $st (a usage error)"
has "$err" "The most similar subcommand is: approve" "pick aprove"
err=$(r bench dif 2>&1) || true
has "$err" "most similar subcommand is: diff" "bench dif"
err=$(r zzzzzzzz 2>&1) || true
hasnt "$err" "most similar" "no near command"

# plurals
out=$(r bench diff)
has "$out" "1 regression, 1 improvement," "bench diff counts"
hasnt "$out" "(s)" "bench diff plural"
out=$(r bench summary)
hasnt "$out" "(s)" "bench summary plural"
out=$(r ready 0.9.2 || true)
has "$out" "1 policy violation" "ready picks"
hasnt "$out" "1 policy violations" "ready plural"

# piped: a header row, nothing cut, no colour, no pager
out=$(PAGER="sed s/^/PAGED:/" r picks releases/v0.9.2)
has "$out" "COMMIT" "picks header"
hasnt "$out" "PAGED:" "pager when piped"
hasnt "$(PAGER="sed s/^/PAGED:/" r bench diff)" "PAGED:" "bench diff pager when piped"
hasnt "$out" $'\033[' "colour when piped"
full=$(git -C "$tmp/repo" log --format=%s main | awk 'length > 70' | head -1)
[ -z "$full" ] || has "$(r picks releases/v0.9.2)" "${full% (#*}" "long subject cut when piped"
hasnt "$(r picks releases/v0.9.2)" " !" "bare ! for a conflict"
has "$(r branches)" "BRANCH" "branches header"
has "$(r tags)" "TAG" "tags header"

# on a terminal: fits the width, colour unless NO_COLOR, the pager for bench diff
out=$(tty 80 "$relcap" -C "$tmp/repo" picks releases/v0.9.2)
long=$(sed 's/\x1b\[[0-9;]*m//g' <<<"$out" | python3 -c '
import sys
print("".join(l for l in sys.stdin.readlines()[2:] if len(l.rstrip("\n")) > 80)[:200])')
[ -z "$long" ] || fail "picks table at 80 columns: line longer than 80: $long"
has "$out" $'\033[' "picks colour on a terminal"
out=$(NO_COLOR=1 tty 80 "$relcap" -C "$tmp/repo" picks releases/v0.9.2)
hasnt "$out" $'\033[' "NO_COLOR"
out=$(NO_COLOR=1 tty 80 "$relcap" -C "$tmp/repo" -c relcap.color=always picks)
has "$out" $'\033[' "relcap.color=always"
out=$(PAGER="sed s/^/PAGED:/" tty 200 "$relcap" -C "$tmp/repo" bench diff)
has "$out" "PAGED:base " "bench diff through the pager"
has "$out" $'PAGED:\033[' "colour through the pager"
out=$(PAGER="sed s/^/PAGED:/" tty 150 "$relcap" -C "$tmp/repo" bench diff)
long=$(sed 's/\x1b\[[0-9;]*m//g' <<<"$out" | python3 -c '
import sys
print("".join(l for l in sys.stdin if len(l.rstrip("\n")) > 150 + len("PAGED:"))[:200])')
[ -z "$long" ] || fail "bench diff through the pager at 150 columns: $long"

# bench: tag spellings, unknown hardware, --changed, no -0.0%
out=$(r bench diff v0.9.1 v0.9.2rc1)
has "$out" "head v0.9.2-rc1" "v0.9.2rc1 finds v0.9.2-rc1"
out=$(r bench diff v0.9.2-rc3)
has "$out" "head v0.9.2rc3" "v0.9.2-rc3 finds v0.9.2rc3"
st=0
err=$(r bench diff --hardware A100 2>&1) || st=$?
[ "$st" -eq 1 ] || fail "bench diff --hardware A100: exit $st"
has "$err" "no results on A100; hardware with results: H100, MI300X" "unknown hardware"
out=$(r bench diff --changed)
hasnt "$out" "noise  " "--changed shows noise"
has "$out" " noise (noise not shown)" "--changed still counts noise"
hasnt "$(r bench diff)" "-0.0%" "negative zero"

# status: CI unknown says why, next tags of released lines, rows in the order of branches
has "$(r status)" "CI -: GitHub not configured" "status CI hint"
out=$(r status --json)
python3 - <<PY || fail "status next tags"
import json
lines = {l["version"]: l["next_rc"] for l in json.loads('''$out''')["lines"]}
want = {"0.9.2": "v0.9.2rc4", "0.9.1": "v0.9.1.post1", "0.8.5": "v0.8.6rc1", "0.7.3": "v0.7.4rc1"}
assert lines == want, lines
PY
sb=$(r status --json | python3 -c 'import json,sys; print(" ".join(l["branch"] for l in json.load(sys.stdin)["lines"]))')
bb=$(r branches --json | python3 -c 'import json,sys; print(" ".join(b["name"] for b in json.load(sys.stdin) if b["status"] == "maintained"))')
[ "$sb" = "$bb" ] || fail "status order '$sb' != branches order '$bb'"

# next RC names in the project's spelling: v0.7.0-rc.1, v0.26.0rc0, 0.12.0
spelled() { # DIR TAGS...: a repository with a release branch 0.X.0 per tag set
    local d=$1
    shift
    git init -q -b main "$d"
    git -C "$d" -c user.name=t -c user.email=t@t commit -q --allow-empty -m root
    for t in "$@"; do
        git -C "$d" -c user.name=t -c user.email=t@t commit -q --allow-empty -m "$t"
        git -C "$d" tag "$t"
    done
}
spelled "$tmp/dash" v0.6.0-rc.1 v0.6.0-rc.2 v0.6.0 v0.7.0-rc.1
git -C "$tmp/dash" branch releases/v0.7.0
"$relcap" -C "$tmp/dash" sync --quiet
has "$("$relcap" -C "$tmp/dash" status)" "v0.7.0-rc.2" "-rc.N spelling"
has "$("$relcap" -C "$tmp/dash" sync)" "1 branch, 4 tags" "sync plural"
spelled "$tmp/zero" v0.25.0rc0 v0.25.0rc1 v0.25.0 v0.26.0rc0
git -C "$tmp/zero" branch releases/v0.26.0
git -C "$tmp/zero" branch releases/v0.27.0
"$relcap" -C "$tmp/zero" sync --quiet
out=$("$relcap" -C "$tmp/zero" status)
has "$out" "v0.26.0rc1" "rcN after rc0"
has "$out" "v0.27.0rc0" "first RC number 0"
spelled "$tmp/bare" 0.11.0 0.12.0rc1
git -C "$tmp/bare" branch releases/v0.12.0
"$relcap" -C "$tmp/bare" sync --quiet
out=$("$relcap" -C "$tmp/bare" status)
has "$out" " 0.12.0rc2" "no prefix"
hasnt "$out" "v0.12.0rc2" "no prefix"
# run start NODE TARGET, resolved as git does; the answer names tag and run
st=0
err=$(r run start local-h100 v9.9.9 2>&1) || st=$?
[ "$st" -eq 1 ] || fail "run start unknown target: exit $st"
has "$err" "no tag, branch or commit 'v9.9.9'" "run start unknown target"
out=$(r run start local-h100 v0.9.2-rc3 --test none)
has "$out" "started on local-h100: v0.9.2rc3" "run start TARGET"
! grep -Eq '[0-9a-f]{40}' <<<"$out" || fail "run start prints a full hash: $out"
id=$(sed -n 's/^run \([0-9]*\) started.*/\1/p' <<<"$out")
r run cancel "$id" >/dev/null 2>&1 || true

# sync says what it skipped and why
out=$(r sync)
has "$out" "fetch skipped: no remote 'origin'" "sync fetch skip"
has "$out" "GitHub skipped: relcap.github not set — see relcap-config(5)" "sync GitHub skip"
hasnt "$(r sync --git-only)" "GitHub skipped" "--git-only asked for it"

# the gate: failures first, where only for what fails, CI unknown says why,
# git show filled in, an overdue planned date fails, compat agrees on the row
out=$(r ready 0.9.2 --now 2026-11-25T12:00:00Z || true)
python3 - <<PY || fail "ready order"
lines = [l.split()[0] for l in """$out""".splitlines()[1:]]
rank = {"fail": 0, "unknown": 1, "pass": 2}
assert lines == sorted(lines, key=rank.get), lines
PY
# the planned date moves with the demo's history: the days overdue must match it
python3 - <<PY || fail "calendar overdue: $out"
import re, datetime
m = re.search(r"final planned (\d{4}-\d\d-\d\d), (\d+) days? overdue", """$out""")
assert m, "no overdue final"
planned = datetime.date.fromisoformat(m.group(1))
assert (datetime.date(2026, 11, 25) - planned).days == int(m.group(2)), m.group(0)
PY
has "$out" "CI unknown: GitHub not configured" "ready CI"
hasnt "$out" "CI state: none" "ready CI"
has "$out" "[git show releases/v0.9.2:RELEASE.md]" "git show filled"
hasnt "$out" "BRANCH:FILE" "git show placeholder"
pass=$(grep '^  pass' <<<"$out")
hasnt "$pass" "[" "where on a passing item"
has "$(r calendar --now 2026-11-25T12:00:00Z)" "no tag, " "calendar overdue row"
has "$(r calendar --now 2026-11-25T12:00:00Z)" " overdue" "calendar overdue row"
has "$(r compat)" "no row for release 0.9.2" "compat agrees with ready"
r compat --json | python3 -c 'import json,sys; assert "0.9.2" in json.load(sys.stdin)["missing_releases"]' ||
    fail "compat --json missing_releases"
r tags --json | python3 -c 'import json,sys; assert all(t["ci"] is None for t in json.load(sys.stdin))' ||
    fail "unknown CI is not null in tags --json"

# nodes --check: a node without its GPU tool cannot run; said once, exit 1
if ! command -v nvidia-smi >/dev/null; then
    st=0
    out=$(r nodes --check) || st=$?
    [ "$st" -eq 1 ] || fail "nodes --check without nvidia-smi: exit $st"
    [ "$(grep -c 'nvidia-smi' <<<"$out")" -eq "$(grep -c '^  gpu:' <<<"$out")" ] ||
        fail "nvidia-smi named more than once per node: $out"
    has "$out" "no nvidia-smi on this node" "nodes --check"
fi
echo ok
