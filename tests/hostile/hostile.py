#!/usr/bin/env python3
"""hostile.py - every output of copydesk is valid UTF-8, and JSON where
JSON is promised, whatever the input (issue 13).

    python3 tests/hostile/hostile.py PATH/TO/copydesk [SCALE]

Inputs are generated from a fixed seed: plain text, Markdown, HTML pages
(declared UTF-8, other charsets, unknown charsets; bad bytes in the body,
the title, attributes, meta tags and JSON-LD), JSON records and JSON Lines
(BOMs, \\u0000, raw NULs, bad bytes in ids and fields, trailing garbage,
cut surrogates), long multi-byte strings, and file names holding invalid
bytes.  SCALE N runs every Nth input (sanitizer and valgrind builds).

Each output is checked for:
  - utf8:  stdout, stderr, every file written and every HTTP response
           (status line, headers and body) decode as strict UTF-8;
  - json:  where JSON is promised (--format json, --stage analyze, extract
           --format json, check --format json, every batch and --dump
           line, every serve body but the page and /metrics) each document
           parses, holds no lone surrogate, and error bodies have the
           {"error":{"code","status","message"}} shape;
  - crash: no process ends by a signal or prints a sanitizer report;
  - hang:  every process and request finishes within its timeout.
Each failed check prints one line "FAIL hostile PATH: INPUT: CAUSE"; the
last line is "hostile: N passed, M failed".
"""
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

SEED = 1313
TIMEOUT = 60          # seconds for one process (generous: no timed test)
HTTP_TIMEOUT = 30     # seconds for one request

CD = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.abspath("copydesk")
SCALE = int(sys.argv[2]) if len(sys.argv) > 2 else 1
JOBS = max(2, min(4, os.cpu_count() or 2))

# ---- the article everything is built around ---------------------------------

SENTS = [
    "Harbour Bridge will close for three nights from Friday while crews replace "
    "240 metres of rail, the city council said on Tuesday.",
    "\u201cWe know this is disruptive, and we are sorry,\u201d said Mayor Ana Ruiz, who "
    "announced the works at a briefing.",
    "About 90,000 vehicles cross the bridge each day, according to the transport agency.",
    "Buses will run every 10 minutes on a detour through the tunnel, and ferries will "
    "add two late sailings.",
    "The last full closure, in 2019, lasted five nights and cost local traders an "
    "estimated $1.2 million.",
    "Council engineer Tom Baker said the rail was installed in 1974 and had reached "
    "the end of its life.",
    "Residents near the northern approach will be offered hotel rooms if the noise "
    "exceeds agreed limits.",
    "The works are part of a $45 million programme to extend the bridge's life by 30 years.",
    "Opposition councillor Mei Lin said the timing, during the school holidays, was "
    "\"the least bad option\".",
    "The bridge will reopen at 5am on Monday, weather permitting, the agency said.",
    "Cyclists and pedestrians can still use the eastern walkway, which stays open "
    "throughout the works.",
    "Traders on Quay Street said they expected takings to fall by a third over the weekend.",
]
TITLES = [
    "Harbour Bridge to close for three nights",
    "Bridge rail works shut city crossing",
    "Council says sorry for bridge closure",
]
OTHER_LANG = [
    "Die Br\u00fccke wird am Freitag f\u00fcr drei N\u00e4chte gesperrt, teilte die Stadt am "
    "Dienstag mit. Die Arbeiten kosten 45 Millionen Euro und sollen die Lebensdauer "
    "der Br\u00fccke um drei\u00dfig Jahre verl\u00e4ngern. B\u00fcrgermeisterin Ana Ruiz "
    "entschuldigte sich bei den Anwohnern.",
    "\u5e02\u8bae\u4f1a\u5468\u4e8c\u8868\u793a\uff0c\u6e2f\u53e3\u5927\u6865\u5c06\u4ece"
    "\u5468\u4e94\u8d77\u5173\u95ed\u4e09\u4e2a\u665a\u4e0a\u3002" * 8,
    "\u0642\u0627\u0644 \u0627\u0644\u0645\u062c\u0644\u0633 \u0625\u0646 \u0627\u0644\u062c"
    "\u0633\u0631 \u0633\u064a\u063a\u0644\u0642 \u062b\u0644\u0627\u062b \u0644\u064a\u0627"
    "\u0644. " * 10,
]

# ---- hostile pieces -----------------------------------------------------------

INVALID = [
    b"\xff", b"\xfe", b"\xc3\x28", b"\x80", b"\xbf", b"\xa6", b"\xc0\xaf",
    b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xed\xa0\xbd\xed\xb8\x80",
    b"\xf4\x90\x80\x80", b"\xf8\x88\x80\x80\x80", b"\xe2\x80", b"\xf0\x9f\x98",
    b"\xc3", b"\xe2\x82", b"\xff\xfe\xfd", b"\xc1\xbf", b"\xf5\x80\x80\x80",
]
BOMS = [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf"]
LONG = [
    "\u00e9" * 3000, "\U0001f600" * 700, "e\u0301" * 600, "\u4e2d\u6587" * 800,
    "\U0001d4b3" * 400, "\u00e9" * 130 + " " + "\u00e9" * 130, "\u2026" * 500,
    ("caf\u00e9 " * 600).strip(),
]
ODD = [
    "\u2026", "\u202e", "\u200d", "\ufeff", "\u2028", "\u2029", "\u0085", "\ufffd",
    "\U0010ffff", "\ufffe", "\uffff", "\x01", "\x1b[31m", "\x7f", "\x0b\x0c",
    "\u00a0", "\u3000", "\U0001f1ec\U0001f1e7", "\U0001f469\u200d\U0001f467", "\r",
    "\t", "\u201c", "\u2019", "\"", "\\", "</p>", "&#0;", "&#xD800;", "&#x110000;",
    "&#xFFFE;", "&#65533;", "&bogus;", "<!--", "]]>", "%ff", "\\u0000", "\\ud83d",
]


def piece(rng):
    """One hostile byte string."""
    r = rng.random()
    if r < 0.40:
        return rng.choice(INVALID)
    if r < 0.50:
        return b"\x00" * rng.choice([1, 1, 2, 40])
    if r < 0.58:
        return rng.choice(BOMS)
    if r < 0.68:
        return rng.choice(LONG).encode()
    if r < 0.75:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
    return rng.choice(ODD).encode()


def mutate(rng, data, n):
    """Insert n hostile pieces at random byte offsets (which may fall inside a
    multi-byte character), sometimes cut or overwrite a byte instead."""
    b = bytearray(data)
    for _ in range(n):
        pos = rng.randrange(len(b) + 1)
        r = rng.random()
        if r < 0.8 or not b:
            b[pos:pos] = piece(rng)
        elif r < 0.9:
            b[min(pos, len(b) - 1)] = rng.randrange(128, 256)
        else:
            del b[pos:]
    return bytes(b)


def cut_end(b):
    """Cut the last character in the middle when it is multi-byte."""
    return b[:-1] if b and b[-1] >= 0x80 else b


def paragraphs(rng, lo=4, hi=9):
    sents = rng.sample(SENTS, rng.randint(lo, hi))
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 2)
        paras.append(" ".join(sents[i:i + k]))
        i += k
    return paras


def jstr(b, rng=None):
    """A JSON string of raw bytes: quote, backslash and control bytes escaped,
    everything else (invalid UTF-8 included) raw.  With rng, a raw control
    byte or NUL (never a newline: records are lines) is sometimes left in."""
    out = bytearray(b'"')
    for c in b:
        if c in (0x22, 0x5c):
            out += b"\\" + bytes([c])
        elif c < 0x20 and (c == 0x0a or not (rng and rng.random() < 0.15)):
            out += b"\\u%04x" % c
        else:
            out.append(c)
    return bytes(out + b'"')


# ---- inputs -------------------------------------------------------------------

class Input:
    def __init__(self, name, kind, data):
        self.name, self.kind, self.data = name, kind, data
        self.fname = None      # bytes: the file name under the input folder

    def __repr__(self):
        d = self.data
        s = repr(d[:70])
        if len(d) > 70:
            s += "...(%d bytes)" % len(d)
        return "%s %s" % (self.name, s)


def text_input(rng, i):
    paras = paragraphs(rng)
    title = rng.choice(TITLES)
    v = i % 10
    if v == 0:      # a hostile title only
        title = mutate(rng, title.encode(), 2).decode("utf-8", "surrogateescape")
    body = ("%s\n\n%s\n" % (title, "\n\n".join(paras))).encode("utf-8", "surrogateescape")
    if v == 1:
        body = rng.choice(BOMS) + body
    elif v == 2:
        body = body.replace(b"\n", b"\r\n")
    elif v == 3:    # a long multi-byte paragraph, or title
        long = rng.choice(LONG).encode()
        body = (long + b"\n\n" + body) if rng.random() < 0.5 else body + b"\n" + long + b"\n"
    elif v == 4:    # ends inside a character
        body = cut_end(body.rstrip() + "\u2026".encode())
    elif v == 5:
        body = rng.choice(OTHER_LANG).encode()
        body = mutate(rng, body, rng.randint(0, 2))
    elif v == 6:    # every sentence ends in an ellipsis
        body = ("\n\n".join(p.replace(". ", "\u2026 ").rstrip(".") + "\u2026"
                            for p in paras)).encode()
    if v not in (4, 5, 6):
        body = mutate(rng, body, rng.choice([0, 1, 1, 2, 3, 6]))
    return Input("text#%d" % i, "text", body)


def markdown_input(rng, i):
    paras = paragraphs(rng)
    bits = ["# " + rng.choice(TITLES), ""]
    for k, p in enumerate(paras):
        r = k % 5
        if r == 1:
            p = "**%s** %s" % (p.split(" ")[0], " ".join(p.split(" ")[1:]))
        elif r == 2:
            p = "> " + p
        elif r == 3:
            p = "- " + p.replace(", ", "\n- ", 1)
        elif r == 4:
            p = p + " [More](http://example.org/%E9\u00e9) `code` <b>html</b>"
        bits += [p, ""]
    if i % 4 == 0:
        bits += ["```", "code \u00e9\U0001f600", "```", "", "| a | b |", "|---|---|",
                 "| \u00e9 | x |", ""]
    body = "\n".join(bits).encode()
    body = mutate(rng, body, rng.choice([1, 1, 2, 3, 5]))
    return Input("markdown#%d" % i, "markdown", body)


CHARSETS = [
    ("utf-8", "meta"), ("UTF-8", "http-equiv"), ("utf-8", "xml"), ("iso-8859-1", "meta"),
    ("windows-1252", "http-equiv"), ("shift_jis", "meta"), ("koi8-r", "meta"),
    ("utf-16", "meta"), ("x-unknown-charset", "meta"), ("\u00e9" * 60, "meta"),
    (b"\xff\xfe", "meta"), ("", "meta"), (None, None), ("utf-8", "both-latin1"),
    ("gb2312", "http-equiv"), ("utf-32", "xml"),
]


def html_input(rng, i):
    cs, how = CHARSETS[i % len(CHARSETS)]
    enc = "utf-8"
    if isinstance(cs, str):
        try:
            "x".encode(cs)
            if cs.lower() not in ("utf-16", "utf-32"):
                enc = cs   # the bytes really are in the declared charset
        except (LookupError, ValueError):
            pass
    csb = cs if isinstance(cs, bytes) else (cs or "").encode("utf-8")

    def E(s):
        return s.encode(enc, "replace") if isinstance(s, str) else s

    def H(s, n):
        """s with n hostile pieces, in the page's charset."""
        return mutate(rng, E(s), n)

    title = rng.choice(TITLES)
    where = rng.choice(["title", "meta", "attr", "body", "jsonld", "all", "all"])
    n = lambda part: rng.randint(1, 3) if where in (part, "all") else 0  # noqa: E731
    head = []
    if how == "xml":
        head.append(b'<?xml version="1.0" encoding="' + csb + b'"?>\n')
    head.append(b"<!DOCTYPE html><html lang=\"en\"><head>")
    if how == "meta":
        head.append(b'<meta charset="' + csb + b'">')
    elif how == "http-equiv":
        head.append(b'<meta http-equiv="Content-Type" content="text/html; charset=' + csb + b'">')
    elif how == "both-latin1":
        head.append(b'<meta charset="utf-8"><meta charset="iso-8859-1">')
    head.append(b"<title>" + H(title + " | Coast News", n("title")) + b"</title>")
    head.append(b'<meta name="description" content="' + H(SENTS[0], n("meta")) + b'">')
    head.append(b'<meta property="og:title" content="' + H(title, n("meta")) + b'">')
    head.append(b'<meta name="author" content="' + H("Jo Writer", n("meta")) + b'">')
    head.append(b'<meta property="og:site_name" content="' + H("Coast News", n("meta")) + b'">')
    if where in ("jsonld", "all") or i % 3 == 0:
        ld = (b'{"@type":"NewsArticle","headline":' + jstr(H(title, n("jsonld"))) +
              b',"author":{"name":' + jstr(H("Jo Writer", n("jsonld"))) +
              b'},"datePublished":"2024-05-0' + str(i % 9 + 1).encode() +
              b'","description":"\\ud83d cut \\u0000 nul"}')
        head.append(b'<script type="application/ld+json">' + ld + b"</script>")
    head.append(b"</head><body>")
    attr = H("story", n("attr"))
    body = [b'<article class="' + attr + b'" data-x="' + H("\u00e9", n("attr")) + b'">',
            b"<h1 " + H("id", n("attr")) + b'="h">' + H(title, n("title")) + b"</h1>"]
    for p in paragraphs(rng):
        body.append(b'<p title="' + H("t", n("attr")) + b'">' + H(p, n("body")) + b"</p>")
    if i % 5 == 0:
        body.append(b"<p>" + E(rng.choice(ODD) + " &#xD800; &#0; &#x110000; &eacute; "
                               "&nbsp;") + b"</p><!-- " + piece(rng) + b" -->")
    if i % 7 == 0:
        body.append(b"<p>" + rng.choice(LONG).encode(enc, "replace") + b"</p>")
    body.append(b"</article></body></html>")
    page = b"".join(head) + b"\n" + b"\n".join(body)
    if i % 11 == 0:
        page = rng.choice(BOMS) + page
    if i % 13 == 0:
        page = mutate(rng, page, 4)          # anywhere, markup included
    return Input("html#%d" % i, "html", page)


def record(rng, i, kind=None):
    """One JSON record as bytes."""
    r = rng.random()
    fields = []
    ids = [jstr(b"r-%d" % i), jstr(mutate(rng, b"r-%d" % i, 1)),
           jstr(("\u00e9" * 3000).encode()), b"%d" % i, b"null", b'"\\ud83d"',
           b'"\\udc00x"', b'"id\\u0000nul"', jstr(b"\xff"), b'{"a":1}', b'"\xef\xbb\xbfbom"']
    fields.append(b'"id":' + rng.choice(ids))
    paras = paragraphs(rng)
    text = "\n\n".join(paras).encode()
    how = kind if kind is not None else i % 8
    if how == 0:
        fields.append(b'"text":' + jstr(mutate(rng, text, rng.randint(1, 3)), rng))
    elif how == 1:
        fields.append(b'"text":' + jstr(text[:60]) [:-1] + b'\\u0000' + jstr(text[60:])[1:])
    elif how == 2:
        t = json.dumps(text.decode()).encode()
        fields.append(b'"text":' + t[:40] + rng.choice([b"\\ud83d", b"\\udc00", b"\\ud83d\\u0041",
                                                        b"\\uZZZZ", b"\\", b"\x00"]) + t[40:])
    elif how == 3:
        page = html_input(rng, i).data
        fields.append(b'"html":' + jstr(page))
    elif how == 4:
        fields.append(b'"text":' + jstr(text))
        fields.append(b'"title":' + jstr(mutate(rng, rng.choice(TITLES).encode(), 2)))
        fields.append(b'"url":' + jstr(b"http://example.org/\xff\xe9" + "\u00e9".encode() * 50))
        fields.append(b'"lang":' + rng.choice([jstr(b"en"), jstr(b"\xff"), jstr(b"de"),
                                               b'"\\u0000"', jstr(("\u00e9" * 40).encode())]))
    elif how == 5:   # wrong types and unknown fields
        fields.append(rng.choice([b'"text":5', b'"text":null', b'"text":["a"]',
                                  b'"html":{"x":1}', b'"text":""']))
        fields.append(jstr(b"unknown\xff" + "\u00e9".encode() * 100) + b":1")
    elif how == 6:
        fields.append(b'"text":' + jstr(text))
        fields.append(b'"text":' + jstr(rng.choice(LONG).encode()))   # a duplicate key
    else:
        fields.append(b'"text":' + jstr(rng.choice(OTHER_LANG).encode() + piece(rng)))
    rng.shuffle(fields)
    rec = b"{" + b",".join(fields) + b"}"
    if r < 0.12:
        rec = rng.choice(BOMS) + rec
    elif r < 0.22:
        rec += rng.choice([b"x", b" {}", b"\x00", b"}", b"]", b" \xff", b",", b"// c"])
    elif r < 0.27:
        rec = rec[:rng.randrange(len(rec))]   # cut short
    return rec


def json_input(rng, i):
    return Input("json#%d" % i, "json", record(rng, i))


def jsonl_input(rng, i):
    lines = [record(rng, i * 10 + k) for k in range(rng.randint(2, 5))]
    extra = [b"", b"not json \xff", b"\xef\xbb\xbf", b"\x00\x00", b"[1,2]", b"{}", b"   "]
    if i % 2:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(extra))
    if i % 3 == 0:
        lines[0] = b"\xef\xbb\xbf" + lines[0]
    sep = b"\r\n" if i % 4 == 0 else b"\n"
    return Input("jsonl#%d" % i, "jsonl", sep.join(lines) + sep)


def edge_inputs():
    art = "\n\n".join(SENTS[:6])
    return [
        b"", b"\x00", b"\xff" * 100, b"\xef\xbb\xbf", b"\xef\xbb\xbf" * 3 + art.encode(),
        b"\xff\xfe" + art.encode("utf-16-le"), b"\xfe\xff" + art.encode("utf-16-be"),
        art.encode("utf-32"), b"<", b"{", b'{"text":', b'{"text":"\\u0000"}',
        ("\u00e9" * 3000).encode(), ("e" + "\u0301" * 3000).encode(),
        ("\U0001f600 " * 500).encode(), art.encode() + b"\x00" + art.encode(),
        ("Title \u00e9\n\n" + art).encode()[:-1] + b"\xe2\x80",
        b"<html><body><p>" + b"\xc3\x28 " * 400 + b"</p></body></html>",
        b"<html><head><meta charset=utf-8><title>Smith \xc3\x28</title></head><body><p>"
        + art.encode() + b"</p></body></html>",
        b"<html><head><meta charset=utf-8></head><body><p>Smith said \xc3\x28 ok. "
        + art.encode() + b"</p></body></html>",
        b"<html>" + b"<div>" * 300 + art.encode() + b"</html>",
        bytes(range(256)) * 4,
    ]


def hostile_name(rng, i, ext):
    parts = [b"\xff\xfe", "\u00e9".encode() * 100, "\U0001f600".encode() * 40, b"\xc3",
             b"a\nb", b"\x1b[31m", b'q"uote', b"back\\slash", b"tab\t", b"\xed\xa0\x80",
             "\u00e9".encode() * 120 + b"\xc3", b"-", b" lead", b"%ff", b"\x7f"]
    stem = b"in%03d-" % i + rng.choice(parts)
    return stem[:240] + ext


def make_inputs():
    rng = random.Random(SEED)
    ins = []
    for i in range(60):
        ins.append(text_input(rng, i))
    for i in range(30):
        ins.append(markdown_input(rng, i))
    for i in range(96):
        ins.append(html_input(rng, i))
    for i in range(64):
        ins.append(json_input(rng, i))
    for i in range(30):
        ins.append(jsonl_input(rng, i))
    for i, d in enumerate(edge_inputs()):
        ins.append(Input("edge#%d" % i, "edge", d))
    ext = {"text": b".txt", "markdown": b".md", "html": b".html", "json": b".json",
           "jsonl": b".jsonl", "edge": b".in"}
    for i, x in enumerate(ins):
        if i % 3 == 0:
            x.fname = hostile_name(rng, i, ext[x.kind])
        else:
            x.fname = b"in%03d" % i + ext[x.kind]
    # every SCALEth, chosen from the same generated list so a small run is a
    # subset of the full one
    return ins[::SCALE]


# ---- checking -----------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.passed = 0
        self.fails = []   # (order key, line)

    def ok(self):
        with self.lock:
            self.passed += 1

    def bad(self, key, path, who, cause):
        line = "FAIL hostile %s: %s: %s" % (path, who, cause)
        if TMP:
            line = line.replace(TMP, "T")   # the same lines from run to run
        line = re.sub(r"Date: [A-Za-z0-9 ,:]+ GMT", "Date: -", line)
        with self.lock:
            self.fails.append((key, line))


T = Tally()
TMP = ""


def reject_constant(c):
    raise ValueError("not JSON: " + c)


DEC = json.JSONDecoder(parse_constant=reject_constant)


def utf8_error(b):
    """None, or where b stops being UTF-8."""
    try:
        b.decode("utf-8")
        return None
    except UnicodeDecodeError as e:
        return "invalid UTF-8 at byte %d: %r" % (e.start, b[max(0, e.start - 20):e.start + 8])


def surrogate(v):
    if isinstance(v, str):
        return any("\ud800" <= ch <= "\udfff" for ch in v)
    if isinstance(v, list):
        return any(surrogate(x) for x in v)
    if isinstance(v, dict):
        return any(surrogate(k) or surrogate(x) for k, x in v.items())
    return False


def json_error(s, lines=False):
    """None, or why s (str) is not JSON: one document, or with lines=True one
    document per non-blank line."""
    docs = []
    try:
        docs = [DEC.decode(s)]
    except ValueError as e:
        if not lines:
            return "not JSON (%s): %r" % (e, s[:120])
        for k, line in enumerate(s.split("\n")):
            if line.strip():
                try:
                    docs.append(DEC.decode(line))
                except ValueError as e2:
                    return "line %d is not JSON (%s): %r" % (k + 1, e2, line[:120])
    for d in docs:
        if surrogate(d):
            return "JSON holds a lone surrogate: %r" % s[:120]
    return None


def check_stream(key, path, who, name, b, want_json=False, lines=False, status=0):
    """utf8 (and json) of one output stream."""
    err = utf8_error(b)
    if err:
        T.bad(key, path, who, "%s %s" % (name, err))
        return
    T.ok()
    if want_json:
        s = b.decode()
        if not s.strip():
            if status == 0:
                T.bad(key, path, who, "%s is empty, exit 0" % name)
            else:
                T.ok()
            return
        err = json_error(s, lines)
        if err:
            T.bad(key, path, who, "%s %s" % (name, err))
        else:
            T.ok()


# a sanitizer's report, or valgrind's (its lines start "==PID== ")
SAN = re.compile(rb"(Address|Leak|Thread|Undefined|Memory)Sanitizer|runtime error: |"
                 rb"(^|\n)==[0-9]+== ")


def run(key, path, who, args, stdin=b"", want_json=False, lines=False, files=(),
        check_out=True):
    """Run copydesk with args; check stdout, stderr and the files it wrote.
    Returns (status, stdout) or None when it crashed or hung."""
    try:
        p = subprocess.run([CD] + list(args), input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        T.bad(key, path, who, "hang: no exit within %d s" % TIMEOUT)
        return None
    if p.returncode < 0:
        T.bad(key, path, who, "crash: killed by signal %d" % -p.returncode)
        return None
    if SAN.search(p.stderr):
        line = [x for x in p.stderr.split(b"\n") if SAN.search(x)][0]
        T.bad(key, path, who, "crash: sanitizer: %r" % line[:200])
        return None
    T.ok()
    if check_out:       # else the caller checks each line
        check_stream(key, path, who, "stdout", p.stdout, want_json, lines, p.returncode)
    check_stream(key, path, who, "stderr", p.stderr)
    for f in files:
        if os.path.exists(f):
            with open(f, "rb") as fh:
                check_stream(key, path, who, os.path.basename(f), fh.read(), True, True)
    return p.returncode, p.stdout


def line_names(out, names):
    """For JSON Lines output in input order: a name per line."""
    return [names[k] if k < len(names) else "line %d" % (k + 1) for k in range(len(out))]


def check_lines(key, path, lines, names):
    """One utf8 and one json check per output line, named by its input."""
    for k, line in enumerate(lines):
        who = names[k] if k < len(names) else "output line %d" % (k + 1)
        err = utf8_error(line)
        if err:
            T.bad(key, path, who, err)
            continue
        err = json_error(line.decode())
        if err:
            T.bad(key, path, who, err)
        else:
            T.ok()


# ---- the command's paths ----------------------------------------------------------

GEN_VARIANTS = [
    ["--format", "text"],
    ["--stage", "analyze"],
    ["--format", "json", "--explain"],
    ["--format", "text", "--explain"],
    ["--format", "json", "--case", "title", "--quotes", "curly", "--headlines", "2"],
    ["--format", "json", "--input", "text"],
    ["--format", "json", "--input", "html"],
    ["--format", "json", "--input", "json"],
    ["--format", "text", "--input", "markdown", "--quotes", "straight"],
    ["--format", "json", "--max-bytes", "300", "--max-page-bytes", "2000"],
    ["--format", "json", "--headlines", "0", "--ledes", "0", "--seo", "0", "--meta", "0"],
    ["--format", "json", "--lang", "en", "--seo-max-chars", "10", "--meta-max-chars", "21"],
]
JSON_OUT = lambda a: "json" in a or "analyze" in a  # noqa: E731


def candidates(rng, x):
    """Hostile candidates for check: (option, text) pairs, no NULs (argv)."""
    s = rng.choice(SENTS)
    head = rng.choice(TITLES)
    c = [("--headline", head.encode()),
         ("--meta", (s[:150].rsplit(" ", 1)[0] + "\u2026").encode()),
         ("--lede", s.encode()),
         ("--seo-title", mutate(rng, head.encode(), 2)),
         ("--headline", ("\u00e9" * 3000).encode()),
         ("--meta", mutate(rng, s.encode(), 3)),
         ("--headline", ("\u201c" + head + "\u201d says Ruiz \U0001f600").encode()),
         ("--lede", cut_end(s.encode() + "\u2026".encode())),
         ("--seo-title", b"\xef\xbb\xbf" + head.encode()),
         ("--meta", ("\u00e9" * 155 + "\u2026").encode())]
    rng.shuffle(c)
    return [(o, t.replace(b"\x00", b"")) for o, t in c[:rng.randint(2, 6)] if t.replace(b"\x00", b"")]


def package_file(rng, d, i):
    """A --package file: JSON shape or text layout, hostile either way."""
    t = rng.choice(TITLES).encode()
    s = rng.choice(SENTS).encode()
    v = i % 6
    if v == 0:
        b = (b'{"headlines":[' + jstr(mutate(rng, t, 2)) + b',{"text":' + jstr(t) +
             b'}],"ledes":[' + jstr(s) + b'],"meta_descriptions":[' +
             jstr(s[:140] + "\u2026".encode()) + b"]}")
    elif v == 1:
        b = b'\xef\xbb\xbf{"headlines":["\\u0000x","\\ud83d",' + jstr(("\u00e9" * 3000).encode()) + b"]}"
    elif v == 2:
        b = (b"Alternative Headlines:\n- " + mutate(rng, t, 2) + b"\n- \xff\n\nMeta Descriptions:\n- "
             + s + b"\xe2\x80\n")
    elif v == 3:
        b = b'{"headlines":5,"ledes":[1,null,{}]}' + b" trailing \xff"
    elif v == 4:
        b = b"{\"headlines\":[" + jstr(t) + b"]"   # cut short
    else:
        b = b""
    p = os.path.join(d, b"pkg%03d-\xff.json" % i if i % 2 else b"pkg%03d.json" % i)
    with open(p, "wb") as f:
        f.write(b)
    return p


def cli_cases(ins, d):
    """Per-input processes: generate, check and single-file extract."""
    rng = random.Random(SEED + 1)
    jobs = []
    for i, x in enumerate(ins):
        f = os.path.join(d, x.fname)
        lines = x.kind == "jsonl"
        jobs.append((i, "generate --format json", x, ["--format", "json", f], b"", True, lines))
        a = GEN_VARIANTS[i % len(GEN_VARIANTS)]
        if i % 9 == 4:    # through stdin instead of a file
            jobs.append((i, "generate " + " ".join(a) + " -", x, a + ["-"], x.data,
                         JSON_OUT(a), True))
        else:
            jobs.append((i, "generate " + " ".join(a), x, a + [f], b"", JSON_OUT(a), True))
        fmt = "json" if i % 2 == 0 else "text"
        xa = ["extract", "--format", fmt] + (["--input", ["html", "text", "json"][i % 3]]
                                             if i % 4 == 1 else [])
        jobs.append((i, " ".join(xa), x, xa + [f], b"", fmt == "json", False))
        if x.kind in ("text", "markdown", "html", "json", "edge") and i % 2 == 0:
            fmt = "json" if i % 4 == 0 else "text"
            ca = ["check", f, "--format", fmt]
            if i % 3 == 0:
                ca += ["--package", package_file(rng, d, i)]
            else:
                for o, t in candidates(rng, x):
                    ca += [o, t]
            jobs.append((i, "check --format %s%s" % (fmt, " --package" if "--package" in ca
                                                    else " --headline/--lede/..."),
                         x, ca, b"", fmt == "json", False))
    return jobs


def usage_cases(d):
    """Hostile option values and file names: the usage and I/O errors."""
    missing = os.path.join(d, b"missing-\xff\xfe-" + "\u00e9".encode() * 100)
    dirname = os.path.join(d, b"dir-\xc3")
    os.makedirs(dirname, exist_ok=True)
    ok = os.path.join(d, b"ok.txt")
    with open(ok, "wb") as f:
        f.write(("\n\n".join(SENTS)).encode())
    cs = [
        ["--format", b"\xff"], ["--input", b"\xe9" + "\u00e9".encode() * 200],
        ["--lang", b"\xff"], ["--lang", "\u00e9" * 10], ["--case", b"t\xc3"],
        [b"--\xff"], [b"-\xff"], ["--headlines", b"1\xff"], ["--max-bytes", b"\xed\xa0\x80"],
        [missing], [dirname], ["--format", "json", missing], ["extract", missing, dirname],
        ["extract", "--format", "json", missing], ["check", missing, "--headline", "x"],
        ["check", ok, "--package", missing], ["check", ok, "--headline", b"\xff\xfe"],
        ["check", ok, "--format", "json", "--headline", b"\xc3", "--meta", b"\xe2\x80"],
        ["check", ok, b"--h\xffeadline", "x"], ["batch", missing], ["batch", "--fields", b"\xff"],
        ["batch", "--resume", b"out-\xff/" + "\u00e9".encode() * 100, ok], ["batch", "--jobs", b"\xff", ok],
        ["eval", missing], ["eval", "--dump", os.path.join(missing, b"x"), ok],
        ["serve", "--host", b"\xff"], ["serve", "--port", b"\xff"], [b"\xffcmd"],
        ["--engine", b"\xff"], ["--endpoint", b"http://\xff/"], [ok, ok],
        ["extract", "--format", "json", ok, missing, ok],
    ]
    jobs = []
    for k, c in enumerate(cs):
        b = [a if isinstance(a, bytes) else a.encode() for a in c]
        label = " ".join(a.decode("utf-8", "backslashreplace")[:50] for a in b)
        jobs.append((10000 + k, "usage " + label, Input("args#%d" % k, "args", b" ".join(b)),
                     c, b"", "json" in c, True))
    return jobs


def run_job(job):
    key, path, x, args, stdin, want_json, lines = job
    run(key, path, repr(x), args, stdin, want_json, lines)


def multi_extract(ins, d):
    """extract over many files at once: JSON Lines naming each file."""
    files = [os.path.join(d, x.fname) for x in ins]
    for fmt in ("json", "text"):
        for start in range(0, len(files), 60):
            chunk = files[start:start + 60]
            key = 20000 + start + (0 if fmt == "json" else 5000)
            path = "extract --format %s FILE...(%d files from #%d)" % (fmt, len(chunk), start)
            r = run(key, path, "files %d-%d" % (start, start + len(chunk) - 1),
                    ["extract", "--format", fmt] + chunk, check_out=fmt != "json")
            if r is None or fmt != "json":
                continue
            # each line names its file: find which input it came from
            byname = {x.fname: x for x in ins}
            for k, line in enumerate(r[1].split(b"\n")):
                if not line:
                    continue
                who = "output line %d" % (k + 1)
                m = re.match(rb'\{"file":"((?:[^"\\]|\\.)*)"', line)
                if m:
                    nm = os.path.basename(m.group(1).replace(b'\\"', b'"').replace(b"\\\\", b"\\"))
                    for fn, x in byname.items():
                        if bytes(c for c in fn if c >= 0x20) == nm:
                            who = repr(x)
                err = utf8_error(line) or json_error(line.decode())
                if err:
                    T.bad(key, path, who, err)
                else:
                    T.ok()


def batch_input(ins):
    """Every input as batch records: JSON inputs as they are (one line each),
    the rest wrapped as {"id","text"} or {"id","html"} records."""
    rng = random.Random(SEED + 2)
    lines, names = [], []
    for x in ins:
        if x.kind in ("json", "jsonl"):
            for ln in x.data.split(b"\n"):
                if ln.strip(b" \r\t"):
                    lines.append(ln)
                    names.append("%s line %r" % (x.name, ln[:60]))
            continue
        field = b"html" if x.kind == "html" or x.data.startswith(b"<") else b"text"
        rid = jstr(x.name.encode() + (piece(rng) if rng.random() < 0.3 else b""))
        if rng.random() < 0.5:
            body = jstr(x.data, rng)           # raw bytes, invalid ones included
        else:                                  # escaped, invalid bytes as lone surrogates
            body = json.dumps(x.data.decode("utf-8", "surrogateescape")).encode()
        lines.append(b'{"id":' + rid + b',"' + field + b'":' + body + b"}")
        names.append(repr(x) + " as a record")
    # lines that are not records at all
    for k, ln in enumerate([b"\xff\xfe", b"\xef\xbb\xbf{\"id\":\"bom\",\"text\":\"x\"}",
                            b"{\"id\":\"\xff\",\"text\":5}", b"[]", b"\x00{}",
                            b"{\"id\":\"g\",\"text\":\"" + "\u00e9".encode() * 3000 + b"\"} junk",
                            b"{\"id\":" + jstr("\u00e9".encode() * 3000) + b"}",
                            b"{\"id\":\"t\",\"text\":\"a\"}{\"id\":\"u\"}"]):
        lines.append(ln)
        names.append("batch-line#%d %r" % (k, ln[:60]))
    return lines, names


def batch_cases(ins, d):
    lines, names = batch_input(ins)
    inp = os.path.join(d, b"batch-in.jsonl")
    with open(inp, "wb") as f:
        f.write(b"\n".join(lines) + b"\n")
    for key, path, args, stdin in [
            (30000, "batch -j2", ["batch", "-j2", inp], b""),
            (30001, "batch -j1 --fields headlines,meta_descriptions -",
             ["batch", "-j1", "--fields", "headlines,meta_descriptions", "-"],
             b"\n".join(lines) + b"\n"),
            (30002, "batch --baseline --progress", ["batch", "--baseline", "--progress", inp], b"")]:
        r = run(key, path, "%d records" % len(lines), args, stdin, check_out=False)
        if r is not None:
            out = r[1].split(b"\n")
            if out and out[-1] == b"":
                out.pop()
            check_lines(key, path, out, names)
    # --resume into a fresh file: what it appends
    outp = os.path.join(d, b"batch-out-\xff.jsonl")
    r = run(30003, "batch --resume OUT", "%d records" % len(lines),
            ["batch", "-q", "--resume", outp, inp], check_out=False)
    if r is not None and os.path.exists(outp):
        with open(outp, "rb") as f:
            out = f.read().split(b"\n")
        if out and out[-1] == b"":
            out.pop()
        check_lines(30003, "batch --resume OUT (the file)", out, names)


def eval_cases(ins, d):
    """eval --dump over rows built from the inputs (text, and pages by path)."""
    rng = random.Random(SEED + 3)
    rows = []
    for x in ins:
        if x.kind in ("json", "jsonl"):
            continue
        t = rng.choice(TITLES).encode()
        s = rng.choice(SENTS).encode()
        f = [b'"id":' + jstr(x.name.encode() + (piece(rng) if rng.random() < 0.3 else b"")),
             b'"title":' + jstr(mutate(rng, t, rng.randint(0, 2))),
             b'"description":' + jstr(mutate(rng, s, rng.randint(0, 1))),
             b'"lede":' + jstr(s), b'"text":' + jstr(x.data, rng)]
        if rng.random() < 0.3:
            f.append(b'"seo_title":' + jstr(rng.choice(LONG).encode()))
        if rng.random() < 0.2:
            f.append(b'"lang":' + rng.choice([jstr(b"en"), jstr(b"\xff"), b'"\\u0000"']))
        if x.kind == "html":
            f.append(b'"html_path":' + jstr(x.fname))
        rows.append(b"{" + b",".join(f) + b"}")
    rows += [b"not json \xff", b"\xef\xbb\xbf{\"id\":\"bom\",\"title\":\"x\",\"text\":\"y\"}",
             b'{"id":"p","title":"t","text":"x","html_path":' + jstr(b"missing-\xff.html") + b"}"]
    setp = os.path.join(d, b"set-\xe9.jsonl")
    with open(setp, "wb") as f:
        f.write(b"\n".join(rows) + b"\n")
    for key, path, args in [(40000, "eval --dump", ["--dump"]),
                            (40001, "eval --html --dump", ["--html", "--dump"])]:
        dump = os.path.join(d, b"dump%d-\xff.jsonl" % key)
        run(key, path, "%d rows" % len(rows), ["eval"] + args + [dump, setp], files=[dump])


# ---- serve --------------------------------------------------------------------------

def http(port, raw, timeout=HTTP_TIMEOUT):
    """Send raw bytes, read until the server closes.  (data, None) or (data,
    'hang') when it stopped answering within the timeout."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    t0 = time.monotonic()
    data = b""
    try:
        try:
            s.sendall(raw)
        except OSError:
            pass          # it may answer and close before reading it all
        while True:
            if time.monotonic() - t0 > timeout:
                return data, "hang"
            try:
                b = s.recv(65536)
            except socket.timeout:
                return data, "hang"
            except OSError:
                break
            if not b:
                break
            data += b
    finally:
        s.close()
    return data, None


def parse_response(data, head_req):
    """(status, headers, body, rest) of the first response, or None."""
    i = data.find(b"\r\n\r\n")
    if i < 0:
        return None
    head, rest = data[:i], data[i + 4:]
    lines = head.split(b"\r\n")
    m = re.match(rb"HTTP/1\.[01] (\d{3})", lines[0])
    if not m:
        return None
    hdrs = {}
    for ln in lines[1:]:
        k, _, v = ln.partition(b":")
        hdrs.setdefault(k.strip().lower(), []).append(v.strip())
    status = int(m.group(1))
    if head_req or status in (204, 304):
        return status, hdrs, b"", rest
    if b"chunked" in b",".join(hdrs.get(b"transfer-encoding", [])).lower():
        body = b""
        while True:
            j = rest.find(b"\r\n")
            if j < 0:
                return status, hdrs, body, b""
            try:
                n = int(rest[:j].split(b";")[0], 16)
            except ValueError:
                return status, hdrs, body, rest
            rest = rest[j + 2:]
            if n == 0:
                rest = rest[rest.find(b"\r\n\r\n") + 4:] if b"\r\n\r\n" in rest else b""
                return status, hdrs, body, rest
            body += rest[:n]
            rest = rest[n + 2:]
    if b"content-length" in hdrs:
        n = int(hdrs[b"content-length"][0])
        return status, hdrs, rest[:n], rest[n:]
    return status, hdrs, rest, b""


PAGES = (b"/", b"/app.js", b"/app.css")


def request(method, target, headers=(), body=b"", cl=True, host=True):
    r = method + b" " + target + b" HTTP/1.1\r\n"
    if host:
        r += b"Host: 127.0.0.1\r\n"
    r += b"Connection: close\r\n"
    for k, v in headers:
        r += k + b": " + v + b"\r\n"
    if cl and body is not None:
        r += b"Content-Length: %d\r\n" % len(body)
    return r + b"\r\n" + (body or b"")


def serve_job(port, key, path, who, raw, method=b"", target=b"", silent_ok=False):
    """One request: answered, in time, in UTF-8, with a JSON body where one is
    promised.  silent_ok: bytes that are not HTTP at all may be dropped
    without an answer."""
    data, hang = http(port, raw)
    if silent_ok and not data and not hang:
        T.ok()
        return
    if hang:
        T.bad(key, path, who, "hang: no complete answer within %d s (got %r)" %
              (HTTP_TIMEOUT, data[:80]))
        return
    if not data:
        T.bad(key, path, who, "no response: the connection closed without an answer")
        return
    T.ok()
    err = utf8_error(data)
    if err:
        T.bad(key, path, who, "response " + err)
    else:
        T.ok()
    r = parse_response(data, method == b"HEAD")
    if r is None:
        T.bad(key, path, who, "not an HTTP response: %r" % data[:120])
        return
    status, hdrs, body, rest = r
    if rest.strip():
        T.bad(key, path, who, "%d bytes after the response: %r" % (len(rest), rest[:80]))
    tpath = target.split(b"?")[0]
    if method == b"HEAD" or (status == 200 and (tpath in PAGES or tpath == b"/metrics")):
        return        # a page, the metrics text or no body: UTF-8 was enough
    try:
        s = body.decode("utf-8")
    except UnicodeDecodeError:
        return        # counted above
    err = json_error(s)
    if err:
        T.bad(key, path, who, "%d body %s" % (status, err))
        return
    if status >= 400:
        e = DEC.decode(s)
        e = e.get("error") if isinstance(e, dict) else None
        if not (isinstance(e, dict) and e.get("code") == status and
                isinstance(e.get("status"), str) and isinstance(e.get("message"), str)):
            T.bad(key, path, who, "%d error body is not {\"error\":{code,status,message}}: %r"
                  % (status, s[:120]))
            return
    T.ok()


CTYPES = {"text": [b"text/plain", b"text/plain; charset=utf-8", None],
          "markdown": [b"text/markdown", b"text/x-markdown; charset=UTF-8"],
          "html": [b"text/html", b"text/html; charset=windows-1252", b"text/html; charset=\xff",
                   b"text/html; charset=\"x-\xc3\"", b"application/xhtml+xml"],
          "json": [b"application/json", b"application/json; charset=utf-8", None],
          "jsonl": [b"application/json"],
          "edge": [None, b"application/octet-stream", b"text/plain"]}
QUERIES = [b"", b"", b"?headlines=2&case=title", b"?%ff=1", b"?headlines=%ff",
           b"?lang=%ff", b"?lang=" + b"%C3%A9" * 40, b"?" + b"%C3%A9" * 3000 + b"=1",
           b"?input=html", b"?input=text&quotes=curly", b"?headlines=0&ledes=0&seo=0&meta=0",
           b"?case=\xff", b"?quotes=%E9", b"?seo_max_px=nan", b"?meta_max_chars=%00"]


def serve_cases(ins, d):
    rng = random.Random(SEED + 4)
    reqs = []   # (key, path, who, raw, method, target[, silent_ok])

    def add(key, path, who, method, target, headers=(), body=b"", **kw):
        reqs.append((key, path, who, request(method, target, headers, body, **kw), method, target))

    for i, x in enumerate(ins):
        ct = rng.choice(CTYPES[x.kind])
        q = QUERIES[i % len(QUERIES)]
        hs = [(b"Content-Type", ct)] if ct is not None else []
        for ep in (b"/v1/package", b"/v1/extract"):
            add(50000 + i * 4 + (ep == b"/v1/extract"),
                "serve POST %s%s ct=%r" % (ep.decode(), q.decode("utf-8", "replace")[:40], ct),
                repr(x), b"POST", ep + q, hs, x.data)
        if i % 2 == 0:
            cands = [jstr(t) for _, t in candidates(rng, x)]
            art = (x.data if x.kind in ("json",) and x.data.lstrip().startswith(b"{")
                   else jstr(x.data, rng))
            fields = [b'"article":' + art, b'"headlines":[' + b",".join(cands[:2]) + b"]",
                      b'"meta_descriptions":[' + b",".join(cands[2:]) + b"]"]
            if i % 6 == 0:
                fields.append(jstr(b"field-" + rng.choice([b"\xff", "\u00e9".encode() * 3000,
                                                           b"\\u0000", b"\xc3"])) + b":[]")
            if i % 10 == 0:
                fields.append(b'"ledes":' + rng.choice([b"5", b'["\\ud83d"]', b"[null]"]))
            body = b"{" + b",".join(fields) + b"}"
            add(50000 + i * 4 + 2, "serve POST /v1/check%s" % q.decode("utf-8", "replace")[:40],
                repr(x), b"POST", b"/v1/check" + q, [(b"Content-Type", b"application/json")], body)
        if i % 3 == 0:
            t = mutate(rng, rng.choice(TITLES).encode(), rng.randint(0, 3))
            dsc = cut_end(rng.choice(SENTS).encode() + rng.choice(LONG).encode()[:301])
            body = rng.choice([b'{"title":' + jstr(t) + b',"description":' + jstr(dsc, rng) + b"}",
                               b'{"title":"\\ud83d\\u0000","extra\xff":1}', jstr(t),
                               b'{"description":' + jstr(x.data[:400], rng) + b"}"])
            add(50000 + i * 4 + 3, "serve POST /v1/serp", repr(x), b"POST", b"/v1/serp",
                [(b"Content-Type", b"application/json")], body)

    art = "\n\n".join(SENTS).encode()
    big_e = "\u00e9".encode() * 3000
    fixed = [
        (b"GET", b"/healthz", [], None), (b"HEAD", b"/healthz", [], None),
        (b"GET", b"/", [], None), (b"GET", b"/app.js", [], None), (b"GET", b"/app.css", [], None),
        (b"HEAD", b"/", [], None), (b"POST", b"/", [], b"x"), (b"POST", b"/healthz", [], b"x"),
        (b"GET", b"/%ff", [], None), (b"GET", b"/\xff\xfe", [], None),
        (b"GET", b"/" + "\u00e9".encode() * 90 + b"\xc3", [], None),
        (b"GET", b"/" + b"%C3%A9" * 3000, [], None), (b"GET", b"/" + big_e, [], None),
        (b"GET", b"/v1/package%00x", [], None), (b"GET", b"/v1/package", [], None),
        (b"G\xffT", b"/v1/package", [], None), (b"G\xc3T", b"/healthz", [], None),
        (b"\xe9" * 30, b"/v1/check", [], None), (b"DELETE", b"/v1/serp", [], None),
        (b"PUT", b"/v1/extract", [], b"x"), (b"OPTIONS", b"*", [], None),
        (b"get", b"/healthz", [], None), (b"GET", b"http://127.0.0.1/healthz", [], None),
        (b"GET", b"/healthz?%ff=\xff", [], None), (b"GET", b"/healthz#\xff", [], None),
        (b"GET", b"//healthz", [], None), (b"GET", b"/metrics", [], None),
        (b"POST", b"/v1/package", [(b"Content-Type", b"text/plain; charset=\xff")], art),
        (b"POST", b"/v1/package", [(b"Content-Type", b"text/plain; charset=" +
                                    "\u00e9".encode() * 100)], art),
        (b"POST", b"/v1/package", [(b"Content-Type", b"text/plain; charset=latin1")], art),
        (b"POST", b"/v1/package", [(b"Content-Type", b"\xff/\xfe")], art),
        (b"POST", b"/v1/package", [(b"Content-Type", "\u00e9".encode() * 200)], art),
        (b"POST", b"/v1/package", [(b"Content-Type", b"text/html; charset=shift_jis")],
         b"<p>" + art + b"</p>"),
        (b"POST", b"/v1/package", [(b"X-\xff", b"\xff\xfe")], art),
        (b"POST", b"/v1/package", [(b"Content-Type", b"text/plain\x00x")], art),
        (b"POST", b"/v1/package", [(b"Content-Length", b"-1")], None),
        (b"POST", b"/v1/package", [(b"Content-Length", b"99999999999999999999999")], None),
        (b"POST", b"/v1/package", [(b"Content-Length", b"\xff")], None),
        (b"POST", b"/v1/package", [(b"Content-Length", b"5"), (b"Content-Length", b"7")],
         b"hello"),
        (b"POST", b"/v1/package", [(b"Transfer-Encoding", b"chunked")], b"zz\r\nab\r\n0\r\n\r\n"),
        (b"POST", b"/v1/package", [(b"Transfer-Encoding", b"chunked")],
         b"5\r\n\xff\xfe\xc3(x\r\n0\r\n\r\n"),
        (b"POST", b"/v1/package", [(b"X-Big", b"a" * 70000)], b"x"),
        (b"POST", b"/v1/check", [], b"\xef\xbb\xbf{\"article\":\"x\",\"headlines\":[\"y\"]}"),
        (b"POST", b"/v1/check", [], b'{"article":"x","' + big_e + b'":1}'),
        (b"POST", b"/v1/check", [], b'{"' + "\u00e9".encode() * 62 + b'\xc3":1}'),
        (b"POST", b"/v1/check", [], b'{"\xff":1}'),
        (b"POST", b"/v1/check", [], b"[" * 100000),
        (b"POST", b"/v1/check", [], b'{"article":' + jstr(art) + b',"headlines":["' +
         "\u2026".encode() * 3 + b'"],"meta_descriptions":[' +
         jstr(SENTS[2].encode()[:100] + "\u2026".encode()) + b"]}"),
        (b"POST", b"/v1/serp", [], b'{"title":' + jstr(big_e) + b"}"),
        (b"POST", b"/v1/serp", [], b'{"title":"\xff\xfe","description":"\xc3"}'),
        (b"POST", b"/v1/serp", [], b'{"title":"a\\u0000b"}'),
        (b"POST", b"/v1/serp", [], b"\x00"),
        (b"POST", b"/v1/extract", [(b"Content-Type", b"text/html; charset=utf-8")],
         b"<html><head><meta charset=utf-8></head><body><p>Smith said \xc3\x28 ok. " + art +
         b"</p></body></html>"),
        (b"POST", b"/v1/extract", [(b"Content-Type", b"application/json")],
         b'{"html":"<title>\\ud83d</title><p>x</p>","id":"\xff"}'),
    ]
    for k, (m, t, hs, body) in enumerate(fixed):
        reqs.append((60000 + k, "serve %s %s" % (m[:12].decode("ascii", "backslashreplace"),
                                                 t[:40].decode("ascii", "backslashreplace")),
                     "request#%d hdrs=%r body=%r" % (k, [(a[:20], b_[:24]) for a, b_ in hs],
                                                     (body or b"")[:40]),
                     request(m, t, hs, body, cl=body is not None and
                             not any(a.lower() in (b"content-length", b"transfer-encoding")
                                     for a, _ in hs)), m, t))
    # a request line and headers that are not HTTP at all, and a body short of
    # its Content-Length: sent one at a time after the rest, since an error
    # in a first request line while another client is in the middle of its
    # own gets libmicrohttpd's HTML (cli/serve.c says why)
    raws = []
    for k, raw in enumerate([b"\xff\xfe\xfd\r\n\r\n", b"GET /healthz HTTP/9.9\r\n\r\n",
                             b"GET /healthz\r\n\r\n", b"GET /healthz HTTP/1.1\r\n\xff: x\r\n\r\n",
                             b"POST /v1/package HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort"]):
        raws.append((61000 + k, "serve raw", "raw#%d %r" % (k, raw[:60]), raw, b"", b"",
                     k == 0))

    pf = os.path.join(d, b"port")
    errp = os.path.join(d, b"serve.err")
    with open(errp, "wb") as ef:
        srv = subprocess.Popen([CD, "serve", "--port", "0", "--port-file", pf,
                                "--read-timeout", "2", "--idle-timeout", "3",
                                "--max-body", "400000", "--workers", "2"],
                               stdout=subprocess.DEVNULL, stderr=ef)
    try:
        t0 = time.monotonic()
        while not (os.path.exists(pf) and os.path.getsize(pf)) and time.monotonic() - t0 < 60:
            if srv.poll() is not None:
                break
            time.sleep(0.05)
        try:
            port = int(open(pf).read())
        except (OSError, ValueError):
            T.bad(70000, "serve", "start", "did not start: %r" % open(errp, "rb").read()[:300])
            return
        with ThreadPoolExecutor(JOBS) as ex:
            list(ex.map(lambda r: serve_job(port, *r), reqs))
        for r in raws:
            # the server must be done with the last connection (a dropped
            # one, raw#0's, is still "without a request line" until its
            # close is seen, and two such cannot be told apart)
            time.sleep(0.5)
            serve_job(port, *r)
        # still alive, and the metrics text counted it all
        serve_job(port, 70001, "serve GET /healthz (after)", "healthz", request(b"GET", b"/healthz"),
                  b"GET", b"/healthz")
        serve_job(port, 70002, "serve GET /metrics (after)", "metrics", request(b"GET", b"/metrics"),
                  b"GET", b"/metrics")
    finally:
        if srv.poll() is None:
            srv.send_signal(signal.SIGTERM)
        try:
            rc = srv.wait(timeout=30)
        except subprocess.TimeoutExpired:
            srv.kill()
            srv.wait()
            rc = None
    if rc is None:
        T.bad(70003, "serve SIGTERM", "the service", "hang: still running 30 s after SIGTERM")
    elif rc < 0:
        T.bad(70003, "serve SIGTERM", "the service", "crash: killed by signal %d" % -rc)
    else:
        T.ok()
    with open(errp, "rb") as f:
        err = f.read()
    if SAN.search(err):
        line = [x for x in err.split(b"\n") if SAN.search(x)][0]
        T.bad(70004, "serve", "the service", "crash: sanitizer: %r" % line[:200])
    check_stream(70005, "serve", "the service", "stderr", err)


# ---- main ----------------------------------------------------------------------------

def main():
    if not os.access(CD, os.X_OK):
        print("FAIL hostile: %s is not an executable" % CD)
        print("hostile: 0 passed, 1 failed")
        return 1
    t0 = time.monotonic()
    ins = make_inputs()
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="cd-hostile-") as tmp:
        # every file is named relative to the folder the processes run in,
        # so that messages, and the failure lines quoting them, are the same
        # from run to run
        os.chdir(tmp)
        d = b""
        global TMP
        TMP = tmp
        for x in ins:
            with open(os.path.join(d, x.fname), "wb") as f:
                f.write(x.data)
        # under valgrind (SCALE 30) a third of the usage cases too: each
        # process there costs seconds
        jobs = cli_cases(ins, d) + usage_cases(d)[::max(1, SCALE // 10)]
        threads = [threading.Thread(target=f, args=(ins, d))
                   for f in (serve_cases, batch_cases, eval_cases, multi_extract)]
        for t in threads:
            t.start()
        with ThreadPoolExecutor(JOBS) as ex:
            list(ex.map(run_job, jobs))
        for t in threads:
            t.join()
        os.chdir(here)
    fails = sorted(T.fails)
    for _, line in fails:
        print(line)
    print("hostile: %d inputs, %d processes and requests checked in %.1f s" %
          (len(ins), len(jobs), time.monotonic() - t0))
    print("hostile: %d passed, %d failed" % (T.passed, len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
