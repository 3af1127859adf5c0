#!/bin/sh
# run.sh - golden packages: each tests/golden/NAME.{txt,md} must produce
# exactly NAME.out (text) and NAME.json, exit 0 and print nothing on
# stderr.  UPDATE=1 rewrites them instead; that checks nothing, so it
# prints no "passed" line and exits 1 when a command failed.
#   sh tests/golden/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
dir=$(dirname "$0")
pass=0
fail=0
updated=0
for in in "$dir"/*.txt "$dir"/*.md; do
    [ -f "$in" ] || continue
    base=${in%.*}
    "$CD" -q "$in" >"$base.got" 2>"$base.err"
    rc=$?
    "$CD" -q --format json "$in" >"$base.jgot" 2>>"$base.err"
    jrc=$?
    if [ "${UPDATE:-0}" = 1 ]; then
        if [ $rc = 0 ] && [ $jrc = 0 ] && [ -s "$base.got" ] && [ -s "$base.jgot" ]; then
            mv "$base.got" "$base.out"
            mv "$base.jgot" "$base.json"
            updated=$((updated + 1))
        else
            echo "FAIL golden $(basename "$in"): exit $rc and $jrc, not rewritten"
            cat "$base.err"
            fail=$((fail + 1))
        fi
        rm -f "$base.got" "$base.jgot" "$base.err"
        continue
    fi
    if [ $rc = 0 ] && [ $jrc = 0 ] && [ ! -s "$base.err" ] &&
        cmp -s "$base.got" "$base.out" && cmp -s "$base.jgot" "$base.json"; then
        pass=$((pass + 1))
    else
        echo "FAIL golden $(basename "$in"): exit $rc (text) and $jrc (json)"
        head -5 "$base.err"
        diff "$base.out" "$base.got" | head -20
        cmp -s "$base.jgot" "$base.json" || echo "  $(basename "$base").json differs"
        fail=$((fail + 1))
    fi
    rm -f "$base.got" "$base.jgot" "$base.err"
done
if [ "${UPDATE:-0}" = 1 ]; then
    echo "golden: $updated rewritten (UPDATE=1: nothing was checked), $fail not"
    [ "$fail" -eq 0 ]
    exit
fi
# no article found means nothing was compared
if [ $((pass + fail)) -eq 0 ]; then
    echo "FAIL golden: no NAME.txt or NAME.md in $dir"
    fail=1
fi
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
