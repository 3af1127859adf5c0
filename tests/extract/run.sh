#!/bin/sh
# run.sh - the Readability test suite (make test-extract); skips when
# ../shared is absent.  Floors are issue 3's targets.
#   SHARED=../shared sh tests/extract/run.sh PATH/TO/copydesk [-v]
set -u
CD=${1:-./copydesk}
PAGES=${SHARED:-../shared}/data/readability-test-pages
if [ ! -d "$PAGES" ]; then
    echo "extract: skipped: $PAGES not found (evaluation data is not part of the project)"
    exit 0
fi
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
Q=-q
[ "${2:-}" = "-v" ] && Q=
exec $PY "$(dirname "$0")/run.py" "$CD" "$PAGES" $Q --min-title 0.95 --min-f1 0.95 \
    --min-excerpt 0.85 --min-byline 0.80
