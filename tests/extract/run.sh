#!/bin/sh
# run.sh - the Readability test suite and the extract-dev snippet
# benchmark (make test-extract); each skips when its data in ../shared is
# absent.  Readability's floors are issue 3's targets.
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
$PY "$(dirname "$0")/run.py" "$CD" "$PAGES" $Q --min-title 0.95 --min-f1 0.95 \
    --min-excerpt 0.85 --min-byline 0.80
st=$?
# extract-dev: the snippet benchmark, with its own scorer; floors just
# under what copydesk scores (issue 15: precision 0.894, recall 0.906)
if [ -d "${SHARED:-../shared}/data/extract-dev/pages" ]; then
    $PY "$(dirname "$0")/snippets.py" "$CD" "${SHARED:-../shared}" \
        --min-precision 0.885 --min-recall 0.895 --min-f 0.890 || st=1
else
    echo "extract_dev: skipped: ${SHARED:-../shared}/data/extract-dev not found"
fi
exit $st
