#!/usr/bin/env python3
"""snippets.py - copydesk's extraction on the extract-dev benchmark.

../shared/data/extract-dev lists, for each saved page, snippets its main
text must contain and snippets (navigation, related links, footers) it
must not.  This runs `copydesk extract --format json` on every page in
one process, scores the bodies with the benchmark's own scorer
(../shared/tools/score-snippets.py), prints the totals, the English
pages' totals and the pages that lose most, and exits 1 when a total is
under its floor.

  python3 tests/extract/snippets.py COPYDESK SHARED [--min-precision P]
                                    [--min-recall R] [--min-f F] [--worst N]
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

from cdextract import extract_all


def score(scorer, pred, *extra):
    r = subprocess.run([sys.executable, scorer, "--json", *extra, pred],
                       capture_output=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.decode("utf-8", "replace")[-300:])
    return json.loads(r.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("copydesk")
    ap.add_argument("shared")
    ap.add_argument("--min-precision", type=float, default=0)
    ap.add_argument("--min-recall", type=float, default=0)
    ap.add_argument("--min-f", type=float, default=0)
    ap.add_argument("--worst", type=int, default=10)
    a = ap.parse_args()
    data = os.path.join(a.shared, "data", "extract-dev")
    scorer = os.path.join(a.shared, "tools", "score-snippets.py")
    pages = os.path.join(data, "pages")
    names = sorted(f for f in os.listdir(pages) if f.endswith((".html", ".html.gz")))
    if not names or not os.path.isfile(scorer):
        print(f"FAIL extract_dev: no pages under {pages} or no {scorer}")
        print("extract_dev: 0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for f in names:
            src = os.path.join(pages, f)
            raw = gzip.open(src).read() if f.endswith(".gz") else open(src, "rb").read()
            dst = os.path.join(tmp, f[:-3] if f.endswith(".gz") else f)
            with open(dst, "wb") as o:
                o.write(raw)
            files.append(dst)
        got, returncode, errors, secs = extract_all(a.copydesk, files, 900)
        pred = os.path.join(tmp, "pred.jsonl")
        with open(pred, "w", encoding="utf-8") as o:
            for f in files:
                text = got.get(f, {}).get("text")
                o.write(json.dumps({"file": os.path.basename(f), "text": text}) + "\n")
        details = os.path.join(tmp, "details.jsonl")
        total = score(scorer, pred, "--details", details)
        english = score(scorer, pred, "--lang", "en")
        rows = [json.loads(line) for line in open(details, encoding="utf-8")]
    # exit 3 says some page had no article (the scorer counts it as
    # finding nothing); a signal or another status is a failure
    crashed = returncode not in (0, 3)
    for name, s in (("all", total), ("English", english)):
        print(f"extract_dev {name}: {s['pages']} pages ({s['pages_with_output']} with text); "
              f"precision {s['precision']:.3f} recall {s['recall']:.3f} "
              f"F {s['f_score']:.3f} accuracy {s['accuracy']:.3f}")
    print(f"extract_dev: {len(files) / secs:.1f} pages/s (one process, all pages)")
    rows.sort(key=lambda x: (-(x["fp"] + x["fn"]), x["id"]))
    print(f"extract_dev: the {a.worst} pages that lose most (snippets missed / boilerplate kept):")
    for x in rows[:a.worst]:
        print(f"  {x['id']}: missed {x['fn']} kept {x['fp']}"
              + ("" if x["output"] else " (no text)"))
    if crashed:
        print(f"  copydesk extract exited {returncode}: {errors[-300:]}")
    bad = (total["precision"] < a.min_precision or total["recall"] < a.min_recall
           or total["f_score"] < a.min_f or crashed)
    print(f"extract_dev: {0 if bad else 1} passed, {1 if bad else 0} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
