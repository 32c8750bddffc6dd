#!/usr/bin/env bash
# SPAN duplicates end to end (issue 12): a capture replayed with every packet twice, first
# as mergecap makes it from the file and itself (identical copies), then as another SPAN
# session on a VLAN sub-interface would mirror it (tagged, one hop later, 20 us later).
# With --dedup the flows (ghostport flows) and the annotations (ghostport analyze) are the
# same as for the original, and the summary counts every copy; without it the summary
# warns. Usage: dedup_test.sh GHOSTPORT SOURCE_DIR
set -u
gp=$1
src=$2
orig=$src/pcaps/mixed.pcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() { echo "FAIL $*"; failures=$((failures + 1)); }

mergecap -F pcap -w "$tmp/identical.pcap" "$orig" "$orig" || { echo "mergecap failed"; exit 1; }
python3 "$src/tests/dedup/span_copy.py" "$orig" "$tmp/retagged.pcap" --vlan 20 --delay-us 20 || exit 1

"$gp" flows -r "$orig" -F json >"$tmp/orig.flows" 2>"$tmp/orig.err" || fail "flows on the original"
"$gp" analyze -r "$orig" -F json --conversations >"$tmp/orig.analyze" 2>/dev/null || fail "analyze on the original"
ip_packets=$(sed -n 's/^ghostport: [0-9,]* packets ([0-9,]* bytes), \([0-9,]*\) IP packets.*/\1/p' "$tmp/orig.err")
[[ -n $ip_packets ]] || fail "no IP packet count in: $(head -1 "$tmp/orig.err")"
grep -q "exact cop" "$tmp/orig.err" && fail "the original capture already warns about duplicates"

for copy in identical retagged; do
  "$gp" flows -r "$tmp/$copy.pcap" -F json --dedup 1ms >"$tmp/$copy.flows" 2>"$tmp/$copy.err"
  rc=$?
  [[ $rc -eq 0 ]] || fail "$copy: flows --dedup exit $rc"
  cmp -s "$tmp/orig.flows" "$tmp/$copy.flows" || fail "$copy: flows --dedup differ from the original: $(diff "$tmp/orig.flows" "$tmp/$copy.flows" | head -3)"
  grep -q "^  $ip_packets duplicate packets dropped by --dedup 1ms" "$tmp/$copy.err" ||
    fail "$copy: summary does not count $ip_packets duplicates: $(grep -i dup "$tmp/$copy.err")"

  "$gp" analyze -r "$tmp/$copy.pcap" -F json --conversations --dedup 1ms >"$tmp/$copy.analyze" 2>/dev/null
  cmp -s "$tmp/orig.analyze" "$tmp/$copy.analyze" || fail "$copy: analyze --dedup differs from the original: $(diff "$tmp/orig.analyze" "$tmp/$copy.analyze" | head -3)"

  # Off: every copy still reaches the flows, and the summary says so and what to do.
  "$gp" flows -r "$tmp/$copy.pcap" -F json >"$tmp/$copy.nodedup" 2>"$tmp/$copy.nodedup.err"
  grep -q "warning: $ip_packets packets were exact copies of a packet seen less than 1ms before.*rerun with --dedup 1ms" \
    "$tmp/$copy.nodedup.err" || fail "$copy: no duplicate warning without --dedup: $(cat "$tmp/$copy.nodedup.err")"
  cmp -s "$tmp/orig.flows" "$tmp/$copy.nodedup" && fail "$copy: copies changed nothing without --dedup"
done

# A window the option cannot take is a usage error that says what it wants.
"$gp" flows -r "$orig" --dedup 5parsecs >/dev/null 2>"$tmp/bad.err"
rc=$?
[[ $rc -eq 2 ]] || fail "bad window: exit $rc, want 2"
grep -q "not a window: give a duration above 0 and at most 60s, like 1ms or 500us" "$tmp/bad.err" || fail "bad window message: $(cat "$tmp/bad.err")"

if ((failures)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "dedup: identical and retagged copies of $ip_packets IP packets dropped; flows and annotations unchanged"
