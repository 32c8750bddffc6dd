#!/usr/bin/env bash
# nmap's scan techniques recorded with the real nmap (issue 25 item 4): -sS, -sT, -sU, -sF, -sN,
# -sX, -sA and -sM. Each technique is run from namespace A against namespace B (a TCP and a UDP
# listener there), recorded by tcpdump inside B, and `scan-report -F json` must name the
# scan's tool nmap, with the technique.
# Root only (network namespaces); exits 77 (skip) otherwise or without nmap/tcpdump/socat.
# Usage: nmap_fingerprints_test.sh GHOSTPORT SOURCE_DIR
set -u
gp=$1
src=$2
source "$src/tests/live/netns_lib.sh"
live_require nmap tcpdump socat
live_topology
tmp=$LIVE_WORK
source "$(dirname "$0")/expect.sh"

# Listeners that accept and say nothing (an answer would make a connect a session).
bg_in "$NS_B" 300 socat TCP4-LISTEN:8080,fork,reuseaddr SYSTEM:'sleep 3'
bg_in "$NS_B" 300 socat -T1 UDP4-RECVFROM:9999,fork SYSTEM:'echo pong'
sleep 0.5

# record NAME nmap-args...: one technique's traffic, as B's interface saw it.
record() {
  local name=$1
  shift
  bg_in "$NS_B" 120 tcpdump -q -n -i veth-b -w "$tmp/$name.pcap" -U 2>/dev/null
  local dump=$LAST_BG
  sleep 1  # tcpdump opens its handle
  in_ns "$NS_A" 90 nmap -n -Pn -T4 --max-retries 1 "$@" "$ADDR_B" >"$tmp/$name.nmap" 2>&1 ||
    fail "$name: nmap failed: $(tail -3 "$tmp/$name.nmap")"
  sleep 1
  kill -INT "$dump" 2>/dev/null
  wait "$dump" 2>/dev/null
}

# check NAME TECHNIQUE OPEN_PORT: the report of NAME's recording has one episode from A, its
# tool nmap, its technique TECHNIQUE ("-": not checked) and B's OPEN_PORT among the targets
# ("-": not checked; an open port does not answer a FIN, NULL, Xmas or Maimon probe).
check() {
  local name=$1 technique=$2 open=$3
  expect "$name" 0 "" -- "$gp" scan-report -q -r "$tmp/$name.pcap" -F json
  python3 - "$tmp/out" "$ADDR_A" "$technique" "$open" <<'PY' || fail "$name: $(cat "$tmp/why" 2>/dev/null)"
import json, sys
doc = json.load(open(sys.argv[1]))
source, technique, open_port = sys.argv[2], sys.argv[3], sys.argv[4]
eps = [e for e in doc["episodes"] if e["source"] == source]
def fail(msg):
    open(sys.argv[1].rsplit("/", 1)[0] + "/why", "w").write(msg)
    sys.exit(1)
if len(eps) != 1:
    fail(f"{len(eps)} episodes from {source}, want 1: {[(e['tool'], e['probes']) for e in eps]}")
e = eps[0]
if e["tool"] != "nmap":
    fail(f"tool {e['tool']}, want nmap (technique {e['technique']}, {e['probes']} probes)")
if technique != "-" and e["technique"] != technique:
    fail(f"technique {e['technique']}, want {technique}")
targets = {t["address"]: [p["port"] for p in t["open_ports"]] for t in doc["targets"]}
if open_port != "-" and int(open_port) not in sum(targets.values(), []):
    fail(f"open port {open_port} not among the targets: {targets}")
PY
}

record sS -sS -p 1-200,8080
check sS syn 8080
record sT -sT -p 1-200,8080
# -sT's SYNs are the kernel's; most are refused (kind syn), the open one is a connect closed by RST.
check sT - 8080
record sU -sU -p 1-120,9999
check sU udp 9999
# The stealth techniques: raw segments with one flag pattern each, which Linux answers with a
# RST from a closed port (and, for ACK and Maimon, from the open one too).
for technique in sF:fin sN:null sX:xmas sA:ack sM:maimon; do
  record "${technique%%:*}" "-${technique%%:*}" -p 1-100,8080
  check "${technique%%:*}" "${technique#*:}" -
done

report_and_exit
