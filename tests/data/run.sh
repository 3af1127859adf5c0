#!/bin/sh
# run.sh - checks against the evaluation data in ../shared/data, which is
# not part of the project: they skip, saying so, when it is absent.
#   SHARED=../shared sh tests/data/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
SHARED=${SHARED:-../shared}
DATA=$SHARED/data
if [ ! -f "$DATA/bbc-dev.jsonl" ] || [ ! -f "$DATA/readability-dev.jsonl" ]; then
    echo "data: skipped: $DATA not found (evaluation data is not part of the project)"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL data: $*"; fail=$((fail + 1)); }

"$CD" eval --dump "$T/bbc.jsonl" "$DATA/bbc-dev.jsonl" >"$T/bbc.txt" 2>&1 || bad "eval bbc-dev exited $?"
"$CD" eval --dump "$T/rd.jsonl" "$DATA/readability-dev.jsonl" >"$T/rd.txt" 2>&1 || bad "eval readability-dev exited $?"
# web-dev: pages only, read gzip-compressed (issue 15)
WEB=""
if [ -f "$DATA/web-dev.jsonl" ]; then
    WEB="$T/web.txt"
    "$CD" eval --dump "$T/web.jsonl" "$DATA/web-dev.jsonl" >"$WEB" 2>&1 || bad "eval web-dev exited $?"
else
    echo "data: web-dev skipped: $DATA/web-dev.jsonl not found"
fi
cat "$T/bbc.txt" "$T/rd.txt" ${WEB:+"$WEB"}
if [ -n "$WEB" ]; then
    # every English row that has a page is read from it
    grep -q '^articles: 1[4-9][0-9] scored' "$WEB" && ok || bad "web-dev: $(grep '^articles' "$WEB")"
    grep -q '(0 of those printed)$' "$WEB" && ok || bad "web-dev: a printed candidate failed a fact rule"
    grep -q 'seo titles: 100.0% ([1-9][0-9]*/' "$WEB" && ok || bad "web-dev SEO titles out of limits"
    grep -q 'meta descriptions: 100.0% ([1-9][0-9]*/' "$WEB" && ok || bad "web-dev descriptions out of limits"
fi

# field N of the row for KIND (3 R1, 4 R2, 5 RL; prefix R1 7, RL 8;
# first sentence R1 10, RL 11; lead within 155 characters R1 13, RL 14)
field() { awk -v k="$2" -v f="$3" '$1 == k { print $f }' "$1"; }
# ge A B: A >= B, both numbers (a missing row is "" and "-" when nothing
# was scored; either would compare as 0 and could pass)
ge() {
    for v in "$1" "$2"; do
        case $v in '' | *[!0-9.-]* | *.*.* | -) return 1 ;; esac
    done
    awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'
}

# Floors: the issue's targets, so a regression fails the suite.
rl=$(field "$T/bbc.txt" headline 5)
ge "$rl" 25.0 && ok || bad "bbc-dev headline ROUGE-L $rl < 25.0"
mrl=$(field "$T/rd.txt" meta_description 5)
mfs=$(field "$T/rd.txt" meta_description 11)
ge "$mrl" "$mfs" && ok || bad "readability meta ROUGE-L $mrl < first-sentence $mfs"
# The same articles from their pages: meta descriptions within 1 point.
"$CD" eval --html "$DATA/readability-dev.jsonl" >"$T/rdh.txt" 2>&1 || bad "eval --html exited $?"
mh=$(field "$T/rdh.txt" meta_description 5)
ge "$mrl" 0 && ge "$mh" "$(awk -v a="$mrl" 'BEGIN { print a - 1 }')" && ok ||
    bad "readability meta ROUGE-L from pages $mh is more than 1 below text $mrl"
echo "meta description ROUGE-L from pages: $mh (from text $mrl)"
# Every candidate copydesk generates passes the fact rules (issue 4).
for f in "$T/bbc.txt" "$T/rd.txt"; do
    # "0 of 0" would be a run that generated nothing
    grep -q '^facts: 0 of [1-9][0-9]* candidates read' "$f" && ok ||
        bad "generated candidates failed fact rules, or none: $(grep '^facts' "$f")"
done
for f in "$T/bbc.txt" "$T/rd.txt"; do
    grep -q 'seo titles: 100.0% ([1-9][0-9]*/' "$f" && ok || bad "SEO titles out of limits, or none, in $f"
    grep -q 'meta descriptions: 100.0% ([1-9][0-9]*/' "$f" && ok ||
        bad "meta descriptions out of limits, or none, in $f"
done

# Our ROUGE agrees with the reference scorer within 0.1 (needs python3-nltk).
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
if $PY -c "import nltk" 2>/dev/null; then
    # rouge.py's own status, not awk's: its output goes to a file first
    if $PY "$SHARED/tools/rouge.py" jsonl --stem --ref-field title \
          --pred-field headline "$DATA/bbc-dev.jsonl" "$T/bbc.jsonl" >"$T/rouge.txt" 2>&1; then
        ref=$(awk '$1 == "rougeL" { sub("F=", "", $4); print $4 * 100 }' "$T/rouge.txt")
        ge "$rl" 0 && ge "$ref" 0 &&
            awk -v a="$rl" -v b="$ref" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 0.1) }' \
            && ok || bad "ROUGE-L $rl differs from rouge.py '$ref' by more than 0.1"
        echo "rouge.py headline ROUGE-L: $ref (ours $rl)"
    else
        bad "rouge.py failed: $(tail -3 "$T/rouge.txt")"
    fi
else
    bad "python3-nltk not installed (make deps installs it): rouge.py cross-check could not run"
fi
echo "data: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
