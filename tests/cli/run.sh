#!/bin/sh
# run.sh - exit codes, messages and streams of the copydesk command.
#   sh tests/cli/run.sh PATH/TO/copydesk
set -u
CD_REAL=${1:-./copydesk}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Every call goes through a wrapper that notes each option it was given
# with its subcommand, so the end of the suite can tell that every option
# of every subcommand's --help was used.
CD=$T/copydesk
cat >"$CD" <<EOF
#!/bin/sh
sub=generate
case "\$1" in generate|extract|check|eval|batch|serve) sub=\$1 ;; esac
for a in "\$@"; do
    case "\$a" in
    --*) printf '%s %s\n' "\$sub" "\${a%%=*}" ;;
    -?*) printf '%s %s\n' "\$sub" "\$(printf '%s' "\$a" | cut -c1-2)" ;;
    esac
done >>"$T/calls"
exec "$CD_REAL" "\$@"
EOF
chmod +x "$CD"
: >"$T/calls"
pass=0
fail=0

# expect NAME WANT_STATUS WANT_STDERR -- command...
# The command must exit WANT_STATUS and print exactly WANT_STDERR on
# stderr, every line of it (a final newline is added); "" means that
# stderr must be empty.  Its stdout is left in $T/out.
expect() {
    name=$1 want=$2 msg=$3
    shift 4
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat "$T/err"
        fail=$((fail + 1)); return
    fi
    if [ -n "$msg" ]; then printf '%s\n' "$msg"; fi >"$T/want"
    if ! cmp -s "$T/want" "$T/err"; then
        echo "FAIL $name: stderr is not as expected (< wanted, > got):"
        diff "$T/want" "$T/err"
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}
# expect_re NAME WANT_STATUS RE_FILE -- command...: as expect, but stderr
# has as many lines as RE_FILE, each matching its extended regex whole
expect_re() {
    name=$1 want=$2 re=$3
    shift 4
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; cat "$T/err"
        fail=$((fail + 1)); return
    fi
    if ! awk 'NR == FNR { re[++n] = $0; next }
              { m++; if (m > n || $0 !~ ("^" re[m] "$")) bad = 1 }
              END { exit (bad || m != n) }' "$re" "$T/err"; then
        echo "FAIL $name: stderr does not match $re line for line:"; cat "$T/err"
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}
# lines LINE...: the lines, for a WANT_STDERR of several
lines() { printf '%s\n' "$@"; }
# usage MESSAGE [SUBCOMMAND]: the two lines of a usage error (exit 2)
usage() { printf "copydesk: %s\nTry 'copydesk%s --help' for more information." "$1" "${2:+ $2}"; }
# ok NAME CONDITION...: one more pass when the shell condition holds.
ok() {
    name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else echo "FAIL $name"; fail=$((fail + 1)); fi
}
# not CONDITION...: true when the condition does not hold
not() { ! "$@"; }
# py FILE 'PYTHON EXPRESSION over d, the JSON in FILE': true when it holds.
py() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($2) else 1)" "$1"; }
# items FILE HEADING: how many "- " items the text layout lists under HEADING
items() { awk -v h="$2" '$0 == h { on = 1; next } /^- / { if (on) c++; next } { on = 0 } END { print c + 0 }' "$1"; }
# bytes FILE: its size, digits only
bytes() { wc -c <"$1" | tr -d ' '; }
# over FILE LIMIT: what copydesk says of FILE over --max-bytes or --max-page-bytes LIMIT
over() { printf 'copydesk: %s: input is %s bytes, over the limit of %s' "$1" "$(bytes "$1")" "$2"; }

printf '' >"$T/empty.txt"
printf '  \n\n\t\n' >"$T/blank.txt"
printf 'abc\377def is not text.\n' >"$T/bad.txt"
printf 'ab\000cd' >"$T/bin.txt"
# random bytes after a lone continuation byte, without NUL: byte 0 is the error
{ printf '\200'; head -c 2999 /dev/urandom | tr '\000' '\001'; } >"$T/random.bin"
cp examples/seed-article.txt "$T/seed.txt"
# the seed article's package, made with -q (tests/golden/run.sh)
G=$(dirname "$0")/../golden

expect help 0 "" -- "$CD" --help
ok help-usage grep -q '^usage: copydesk \[generate\] ' "$T/out"
expect version 0 "" -- "$CD" --version
ok version-line test "$(wc -l <"$T/out")" -eq 1
ok version-text grep -qx 'copydesk [0-9][0-9.]*' "$T/out"
# the seed article gives no warning, and its package is the golden one
expect seed 0 "" -- "$CD" "$T/seed.txt"
grep -q '^Alternative Headlines:$' "$T/out" && grep -q '^Meta Descriptions:$' "$T/out" \
    && pass=$((pass + 1)) || { echo "FAIL layout"; fail=$((fail + 1)); }
ok seed-golden cmp "$T/out" "$G/seed.out"
expect seed-quiet 0 "" -- "$CD" -q "$T/seed.txt"
ok seed-quiet-golden cmp "$T/out" "$G/seed.out"
expect generate-verb 0 "" -- "$CD" generate "$T/seed.txt"
ok generate-verb-golden cmp "$T/out" "$G/seed.out"
expect stdin 0 "" -- sh -c "\"$CD\" - < \"$T/seed.txt\""
ok stdin-golden cmp "$T/out" "$G/seed.out"
expect json 0 "" -- "$CD" --format json "$T/seed.txt"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(k in d for k in ("headlines","ledes","seo_titles","meta_descriptions")); it=d["seo_titles"][0]; assert all(k in it for k in ("text","chars","px","score","sources"))' "$T/out" \
    && pass=$((pass + 1)) || { echo "FAIL json shape"; fail=$((fail + 1)); }
ok json-counts py "$T/out" '[len(d[k]) for k in ("headlines", "ledes", "seo_titles", "meta_descriptions")] == [5, 5, 3, 3]'
expect empty 3 "copydesk: $T/empty.txt: no body text found (0 of 0 bytes)" -- "$CD" "$T/empty.txt"
expect blank 3 "copydesk: $T/blank.txt: no body text found (0 of 6 bytes)" -- "$CD" "$T/blank.txt"
expect invalid-utf8 3 "copydesk: $T/bad.txt: invalid UTF-8 at byte 3" -- "$CD" "$T/bad.txt"
expect binary 3 "copydesk: $T/bin.txt: binary input (NUL byte at offset 2)" -- "$CD" "$T/bin.txt"
expect random 3 "copydesk: $T/random.bin: invalid UTF-8 at byte 0" -- "$CD" "$T/random.bin"
expect missing 3 "copydesk: $T/nope.txt: No such file or directory" -- "$CD" "$T/nope.txt"
expect too-big 4 "$(over "$T/seed.txt" 100)" -- "$CD" --max-bytes 100 "$T/seed.txt"
# both limits low: a file read only up to them still gives its size; a
# pipe cannot, so it gives only the limit
expect too-big-both 4 "$(over "$T/seed.txt" 100)" -- "$CD" --max-bytes 100 --max-page-bytes 100 "$T/seed.txt"
expect too-big-pipe 4 "copydesk: <stdin>: input is over the limit of 100 bytes" -- \
    sh -c "cat \"$T/seed.txt\" | \"$CD\" --max-bytes 100 --max-page-bytes 100 -"
expect bad-option 2 "$(usage "unknown option '--frobnicate'")" -- "$CD" --frobnicate "$T/seed.txt"
expect bad-value 2 "$(usage "bad value for option '--format'")" -- "$CD" --format xml "$T/seed.txt"
expect no-file 2 "$(usage "no input FILE (use - for stdin)")" -- "$CD"
expect two-files 2 "$(usage "expected one FILE")" -- "$CD" "$T/seed.txt" "$T/seed.txt"
expect bad-data 3 "copydesk: cannot open tagger model $T/tagger.bin" -- "$CD" --data "$T" "$T/seed.txt"
# one line of diagnostics per failure
expect one-line-error 3 "copydesk: $T/bad.txt: invalid UTF-8 at byte 3" -- "$CD" "$T/bad.txt"
[ "$(wc -l <"$T/err")" -eq 1 ] && pass=$((pass + 1)) || { echo "FAIL one-line error"; fail=$((fail + 1)); }
# a short article gives fewer items and a warning, not filler
printf 'The mayor resigned on Friday after a row over funding.\n' >"$T/short.txt"
expect short 0 "$(lines "copydesk: $T/short.txt: warning: article too short: 2 of 5 headlines" \
    "copydesk: $T/short.txt: warning: article too short: 1 of 5 ledes" \
    "copydesk: $T/short.txt: warning: article too short: 2 of 3 seo_titles" \
    "copydesk: $T/short.txt: warning: article too short: 0 of 3 meta_descriptions")" -- "$CD" "$T/short.txt"
ok short-items test "$(items "$T/out" 'Alternative Headlines:') $(items "$T/out" 'Alternative Ledes:') $(items "$T/out" 'SEO Headlines:') $(items "$T/out" 'Meta Descriptions:')" = "2 1 2 0"
# same input, same bytes: the golden package
expect deterministic-a 0 "" -- "$CD" --format json "$T/seed.txt"
cp "$T/out" "$T/a"
expect deterministic-b 0 "" -- "$CD" --format json "$T/seed.txt"
cp "$T/out" "$T/b"
ok deterministic-non-empty test -s "$T/a"
cmp -s "$T/a" "$T/b" && pass=$((pass + 1)) || { echo "FAIL deterministic"; fail=$((fail + 1)); }
ok deterministic-golden cmp "$T/a" "$G/seed.json"
# title case changes letters, not the choice (quotations are compared
# case-insensitively by the fact check)
expect case-sentence 0 "" -- "$CD" -q "$T/seed.txt"
a=$(sed -n 2p "$T/out" | tr 'A-Z' 'a-z')
expect case-title 0 "" -- "$CD" -q --case title "$T/seed.txt"
b=$(sed -n 2p "$T/out" | tr 'A-Z' 'a-z')
ok case-title-first test "$(sed -n 2p "$T/out")" = "- Hegseth Declares Ukraine’s NATO Membership ‘Unrealistic’"
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
cp "$T/out" "$T/page.out"
expect extract 0 "" -- "$CD" extract --format json "$T/page.html"
grep -q '"title":"Council backs budget for schools and parks in a long late-night vote"' "$T/out" && pass=$((pass + 1)) || { echo "FAIL extract title"; cat "$T/out"; fail=$((fail + 1)); }
printf '<html><head><title>Nothing</title></head><body></body></html>' >"$T/empty.html"
expect empty-page 3 "copydesk: $T/empty.html: no article found (0 of 61 bytes)" -- "$CD" "$T/empty.html"
# JSON records, one per line; unknown fields are named
printf '{"id":"a1","text":"The mayor resigned on Friday after a row over funding. Council members were surprised. An election will follow in March."}\n{"id":"a2","foo":1}\n' >"$T/recs.jsonl"
# (record 1 is short: its warnings carry its line number)
expect json-lines 3 "$(lines "copydesk: $T/recs.jsonl:1: warning: article too short: 2 of 5 headlines" \
    "copydesk: $T/recs.jsonl:1: warning: article too short: 1 of 5 ledes" \
    "copydesk: $T/recs.jsonl:1: warning: article too short: 2 of 3 seo_titles" \
    "copydesk: $T/recs.jsonl:1: warning: article too short: 1 of 3 meta_descriptions" \
    "copydesk: $T/recs.jsonl:2: unknown field 'foo' (known: text, html, title, url, id, lang)")" \
    -- "$CD" --format json "$T/recs.jsonl"
grep -q '^{"id":"a1",' "$T/out" && pass=$((pass + 1)) || { echo "FAIL json lines output"; fail=$((fail + 1)); }
printf '{"title":"x"}' >"$T/notext.json"
# every record has its line: the one that failed, an error object (issue 13)
ok json-lines-one-line test "$(wc -l <"$T/out")" -eq 2
ok json-lines-error-line grep -qx '{"id":"a2","line":2,"error":{"message":"unknown field '"'foo'"' (known: text, html, title, url, id, lang)","code":3}}' "$T/out"
expect json-no-text 3 "copydesk: $T/notext.json: record has neither 'text' nor 'html'" -- "$CD" "$T/notext.json"
# counts are options; 0 leaves the list out, heading and all
expect counts 0 "" -- "$CD" -q --headlines 2 --ledes 0 "$T/seed.txt"
n=$(items "$T/out" 'Alternative Headlines:')
[ "$n" -eq 2 ] && pass=$((pass + 1)) || { echo "FAIL --headlines 2 gave $n"; fail=$((fail + 1)); }
ok counts-no-ledes not grep -q '^Alternative Ledes:' "$T/out"
ok counts-others test "$(items "$T/out" 'SEO Headlines:') $(items "$T/out" 'Meta Descriptions:')" = "3 3"


# ---- every option of every subcommand ------------------------------------

# generate: the lists' counts and limits, as JSON
expect gen-counts 0 "" -- "$CD" -f json --seo 1 --meta 2 --headlines 3 --ledes 1 "$T/seed.txt"
ok gen-counts-json py "$T/out" 'len(d["seo_titles"]) == 1 and len(d["meta_descriptions"]) == 2 and len(d["headlines"]) == 3 and len(d["ledes"]) == 1'
# at 52 characters one of the seed's SEO titles is a whole headline: the
# others would be fragments (issue 15)
expect gen-limits 0 "copydesk: $T/seed.txt: warning: article too short: 1 of 3 seo_titles" \
    -- "$CD" --format=json --seo-max-chars 52 --seo-max-px 500 \
    --meta-min-chars 100 --meta-max-chars 140 --meta-max-px 850 --lede-max-words 25 "$T/seed.txt"
ok gen-limits-seo py "$T/out" 'd["seo_titles"] and all(i["chars"] <= 52 and i["px"] <= 500 for i in d["seo_titles"])'
ok gen-limits-meta py "$T/out" 'd["meta_descriptions"] and all(100 <= i["chars"] <= 140 and i["px"] <= 850 for i in d["meta_descriptions"])'
ok gen-limits-lede py "$T/out" 'd["ledes"] and all(len(i["text"].split()) <= 25 for i in d["ledes"])'
expect gen-quotes-curly 0 "" -- "$CD" -q --quotes curly "$T/seed.txt"
ok gen-quotes-curly-out grep -q "$(printf '\342\200\231')" "$T/out"
expect gen-quotes-straight 0 "" -- "$CD" -q --quotes straight "$T/seed.txt"
ok gen-quotes-straight-out sh -c "! grep -q \"\$(printf '\\342\\200[\\230\\231\\234\\235]')\" '$T/out'"
expect gen-input-text 0 "" -- "$CD" -q --input text "$T/seed.txt"
ok gen-input-text-golden cmp "$T/out" "$G/seed.out"
expect gen-input-html 0 "" -- "$CD" -q --input html "$T/page.html"
ok gen-input-html-current grep -q '^Current Title:$' "$T/out"
expect gen-input-json 3 "copydesk: $T/seed.txt: not a JSON object" -- "$CD" --input json "$T/seed.txt"
expect gen-max-page 4 "$(over "$T/page.html" 100)" -- "$CD" --max-page-bytes 100 "$T/page.html"
expect gen-stage 0 "" -- "$CD" --stage analyze "$T/seed.txt"
# the seed article's 10 paragraphs hold 15 sentences (the last quotation two)
ok gen-stage-json py "$T/out" 'len(d["sentences"]) == 15'
# --stage parse: the same 15 sentences in CoNLL-U, ten fields a word, one
# root a sentence, every head a word of its sentence
expect gen-stage-parse 0 "" -- "$CD" --stage parse "$T/seed.txt"
ok gen-stage-parse-conllu awk -F '\t' '
    /^# text = / { s++; next }
    /^#/ { next }
    /^$/ { if (roots != 1) bad++; roots = 0; n = 0; next }
    { n++; if (NF != 10 || $1 != n || $7 !~ /^[0-9]+$/) bad++; if ($7 == 0) roots++ }
    END { exit !(s == 15 && !bad) }' "$T/out"
expect gen-explain 0 "" -- "$CD" -q --explain "$T/seed.txt"
ok gen-explain-out grep -q '^Candidates (headlines):$' "$T/out"
expect gen-quiet 0 "" -- "$CD" --quiet "$T/short.txt"
ok gen-quiet-silent test ! -s "$T/err"
ok gen-quiet-items test "$(items "$T/out" 'Alternative Headlines:')" -eq 2
expect gen-data 0 "" -- "$CD" -q --data data --wordnet /usr/share/wordnet "$T/seed.txt"
ok gen-data-golden cmp "$T/out" "$G/seed.out"
expect gen-wordnet-missing 3 "copydesk: cannot open $T/no-wordnet/index.verb (install wordnet-base)" -- \
    "$CD" --wordnet "$T/no-wordnet" "$T/seed.txt"
# the language model engine: nothing listens on port 9, so copydesk's own
# engine writes the package (the golden one), with a warning; --strict
# makes that exit 5 and still prints the package
fellback="copydesk: $T/seed.txt: warning: language model: Couldn't connect to server; the built-in engine wrote the package"
expect gen-engine 0 "$fellback" -- "$CD" --engine llm --endpoint http://127.0.0.1:9/v1 \
    --model m --api-key-env CD_TEST_NO_KEY --llm-timeout 2000 --llm-connect-timeout 500 \
    --llm-stall 2 --llm-retries 0 "$T/seed.txt"
ok gen-engine-package cmp "$T/out" "$G/seed.out"
expect gen-engine-strict 5 "$fellback" -- "$CD" --engine hybrid --endpoint http://127.0.0.1:9/v1 \
    --llm-retries 0 --strict "$T/seed.txt"
ok gen-engine-strict-package cmp "$T/out" "$G/seed.out"
expect gen-engine-no-endpoint 2 "$(usage "--engine llm and hybrid need --endpoint URL")" -- "$CD" --engine llm "$T/seed.txt"

# bad values, one per option that takes one
for ov in "--format xml" "--input pdf" "--case upper" "--quotes fancy" "--headlines -1" \
    "--ledes 101" "--seo x" "--meta 1.5" "--max-bytes 0" "--max-page-bytes -5" \
    "--seo-max-chars 9" "--seo-max-px 0" "--meta-min-chars -1" "--meta-max-chars 20" \
    "--meta-max-px nan" "--lede-max-words 4" "--lang e" "--stage tag" "--engine gpt" \
    "--endpoint ftp://x" "--llm-timeout 0" "--llm-connect-timeout -1" "--llm-stall 0" \
    "--llm-retries 3"; do
    set -- $ov
    expect "gen-bad$1" 2 "$(usage "bad value for option '$1'")" -- "$CD" "$1" "$2" "$T/seed.txt"
done
expect gen-needs-value 2 "$(usage "option '--seo' needs a value")" -- "$CD" "$T/seed.txt" --seo
expect gen-flag-value 2 "$(usage "option '--explain' takes no value")" -- "$CD" --explain=yes "$T/seed.txt"
expect gen-min-above-max 2 "$(usage "--meta-min-chars is above --meta-max-chars")" -- "$CD" \
    --meta-min-chars 150 --meta-max-chars 140 "$T/seed.txt"
expect gen-not-its-option 2 "$(usage "option '--headline' is not for 'copydesk generate'")" -- \
    "$CD" --headline x "$T/seed.txt"
expect gen-dashdash 0 "" -- "$CD" -q -- "$T/seed.txt"
ok gen-dashdash-golden cmp "$T/out" "$G/seed.out"

# check: each candidate option, its limits and its output
expect check-all-four 1 "" -- "$CD" check "$T/seed.txt" \
    --headline "Hegseth says Ukraine's NATO membership is unrealistic" \
    --lede "Defense Secretary Pete Hegseth said Ukraine's NATO membership was unrealistic." \
    --seo-title "Hegseth: Ukraine NATO membership unrealistic" --meta "Some description."
# the headline, lede and SEO title say what the article says, within the
# limits; the description is 17 characters (120 to 156) without 'ukraine'
ok check-all-four-graded grep -qx '4 candidates: 3 pass, 0 warn, 1 fail' "$T/out"
ok check-all-four-verdicts test "$(grep -E '^(PASS|WARN|FAIL) ' "$T/out")" = "$(lines \
    "PASS headline: Hegseth says Ukraine's NATO membership is unrealistic" \
    "PASS lede: Defense Secretary Pete Hegseth said Ukraine's NATO membership was unrealistic." \
    "PASS seo_title: Hegseth: Ukraine NATO membership unrealistic" \
    "FAIL meta_description: Some description.")"
ok check-all-four-findings test "$(grep -E '^  (fail|warn) ' "$T/out")" = "$(lines \
    '  fail len.chars at 0 "Some description.": 17 characters; 120 to 156' \
    "  warn seo.keyphrase at 0 \"Some description.\": the keyphrase 'ukraine' is missing")"
ok check-all-four-meta grep -q '^FAIL meta_description: Some description\.$' "$T/out"
ok check-all-four-kinds sh -c "grep -q ' headline: ' '$T/out' && grep -q ' lede: ' '$T/out' && grep -q ' seo_title: ' '$T/out'"
expect check-meta-number 1 "" -- "$CD" check "$T/seed.txt" --meta 3
ok check-meta-number-text grep -q '^FAIL meta_description: 3$' "$T/out"
ok check-meta-number-graded grep -qx '1 candidates: 0 pass, 0 warn, 1 fail' "$T/out"
expect check-json 0 "" -- "$CD" check -f json "$T/seed.txt" --headline "Hegseth says NATO membership for Ukraine is unrealistic"
ok check-json-shape py "$T/out" 'd["candidates"][0]["kind"] == "headline"'
ok check-json-verdict py "$T/out" 'len(d["candidates"]) == 1 and d["candidates"][0]["verdict"] == "pass" and d["candidates"][0]["findings"] == [] and d["summary"] == {"pass": 1, "warn": 0, "fail": 0}'
long_seo="Hegseth says NATO membership for Ukraine is unrealistic"
expect check-seo-limits 1 "" -- "$CD" check --format json --seo-max-chars 40 --seo-max-px 300 "$T/seed.txt" --seo-title "$long_seo"
ok check-seo-limits-rules py "$T/out" '{"len.chars", "len.px"} <= {f["rule"] for f in d["candidates"][0]["findings"]}'
desc="US Defense Secretary Pete Hegseth said in Brussels that a return to Ukraine's pre-2014 borders was unrealistic, and no new aid package was announced."
expect check-meta-limits 1 "" -- "$CD" check -f json --meta-min-chars 10 --meta-max-chars 100 --meta-max-px 500 "$T/seed.txt" --meta "$desc"
ok check-meta-limits-rules py "$T/out" '{"len.chars", "len.px"} <= {f["rule"] for f in d["candidates"][0]["findings"]}'
expect check-lede-words 1 "" -- "$CD" check -f json --lede-max-words 5 "$T/seed.txt" \
    --lede "Pete Hegseth said Ukraine's NATO membership was unrealistic."
ok check-lede-words-rule py "$T/out" '"len.words" in {f["rule"] for f in d["candidates"][0]["findings"]}'
expect check-case-title 0 "" -- "$CD" check -f json --case title "$T/seed.txt" --headline "Hegseth Says NATO Membership for Ukraine Is Unrealistic"
ok check-case-title-clean py "$T/out" '"style.case" not in {f["rule"] for f in d["candidates"][0]["findings"]}'
expect check-case-sentence 0 "" -- "$CD" check -f json --case sentence "$T/seed.txt" --headline "Hegseth Says NATO Membership for Ukraine Is Unrealistic"
ok check-case-sentence-warn py "$T/out" '"style.case" in {f["rule"] for f in d["candidates"][0]["findings"]}'
"$CD_REAL" -f json "$T/seed.txt" >"$T/pkg.json" 2>/dev/null
expect check-package 0 "" -- "$CD" check --package "$T/pkg.json" "$T/seed.txt"
# copydesk's own package passes its own checks; two SEO titles and two
# descriptions lack the keyphrase 'ukraine', a warning
ok check-package-all grep -qx '16 candidates: 12 pass, 4 warn, 0 fail' "$T/out"
ok check-package-warns test "$(grep '^WARN ' "$T/out")" = "$(lines \
    'WARN seo_title: Hegseth praises some European nations’ recent initiatives' \
    'WARN seo_title: Hegseth praises some European nations’ initiatives' \
    'WARN meta_description: Pete Hegseth echoed calls by Trump for Nato allies to increase their defence spending to 5% of their GDP, instead of the current 2% target.' \
    'WARN meta_description: Pete Hegseth echoed calls for Nato allies to increase their defence spending to 5% of their GDP. The US currently spends roughly 3.4% of its GDP.')"
expect check-input 0 "" -- "$CD" check --input text --data data --wordnet /usr/share/wordnet "$T/seed.txt" --headline "Hegseth says NATO membership for Ukraine is unrealistic"
ok check-input-graded grep -qx '1 candidates: 1 pass, 0 warn, 0 fail' "$T/out"
expect check-max-bytes 4 "$(over "$T/seed.txt" 100)" -- "$CD" check --max-bytes 100 "$T/seed.txt" --headline "x y z w"
expect check-max-page 4 "$(over "$T/page.html" 100)" -- "$CD" check --max-page-bytes 100 "$T/page.html" --headline "x y z w"
expect check-no-article 2 "$(usage "check needs one ARTICLE" check)" -- "$CD" check --headline "x"
expect check-not-its-option 2 "$(usage "option '--seo' is not for 'copydesk check'" check)" -- "$CD" check --seo 2 "$T/seed.txt"
expect check-bad-value 2 "$(usage "bad value for option '--format'" check)" -- "$CD" check --format xml "$T/seed.txt"

# extract: its format, input and limits
expect extract-text 0 "" -- "$CD" extract "$T/page.html"
ok extract-text-title grep -q '^Title: Council backs budget for schools' "$T/out"
expect extract-input-text 0 "" -- "$CD" extract --input text -f json "$T/page.html"
ok extract-input-text-no-meta py "$T/out" 'd["title"] is None and d["lang"] is None'
expect extract-max-bytes 4 "$(over "$T/seed.txt" 100)" -- "$CD" extract --max-bytes 100 "$T/seed.txt"
expect extract-max-page 4 "$(over "$T/page.html" 100)" -- "$CD" extract --max-page-bytes 100 "$T/page.html"
expect extract-not-its-option 2 "$(usage "option '--lang' is not for 'copydesk extract'" extract)" -- "$CD" extract --lang en "$T/page.html"

# eval: a set of two rows written here, one with a page
mkdir -p "$T/set"
cp "$T/page.html" "$T/set/page.html"
python3 - "$T/set/rows.jsonl" <<'EOF'
import json, sys
text = open("examples/seed-article.txt").read()
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "seed", "title": "Hegseth rules out NATO membership for Ukraine",
                        "text": text, "lede": None, "description": None}) + "\n")
    f.write(json.dumps({"id": "page", "title": "Council backs budget",
                        "text": "The council approved the new budget on Monday after a long debate.",
                        "html_path": "page.html", "description": None, "lede": None}) + "\n")
    # a row with no text, read from its gzip-compressed page
    f.write(json.dumps({"id": "gz", "title": "Council backs budget", "text": None,
                        "html_path": "page.html.gz", "description": None, "lede": None}) + "\n")
EOF
python3 -c 'import gzip, sys; gzip.open(sys.argv[2], "wb").write(open(sys.argv[1], "rb").read())' \
    "$T/page.html" "$T/set/page.html.gz"
expect eval-dump 0 "" -- "$CD" eval --html --dump "$T/pred.jsonl" --limit 1 --data data --wordnet /usr/share/wordnet \
    --case title --quotes straight --headlines 2 --ledes 2 --seo 2 --meta 2 --max-bytes 100000 \
    --max-page-bytes 100000 --seo-max-chars 60 --seo-max-px 580 --meta-min-chars 120 \
    --meta-max-chars 156 --meta-max-px 920 --lede-max-words 35 "$T/set/rows.jsonl"
ok eval-limit-one test "$(wc -l <"$T/pred.jsonl")" -eq 1
ok eval-dump-articles grep -qx 'articles: 1 scored, 0 skipped (not English), 0 failed' "$T/out"
ok eval-dump-options py "$T/pred.jsonl" 'd["id"] == "seed" and d["headline"] == "Hegseth Declares Ukraine'"'"'s NATO Membership '"'"'Unrealistic'"'"'"'
expect eval-all 0 "" -- "$CD" eval --html --dump "$T/pred.jsonl" "$T/set/rows.jsonl"
ok eval-all-rows test "$(wc -l <"$T/pred.jsonl")" -eq 3
ok eval-all-articles grep -qx 'articles: 3 scored, 0 skipped (not English), 0 failed' "$T/out"
ok eval-printed grep -q '^  headlines  *[0-9.]*% of lists short, [0-9.]* items, *[0-9.]* words, *100.0% pass, *[0-9.]*% style.phrase$' "$T/out"
# the row without text is read from its gzip page: the page row's package
ok eval-gz-page python3 -c 'import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
a, b = rows[1], rows[2]
assert a["headline"] and {**a, "id": "gz"} == b, (a, b)' "$T/pred.jsonl"
# a page that only starts like gzip is a failed row, not a crash
printf '\037\213not gzip' >"$T/set/bad.html.gz"
printf '{"id":"b","title":"A title","text":null,"html_path":"bad.html.gz"}\n' >"$T/set/badgz.jsonl"
expect eval-bad-gz 0 "" -- "$CD" eval "$T/set/badgz.jsonl"
ok eval-bad-gz-failed grep -qx 'articles: 1 scored, 0 skipped (not English), 1 failed' "$T/out"
expect eval-bad-limit 2 "$(usage "bad value for option '--limit'" eval)" -- "$CD" eval --limit x "$T/set/rows.jsonl"
expect eval-no-set 2 "$(usage "eval needs a SET.jsonl" eval)" -- "$CD" eval --html
# lines that are not rows: each named, and the run is not a success
printf 'not a row\n{"id":"x","title":"A title","text":"The mayor resigned on Friday."}\n' >"$T/set/mixed.jsonl"
expect eval-bad-row 3 "copydesk: $T/set/mixed.jsonl:1: not a JSON object" -- "$CD" eval "$T/set/mixed.jsonl"
ok eval-bad-row-scored grep -qx 'articles: 1 scored, 0 skipped (not English), 0 failed' "$T/out"

# batch: fields, jobs, resume, progress, baseline, and the shaping options
printf '{"id":1,"text":"The mayor resigned on Friday after a row over funding. Council members were surprised by the news. An election will follow in March, officials said."}\n' >"$T/b.jsonl"
expect batch-fields 0 "" -- "$CD" batch -j 1 --fields headlines,seo_titles -q "$T/b.jsonl"
ok batch-fields-out py "$T/out" 'set(d) == {"id", "headlines", "seo_titles"}'
# --progress: a line at the start and at the end (one each 10 s between),
# then the summary; rates and times vary, so the lines are patterns
cat >"$T/progress.re" <<'EOF'
copydesk: batch: 0/1 \(0%\), [0-9]+\.[0-9]/s, 0 errors
copydesk: batch: 1/1 \(100%\), [0-9]+\.[0-9]/s, 0 errors
copydesk: batch: 1 record: 1 ok, 0 errors, 0 already done; [0-9]+\.[0-9] s, [0-9]+\.[0-9]/s with 2 threads
EOF
expect_re batch-jobs 0 "$T/progress.re" -- "$CD" batch --jobs 2 -j2 --progress --case title --quotes straight --headlines 1 --ledes 1 \
    --seo 1 --meta 1 --max-bytes 100000 --max-page-bytes 100000 --seo-max-chars 60 --seo-max-px 580 \
    --meta-min-chars 10 --meta-max-chars 156 --meta-max-px 920 --lede-max-words 35 --lang en-GB \
    --data data --wordnet /usr/share/wordnet "$T/b.jsonl"
ok batch-jobs-one py "$T/out" 'len(d["headlines"]) == 1'
ok batch-progress grep -qxE 'copydesk: batch: 1/1 \(100%\), [0-9]+\.[0-9]/s, 0 errors' "$T/err"
: >"$T/resume.jsonl"
expect batch-resume 0 "" -- "$CD" batch -q --resume "$T/resume.jsonl" "$T/b.jsonl"
ok batch-resume-out test "$(wc -l <"$T/resume.jsonl")" -eq 1
expect batch-baseline 0 "" -- "$CD" batch -q --baseline --fields headlines "$T/b.jsonl"
ok batch-baseline-first py "$T/out" 'd["headlines"][0].startswith("The mayor resigned")'
expect batch-builtin 0 "" -- "$CD" batch -q "$T/b.jsonl"
cp "$T/out" "$T/b.builtin"
ok batch-builtin-one test "$(wc -l <"$T/out")" -eq 1
# --strict: when the model fails, every record still has its package (no
# record is lost to a model outage), and the run exits 5
expect batch-engine 5 "" -- "$CD" batch --engine llm --endpoint http://127.0.0.1:9/v1 --model m \
    --api-key-env CD_TEST_NO_KEY --llm-timeout 2000 --llm-connect-timeout 500 --llm-stall 2 \
    --llm-retries 0 --strict -q "$T/b.jsonl"
ok batch-engine-out cmp "$T/out" "$T/b.builtin"
# without -q the fallback is a warning per record, then the summary
cat >"$T/engine.re" <<'EOF'
copydesk: batch: 1: warning: language model: Couldn't connect to server; the built-in engine wrote the package
copydesk: batch: 1 record: 1 ok, 0 errors, 0 already done; [0-9]+\.[0-9] s, [0-9]+\.[0-9]/s with [0-9]+ threads?
copydesk: batch: the language model failed for 1 record; copydesk's own engine wrote it
EOF
expect_re batch-engine-warning 0 "$T/engine.re" -- "$CD" batch --engine llm --endpoint http://127.0.0.1:9/v1 \
    --llm-retries 0 "$T/b.jsonl"
ok batch-engine-warning-out cmp "$T/out" "$T/b.builtin"
expect batch-not-its-option 2 "$(usage "option '--format' is not for 'copydesk batch'" batch)" -- "$CD" batch --format json "$T/b.jsonl"
expect batch-bad-fields 2 "$(usage "bad value for option '--fields'" batch)" -- "$CD" batch --fields titles "$T/b.jsonl"
expect batch-bad-jobs 2 "$(usage "bad value for option '-j'" batch)" -- "$CD" batch -j0 "$T/b.jsonl"

# serve: every option at once, then what some of them change
"$CD" serve --host 127.0.0.1 --port 0 --port-file "$T/port" --max-body 4000 --read-timeout 5 \
    --time-budget 8000 --idle-timeout 5 --max-connections 16 --workers 2 --per-ip 8 \
    --mobile-title-px 500 --mobile-desc-px 600 --quiet --headlines 2 --ledes 1 --seo 1 --meta 1 \
    --case sentence --quotes straight --max-bytes 100000 --max-page-bytes 100000 --seo-max-chars 60 \
    --seo-max-px 580 --meta-min-chars 120 --meta-max-chars 156 --meta-max-px 920 --lede-max-words 35 \
    --lang auto --data data --wordnet /usr/share/wordnet --engine builtin --endpoint http://127.0.0.1:9/v1 \
    --model m --api-key-env CD_TEST_NO_KEY --llm-timeout 2000 --llm-connect-timeout 500 --llm-stall 2 \
    --llm-retries 0 --strict >"$T/serve.out" 2>"$T/serve.err" &
spid=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$T/port" 2>/dev/null)
if [ -n "$port" ] && command -v curl >/dev/null; then
    curl -s --data-binary @"$T/seed.txt" -H 'Content-Type: text/plain' "http://127.0.0.1:$port/v1/package" >"$T/out"
    ok serve-counts py "$T/out" 'len(d["headlines"]) == 2 and len(d["ledes"]) == 1'
    # the package is the one generate writes with the same options
    # (generate ends it with a newline)
    echo >>"$T/out"
    cp "$T/out" "$T/serve.pkg"
    expect serve-package-cli 0 "" -- "$CD" -f json --headlines 2 --ledes 1 --seo 1 --meta 1 --case sentence \
        --quotes straight --max-bytes 100000 --max-page-bytes 100000 --seo-max-chars 60 --seo-max-px 580 \
        --meta-min-chars 120 --meta-max-chars 156 --meta-max-px 920 --lede-max-words 35 --lang auto \
        --data data --wordnet /usr/share/wordnet "$T/seed.txt"
    ok serve-package cmp "$T/serve.pkg" "$T/out"
    curl -s -d '{"title":"A title","description":"A description."}' "http://127.0.0.1:$port/v1/serp" >"$T/out"
    ok serve-mobile-px grep -q '"max_px":500' "$T/out"
    head -c 5000 /dev/zero | tr '\0' 'a' >"$T/big.txt"
    code=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$T/big.txt" -H 'Content-Type: text/plain' "http://127.0.0.1:$port/v1/package")
    ok serve-max-body test "$code" = 413
    ok serve-quiet test "$(grep -vc '^copydesk: serving on ' "$T/serve.err")" -eq 0
    ok serve-serving-on grep -qx "copydesk: serving on http://127.0.0.1:$port/" "$T/serve.err"
else
    echo "FAIL serve did not start: $(cat "$T/serve.err")"
    fail=$((fail + 1))
fi
# SIGTERM stops it, exit 0
kill "$spid" 2>/dev/null
wait "$spid"
ok serve-sigterm-exit test $? -eq 0
expect serve-not-its-option 2 "$(usage "option '--headline' is not for 'copydesk serve'" serve)" -- "$CD" serve --headline x
expect serve-bad-port 2 "$(usage "bad value for option '--port'" serve)" -- "$CD" serve --port 70000
expect serve-no-file 2 "$(usage "serve takes no FILE ('$T/seed.txt')" serve)" -- "$CD" serve "$T/seed.txt"
for sub in extract check eval batch serve; do
    expect "$sub-help" 0 "" -- "$CD" "$sub" --help
    ok "$sub-help-usage" grep -q "^usage: copydesk $sub " "$T/out"
    expect "$sub-version" 0 "" -- "$CD" "$sub" --version
    ok "$sub-version-line" test "$(wc -l <"$T/out")" -eq 1
    ok "$sub-version-text" grep -qx 'copydesk [0-9][0-9.]*' "$T/out"
done
expect generate-help 0 "" -- "$CD" generate -h
ok generate-help-usage grep -q '^usage: copydesk \[generate\] ' "$T/out"

# ---- the language: German, French and Chinese pages are refused ---------
PAGES=${SHARED:-../shared}/data/readability-test-pages
if [ -d "$PAGES" ]; then
    for pg in heise:de lemonde-1:fr pixnet:zh; do
        d=${pg%%:*} l=${pg#*:}
        expect "lang-$d" 6 "copydesk: $PAGES/$d/source.html: language '$l' is not supported (English only)" \
            -- "$CD" "$PAGES/$d/source.html"
        ok "lang-$d-one-line" test "$(wc -l <"$T/err")" -eq 1
        ok "lang-$d-no-package" test ! -s "$T/out"
        expect "lang-$d-check" 6 "copydesk: $PAGES/$d/source.html: language '$l' is not supported (English only)" \
            -- "$CD" check "$PAGES/$d/source.html" --headline "x y z w"
        ok "lang-$d-check-no-grades" test ! -s "$T/out"
        expect "lang-$d-extract" 0 "" -- "$CD" extract "$PAGES/$d/source.html"
        # the title Readability finds
        title=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["title"])' "$PAGES/$d/expected-metadata.json")
        ok "lang-$d-extract-title" test "$(sed -n 1p "$T/out")" = "Title: $title"
    done
    # the same pages as batch records and as requests to serve
    python3 - "$PAGES" "$T/pages.jsonl" <<'EOF'
import json, sys
with open(sys.argv[2], "w") as f:
    for p in ("heise", "lemonde-1", "pixnet", "wapo-1"):
        html = open(sys.argv[1] + "/" + p + "/source.html", "rb").read().decode("utf-8", "replace")
        f.write(json.dumps({"id": p, "html": html}) + "\n")
EOF
    expect lang-batch-pages 0 "" -- "$CD" batch -q -j 2 "$T/pages.jsonl"
    for pg in heise:de lemonde-1:fr pixnet:zh; do
        d=${pg%%:*} l=${pg#*:}
        ok "lang-batch-$d" grep -qxF '{"id":"'"$d"'","error":{"message":"language '"'$l'"' is not supported (English only)","code":6}}' "$T/out"
    done
    ok lang-batch-english grep -q '^{"id":"wapo-1","title":' "$T/out"
    ok lang-batch-lines test "$(wc -l <"$T/out")" -eq 4
    rm -f "$T/port2"
    "$CD_REAL" serve --port 0 --port-file "$T/port2" -q 2>/dev/null &
    spid=$!
    i=0
    while [ ! -s "$T/port2" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    port=$(cat "$T/port2" 2>/dev/null)
    for pg in heise:de lemonde-1:fr pixnet:zh; do
        d=${pg%%:*} l=${pg#*:}
        code=$(curl -s -o "$T/out" -w '%{http_code}' -H 'Content-Type: text/html' \
            --data-binary @"$PAGES/$d/source.html" "http://127.0.0.1:$port/v1/package")
        ok "lang-serve-$d" test "$code" = 422
        ok "lang-serve-$d-body" grep -qxF '{"error":{"code":422,"status":"unprocessable_content","message":"language '"'$l'"' is not supported (English only)"}}' "$T/out"
    done
    code=$(curl -s -o "$T/serve.pkg" -w '%{http_code}' -H 'Content-Type: text/html' \
        --data-binary @"$PAGES/heise/source.html" "http://127.0.0.1:$port/v1/package?lang=en")
    ok lang-serve-override test "$code" = 200
    # ... and the package is generate's with --lang en
    echo >>"$T/serve.pkg"
    expect lang-override-json 0 "" -- "$CD" -q -f json --lang en "$PAGES/heise/source.html"
    ok lang-serve-override-package cmp "$T/serve.pkg" "$T/out"
    ok lang-override-json-title py "$T/out" 'd["title"] == "1Password für Mac generiert Einmal-Passwörter" and len(d["headlines"]) >= 1'
    code=$(curl -s -o "$T/serve.pkg" -w '%{http_code}' -H 'Content-Type: text/html' \
        --data-binary @"$PAGES/heise/source.html" "http://127.0.0.1:$port/v1/extract")
    ok lang-serve-extract test "$code" = 200
    echo >>"$T/serve.pkg"
    expect lang-extract-json 0 "" -- "$CD" extract -f json "$PAGES/heise/source.html"
    ok lang-serve-extract-fields cmp "$T/serve.pkg" "$T/out"
    ok lang-extract-json-lang py "$T/out" 'd["lang"] == "de" and d["title"] == "1Password für Mac generiert Einmal-Passwörter"'
    kill "$spid" 2>/dev/null
    wait "$spid"
    ok lang-serve-sigterm-exit test $? -eq 0
    expect lang-override 0 "" -- "$CD" -q --lang en "$PAGES/heise/source.html"
    ok lang-override-title test "$(sed -n 2p "$T/out")" = "- 1Password für Mac generiert Einmal-Passwörter | Mac & i"
    ok lang-override-package test "$(items "$T/out" 'Alternative Headlines:')" -ge 1
    expect lang-declared-en-us 0 "" -- "$CD" -q "$PAGES/wapo-1/source.html"
    ok lang-declared-en-us-title test "$(sed -n 2p "$T/out")" = "- Attack stokes instability fears in North Africa - The Washington Post"
    ok lang-declared-en-us-package test "$(items "$T/out" 'Alternative Headlines:')" -eq 5
else
    echo "cli: language pages skipped: $PAGES not found (evaluation data is not part of the project)"
fi
# an English page with lang="en-GB", one with no lang, a German text
sed 's/<html lang="en">/<html lang="en-GB">/' "$T/page.html" >"$T/page-gb.html"
expect lang-en-gb 0 "" -- "$CD" -q "$T/page-gb.html"
ok lang-en-gb-package cmp "$T/out" "$T/page.out"
sed 's/<html lang="en">/<html>/' "$T/page.html" >"$T/page-nolang.html"
expect lang-none 0 "" -- "$CD" -q "$T/page-nolang.html"
ok lang-none-package cmp "$T/out" "$T/page.out"
printf 'Der Stadtrat hat am Montag beschlossen, dass die neue Br\303\274cke \303\274ber den Fluss im n\303\244chsten Jahr gebaut wird. Der B\303\274rgermeister sagte, es sei ein wichtiger Tag f\303\274r die Region, und die Kosten w\303\274rden von der Landesregierung getragen.\n' >"$T/de.txt"
expect lang-de-text 6 "copydesk: $T/de.txt: language 'de' is not supported (English only)" -- "$CD" "$T/de.txt"
expect lang-de-forced 6 "copydesk: $T/seed.txt: language 'de' is not supported (English only)" -- "$CD" --lang de "$T/seed.txt"
expect lang-de-check-forced 6 "copydesk: $T/seed.txt: language 'de' is not supported (English only)" -- \
    "$CD" check --lang de "$T/seed.txt" --headline "x y z w"
expect lang-de-check-en 0 "" -- "$CD" check --lang en "$T/de.txt" --headline "Der Stadtrat hat am Montag beschlossen"
ok lang-de-check-graded grep -qx '1 candidates: 1 pass, 0 warn, 0 fail' "$T/out"
printf '{"id":"de","text":"%s"}\n{"id":"en","text":"The mayor resigned on Friday after a row over funding. Council members were surprised. An election will follow in March."}\n' \
    "$(cat "$T/de.txt")" >"$T/de.jsonl"
expect lang-batch 0 "" -- "$CD" batch -q "$T/de.jsonl"
ok lang-batch-error grep -qF '{"id":"de","error":{"message":"language '"'"'de'"'"' is not supported (English only)","code":6}}' "$T/out"
ok lang-batch-goes-on grep -q '^{"id":"en",' "$T/out"
ok lang-batch-de-lines test "$(wc -l <"$T/out")" -eq 2

# ---- issue 13: whole characters, every write checked, exact messages -------

# utf8 FILE: true when FILE is valid UTF-8 throughout
utf8() { python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1" 2>/dev/null; }
# a finding's span is whole characters: the full stop missing after "…"
# points at the ellipsis, not at its last byte
expect check-span-json 1 "" -- "$CD" check -f json "$T/seed.txt" --meta "Hegseth said…"
ok check-span-json-utf8 utf8 "$T/out"
ok check-span-json-stop py "$T/out" '[(f["off"], f["len"], f["span"]) for f in d["candidates"][0]["findings"] if f["rule"] == "style.full_stop"] == [(12, 3, "…")]'
ok check-span-json-spans python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["candidates"][0]
t = c["text"].encode()
sys.exit(0 if all(t[f["off"]:f["off"] + f["len"]].decode() == f["span"] for f in c["findings"]) else 1)' "$T/out"
expect check-span-text 1 "" -- "$CD" check "$T/seed.txt" --meta "Hegseth said…"
ok check-span-text-utf8 utf8 "$T/out"
ok check-span-text-stop grep -qxF '  fail style.full_stop at 12 "…": whole sentences end with a full stop' "$T/out"
# a candidate that is not UTF-8 is refused, naming where it came from
expect check-bad-utf8-arg 2 "$(usage "bad value for option '--headline' (invalid UTF-8 at byte 3)" check)" -- \
    "$CD" check "$T/seed.txt" --headline "$(printf 'Heg\377seth says no')"
# file names that are not UTF-8 are echoed escaped
xff=$(printf '\377')
cp "$T/page.html" "$T/bad${xff}name.html"
expect extract-bad-name-missing 3 "copydesk: $T/nope\\xff.html: No such file or directory" -- \
    "$CD" extract "$T/nope$xff.html"
expect extract-bad-name-json 0 "" -- "$CD" extract -f json "$T/bad${xff}name.html" "$T/page.html"
ok extract-bad-name-json-utf8 utf8 "$T/out"
ok extract-bad-name-json-file python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sys.exit(0 if [r["file"] for r in rows] == [sys.argv[2] + "/bad\\xffname.html", sys.argv[2] + "/page.html"] else 1)' "$T/out" "$T"
expect extract-bad-name-text 0 "" -- "$CD" extract "$T/bad${xff}name.html" "$T/page.html"
ok extract-bad-name-text-utf8 utf8 "$T/out"
ok extract-bad-name-text-head grep -qxF "==> $T/bad\\xffname.html <==" "$T/out"
# a page's replaced bytes are counted: on stderr in text, in "warnings" in JSON
printf '<html><head><meta charset=utf-8><title>Vote</title></head><body><p>Smith said \303( ok. The council approved the budget on Monday after a long debate.</p></body></html>' >"$T/badbyte.html"
expect extract-bad-byte-text 0 "copydesk: $T/badbyte.html: warning: 1 byte not valid UTF-8 replaced with U+FFFD" -- \
    "$CD" extract "$T/badbyte.html"
expect extract-bad-byte-json 0 "" -- "$CD" extract -f json "$T/badbyte.html"
ok extract-bad-byte-json-warning python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if d["warnings"] == ["1 byte not valid UTF-8 replaced with U+FFFD"] and "\ufffd" in d["text"] else 1)' "$T/out"
expect gen-bad-name-missing 3 "copydesk: $T/nope\\xff.txt: No such file or directory" -- "$CD" "$T/nope$xff.txt"
expect check-bad-name-missing 3 "copydesk: $T/nope\\xff.txt: No such file or directory" -- \
    "$CD" check "$T/nope$xff.txt" --headline "x y z w"
# an option's name is echoed escaped, and cut at a character boundary
expect bad-option-bytes 2 "$(usage "unknown option '--x\\xffy'")" -- "$CD" "--x${xff}y" "$T/seed.txt"
long_e=$(python3 -c 'print("--x" + "é" * 50)')
expect bad-option-long 2 "$(usage "unknown option '$(python3 -c 'print("--x" + "é" * 33)')'")" -- "$CD" "$long_e" "$T/seed.txt"

# --explain --format json: one JSON object, the explanation inside it
expect explain-json 0 "" -- "$CD" -q --explain -f json "$T/seed.txt"
ok explain-json-lists py "$T/out" 'sorted(d["explain"]) == ["headlines", "ledes", "meta_descriptions", "seo_titles"] and all(set(c) == {"text", "score", "rejected_by"} for k in d["explain"] for c in d["explain"][k])'
ok explain-json-package python3 -c '
import json, sys
d = json.load(open(sys.argv[1])); d.pop("explain")
sys.exit(0 if d == json.load(open(sys.argv[2])) else 1)' "$T/out" "$G/seed.json"
cp "$T/out" "$T/explain.json"
expect explain-text 0 "" -- "$CD" -q --explain "$T/seed.txt"
ok explain-json-count test "$(awk '/^Candidates \(headlines\):$/ { on = 1; next } /^$/ { on = 0 } on { c++ } END { print c + 0 }' "$T/out")" = \
    "$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["explain"]["headlines"]))' "$T/explain.json")"
ok explain-json-rejected py "$T/explain.json" 'any(c["rejected_by"] is None for c in d["explain"]["headlines"]) and any(c["rejected_by"] for c in d["explain"]["headlines"])'

# every list at 0: an empty package, no error (serve answers the same)
expect zero-counts 0 "" -- "$CD" --headlines 0 --ledes 0 --seo 0 --meta 0 "$T/seed.txt"
ok zero-counts-empty test ! -s "$T/out"
expect zero-counts-json 0 "" -- "$CD" -f json --headlines 0 --ledes 0 --seo 0 --meta 0 "$T/seed.txt"
ok zero-counts-json-lists py "$T/out" '[d[k] for k in ("headlines", "ledes", "seo_titles", "meta_descriptions")] == [[], [], [], []]'

# check --package: what is wrong with the package, naming its file (exit 3)
pk() { printf "$2" >"$T/$1"; }
pk pkg-empty.json ''
expect check-pkg-empty 3 "copydesk: $T/pkg-empty.json: empty package file" -- \
    "$CD" check --package "$T/pkg-empty.json" "$T/seed.txt"
pk pkg-cut.json '{"headlines": ["Hegseth says no",'
expect check-pkg-cut 3 "copydesk: $T/pkg-cut.json: not JSON: cut short after 33 bytes" -- \
    "$CD" check --package "$T/pkg-cut.json" "$T/seed.txt"
pk pkg-syntax.json '{"headlines": ["Hegseth says no"] "ledes": []}'
expect check-pkg-malformed 3 "copydesk: $T/pkg-syntax.json: not JSON: syntax error at byte 34" -- \
    "$CD" check --package "$T/pkg-syntax.json" "$T/seed.txt"
pk pkg-trail.json '{"headlines": ["Hegseth says no"]} and more'
expect check-pkg-trailing 3 "copydesk: $T/pkg-trail.json: not JSON: text after the object at byte 35" -- \
    "$CD" check --package "$T/pkg-trail.json" "$T/seed.txt"
pk pkg-array.json '["Hegseth says no"]\n'
expect check-pkg-array 3 "copydesk: $T/pkg-array.json: a JSON package is an object, not an array" -- \
    "$CD" check --package "$T/pkg-array.json" "$T/seed.txt"
pk pkg-string.json '{"headlines": "Hegseth says no"}'
expect check-pkg-list-type 3 "copydesk: $T/pkg-string.json: 'headlines' is a string, not a list" -- \
    "$CD" check --package "$T/pkg-string.json" "$T/seed.txt"
pk pkg-item.json '{"ledes": ["A lede.", 7]}'
expect check-pkg-item-type 3 "copydesk: $T/pkg-item.json: ledes[1] is a number, not a string or an object with a 'text' string" -- \
    "$CD" check --package "$T/pkg-item.json" "$T/seed.txt"
pk pkg-notext.json '{"seo_titles": [{"txt": "Hegseth says no"}]}'
expect check-pkg-no-text 3 "copydesk: $T/pkg-notext.json: seo_titles[0] is an object without a 'text' string" -- \
    "$CD" check --package "$T/pkg-notext.json" "$T/seed.txt"
pk pkg-none.json '{"headlines": [], "title": "x"}'
expect check-pkg-no-candidates 3 "copydesk: $T/pkg-none.json: no candidates (no headlines, ledes, seo_titles or meta_descriptions)" -- \
    "$CD" check --package "$T/pkg-none.json" "$T/seed.txt"
pk pkg-prose.txt 'hello world\n'
expect check-pkg-not-layout 3 "copydesk: $T/pkg-prose.txt: not a package: neither JSON nor the text layout (no heading such as 'Alternative Headlines:')" -- \
    "$CD" check --package "$T/pkg-prose.txt" "$T/seed.txt"
pk pkg-heads.txt 'Alternative Headlines:\n\nMeta Descriptions:\n'
expect check-pkg-layout-empty 3 "copydesk: $T/pkg-heads.txt: no candidates (no headlines, ledes, seo_titles or meta_descriptions)" -- \
    "$CD" check --package "$T/pkg-heads.txt" "$T/seed.txt"
pk pkg-bytes.txt 'Alternative Headlines:\n- Heg\377seth says no\n'
expect check-pkg-bad-utf8 3 "copydesk: $T/pkg-bytes.txt: invalid UTF-8 at byte 28" -- \
    "$CD" check --package "$T/pkg-bytes.txt" "$T/seed.txt"
expect check-nothing 2 "copydesk: $T/seed.txt: nothing to check (give --headline, --lede, --seo-title, --meta or --package)" -- \
    "$CD" check "$T/seed.txt"

# a full disk: every command fails with exit 3 and one line on stderr
if [ -w /dev/full ]; then
    full="copydesk: write error: No space left on device"
    on_full() { "$@" >/dev/full; }
    sed 's/"id":1/"id":"a"/' "$T/b.jsonl" >"$T/two.jsonl"
    sed 's/"id":1/"id":"b"/' "$T/b.jsonl" >>"$T/two.jsonl"
    expect full-generate 3 "$full" -- on_full "$CD" -q "$T/seed.txt"
    expect full-generate-json 3 "$full" -- on_full "$CD" -q -f json "$T/seed.txt"
    expect full-generate-lines 3 "$full" -- on_full "$CD" -q -f json "$T/two.jsonl"
    expect full-stage 3 "$full" -- on_full "$CD" --stage analyze "$T/seed.txt"
    expect full-explain 3 "$full" -- on_full "$CD" -q --explain "$T/seed.txt"
    expect full-explain-json 3 "$full" -- on_full "$CD" -q --explain -f json "$T/seed.txt"
    expect full-extract 3 "$full" -- on_full "$CD" extract "$T/page.html"
    expect full-extract-json 3 "$full" -- on_full "$CD" extract --format json "$T/page.html"
    # many files: the first failed write stops the run, one line all the same
    set --
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do set -- "$@" "$T/page.html"; done
    expect full-extract-many 3 "$full" -- on_full "$CD" extract -f json "$@"
    expect full-check 3 "$full" -- on_full "$CD" check "$T/seed.txt" --headline "Hegseth says NATO membership for Ukraine is unrealistic"
    expect full-check-json 3 "$full" -- on_full "$CD" check -f json "$T/seed.txt" --headline "Hegseth says NATO membership for Ukraine is unrealistic"
    expect full-check-failing 3 "$full" -- on_full "$CD" check "$T/seed.txt" --meta "Some description."
    expect full-eval 3 "$full" -- on_full "$CD" eval "$T/set/rows.jsonl"
    expect full-eval-dump 3 "copydesk: /dev/full: write error: No space left on device" -- \
        "$CD" eval --dump /dev/full "$T/set/rows.jsonl"
    expect full-help 3 "$full" -- on_full "$CD" --help
    expect full-check-help 3 "$full" -- on_full "$CD" check --help
    expect full-version 3 "$full" -- on_full "$CD" --version
    expect full-zero-counts 0 "" -- on_full "$CD" --headlines 0 --ledes 0 --seo 0 --meta 0 "$T/seed.txt"
else
    echo "cli: /dev/full tests skipped: no /dev/full"
fi

# ---- every option in each subcommand's --help was used above -------------
for sub in generate extract check eval batch serve; do
    "$CD_REAL" "$sub" --help | awk -v cmd="$sub" '
        /^  -[a-z], --[a-z]/ { sub(",", "", $1); print cmd, $1; print cmd, $2; next }
        /^      --[a-z]/ { print cmd, $1 }'
done | sort -u >"$T/documented"
sort -u "$T/calls" >"$T/used"
# a short option or its long name is enough
comm -23 "$T/documented" "$T/used" | while read -r sub o; do
    alt=$("$CD_REAL" "$sub" --help | awk -v o="$o" '
        /^  -[a-z], --[a-z]/ { sub(",", "", $1); if ($1 == o) print $2; if ($2 == o) print $1 }')
    if [ -n "$alt" ] && grep -qx "$sub $alt" "$T/used"; then continue; fi
    echo "FAIL cli: 'copydesk $sub $o' is in --help but no test uses it"
done >"$T/uncovered"
if [ -s "$T/uncovered" ]; then
    cat "$T/uncovered"
    fail=$((fail + 1))
else
    pass=$((pass + 1))
fi
ok options-documented test "$(wc -l <"$T/documented")" -gt 150

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
