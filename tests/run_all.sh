#!/bin/sh
# run_all.sh - every suite against one build; the last line sums them.
#   sh tests/run_all.sh BUILD_DIR [SHARED [SUITE...]]
#
# With no SUITE, every unit binary BUILD_DIR/tests/test_* runs, then every
# suite tests/SUITE/run.sh; with SUITEs, only those suites.
#
# A program's verdict does not rest on what it prints alone.  Each unit
# binary and each suite counts as one failure more when
#   - it exits non-zero or is killed by a signal, whatever it printed;
#   - it prints no summary line ("NAME: N passed, M failed" or
#     "NAME: skipped: why");
#   - it prints a line starting "FAIL" (or holding " FAIL") yet sums to
#     0 failed.
# The suites themselves live beside this script, so tests/harness/run.sh
# can run a copy of it over a tree of stand-ins.
set -u
B=${1:-build}
SHARED=${2:-../shared}
[ $# -ge 2 ] && shift 2 || shift $#
HERE=$(cd "$(dirname "$0")" && pwd)
ALL_SUITES="harness cli golden pathological batch serve browser fuzz llm data extract hostile parser"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
: >"$W/verdicts"

# verdict NAME STATUS OUTPUT_FILE: one line "NAME PASSED FAILED" in
# $W/verdicts, and a FAIL line on stdout for each reason it failed.
verdict() {
    awk -v name="$1" -v st="$2" '
        /^[A-Za-z_]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4; sum = 1 }
        /^[A-Za-z_]+: skipped: / { sum = 1 }
        /^FAIL| FAIL/ { bad = 1 }
        END {
            if (bad && f == 0) f = 1
            if (st != 0) {
                if (st > 128) why = "was killed by signal " (st - 128)
                else why = "exited with status " st
                printf "FAIL %s %s\n", name, why > "/dev/stderr"
                f++
            }
            if (!sum) {
                printf "FAIL %s printed no summary line\n", name > "/dev/stderr"
                f++
            }
            printf "%s %d %d\n", name, p, f
        }' "$3" 2>&1 >>"$W/verdicts"
}

# run NAME COMMAND...: run it, its output shown as it comes, and judge it.
run() {
    name=$1
    shift
    { "$@" 2>&1; echo $? >"$W/status"; } | tee "$W/out"
    verdict "$name" "$(cat "$W/status")" "$W/out"
}

if [ $# -eq 0 ]; then
    set -- $ALL_SUITES
    nunit=0
    for t in "$B"/tests/test_*; do
        [ -x "$t" ] || continue
        nunit=$((nunit + 1))
        run "$(basename "$t")" "$t"
    done
    if [ "$nunit" -eq 0 ]; then
        echo "FAIL no unit test binaries in $B/tests"
        echo "unit 0 1" >>"$W/verdicts"
    fi
fi
for s in "$@"; do
    if [ ! -f "$HERE/$s/run.sh" ]; then
        echo "FAIL suite tests/$s/run.sh is missing"
        echo "$s 0 1" >>"$W/verdicts"
        continue
    fi
    run "$s" env SHARED="$SHARED" sh "$HERE/$s/run.sh" "$B/copydesk"
done
awk -v b="$B" '{ p += $2; f += $3 }
     END { printf "suites in %s done\ntotal: %d passed, %d failed\n", b, p, f; exit f > 0 }' \
    "$W/verdicts"
