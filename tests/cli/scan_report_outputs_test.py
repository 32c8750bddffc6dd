#!/usr/bin/env python3
"""ctest cli_scan_report_outputs (issue 25 item 3): on nDPI's synscan.pcap (one nmap SYN
scan of 1000 ports against one host, which answered on 22, 53 and 80), the report names the
target with its open ports and who found them, "ports most probed" shows the answered ports
whatever their rank, durations read as people say them, payloads are escaped with hex, and
the scan's 1000 ports are 1000 everywhere (card, scans and scanners tables, JSON, analyze's
table and reason): one count per quantity.

Usage: scan_report_outputs_test.py GHOSTPORT SOURCE_DIR REGISTRY_CSV
"""

import json
import re
import subprocess
import sys
from pathlib import Path

gp, src, registry = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
capture = src / "tests/data/external/ndpi/synscan.pcap"
failures = []


def check(name, condition, detail=""):
    print(f"{'ok  ' if condition else 'FAIL'} {name}" + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def run(*args):
    out = subprocess.run([gp, *args], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"FAIL {' '.join(args)} exited {out.returncode}:\n{out.stderr}")
        sys.exit(1)
    return out.stdout


doc = json.loads(run("scan-report", "-r", str(capture), "-q", "--registry", registry, "-F", "json"))
targets = doc["targets"]
check("one target answered", len(targets) == 1, targets)
if targets:
    t = targets[0]
    open_ports = [(p["port"], p["transport"]) for p in t["open_ports"]]
    check("its open ports are 22, 53 and 80", open_ports == [(22, "tcp"), (53, "tcp"), (80, "tcp")], open_ports)
    check("each with its registry standing", all(p["standing"] == "active_service" for p in t["open_ports"]),
          t["open_ports"])
    scanners = [s for s in t["found_by"] if s["scanner"]]
    check("found by the scanner, with its tool", len(scanners) == 1 and scanners[0]["tool"] == "nmap", t["found_by"])
    check("summary counts the targets", doc["summary"]["targets_answering"] == 1, doc["summary"])

ports = {(p["port"], p["transport"]): p for p in doc["ports"]}
for port in (22, 53, 80):
    p = ports.get((port, "tcp"))
    check(f"ports most probed lists {port}/tcp as answered", p is not None and p["answered_open"], sorted(ports)[:30])
check("the default 25 ports plus the answered ones at most", len(doc["ports"]) <= 28, len(doc["ports"]))

html = run("scan-report", "-r", str(capture), "-q", "--registry", registry)
check("the page has a targets section", 'id="targets"' in html and "Targets that answered" in html)
check("the targets section comes before the scans", html.find('id="targets"') < html.find('id="scans"'))
seconds = [float(s) for s in re.findall(r"\((\d+\.\d) s\)", html)]
check("no span of more than a minute in seconds", all(s < 60 for s in seconds), seconds)
span = doc["capture"]["duration_s"]
if span >= 365.25 * 86400:
    check("a span of years reads in years", re.search(r"\(\d+\.\d years\)", html) is not None, span)

# Payloads: escaped text and a hex view, never a bare run of dots for bytes.
for s in doc["scanners"]:
    check("every scanner has a hex view of its payload", "first_payload_hex" in s, s.keys())
    if s["first_payload"]:
        check("first_payload_hex is the payload in hex",
              bool(re.fullmatch(r"[0-9a-f]{2}( [0-9a-f]{2})*", s["first_payload_hex"])), s)
        check("first_payload has no unescaped control bytes",
              all(0x20 <= ord(c) < 0x7f for c in s["first_payload"]), s["first_payload"])

# One count per quantity: nmap's top 1000 is 1000 in every view, never an estimate.
check("the summary card counts 1000 ports probed", doc["summary"]["ports_probed"] == 1000, doc["summary"])
for e in doc["episodes"]:
    check("the scan's ports are 1000, exact", e["ports"] == 1000 and e["counts_exact"], e)
for s in doc["scanners"]:
    check("the scanner's ports are 1000", s["distinct_ports"] == 1000 and s["counts_exact"], s)
check("the page's cards and tables say 1000, never ≈",
      '<b>1000</b>ports probed' in html and "≈1020" not in html and ">1000<" in html)
table = run("analyze", "-r", str(capture), "-q", "--registry", registry)
scan_rows = [line for line in table.splitlines() if "172.16.0.8" in line and "nmap" in line]
check("analyze's scans table says 1000 ports", any(re.search(r"\b1994\s+1000\s+1\b", r) for r in scan_rows), scan_rows)
csv_text = run("analyze", "-r", str(capture), "-q", "--registry", registry, "-F", "csv")
check("analyze's reason says 1000 ports", "scanning: 1000 ports on 1 host" in csv_text,
      [line for line in csv_text.splitlines() if "scanning" in line][:1])

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
