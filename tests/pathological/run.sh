#!/bin/sh
# run.sh - generated hostile inputs: each must end (no hang: a generous
# timeout guards, it is not a speed test), exit with a documented code,
# and print at most one line on stderr when it fails.
#   sh tests/pathological/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

# run NAME CODE MESSAGE FILE [options]: the run must exit with CODE, the
# one code that is right for that input.  Exit 0 prints a package and
# nothing on stderr; any other code prints exactly one line on stderr,
# "copydesk: FILE: MESSAGE..." (MESSAGE a fixed prefix of the reason).
# Exit 1 is "no candidate passed the checks": the input has sentences
# (a lone word or a full stop is a sentence), none of them usable.
run() {
    name=$1 want=$2 msg=$3 file=$4
    shift 4
    timeout 300 "$CD" -q "$@" "$file" >"$T/out" 2>"$T/err"
    rc=$?
    if [ "$rc" != "$want" ]; then
        echo "FAIL pathological $name: exit $rc, expected $want"; head -5 "$T/err"
        fail=$((fail + 1)); return
    fi
    if grep -q "Sanitizer\|runtime error" "$T/err"; then
        echo "FAIL pathological $name: sanitizer report"; head -20 "$T/err"
        fail=$((fail + 1)); return
    fi
    if [ "$rc" = 0 ]; then
        if [ -s "$T/err" ] || ! grep -q '^Alternative Headlines:$' "$T/out" ||
            ! grep -q '^- ' "$T/out"; then
            echo "FAIL pathological $name: exit 0 without a package, or with stderr:"
            head -5 "$T/err"; head -5 "$T/out"
            fail=$((fail + 1)); return
        fi
    else
        if [ "$(wc -l <"$T/err")" -ne 1 ] || ! grep -qF -- "copydesk: $file: $msg" "$T/err"; then
            echo "FAIL pathological $name: stderr is not one line 'copydesk: $file: $msg...':"
            head -5 "$T/err"
            fail=$((fail + 1)); return
        fi
    fi
    pass=$((pass + 1))
}
NONE="no candidate passed the checks"

# one sentence of 150,000 words, no punctuation
awk 'BEGIN { srand(1); split("alpha Beta gamma Delta said the council Smith of and", w, " ");
             for (i = 0; i < 150000; i++) printf "%s ", w[int(rand() * 10) + 1]; }' >"$T/long.txt"
run long-sentence 1 "$NONE" "$T/long.txt"
# 10,000 paragraphs
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "Para %d has a sentence. Another one here.\n\n", i }' >"$T/paras.txt"
run many-paragraphs 0 "" "$T/paras.txt"
# 20,000 distinct names
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Name%d Person%d met Officer%d. ", i, i, i }' >"$T/names.txt"
run many-names 0 "" "$T/names.txt"
# every byte value
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%c", i }' >"$T/bytes.bin"
run all-bytes 3 "binary input (NUL byte at offset 0)" "$T/bytes.bin"
# quotation marks without end
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "\""; for (i = 0; i < 500; i++) printf " He said it was fine. " }' >"$T/quotes.txt"
run quotes 1 "$NONE" "$T/quotes.txt"
# deep Markdown nesting and unclosed links
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "> "; print "deep quote text here with words."; for (i = 0; i < 5000; i++) printf "["; for (i = 0; i < 5000; i++) printf "](" }' >"$T/nest.md"
run markdown-nesting 1 "$NONE" "$T/nest.md"
# over the size limit, and exactly at it
head -c 1048577 /dev/zero | tr '\0' 'a' >"$T/big.txt"
run over-limit 4 "input is 1048577 bytes, over the limit of 1048576" "$T/big.txt"
head -c 1048576 /dev/zero | tr '\0' 'a' >"$T/limit.txt"
run at-limit 1 "$NONE" "$T/limit.txt"
run custom-limit 4 "input is $(wc -c <"$T/paras.txt" | tr -d ' ') bytes, over the limit of 1000" \
    "$T/paras.txt" --max-bytes 1000
# only punctuation and digits
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%d. , ; : ! ? ", i }' >"$T/punct.txt"
run punctuation 1 "$NONE" "$T/punct.txt"
# a single word, and whitespace only
printf 'Hello' >"$T/word.txt"
run one-word 1 "$NONE" "$T/word.txt"
printf '\n\n\t  \n' >"$T/ws.txt"
run whitespace 3 "no body text found (0 of 6 bytes)" "$T/ws.txt"
# truncated UTF-8 at the end
printf 'Prices rose sharply on Monday. Analysts were surprised \342\200' >"$T/trunc.txt"
run truncated-utf8 3 "invalid UTF-8 at byte 55" "$T/trunc.txt"

# HTML: 100,000 nested elements, truncated markup, a 20 MB page.
# The deep page is read whole: past 512 open elements each new one is
# read one level up (tests/unit/test_html.c), so its text is there, a
# sentence too short for any candidate.
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 100000; i++) printf "<div>"; printf "deep text here" }' >"$T/deep.html"
run html-deep 1 "$NONE" "$T/deep.html"
# 400 rows with every </div> missing: each nests in the one before
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 400; i++) printf "<div class=row><p>Row %d: the council approved %d new homes on Monday, officials said.</p>", i, i + 10 }' >"$T/rows.html"
"$CD" extract "$T/rows.html" >"$T/out" 2>"$T/err"
if [ $? = 0 ] && [ "$(grep -c '^Row [0-9]*: the council' "$T/out")" = 400 ] && [ ! -s "$T/err" ]; then
    pass=$((pass + 1))
else
    echo "FAIL pathological html-rows: not 400 rows: $(grep -c '^Row [0-9]*: the council' "$T/out")"
    fail=$((fail + 1))
fi
# bounds checked before parsing: attributes of one element, elements and
# attributes of a page; and the work of end tags that close nothing
awk 'BEGIN { printf "<html><body><p"; for (i = 0; i < 40000; i++) printf " a%d=x", i; printf ">The council met.</p>" }' >"$T/attrs.html"
run html-attributes 4 "an element at byte 12 has more than 256 attributes" "$T/attrs.html"
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 600000; i++) printf "<br>" }' >"$T/br.html"
run html-elements 4 "page has more than 500000 elements and attributes" "$T/br.html"
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 500; i++) printf "<span>"; printf "<p>The council met.</p>"; for (i = 0; i < 600000; i++) printf "</b>" }' >"$T/stray.html"
run html-stray-end-tags 4 "page has too many end tags that close nothing (at byte " "$T/stray.html"
# a bad byte in a page declaring UTF-8: U+FFFD, counted, never the byte
printf '<html><head><meta charset="utf-8"><title>Council \303( backs park</title></head><body><p>Smith said \303\050 ok.</p><p>The council approved the new park on Monday after a long debate, officials said.</p></body></html>' >"$T/bad.html"
"$CD" extract --format json "$T/bad.html" >"$T/out" 2>"$T/err"
if [ $? = 0 ] && LC_ALL=C grep -q "Smith said $(printf '\357\277\275')( ok" "$T/out" &&
    LC_ALL=C grep -q '"warnings":\["2 bytes not valid UTF-8 replaced with U+FFFD"\]' "$T/out" &&
    ! LC_ALL=C grep -q "$(printf '\303(')" "$T/out"; then
    pass=$((pass + 1))
else
    echo "FAIL pathological html-invalid-utf8: $(head -c 300 "$T/out")"
    fail=$((fail + 1))
fi
run html-invalid-utf8-title 0 "" "$T/bad.html"
# JSON records: \u0000 is binary input; a record's text obeys --max-bytes
printf '{"id":"a","text":"Prices rose.\\u0000 Then they fell."}\n' >"$T/nul.json"
run json-nul 3 "binary input (\\u0000 at offset 30)" "$T/nul.json"
printf '{"text":"Prices rose on Monday after a long debate, officials said."}' >"$T/big.json"
run json-text-limit 4 "text is 58 bytes, over the limit of 20" "$T/big.json" --max-bytes 20
# a page whose article is over --max-bytes, and a text its analysis
# cannot hold: refused before the work
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 30000; i++) printf "<p>Row %d: the council approved new homes on Monday.</p>", i }' >"$T/long.html"
run html-article-limit 4 "article text is " "$T/long.html"
head -c 1048576 /dev/zero | tr '\0' ',' >"$T/commas.txt"
run arena-limit 4 "article of 1048576 bytes needs more than " "$T/commas.txt"
# A page cut inside its <title> has no body and so no article: the title
# is metadata, not article text, with a <body> or without one.
printf '<html><head><title>Cut' >"$T/cut.html"
run html-truncated 3 "no article found (0 of 22 bytes)" "$T/cut.html"
printf '<html><head><title>Cut</title></head></html>' >"$T/headonly.html"
run html-head-only 3 "no article found" "$T/headonly.html"
{ printf '<html><body>'; head -c 20000000 /dev/zero | tr '\0' 'x'; } >"$T/huge.html"
# the page is read only up to the limit: its size is the file's, not the
# byte count reading stopped at (16777217)
run html-over-limit 4 "input is 20000012 bytes, over the limit of 16777216" "$T/huge.html"
# from a pipe the size is not known, and not stated
timeout 300 "$CD" -q - <"$T/huge.html" >"$T/out" 2>"$T/err"
rc=$?
if [ "$rc" = 4 ] && [ "$(cat "$T/err")" = "copydesk: <stdin>: input is over the limit of 16777216 bytes" ]; then
    pass=$((pass + 1))
else
    echo "FAIL pathological html-over-limit-stdin: exit $rc: $(cat "$T/err")"
    fail=$((fail + 1))
fi
run html-custom-limit 4 "input is 22 bytes, over the limit of 10" "$T/cut.html" --max-page-bytes 10

echo "pathological: $pass passed, $fail failed"
# the same kind of input with time and memory printed and bounded
sh "$(dirname "$0")/bounds.sh" "$CD" || fail=$((fail + 1))
[ "$fail" -eq 0 ]
