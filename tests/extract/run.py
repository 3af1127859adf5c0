#!/usr/bin/env python3
"""run.py - copydesk's extraction against Mozilla Readability's test suite.

For every page directory under PAGES (source.html, expected.html,
expected-metadata.json) runs `copydesk extract --format json`, and scores:
title, byline and excerpt exact match (whitespace-trimmed), and the
bag-of-words F1 of the extracted text against expected.html's text.
Prints one line per page and the totals; with --min-* options, exits 1
when a total is below its floor.

  python3 tests/extract/run.py COPYDESK PAGES [--min-title F] [--min-f1 F]
                               [--min-excerpt F] [--min-byline F]
"""
import argparse
import collections
import html.parser
import json
import os
import re
import sys

from cdextract import extract_all


class Text(html.parser.HTMLParser):
    BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote",
             "pre", "tr", "td", "th", "figcaption", "section", "article", "br",
             "ul", "ol", "dd", "dt", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "svg"):
            self.skip += 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "svg") and self.skip:
            self.skip -= 1
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def words(s):
    return collections.Counter(re.findall(r"\w+", (s or "").lower()))


def f1(a, b):
    wa, wb = words(a), words(b)
    if not wa and not wb:
        return 1.0
    inter = sum((wa & wb).values())
    if inter == 0:
        return 0.0
    p = inter / sum(wa.values())
    r = inter / sum(wb.values())
    return 2 * p * r / (p + r)


def norm(s):
    return " ".join(s.split()) if isinstance(s, str) else s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("copydesk")
    ap.add_argument("pages")
    ap.add_argument("--min-title", type=float, default=0)
    ap.add_argument("--min-f1", type=float, default=0)
    ap.add_argument("--min-excerpt", type=float, default=0)
    ap.add_argument("--min-byline", type=float, default=0)
    ap.add_argument("-q", action="store_true", help="totals only")
    a = ap.parse_args()
    dirs = sorted(d for d in os.listdir(a.pages)
                  if os.path.isfile(os.path.join(a.pages, d, "source.html")))
    n = t_ok = b_ok = e_ok = 0
    f1s = []
    failed = []
    if not dirs:
        # no page scored is not a pass (and the totals would divide by 0)
        print(f"FAIL extract: no page directory with a source.html under {a.pages}")
        print("extract: 0 passed, 1 failed")
        return 1
    files = [os.path.join(a.pages, d, "source.html") for d in dirs]
    got_by_file, returncode, errors, secs = extract_all(a.copydesk, files, 600)
    for d, path in zip(dirs, files):
        p = os.path.join(a.pages, d)
        with open(os.path.join(p, "expected-metadata.json"), encoding="utf-8") as f:
            meta = json.load(f)
        parser = Text()
        with open(os.path.join(p, "expected.html"), encoding="utf-8") as f:
            parser.feed(f.read())
        want_text = "".join(parser.out)
        n += 1
        got = got_by_file.get(path)
        if got is None:
            why = [l for l in errors.splitlines() if path in l]
            failed.append((d, returncode, why[0] if why else "no output"))
            f1s.append(0.0)
            if not a.q:
                print(f"{d}: FAILED")
            continue
        title = norm(got.get("title")) == norm(meta.get("title"))
        byline = norm(got.get("byline")) == norm(meta.get("byline"))
        excerpt = norm(got.get("excerpt")) == norm(meta.get("excerpt"))
        score = f1(got.get("text"), want_text)
        t_ok += title
        b_ok += byline
        e_ok += excerpt
        f1s.append(score)
        if not a.q:
            print(f"{d}: title {'ok' if title else 'NO'} byline {'ok' if byline else 'NO'} "
                  f"excerpt {'ok' if excerpt else 'NO'} text F1 {score:.3f}")
    mf1 = sum(f1s) / max(n, 1)
    print(f"extract: {n} pages; title {t_ok/n:.1%}, byline {b_ok/n:.1%}, excerpt {e_ok/n:.1%}, "
          f"text F1 {mf1:.3f}; {len(failed)} failed; {n/secs:.1f} pages/s (one process, all pages)")
    for d, rc, err in failed:
        print(f"  failed: {d}: exit {rc}: {err}")
    # every page printed, yet a crash at the end or a failing exit would
    # otherwise go unseen: with no page failed the exit must be 0
    crashed = returncode < 0 or (returncode != 0 and not failed)
    if crashed:
        print(f"  copydesk extract exited {returncode}: {errors[-300:]}")
    bad = (t_ok / n < a.min_title or mf1 < a.min_f1 or e_ok / n < a.min_excerpt
           or b_ok / n < a.min_byline or failed or crashed)
    print(f"extract: {0 if bad else 1} passed, {1 if bad else 0} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
