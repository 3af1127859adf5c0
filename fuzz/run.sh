#!/bin/sh
# run.sh - run each libFuzzer target for SECONDS and print what it did.
#   sh fuzz/run.sh BUILD_DIR SECONDS TARGET...
# The working corpus of each target lives in BUILD_DIR/corpus/TARGET and
# grows from run to run; fuzz/seeds/TARGET (and, for the text targets, the
# golden articles) seed it.  Crashes, leaks and timeouts are written to
# BUILD_DIR/crash-TARGET-* and fail the run.  BUILD_DIR/seconds-TARGET adds
# up the seconds each target has run on this machine.
set -u
B=$1
SECS=$2
shift 2
fail=0
printf '%-9s %8s %10s %8s %7s %7s %9s %s\n' target seconds runs "runs/s" corpus cov ft "total s"
for t in "$@"; do
    C="$B/corpus/$t"
    mkdir -p "$C"
    seeds="fuzz/seeds/$t"
    case $t in
    text | check | pipeline) extra=tests/golden ;;
    html) extra=tests/extract ;;
    extract) extra=tests/golden ;;
    *) extra= ;;
    esac
    max=24000
    [ "$t" = html ] || [ "$t" = extract ] && max=64000
    "$B/fuzz_$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=1024 -max_len=$max \
        -dict="fuzz/$t.dict" -artifact_prefix="$B/crash-$t-" -print_final_stats=1 \
        "$C" "$seeds" $extra >"$B/fuzz-$t.log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/fuzz-$t.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$B/fuzz-$t.log")
    last=$(grep -E '^#[0-9]+' "$B/fuzz-$t.log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    files=$(ls "$C" | wc -l)
    prev=$(cat "$B/seconds-$t" 2>/dev/null || echo 0)
    total=$((prev + SECS))
    echo "$total" >"$B/seconds-$t"
    printf '%-9s %8s %10s %8s %7s %7s %9s %s\n' "$t" "$SECS" "${runs:-?}" "${rate:-?}" \
        "$files" "${cov:-?}" "${ft:-?}" "$total"
    if [ $rc -ne 0 ]; then
        echo "FAIL fuzz $t: libFuzzer exit $rc; the end of $B/fuzz-$t.log:"
        grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$B/fuzz-$t.log" | head -20
        fail=1
    fi
done
[ $fail = 0 ] && echo "fuzz: $# targets, no crash, leak or timeout" || exit 1
