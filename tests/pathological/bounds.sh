#!/bin/sh
# bounds.sh - hostile inputs, each with its time and peak memory printed,
# and bounded: 10 s and 512 MB each.  Under a sanitizer build (a path
# holding "asan", "tsan" or "valgrind"), whose runtime inflates both, the
# bounds are not checked and the two largest inputs are a tenth the size.
#   sh tests/pathological/bounds.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
check=1
case $CD in *asan* | *tsan* | *valgrind*) check=0 ;; esac
TIME=/usr/bin/time
if [ ! -x $TIME ]; then
    # nothing measured is not a pass
    echo "FAIL bounds: /usr/bin/time not installed (make deps installs it)"
    echo "bounds: 0 passed, 1 failed"
    exit 1
fi
BIG="--max-bytes 16777216 --max-page-bytes 16777216"

# bound NAME CODE FILE [options]: exit CODE (the one right for the input;
# 1 is "no candidate passed": the input has sentences, none usable), in
# at most 10 s and 512 MB
bound() {
    name=$1 want=$2 file=$3
    shift 3
    timeout 120 $TIME -f '%e %M' -o "$T/time" "$CD" -q "$@" "$file" >/dev/null 2>"$T/err"
    rc=$?
    set -- $(tail -1 "$T/time" 2>/dev/null) "" ""
    secs=${1:-?} kb=${2:-0}
    case $secs in [0-9]*) ;; *)
        echo "FAIL bounds $name: did not finish in 120 s (exit $rc)"
        fail=$((fail + 1)); return ;;
    esac
    mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    printf 'bounds: %-26s %9s bytes  exit %s  %6s s  %7s MB\n' "$name" \
        "$(wc -c <"$file" | tr -d ' ')" "$rc" "$secs" "$mb"
    if [ "$rc" != "$want" ]; then
        echo "FAIL bounds $name: exit $rc, expected $want"; head -3 "$T/err"
        fail=$((fail + 1)); return
    fi
    if [ $check = 1 ] && { awk -v s="$secs" 'BEGIN { exit !(s > 10) }' ||
                          [ "$kb" -gt 524288 ]; }; then
        echo "FAIL bounds $name: over 10 s or 512 MB"
        fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}

# a 1 MB single sentence: words, commas and no full stop
awk 'BEGIN { srand(7); split("the council said Smith would, after all, back plans for 12 new homes in Leeds", w, " ");
             n = 0; while (n < 1048000) { x = w[int(rand() * 15) + 1] " "; printf "%s", x; n += length(x) } }' >"$T/sentence.txt"
bound "1 MB single sentence" 1 "$T/sentence.txt"
# 200,000 one-word paragraphs
np=200000
[ $check = 1 ] || np=20000
awk -v n=$np 'BEGIN { for (i = 0; i < n; i++) printf "Word%d\n\n", i % 97 }' >"$T/paras.txt"
bound "$np one-word paragraphs" 1 "$T/paras.txt" $BIG
# HTML nested 100,000 deep, with an article inside: read whole (past 512
# open elements each new one is read one level up), so a package
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 100000; i++) printf "<div>";
             printf "<p>The council approved the new park on Monday after a long debate, officials said.</p>" }' >"$T/deep.html"
bound "HTML nested 100,000 deep" 0 "$T/deep.html"
# 10 MB of one repeated character
nb=10485760
[ $check = 1 ] || nb=1048576
head -c $nb /dev/zero | tr '\0' 'a' >"$T/rep.txt"
bound "$nb bytes of one character" 1 "$T/rep.txt" $BIG
head -c $nb /dev/zero | tr '\0' '.' >"$T/dots.txt"
bound "$nb bytes of full stops" 1 "$T/dots.txt" $BIG
# every byte value, as text and as a page
awk 'BEGIN { for (r = 0; r < 64; r++) for (i = 0; i < 256; i++) printf "%c", i }' >"$T/bytes.bin"
bound "every byte value" 3 "$T/bytes.bin"
bound "every byte value as HTML" 3 "$T/bytes.bin" --input html
# a sentence of 500 tokens, the parser's weak spot, and a page of them
awk 'BEGIN { srand(3); split("the minister said that officials who had met on Monday would not , after talks with unions , approve plans to cut 1,200 jobs", w, " ");
             for (s = 0; s < 40; s++) { printf "The"; for (i = 0; i < 499; i++) printf " %s", w[int(rand() * 26) + 1]; printf ".\n\n" } }' >"$T/tokens.txt"
bound "500-token sentences x40" 1 "$T/tokens.txt"
# 10,000 quotation marks, straight and curly, around a few sentences
awk 'BEGIN { for (i = 0; i < 10000; i++) printf (i % 2 ? "\"" : "\342\200\234");
             for (i = 0; i < 200; i++) printf " The mayor said \"we will not wait\", aides said. " }' >"$T/quotes.txt"
bound "10,000 quotation marks" 0 "$T/quotes.txt"
# 14,000 quoted sentences (625 KB, under --max-bytes): the checker read the
# whole text for each candidate's quotation, two candidates a quotation
awk 'BEGIN { srand(5); split("council budget mayor school park road river bridge plan vote tax fund", w, " ");
             for (i = 0; i < 14000; i++) printf "\"The %s %s %s is %d,\" Smith said. ", w[int(rand() * 12) + 1],
                 w[int(rand() * 12) + 1], w[int(rand() * 12) + 1], i }' >"$T/quoted.txt"
bound "14,000 quoted sentences" 0 "$T/quoted.txt"

# Hostile pages and texts of 10 MB: each refused up front (exit 4) or
# read within the bounds.  Those refused before or while parsing keep
# their size under a sanitizer; those refused after extraction are a
# tenth the size there, with --max-bytes lowered to refuse them still.
full=10485000
big=$full
LIM=$BIG
[ $check = 1 ] || { big=1048500; LIM="--max-bytes 100000 --max-page-bytes 16777216"; }
P="The council approved the new park on Monday after a long debate, officials said."
# one element with 2 million attributes
awk -v n=$full -v p="$P" 'BEGIN { printf "<html><body><p"; k = 12; i = 0;
             while (k < n) { s = sprintf(" a%d=x", i++); printf "%s", s; k += length(s) }
             printf ">%s</p></body></html>", p }' >"$T/h.html"
bound "one element, 2M attributes" 4 "$T/h.html" $BIG
# elements of 256 attributes each, the most one may have
awk -v n=$full 'BEGIN { printf "<html><body>"; k = 0; while (k < n) { s = "<p";
             for (i = 0; i < 256; i++) s = s sprintf(" a%d=x", i); s = s ">The council met.</p>\n";
             printf "%s", s; k += length(s) } }' >"$T/h.html"
bound "256-attribute elements" 4 "$T/h.html" $BIG
# 499,000 elements, under the bound of 500,000 elements and attributes,
# around an article of one paragraph: too short for the first attempt, so
# all three attempts read the whole tree
ne=499000
[ $check = 1 ] || ne=49900
awk -v n=$ne -v p="$P" 'BEGIN { printf "<html><body><p>%s</p>", p; for (i = 0; i < n; i++) printf "<b></b> " }' >"$T/h.html"
bound "$ne elements" 0 "$T/h.html"
# 2 million nested <div>s
awk -v n=$full -v p="$P" 'BEGIN { printf "<html><body>"; for (i = 0; i < n / 5; i++) printf "<div>"; printf "<p>%s</p>", p }' >"$T/h.html"
bound "2M nested divs" 4 "$T/h.html" $BIG
# rows with every </div> missing, each nested in the one before: the
# article is over --max-bytes, and with it raised too big to analyse
awk -v n=$big 'BEGIN { printf "<html><body>"; k = 0; i = 0; while (k < n) {
             s = sprintf("<div class=row><p>Row %d of the council report was read out on Monday.</p>", i++);
             printf "%s", s; k += length(s) } }' >"$T/h.html"
bound "rows, </div> missing" 4 "$T/h.html" $LIM
# 500 open elements, then end tags that close nothing
awk -v n=$full -v p="$P" 'BEGIN { printf "<html><body>"; for (i = 0; i < 500; i++) printf "<span>";
             printf "<p>%s</p>", p; for (i = 0; i < n / 4; i++) printf "</b>" }' >"$T/h.html"
bound "stray end tags, 500 deep" 4 "$T/h.html" $BIG
# 500 nested sections (each scored, each holding the rest), 10 MB of text
awk -v n=$big -v p="$P" 'BEGIN { printf "<html><body>"; for (i = 0; i < 500; i++)
             printf "<section><p>Section %d of the plan was read out on Monday, aides said.</p>", i;
             k = 0; while (k < n) { printf "%s ", p; k += length(p) + 1 } }' >"$T/h.html"
bound "500 nested sections" 4 "$T/h.html" $LIM
# quoted sentences, as a page and as text
awk -v n=$big 'BEGIN { printf "<html><body><article>"; k = 0; i = 0; while (k < n) {
             s = sprintf("<p>\"We will build %d new homes,\" Smith said on Monday.</p>\n", i++);
             printf "%s", s; k += length(s) } }' >"$T/h.html"
bound "quoted sentences, page" 4 "$T/h.html" $LIM
awk -v n=$big 'BEGIN { k = 0; i = 0; while (k < n) {
             s = sprintf("\"We will build %d new homes,\" Smith said on Monday.\n\n", i++);
             printf "%s", s; k += length(s) } }' >"$T/h.txt"
bound "quoted sentences, text" 4 "$T/h.txt" $LIM
# sheer size: a page of paragraphs, and prose
awk -v n=$big 'BEGIN { srand(5); split("the council said Smith would after all back plans for 12 new homes in Leeds on Monday", w, " ");
             printf "<html><head><title>Big page</title></head><body><article>"; k = 0;
             while (k < n) { s = "<p>The"; for (i = 0; i < 20; i++) s = s " " w[int(rand() * 16) + 1];
                             s = s ".</p>\n"; printf "%s", s; k += length(s) } }' >"$T/h.html"
bound "page of paragraphs" 4 "$T/h.html" $LIM
awk -v n=$big 'BEGIN { srand(5); split("the council said Smith would after all back plans for 12 new homes in Leeds on Monday", w, " ");
             k = 0; while (k < n) { s = "The"; for (i = 0; i < 20; i++) s = s " " w[int(rand() * 16) + 1];
                                    s = s ".\n\n"; printf "%s", s; k += length(s) } }' >"$T/h.txt"
bound "prose" 4 "$T/h.txt" $LIM

echo "bounds: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
