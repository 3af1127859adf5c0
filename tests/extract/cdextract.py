"""cdextract.py - run `copydesk extract --format json` on many pages at once.

Shared by run.py (Readability's test pages) and snippets.py (extract-dev):
one process for every page, so the time measured is copydesk's, not its
start-up's, and the output mapped back to each page by its "file" member.
"""

import json
import subprocess
import time


def extract_all(copydesk, files, timeout):
    """Returns (by_file, returncode, stderr text, seconds): by_file maps
    each path given to its JSON record; a page with no record is absent."""
    t0 = time.monotonic()
    r = subprocess.run([copydesk, "extract", "--format", "json", "--input", "html"] + files,
                       capture_output=True, timeout=timeout)
    secs = time.monotonic() - t0
    by_file = {}
    for line in r.stdout.decode("utf-8", "replace").splitlines():
        try:
            o = json.loads(line)
            by_file[o["file"]] = o
        except (ValueError, KeyError):
            pass
    return by_file, r.returncode, r.stderr.decode("utf-8", "replace").strip(), secs
