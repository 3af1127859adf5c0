#!/bin/sh
# run_all.sh - every suite against one build; the last line sums them.
#   sh tests/run_all.sh BUILD_DIR [SHARED]
set -u
B=${1:-build}
SHARED=${2:-../shared}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
fail=0
for t in "$B"/tests/test_*; do
    "$t" 2>&1 | tee -a "$LOG" || fail=1
done
for s in cli golden pathological batch serve browser fuzz llm; do
    if [ ! -f "tests/$s/run.sh" ]; then
        echo "FAIL suite tests/$s/run.sh is missing" | tee -a "$LOG"
        continue
    fi
    sh "tests/$s/run.sh" "$B/copydesk" 2>&1 | tee -a "$LOG"
done
SHARED=$SHARED sh tests/data/run.sh "$B/copydesk" 2>&1 | tee -a "$LOG"
SHARED=$SHARED sh tests/extract/run.sh "$B/copydesk" 2>&1 | tee -a "$LOG"
awk -v b="$B" '/^[A-Za-z_]+: [0-9]+ passed, [0-9]+ failed$/ { p += $2; f += $4 }
     / FAIL|^FAIL/ { bad = 1 }
     END { if (bad && f == 0) f = 1; printf "suites in %s done\ntotal: %d passed, %d failed\n", b, p, f; exit f > 0 }' "$LOG"
