#!/usr/bin/env bash
# relcap version parse|sort|next through the real binary.
# $1 = relcap binary, $2 = source dir.
set -euo pipefail
relcap=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Expected PEP 440 order (PEP 440's and pypa/packaging's examples plus vLLM
# tags); "1.0c1" and "1.0rc1" are equal and must keep their input order.
cat >"$tmp/expected" <<'EOF'
0.1
v0.6.6.post1
0.7.3.dev0
v0.7.3rc1
v0.7.3-rc.2
v0.7.3
v0.7.3.post1
v0.9.2rc1
v0.9.2-rc2
v0.9.2
0.10.0
v0.20.2rc0
1.dev0
1.0.dev456
1.0a1
1.0a2.dev456
1.0a12.dev456
1.0a12
1.0b1.dev456
1.0b2
1.0b2.post345.dev456
1.0b2.post345
1.0b2-346
1.0c1.dev456
1.0c1
1.0rc1
1.0rc2
1.0
1.0+abc.5
1.0+abc.7
1.0+5
1.0.post456.dev34
1.0.post456
1.0.15
1.1.dev1
1.2+abc
1.2+1234.abc
1.2.rev33+123456
v1.2.3-rc.1
v1.2.3-rc10
1.2.3
2.0.0
1!1.0
EOF
# A fixed shuffle (no randomness: the test must be reproducible), with blank lines.
awk '{ print NR * 7919 % 101, $0 }' "$tmp/expected" | sort -n -s -k1,1 | cut -d' ' -f2- >"$tmp/shuffled"
printf '\n  \n' >>"$tmp/shuffled"
cmp -s "$tmp/shuffled" "$tmp/expected" && fail "shuffle did not shuffle"
# the two equal versions in input order: 1.0c1 before 1.0rc1
grep -n '^1\.0c1$\|^1\.0rc1$' "$tmp/shuffled" | cut -d: -f2 | tr '\n' ' ' >"$tmp/eq_order"
if [ "$(cat "$tmp/eq_order")" != "1.0c1 1.0rc1 " ]; then
    # keep the test meaningful whatever the shuffle did: put them in that order
    grep -v '^1\.0c1$\|^1\.0rc1$' "$tmp/shuffled" >"$tmp/s2"
    { echo 1.0c1; cat "$tmp/s2"; echo 1.0rc1; } >"$tmp/shuffled"
fi

"$relcap" version sort <"$tmp/shuffled" >"$tmp/got" 2>"$tmp/err" || fail "sort exited $?"
diff -u "$tmp/expected" "$tmp/got" || fail "sort order differs"
[ -s "$tmp/err" ] && fail "sort wrote to stderr: $(cat "$tmp/err")"

# reverse: newest first
"$relcap" version sort --reverse <"$tmp/shuffled" >"$tmp/rgot"
head -1 "$tmp/rgot" | grep -qx '1!1.0' || fail "reverse does not start with 1!1.0"
tail -1 "$tmp/rgot" | grep -qx '0.1' || fail "reverse does not end with 0.1"

# invalid lines: reported with their line number, exit 1, valid lines still sorted
printf '1.0\nnot-a-version\n0.9\n\n1..2\nv0.9.2rc1\n' >"$tmp/mixed"
set +e
"$relcap" version sort <"$tmp/mixed" >"$tmp/got" 2>"$tmp/err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "sort with invalid lines exited $status, want 1"
printf '0.9\nv0.9.2rc1\n1.0\n' | diff -u - "$tmp/got" || fail "valid lines not sorted"
grep -qx "relcap: line 2: invalid version 'not-a-version'" "$tmp/err" || fail "no line 2 error: $(cat "$tmp/err")"
grep -qx "relcap: line 5: invalid version '1..2'" "$tmp/err" || fail "no line 5 error: $(cat "$tmp/err")"
[ "$(wc -l <"$tmp/err")" -eq 2 ] || fail "unexpected stderr: $(cat "$tmp/err")"

# control characters in an invalid line never reach the terminal raw
printf '1.0\n\033[31mred\n' | "$relcap" version sort >/dev/null 2>"$tmp/err" && fail "escape line accepted"
grep -q $'\033' "$tmp/err" && fail "escape sequence echoed to stderr"

# parse: plain and --json
[ "$("$relcap" version parse 1.0-RC.1 v1.2.3-rc.1 1.0c1)" = $'1.0rc1\n1.2.3rc1\n1.0rc1' ] || fail "parse plain"
"$relcap" version parse --json v1.2.3-rc.1 '1!2.0.post3.dev4+Ubuntu-1' 1.0 >"$tmp/json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) == 3, d
a, b, c = d
assert a == {"input": "v1.2.3-rc.1", "normalized": "1.2.3rc1", "epoch": 0, "release": [1, 2, 3],
             "pre": "rc1", "post": None, "dev": None, "local": None, "kind": "rc",
             "release_str": "1.2.3"}, a
assert b["normalized"] == "1!2.0.post3.dev4+ubuntu.1" and b["epoch"] == 1, b
assert b["post"] == 3 and b["dev"] == 4 and b["local"] == "ubuntu.1" and b["kind"] == "dev", b
assert b["release"] == [2, 0] and b["release_str"] == "2.0.0" and b["pre"] is None, b
assert c["kind"] == "final" and c["release_str"] == "1.0.0", c
' "$tmp/json" || fail "parse --json"

set +e
"$relcap" version parse 1.0 'bad version' >"$tmp/out" 2>"$tmp/err"
status=$?
set -e
[ "$status" -eq 1 ] || fail "parse of an invalid version exited $status"
grep -qx '1.0' "$tmp/out" || fail "valid version not printed"
grep -q "invalid version 'bad version'" "$tmp/err" || fail "invalid version not named"

# next
check_next() {
    got=$("$relcap" version next "$1" "$2") || fail "next $1 $2 exited $?"
    [ "$got" = "$3" ] || fail "next $1 $2: got '$got', want '$3'"
}
check_next v0.9.2rc1 --rc 0.9.2rc2
check_next 0.9.2 --rc 0.9.3rc1
check_next 0.9.3a1 --rc 0.9.3rc1
check_next 0.9.2 --patch 0.9.3
check_next 0.9.2rc1 --patch 0.9.2
check_next 0.9.2 --minor 0.10.0
check_next 0.9.2 --post 0.9.2.post1
check_next v0.9.2.post1 --post 0.9.2.post2

# usage errors exit 2; --help exits 0 and prints usage
usage_status() {
    set +e
    "$relcap" version "$@" >/dev/null 2>&1 </dev/null
    s=$?
    set -e
    echo "$s"
}
[ "$(usage_status)" -eq 2 ] || fail "no subcommand"
[ "$(usage_status frobnicate)" -eq 2 ] || fail "unknown subcommand"
[ "$(usage_status parse)" -eq 2 ] || fail "parse without versions"
[ "$(usage_status parse --bogus 1.0)" -eq 2 ] || fail "parse unknown option"
[ "$(usage_status sort extra)" -eq 2 ] || fail "sort with an argument"
[ "$(usage_status next 1.0)" -eq 2 ] || fail "next without a step"
[ "$(usage_status next --rc)" -eq 2 ] || fail "next without a version"
[ "$(usage_status next 1.0 --rc --post)" -eq 2 ] || fail "next with two steps"
[ "$(usage_status next 1.0 2.0 --rc)" -eq 2 ] || fail "next with two versions"
[ "$(usage_status next bad --rc)" -eq 1 ] || fail "next of an invalid version"
for sub in "" parse sort next; do
    # shellcheck disable=SC2086
    "$relcap" version $sub --help >"$tmp/help" || fail "version $sub --help exited $?"
    grep -q "usage: relcap version $sub" "$tmp/help" || fail "version $sub --help: no usage"
done
echo "version_cli: ok"
