#!/bin/sh
# run.sh - the test harness tested: tests/run_all.sh must turn red for a
# crashing unit binary, a suite that exits non-zero, a suite killed after
# printing a pass line, a suite with no summary line and a missing suite,
# and stay green when everything passes.  It runs a copy of run_all.sh
# over a tree of stand-in suites and a deliberately crashing program,
# built here (tests/harness/crash.c) and nowhere else.
#   sh tests/harness/run.sh PATH/TO/copydesk   (the path is not used)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
CC=${CC:-cc}
command -v "$CC" >/dev/null 2>&1 || CC=gcc
if ! "$CC" -std=c11 -o "$T/crash" "$HERE/crash.c" 2>"$T/cc.err"; then
    echo "FAIL harness: cannot build crash.c:"; cat "$T/cc.err"
    echo "harness: 0 passed, 1 failed"
    exit 1
fi
# the suites run_all.sh lists, each standing in with 2 passes; the unit
# binary adds 4
SUITES=$(sed -n 's/^ALL_SUITES="\(.*\)"$/\1/p' "$HERE/../run_all.sh")
N=$(echo $SUITES | wc -w)
ALL=$((2 * N + 4))

# tree: a fresh fake checkout in $T/tree with passing stand-ins.
tree() {
    rm -rf "$T/tree"
    mkdir -p "$T/tree/tests" "$T/tree/build/tests"
    cp "$HERE/../run_all.sh" "$T/tree/tests/run_all.sh"
    for s in $SUITES; do
        mkdir -p "$T/tree/tests/$s"
        printf 'echo "%s: 2 passed, 0 failed"\n' "$s" >"$T/tree/tests/$s/run.sh"
    done
    printf '#!/bin/sh\necho "test_ok: 4 passed, 0 failed"\n' >"$T/tree/build/tests/test_ok"
    chmod +x "$T/tree/build/tests/test_ok"
}

# expect NAME WANT_STATUS WANT_TEXT: run the tree's harness; its exit
# status must be WANT_STATUS and its output must hold WANT_TEXT.
expect() {
    (cd "$T/tree" && sh tests/run_all.sh build "$T/none") >"$T/out" 2>&1
    got=$?
    if [ "$got" != "$2" ]; then
        echo "FAIL harness $1: run_all.sh exited $got, expected $2"; tail -5 "$T/out"
        fail=$((fail + 1))
    elif ! grep -qF -- "$3" "$T/out"; then
        echo "FAIL harness $1: output lacks '$3':"; tail -5 "$T/out"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}

tree
expect all-pass 0 "total: $ALL passed, 0 failed"

for how in segv abort exit; do
    tree
    printf '#!/bin/sh\nexec "%s" %s\n' "$T/crash" "$how" >"$T/tree/build/tests/test_crash"
    chmod +x "$T/tree/build/tests/test_crash"
    case $how in
    segv) why="was killed by signal 11" ;;
    abort) why="was killed by signal 6" ;;
    exit) why="exited with status 1" ;;
    esac
    expect "unit-$how" 1 "FAIL test_crash $why"
done

tree
printf 'echo "golden: 5 passed, 0 failed"\nexit 3\n' >"$T/tree/tests/golden/run.sh"
expect suite-exit 1 "FAIL golden exited with status 3"

tree
printf 'echo "batch: 5 passed, 0 failed"\nkill -9 $$\n' >"$T/tree/tests/batch/run.sh"
expect suite-killed 1 "FAIL batch was killed by signal 9"

tree
printf 'echo "serve: 5 passed, 0 failed"\nkill -TERM $$\n' >"$T/tree/tests/serve/run.sh"
expect suite-terminated 1 "FAIL serve was killed by signal 15"

tree
printf 'echo "starting"\n' >"$T/tree/tests/llm/run.sh"
expect no-summary 1 "FAIL llm printed no summary line"

tree
printf 'echo "FAIL something"\necho "cli: 3 passed, 0 failed"\n' >"$T/tree/tests/cli/run.sh"
expect fail-line 1 "total: $((ALL + 1)) passed, 1 failed"

tree
rm "$T/tree/tests/fuzz/run.sh"
expect missing-suite 1 "FAIL suite tests/fuzz/run.sh is missing"

tree
printf 'echo "extract: skipped: no pages"\n' >"$T/tree/tests/extract/run.sh"
expect skipped 0 "total: $((ALL - 2)) passed, 0 failed"

tree
rm "$T/tree/build/tests/test_ok"
expect no-unit-binaries 1 "FAIL no unit test binaries in build/tests"

echo "harness: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
