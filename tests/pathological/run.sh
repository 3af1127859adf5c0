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

# run NAME ALLOWED_CODES FILE [options]
run() {
    name=$1 allowed=$2 file=$3
    shift 3
    timeout 300 "$CD" -q "$@" "$file" >"$T/out" 2>"$T/err"
    rc=$?
    case " $allowed " in
    *" $rc "*) ;;
    *) echo "FAIL pathological $name: exit $rc (allowed: $allowed)"; head -5 "$T/err"
       fail=$((fail + 1)); return ;;
    esac
    if grep -q "Sanitizer\|runtime error" "$T/err"; then
        echo "FAIL pathological $name: sanitizer report"; head -20 "$T/err"
        fail=$((fail + 1)); return
    fi
    if [ "$rc" -ne 0 ] && [ "$(wc -l <"$T/err")" -gt 1 ]; then
        echo "FAIL pathological $name: more than one line on stderr"
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

# one sentence of 150,000 words, no punctuation
awk 'BEGIN { srand(1); split("alpha Beta gamma Delta said the council Smith of and", w, " ");
             for (i = 0; i < 150000; i++) printf "%s ", w[int(rand() * 10) + 1]; }' >"$T/long.txt"
run long-sentence "0 1" "$T/long.txt"
# 10,000 paragraphs
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "Para %d has a sentence. Another one here.\n\n", i }' >"$T/paras.txt"
run many-paragraphs "0 1" "$T/paras.txt"
# 20,000 distinct names
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Name%d Person%d met Officer%d. ", i, i, i }' >"$T/names.txt"
run many-names "0 1" "$T/names.txt"
# every byte value
awk 'BEGIN { for (i = 0; i < 256; i++) printf "%c", i }' >"$T/bytes.bin"
run all-bytes "3" "$T/bytes.bin"
# quotation marks without end
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "\""; for (i = 0; i < 500; i++) printf " He said it was fine. " }' >"$T/quotes.txt"
run quotes "0 1" "$T/quotes.txt"
# deep Markdown nesting and unclosed links
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "> "; print "deep quote text here with words."; for (i = 0; i < 5000; i++) printf "["; for (i = 0; i < 5000; i++) printf "](" }' >"$T/nest.md"
run markdown-nesting "0 1" "$T/nest.md"
# over the size limit, and exactly at it
head -c 1048577 /dev/zero | tr '\0' 'a' >"$T/big.txt"
run over-limit "4" "$T/big.txt"
run custom-limit "4" "$T/paras.txt" --max-bytes 1000
# only punctuation and digits
awk 'BEGIN { for (i = 0; i < 20000; i++) printf "%d. , ; : ! ? ", i }' >"$T/punct.txt"
run punctuation "0 1 3" "$T/punct.txt"
# a single word, and whitespace only
printf 'Hello' >"$T/word.txt"
run one-word "0 1 3" "$T/word.txt"
printf '\n\n\t  \n' >"$T/ws.txt"
run whitespace "3" "$T/ws.txt"
# truncated UTF-8 at the end
printf 'Prices rose sharply on Monday. Analysts were surprised \342\200' >"$T/trunc.txt"
run truncated-utf8 "3" "$T/trunc.txt"

# HTML: 100,000 nested elements, truncated markup, a 20 MB page
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 100000; i++) printf "<div>"; printf "deep text here" }' >"$T/deep.html"
run html-deep "0 1 3" "$T/deep.html"
printf '<html><head><title>Cut' >"$T/cut.html"
run html-truncated "0 1 3" "$T/cut.html"
{ printf '<html><body>'; head -c 20000000 /dev/zero | tr '\0' 'x'; } >"$T/huge.html"
run html-over-limit "4" "$T/huge.html"
run html-custom-limit "0 1 3" "$T/cut.html" --max-page-bytes 100000

echo "pathological: $pass passed, $fail failed"
# the same kind of input with time and memory printed and bounded
sh "$(dirname "$0")/bounds.sh" "$CD" || fail=$((fail + 1))
[ "$fail" -eq 0 ]
