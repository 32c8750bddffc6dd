#!/usr/bin/env bash
# analyze under a SYN flood from spoofed sources, with the default --max-flows: every SYN is a
# new conversation, so the traffic model fills up. Peak RSS must stay under the bound whatever the flood's size
# (the caps hold: --max-flows, --max-conversations, the scan detector's source LRU), the
# conversations judged early to make room must be counted and reported, no flow may be left
# unjudged, and the run must finish normally.
#   analyze_flood_test.sh GP_GENCAP GHOSTPORT SYNS MAX_CONVERSATIONS BOUND_KB
set -euo pipefail
gencap=$1 ghostport=$2 syns=$3 max_conversations=$4 bound_kb=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[[ -x /usr/bin/time ]] || { echo "FAIL: /usr/bin/time is missing (Debian package 'time')"; exit 1; }

set +e
"$gencap" --syn-flood "$syns" -w - |
  /usr/bin/time -f '%M' -o "$tmp/rss" "$ghostport" analyze -r - -q -F csv \
    --max-conversations "$max_conversations" >"$tmp/out" 2>"$tmp/err"
status=("${PIPESTATUS[@]}")
set -e
cat "$tmp/err"
failures=0
if [[ ${status[0]} -ne 0 || ${status[1]} -ne 0 ]]; then
  echo "FAIL: exit statuses gp-gencap=${status[0]} ghostport=${status[1]}"
  exit 1
fi
rss_kb=$(tail -n 1 "$tmp/rss")
echo "peak RSS ${rss_kb} KB for ${syns} spoofed SYNs, --max-conversations ${max_conversations} (bound ${bound_kb} KB)"
if ((rss_kb > bound_kb)); then
  echo "FAIL: peak RSS ${rss_kb} KB is over the bound of ${bound_kb} KB"
  failures=$((failures + 1))
fi
if ! grep -qE "warning: [0-9]+ conversations were judged before the end of the input: the traffic model holds at most ${max_conversations} conversations" "$tmp/err"; then
  echo "FAIL: no warning that conversations were judged before the end"
  failures=$((failures + 1))
fi
if grep -q "flows were not judged" "$tmp/err"; then
  echo "FAIL: flows were left unjudged"
  failures=$((failures + 1))
fi
[[ $(wc -l <"$tmp/out") -ge 2 ]] || { echo "FAIL: no port rows"; failures=$((failures + 1)); }
((failures == 0)) && echo "PASS"
exit $((failures > 0))
