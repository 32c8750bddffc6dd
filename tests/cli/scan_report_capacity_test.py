#!/usr/bin/env python3
"""ctest cli_scan_report_capacity: scan-report's traffic model (for the scans followed by
sessions) is bounded by --max-conversations. On a recorded nmap -6 scan followed by a shell
and an upload on the two ports it found open, a cap far below the capture's conversations
sets the quietest aside but keeps the probes that found ports open, so the report is the
uncapped one; with room for one probe the other chain is missing, and stderr says so.

Usage: scan_report_capacity_test.py GHOSTPORT SOURCE_DIR REGISTRY_CSV
"""

import json
import sys
from pathlib import Path

from checks import check, finish, run

gp, src, registry = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
capture = src / "tests/data/recorded/scan_then_exploit_ipv6.pcap"


def report(*extra):
    out = run(gp, "scan-report", "-r", str(capture), "--registry", registry, "-F", "json", *extra)
    return json.loads(out.stdout), out.stderr


whole, whole_err = report()
chains = [(c["port"], c["reason"]) for c in whole["scan_chains"]]
check("uncapped: the shell's and the upload's chains", sorted(p for p, _ in chains) == [3368, 9294], chains)
check("uncapped: no warning", "warning" not in whole_err, whole_err)
for cap in (2, 10):
    capped, err = report("--max-conversations", str(cap))
    check(f"cap {cap}: the same report", capped == whole,
          [(c["port"], c["reason"]) for c in capped["scan_chains"]])
    check(f"cap {cap}: no warning", "warning" not in err, err)
one, err = report("--max-conversations", "1")
check("cap 1: one chain of two", len(one["scan_chains"]) == 1, one["scan_chains"])
check("cap 1: stderr counts the other", "warning: 1 conversations that could be scans followed by sessions" in err,
      err)
check("cap 1: the scans themselves unchanged", one["episodes"] == whole["episodes"])
bad = run(gp, "scan-report", "-r", str(capture), "--max-conversations", "0", status=2)
check("--max-conversations 0 is refused", "max-conversations" in bad.stderr, bad.stderr)
finish()
