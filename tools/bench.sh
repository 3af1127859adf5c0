#!/bin/sh
# bench.sh - speed and memory of copydesk on the development sets.
#   sh tools/bench.sh PATH/TO/copydesk [SHARED]
# Prints articles per second (one thread, model load included) from
# `copydesk eval`, peak memory from /usr/bin/time when it is installed,
# the model load alone, a single 1 MB article, and `copydesk batch` over
# 10,340 records with one thread and with every core, next to the
# first-sentence baseline run the same way.
set -u
CD=${1:-./copydesk}
SHARED=${2:-../shared}
DATA=$SHARED/data
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
TIME=""
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %e_s_%M_KB"

echo "== model load and one short article (examples/seed-article.txt)"
for i in 1 2 3; do
    ${TIME:+$TIME} "$CD" -q examples/seed-article.txt >/dev/null 2>"$T/t" || true
    [ -n "$TIME" ] && tail -1 "$T/t"
done
if [ ! -f "$DATA/bbc-dev.jsonl" ]; then
    echo "bench: data sets skipped: $DATA not found"
    exit 0
fi
MP=$(dirname "$CD")/build/measure_parser
[ -x "$MP" ] || MP=$(dirname "$CD")/measure_parser
if [ -x "$MP" ] && [ -f "$DATA/ud-english/en_ewt-test.conllu" ]; then
    echo "== tagging and parsing, EWT test (2,077 sentences, the treebank's words, one thread)"
    "$MP" "$DATA/ud-english/en_ewt-test.conllu" | grep "tags:" | sed 's/^[^:]*, \([^:]*\):.*; \([0-9]* sentences\/s\)$/\1: \2/'
fi
for set in bbc-dev readability-dev; do
    echo "== $set"
    ${TIME:+$TIME} "$CD" eval "$DATA/$set.jsonl" 2>"$T/t" | grep -E '^(speed|articles)'
    [ -n "$TIME" ] && tail -1 "$T/t"
done
echo "== batch: bbc-dev repeated to 10,340 records, JSON Lines in and out"
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$DATA/bbc-dev.jsonl"; done >"$T/10k.jsonl"
NREC=$(wc -l <"$T/10k.jsonl")
CORES=$(nproc 2>/dev/null || echo 2)
printf '%-26s %8s %12s %10s %14s\n' "run" "threads" "articles/s" "seconds" "peak RSS (MB)"
for mode in copydesk baseline; do
    for j in 1 "$CORES"; do
        flag=""
        [ "$mode" = baseline ] && flag=--baseline
        start=$(date +%s.%N)
        if [ -n "$TIME" ]; then
            /usr/bin/time -f %M -o "$T/mem" "$CD" batch -q $flag -j "$j" "$T/10k.jsonl" >"$T/out"
        else
            "$CD" batch -q $flag -j "$j" "$T/10k.jsonl" >"$T/out"
        fi
        end=$(date +%s.%N)
        mem=n/a
        [ -n "$TIME" ] && mem=$(awk '{ printf "%.1f", $1 / 1024 }' "$T/mem")
        name="copydesk batch"
        [ "$mode" = baseline ] && name="first-sentence baseline"
        awk -v n="$NREC" -v s="$start" -v e="$end" -v j="$j" -v m="$mem" -v r="$name" \
            'BEGIN { printf "%-26s %8d %12.1f %10.2f %14s\n", r, j, n / (e - s), e - s, m }'
        [ "$(wc -l <"$T/out")" = "$NREC" ] || echo "bench: batch wrote $(wc -l <"$T/out") lines, not $NREC"
    done
done

echo "== one 1 MB article (bbc-dev texts joined)"
awk -F'"text": "' 'NF > 1 { split($2, a, "\", \"html_path"); gsub(/\\n/, "\n", a[1]); printf "%s\n\n", a[1] }' \
    "$DATA/bbc-dev.jsonl" | head -c 1040000 >"$T/big.txt"
${TIME:+$TIME} "$CD" -q "$T/big.txt" >/dev/null 2>"$T/t" || true
[ -n "$TIME" ] && tail -1 "$T/t"

PAGES=$SHARED/data/readability-test-pages
if [ -d "$PAGES" ]; then
    echo "== HTML extraction: the 130 Readability test pages, one process each tool"
    start=$(date +%s.%N)
    "$CD" extract --format json --input html "$PAGES"/*/source.html >/dev/null 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" 'BEGIN { printf "copydesk extract: 130 pages, %.1f pages/s (%.2f s)\n", 130 / (e - s), e - s }'
    RB=$(dirname "$0")/readability-bench
    if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
        if [ ! -d "$RB/node_modules/@mozilla/readability" ]; then
            (cd "$RB" && npm install --no-audit --no-fund --silent >/dev/null 2>&1) ||
                echo "bench: npm install of Readability failed; comparison skipped"
        fi
        [ -d "$RB/node_modules/@mozilla/readability" ] && node "$RB/bench.js" "$PAGES"/*/source.html
    else
        echo "bench: node/npm not installed: Readability comparison skipped"
    fi
fi
