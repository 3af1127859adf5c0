#!/bin/sh
# run.sh - `copydesk serve` over loopback: every endpoint, its JSON errors,
# limits, hostile requests (oversized, malformed, slow, non-UTF-8), and that
# the service still answers after each of them.
#   sh tests/serve/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
T=$(mktemp -d)
PIDS=""
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL serve $*"; fail=$((fail + 1)); }
if ! command -v curl >/dev/null 2>&1; then
    # a suite that could not run is not a pass
    echo "FAIL serve: curl not installed (make deps installs it)"
    echo "serve: 0 passed, 1 failed"
    exit 1
fi

# start NAME ARGS...: a service on a free port; sets PORT
start() {
    name=$1
    shift
    "$CD" serve --port 0 --port-file "$T/$name.port" "$@" 2>"$T/$name.err" &
    PIDS="$PIDS $!"
    eval "PID_$name=$!"
    i=0
    while [ ! -s "$T/$name.port" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i + 1)); done
    PORT=$(cat "$T/$name.port" 2>/dev/null)
    [ -n "$PORT" ] || { echo "FAIL serve: $name did not start:"; cat "$T/$name.err"; exit 1; }
}

start main --read-timeout 2 --max-body 200000 --per-ip 8 --idle-timeout 3
URL="http://127.0.0.1:$PORT"

# req NAME WANT_STATUS WANT_BODY_SUBSTRING curl-args...: the status and body
# (an empty substring only for HEAD, which has no body)
req() {
    name=$1 want=$2 body=$3
    shift 3
    code=$(curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' --max-time 20 "$@")
    if [ "$code" != "$want" ]; then
        bad "$name: status $code, expected $want: $(head -c 300 "$T/body")"
        return
    fi
    if [ -n "$body" ] && ! grep -qF -- "$body" "$T/body"; then
        bad "$name: body lacks '$body': $(head -c 300 "$T/body")"
        return
    fi
    # every error is one JSON object with code, status and message
    if [ "$want" -ge 400 ] && ! python3 -c '
import json, sys
e = json.load(open(sys.argv[1]))["error"]
assert e["code"] == int(sys.argv[2]) and e["status"] and e["message"]' "$T/body" "$want"; then
        bad "$name: error body is not {\"error\":{code,status,message}}: $(head -c 300 "$T/body")"
        return
    fi
    ok
}
alive() {
    req "alive after $1" 200 '"status":"ok"' "$URL/healthz"
}

cp examples/seed-article.txt "$T/seed.txt"
cat >"$T/page.html" <<'EOF'
<html><head><title>Ferry strike ends after four days | Coast News</title>
<meta name="description" content="Crews return to work.">
</head><body><article><h1>Ferry strike ends after four days</h1>
<p>Ferry crews on the northern route returned to work on Tuesday after a four-day strike over
rosters, the operator said.</p><p>The union said members had accepted a deal that limits night
shifts to three a week and adds 12 crew posts by March.</p><p>About 9,000 passengers a day use
the route, which links the two island towns with the mainland port.</p></article></body></html>
EOF

# ---- endpoints -----------------------------------------------------------
req healthz 200 '{"status":"ok"}' "$URL/healthz"
req page 200 '<title>copydesk</title>' "$URL/"
grep -qi '^Content-Security-Policy: default-src' "$T/head" && ok || bad "page: no CSP header"
req page-js 200 'refreshPreview' "$URL/app.js"
grep -qi '^Content-Type: text/javascript' "$T/head" && ok || bad "app.js content type"
req page-css 200 '.serp' "$URL/app.css"
if grep -qE 'https?://' web/index.html web/app.js web/app.css; then
    bad "the page names an external resource"
else ok; fi

req package-text 200 '"headlines":[' -X POST -H 'Content-Type: text/plain' \
    --data-binary @"$T/seed.txt" "$URL/v1/package"
python3 - "$T/body" <<'EOF' && ok || bad "package shape or limits"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["headlines"]) == 5 and len(d["ledes"]) == 5
assert len(d["seo_titles"]) == 3 and len(d["meta_descriptions"]) == 3
assert all(x["px"] <= 580 and x["chars"] <= 60 for x in d["seo_titles"])
assert all(x["px"] <= 920 and 120 <= x["chars"] <= 156 for x in d["meta_descriptions"])
EOF
"$CD" --format json "$T/seed.txt" >"$T/cli.json" 2>/dev/null
rc=$?
cmp -s "$T/cli.json" "$T/body" 2>/dev/null || printf '\n' >>"$T/body"
[ $rc = 0 ] && [ -s "$T/cli.json" ] && cmp -s "$T/cli.json" "$T/body" && ok ||
    bad "package differs from copydesk --format json (exit $rc)"
# and both are the committed golden package, not only equal to each other
cmp -s "$T/body" tests/golden/seed.json && ok || bad "package differs from tests/golden/seed.json"
req package-auto 200 '"headlines":[' -X POST --data-binary @"$T/seed.txt" "$URL/v1/package"
req package-markdown 200 '"headlines":[' -X POST -H 'Content-Type: text/markdown; charset=utf-8' \
    --data-binary @"$T/seed.txt" "$URL/v1/package"
req package-html 200 '"current":{"title":{"text":"Ferry strike ends after four days | Coast News"' \
    -X POST -H 'Content-Type: text/html; charset=windows-1252' --data-binary @"$T/page.html" \
    "$URL/v1/package"
python3 -c 'import json,sys; print(json.dumps({"id": "a-7", "text": open(sys.argv[1]).read()}))' \
    "$T/seed.txt" >"$T/rec.json"
req package-json 200 '"headlines":[' -X POST -H 'Content-Type: application/json' \
    --data-binary @"$T/rec.json" "$URL/v1/package"
req package-options 200 '"seo_titles":[{' -X POST --data-binary @"$T/seed.txt" \
    "$URL/v1/package?case=title&headlines=2&quotes=straight"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["headlines"]) == 2, d["headlines"]
assert not any("\u2018" in h["text"] or "\u2019" in h["text"] for h in d["headlines"])' "$T/body" \
    && ok || bad "query options not applied"
req extract 200 '"title":"Ferry strike ends after four days"' -X POST \
    -H 'Content-Type: text/html' --data-binary @"$T/page.html" "$URL/v1/extract"
req serp 200 '"shown":"Hegseth: ‘The United States will no longer tolerate an …"' -X POST \
    -d '{"title":"Hegseth: ‘The United States will no longer tolerate an imbalanced relationship’","description":"Short."}' \
    "$URL/v1/serp"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["title"]["desktop"]["fits"] is False and d["title"]["px"] > 580
assert d["description"]["mobile"]["shown"] == "Short."' "$T/body" && ok || bad "serp fields"
python3 - "$T/seed.txt" >"$T/check.json" <<'EOF'
import json, sys
print(json.dumps({"article": open(sys.argv[1]).read(),
    "headlines": ["Hegseth rules out NATO membership for Ukraine"],
    "ledes": ["Allies should quintuple their defence spending from 2% to 5%, Hegseth said."]}))
EOF
req check 200 '"rule":"fact.multiplier"' -X POST --data-binary @"$T/check.json" "$URL/v1/check"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["fail"] == 1 and d["candidates"][1]["verdict"] == "fail"' "$T/body" \
    && ok || bad "check verdicts"
req check-record 200 '"text":"Council approves new park","chars":25,' -X POST \
    -d '{"article":{"html":"<p>The council approved the new park on Monday after a long debate.</p><p>Work starts in May and costs £2m.</p>"},"seo_titles":["Council approves new park"]}' \
    "$URL/v1/check"
grep -qF '"verdict":"pass","findings":[]}],"summary":{"pass":1,"warn":0,"fail":0}}' "$T/body" \
    && ok || bad "check-record verdict: $(head -c 300 "$T/body")"
req metrics 200 'copydesk_requests_total{endpoint="/v1/package",code="200"}' "$URL/metrics"
grep -q '^copydesk_request_duration_seconds_bucket{le="+Inf"} [1-9]' "$T/body" && ok \
    || bad "metrics: no latency histogram"
grep -q '^copydesk_articles_total [1-9]' "$T/body" && ok || bad "metrics: no articles"
grep -q '^# TYPE copydesk_request_duration_seconds histogram' "$T/body" && ok \
    || bad "metrics: histogram type line"
req head 200 '' -I "$URL/healthz"

# ---- errors ----------------------------------------------------------------
req not-found 404 'no such endpoint: /nope' "$URL/nope"
req get-post-endpoint 405 'takes POST' "$URL/v1/package"
grep -qi '^Allow: POST' "$T/head" && ok || bad "405 without Allow"
req post-get-endpoint 405 'takes GET' -X POST -d x "$URL/healthz"
req empty 400 'no body text found' -X POST -H 'Content-Type: text/plain' --data-binary '' \
    "$URL/v1/package"
printf 'The mayor said the \377\376 budget would pass.\n' >"$T/latin.txt"
req non-utf8 400 'invalid UTF-8 at byte 19' -X POST -H 'Content-Type: text/plain' \
    --data-binary @"$T/latin.txt" "$URL/v1/package"
printf 'ab\000cd' >"$T/nul.bin"
req binary 400 'binary input' -X POST --data-binary @"$T/nul.bin" "$URL/v1/package"
# random bytes, but with no NUL and a continuation byte first, so that the
# one right answer is known (a NUL or a leading '<' or '{' would each make
# a different, also right, answer)
{ printf '\200'; head -c 3999 /dev/urandom | tr '\000' '\001'; } >"$T/random.bin"
req random 400 'invalid UTF-8 at byte 0' -X POST -H 'Content-Type: application/octet-stream' \
    --data-binary @"$T/random.bin" "$URL/v1/package"
req bad-json 400 'not a JSON object' -X POST -H 'Content-Type: application/json' -d '{"text": "abc' \
    "$URL/v1/package"
req json-unknown-field 400 "unknown field 'body'" -X POST -H 'Content-Type: application/json' \
    -d '{"body": "abc"}' "$URL/v1/package"
req media-type 415 "Content-Type 'image/png' is not read" -X POST -H 'Content-Type: image/png' \
    -d x "$URL/v1/package"
req charset 415 "charset 'iso-8859-1' is not read" -X POST \
    -H 'Content-Type: text/plain; charset=iso-8859-1' -d x "$URL/v1/package"
req bad-param 400 "unknown parameter 'colour'" -X POST -d x "$URL/v1/package?colour=red"
req bad-value 400 "bad value for parameter 'headlines'" -X POST -d x "$URL/v1/package?headlines=many"
req check-no-article 400 "'article' must be" -X POST -d '{"headlines":["x y z w"]}' "$URL/v1/check"
req check-nothing 400 'nothing to check' -X POST -d '{"article":"Some text here."}' "$URL/v1/check"
req check-field 400 "unknown field 'titles'" -X POST -d '{"article":"a","titles":[]}' "$URL/v1/check"
req check-not-json 400 'not a JSON object' -X POST -d '[1,2' "$URL/v1/check"
req serp-bad 400 "give 'title'" -X POST -d '{"title": 3}' "$URL/v1/serp"
alive errors

# oversized: by Content-Length (answered before the body is read) and by
# the bytes of a chunked body (answered mid-body, then closed)
head -c 300000 /dev/zero | tr '\0' 'a' >"$T/big.txt"
req too-big 413 'over the limit of 200000 bytes' -X POST --data-binary @"$T/big.txt" "$URL/v1/package"
req too-big-chunked 413 'over the limit of 200000 bytes' -X POST -H 'Transfer-Encoding: chunked' \
    --data-binary @"$T/big.txt" "$URL/v1/package"
alive oversized

# slow: a body at one byte a second gets 408 after --read-timeout (2 s);
# headers at one byte a second tie up one connection, not the service
python3 - "$PORT" "$URL" >"$T/slow.out" 2>&1 <<'EOF'
import socket, sys, time, threading, urllib.request
port, url = int(sys.argv[1]), sys.argv[2]
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"POST /v1/package HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
          b"Content-Length: 40\r\n\r\n")
s.settimeout(1.0)
t0, got = time.time(), b""
for i in range(40):
    try:
        s.sendall(b"a")
    except OSError:
        break
    try:
        d = s.recv(4096)
        if d:
            got += d
            break
    except socket.timeout:
        pass
dt = time.time() - t0
s.settimeout(2.0)
while got:
    try:
        d = s.recv(4096)
    except OSError:
        break
    if not d:
        break
    got += d
head, _, body = got.partition(b"\r\n\r\n")
print("slow-body", head.split(b"\r\n")[0].decode(), round(dt, 1), body.decode())
# slow headers on one connection while another asks for /healthz
h = socket.create_connection(("127.0.0.1", port))
stop = False
def drip():
    for c in b"GET /healthz HTTP/1.1\r\nX-Slow: " + b"z" * 100:
        if stop:
            return
        try:
            h.send(bytes([c]))
        except OSError:
            return
        time.sleep(0.2)
th = threading.Thread(target=drip)
th.start()
time.sleep(1)
t1 = time.time()
r = urllib.request.urlopen(url + "/healthz", timeout=5).read().decode()
print("during-slow-headers", r, round(time.time() - t1, 2))
stop = True
th.join()
EOF
grep -q '^slow-body HTTP/1.1 408 Request Timeout [23]\.[0-9] {"error":{"code":408,"status":"request_timeout","message":"request body not received within 2 s"}}' "$T/slow.out" \
    && ok || bad "slow body: $(cat "$T/slow.out")"
grep -q '^during-slow-headers {"status":"ok"}' "$T/slow.out" && ok || bad "slow headers: $(cat "$T/slow.out")"
alive slow

# connection limits: 12 idle sockets from one address against --per-ip 8;
# the extra ones are closed, and the service answers once they go
python3 - "$PORT" >"$T/conns.out" 2>&1 <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(12)]
time.sleep(0.5)
closed = 0
for s in socks:
    s.settimeout(0.2)
    try:
        if s.recv(1) == b"":
            closed += 1
    except socket.timeout:
        pass
    except OSError:
        closed += 1
print("closed", closed)
for s in socks:
    s.close()
EOF
# 12 connections against --per-ip 8: exactly the 4 over the limit close
grep -q '^closed 4$' "$T/conns.out" && ok || bad "per-ip limit: $(cat "$T/conns.out")"
sleep 0.3
alive "connection limit"

# a malformed request line and garbage bytes: the service carries on
printf 'NOT HTTP AT ALL\r\n\r\n' | curl -s --max-time 3 telnet://127.0.0.1:$PORT >/dev/null 2>&1
head -c 2000 /dev/urandom | curl -s --max-time 3 telnet://127.0.0.1:$PORT >/dev/null 2>&1
alive garbage

# ---- hostile bytes and protocol edges over raw sockets (edges.py) ----------
# each line edges.py prints is one case: "ok NAME" or "FAIL NAME: why"
edges() {
    python3 tests/serve/edges.py "$@" >"$T/edges.out" 2>&1
    rc=$?
    while IFS= read -r line; do
        case $line in
        ok\ *) ok ;;
        FAIL\ *) bad "${line#FAIL }" ;;
        *) bad "edges.py $1: $line" ;;
        esac
    done <"$T/edges.out"
    [ $rc = 0 ] || bad "edges.py $1 exited $rc"
}
# defect 3 of issue 13: every echo is UTF-8, cut at a character boundary
edges echo "$PORT"
edges serp "$PORT"
edges fuzz "$PORT" 13
alive "hostile bytes"
# defect 10: a short body, libmicrohttpd's own errors, smuggling, metrics
start edges --read-timeout 1 --idle-timeout 20 --max-body 200000
edges protocol "$PORT"
if grep -v '^copydesk: ' "$T/edges.err" | grep -q .; then
    bad "protocol edges: unexpected output: $(head -c 600 "$T/edges.err")"
else ok; fi
# defect 4: work that overruns its budget is answered 503 on time
start slow --time-budget 500 -q
edges budget "$PORT" 500
# SIGTERM answers the requests in flight (with a bound), then exits 0
start drain --read-timeout 2 -q
edges drain "$PORT" "$PID_drain"
i=0
while kill -0 "$PID_drain" 2>/dev/null && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
if kill -0 "$PID_drain" 2>/dev/null; then
    bad "drain: still running 20 s after SIGTERM"
else
    wait "$PID_drain"
    rc=$?
    [ $rc = 0 ] && ok || bad "drain: exit $rc"
fi

# the time budget: 1 ms is not enough for an article, so 503 with Retry-After
start budget --time-budget 1 -q
req budget 503 'request time budget of 1 ms exceeded' -X POST --data-binary @"$T/seed.txt" \
    "http://127.0.0.1:$PORT/v1/package"
grep -qi '^Retry-After: 1' "$T/head" && ok || bad "503 without Retry-After"

# ---- the command -------------------------------------------------------------
"$CD" serve --port 0 --frobnicate >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "unknown option '--frobnicate'" "$T/err" && ok || bad "bad option: $(cat "$T/err")"
"$CD" serve --port "$(cat "$T/main.port")" >/dev/null 2>"$T/err"
[ $? = 3 ] && grep -q "cannot listen on 127.0.0.1 port" "$T/err" && ok || bad "port in use: $(cat "$T/err")"
"$CD" serve --host no.such.host.invalid --port 0 >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "no.such.host.invalid" "$T/err" && ok || bad "bad host: $(cat "$T/err")"
eval "kill -TERM \$PID_main"
eval "wait \$PID_main"
rc=$?
[ $rc = 0 ] && ok || bad "SIGTERM: exit $rc"
grep -q '^copydesk: serving on http://127.0.0.1:[0-9]*/' "$T/main.err" && ok || bad "no start line"
# one line per event, each from copydesk (libmicrohttpd's notes included)
if grep -v '^copydesk: ' "$T/main.err" | grep -q .; then
    bad "unexpected output: $(cat "$T/main.err")"
else ok; fi

echo "serve: $pass passed, $fail failed"
[ $fail = 0 ]
