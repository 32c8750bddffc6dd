#!/usr/bin/env bash
# A spoofed SYN flood, streamed through a pipe and never stored, against a fixed flow cap:
# peak RSS must stay under a documented bound whatever the number of SYNs, and the
# evictions the cap forces must be reported.
#
# usage: flood_test.sh GP_GENCAP GHOSTPORT SYNS MAX_FLOWS RSS_BOUND_KB
set -euo pipefail
gencap=$1 ghostport=$2 syns=$3 max_flows=$4 bound_kb=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ ! -x /usr/bin/time ]]; then
  echo "FAIL: /usr/bin/time is missing (Debian package 'time', see tools/install-deps)"
  exit 1
fi

# Not -q: the summary on stderr is what says how many flows the cap evicted.
set +e
"$gencap" --syn-flood "$syns" -w - |
  /usr/bin/time -f '%M' -o "$tmp/rss" "$ghostport" flows -r - --max-flows "$max_flows" >/dev/null 2>"$tmp/err"
status=("${PIPESTATUS[@]}")
set -e
cat "$tmp/err"
if [[ ${status[0]} -ne 0 || ${status[1]} -ne 0 ]]; then
  echo "FAIL: exit statuses gp-gencap=${status[0]} ghostport=${status[1]}"
  exit 1
fi

rss_kb=$(tail -n 1 "$tmp/rss")
# Every SYN is a new flow of one packet, and such flows may hold a quarter of the table: all
# but the last quarter of max_flows are ended early.
expected_evicted=$((syns - (max_flows + 3) / 4))
failures=0
echo "peak RSS ${rss_kb} KB for ${syns} SYNs through a ${max_flows}-flow cap (bound ${bound_kb} KB)"
if ((rss_kb > bound_kb)); then
  echo "FAIL: peak RSS ${rss_kb} KB is over the bound of ${bound_kb} KB"
  failures=$((failures + 1))
fi
packets=$(sed -nE 's/^ghostport: ([0-9,]+) packets.*/\1/p' "$tmp/err" | tr -d ,)
if [[ $packets != "$syns" ]]; then
  echo "FAIL: the summary counts '${packets}' packets, expected ${syns}"
  failures=$((failures + 1))
fi
evicted=$(sed -nE 's/.*, ([0-9,]+) evicted early by --max-flows.*/\1/p' "$tmp/err" | tr -d ,)
if [[ -z $evicted ]]; then
  echo "FAIL: the summary does not report evictions ('evicted early by --max-flows')"
  failures=$((failures + 1))
elif ((evicted != expected_evicted)); then
  echo "FAIL: ${evicted} flows evicted, expected ${expected_evicted}"
  failures=$((failures + 1))
fi
((failures == 0)) && echo "PASS"
exit $((failures > 0))
