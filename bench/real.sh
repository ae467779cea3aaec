#!/bin/bash
# Speed on real release histories (issue 18): every ratio of the issue, side
# by side with the git CLI (and tig), in one run, on the realistic generated
# history (bench/gen_real.sh, generated once per size) and on the shared real
# history when it is unpacked (REAL=/tmp/tpu-speed by default; said when absent).
# Usage: bench/real.sh [RELCAP_BINARY] [WORKDIR]
#   SIZES="5000"        generated sizes (e.g. "5000 50000")
#   REAL=DIR            a working clone of a real history ("" to skip)
#   ALL_BRANCHES=1      also `relcap picks B` / git for every release branch
#   AGREE=1             conflict agreement with git's ort merge (cherry-pick)
#   THREADS="1 2"       thread counts for the cold sync (when relcap.threads exists)
#   TUI=1               first frame and first screen against tig
# Prints one markdown table per history. Not a test: a benchmark.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../build/relcap}")
work=${2:-/tmp/relcap-bench-real}
sizes=${SIZES-5000}
real=${REAL-/tmp/tpu-speed}
[ -x "$bin" ] || { echo "no relcap binary at $bin (build first)" >&2; exit 1; }
mkdir -p "$work"
export HOME=$work/home XDG_CONFIG_HOME=$work/home LC_ALL=C.UTF-8 TERM=xterm-256color
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
mkdir -p "$HOME"
tf=$work/time.out

# run CMD...: wall s, CPU s and peak RSS MB of one run into $W $C $M
run() {
    /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" >"$work/out" 2>"$work/err" || {
        echo "failed: $*" >&2; cat "$work/err" >&2; }
    read -r W u s m <"$tf"
    C=$(echo "$u + $s" | bc -l)
    M=$(echo "scale=1; $m / 1024" | bc -l)
}
ratio() { printf '%.3f' "$(echo "$1 / $2" | bc -l)"; }
. "$here/lib.sh"
has_key() { "$bin" config 2>/dev/null | grep -qi "^$1"; }

# The git CLI script for the facts of a cold sync: refs, cut points and
# counts of every release branch, then `git cherry` per maintained line and
# `git merge-tree C^ BRANCH C` per pending (+) candidate, as the issue
# measured it. Its per-stage times go to $2.
cat >"$work/git_sync.sh" <<'SH'
#!/bin/bash
set -eu
cd "$1"; shift; times=$1; shift
t0=$(date +%s%N)
git for-each-ref --format='%(refname:short) %(objectname)' refs/heads refs/tags >/dev/null
for b in $(git for-each-ref --format='%(refname:short)' refs/heads/releases/ 'refs/heads/v*-dev'); do
    git merge-base main "$b" >/dev/null
    git rev-list --count "main..$b" >/dev/null
    git rev-list --count "$b..main" >/dev/null
done
t1=$(date +%s%N)
n=0
for b in "$@"; do git cherry "$b" main >"$times.$n"; n=$((n + 1)); done
t2=$(date +%s%N)
n=0; k=0
for b in "$@"; do
    for s in $(grep '^+' "$times.$n" | cut -c3-); do git merge-tree "$s^" "$b" "$s" >/dev/null; k=$((k + 1)); done
    n=$((n + 1))
done
t3=$(date +%s%N)
echo "$(((t1 - t0) / 1000000)) $(((t2 - t1) / 1000000)) $(((t3 - t2) / 1000000)) $k" >"$times"
SH
# git cherry + merge-tree per + candidate for the given branches
cat >"$work/git_picks.sh" <<'SH'
#!/bin/bash
set -eu
cd "$1"; shift
for b in "$@"; do
    for s in $(git cherry "$b" main | grep '^+' | cut -c3-); do git merge-tree "$s^" "$b" "$s" >/dev/null; done
done
SH
# cherry-pick's answer for candidate $2 onto branch $3: git's ort merge with
# base C^ (what `git cherry-pick` runs), through synthetic commits because
# this git (2.39) has no `merge-tree --merge-base`. Prints clean|conflict.
cat >"$work/git_pick_one.sh" <<'SH'
#!/bin/bash
cd "$1"
p=$(git commit-tree "$2^^{tree}" -m base </dev/null)
o=$(git commit-tree "$3^{tree}" -p "$p" -m ours </dev/null)
t=$(git commit-tree "$2^{tree}" -p "$p" -m theirs </dev/null)
if git merge-tree --write-tree --name-only "$o" "$t" >/dev/null 2>&1; then echo clean; else echo conflict; fi
SH
chmod +x "$work"/*.sh

first_screen() { first_screen_in "$work/tmux.sock" 200x50 3000 "$@"; } # $1 command, $2 text

bench_one() { # $1 repository, $2 label
    local repo=$1 label=$2 db=$work/cache.db
    local rc=("$bin" -C "$repo" --db "$db")
    rmdb() { rm -f "$db" "$db-wal" "$db-shm"; }
    local threads_ok=0
    has_key relcap.threads && threads_ok=1
    local nocc_opt=()
    "$bin" picks --help 2>&1 | grep -q -- --no-conflicts && nocc_opt=(--no-conflicts)
    local rows=()
    row() { rows+=("| $1 | $2 | $3 | $4 |"); }

    # cold sync, then the same without conflict prediction
    rmdb; run "${rc[@]}" sync --no-fetch
    local cold_w=$W cold_c=$C cold_m=$M
    local pick_line; pick_line=$(grep -h '^picks:' "$work/out" "$work/err" || true)
    local maint; maint=$("${rc[@]}" branches --json | jq -r '.[] | select(.status == "maintained") | .name')
    local allb; allb=$("${rc[@]}" branches --json | jq -r '.[].name')
    local pending=0
    for b in $maint; do
        pending=$((pending + $("${rc[@]}" picks "$b" --json | jq '[.rows[] | select(.conflict != null)] | length')))
    done
    run "${rc[@]}" sync --no-fetch
    local warm_w=$W warm_m=$M
    rmdb; run "${rc[@]}" -c relcap.conflictCheck=false sync --no-fetch
    local nocc_w=$W nocc_m=$M nocc_c=$C
    # what the git script computes: without the queue's prerequisite search
    rmdb; run "${rc[@]}" -c relcap.prereqCheck=false sync --no-fetch
    local nopr_w=$W nopr_m=$M nopr_c=$C
    # the git CLI script
    run "$work/git_sync.sh" "$repo" "$work/git_times" $maint
    local git_w=$W git_m=$M git_c=$C
    read -r g_refs g_cherry g_mt g_k <"$work/git_times"
    row "cold \`sync --no-fetch\`, what the git script computes (refs, lines, picks, conflicts of the maintained lines; $pending pending; prereqCheck=false)" \
        "$nopr_w s, $nopr_m MB" "$git_w s ($((g_refs))+$((g_cherry))+$((g_mt)) ms: refs/counts, cherry, merge-tree x$g_k), $git_m MB" \
        "$(ratio "$nopr_w" "$git_w") (goal <= 0.5); CPU $nopr_c s vs $git_c s: $(ratio "$nopr_c" "$git_c")"
    row "the same with the queue's prerequisite search (no counterpart in the script)" \
        "$cold_w s, $cold_m MB; ${pick_line#picks: }" "$git_w s" \
        "$(ratio "$cold_w" "$git_w"); CPU $cold_c s vs $git_c s: $(ratio "$cold_c" "$git_c")"
    row "of which picks without conflict prediction (cold sync, conflictCheck=false)" "$nocc_w s, $nocc_m MB" \
        "refs+cherry $(echo "scale=2; ($g_refs + $g_cherry) / 1000" | bc -l) s" \
        "$(ratio "$nocc_w" "$(echo "($g_refs + $g_cherry) / 1000" | bc -l)")"
    # CPU time (user + sys): wall time on a shared machine is too noisy
    local per=n/a
    [ "$pending" -gt 0 ] && per=$(echo "scale=2; ($nopr_c - $nocc_c) * 1000 / $pending" | bc -l)
    local perw=n/a
    [ "$pending" -gt 0 ] && perw=$(echo "scale=2; ($nopr_w - $nocc_w) * 1000 / $pending" | bc -l)
    local gper=n/a
    [ "$g_k" -gt 0 ] && gper=$(echo "scale=2; $g_mt / $g_k" | bc -l)
    row "conflict prediction per pending candidate (cold sync with - without, prereqCheck=false)" "CPU $per ms, wall $perw ms" "merge-tree $gper ms (wall)" "goal <= 1 ms"
    row "peak RSS, cold sync with picks" "$cold_m MB" "" "goal <= 60 MB (5 000 commits), <= 100 MB (100 000)"
    row "warm no-change sync" "$warm_w s, $warm_m MB" "" "$(ratio "$warm_w" "$cold_w") of cold (goal <= 0.05)"
    if [ "$threads_ok" = 1 ]; then
        for t in ${THREADS:-1 2}; do
            rmdb; run "${rc[@]}" -c relcap.threads="$t" sync --no-fetch
            row "cold sync, $t thread(s)" "$W s, CPU $C s, $M MB" "" "$(ratio "$W" "$git_w") of git CLI"
        done
    fi

    # one branch moved by one commit: the newest maintained line
    local nb; nb=$(echo "$maint" | tail -1)
    if [ -n "$nb" ]; then
        rmdb; "${rc[@]}" sync --no-fetch >/dev/null 2>&1
        local old; old=$(git -C "$repo" rev-parse "refs/heads/$nb")
        local new; new=$(git -C "$repo" commit-tree "$old^{tree}" -p "$old" -m "bench: moved by one commit")
        git -C "$repo" update-ref "refs/heads/$nb" "$new"
        run "${rc[@]}" sync --no-fetch
        local mv_line; mv_line=$(grep -h '^picks:' "$work/out" "$work/err" | tr '|' '/' || true)
        git -C "$repo" update-ref "refs/heads/$nb" "$old"
        row "sync after $nb moved by one commit" "$W s, $M MB" "" "$(ratio "$W" "$cold_w") of cold; ${mv_line:-}"
    fi

    # first listing of each branch not analysed by sync, vs git cherry
    local others=""
    for b in $allb; do echo "$maint" | grep -qx "$b" || others="$others $b"; done
    rmdb; "${rc[@]}" sync --no-fetch >/dev/null 2>&1
    cp "$db" "$work/synced.db"
    local worst=0 worst_b="" sum_r=0 sum_g=0
    for b in $others; do
        if [ ${#nocc_opt[@]} -gt 0 ]; then run "${rc[@]}" picks "$b" "${nocc_opt[@]}"
        else run "${rc[@]}" -c relcap.conflictCheck=false picks "$b"; fi
        local rw=$W
        run git -C "$repo" cherry "$b" main
        sum_r=$(echo "$sum_r + $rw" | bc -l); sum_g=$(echo "$sum_g + $W" | bc -l)
        local r; r=$(echo "$rw / $W" | bc -l)
        if [ "$(echo "$r > $worst" | bc -l)" = 1 ]; then worst=$r; worst_b=$b; fi
    done
    [ -n "$others" ] && row "first listing of a branch without conflicts (${nocc_opt[*]:-conflictCheck=false}), $(echo $others | wc -w) branches" \
        "$sum_r s" "git cherry $sum_g s" "$(ratio "$sum_r" "$sum_g"), worst $(printf '%.2f' "$worst") ($worst_b) (goal <= 1)"

    # relcap picks B for every release branch after a sync, vs git
    if [ "${ALL_BRANCHES:-1}" = 1 ]; then
        # every branch after a sync, with and without the prerequisite search
        local rp=() peak=() opt
        for opt in relcap.prereqCheck=false relcap.prereqCheck=true; do
            cp "$work/synced.db" "$db"; rm -f "$db-wal" "$db-shm"
            local t0 t1 pk=0; t0=$(ms_now)
            for b in $allb; do
                run "${rc[@]}" -c "$opt" picks "$b"
                [ "$(echo "$M > $pk" | bc -l)" = 1 ] && pk=$M
            done
            t1=$(ms_now)
            rp+=("$(echo "scale=2; ($t1 - $t0) / 1000000000" | bc -l)")
            peak+=("$pk")
        done
        run "$work/git_picks.sh" "$repo" $allb
        row "\`relcap picks B\` for all $(echo $allb | wc -w) release branches after a sync (prereqCheck=false)" \
            "${rp[0]} s, peak ${peak[0]} MB" "git cherry + merge-tree: $W s" "$(ratio "${rp[0]}" "$W") (goal <= 0.5)"
        row "the same with the prerequisite search" "${rp[1]} s, peak ${peak[1]} MB" "$W s" \
            "$(ratio "${rp[1]}" "$W")"
    fi

    # first frame from the cache: whole process, snapshot 200x50
    if [ "${TUI:-1}" = 1 ]; then
        cp "$work/synced.db" "$db"; rm -f "$db-wal" "$db-shm"
        "${rc[@]}" ui --snapshot 200x50 >/dev/null 2>&1 || true
        local ff; ff=$(for _ in $(seq 11); do
            t0=$(ms_now); "${rc[@]}" ui --snapshot 200x50 >/dev/null 2>&1; t1=$(ms_now); echo $(((t1 - t0) / 1000)); done | median)
        # CPU (user + sys) of the same, and of `relcap --version`: the process
        # start (dynamic linking, libgit2's initialisation) every command pays
        local ffc; ffc=$(for _ in $(seq 11); do run "${rc[@]}" ui --snapshot 200x50; echo "$C * 1000" | bc -l; done | median)
        local vc; vc=$(for _ in $(seq 11); do run "$bin" --version; echo "$C * 1000" | bc -l; done | median)
        run "${rc[@]}" ui --snapshot 200x50
        local ffm=$M
        local objs=n/a robjs=n/a
        if command -v strace >/dev/null; then
            objs=$(strace -f -e trace=openat "${rc[@]}" ui --snapshot 200x50 2>&1 >/dev/null | grep -c 'objects/pack\|objects/[0-9a-f][0-9a-f]/' || true)
            robjs=$(strace -f -e trace=openat "${rc[@]}" ready --json 2>&1 >/dev/null | grep -c 'objects/pack\|objects/[0-9a-f][0-9a-f]/' || true)
        fi
        row "first frame, \`ui --snapshot 200x50\`, whole process (median of 11)" \
            "$(echo "scale=1; $ff / 1000" | bc -l) ms, CPU $(printf '%.0f' "$ffc") ms, $ffm MB, $objs git object files opened (\`ready --json\`: $robjs)" \
            "\`relcap --version\` CPU $(printf '%.0f' "$vc") ms" "goal <= 25 ms, <= 25 MiB, 0 objects"
        if command -v tig >/dev/null && command -v tmux >/dev/null; then
            local subj; subj=$(git -C "$repo" log -1 --format=%s main | cut -c1-30)
            git -C "$repo" log -1 >/dev/null
            local tig_us rc_us
            tig_us=$(for _ in 1 2 3 4 5; do first_screen "cd '$repo' && tig main" "$subj"; done | median)
            rc_us=$(for _ in 1 2 3 4 5; do first_screen "'$bin' -C '$repo' --db '$db' ui --no-sync" "$nb"; done | median)
            row "first screen in tmux 200x50 (median of 5)" "$((rc_us / 1000)) ms" "tig $((tig_us / 1000)) ms" \
                "$(ratio "$rc_us" "$tig_us") (goal < 1)"
        else
            row "first screen in tmux" "" "tig not installed (apt-get install -y tig)" ""
        fi
    fi

    # agreement of the conflict prediction with git's cherry-pick (ort merge)
    if [ "${AGREE:-1}" = 1 ]; then
        cp "$work/synced.db" "$db"; rm -f "$db-wal" "$db-shm"
        local agree=0 total=0 conf=0
        for b in $maint; do
            while IFS=$'\t' read -r sha want; do
                got=$("$work/git_pick_one.sh" "$repo" "$sha" "$b")
                total=$((total + 1))
                [ "$got" = conflict ] && conf=$((conf + 1))
                if [ "$got" = "$want" ]; then agree=$((agree + 1)); else echo "disagree: $b $sha relcap $want git $got" >>"$work/disagree.$label"; fi
            done < <("${rc[@]}" picks "$b" --json | jq -r '.rows[] | select(.conflict != null) | [.sha, .conflict] | @tsv')
        done
        [ "$total" -gt 0 ] && row "conflict prediction agreeing with git's cherry-pick (ort, base C^)" \
            "$agree of $total ($(echo "scale=1; 100 * $agree / $total" | bc -l) %)" \
            "git: $conf conflict ($(echo "scale=0; 100 * $conf / $total" | bc -l) %)" "goal 100 %"
    fi

    echo
    echo "### $label"
    echo
    echo "$(git -C "$repo" rev-list --count main) commits on main, $(echo $allb | wc -w) release branches, maintained: $(echo $maint | tr '\n' ' ')"
    echo "${pick_line}"
    echo
    echo "| what | relcap | git CLI / tig | ratio, goal |"
    echo "|---|---|---|---|"
    printf '%s\n' "${rows[@]}"
}

echo "## Real histories (bench/real.sh, $(date -u +%Y-%m-%d), $(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg) at start, $(git --version))"
for n in $sizes; do
    g=$work/gen$n
    if [ ! -f "$g.generated" ]; then
        echo "generating $n commits in $g (once)..." >&2
        sh "$here/gen_real.sh" "$g" "$n" >/dev/null
        touch "$g.generated"
    fi
    bench_one "$g" "generated, $n commits (bench/gen_real.sh)"
done
if [ -n "$real" ] && [ -d "$real/.git" ]; then
    bench_one "$real" "real history $(basename "$real")"
else
    echo
    echo "### real history: absent (set REAL to a clone of a real release history with its release branches local)"
fi
