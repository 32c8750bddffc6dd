#!/usr/bin/env bash
# ctest distribute_collect (issue 11): two sensors publish the two halves of a bundled
# capture — its perimeter link (traffic with the outside network) and its inside link — to a
# private JetStream server, and `ghostport collect` merges them. The collector's port labels
# and conversations must equal `analyze` on the whole capture, and its scan report must equal
# `scan-report` on it (every scanner, count, episode and port; the coarse timeline chart
# aside, whose origin is the first probe to end). Also: a duplicate-free re-read, a
# sensor whose server is away (counted, never stalled), and bad input.
#   collect_test.sh GHOSTPORT SOURCE_DIR TEST_DATA_DIR
set -uo pipefail
gp=$1
src=$2
data=$3
registry=$src/rules/registry/service-names-port-numbers.csv
tmp=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../cli/expect.sh"
source "$here/nats_lib.sh"
trap 'nats_stop; rm -rf "$tmp"' EXIT
for t in nats-server tcpdump jq; do
  command -v $t >/dev/null || { echo "FAIL: $t is missing (GHOSTPORT_WITH_TEST_TOOLS=1 tools/install-deps)"; exit 1; }
done

scan_json() { jq -S 'del(.meta, .capture) | walk(if type == "object" then del(.timeline) else . end)' "$1"; }

# The scenario captures' outside network is 203.0.113.0/24 (pcaps/README.md "Topology").
perimeter='net 203.0.113.0/24'
for capture in mixed.pcap scanner_noise.pcapng; do
  whole=$src/pcaps/$capture
  tcpdump -r "$whole" -w "$tmp/perimeter.pcap" "$perimeter" 2>/dev/null
  tcpdump -r "$whole" -w "$tmp/inside.pcap" "not ($perimeter)" 2>/dev/null
  [[ -s $tmp/perimeter.pcap && -s $tmp/inside.pcap ]] || fail "$capture: the split left a half empty"
  rm -rf "$tmp/store"
  nats_start "$tmp" || exit 1
  # Different summary intervals: the cuts fall at different times on each sensor.
  "$gp" analyze -r "$tmp/perimeter.pcap" --registry "$registry" --publish "$NATS_URL" --sensor perimeter \
    --summary-interval 5 -F csv >/dev/null 2>"$tmp/perimeter.err" &
  first=$!
  "$gp" analyze -r "$tmp/inside.pcap" --registry "$registry" --publish "$NATS_URL" --sensor inside \
    --summary-interval 7 -F csv >/dev/null 2>"$tmp/inside.err" || fail "$capture: the inside sensor failed: $(cat "$tmp/inside.err")"
  wait $first || fail "$capture: the perimeter sensor failed: $(cat "$tmp/perimeter.err")"
  grep -q "published [0-9]* messages ([0-9]* summaries) as sensor 'perimeter' to $NATS_URL" "$tmp/perimeter.err" ||
    fail "$capture: the sensor does not say what it published: $(cat "$tmp/perimeter.err")"

  "$gp" analyze -r "$whole" --registry "$registry" -F csv -q >"$tmp/whole.csv"
  "$gp" analyze -r "$whole" --registry "$registry" -F csv -q --conversations >"$tmp/whole.conv.csv"
  "$gp" scan-report -r "$whole" --registry "$registry" -F json -o "$tmp/whole.scan.json" -q
  "$gp" collect "$NATS_URL" --registry "$registry" --idle 2 --sensors 2 -F csv --scan-report "$tmp/merged.scan.json" \
    >"$tmp/merged.csv" 2>"$tmp/collect.err" || fail "$capture: collect exited $?: $(cat "$tmp/collect.err")"
  grep -q "from 2 sensor(s), 2 run(s) (2 finished)" "$tmp/collect.err" ||
    fail "$capture: collect did not hear both sensors finish: $(cat "$tmp/collect.err")"
  cmp -s "$tmp/whole.csv" "$tmp/merged.csv" && passes=$((passes + 1)) ||
    { fail "$capture: collect's port labels differ from analyze on the whole capture:"; diff "$tmp/whole.csv" "$tmp/merged.csv" | head -6; }
  cmp -s <(scan_json "$tmp/whole.scan.json") <(scan_json "$tmp/merged.scan.json") && passes=$((passes + 1)) ||
    { fail "$capture: collect's scan report differs from scan-report on the whole capture:"
      diff <(scan_json "$tmp/whole.scan.json") <(scan_json "$tmp/merged.scan.json") | head -10; }
  [[ $(jq '.scanners | length' "$tmp/merged.scan.json") -gt 0 ]] || fail "$capture: no scanner found: the comparison proves little"

  # Read again from the start, conversations this time: the same, nothing counted twice.
  "$gp" collect "$NATS_URL" --registry "$registry" --idle 1 -F csv --conversations -q >"$tmp/merged.conv.csv" ||
    fail "$capture: the second collect exited $?"
  cmp -s "$tmp/whole.conv.csv" "$tmp/merged.conv.csv" && passes=$((passes + 1)) ||
    { fail "$capture: collect's conversations differ from analyze --conversations:"; diff "$tmp/whole.conv.csv" "$tmp/merged.conv.csv" | head -6; }
  echo "ok: $capture: $(wc -l <"$tmp/whole.csv") port rows, $(jq '.scanners | length' "$tmp/merged.scan.json") scanners equal"
  nats_stop
done

# FTP with its control connection on one sensor and its data connections on another (Zeek's
# capture): the collector matches them as analyze does on the whole capture.
ftp=$data/external/zeek/ftp/ipv4.pcap
tcpdump -r "$ftp" -w "$tmp/control.pcap" "tcp port 21" 2>/dev/null
tcpdump -r "$ftp" -w "$tmp/data.pcap" "not tcp port 21" 2>/dev/null
rm -rf "$tmp/store"
nats_start "$tmp" || exit 1
for half in control data; do
  "$gp" analyze -r "$tmp/$half.pcap" --registry "$registry" --publish "$NATS_URL" --sensor "$half" -F csv -q \
    >/dev/null || fail "ftp: the $half sensor exited $?"
done
"$gp" analyze -r "$ftp" --registry "$registry" -F jsonl --conversations -q >"$tmp/ftp.whole.jsonl"
"$gp" collect "$NATS_URL" --registry "$registry" --idle 1 --sensors 2 -F jsonl --conversations -q \
  >"$tmp/ftp.merged.jsonl" || fail "ftp: collect exited $?"
expected_by() { jq -c 'select(.port != 21) | [.port, .expected_by, .label]' "$1" | sort; }
[[ $(expected_by "$tmp/ftp.merged.jsonl" | grep -c '"141.142.220.235 -> 199.233.217.249:21"') -ge 4 ]] &&
  [[ $(expected_by "$tmp/ftp.merged.jsonl") == "$(expected_by "$tmp/ftp.whole.jsonl")" ]] && passes=$((passes + 1)) ||
  { fail "ftp: the merged data connections are not matched to their control connection as analyze matches them:"
    diff <(expected_by "$tmp/ftp.whole.jsonl") <(expected_by "$tmp/ftp.merged.jsonl") | head -6; }
nats_stop

# No server: the sensor's work is unchanged and on time; what it could not send is counted.
"$gp" analyze -r "$src/pcaps/mixed.pcap" --registry "$registry" -F csv -q >"$tmp/alone.csv"
start=$SECONDS
"$gp" analyze -r "$src/pcaps/mixed.pcap" --registry "$registry" -F csv -q --publish nats://127.0.0.1:9 \
  --summary-interval 1 --publish-queue 16 >"$tmp/away.csv" 2>"$tmp/away.err"
rc=$?
((rc == 0)) || fail "analyze with its server away exited $rc"
cmp -s "$tmp/alone.csv" "$tmp/away.csv" || fail "analyze's result changed because the server was away"
grep -Eq "warning: [0-9]+ messages not published: [1-9][0-9]* dropped \(queue full" "$tmp/away.err" ||
  fail "the lost summaries are not counted: $(cat "$tmp/away.err")"
((SECONDS - start <= 20)) || fail "analyze waited $((SECONDS - start)) s for an absent server (at most 10 s of draining)"

expect bad_url 2 "'http://x' is not a NATS URL; write nats://HOST:PORT" -- "$gp" collect http://x --idle 1
expect bad_port 2 "the port must be a number from 1 to 65535" -- "$gp" analyze -r "$src/pcaps/mixed.pcap" --publish nats://h:99999
expect bad_sensor 2 "sensor name 'a.b' has '.'" -- "$gp" analyze -r "$src/pcaps/mixed.pcap" --publish nats://h:4222 --sensor a.b
expect live_bad_url 2 "ghostport live: --publish: 'http://x' is not a NATS URL" -- "$gp" live -i no-such-if0 --publish http://x
expect sensor_alone 2 "add --publish" -- "$gp" analyze -r "$src/pcaps/mixed.pcap" --sensor x
expect scan_report_stdout 2 "needs a file name" -- "$gp" collect nats://127.0.0.1:9 --scan-report - --idle 1
expect bad_since 2 "--since 'yesterday'" -- "$gp" collect nats://127.0.0.1:9 --since yesterday --idle 1
report_and_exit
