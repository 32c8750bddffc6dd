#!/usr/bin/env bash
# Renders `ghostport scan-report` pages in headless Chromium: the page loads, no script
# error is logged, the three SVG charts are in the DOM, and a screenshot is taken.
# The hostile-payload page written by scan_test must come out with no <script>/<img> element.
# Usage: scan_report_chromium_test.sh GHOSTPORT SOURCE_DIR BINARY_DIR  (GP_UPDATE_SCREENSHOT=1
# copies the screenshot to docs/scan-report.png). Exit 77 (skipped) without chromium.
set -euo pipefail
ghostport=$1 src=$2 bin=$3
chromium=$(command -v chromium || command -v chromium-headless-shell || true)
[[ -n $chromium ]] || { echo "chromium not installed (tools/install-deps with GHOSTPORT_WITH_TEST_TOOLS=1)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --window-size=1400,2000)

"$ghostport" scan-report -q -r "$src/pcaps/mixed.pcap" -o "$work/report.html" \
  --registry "$src/rules/registry/service-names-port-numbers.csv"

timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/p1" --enable-logging=stderr --v=0 \
  --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/log.txt"
if grep -q "Uncaught" "$work/log.txt"; then echo "script error:"; grep Uncaught "$work/log.txt"; exit 1; fi
for chart in 'chart timeline' 'chart bar-chart' 'chart heat-map'; do
  grep -q "<svg class=\"$chart\"" "$work/dom.html" || { echo "missing SVG: $chart"; exit 1; }
done
grep -q "<h1>Scan report</h1>" "$work/dom.html" || { echo "page did not load"; exit 1; }
grep -q "203.0.113.245" "$work/dom.html" || { echo "top scanner missing"; exit 1; }
rects=$(grep -o "<rect" "$work/dom.html" | wc -l)
(( rects > 50 )) || { echo "charts are empty ($rects rects)"; exit 1; }

timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/p2" --screenshot="$work/scan-report.png" \
  "file://$work/report.html" > /dev/null 2>&1
size=$(stat -c %s "$work/scan-report.png")
(( size > 20000 )) || { echo "screenshot too small ($size bytes)"; exit 1; }
cp "$work/scan-report.png" "$bin/scan-report.png"
if [[ ${GP_UPDATE_SCREENSHOT:-0} == 1 ]]; then cp "$work/scan-report.png" "$src/docs/scan-report.png"; fi

hostile="$bin/scan_report_hostile.html"
if [[ -f $hostile ]]; then
  timeout 120 "$chromium" "${flags[@]}" --user-data-dir="$work/p3" --dump-dom "file://$hostile" > "$work/hostile.html" 2>/dev/null
  if grep -qiE "<script|<img" "$work/hostile.html"; then echo "hostile payload became markup"; exit 1; fi
  grep -q "&lt;script&gt;alert(1)" "$work/hostile.html" || { echo "hostile payload not shown escaped"; exit 1; }
fi
echo "ok: $rects SVG rects, screenshot $size bytes"
