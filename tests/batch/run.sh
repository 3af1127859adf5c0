#!/bin/sh
# run.sh - `copydesk batch`: order, errors, threads, kill -9 and resume,
# GNU parallel, and a million-line stream in constant memory.
#   sh tests/batch/run.sh PATH/TO/copydesk
# Under a sanitizer build (a path holding "asan" or "tsan") the stream is 20,000
# lines instead of a million, and the memory bound is not checked.
set -u
CD=${1:-./copydesk}
dir=$(dirname "$0")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL batch $*"; fail=$((fail + 1)); }
asan=0
case $CD in *asan* | *tsan* | *valgrind*) asan=1 ;; esac

# ---- input: the golden articles and a page, as records with ids --------------
python3 - "$T/in.jsonl" "$dir/../golden" "$asan" <<'EOF'
import json, sys, os
out, gold, asan = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
arts = []
for name in sorted(os.listdir(gold)):
    if name.endswith((".txt", ".md")):
        arts.append({"text": open(os.path.join(gold, name), encoding="utf-8").read()})
arts.append({"html": "<html><head><title>Ferry strike ends | Coast News</title></head>"
             "<body><article><h1>Ferry strike ends</h1><p>Ferry crews on the northern route "
             "returned to work on Tuesday after a four-day strike over rosters, the operator "
             "said.</p><p>The union said members had accepted a deal that limits night shifts "
             "to three a week and adds 12 crew posts by March.</p><p>About 9,000 passengers a "
             "day use the route, which links the two island towns with the mainland port."
             "</p></article></body></html>", "url": "https://example.org/ferry"})
rounds = 30 if asan else 150
with open(out, "w") as f:
    for r in range(rounds):
        for i, a in enumerate(arts):
            rec = dict(a, id="r%02d-a%d" % (r, i), source="archive")
            f.write(json.dumps(rec) + "\n")
EOF
n=$(wc -l <"$T/in.jsonl")

# ---- one line out per record, in order, with the id -------------------------
"$CD" batch -q -j1 "$T/in.jsonl" >"$T/ref.jsonl" 2>"$T/err"
[ $? = 0 ] && ok || bad "exit status of a clean run"
[ "$(wc -l <"$T/ref.jsonl")" = "$n" ] && ok || bad "line count $(wc -l <"$T/ref.jsonl") != $n"
python3 - "$T/in.jsonl" "$T/ref.jsonl" <<'EOF' && ok || bad "ids not in input order, or a package is missing"
import json, sys
ins = [json.loads(l)["id"] for l in open(sys.argv[1])]
outs = [json.loads(l) for l in open(sys.argv[2])]
assert [o["id"] for o in outs] == ins, "order"
assert all(o["seo_titles"] and o["meta_descriptions"] for o in outs), "empty package"
EOF
# the reference is itself checked: each golden article's line, without its
# id, is the committed tests/golden/NAME.json (so -j2, stdin, resume and
# parallel below are compared with a known package, not only with -j1)
python3 - "$T/ref.jsonl" "$dir/../golden" <<'EOF' && ok || bad "batch packages differ from tests/golden/*.json"
import json, os, sys
outs = [json.loads(l) for l in open(sys.argv[1])]
gold = sys.argv[2]
names = [n for n in sorted(os.listdir(gold)) if n.endswith((".txt", ".md"))]
assert names, "no golden articles"
for i, n in enumerate(names):
    want = json.load(open(os.path.join(gold, n.rsplit(".", 1)[0] + ".json"), encoding="utf-8"))
    got = dict(outs[i])
    assert got.pop("id") == "r00-a%d" % i, (n, "id")
    assert got == want, n
EOF
"$CD" batch -j2 "$T/in.jsonl" >"$T/j2.jsonl" 2>"$T/err"
cmp -s "$T/ref.jsonl" "$T/j2.jsonl" && ok || bad "-j2 output differs from -j1"
grep -q "records: $n ok, 0 errors, 0 already done" "$T/err" && ok || bad "summary: $(cat "$T/err")"
"$CD" batch -q -j2 - <"$T/in.jsonl" >"$T/stdin.jsonl"
[ $? = 0 ] && cmp -s "$T/ref.jsonl" "$T/stdin.jsonl" && ok || bad "stdin output differs, or its exit status"

# each package is the one the single-record command gives
head -1 "$T/in.jsonl" | sed 's/, "source": "archive"}$/}/' >"$T/one.jsonl"
"$CD" -q --format json "$T/one.jsonl" >"$T/one.out" 2>"$T/err"
[ $? = 0 ] && [ -s "$T/one.out" ] && head -1 "$T/ref.jsonl" | cmp -s - "$T/one.out" \
    && ok || bad "package differs from --format json: $(cat "$T/err")"

# ---- errors are lines too, and the run goes on ---------------------------------
printf '%s\n' '{"id":"a","text":"The council approved the budget on Monday after a long debate."}' \
    'not json' '' '[1,2]' '{"id":7,"title":"no body"}' \
    '{"text":"The mayor said the bridge would reopen in May after repairs."}' >"$T/mixed.jsonl"
"$CD" batch -j2 "$T/mixed.jsonl" >"$T/mixed.out" 2>"$T/err"
[ $? = 0 ] && ok || bad "exit status with error records"
[ "$(wc -l <"$T/mixed.out")" = 5 ] && ok || bad "mixed: $(wc -l <"$T/mixed.out") lines, want 5"
sed -n 2p "$T/mixed.out" | grep -q '^{"id":null,"line":2,"error":{"message":"the line is not valid JSON","code":3}}$' \
    && ok || bad "bad JSON line: $(sed -n 2p "$T/mixed.out")"
sed -n 4p "$T/mixed.out" | grep -q '^{"id":7,"error":{"message":"record has neither' \
    && ok || bad "record without body: $(sed -n 4p "$T/mixed.out")"
sed -n 5p "$T/mixed.out" | grep -q '^{"id":null,"line":6,"title"' && ok || bad "record without id"
grep -q "5 records: 2 ok, 3 errors" "$T/err" && ok || bad "mixed summary: $(cat "$T/err")"

# ids come out exactly as they went in: big integers, escapes
printf '%s\n' '{"id":12345678901234567890,"text":"The council approved the budget on Monday after a long debate."}' \
    '{"text":"The council approved the budget on Monday after a long debate.","id":"caf\u00e9 \"7\""}' \
    >"$T/ids.jsonl"
"$CD" batch -q --fields seo_titles "$T/ids.jsonl" >"$T/ids.out"
[ $? = 0 ] && [ "$(wc -l <"$T/ids.out")" = 2 ] && ok || bad "ids: exit status or line count"
head -1 "$T/ids.out" | grep -q '^{"id":12345678901234567890,"seo_titles"' && ok || bad "big id: $(head -1 "$T/ids.out")"
sed -n 2p "$T/ids.out" | grep -qF '{"id":"caf\u00e9 \"7\"","seo_titles"' && ok || bad "escaped id: $(sed -n 2p "$T/ids.out")"
head -c 20 "$T/ids.out" >"$T/ids.res"
"$CD" batch -q --fields seo_titles --resume "$T/ids.res" "$T/ids.jsonl"
[ $? = 0 ] && cmp -s "$T/ids.out" "$T/ids.res" && ok || bad "resume with raw ids"
"$CD" batch -q --fields seo_titles --resume "$T/ids.res" "$T/ids.jsonl"
[ $? = 0 ] && cmp -s "$T/ids.out" "$T/ids.res" && ok || bad "second resume with raw ids"

# ---- progress, write errors ----------------------------------------------------
"$CD" batch -j2 --progress "$T/mixed.jsonl" >/dev/null 2>"$T/err"
grep -q "^copydesk: batch: 6/6 (100%), .*/s, 3 errors$" "$T/err" && ok || bad "--progress: $(cat "$T/err")"
if [ -w /dev/full ]; then
    "$CD" batch -q "$T/mixed.jsonl" >/dev/full 2>"$T/err"
    [ $? = 3 ] && grep -q "write error" "$T/err" && ok || bad "full disk: $(cat "$T/err")"
else
    # not a pass: the write-error path went untested
    echo "batch: /dev/full is not writable here; the write-error test did not run"
fi

# ---- --fields ------------------------------------------------------------------
"$CD" batch -q --fields seo_titles,meta_descriptions "$T/one.jsonl" >"$T/f.out"
python3 - "$T/f.out" <<'EOF' && ok || bad "--fields: $(head -c 300 "$T/f.out")"
import json, sys
o = json.loads(open(sys.argv[1]).read())
assert list(o) == ["id", "seo_titles", "meta_descriptions"], list(o)
# the golden package's counts: empty lists would pass the type check
assert len(o["seo_titles"]) == 3 and len(o["meta_descriptions"]) == 3, o
assert all(isinstance(t, str) and t for t in o["seo_titles"] + o["meta_descriptions"])
EOF
"$CD" batch --fields titles "$T/one.jsonl" >/dev/null 2>"$T/err"
[ $? = 2 ] && grep -q "bad value for option '--fields'" "$T/err" && ok || bad "--fields with an unknown list is not a usage error: $(cat "$T/err")"
"$CD" batch -j 0 "$T/one.jsonl" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "-j 0 is not a usage error"
"$CD" batch "$T/none.jsonl" >/dev/null 2>"$T/err"
[ $? = 3 ] && grep -q "none.jsonl" "$T/err" && ok || bad "missing input: $(cat "$T/err")"

# ---- resume after a cut last line, at a line boundary, and after kill -9 ------
sorted_equal() { sort "$1" >"$T/s1"; sort "$2" >"$T/s2"; cmp -s "$T/s1" "$T/s2"; }
size=$(wc -c <"$T/ref.jsonl")
for cut in $((size / 3)) $((size / 2 + 17)) "$(head -5 "$T/ref.jsonl" | wc -c)" 1; do
    head -c "$cut" "$T/ref.jsonl" >"$T/res.jsonl"
    "$CD" batch -q -j2 --resume "$T/res.jsonl" "$T/in.jsonl" >"$T/stdout"
    rc=$?
    if [ $rc = 0 ] && sorted_equal "$T/ref.jsonl" "$T/res.jsonl" && [ ! -s "$T/stdout" ]; then ok
    else bad "resume after a cut at byte $cut: exit $rc"; fi
done
# a finished output is left as it is
cp "$T/ref.jsonl" "$T/res.jsonl"
"$CD" batch -j2 --resume "$T/res.jsonl" "$T/in.jsonl" 2>"$T/err"
[ $? = 0 ] && cmp -s "$T/ref.jsonl" "$T/res.jsonl" && grep -q "0 ok, 0 errors, $n already done" "$T/err" \
    && ok || bad "resume of a finished run: $(cat "$T/err")"

# ---- resume never destroys a file (issue 13, defect 1) -------------------------
# strict_jsonl FILE: every line valid UTF-8 and strict JSON, ids unique
strict_jsonl() {
    python3 - "$1" <<'EOF'
import json, sys
ids = set()
with open(sys.argv[1], "rb") as f:
    for n, raw in enumerate(f, 1):
        assert raw.endswith(b"\n"), ("line %d has no newline" % n)
        o = json.loads(raw.decode("utf-8", "strict"))
        assert isinstance(o, dict) and list(o)[0] == "id", n
        k = json.dumps([o["id"], o.get("line")])
        assert k not in ids, ("duplicate id", k)
        ids.add(k)
EOF
}
# refused WHAT FILE WANT_STDERR CMD...: exit 3, that one line on stderr, FILE as it was
refused() {
    what=$1 file=$2 want=$3
    shift 3
    cp "$file" "$T/before"
    "$@" >"$T/stdout" 2>"$T/err"
    rc=$?
    if [ $rc = 3 ] && [ "$(cat "$T/err")" = "$want" ] && cmp -s "$T/before" "$file" &&
        [ ! -s "$T/stdout" ]; then ok
    else bad "$what: exit $rc, stderr: $(head -c 300 "$T/err")"; fi
}
# the input itself, by its name, a symbolic link and standard input
cp "$T/mixed.jsonl" "$T/v.jsonl"
refused "--resume of the input file" "$T/v.jsonl" \
    "copydesk: $T/v.jsonl: the --resume file is the input file; nothing was changed" \
    "$CD" batch -q --resume "$T/v.jsonl" "$T/v.jsonl"
ln -s "$T/v.jsonl" "$T/v.link"
refused "--resume of the input through a link" "$T/v.jsonl" \
    "copydesk: $T/v.link: the --resume file is the input file; nothing was changed" \
    "$CD" batch -q --resume "$T/v.link" "$T/v.jsonl"
refused "--resume of the input as stdin" "$T/v.jsonl" \
    "copydesk: $T/v.jsonl: the --resume file is the input file; nothing was changed" \
    sh -c '"$1" batch -q --resume "$2" - <"$2"' _ "$CD" "$T/v.jsonl"
# appending stdout to the input would read its own output back
refused "stdout appended to the input" "$T/v.jsonl" \
    "copydesk: $T/v.jsonl: standard output is the input file; nothing was written" \
    sh -c '"$1" batch -q "$2" >>"$2"' _ "$CD" "$T/v.jsonl"
# a file that is not copydesk's output, with and without a final newline
printf 'hello world\n' >"$T/hello"
refused "--resume of a foreign file" "$T/hello" \
    "copydesk: $T/hello: line 1 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/hello" "$T/mixed.jsonl"
printf 'hello world' >"$T/hello"
refused "--resume of a foreign file without a newline" "$T/hello" \
    "copydesk: $T/hello: line 1 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/hello" "$T/mixed.jsonl"
printf '{"id":"a","text":"The council approved the budget."}' >"$T/rec.json"
refused "--resume of a record without a newline" "$T/rec.json" \
    "copydesk: $T/rec.json: line 1 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/rec.json" "$T/mixed.jsonl"
# a copy of the input (records with ids, not packages)
cp "$T/in.jsonl" "$T/copy.jsonl"
refused "--resume of a copy of the input" "$T/copy.jsonl" \
    "copydesk: $T/copy.jsonl: line 1 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/copy.jsonl" "$T/in.jsonl"
# one bad line before the end of a real output file
{ head -3 "$T/ref.jsonl"; echo 'not a record'; sed -n '4,9p' "$T/ref.jsonl"; } >"$T/midbad.jsonl"
refused "--resume past a bad line" "$T/midbad.jsonl" \
    "copydesk: $T/midbad.jsonl: line 4 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/midbad.jsonl" "$T/in.jsonl"
# a blank line, and a cut last line that is not the start of an output line
{ head -3 "$T/ref.jsonl"; echo; sed -n '4,5p' "$T/ref.jsonl"; } >"$T/blank.jsonl"
refused "--resume past a blank line" "$T/blank.jsonl" \
    "copydesk: $T/blank.jsonl: line 4 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/blank.jsonl" "$T/in.jsonl"
{ head -3 "$T/ref.jsonl"; printf 'garbage'; } >"$T/tail.jsonl"
refused "--resume with a foreign last line" "$T/tail.jsonl" \
    "copydesk: $T/tail.jsonl: line 4 is not copydesk batch output; --resume changed nothing" \
    "$CD" batch -q --resume "$T/tail.jsonl" "$T/in.jsonl"
# a directory is not a file to resume
mkdir "$T/dir"
"$CD" batch -q --resume "$T/dir" "$T/mixed.jsonl" >/dev/null 2>"$T/err"
[ $? = 3 ] && [ "$(cat "$T/err")" = "copydesk: $T/dir: not a regular file; --resume needs one" ] \
    && ok || bad "--resume of a directory: $(cat "$T/err")"
# a missing input creates no output file
"$CD" batch -q --resume "$T/new.jsonl" "$T/none.jsonl" 2>/dev/null
[ $? = 3 ] && [ ! -e "$T/new.jsonl" ] && ok || bad "a missing input created the --resume file"

# ---- one writer per output file (issue 13, defect 2) ---------------------------
# flock(1) holds the lock while copydesk starts: it must refuse, not wait
head -c 2000 "$T/ref.jsonl" >"$T/c.out"
refused "--resume of a locked file" "$T/c.out" \
    "copydesk: $T/c.out: in use by another copydesk batch (locked); nothing was changed" \
    flock "$T/c.out" "$CD" batch -q --resume "$T/c.out" "$T/in.jsonl"
: >"$T/so.out"
refused "stdout to a locked file" "$T/so.out" \
    "copydesk: <stdout>: in use by another copydesk batch (locked); nothing was written" \
    flock "$T/so.out" sh -c '"$1" batch -q "$2" >>"$3"' _ "$CD" "$T/mixed.jsonl" "$T/so.out"
# two resumes at once: the first waits on a fifo for its input, holding the
# lock (opening the fifo's other end returns only once it has opened it,
# which it does after locking); the second, started then, is refused
mkfifo "$T/fifo"
"$CD" batch -q -j1 --resume "$T/c.out" "$T/fifo" 2>"$T/err1" &
first=$!
timeout 120 sh -c 'exec 3>"$1"; "$2" batch -q -j1 --resume "$3" "$4" 2>"$5"; echo $? >"$6"
                   cat "$4" >&3' _ "$T/fifo" "$CD" "$T/c.out" "$T/in.jsonl" "$T/err2" "$T/rc2"
wait "$first"
rc1=$?
if [ $rc1 = 0 ] && [ "$(cat "$T/rc2")" = 3 ] && grep -q "(locked)" "$T/err2" &&
    strict_jsonl "$T/c.out" && sorted_equal "$T/ref.jsonl" "$T/c.out"; then ok
else bad "two resumes at once: exit $rc1 and $(cat "$T/rc2"): $(cat "$T/err1" "$T/err2")"; fi

# ---- every output line is valid UTF-8 and JSON (issue 13, defect 3) -------------
body='"text":"The council approved the budget on Monday after a long debate."'
printf '{"id":"\377",%s}\n{"id":"a\tb",%s}\n{"id":01,%s}\n{"id":-1.,%s}\n{"id":"ok\\u00e9",%s}\n{"id":"nul",%s,"title":"a\000b"}\n' \
    "$body" "$body" "$body" "$body" "$body" "$body" >"$T/hostile.jsonl"
"$CD" batch -q -j2 --fields seo_titles "$T/hostile.jsonl" >"$T/hostile.out" 2>"$T/err"
[ $? = 0 ] && strict_jsonl "$T/hostile.out" && ok || bad "hostile ids: output not valid UTF-8 JSON: $(od -c "$T/hostile.out" | head -5)"
python3 - "$T/hostile.out" <<'EOF' && ok || bad "hostile ids: $(cat "$T/hostile.out")"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
want = [(None, 1, "the id is not valid UTF-8"),
        (None, 2, "the id holds a raw control character"),
        (None, 3, "the id is not a valid JSON number"),
        (None, 4, "the id is not a valid JSON number"),
        ("ok\u00e9", None, None),
        ("nul", None, "binary input (NUL byte at offset 94)")]
assert len(got) == len(want), len(got)
for o, (i, line, msg) in zip(got, want):
    assert o["id"] == i and o.get("line") == line, o
    if msg:
        assert o["error"] == {"message": msg, "code": 3}, o
    else:
        assert o["seo_titles"], o
EOF

# ---- limits apply to each record (issue 13, defect 8) ---------------------------
python3 - "$T/limit.jsonl" <<'EOF'
import json, sys
s = "The council approved the budget on Monday after a long debate. "
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "small", "text": s}) + "\n")
    f.write(json.dumps({"id": "big", "text": (s * 24)[:1500]}) + "\n")
    # a page over the limit whose article is under it: the article counts
    f.write(json.dumps({"id": "page", "html": "<!-- " + "x" * 2000 + " --><p>" + s * 12 + "</p>"}) + "\n")
EOF
"$CD" batch -q --max-bytes 1000 --fields seo_titles "$T/limit.jsonl" >"$T/limit.out" 2>"$T/err"
[ $? = 0 ] && [ "$(wc -l <"$T/limit.out")" = 3 ] && ok || bad "--max-bytes: exit status or line count"
sed -n 2p "$T/limit.out" | grep -qx '{"id":"big","error":{"message":"text is 1500 bytes, over the limit of 1000","code":4}}' \
    && ok || bad "batch --max-bytes: $(sed -n 2p "$T/limit.out" | head -c 300)"
sed -n 1p "$T/limit.out" | grep -q '^{"id":"small","seo_titles":\["' && sed -n 3p "$T/limit.out" | grep -q '^{"id":"page","seo_titles":\["' \
    && ok || bad "--max-bytes stopped records under it: $(cut -c1-80 "$T/limit.out")"
sed -n 2p "$T/limit.jsonl" >"$T/big.json"
"$CD" -q --format json --max-bytes 1000 "$T/big.json" >"$T/stdout" 2>"$T/err"
[ $? = 4 ] && [ "$(cat "$T/err")" = "copydesk: $T/big.json: text is 1500 bytes, over the limit of 1000" ] && [ ! -s "$T/stdout" ] \
    && ok || bad "a JSON record over --max-bytes: $(cat "$T/err")"

# ---- BOMs, trailing garbage, records given to plain copydesk (defect 9) ---------
printf '\357\273\277{"id":"bom",%s}\n{"id":"g",%s} garbage\n{"id":"h",%s}\n' "$body" "$body" "$body" >"$T/bom.jsonl"
"$CD" batch -q --fields seo_titles "$T/bom.jsonl" >"$T/bom.out"
[ $? = 0 ] && strict_jsonl "$T/bom.out" && ok || bad "BOM and garbage: not valid JSON lines"
sed -n 1p "$T/bom.out" | grep -q '^{"id":"bom","seo_titles":\["' && ok || bad "a BOM lost the first id: $(sed -n 1p "$T/bom.out")"
sed -n 2p "$T/bom.out" | grep -qx '{"id":"g","error":{"message":"text after the JSON object","code":3}}' \
    && ok || bad "trailing garbage accepted: $(sed -n 2p "$T/bom.out" | head -c 200)"
sed -n 3p "$T/bom.out" | grep -q '^{"id":"h","seo_titles":\["' && ok || bad "the record after the garbage: $(sed -n 3p "$T/bom.out")"
head -1 "$T/bom.jsonl" >"$T/bom1.json"
"$CD" -q --format json "$T/bom1.json" >"$T/stdout" 2>"$T/err"
[ $? = 0 ] && grep -q '^{"id":"bom","title":null,' "$T/stdout" && ok || bad "a BOM before one record: $(head -c 200 "$T/stdout") $(cat "$T/err")"
# every record of a JSON Lines file given to plain copydesk has its line;
# a line that is not a record is an error, never packaged as text
printf '\357\273\277{"id":"a",%s}\n{"id":"b",%s}\nThe mayor said the bridge would reopen in May after repairs.\n\n{"id":"c","title":"no body"}\n{"id":"d",%s}\n' \
    "$body" "$body" "$body" >"$T/plain.jsonl"
"$CD" -q --format json "$T/plain.jsonl" >"$T/plain.out" 2>"$T/err"
rc=$?
[ $rc = 3 ] && strict_jsonl "$T/plain.out" && ok || bad "plain JSON Lines: exit $rc or output not valid JSON lines"
python3 - "$T/plain.out" <<'EOF' && ok || bad "plain JSON Lines: $(cut -c1-120 "$T/plain.out")"
import json, sys
got = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert [o["id"] for o in got] == ["a", "b", None, "c", "d"], [o["id"] for o in got]
assert got[0]["seo_titles"] and got[1]["seo_titles"] and got[4]["seo_titles"]
assert got[2] == {"id": None, "line": 3, "error": {"message": "not a JSON object", "code": 3}}, got[2]
assert got[3] == {"id": "c", "line": 5, "error": {"message": "record has neither 'text' nor 'html'", "code": 3}}, got[3]
EOF
[ "$(cat "$T/err")" = "copydesk: $T/plain.jsonl:3: not a JSON object
copydesk: $T/plain.jsonl:5: record has neither 'text' nor 'html'" ] && ok || bad "plain JSON Lines stderr: $(cat "$T/err")"

# kill -9 at several moments, twice per run, then finish
midway=0
# The kills are aimed from this build's own times on this machine (a
# sanitizer's or valgrind's model load takes from a fifth of a second to
# seconds): the model load alone (a run over no records), then a whole
# run; each kill lands after the load and within the first half of the
# work, so that two kills of a round leave the output unfinished.
: >"$T/none.jsonl"
t0=$(date +%s.%N)
"$CD" batch -q -j2 "$T/none.jsonl" >/dev/null 2>&1
t1=$(date +%s.%N)
"$CD" batch -q -j2 "$T/in.jsonl" >/dev/null 2>&1
t2=$(date +%s.%N)
delays=$(awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    load = b - a; work = (c - b) - load; if (work < 0.05) work = 0.05
    printf "%.3f %.3f %.3f %.3f %.3f", load + work * 0.08, load + work * 0.16,
        load + work * 0.24, load + work * 0.32, load + work * 0.4 }')
for d in $delays; do
    rm -f "$T/k.jsonl"
    for k in 1 2; do
        "$CD" batch -q -j2 --resume "$T/k.jsonl" "$T/in.jsonl" &
        pid=$!
        sleep "$d"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    got=0
    [ -f "$T/k.jsonl" ] && got=$(wc -l <"$T/k.jsonl")
    [ "$got" -gt 0 ] && [ "$got" -lt "$n" ] && midway=$((midway + 1))
    "$CD" batch -q -j2 --resume "$T/k.jsonl" "$T/in.jsonl"
    rc=$?
    dup=$(cut -d, -f1 "$T/k.jsonl" | sort | uniq -d | wc -l)
    if [ $rc = 0 ] && [ "$dup" = 0 ] && sorted_equal "$T/ref.jsonl" "$T/k.jsonl"; then ok
    else bad "kill -9 after ${d}s: exit $rc, $dup duplicated ids, or packages differ"; fi
done
# the kills must have landed mid-run, or the test proves nothing
echo "batch: $midway of 5 kill rounds stopped a run midway"
[ "$midway" -ge 2 ] && ok || bad "only $midway of 5 kill rounds stopped a run midway"

# ---- GNU parallel: --pipe splits the stream over processes ---------------------
if command -v parallel >/dev/null 2>&1; then
    parallel --will-cite --pipe -k -N 5 -j 2 "$CD" batch -q -j1 <"$T/in.jsonl" \
        >"$T/par.jsonl" 2>"$T/err"
    [ $? = 0 ] && cmp -s "$T/ref.jsonl" "$T/par.jsonl" && ok || bad "GNU parallel output differs: $(head -3 "$T/err")"
else
    bad "GNU parallel not installed (make deps installs it): its test could not run"
fi

# ---- a million lines in constant memory ------------------------------------------
lines=1000000
[ "$asan" = 1 ] && lines=20000
lines=${BATCH_LINES:-$lines}
gen() {
    awk -v n="$1" 'BEGIN {
        a[0] = "The council approved the budget on Monday after a long debate. Taxes rise by 2% in April."
        a[1] = "Ferry crews returned to work on Tuesday after a four-day strike, the operator said."
        a[2] = "The museum will reopen in May after repairs to its roof, the city said on Friday."
        for (i = 1; i <= n; i++) printf "{\"id\":%d,\"text\":\"%s\"}\n", i, a[i % 3] }'
}
check_stream() { # N: ids 1..N in order, each once
    awk -v n="$1" -F'[:,]' '{ if ($2 != NR) { bad = 1; exit } } END { exit bad || NR != n }'
}
# stream N RSS_FILE: the stream through batch.  A pipeline's status is
# its last command's, so copydesk's own goes to $T/rc and is checked too.
stream() {
    echo none >"$T/rc"
    gen "$1" | { /usr/bin/time -f %M -o "$2" "$CD" batch -q -j2 --fields seo_titles -
                 echo $? >"$T/rc"; } | check_stream "$1" && [ "$(cat "$T/rc")" = 0 ]
}
if [ -x /usr/bin/time ]; then
    stream 20000 "$T/m1" && ok || bad "20,000-line stream (copydesk exit $(cat "$T/rc"))"
    stream "$lines" "$T/m2" && ok ||
        bad "$lines-line stream: lines lost, repeated or out of order, or exit $(cat "$T/rc")"
    m1=$(tail -1 "$T/m1") m2=$(tail -1 "$T/m2")
    echo "batch: peak RSS $m1 KB for 20,000 lines, $m2 KB for $lines lines"
    if [ "$asan" = 1 ]; then
        echo "batch: memory bound not checked under a sanitizer"
    elif [ "$m2" -le $((m1 + 8192)) ]; then ok
    else bad "memory grows with the input: $m1 KB -> $m2 KB"; fi
else
    bad "/usr/bin/time not installed (make deps installs it): memory not measured"
fi

echo "batch: $pass passed, $fail failed"
