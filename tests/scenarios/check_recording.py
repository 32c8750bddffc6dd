#!/usr/bin/env python3
"""Checks that a recording made by tools/record-scenarios holds the traffic its labels promise.

    check_recording.py DIR      (DIR holds <name>.pcap[ng] + <name>.labels.csv)

Reads every packet with tshark, keyed by the (client, server, server_port, transport) it
belongs to; an ICMP error counts for the packet it quotes.  Fails (exit 1) with one line per
broken promise, so a recorder that silently produced empty or wrong captures fails CI.
"""
import collections
import csv
import os
import subprocess
import sys

LABELS = {"custom_application", "misconfiguration", "scanner_noise", "suspicious", "benign"}
# A row may accept alternatives, "custom_application|unknown": what a capture artefact
# leaves judgeable (tools/score-labels credits either).
ALTERNATIVES = LABELS | {"unknown"}
COLUMNS = ["client", "server", "server_port", "transport", "label", "scenario", "tool", "port_role"]
SYN, FIN, RST, PSH, ACK, URG = 0x02, 0x01, 0x04, 0x08, 0x10, 0x20
problems = []


def fail(msg):
    problems.append(msg)
    print("FAIL: " + msg)


class Pkt:
    __slots__ = ("src", "dst", "proto", "sport", "dport", "flags", "icmp", "iplen", "plen")


def read_packets(path):
    fields = ["ip.src", "ip.dst", "ip.proto", "tcp.srcport", "tcp.dstport", "udp.srcport",
              "udp.dstport", "tcp.flags", "icmp.type", "icmp.code", "ip.len", "tcp.len", "udp.length",
              "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.plen", "icmpv6.type", "icmpv6.code"]
    cmd = ["tshark", "-n", "-r", path, "-T", "fields", "-E", "occurrence=l", "-E", "separator=\t"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=300).stdout
    pkts = []
    for line in out.splitlines():
        v = line.split("\t")
        p = Pkt()
        if not v[0] and v[13]:  # IPv6: same columns, ICMPv6 port unreachable as ICMP's (3, 3)
            v[0], v[1], v[2], v[10] = v[13], v[14], v[15], str(int(v[16] or 0) + 40)
            if v[17]:
                v[8], v[9] = ("3", "3") if (v[17], v[18]) == ("1", "4") else (v[17], v[18])
        p.src, p.dst = v[0], v[1]
        p.proto = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmp"}.get(v[2], v[2])
        p.sport = int(v[3] or v[5] or 0)
        p.dport = int(v[4] or v[6] or 0)
        p.flags = int(v[7], 16) if v[7] else None
        p.icmp = (int(v[8]), int(v[9])) if v[8] else None
        p.iplen = int(v[10] or 0)
        p.plen = int(v[11] or 0) if p.proto == "tcp" else max(0, int(v[12] or 8) - 8)
        pkts.append(p)
    return pkts


def tuple_of(p, servers):
    """(client, server, port, transport) for a packet, oriented by the labelled servers."""
    a = (p.src, p.dst, p.dport, p.proto)
    b = (p.dst, p.src, p.sport, p.proto)
    if a in servers:
        return a
    if b in servers:
        return b
    return None


def check(dirname, name, capfile):
    rows = list(csv.DictReader(open(os.path.join(dirname, name + ".labels.csv"))))
    if not rows:
        fail(f"{name}: no label rows")
        return
    if list(rows[0].keys()) != COLUMNS:
        fail(f"{name}: label columns {list(rows[0].keys())}, want {COLUMNS}")
    keys = {}
    for r in rows:
        k = (r["client"], r["server"], int(r["server_port"]), r["transport"])
        if k in keys:
            fail(f"{name}: tuple {k} labelled twice")
        keys[k] = r
        if not set(r["label"].split("|")) <= ALTERNATIVES or r["label"] == "unknown":
            fail(f"{name}: unknown label {r['label']!r}")
    pkts = read_packets(os.path.join(dirname, capfile))
    per = collections.defaultdict(list)
    unlabelled = collections.Counter()
    for p in pkts:
        if p.proto not in ("tcp", "udp"):
            continue
        k = tuple_of(p, keys)
        if k:
            per[k].append(p)
        else:
            unlabelled[(p.src, p.dst, p.dport, p.proto)] += 1
    empty = [k for k in keys if not per[k]]
    if empty:
        fail(f"{name}: {len(empty)} of {len(keys)} label rows have no packet, e.g. {empty[:3]}")
    transport_pkts = sum(1 for p in pkts if p.proto in ("tcp", "udp"))
    if transport_pkts and sum(unlabelled.values()) > 0.01 * transport_pkts:
        fail(f"{name}: {sum(unlabelled.values())} of {transport_pkts} TCP/UDP packets belong to "
             f"no label row, e.g. {unlabelled.most_common(3)}")
    by_scen = collections.defaultdict(list)
    for k, r in keys.items():
        by_scen[r["scenario"].split(".", 1)[1]].append(k)
    print(f"{name}: {len(pkts)} packets, {len(keys)} rows, "
          f"{dict(collections.Counter(r['label'] for r in rows))}")
    return keys, per, by_scen, pkts


def syns(ps):
    return [p for p in ps if p.flags is not None and p.flags & (SYN | ACK) == SYN]


def completed(ps):
    return any(p.flags is not None and p.flags & FIN for p in ps) and \
        any(p.plen > 0 for p in ps)


def expect(cond, msg):
    if not cond:
        fail(msg)


def check_custom(keys, per, by_scen, pkts):
    for scen, ks in by_scen.items():
        for k in ks:
            ps = per[k]
            c2s = [p for p in ps if p.src == k[0]]
            s2c = [p for p in ps if p.src == k[1]]
            expect(c2s and s2c, f"custom_application: {k} is not bidirectional")
            if k[3] == "tcp":
                expect(len(syns(ps)) >= 2, f"custom_application: {k} has {len(syns(ps))} sessions, want >= 2")
                expect(completed(ps), f"custom_application: {k} has no completed session with data")
    sizes = {p.plen for k in by_scen.get("inhouse_tcp", []) for p in per[k] if p.plen}
    expect(len(sizes) >= 10, f"custom_application: in-house payload sizes do not vary ({len(sizes)} distinct)")


def check_misconfig(keys, per, by_scen, pkts):
    unreach = [p for p in pkts if p.icmp == (3, 3)]
    rsts = [p for p in pkts if p.flags is not None and p.flags & RST]
    expect(len(unreach) >= 5, f"misconfiguration: {len(unreach)} ICMP port unreachables, want >= 5")
    expect(len(rsts) >= 5, f"misconfiguration: {len(rsts)} TCP RSTs, want >= 5")
    for scen in ("retry_closed_tcp", "wrong_host"):
        for k in by_scen.get(scen, []):
            expect(len(syns(per[k])) >= 3, f"misconfiguration: {scen} {k} retried {len(syns(per[k]))} times")
            expect(any(p.flags & RST for p in per[k] if p.flags is not None), f"misconfiguration: {scen} {k} never refused")
    for scen in ("retry_closed_udp", "dig_to_odd_port", "syslog_wrong_port", "ntp_wrong_port"):
        for k in by_scen.get(scen, []):
            expect(any(p.icmp == (3, 3) for p in per[k]), f"misconfiguration: {scen} {k} got no ICMP port unreachable")
    for k in by_scen.get("http_to_ssh", []):
        expect(any(p.src == k[0] and p.plen > 0 for p in per[k]) and any(p.src == k[1] and p.plen > 0 for p in per[k]),
               f"misconfiguration: http_to_ssh {k}: no request and banner")
    expect(by_scen.get("dig_to_odd_port"), "misconfiguration: no dig scenario")


def check_scanner(keys, per, by_scen, pkts):
    ports = collections.defaultdict(set)
    hosts = collections.defaultdict(set)
    flagset = collections.Counter()
    for p in pkts:
        if p.proto == "tcp" and p.flags is not None and p.icmp is None:
            flagset[p.flags & 0x3f] += 1
            if p.flags & (SYN | ACK) == SYN:
                ports[(p.src, p.dst)].add(p.dport)
                hosts[(p.src, p.dport)].add(p.dst)
    best = max((len(v) for v in ports.values()), default=0)
    expect(best >= 1000, f"scanner_noise: most ports SYN-probed by one source on one host is {best}, want >= 1000")
    widest = max((len(v) for v in hosts.values()), default=0)
    expect(widest >= 200, f"scanner_noise: widest horizontal sweep covers {widest} hosts, want >= 200")
    for f, what in ((FIN, "FIN"), (0, "NULL"), (FIN | PSH | URG, "Xmas")):
        expect(flagset[f] >= 50, f"scanner_noise: {flagset[f]} {what} probes, want >= 50")
    expect(sum(1 for p in pkts if p.icmp == (3, 3)) >= 10, "scanner_noise: UDP scan drew no ICMP port unreachables")
    for scen, want in (("backscatter_synack", SYN | ACK), ("backscatter_rst", RST)):
        ks = by_scen.get(scen, [])
        expect(ks, f"scanner_noise: no {scen} rows")
        for k in ks:
            # what a telescope sees: answers to a host that never asked
            expect(not any(p.src == k[0] for p in per[k]), f"scanner_noise: {scen} {k}: the spoofed host sent packets")
            expect(any(p.src == k[1] and p.flags is not None and p.flags & want == want for p in per[k]),
                   f"scanner_noise: {scen} {k}: no answer with flags {want:#x}")
    for scen in ("nmap_syn", "nmap_fin_null_xmas", "nmap_version", "nmap_connect_inside", "nmap_udp_inside",
                 "masscan", "zmap", "hping3_syn", "hping3_syn_inside"):
        expect(by_scen.get(scen), f"scanner_noise: no {scen} rows")


def check_suspicious(keys, per, by_scen, pkts):
    for scen in ("beacon_out", "beacon_in_accepted", "beacon_out_unassigned", "control_beacon_443"):
        for k in by_scen.get(scen, []):
            starts = syns(per[k])
            expect(len(starts) >= 8, f"suspicious: {scen} {k} beaconed {len(starts)} times, want >= 8")
    for k in by_scen.get("exfil_random", []):
        up = sum(p.iplen for p in per[k] if p.src == k[0])
        down = sum(p.iplen for p in per[k] if p.src == k[1])
        expect(up >= 1_000_000 and up > 20 * down, f"suspicious: exfil {k} sent {up} bytes up, {down} down")
    for k in by_scen.get("reverse_shell", []):
        expect(sum(p.plen for p in per[k] if p.src == k[0]) > 200, f"suspicious: reverse shell {k} returned no output")
        expect(any(p.src == k[1] and p.plen > 0 for p in per[k]), f"suspicious: reverse shell {k} got no commands")
    for k in by_scen.get("dns_tunnel_odd_port", []):
        expect(len([p for p in per[k] if p.src == k[0]]) >= 20, f"suspicious: dns tunnel {k} too short")
    for scen in ("beacon_out", "beacon_in_accepted", "reverse_shell", "exfil_random", "dns_tunnel_odd_port"):
        expect(by_scen.get(scen), f"suspicious: no {scen} rows")


def check_mixed_roles(keys, per, by_scen, pkts):
    for k in by_scen.get("scan_then_shell", []):
        expect(any(p.src == k[1] and p.flags is not None and p.flags & (SYN | ACK) == SYN | ACK for p in per[k]),
               f"mixed_roles: scan_then_shell {k}: the port never answered")
        expect(sum(p.plen for p in per[k] if p.src == k[1]) > 200, f"mixed_roles: scan_then_shell {k} returned no output")
        expect(sum(p.plen for p in per[k] if p.src == k[0]) > 20, f"mixed_roles: scan_then_shell {k} sent no commands")
    for k in by_scen.get("scan_then_upload", []):
        up = sum(p.iplen for p in per[k] if p.src == k[0])
        expect(up >= 1_000_000, f"mixed_roles: scan_then_upload {k} sent {up} bytes")
    for scen in ("scan_then_shell", "scan_then_upload"):
        for k in by_scen.get(scen, []):
            scanned = {kk[2] for kk in by_scen.get("attacker_scan", []) if kk[0] == k[0]}
            expect(len(scanned) >= 1000, f"mixed_roles: {scen} {k}: its client scanned {len(scanned)} ports")
    for scen in ("inside_sweeper_app_tcp", "inside_sweeper_app_udp", "inhouse_tcp_ipv6"):
        for k in by_scen.get(scen, []):
            expect(sum(1 for p in per[k] if p.src == k[1] and p.plen > 0) >= 4,
                   f"mixed_roles: {scen} {k}: too few answers")
    for scen in ("control_mqtt_pub", "control_mqtt_sub", "control_redis", "control_redis_ipv6",
                 "control_browsing_http", "control_browsing_https"):
        for k in by_scen.get(scen, []):
            expect(any(p.src == k[1] and p.plen > 0 for p in per[k]), f"mixed_roles: {scen} {k}: the service never answered")
    expect(any(":" in k[0] for k in keys), "mixed_roles: no IPv6 conversation")
    for scen in ("scan_then_shell", "scan_then_upload", "inside_sweep_tcp", "inside_sweep_udp",
                 "inside_sweeper_app_tcp", "inhouse_tcp_ipv6", "beacon_while_browsing", "control_mqtt_pub",
                 "control_redis"):
        expect(by_scen.get(scen), f"mixed_roles: no {scen} rows")


def check_artefacts(keys, per, by_scen, pkts):
    for k in by_scen.get("began_midstream", []):
        expect(not syns(per[k]), f"artefacts: began_midstream {k} has a SYN: the capture saw the start")
        expect(any(p.src == k[0] and p.plen > 0 for p in per[k]) and any(p.src == k[1] and p.plen > 0 for p in per[k]),
               f"artefacts: began_midstream {k}: no data both ways")
    for k in by_scen.get("one_sided", []):
        expect(not any(p.src == k[0] for p in per[k]), f"artefacts: one_sided {k}: the client's side was captured")
        expect(sum(p.plen for p in per[k] if p.src == k[1]) > 100, f"artefacts: one_sided {k}: no server data")
    for scen in ("began_midstream", "one_sided"):
        expect(by_scen.get(scen), f"artefacts: no {scen} rows")


def main():
    d = sys.argv[1]
    # Captures of scenarios added after the bundled corpus was recorded: checked when present,
    # required with --all (a fresh recording).
    later = {"mixed_roles": check_mixed_roles, "artefacts": check_artefacts}
    require_all = "--all" in sys.argv[2:]
    import shutil
    if not shutil.which("tshark") or not shutil.which("capinfos"):
        print("SKIP: tshark/capinfos missing (GHOSTPORT_WITH_TEST_TOOLS=1 tools/install-deps)")
        sys.exit(77)
    want = {"custom_application": check_custom, "misconfiguration": check_misconfig,
            "scanner_noise": check_scanner, "suspicious": check_suspicious, "mixed": None}
    files = os.listdir(d)
    for name, extra in later.items():
        if require_all or any(f.startswith(name + ".pcap") for f in files):
            want[name] = extra
    for name, extra in want.items():
        caps = [f for f in files if f.startswith(name + ".pcap")]
        if not caps:
            fail(f"{name}: no capture in {d}")
            continue
        res = check(d, name, caps[0])
        if res and extra:
            extra(*res)
        if name == "scanner_noise":
            kind = subprocess.run(["capinfos", "-t", os.path.join(d, caps[0])], capture_output=True, text=True).stdout
            expect("pcapng" in kind, f"scanner_noise: {caps[0]} is not pcapng ({kind.strip()})")
    if res:
        mixed_rows = sum(1 for _ in open(os.path.join(d, "mixed.labels.csv"))) - 1
        parts = sum(sum(1 for _ in open(os.path.join(d, n + ".labels.csv"))) - 1 for n in list(want)[:4])
        expect(mixed_rows >= parts * 0.99, f"mixed: {mixed_rows} rows, the parts have {parts}")
    print(f"check_recording: {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
