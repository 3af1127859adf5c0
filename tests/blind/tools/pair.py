#!/usr/bin/env python3
"""Paired blind read: two builds' top candidates side by side, A and B.

blind-ab.py sets copydesk beside the publisher; this sets one build of
copydesk beside another, on the articles where their top headline, SEO
title or meta description differ, so a change to generation is read on
what it changed.

  pair.py sheet --seed N --n ARTICLES --out DIR SET=BEFORE.jsonl,AFTER.jsonl ...
      BEFORE and AFTER are `copydesk eval --dump` files of the two builds
      on ../shared/data/SET.jsonl.  Writes DIR/sheet.md (for the reader)
      and DIR/key.json (which side is which: the reader never sees it).
  pair.py score DIR
      joins DIR/ratings.json with DIR/key.json and prints, per field and
      build, how many were rated publishable, needs edit and wrong, and
      how often each was preferred.

Rows without `text` (web-dev) are shown as `copydesk extract` gives their
page's body, cut at 3,500 characters.
"""
import argparse
import collections
import gzip
import json
import os
import random
import subprocess
import tempfile

FIELDS = [
    ("headline", "Headline"),
    ("seo_title", "SEO title (the title of a search result, at most 60 characters)"),
    ("meta_description", "Meta description (the snippet of a search result, 120-156 characters)"),
]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
DATA = os.path.join(ROOT, "..", "shared", "data")
COPYDESK = os.path.join(ROOT, "build", "copydesk")


def load(path):
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def body(row):
    text = row.get("text")
    if not text:
        with gzip.open(os.path.join(DATA, row["html_path"])) as f:
            page = f.read()
        with tempfile.NamedTemporaryFile(suffix=".html") as tmp:
            tmp.write(page)
            tmp.flush()
            out = subprocess.run([COPYDESK, "extract", tmp.name], capture_output=True,
                                 text=True).stdout
        head, _, rest = out.partition("\n\n")
        text = rest if head.startswith("Title:") else out
    text = text.strip()
    if len(text) > 3500:
        text = text[:text.rfind(" ", 0, 3500)] + " [...]"
    return text


def sheet(a):
    rnd = random.Random(a.seed)
    arts = []
    for spec in a.sets:
        name, _, files = spec.partition("=")
        before, after = (load(p) for p in files.split(","))
        rows = load(os.path.join(DATA, name + ".jsonl"))
        for i in sorted(after):
            changed = [f for f, _ in FIELDS if before[i].get(f) != after[i].get(f)]
            if changed:
                arts.append((name, i, changed, before[i], after[i], rows[i]))
    rnd.shuffle(arts)
    arts = arts[:a.n]
    key = {}
    out = ["# Blind read: two versions\n",
           "For each article, two candidates A and B are shown for a slot. Rate each as "
           "`publishable` (an editor would run it as is in that slot), `needs edit`, or "
           "`wrong` (unfaithful to the text shown, ungrammatical or cut off, misleading, or "
           "useless for the slot), and say which you prefer (`A`, `B` or `same`). A missing "
           "candidate (\"(none)\") is rated `wrong`. Judge facts only against the article "
           "text shown. Write ratings.json next to this file: {\"1.headline\": {\"A\": "
           "\"...\", \"B\": \"...\", \"prefer\": \"A\", \"why\": \"...\"}, ...}\n"]
    for n, (name, i, changed, b, c, row) in enumerate(arts, 1):
        out.append("## Article %d\n" % n)
        out.append("\n".join("> " + x if x else ">" for x in body(row).split("\n")) + "\n")
        for f, label in FIELDS:
            if f not in changed:
                continue
            sides = [("before", b.get(f)), ("after", c.get(f))]
            rnd.shuffle(sides)
            key["%d.%s" % (n, f)] = {"A": sides[0][0], "B": sides[1][0], "set": name, "id": i}
            out.append("**%d.%s** (%s)\n\n- A: %s\n- B: %s\n" %
                       (n, f, label, sides[0][1] or "(none)", sides[1][1] or "(none)"))
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "sheet.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    with open(os.path.join(a.out, "key.json"), "w", encoding="utf-8") as f:
        json.dump(key, f, indent=1)
    print("%d articles, %d items" % (len(arts), len(key)))


def score(a):
    with open(os.path.join(a.dir, "key.json"), encoding="utf-8") as f:
        key = json.load(f)
    with open(os.path.join(a.dir, "ratings.json"), encoding="utf-8") as f:
        rat = json.load(f)
    grade = collections.defaultdict(collections.Counter)
    pref = collections.defaultdict(collections.Counter)
    for item, side in key.items():
        field = item.split(".", 1)[1]
        r = rat.get(item)
        if not r:
            continue
        for label in "AB":
            grade[field, side[label]][r.get(label)] += 1
        p = r.get("prefer")
        pref[field][side[p] if p in ("A", "B") else "same"] += 1
    print("| field | build | n | publishable | needs edit | wrong | preferred |")
    print("|---|---|---|---|---|---|---|")
    for field, _ in FIELDS:
        for build in ("before", "after"):
            c = grade[field, build]
            n = sum(c.values())
            if n:
                print("| %s | %s | %d | %.0f%% | %.0f%% | %.0f%% | %d |" % (
                    field, build, n, 100 * c["publishable"] / n, 100 * c["needs edit"] / n,
                    100 * c["wrong"] / n, pref[field][build]))
        if pref[field]["same"]:
            print("| %s | (same) | | | | | %d |" % (field, pref[field]["same"]))


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sheet")
    s.add_argument("--seed", type=int, required=True)
    s.add_argument("--n", type=int, default=30)
    s.add_argument("--out", required=True)
    s.add_argument("sets", nargs="+", metavar="SET=BEFORE,AFTER")
    c = sub.add_parser("score")
    c.add_argument("dir")
    a = p.parse_args()
    sheet(a) if a.cmd == "sheet" else score(a)


if __name__ == "__main__":
    main()
