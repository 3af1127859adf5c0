#!/bin/sh
# run.sh - replay fuzz/regress/TARGET/* through each fuzz target's entry
# point (built as a plain program beside copydesk): every input that once
# crashed, leaked or hung copydesk stays a test.
#   sh tests/fuzz/run.sh PATH/TO/copydesk
set -u
B=$(dirname "${1:-build/copydesk}")
pass=0
fail=0
# every target (fuzz/fuzz_NAME.c) must have seeds, or its replay program
# would never run and its share of this suite would pass unseen
for src in fuzz/fuzz_*.c; do
    t=${src#fuzz/fuzz_}
    t=${t%.c}
    if ! ls fuzz/seeds/"$t"/* >/dev/null 2>&1; then
        echo "FAIL fuzz: target $t has no seeds in fuzz/seeds/$t/"
        fail=$((fail + 1))
    fi
done
for d in fuzz/regress/*/; do
    t=$(basename "$d")
    for f in "$d"*; do
        [ -f "$f" ] || continue
        if timeout 60 "$B/replay/fuzz_$t" "$f" >/dev/null 2>"$B/replay/err"; then
            pass=$((pass + 1))
        else
            echo "FAIL fuzz regress $t $(basename "$f"):"; head -20 "$B/replay/err"
            fail=$((fail + 1))
        fi
    done
done
# and the seeds, so that every target's replay program is exercised
for d in fuzz/seeds/*/; do
    t=$(basename "$d")
    if timeout 60 "$B/replay/fuzz_$t" "$d"* >/dev/null 2>"$B/replay/err"; then
        pass=$((pass + 1))
    else
        echo "FAIL fuzz seeds $t:"; head -20 "$B/replay/err"
        fail=$((fail + 1))
    fi
done
# no input replayed means nothing was tested
if [ $((pass + fail)) -eq 0 ]; then
    echo "FAIL fuzz: no regress or seed input found under fuzz/"
    fail=1
fi
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
