#!/bin/sh
# loadtest.sh - load the package endpoint of `copydesk serve` with wrk.
#   sh tools/loadtest.sh ./copydesk [SECONDS] [CONNECTIONS] [ARTICLE]
# Starts the service on a free loopback port, warms it up for 10 s, then
# runs wrk for SECONDS (60) with CONNECTIONS (32) keep-alive connections
# posting ARTICLE (the bundled seed article).  Prints requests per second,
# p50 and p99 latency, errors (socket errors and non-2xx answers) and the
# service's resident memory after the warm-up and after the run.
set -u
CD=${1:-./copydesk}
SECS=${2:-60}
CONNS=${3:-32}
ART=${4:-examples/seed-article.txt}
if ! command -v wrk >/dev/null 2>&1; then
    echo "loadtest: skipped: wrk not installed (apt-get install wrk)"
    exit 0
fi
T=$(mktemp -d)
"$CD" serve --port 0 --port-file "$T/port" -q ${LOADTEST_ARGS:-} 2>"$T/err" &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$T/port" ] || { echo "loadtest: the service did not start:"; cat "$T/err"; exit 1; }
URL="http://127.0.0.1:$(cat "$T/port")/v1/package"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$PID/status"; }
export COPYDESK_ARTICLE="$ART"
echo "loadtest: $ART ($(wc -c <"$ART") bytes), $CONNS connections, ${SECS} s, $(nproc) cores"
wrk -t1 -c"$CONNS" -d10s -s tools/loadtest.lua "$URL" >"$T/warm" 2>&1
RSS0=$(rss)
wrk -t1 -c"$CONNS" -d"${SECS}s" --latency -s tools/loadtest.lua "$URL" >"$T/run" 2>&1
RSS1=$(rss)
cat "$T/run" | sed 's/^/  /'
awk -v r0="$RSS0" -v r1="$RSS1" -v secs="$SECS" '
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /requests in/ { n = $1 }
    /Socket errors:/ { gsub(/,/, ""); serr = $4 + $6 + $8 + $10 }
    /Non-2xx/ { non2xx = $NF }
    END {
        printf "loadtest: %s requests/s, p50 %s, p99 %s, errors %d (socket %d, non-2xx %d)\n",
            rps, p50, p99, serr + non2xx, serr, non2xx
        printf "loadtest: resident memory %.1f MB after warm-up, %.1f MB after %d s (%+.1f%%)\n",
            r0 / 1024, r1 / 1024, secs, (r1 - r0) * 100 / r0
    }' "$T/run"
kill -0 $PID 2>/dev/null || { echo "loadtest: the service died"; exit 1; }
