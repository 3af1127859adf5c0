#!/bin/sh
# run.sh - golden packages: each tests/golden/NAME.{txt,md} must produce
# exactly NAME.out (text) and NAME.json.  UPDATE=1 rewrites them.
#   sh tests/golden/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
dir=$(dirname "$0")
pass=0
fail=0
for in in "$dir"/*.txt "$dir"/*.md; do
    [ -f "$in" ] || continue
    base=${in%.*}
    "$CD" -q "$in" >"$base.got" 2>/dev/null
    "$CD" -q --format json "$in" >"$base.jgot" 2>/dev/null
    if [ "${UPDATE:-0}" = 1 ]; then
        mv "$base.got" "$base.out"
        mv "$base.jgot" "$base.json"
        pass=$((pass + 1))
        continue
    fi
    if cmp -s "$base.got" "$base.out" && cmp -s "$base.jgot" "$base.json"; then
        pass=$((pass + 1))
    else
        echo "FAIL golden $(basename "$in"):"
        diff "$base.out" "$base.got" | head -20
        fail=$((fail + 1))
    fi
    rm -f "$base.got" "$base.jgot"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
