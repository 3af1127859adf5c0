#!/bin/sh
# run.sh - the editor's page in headless Chromium (tests/browser/run.py).
#   sh tests/browser/run.sh PATH/TO/copydesk
# Installs Debian's chromium and chromium-driver when they are missing and
# it can (root, apt-get); otherwise fails, saying so: a page that was never
# loaded is not a page that works.
set -u
CD=${1:-./copydesk}
OUT=$(dirname "$CD")/browser
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "browser: installing chromium and chromium-driver"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            --no-install-recommends chromium chromium-driver) >/dev/null 2>&1
    fi
fi
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    echo "FAIL browser: chromium and chromedriver not installed and not installable here"
    echo "browser: (as root: apt-get install chromium chromium-driver)"
    echo "browser: 0 passed, 1 failed"
    exit 1
fi
python3 tests/browser/run.py "$CD" "$OUT"
