#!/bin/sh
# run.sh - exit codes, messages and streams of the copydesk command.
#   sh tests/cli/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

# expect NAME WANT_STATUS WANT_STDERR_SUBSTRING -- command...
expect() {
    name=$1 want=$2 msg=$3
    shift 4
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat "$T/err"
        fail=$((fail + 1)); return
    fi
    if [ -n "$msg" ] && ! grep -qF -- "$msg" "$T/err"; then
        echo "FAIL $name: stderr lacks '$msg':"; cat "$T/err"
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

printf '' >"$T/empty.txt"
printf '  \n\n\t\n' >"$T/blank.txt"
printf 'abc\377def is not text.\n' >"$T/bad.txt"
printf 'ab\000cd' >"$T/bin.txt"
head -c 3000 /dev/urandom >"$T/random.bin" 2>/dev/null || printf '\001\002\003\000' >"$T/random.bin"
cp examples/seed-article.txt "$T/seed.txt"

expect help 0 "" -- "$CD" --help
expect version 0 "" -- "$CD" --version
expect seed 0 "" -- "$CD" "$T/seed.txt"
grep -q '^Alternative Headlines:$' "$T/out" && grep -q '^Meta Descriptions:$' "$T/out" \
    && pass=$((pass + 1)) || { echo "FAIL layout"; fail=$((fail + 1)); }
expect generate-verb 0 "" -- "$CD" generate "$T/seed.txt"
expect stdin 0 "" -- sh -c "\"$CD\" - < \"$T/seed.txt\""
expect json 0 "" -- "$CD" --format json "$T/seed.txt"
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(k in d for k in ("headlines","ledes","seo_titles","meta_descriptions")); it=d["seo_titles"][0]; assert all(k in it for k in ("text","chars","px","score","sources"))' "$T/out" \
        && pass=$((pass + 1)) || { echo "FAIL json shape"; fail=$((fail + 1)); }
fi
expect empty 3 "copydesk: $T/empty.txt: no body text found (0 of 0 bytes)" -- "$CD" "$T/empty.txt"
expect blank 3 "no body text found" -- "$CD" "$T/blank.txt"
expect invalid-utf8 3 "copydesk: $T/bad.txt: invalid UTF-8 at byte 3" -- "$CD" "$T/bad.txt"
expect binary 3 "binary input (NUL byte at offset 2)" -- "$CD" "$T/bin.txt"
expect random 3 "copydesk: $T/random.bin: " -- "$CD" "$T/random.bin"
expect missing 3 "copydesk: $T/nope.txt: No such file or directory" -- "$CD" "$T/nope.txt"
expect too-big 4 "over the limit of 100" -- "$CD" --max-bytes 100 "$T/seed.txt"
expect bad-option 2 "unknown option '--frobnicate'" -- "$CD" --frobnicate "$T/seed.txt"
expect bad-value 2 "bad value for option '--format'" -- "$CD" --format xml "$T/seed.txt"
expect no-file 2 "no input FILE" -- "$CD"
expect two-files 2 "expected one FILE" -- "$CD" "$T/seed.txt" "$T/seed.txt"
expect bad-data 3 "cannot open tagger model" -- "$CD" --data "$T" "$T/seed.txt"
# one line of diagnostics per failure
"$CD" "$T/bad.txt" 2>"$T/err" >/dev/null
[ "$(wc -l <"$T/err")" -eq 1 ] && pass=$((pass + 1)) || { echo "FAIL one-line error"; fail=$((fail + 1)); }
# a short article gives fewer items and a warning, not filler
printf 'The mayor resigned on Friday after a row over funding.\n' >"$T/short.txt"
expect short 0 "warning: article too short" -- "$CD" "$T/short.txt"
# same input, same bytes
"$CD" --format json "$T/seed.txt" >"$T/a" 2>/dev/null
"$CD" --format json "$T/seed.txt" >"$T/b" 2>/dev/null
cmp -s "$T/a" "$T/b" && pass=$((pass + 1)) || { echo "FAIL deterministic"; fail=$((fail + 1)); }
# title case changes letters, not the choice (quotations are compared
# case-insensitively by the fact check)
a=$("$CD" -q "$T/seed.txt" | sed -n 2p | tr 'A-Z' 'a-z')
b=$("$CD" -q --case title "$T/seed.txt" | sed -n 2p | tr 'A-Z' 'a-z')
[ -n "$a" ] && [ "$a" = "$b" ] && pass=$((pass + 1)) || { echo "FAIL title case: '$a' vs '$b'"; fail=$((fail + 1)); }
# HTML pages: detected, graded, extracted
cat >"$T/page.html" <<'EOF2'
<!DOCTYPE html><html lang="en"><head><title>Council backs budget for schools and parks in a long late-night vote | The Westbury Times</title>
<meta name="description" content="The council approved the budget after a long debate."></head>
<body><nav><a href="/">Home</a></nav><article><h1>Council backs budget</h1>
<p>The council approved the new budget on Monday after a long debate, and the mayor said the plan would protect libraries, parks and schools.</p>
<p>Opposition members said the plan relied on one-off sales of land, and warned that cuts would follow next year.</p>
<p>The budget takes effect in April, the council said in a statement on Tuesday evening.</p></article></body></html>
EOF2
expect html 0 "" -- "$CD" -q "$T/page.html"
grep -q '^Current Title:$' "$T/out" && grep -q 'Google shows:' "$T/out" && pass=$((pass + 1)) || { echo "FAIL html current title"; fail=$((fail + 1)); }
expect extract 0 "" -- "$CD" extract --format json "$T/page.html"
grep -q '"title":"Council backs budget for schools and parks in a long late-night vote"' "$T/out" && pass=$((pass + 1)) || { echo "FAIL extract title"; cat "$T/out"; fail=$((fail + 1)); }
printf '<html><head><title>Nothing</title></head><body></body></html>' >"$T/empty.html"
expect empty-page 3 "no article found" -- "$CD" "$T/empty.html"
# JSON records, one per line; unknown fields are named
printf '{"id":"a1","text":"The mayor resigned on Friday after a row over funding. Council members were surprised. An election will follow in March."}\n{"id":"a2","foo":1}\n' >"$T/recs.jsonl"
expect json-lines 3 "recs.jsonl:2: unknown field 'foo'" -- "$CD" --format json "$T/recs.jsonl"
grep -q '^{"id":"a1",' "$T/out" && pass=$((pass + 1)) || { echo "FAIL json lines output"; fail=$((fail + 1)); }
printf '{"title":"x"}' >"$T/notext.json"
expect json-no-text 3 "neither 'text' nor 'html'" -- "$CD" "$T/notext.json"
# counts are options
"$CD" --headlines 2 --ledes 0 "$T/seed.txt" >"$T/out" 2>/dev/null
n=$(awk '/^Alternative Headlines:/{on=1;next} /:$/{on=0} on&&/^- /{c++} END{print c+0}' "$T/out")
grep -q '^Alternative Ledes:' "$T/out" && n=bad
[ "$n" -eq 2 ] && pass=$((pass + 1)) || { echo "FAIL --headlines 2 gave $n"; fail=$((fail + 1)); }

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
