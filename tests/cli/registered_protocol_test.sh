#!/usr/bin/env bash
# Issue 22 item 3: a conversation speaking its port's registered protocol is the registered
# service in use, never a custom application or an alarm for being on an orphaned port.
# tests/data/recorded/registered_services.pcap: MQTT (mosquitto_pub/sub) on 1883 and Redis
# (redis-cli, IPv4 and IPv6) on 6379 between inside hosts, recorded by the project.
# Usage: registered_protocol_test.sh GHOSTPORT TEST_DATA_DIR
set -u
gp=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"
capture=$data/recorded/registered_services.pcap

# labels FILE: "port label standing" per port row of analyze -F jsonl.
labels() { python3 -c '
import json, sys
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line)
        print(r["port"], r["label"], r["standing"])' "$1" | sort; }

# Shipped layers: both are in the in-use layer, so active services.
expect shipped 0 "" -- "$gp" analyze -r "$capture" -q -F jsonl
labels "$tmp/out" >"$tmp/shipped"
[[ $(cat "$tmp/shipped") == $'1883 unknown active_service\n6379 unknown active_service' ]] ||
  fail "shipped layers: $(cat "$tmp/shipped")"

# Without the in-use layer and with an nmap-services that has seen them almost never, both
# ports are orphaned, as nmap's Internet-scan view alone makes them. The conversations still
# speak the registered protocol: no label, and the port card says the service is in use.
mkdir "$tmp/no-folklore"
printf 'mqtt\t1883/tcp\t0.000076\t# MQTT\nredis\t6379/tcp\t0.000076\t# Redis\nhttp\t80/tcp\t0.484143\t# WWW\n' \
  >"$tmp/nmap-services"
layers=(--folklore "$tmp/no-folklore" --nmap-services "$tmp/nmap-services")
expect orphaned 0 "" -- "$gp" analyze -r "$capture" -q -F jsonl "${layers[@]}"
labels "$tmp/out" >"$tmp/orphaned"
[[ $(cat "$tmp/orphaned") == $'1883 unknown orphaned\n6379 unknown orphaned' ]] ||
  fail "orphaned ports: $(cat "$tmp/orphaned")"
expect conversations 0 "" -- "$gp" analyze -r "$capture" -q -F jsonl --conversations "${layers[@]}"
python3 - "$tmp/out" <<'PY' || fail "conversations: not each the registered service in use"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(rows) == 4, rows
for r in rows:
    assert r["label"] == "unknown" and r["registered_protocol"], r
    assert r["protocol"] == {1883: "mqtt", 6379: "redis"}[r["port"]], r
    assert any(x["rule"] == "registered_service_in_use" for x in r["rules"]), r
assert any(":" in r["client"] for r in rows), "no IPv6 conversation"
PY
expect table 0 "" -- "$gp" analyze -r "$capture" -q "${layers[@]}"
grep -q "registered service in use (mqtt in 2 of 2 conversations)" "$tmp/out" ||
  fail "table: the MQTT port's reason does not say it is in use: $(cat "$tmp/out")"
report_and_exit
