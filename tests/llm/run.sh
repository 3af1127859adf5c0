#!/bin/sh
# run.sh - the language-model engine against a fake OpenAI-compatible
# server on loopback (tests/llm/fake_server.py): good answers, invented
# facts, over-long titles, malformed JSON, 429 then success, 503 until the
# retries run out, 400 (no retry), a stalled reply, no server at all; and
# the engine in batch and in the HTTP service.  No network, no model.
#   sh tests/llm/run.sh PATH/TO/copydesk
set -u
CD=${1:-./copydesk}
T=$(mktemp -d)
FAKE=""
SRV=""
trap 'kill $FAKE $SRV 2>/dev/null; rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL llm $*"; fail=$((fail + 1)); }

python3 tests/llm/fake_server.py "$T/port" &
FAKE=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
P=$(cat "$T/port")
E="http://127.0.0.1:$P/v1"
ART=examples/seed-article.txt
count() { curl -s "http://127.0.0.1:$P/count?model=$1" | sed 's/[^0-9]//g'; }

# gen NAME WANT_EXIT MODEL [options]: a JSON package into $T/NAME.json
gen() {
    name=$1 want=$2 model=$3
    shift 3
    "$CD" --format json --engine llm --endpoint "$E" --model "$model" "$@" "$ART" \
        >"$T/$name.json" 2>"$T/$name.err"
    rc=$?
    [ $rc = "$want" ] && ok || { bad "$name: exit $rc, expected $want: $(cat "$T/$name.err")"; }
}
# origins NAME: how many printed items came from the model
origins() { grep -o '"origin":"llm"' "$T/$1.json" | wc -l | tr -d ' '; }
# absent FILE WHAT STRING...: none of the strings is in FILE, a package
# (an empty or missing file would hold none of them and prove nothing)
absent() {
    file=$1 what=$2
    shift 2
    if ! grep -q '"headlines":\[{' "$file" 2>/dev/null; then
        bad "$what: no package to look in"
        return
    fi
    for s in "$@"; do
        grep -qF "$s" "$file" && bad "$what: '$s' reached the output" || ok
    done
}

# the good answer's 6 candidates: 3 headlines, a lede and an SEO title
# print; its meta description is over 920 px (len.px) and is dropped
gen good 0 good
[ "$(origins good)" = 5 ] && ok || bad "good: $(origins good) model items printed, expected 5"
grep -q '"text":"Hegseth calls Ukraine’s NATO membership unrealistic"' "$T/good.json" \
    && ok || bad "good: the model's first headline is not first"
[ ! -s "$T/good.err" ] && ok || bad "good: stderr: $(cat "$T/good.err")"
# what was asked: structured output, the analysis, the limits, the key
OPENAI_API_KEY=sk-test-123 "$CD" --engine hybrid --endpoint "$E" --model good -q "$ART" >/dev/null
[ $? = 0 ] && ok || bad "hybrid with a key: exit status"
curl -s "http://127.0.0.1:$P/last" >"$T/last.json"
python3 - "$T/last.json" <<'PY' && ok || bad "request: $(head -c 400 "$T/last.json")"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["model"] == "good"
rf = b["response_format"]
assert rf["type"] == "json_schema"
props = rf["json_schema"]["schema"]["properties"]
assert set(props) == {"headlines", "ledes", "seo_titles", "meta_descriptions"}
user = b["messages"][1]["content"]
assert "main keyphrase: ukraine" in user and "Pete Hegseth" in user
assert "at most 60 characters" in user and "numbers:" in user and "quotations:" in user
assert b["_authorization"] == "Bearer sk-test-123"
PY
"$CD" --engine llm --endpoint "$E" --model good --api-key-env NO_SUCH_VAR_X -q "$ART" >/dev/null
[ $? = 0 ] && ok || bad "--api-key-env without the variable: exit status"
curl -s "http://127.0.0.1:$P/last" >"$T/last2.json"
python3 - "$T/last2.json" <<'PY' && ok || bad "a key sent without its variable: $(head -c 300 "$T/last2.json")"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["model"] == "good" and b["_authorization"] is None, b.get("_authorization")
PY

# invented facts and names never reach the output; the true one does
gen invent 0 invent
absent "$T/invent.json" invent "7%" "Macron" "40,000" "9%" "2027"
# of its 6 candidates only the faithful headline passes
[ "$(origins invent)" = 1 ] && ok || bad "invent: $(origins invent) model items printed, expected 1"
grep -q '"text":"Hegseth calls Ukraine’s NATO membership unrealistic","chars":[0-9]*,"px":[0-9.]*,"score":[-0-9.]*,"sources":\[\],"findings":\[[^]]*\],"origin":"llm"' "$T/invent.json" \
    && ok || bad "invent: the faithful headline was lost"
"$CD" --engine llm --endpoint "$E" --model invent --explain "$ART" >"$T/explain.txt" 2>&1
grep -q 'fact.number *Hegseth tells allies to spend 7% of GDP on defense' "$T/explain.txt" \
    && grep -q 'fact.name *Macron backs Hegseth on Ukraine borders' "$T/explain.txt" \
    && ok || bad "explain does not show the rejected model candidates: $(grep -i macron "$T/explain.txt")"

# over-long candidates are dropped; copydesk's own fill the package
gen long 0 long
[ "$(origins long)" = 0 ] && grep -q '"headlines":\[{' "$T/long.json" && ok ||
    bad "long: $(origins long) over-long model items printed, or no package"

# malformed JSON, fenced JSON, an empty answer
gen malformed 0 malformed
grep -q "warning: language model: the model's answer is not the JSON object asked for; the built-in engine wrote the package" "$T/malformed.err" \
    && ok || bad "malformed: $(cat "$T/malformed.err")"
gen malformed-strict 5 malformed --strict
grep -q '"headlines":\[{' "$T/malformed-strict.json" && ok || bad "strict still prints the package"
gen fence 0 fence
[ "$(origins fence)" = 5 ] && ok || bad "fence: $(origins fence) model items, expected the good answer's 5"
gen empty 0 empty
grep -q "held no candidate" "$T/empty.err" && ok || bad "empty: $(cat "$T/empty.err")"

# retries: 429 then success (Retry-After: 1 honoured), 503 three times,
# 400 once, and no server at all
t0=$(date +%s.%N)
gen flaky 0 flaky429
t1=$(date +%s.%N)
[ "$(count flaky429)" = 2 ] && ok || bad "429: $(count flaky429) requests, expected 2"
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a >= 1.0) }' && ok || bad "429: Retry-After not honoured"
[ "$(origins flaky)" = 5 ] && ok || bad "429: $(origins flaky) model items, expected the good answer's 5"
gen down 0 down503
[ "$(count down503)" = 3 ] && ok || bad "503: $(count down503) requests, expected 1 + 2 retries"
grep -q "the server answered HTTP 503" "$T/down.err" && ok || bad "503: $(cat "$T/down.err")"
gen bad400 0 bad400
[ "$(count bad400)" = 1 ] && ok || bad "400: $(count bad400) requests, expected no retry"
grep -q "warning: language model: the server answered HTTP 400; the built-in engine wrote the package" \
    "$T/bad400.err" && ok || bad "400: $(cat "$T/bad400.err")"
t0=$(date +%s.%N)
gen stall 0 stall --llm-stall 1 --llm-timeout 20000
t1=$(date +%s.%N)
# under valgrind the model alone takes seconds to load
lim=8
case $CD in *valgrind*) lim=30 ;; *tsan*) lim=12 ;; esac
awk -v a="$t0" -v b="$t1" -v l=$lim 'BEGIN { exit !(b - a < l) }' && ok || bad "stall: took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s"
grep -q "warning: language model: Timeout was reached; the built-in engine wrote the package" \
    "$T/stall.err" && ok || bad "stall: $(cat "$T/stall.err")"
[ "$(count stall)" = 1 ] && ok || bad "stall: $(count stall) requests (a stall is not retried)"
"$CD" --format json --engine llm --endpoint "http://127.0.0.1:9/v1" --model good \
    --llm-timeout 3000 "$ART" >"$T/refused.json" 2>"$T/refused.err"
[ $? = 0 ] && grep -q "warning: language model: Couldn't connect to server" "$T/refused.err" \
    && ok || bad "no server: $(cat "$T/refused.err")"
t0=$(date +%s.%N)
gen budget 0 down503 --llm-timeout 600
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 3) }' && ok || bad "the timeout does not bound the retries"
# Two endings are right, as the backoff is jittered (250 ms x 2^attempt x
# 0.5 to 1.5): the next wait would pass the 600 ms, so it stops saying so;
# or the waits were short enough for both retries to fit, and the last
# 503 ends it.  Either way the time bound above held.
grep -qx "copydesk: $ART: warning: language model: the server answered HTTP 503; no time left to retry within 600 ms; the built-in engine wrote the package" "$T/budget.err" ||
    grep -qx "copydesk: $ART: warning: language model: the server answered HTTP 503; the built-in engine wrote the package" "$T/budget.err" \
    && ok || bad "budget: $(cat "$T/budget.err")"

# usage
"$CD" --engine llm "$ART" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "need --endpoint URL" "$T/err" && ok || bad "no endpoint: $(cat "$T/err")"
"$CD" --engine gpt --endpoint "$E" "$ART" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "bad value for option '--engine'" "$T/err" && ok || bad "bad engine name: $(cat "$T/err")"
"$CD" --engine llm --endpoint "ftp://x" "$ART" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "bad value for option '--endpoint'" "$T/err" && ok || bad "a non-HTTP endpoint: $(cat "$T/err")"

# batch: the engine per record, with the fallback per record
python3 - "$ART" >"$T/in.jsonl" <<'PY'
import json, sys
t = open(sys.argv[1]).read()
for i in range(4):
    print(json.dumps({"id": "s%d" % i, "text": t}))
PY
"$CD" batch -j2 -q --engine llm --endpoint "$E" --model invent "$T/in.jsonl" >"$T/batch.jsonl" 2>"$T/batch.err"
[ $? = 0 ] && [ "$(wc -l <"$T/batch.jsonl")" = 4 ] && ok || bad "batch: $(cat "$T/batch.err")"
[ "$(grep -c '"origin":"llm"' "$T/batch.jsonl")" = 4 ] && ok || bad "batch: model items missing"
absent "$T/batch.jsonl" batch "7%" "Macron" "40,000"

# hybrid: one pool, ranked together
gen hybrid 0 good --engine hybrid
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
items = [i for k in ("headlines", "ledes", "seo_titles", "meta_descriptions") for i in d[k]]
assert any("origin" in i for i in items) and any("origin" not in i for i in items)' "$T/hybrid.json" \
    && ok || bad "hybrid: not a pool of both"

# the HTTP service, with a model that invents
"$CD" serve --port 0 --port-file "$T/sport" -q --engine llm --endpoint "$E" --model invent 2>"$T/serve.err" &
SRV=$!
i=0
while [ ! -s "$T/sport" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
S="http://127.0.0.1:$(cat "$T/sport")"
curl -s --data-binary @"$ART" "$S/v1/package" >"$T/serve.json"
grep -q '"origin":"llm"' "$T/serve.json" && ok || bad "serve: no model item: $(head -c 300 "$T/serve.json")"
absent "$T/serve.json" serve "7%" "Macron" "40,000"
kill $SRV

# nothing printed anywhere breaks a limit or carries an invented fact
python3 - "$T" <<'PY' && ok || bad "limits"
import glob, json, sys
packages = 0
for path in glob.glob(sys.argv[1] + "/*.json") + glob.glob(sys.argv[1] + "/*.jsonl"):
    for line in open(path):
        line = line.strip()
        if not line.startswith("{"):
            continue
        d = json.loads(line)
        packages += "headlines" in d
        for it in d.get("seo_titles", []):
            assert it["chars"] <= 60 and it["px"] <= 580, (path, it)
        for it in d.get("meta_descriptions", []):
            assert 120 <= it["chars"] <= 156 and it["px"] <= 920, (path, it)
        for it in d.get("headlines", []):
            assert 4 <= len(it["text"].split()) <= 12, (path, it)
# a package from each of the 13 gen runs, the refused run, the 4 batch
# lines and the service: a missing one would go unchecked
assert packages == 19, "%d packages to check, expected 19" % packages
PY

echo "llm: $pass passed, $fail failed"
[ $fail = 0 ]
