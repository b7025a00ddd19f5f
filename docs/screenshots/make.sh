#!/usr/bin/env bash
# Screenshots of the main page types at desktop and phone width, from a running `make run` (port 8000).
# Needs Debian's chromium. Usage: bash docs/screenshots/make.sh [base-url]
set -euo pipefail
base=${1:-http://127.0.0.1:8000}
out=$(dirname "$0")
shoot() {  # name path
  for size in desktop:1280,1800 phone:390,2400; do
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
      --window-size="${size#*:}" --screenshot="$out/$1-${size%%:*}.png" "$base$2" 2>/dev/null
    rm -rf "$profile"
  done
}
shoot home /
shoot instruments-filtered "/instrumenten/?factor=kennis&factor=netwerk&regio=twente"
shoot instrument-detail /instrumenten/mit-haalbaarheidsproject/
shoot region /regio/twente/
shoot example-detail /praktijkvoorbeelden/move2social/
shoot search "/zoeken/?q=kennisvoucher"
shoot quickscan /route/
shoot route "/route/?regio=twente&type=B&factor=kennis&factor=netwerk"
shoot coverage /dekking/

# The admin (admin-*.png) needs a logged-in loket editor, and the journey (journey-*.png) a form sent with a
# mistake first: the browser tests walk them and save every state.
(cd "$out/../.." && SCREENSHOTS=docs/screenshots .venv/bin/pytest -q -p no:cacheprovider \
  tests/browser/test_admin_editor.py tests/browser/test_admin_matching.py \
  "tests/browser/test_route.py::test_the_whole_way_with_its_mistakes")
