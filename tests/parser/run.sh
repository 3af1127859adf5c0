#!/bin/sh
# run.sh - the dependency parser against the treebanks in ../shared/data
# (not part of the project: skips, saying so, when it is absent).
#   SHARED=../shared sh tests/parser/run.sh BUILD/copydesk
# Checks accuracy floors on EWT and GUM test with copydesk's own tags,
# and that training twice on the same data gives the same model bytes.
set -u
CD=${1:-build/copydesk}
B=$(dirname "$CD")
SHARED=${SHARED:-../shared}
UD=$SHARED/data/ud-english
if [ ! -f "$UD/en_ewt-test.conllu" ] || [ ! -f "$UD/en_gum_ccby-test.conllu" ]; then
    echo "parser: skipped: $UD not found (the treebanks are not part of the project)"
    exit 0
fi
if [ ! -x "$B/measure_parser" ] || [ ! -x "$B/train_parser" ]; then
    echo "parser: skipped: $B/measure_parser or $B/train_parser not built (make test builds them)"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL parser: $*"; fail=$((fail + 1)); }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 >= b + 0) }'; }

"$B/measure_parser" "$UD/en_ewt-test.conllu" "$UD/en_gum_ccby-test.conllu" >"$T/m.txt" 2>&1 ||
    bad "measure_parser exited $?"
cat "$T/m.txt"
# field SET WHAT: UAS, LAS (punctuation excluded) or root of the own-tags line
field() {
    awk -v set="$1" -v what="$2" 'index($0, set ", copydesk'"'"'s tags:") == 1 {
        for (i = 1; i <= NF; i++) {
            if ($i == "UAS" && !u) u = $(i + 1)
            if ($i == "LAS" && !l) l = $(i + 1)
            if ($i == "root") { r = $(i + 1); sub("%;", "", r) }
        }
        print what == "UAS" ? u : what == "LAS" ? l : r }' "$T/m.txt"
}
# Floors: the issue's targets for EWT (UAS 85.0, LAS 81.5); GUM and root
# accuracy at what the committed model gives, less half a point (the
# issue asks for 90% root accuracy on EWT, not reached yet).
for c in "en_ewt-test.conllu UAS 85.0" "en_ewt-test.conllu LAS 81.5" \
         "en_ewt-test.conllu root 87.0" "en_gum_ccby-test.conllu UAS 84.7" \
         "en_gum_ccby-test.conllu LAS 81.0"; do
    set -- $c
    v=$(field "$1" "$2")
    ge "$v" "$3" && ok || bad "$1 $2 '$v' < $3"
done

# Training is reproducible: two short runs on the same sentences give the
# same bytes.
head -c 300000 "$UD/en_ewt-dev.conllu" | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR <= 300' >"$T/small.conllu"
for i in 1 2; do
    "$B/train_parser" -i 2 "$T/model$i.bin" "$T/small.conllu" >"$T/train$i.txt" 2>&1 ||
        bad "train_parser exited $?: $(tail -1 "$T/train$i.txt")"
done
[ -s "$T/model1.bin" ] && cmp -s "$T/model1.bin" "$T/model2.bin" && ok ||
    bad "two trainings on the same data gave different models"
echo "parser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
