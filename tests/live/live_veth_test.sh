#!/usr/bin/env bash
# ctest live_veth_same_labels: `ghostport live` on one end of a veth pair while real tools
# (nmap, socat, dig) make traffic through it, and tcpdump captures the same interface. After
# SIGTERM (with a TCP session and UDP flows still open), the events must name every flow the
# offline analysis of tcpdump's capture names, with the same labels; -w must hold the same
# packets as tcpdump's file.
#   live_veth_test.sh GHOSTPORT SOURCE_DIR [LIVE ARGS...]   (e.g. --batch 20, or -j 2: worker threads in
#   an AF_PACKET fanout group, which must each read some packets and together give the same labels)
set -uo pipefail
gp=$1
src=$2
shift 2
extra=("$@")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/netns_lib.sh"
live_require tcpdump nmap socat dig capinfos
live_topology
W=$LIVE_WORK
start=$SECONDS

# Servers in B: an in-house TCP service on orphaned 3255 (answers each request), a UDP echo
# on 3511, a long-lived TCP service on 4545; 5300 stays closed (ICMP port unreachable).
bg_in "$NS_B" 60 socat -T3 TCP-LISTEN:3255,reuseaddr,fork SYSTEM:'read l; echo "ACK $l"'
bg_in "$NS_B" 60 socat -T3 UDP-RECVFROM:3511,fork EXEC:cat
bg_in "$NS_B" 60 socat TCP-LISTEN:4545,reuseaddr EXEC:cat

bg_in "$NS_B" 60 tcpdump -i veth-b -n -U --time-stamp-precision=nano -w "$W/ref.pcap" 2>"$W/tcpdump.log"
tcpdump_pid=$LAST_BG
# Scans end after 3 quiet seconds here (300 by default), so one ends while the capture runs.
printf '[scan]\nepisode_quiet_s = 3\n' >"$W/scan.toml"
bg_in "$NS_B" 60 "$gp" live -i veth-b -o "$W/events.jsonl" -w "$W/live.pcapng" --stats-interval 2 --scan-config "$W/scan.toml" \
  "${extra[@]}" 2>"$W/live.log"
live_pid=$LAST_BG
wait_for_text "$W/tcpdump.log" "listening on" 10 || exit 1
wait_for_text "$W/live.log" "capturing on" 10 || exit 1
sleep 0.3

# A long session: ten lines, then idle and open until the end of the test.
bg_in "$NS_A" 45 socat SYSTEM:'for i in 1 2 3 4 5 6 7 8 9 10; do echo tick $i; sleep 0.1; done; sleep 40' \
  "TCP:$ADDR_B:4545"
# The in-house application: eight request/answer sessions.
for i in $(seq 1 8); do
  echo "REQ $i" | in_ns "$NS_A" 5 socat -t1 - "TCP:$ADDR_B:3255" >/dev/null
  sleep 0.1
done
# UDP to the echo service, and DNS to a port where nothing listens (refused), and to the echo.
for i in 1 2 3; do echo "ping $i" | in_ns "$NS_A" 5 socat -T1 - "UDP:$ADDR_B:3511" >/dev/null; done
for i in 1 2 3; do in_ns "$NS_A" 5 dig "@$ADDR_B" -p 5300 +tries=1 +timeout=1 example.org >/dev/null; done
in_ns "$NS_A" 5 dig "@$ADDR_B" -p 3511 +tries=1 +timeout=1 example.org >/dev/null
# A SYN scan of a few hundred ports, from another address of A (a scanner's other traffic
# would all be scan noise).
ip -n "$NS_A" addr add "$ADDR_SCAN/24" dev veth-a
in_ns "$NS_A" 60 nmap -n -Pn -sS -S "$ADDR_SCAN" -e veth-a -p 1-100,3200-3300 --max-retries 0 -T4 "$ADDR_B" \
  >"$W/nmap.log" 2>&1 ||
  { echo "FAIL: nmap failed"; cat "$W/nmap.log"; exit 1; }
# Idle long enough for the refused and closed flows to end on Zeek's 5 s timers while the
# capture runs, the scan to end (3 s quiet) and summaries to be printed.
sleep 7

kill -TERM "$live_pid" "$tcpdump_pid"
wait "$live_pid"
live_rc=$?
wait "$tcpdump_pid" 2>/dev/null
echo "--- ghostport live stderr"
cat "$W/live.log"
status=0
if ((live_rc != 0)); then echo "FAIL: ghostport live exited $live_rc after SIGTERM (expected 0)"; status=1; fi
grep -q "SIGTERM: writing every open flow" "$W/live.log" || { echo "FAIL: no shutdown message"; status=1; }
grep -q "packets/s" "$W/live.log" || { echo "FAIL: no periodic summary on stderr"; status=1; }
# -j N: the kernel's fanout hash must have given every worker some of the flows.
if per_worker=$(sed -nE 's/^ghostport live: packets per worker thread: //p' "$W/live.log") && [[ -n $per_worker ]]; then
  echo "packets per worker thread: $per_worker"
  for n in ${per_worker//,/ }; do ((n > 0)) || { echo "FAIL: a worker thread read no packet ($per_worker)"; status=1; }; done
fi
# -j N: an ICMP error the kernel gave another worker than its quoted flow is matched there.
if quotes=$(sed -nE 's/^ghostport live: ICMP errors whose quoted flow was on another worker: ([0-9]+), matched there: ([0-9]+)$/\1 \2/p' "$W/live.log") &&
  [[ -n $quotes ]]; then
  read -r forwarded matched <<<"$quotes"
  ((forwarded == matched)) || { echo "FAIL: $forwarded ICMP errors quoted another worker's flow, $matched matched"; status=1; }
fi

"$gp" flows -r "$W/ref.pcap" -F json -q >"$W/flows.json" || { echo "FAIL: flows on tcpdump's capture"; exit 1; }
"$gp" analyze -r "$W/ref.pcap" --conversations -F jsonl -q --scan-config "$W/scan.toml" >"$W/conversations.jsonl" 2>"$W/analyze.log" ||
  { echo "FAIL: analyze on tcpdump's capture"; cat "$W/analyze.log"; exit 1; }
"$gp" analyze -r "$W/ref.pcap" -F jsonl -q --scan-config "$W/scan.toml" >"$W/ports.jsonl" 2>>"$W/analyze.log" || { echo "FAIL: analyze (ports)"; exit 1; }
python3 "$here/compare_live.py" "$W/events.jsonl" "$W/flows.json" "$W/conversations.jsonl" --ports "$W/ports.jsonl" \
  --expect-shutdown-flows --expect-scanner "$ADDR_SCAN" \
  --expect-label scanner_noise --expect-label custom_application --expect-label misconfiguration || status=1

# -w holds the very packets tcpdump saw.
ref_packets=$(capinfos -c -M "$W/ref.pcap" | awk '/Number of packets/ {print $NF}')
live_packets=$(capinfos -c -M "$W/live.pcapng" | awk '/Number of packets/ {print $NF}')
echo "packets: tcpdump $ref_packets, ghostport -w $live_packets"
if [[ -z $ref_packets || $ref_packets != "$live_packets" ]]; then echo "FAIL: -w packet count differs"; status=1; fi
# The same flows, histories equal but for crossing packets (compare_live.same_history).
"$gp" flows -r "$W/live.pcapng" -F json -q | python3 -c '
import json, sys
sys.path.insert(0, sys.argv[2])
from compare_live import same_history
key = lambda d: (d["community_id"], float(d["ts"]), d["conn_state"], d["orig_pkts"], d["resp_pkts"])
a = sorted((key(d), d.get("history", "")) for d in map(json.loads, open(sys.argv[1])))
b = sorted((key(d), d.get("history", "")) for d in map(json.loads, sys.stdin))
ok = len(a) == len(b) and all(ka[0] == kb[0] and ka[2:] == kb[2:] and abs(ka[1] - kb[1]) <= 0.01 and same_history(ha, hb)
                             for (ka, ha), (kb, hb) in zip(a, b))
sys.exit(0 if ok else 1)' "$W/flows.json" "$here" || { echo "FAIL: flows of the -w file differ from tcpdump's"; status=1; }

echo "took $((SECONDS - start)) s"
((status == 0)) && echo "PASS" || { GP_KEEP_WORK=${GP_KEEP_WORK:-}; tail -5 "$W/events.jsonl"; }
exit $status
