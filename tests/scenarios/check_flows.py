#!/usr/bin/env python3
"""Every labelled (client, server, server_port, transport) row of every bundled capture must
be matched by at least one flow that `ghostport flows -F json` writes.

    check_flows.py GHOSTPORT PCAP_DIR

A flow matches a row when its Zeek conn.log key is the row, in either orientation: for
backscatter the only packets are the server's SYN-ACKs or RSTs, and whether a flow table
calls their sender the originator is Zeek's business (it flips such connections, `^` in
history), not the label's.  Prints the match rate per capture; exit 1 below 100 %.
"""
import csv
import json
import os
import subprocess
import sys


def main():
    ghostport, pcap_dir = sys.argv[1], sys.argv[2]
    caps = sorted(f for f in os.listdir(pcap_dir)
                  if f.endswith((".pcap", ".pcapng")) and
                  os.path.exists(os.path.join(pcap_dir, f.rsplit(".", 1)[0] + ".labels.csv")))
    if not caps:
        print(f"check_flows: no labelled captures in {pcap_dir}")
        return 1
    failed = 0
    for cap in caps:
        labels = os.path.join(pcap_dir, cap.rsplit(".", 1)[0] + ".labels.csv")
        rows = {(r["client"], r["server"], int(r["server_port"]), r["transport"])
                for r in csv.DictReader(open(labels))}
        run = subprocess.run([ghostport, "flows", "-r", os.path.join(pcap_dir, cap), "-F", "json"],
                             capture_output=True, text=True, timeout=300)
        if run.returncode != 0:
            print(f"FAIL: {cap}: ghostport flows exited {run.returncode}: {run.stderr.strip()[:500]}")
            failed += 1
            continue
        seen = set()
        nflows = 0
        for line in run.stdout.splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            f = json.loads(line)
            nflows += 1
            oh, op, rh, rp, proto = (f.get("id.orig_h"), f.get("id.orig_p"), f.get("id.resp_h"),
                                     f.get("id.resp_p"), f.get("proto"))
            if None in (oh, rh, rp, proto):
                continue
            seen.add((oh, rh, int(rp), proto))
            if op is not None:
                seen.add((rh, oh, int(op), proto))
        missing = sorted(rows - seen)
        pct = 100.0 * (len(rows) - len(missing)) / len(rows)
        print(f"{cap}: {nflows} flows, {len(rows) - len(missing)}/{len(rows)} labelled rows matched ({pct:.1f} %)")
        if missing:
            failed += 1
            for m in missing[:10]:
                print(f"FAIL: {cap}: no flow for client={m[0]} server={m[1]} port={m[2]} {m[3]}")
    print(f"check_flows: {len(caps) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
