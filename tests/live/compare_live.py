#!/usr/bin/env python3
"""Checks `ghostport live` events against the offline analysis of a capture of the same
interface (tcpdump, analysed with `ghostport flows` and `ghostport analyze --conversations`).

  compare_live.py EVENTS.jsonl FLOWS.json CONVERSATIONS.jsonl [--ports PORTS.jsonl]
                  [--expect-shutdown-flows] [--expect-scanner ADDR] [--expect-label LABEL ...]

Every flow the offline run names must have a `flow` event (same Community ID, start time,
conn_state and packet counts), every offline conversation a final `conversation` event with
the same label, and the flow's conversation the same final label; with --ports, every port
the same final label and flow count; nothing extra either way.
Exit 0 when all agree, 1 with every difference listed.
"""
import argparse
import collections
import json
import sys


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def same_history(a, b):
    """Zeek histories equal but for crossing packets: one letter each way (upper case the
    originator's, lower case the responder's) swapped in place. Packets crossing on a veth
    within the same instant reach two capture sockets in either order (the kernel taps the
    transmit and receive paths on different CPUs), so tcpdump and ghostport may disagree on
    that order and nothing else."""
    if len(a) != len(b):
        return False
    i = 0
    while i < len(a):
        if a[i] == b[i]:
            i += 1
        elif (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i]
              and a[i].isupper() != a[i + 1].isupper()):
            i += 2
        else:
            return False
    return True


def conv_key(d):
    return (d["client"], d["server"], int(d["port"]), d["transport"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("events")
    ap.add_argument("flows")
    ap.add_argument("conversations")
    ap.add_argument("--expect-shutdown-flows", action="store_true",
                    help="at least one flow was still open at SIGTERM and was written")
    ap.add_argument("--expect-scanner", action="append", default=[])
    ap.add_argument("--expect-label", action="append", default=[])
    ap.add_argument("--ports", help="analyze -F jsonl of the same capture: final port labels must agree")
    args = ap.parse_args()

    events = read_jsonl(args.events)
    offline_flows = read_jsonl(args.flows)
    offline_convs = read_jsonl(args.conversations)
    problems = []
    by_kind = collections.Counter(e["event"] for e in events)
    print("live events:", dict(sorted(by_kind.items())))

    # Flows: one event per offline flow, the same packets seen. Two capture sockets stamp a
    # packet independently (microseconds apart), so flows are paired by Community ID, in
    # start order, within 10 ms.
    live_flows = collections.defaultdict(list)
    for e in events:
        if e["event"] == "flow":
            live_flows[e["community_id"]].append(e)
    off_by_cid = collections.defaultdict(list)
    for f in offline_flows:
        off_by_cid[f["community_id"]].append(f)
    for cid in sorted(off_by_cid.keys() | live_flows.keys()):
        offs = sorted(off_by_cid.get(cid, []), key=lambda f: float(f["ts"]))
        lives = sorted(live_flows.get(cid, []), key=lambda e: float(e["start"]))
        for f, e in zip(offs, lives):
            if abs(float(f["ts"]) - float(e["start"])) > 0.01:
                problems.append(f"flow {cid}: starts at {f['ts']} offline, {e['start']} live")
            for a in ("conn_state", "orig_pkts", "resp_pkts"):
                if e.get(a, "") != f.get(a, ""):
                    problems.append(f"flow {cid} at {f['ts']}: {a} live {e.get(a)!r}, offline {f.get(a)!r}")
            if not same_history(e.get("history", ""), f.get("history", "")):
                problems.append(f"flow {cid} at {f['ts']}: history live {e.get('history')!r}, "
                                f"offline {f.get('history')!r}")
        for f in offs[len(lives):]:
            problems.append(f"offline flow {f['uid']} {f['id.orig_h']}:{f['id.orig_p']} -> "
                            f"{f['id.resp_h']}:{f['id.resp_p']}/{f['proto']} at {f['ts']} has no live flow event")
        for e in lives[len(offs):]:
            problems.append(f"live flow {e['orig_h']}:{e['orig_p']} -> {e['resp_h']}:{e['resp_p']}/{e['proto']} "
                            f"at {e['start']} is not in the offline capture")
    print(f"flows: offline {len(offline_flows)}, live {sum(1 for e in events if e['event'] == 'flow')}")

    # Conversations: the same set, the same final labels.
    live_convs = {conv_key(e): e for e in events if e["event"] == "conversation" and e.get("final")}
    off_convs = {conv_key(c): c for c in offline_convs}
    for k, c in off_convs.items():
        e = live_convs.get(k)
        if e is None:
            problems.append(f"offline conversation {k} ({c['label']}) has no final live conversation event")
        elif e["label"] != c["label"]:
            problems.append(f"conversation {k}: live label {e['label']}, offline {c['label']}")
        elif e["flows"] != c["flows"]:
            problems.append(f"conversation {k}: live {e['flows']} flows, offline {c['flows']}")
    for k in live_convs.keys() - off_convs.keys():
        problems.append(f"live conversation {k} is not in the offline analysis")
    # Each flow's final label (its conversation's) is the offline one.
    for lst_key, lst in ((None, [e for e in events if e["event"] == "flow"]),):
        for e in lst:
            k = (e["client"], e["server"], int(e["port"]), e["transport"])
            if k not in off_convs:
                problems.append(f"flow {e['uid']}: its conversation {k} is not in the offline analysis")
    if args.ports:
        off_ports = {(p["port"], p["transport"]): p for p in read_jsonl(args.ports)}
        live_ports = {(e["port"], e["transport"]): e for e in events if e["event"] == "port" and e.get("final")}
        for k, p in off_ports.items():
            e = live_ports.get(k)
            if e is None:
                problems.append(f"offline port {k} has no final live port event")
            elif (e["label"], e["flows"]) != (p["label"], p["flows"]):
                problems.append(f"port {k}: live {e['label']} ({e['flows']} flows), offline {p['label']} ({p['flows']})")
        for k in live_ports.keys() - off_ports.keys():
            problems.append(f"live port {k} is not in the offline analysis")
        print(f"ports: offline {len(off_ports)}, live {len(live_ports)}")
    labels = collections.Counter(c["label"] for c in off_convs.values())
    print("offline conversation labels:", dict(sorted(labels.items())))

    if args.expect_shutdown_flows:
        n = sum(1 for e in events if e["event"] == "flow" and e.get("ended") == "shutdown")
        print(f"flows written at shutdown: {n}")
        if n == 0:
            problems.append("no flow was written at shutdown, yet flows were open at SIGTERM")
    for addr in args.expect_scanner:
        started = [e for e in events if e["event"] == "scan_started" and e["source"] == addr]
        ended = [e for e in events if e["event"] == "scan_ended" and e["source"] == addr]
        final = [e for e in events if e["event"] == "scanner" and e["source"] == addr]
        if not started or not ended or not final:
            problems.append(f"scanner {addr}: scan_started {len(started)}, scan_ended {len(ended)}, final {len(final)}")
        else:
            print(f"scanner {addr}: {started[0]['type']} {started[0]['tool']}, ended ({ended[-1]['ended_by']})")
    for label in args.expect_label:
        if labels[label] == 0:
            problems.append(f"no conversation labelled {label}: the traffic did not exercise it")
    if not any(e["event"] == "stats" and e.get("final") for e in events):
        problems.append("no final stats event")
    if by_kind["port_label"] == 0:
        problems.append("no port_label event")

    for p in problems[:60]:
        print("FAIL:", p)
    if len(problems) > 60:
        print(f"FAIL: ... and {len(problems) - 60} more")
    print("ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
