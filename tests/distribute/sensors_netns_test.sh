#!/usr/bin/env bash
# ctest distribute_sensors_netns (issue 11), in a fresh pair of network namespaces (root):
#  1. A horizontal scan no single sensor sees enough of: nmap -sT sweeps one port on 40 hosts;
#     four sensors each hold the traffic of 10 of them (under the 25-host threshold, and a
#     connect scan has no tool fingerprint), so none finds a scanner; the collector merging
#     their summaries finds one horizontal scan of 40 hosts, and labels the port as analyze
#     does on the whole capture.
#  2. `live --publish` while the JetStream server is killed and restarted: capture goes on,
#     the outage is counted and reported, nothing is lost (the queue held it), and a durable
#     collector resumes after what it merged before the restart.
#   sensors_netns_test.sh GHOSTPORT SOURCE_DIR
set -uo pipefail
gp=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../live/netns_lib.sh"
live_require tcpdump nmap socat nats-server jq
live_topology
W=$LIVE_WORK
tmp=$W
source "$here/../cli/expect.sh"
source "$here/nats_lib.sh"
in_b=(ip netns exec "$NS_B")
prefix=${ADDR_B%.*}

# --- 1. the distributed scan -------------------------------------------------------------
for h in $(seq 100 139); do ip -n "$NS_B" addr add "$prefix.$h/24" dev veth-b; done
bg_in "$NS_B" 60 tcpdump -i veth-b -n -U --immediate-mode -B 16384 -w "$W/scan.pcap" 2>"$W/tcpdump.log"
tcpdump_pid=$LAST_BG
wait_for_text "$W/tcpdump.log" "listening on" 10 || exit 1
in_ns "$NS_A" 60 nmap -n -Pn -sT -p 3255 --max-retries 0 --max-rate 50 "$prefix.100-139" >"$W/nmap.log" 2>&1 ||
  { fail "nmap failed: $(cat "$W/nmap.log")"; report_and_exit; }
sleep 1
kill -TERM "$tcpdump_pid"
wait "$tcpdump_pid" 2>/dev/null

nats_start "$W" "${in_b[@]}" || exit 1
scanner=$ADDR_A
for q in 0 1 2 3; do
  lo=$((100 + q * 10))
  part="(ip[19] >= $lo and ip[19] < $((lo + 10))) or (ip[15] >= $lo and ip[15] < $((lo + 10)))"
  tcpdump -r "$W/scan.pcap" -w "$W/link$q.pcap" "ip and ($part)" 2>/dev/null
  "$gp" scan-report -r "$W/link$q.pcap" -F json -o "$W/link$q.scan.json" -q
  [[ $(jq --arg s "$scanner" '[.scanners[] | select(.address == $s)] | length' "$W/link$q.scan.json") == 0 ]] ||
    fail "link $q alone already finds the scanner: the test proves nothing"
  "${in_b[@]}" "$gp" analyze -r "$W/link$q.pcap" -q -F csv --publish "$NATS_URL" --sensor "link$q" >/dev/null ||
    fail "sensor link$q exited $?"
done
"${in_b[@]}" "$gp" collect "$NATS_URL" --sensors 4 --idle 2 -F csv --scan-report "$W/merged.scan.json" \
  >"$W/merged.csv" 2>"$W/collect.err" || fail "collect exited $?: $(cat "$W/collect.err")"
who() { jq -c --arg s "$scanner" '.scanners[] | select(.address == $s) | {type, distinct_hosts, probes}' "$1"; }
"$gp" scan-report -r "$W/scan.pcap" -F json -o "$W/whole.scan.json" -q
[[ $(who "$W/whole.scan.json") == '{"type":"horizontal","distinct_hosts":40,"probes":40}' ]] ||
  fail "the whole capture does not hold the 40-host scan (tcpdump lost packets?): $(who "$W/whole.scan.json"); $(tail -2 "$W/tcpdump.log")"
[[ $(who "$W/merged.scan.json") == "$(who "$W/whole.scan.json")" ]] && passes=$((passes + 1)) ||
  fail "the merged view does not find the scan the whole capture shows: '$(who "$W/merged.scan.json")'"
"$gp" analyze -r "$W/scan.pcap" -q -F csv >"$W/whole.csv"
cmp -s "$W/whole.csv" "$W/merged.csv" && passes=$((passes + 1)) ||
  { fail "collect's labels differ from analyze on the whole capture:"; diff "$W/whole.csv" "$W/merged.csv" | head -5; }
grep -q '^3255,tcp,.*,scanner_noise,' "$W/merged.csv" && passes=$((passes + 1)) ||
  fail "port 3255 is not scanner_noise in the merged view: $(grep '^3255' "$W/merged.csv")"
nats_stop
rm -rf "$W/store"

# --- 2. the server dies while a live sensor publishes -----------------------------------
nats_start "$W" "${in_b[@]}" || exit 1
bg_in "$NS_B" 60 socat TCP-LISTEN:3255,reuseaddr,fork SYSTEM:'read l; echo "ACK $l"'
bg_in "$NS_B" 60 "$gp" live -i veth-b -o "$W/events.jsonl" --publish "$NATS_URL" --sensor edge --summary-interval 1 \
  --stats-interval 1 2>"$W/live.log"
live_pid=$LAST_BG
wait_for_text "$W/live.log" "capturing on" 10 || exit 1
sessions() {  # sessions FROM TO: one request/answer each, 0.15 s apart
  local i
  for i in $(seq "$1" "$2"); do
    echo "REQ $i" | in_ns "$NS_A" 5 socat -t1 - "TCP:$ADDR_B:3255" >/dev/null
    sleep 0.15
  done
}
sessions 1 15
sleep 7  # the sessions end (Zeek's close timers), a summary is cut (1 s) and published
# Sensors keep publishing (a summary a second, flows or not): --drain stops once caught up.
"${in_b[@]}" timeout 30 "$gp" collect "$NATS_URL" --durable nightly --drain -F csv >/dev/null 2>"$W/collect1.err" ||
  fail "the first durable collect exited $?: $(cat "$W/collect1.err")"
before=$(sed -n 's/.*stream sequences [0-9]*-\([0-9]*\).*/\1/p' "$W/collect1.err")
flows_before=$(sed -n 's/.*summaries (\([0-9]*\) flows).*/\1/p' "$W/collect1.err")
[[ -n $flows_before ]] && ((flows_before > 0)) || fail "the first collect merged no flows: $(cat "$W/collect1.err")"
# collect returns once the server confirmed its acknowledgements; nats-server writes a consumer's
# position to disk 10 ms after it moves, so a crash inside that moment would deliver the last
# batch again (at-least-once). The test is of a crash after it.
sleep 0.5
nats_stop
sessions 16 30  # the server is away: capture goes on, summaries wait in the queue
wait_for_text "$W/events.jsonl" '"disconnects":1' 10 || fail "the stats events do not count the outage"
nats_start "$W" "${in_b[@]}" || exit 1
sessions 31 40
sleep 3  # the queue drains into the restarted server
kill -TERM "$live_pid"
wait "$live_pid"
rc=$?
((rc == 0)) || fail "live exited $rc: $(tail -5 "$W/live.log")"
grep -q "as sensor 'edge' to $NATS_URL; the server went away 1 time(s), reconnected 1" "$W/live.log" &&
  passes=$((passes + 1)) || fail "live does not report the outage: $(grep -i publish "$W/live.log")"
grep -q "messages not published" "$W/live.log" && fail "summaries were lost: $(grep 'not published' "$W/live.log")"
flows=$(grep '"event":"stats"' "$W/events.jsonl" | tail -1 | jq '.flows')
sessions_seen=$(grep -c '"event":"flow".*"resp_p":3255' "$W/events.jsonl")
((sessions_seen == 40)) && passes=$((passes + 1)) || fail "live saw $sessions_seen of the 40 sessions"

# The durable consumer resumes after what it merged: this run starts past `before`, and the
# two runs together merged every flow once.
"${in_b[@]}" timeout 30 "$gp" collect "$NATS_URL" --durable nightly --drain -F csv >/dev/null 2>"$W/collect2.err" ||
  fail "the resumed collect exited $?: $(cat "$W/collect2.err")"
first=$(sed -n 's/.*stream sequences \([0-9]*\)-.*/\1/p' "$W/collect2.err")
flows_after=$(sed -n 's/.*summaries (\([0-9]*\) flows).*/\1/p' "$W/collect2.err")
[[ -n $before && -n $first ]] && ((first > before)) && passes=$((passes + 1)) ||
  fail "the durable consumer did not resume after sequence '$before': $(cat "$W/collect2.err")"
((flows_before + flows_after == flows)) && passes=$((passes + 1)) ||
  fail "the two durable runs merged $flows_before + $flows_after flows, live ended $flows"
# Read from the start: every flow live ended is in the stream, once.
"${in_b[@]}" timeout 30 "$gp" collect "$NATS_URL" --drain -F csv --conversations >"$W/all.csv" 2>"$W/all.err"
merged_flows=$(sed -n 's/.*summaries (\([0-9]*\) flows).*/\1/p' "$W/all.err")
[[ $merged_flows == "$flows" ]] && passes=$((passes + 1)) ||
  fail "the stream holds $merged_flows flows, live ended $flows: $(cat "$W/all.err")"
grep -q ",3255,tcp," "$W/all.csv" || fail "the merged conversations miss port 3255: $(head -3 "$W/all.csv")"
nats_stop
report_and_exit
