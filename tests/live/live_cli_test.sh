#!/usr/bin/env bash
# ctest live_cli: ghostport live's contract with operators and scripts, on a veth pair in
# fresh network namespaces: each error message (no such interface, permission denied, invalid
# filter, bad -Z user, conflicting outputs) with its exit status; -Z nobody leaves a process
# whose every uid is nobody's and which holds no capability; SIGINT, SIGHUP (logrotate) and
# -c; drops reported when the kernel buffer overflows (the process is stopped meanwhile); the
# link going down and up, silence, interim records, --output-dir, --time-format; the interface
# going away; SPAN copies counted twice, said in the periodic summary; SIGTERM while the
# events' reader sleeps.
#   live_cli_test.sh GHOSTPORT SOURCE_DIR
set -u
gp=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/netns_lib.sh"
live_require socat ping setpriv tcpreplay editcap mergecap
live_topology
tmp=$LIVE_WORK
chmod 1777 "$tmp"  # -Z nobody writes its events here
source "$src/tests/cli/expect.sh"

# live_bg NAME ARGS...: ghostport live in B, in the background (LIVE_PID), stderr to $tmp/NAME.err
# (LIVE_ENV: extra environment).
live_bg() {
  local name=$1
  shift
  ip netns exec "$NS_B" env ${LIVE_ENV:-} "$gp" live "$@" 2>"$tmp/$name.err" &
  LIVE_PID=$!
  LIVE_BG+=("$LIVE_PID")
  wait_for_text "$tmp/$name.err" "capturing on" 10 || { fail "$name: did not start"; return 1; }
}
# stop_live SIGNAL NAME: sends SIGNAL, waits, checks exit 0
stop_live() {
  kill "-$1" "$LIVE_PID"
  wait "$LIVE_PID"
  local rc=$?
  if ((rc != 0)); then fail "$2: exit $rc after SIG$1 (want 0)"; sed 's/^/    /' "$tmp/$2.err"; else passes=$((passes + 1)); fi
}
udp_from_a() { echo "$2" | in_ns "$NS_A" 5 socat -u - "UDP:$ADDR_B:$1" 2>/dev/null; }

# --- messages and statuses
expect no_interface 2 'name the interface to capture on with -i' -- "$gp" live
expect no_such_interface 1 "no such interface 'gp-nope0'; available: .*lo" -- ip netns exec "$NS_B" "$gp" live -i gp-nope0
expect invalid_filter 1 "invalid BPF filter 'tcp port banana'.*pcap-filter\\(7\\)" -- \
  ip netns exec "$NS_B" "$gp" live -i veth-b tcp port banana
expect permission_denied 1 "cannot capture on 'veth-b': permission denied .*CAP_NET_RAW.*setcap cap_net_raw,cap_net_admin=eip" -- \
  ip netns exec "$NS_B" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all --bounding-set=-all \
  "$gp" live -i veth-b
expect no_such_user 1 '-Z gp-no-such-user: no such user' -- ip netns exec "$NS_B" "$gp" live -i veth-b -Z gp-no-such-user
expect two_stdouts 2 '-w - and the events both want standard output' -- "$gp" live -i lo -w -
expect unwritable_pcap 1 "cannot open packet file '/nonexistent-dir/x.pcapng'" -- \
  ip netns exec "$NS_B" "$gp" live -i veth-b -w /nonexistent-dir/x.pcapng -c 1
if "$gp" live -D >"$tmp/list" 2>&1 && grep -q '^[0-9]*\.lo ' "$tmp/list"; then
  passes=$((passes + 1))
else
  fail "list_interfaces: lo not listed"; cat "$tmp/list"
fi

# --- -Z nobody: every uid and gid is nobody's, no capability, no way back
# After setuid the kernel marks the process non-dumpable (no ptrace, which keeps another
# process of nobody's away from the capture socket); LeakSanitizer's exit check needs ptrace,
# so the sanitizer build skips it for this one run.
if LIVE_ENV="ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0" \
  live_bg drop_privileges -i veth-b -Z nobody -o "$tmp/nobody.jsonl" 'udp port 4000'; then
  status=/proc/$LIVE_PID/status
  nobody_uid=$(id -u nobody)
  nobody_gid=$(id -g nobody)
  uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "$status")
  gids=$(awk '/^Gid:/ {print $2, $3, $4, $5}' "$status")
  groups=$(awk '/^Groups:/ {$1 = ""; print}' "$status" | xargs)
  caps=$(awk '/^Cap(Inh|Prm|Eff|Amb):/ {print $2}' "$status" | sort -u)
  nnp=$(awk '/^NoNewPrivs:/ {print $2}' "$status")
  echo "after -Z nobody: Uid $uids, Gid $gids, Groups '$groups', caps $caps, NoNewPrivs $nnp"
  [[ $uids == "$nobody_uid $nobody_uid $nobody_uid $nobody_uid" ]] && passes=$((passes + 1)) || fail "drop_privileges: Uid $uids"
  [[ $gids == "$nobody_gid $nobody_gid $nobody_gid $nobody_gid" ]] && passes=$((passes + 1)) || fail "drop_privileges: Gid $gids"
  [[ $groups == "$nobody_gid" || -z $groups ]] && passes=$((passes + 1)) || fail "drop_privileges: groups '$groups'"
  [[ $caps == 0000000000000000 ]] && passes=$((passes + 1)) || fail "drop_privileges: capabilities $caps"
  [[ $nnp == 1 ]] && passes=$((passes + 1)) || fail "drop_privileges: NoNewPrivs $nnp"
  # Still capturing as nobody, and writing its events.
  udp_from_a 4000 hello
  sleep 0.5
  stop_live TERM drop_privileges
  [[ $(stat -c %U "$tmp/nobody.jsonl") == nobody ]] && passes=$((passes + 1)) || fail "drop_privileges: event file not nobody's"
  grep -q '"event":"flow".*"resp_p":4000' "$tmp/nobody.jsonl" && passes=$((passes + 1)) ||
    fail "drop_privileges: the flow captured after the drop is missing"
fi

# --- SIGINT ends like SIGTERM: open flows written, final summary
if live_bg sigint -i veth-b -o "$tmp/sigint.jsonl" 'udp port 4001'; then
  udp_from_a 4001 one
  sleep 0.3
  stop_live INT sigint
  grep -q 'SIGINT: writing every open flow' "$tmp/sigint.err" && passes=$((passes + 1)) || fail "sigint: no message"
  grep -q '"ended":"shutdown"' "$tmp/sigint.jsonl" && passes=$((passes + 1)) || fail "sigint: the open UDP flow is missing"
  grep -q '"event":"stats","final":true' "$tmp/sigint.jsonl" && passes=$((passes + 1)) || fail "sigint: no final stats"
fi

# --- SIGTERM while traffic flows: every flow tcpdump saw on the interface has its event
if live_bg busy -i veth-b -o "$tmp/busy.jsonl" 'port 4004 or icmp'; then
  bg_in "$NS_B" 30 tcpdump -i veth-b -n -U -w "$tmp/busy.pcap" 'port 4004 or icmp' 2>"$tmp/busy-tcpdump.log"
  busy_tcpdump=$LAST_BG
  wait_for_text "$tmp/busy-tcpdump.log" "listening on" 10
  bg_in "$NS_B" 30 socat -u TCP-LISTEN:4004,reuseaddr OPEN:/dev/null
  sleep 0.2
  bg_in "$NS_A" 30 socat -u SYSTEM:'while echo data; do sleep 0.01; done' "TCP:$ADDR_B:4004,retry=20,interval=0.1"
  bg_in "$NS_A" 30 ping -q -i 0.02 "$ADDR_B" >/dev/null
  sleep 1
  kill -TERM "$busy_tcpdump"
  stop_live TERM busy
  wait "$busy_tcpdump" 2>/dev/null
  "$gp" flows -r "$tmp/busy.pcap" -F json -q >"$tmp/busy-flows.json"
  python3 - "$tmp/busy-flows.json" "$tmp/busy.jsonl" <<'EOF' && passes=$((passes + 1)) || fail "busy: flows open at SIGTERM missing from the events"
import json, sys
offline = {d["community_id"] for d in map(json.loads, open(sys.argv[1]))}
events = [e for e in map(json.loads, open(sys.argv[2])) if e["event"] == "flow"]
live = {e["community_id"] for e in events}
shutdown = sum(1 for e in events if e["ended"] == "shutdown")
print(f"busy: {len(offline)} flows in tcpdump's capture, {len(live)} in the events, {shutdown} written at shutdown")
sys.exit(0 if offline and offline <= live and shutdown >= 2 else 1)
EOF
fi

# --- SIGHUP: after logrotate moved the files, events and packets go to new files by the same names
if live_bg sighup -i veth-b -o "$tmp/hup.jsonl" -w "$tmp/hup.pcapng" --stats-interval 1 'udp port 4002'; then
  udp_from_a 4002 before
  sleep 1.5
  mv "$tmp/hup.jsonl" "$tmp/hup.jsonl.1"
  mv "$tmp/hup.pcapng" "$tmp/hup.pcapng.1"
  kill -HUP "$LIVE_PID"
  wait_for_text "$tmp/sighup.err" "SIGHUP: output files reopened" 5 || fail "sighup: no reopen message"
  udp_from_a 4002 after-rotation
  sleep 0.3
  stop_live TERM sighup
  [[ -s $tmp/hup.jsonl.1 ]] && passes=$((passes + 1)) || fail "sighup: nothing written before the rotation"
  grep -q '"event":"stats","final":true' "$tmp/hup.jsonl" && passes=$((passes + 1)) || fail "sighup: final events not in the new file"
  n_old=$("$gp" flows -r "$tmp/hup.pcapng.1" -q | grep -vc '^#')
  n_new=$("$gp" flows -r "$tmp/hup.pcapng" -q | grep -vc '^#')
  ((n_old >= 1 && n_new >= 1)) && passes=$((passes + 1)) || fail "sighup: packets before ($n_old flows) and after ($n_new) the rotation"
fi

# --- -c N stops after N packets, as SIGTERM would
if live_bg count -i veth-b -c 3 -o "$tmp/count.jsonl" 'udp port 4003'; then
  for i in 1 2 3 4 5; do udp_from_a 4003 "x $i"; done
  for ((i = 0; i < 100; i++)); do kill -0 "$LIVE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$LIVE_PID" 2>/dev/null; then fail "count: still running after 3 packets"; kill -TERM "$LIVE_PID"; fi
  wait "$LIVE_PID" && passes=$((passes + 1)) || fail "count: exit $? (want 0)"
  grep -q '"packets":3,' "$tmp/count.jsonl" && passes=$((passes + 1)) || fail "count: not 3 packets"
fi

# --- drops: a 256 KiB buffer, the process stopped while 20,000 pings fill it
if live_bg drops -i veth-b -B 256 -o "$tmp/drops.jsonl" --stats-interval 1 icmp; then
  kill -STOP "$LIVE_PID"
  in_ns "$NS_A" 20 ping -q -f -c 20000 -s 1400 "$ADDR_B" >/dev/null 2>&1
  kill -CONT "$LIVE_PID"
  wait_for_text "$tmp/drops.err" "packets dropped on veth-b" 10 || fail "drops: no warning"
  sleep 1.2
  stop_live TERM drops
  grep -q '"event":"drops"' "$tmp/drops.jsonl" && passes=$((passes + 1)) || fail "drops: no drops event"
  python3 - "$tmp/drops.jsonl" <<'EOF' && passes=$((passes + 1)) || fail "drops: final stats do not count them"
import json, sys
final = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "stats" and e.get("final")]
sys.exit(0 if final and final[0]["kernel_drops"] > 0 else 1)
EOF
  grep -E "drops: [0-9,]+ kernel" "$tmp/drops.err" | tail -1
fi

# --- epochs: a full model ends the epoch (its final events) instead of leaving flows unjudged;
# --epoch does the same on a clock
if live_bg epoch_full -i veth-b --max-conversations 4 -o "$tmp/epoch-full.jsonl" 'udp portrange 4020-4029'; then
  for p in 4020 4021 4022 4023 4024 4025 4026 4027 4028 4029; do udp_from_a "$p" "to $p"; done
  sleep 0.3
  stop_live TERM epoch_full
  python3 - "$tmp/epoch-full.jsonl" <<'EOF' && passes=$((passes + 1)) || fail "epoch_full: epochs"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
epochs = [e["epoch"] for e in ev if e["event"] == "epoch"]
convs = [e for e in ev if e["event"] == "conversation"]
unjudged = [e for e in ev if e["event"] == "flow" and "unjudged" in e]
ports = sorted(e["port"] for e in convs)
print(f"epoch_full: new epochs {epochs}, {len(convs)} final conversations in epochs "
      f"{sorted({e['epoch'] for e in convs})}, {len(unjudged)} unjudged flows")
sys.exit(0 if epochs == [2, 3] and ports == list(range(4020, 4030)) and not unjudged else 1)
EOF
fi
if live_bg epoch_clock -i veth-b --epoch 1 --udp-timeout 1 -o "$tmp/epoch-clock.jsonl" 'udp port 4030 or udp port 4031'; then
  udp_from_a 4030 first
  sleep 3
  udp_from_a 4031 second
  sleep 0.3
  stop_live TERM epoch_clock
  python3 - "$tmp/epoch-clock.jsonl" <<'EOF' && passes=$((passes + 1)) || fail "epoch_clock: epochs"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
epochs = [e["epoch"] for e in ev if e["event"] == "epoch"]
convs = sorted((e["port"], e["epoch"]) for e in ev if e["event"] == "conversation")
print(f"epoch_clock: new epochs {epochs}, conversations (port, epoch) {convs}")
sys.exit(0 if len(epochs) >= 2 and [p for p, _ in convs] == [4030, 4031] and convs[0][1] < convs[1][1] else 1)
EOF
fi

# --- sensor health (issue 13): the link goes down and comes back (capture resumes by itself),
# a silent link raises one alarm and one all-clear; a long-lived connection gets interim
# records and is counted once; --output-dir and --time-format iso8601
if live_bg health -i veth-b --output-dir "$tmp/run" --time-format iso8601 --silence-alarm 2 --interim 1 \
  'udp port 4040 or tcp port 4041'; then
  udp_from_a 4040 before-down
  sleep 0.5
  ip -n "$NS_B" link set veth-b down
  wait_for_text "$tmp/health.err" "went down" 5 || fail "health: no link-down message"
  sleep 1.5
  ip -n "$NS_B" link set veth-b up
  wait_for_text "$tmp/health.err" "is up again" 5 || fail "health: no link-up message"
  ip netns exec "$NS_A" timeout 5 ping -c1 -W2 "$ADDR_B" >/dev/null || true  # carrier back on both ends
  udp_from_a 4040 after-up
  wait_for_text "$tmp/health.err" "no packet on veth-b" 8 || fail "health: no silence alarm"
  bg_in "$NS_B" 20 socat -u TCP-LISTEN:4041,reuseaddr OPEN:/dev/null
  sleep 0.2
  in_ns "$NS_A" 15 socat -u SYSTEM:'for i in 1 2 3 4 5 6 7 8; do echo x; sleep 0.5; done' \
    "TCP:$ADDR_B:4041,retry=20,interval=0.1"
  sleep 0.3
  stop_live TERM health
  python3 - "$tmp/run/events.jsonl" <<'EOF' && passes=$((passes + 1)) || fail "health: events"
import json, re, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
health = [e["status"] for e in ev if e["event"] == "health"]
iso = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
bad_ts = [e["event"] for e in ev if not iso.match(str(e.get("ts", "")))]
udp = [e for e in ev if e["event"] == "flow" and e["resp_p"] == 4040]
tcp = [e for e in ev if e["event"] == "flow" and e["resp_p"] == 4041]
interim = [e for e in ev if e["event"] == "flow_interim" and e["resp_p"] == 4041]
final = [e for e in ev if e["event"] == "stats" and e.get("final")]
print(f"health: statuses {health}; {len(udp)} udp flows (before down, after up); tcp flows {len(tcp)}, "
      f"interim records {[e['interim'] for e in interim]}; timestamps not ISO 8601: {bad_ts[:3]}; "
      f"tcp bytes {[e['orig_bytes'] for e in interim + tcp]}; final stats: "
      f"{ {k: final[0].get(k) for k in ('flows', 'interim_records', 'drop_rate')} if final else None}")
# Down then up, once each; silence alarms only after the link's return (never while down),
# alternating with all-clears, and the TCP connection clears the last one. How many alarms
# there are depends on how long the carrier takes to come back, so that is not pinned.
downs = [i for i, s in enumerate(health) if s == "interface_down"]
ups = [i for i, s in enumerate(health) if s == "interface_up"]
silence = [(i, s) for i, s in enumerate(health) if s in ("no_packets", "packets_resumed")]
ok = len(downs) == 1 and len(ups) == 1 and downs[0] < ups[0]
ok &= len(silence) >= 2 and silence[0][0] > ups[0] and silence[0][1] == "no_packets"
ok &= all(a[1] != b[1] for a, b in zip(silence, silence[1:])) and silence[-1][1] == "packets_resumed"
ok &= len(udp) == 2 and not bad_ts
ok &= len(tcp) == 1 and len(interim) >= 2 and all(e["uid"] == tcp[0]["uid"] for e in interim)
ok &= [e["interim"] for e in interim] == sorted({e["interim"] for e in interim})
ok &= all(e["orig_bytes"] <= tcp[0]["orig_bytes"] for e in interim) and tcp[0]["orig_bytes"] == 16
ok &= bool(final) and final[0]["flows"] == 3 and final[0]["interim_records"] == sum(e["event"] == "flow_interim" for e in ev) and "drop_rate" in final[0]
sys.exit(0 if ok else 1)
EOF
fi

# --- SPAN copies (issue 12): a capture with every packet twice, replayed onto the link; the
# periodic summary says they are counted twice and which --dedup drops them
editcap -r "$src/pcaps/mixed.pcap" "$tmp/first.pcap" 1-300 &&
  mergecap -F pcap -w "$tmp/twice.pcap" "$tmp/first.pcap" "$tmp/first.pcap" || fail "span_copies: editcap/mergecap"
if live_bg span_copies -i veth-b --stats-interval 1 -o "$tmp/span.jsonl"; then
  in_ns "$NS_A" 20 tcpreplay -q -t -i veth-a "$tmp/twice.pcap" >/dev/null 2>&1 || fail "span_copies: tcpreplay"
  wait_for_text "$tmp/span_copies.err" "are counted twice: restart with --dedup 1ms" 5 || fail "span_copies: no warning"
  stop_live TERM span_copies
  python3 - "$tmp/span.jsonl" <<'EOF2' && passes=$((passes + 1)) || fail "span_copies: stats events"
import json, sys
final = [e for e in map(json.loads, open(sys.argv[1])) if e["event"] == "stats" and e.get("final")]
kept = final[0]["duplicates_kept"] if final else None
print(f"span_copies: {kept} copies kept (300 packets replayed twice)")
sys.exit(0 if kept and 100 <= kept <= 300 and final[0]["duplicates_dropped"] == 0 else 1)
EOF2
fi

# --- SIGTERM while the events' reader sleeps (a pipe nobody drains, as a stuck consumer under
# systemd): the shutdown's 2,000 flow events fill the pipe many times over; live must still end
# within its close deadline, counting the events the reader never took, not hang in write().
mkfifo "$tmp/stall.fifo"
sleep 60 <"$tmp/stall.fifo" &
stall_reader=$!
LIVE_BG+=("$stall_reader")
ip netns exec "$NS_B" "$gp" live -i veth-b 'udp port 4006' >"$tmp/stall.fifo" 2>"$tmp/stall.err" &
LIVE_PID=$!
LIVE_BG+=("$LIVE_PID")
if wait_for_text "$tmp/stall.err" "capturing on" 10; then
  in_ns "$NS_A" 20 python3 -c '
import socket, sys
for _ in range(2000):  # a new socket each time: a new source port, a new flow
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.sendto(b"x", (sys.argv[1], 4006))
' "$ADDR_B"
  sleep 1
  kill -TERM "$LIVE_PID"
  for ((i = 0; i < 150; i++)); do kill -0 "$LIVE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$LIVE_PID" 2>/dev/null; then
    fail "stalled_reader: still running 15 s after SIGTERM (blocked writing to a reader that sleeps)"
    kill -KILL "$LIVE_PID"
  fi
  wait "$LIVE_PID"
  rc=$?
  ((rc == 0)) && passes=$((passes + 1)) || fail "stalled_reader: exit $rc after SIGTERM (want 0)"
  grep -q "events dropped: the reader of .* did not keep up" "$tmp/stall.err" && passes=$((passes + 1)) ||
    { fail "stalled_reader: no warning counting the events the reader never took"; sed 's/^/    /' "$tmp/stall.err"; }
else
  fail "stalled_reader: did not start"
fi
kill "$stall_reader" 2>/dev/null
wait "$stall_reader" 2>/dev/null

# --- the interface disappears: what was seen is written, exit 1 with the reason (last: it
# removes the veth pair)
if live_bg gone -i veth-b -o "$tmp/gone.jsonl" 'udp port 4010'; then
  udp_from_a 4010 last-words
  sleep 0.3
  ip -n "$NS_A" link del veth-a
  for ((i = 0; i < 50; i++)); do kill -0 "$LIVE_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$LIVE_PID" 2>/dev/null; then fail "gone: still running without its interface"; kill -TERM "$LIVE_PID"; fi
  wait "$LIVE_PID"
  rc=$?
  ((rc == 1)) && passes=$((passes + 1)) || fail "gone: exit $rc (want 1)"
  grep -q "capture on 'veth-b' .*the flows seen so far are written" "$tmp/gone.err" && passes=$((passes + 1)) ||
    fail "gone: no message"
  grep -q '"event":"flow".*"resp_p":4010' "$tmp/gone.jsonl" && passes=$((passes + 1)) || fail "gone: the flow is lost"
fi

report_and_exit
