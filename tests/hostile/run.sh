#!/bin/sh
# run.sh - the output property under hostile input (issue 13): a few
# hundred generated inputs (invalid bytes anywhere, NULs, BOMs, long
# multi-byte strings and names, odd charsets, broken JSON) through every
# output path - generate in each format and stage, extract, check, eval
# --dump, batch, and every endpoint of serve with its error bodies.  Every
# stdout, stderr, file written and HTTP response must be valid UTF-8, and
# parse as JSON wherever JSON is promised; nothing may crash or hang.
# The inputs come from a fixed seed (tests/hostile/hostile.py), so a run
# is repeatable; it needs nothing from ../shared.
#   sh tests/hostile/run.sh PATH/TO/copydesk
# Under a sanitizer build (a path holding "asan" or "tsan") a third of the
# inputs run, and under valgrind a thirtieth.
set -u
CD=${1:-./copydesk}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
if ! $PY -c 'import json' >/dev/null 2>&1; then
    # a suite that could not run is not a pass
    echo "FAIL hostile: python3 not installed (make deps installs it)"
    echo "hostile: 0 passed, 1 failed"
    exit 1
fi
scale=1
case $CD in
*valgrind*) scale=30 ;;
*asan* | *tsan*) scale=3 ;;
esac
exec $PY "$(dirname "$0")/hostile.py" "$CD" "$scale"
