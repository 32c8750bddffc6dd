#!/usr/bin/env python3
"""ctest cli_diff: `ghostport diff OLD.json NEW.json` and `analyze --baseline` on two runs of
different captures (scan_scenarios.py diff_old / diff_new) report exactly the planted
changes: 3206/tcp went from an in-house service to refused retries (label), 3564/tcp is a
new orphaned port with traffic, 198.51.100.23 is a new scanner (its 20 ports are not listed
one by one), 80/tcp went quiet, 3492/tcp did not change. A site file naming 3492 changes its
standing. Exit status: 0 nothing changed, 4 something changed. Bad input (not JSON, a scan
report, ports without labels): one line and status 1.

Usage: diff_test.py GHOSTPORT SOURCE_DIR REGISTRY_CSV
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import checks
from checks import check, finish

gp, src, registry = sys.argv[1], Path(sys.argv[2]), sys.argv[3]


def run(*args, status=0):
    return checks.run(gp, *args, status=status)


def summary(diff):
    """The diff reduced to what the test planted: (port/transport, ...) per kind."""
    return {
        "changed": [(f"{c['port']}/{c['transport']}", c["changed"], c["old"]["label"], c["new"]["label"],
                     c["old"]["standing"], c["new"]["standing"]) for c in diff["changed"]],
        "new_ports": [(f"{p['port']}/{p['transport']}", p["standing"], p["label"], p["flows"]) for p in diff["new_ports"]],
        "new_scanners": [(s["source"], s["type"], s["tool"], s["probes"], s["ports"], s["scans"])
                         for s in diff["new_scanners"]],
        "quiet_ports": [(f"{p['port']}/{p['transport']}", p["standing"], p["flows"]) for p in diff["quiet_ports"]],
    }


PLANTED = {
    "changed": [("3206/tcp", ["label"], "custom_application", "misconfiguration", "orphaned", "orphaned")],
    "new_ports": [("3564/tcp", "orphaned", "misconfiguration", 5)],
    "new_scanners": [("198.51.100.23", "vertical", "nmap", 20, 20, 1)],
    "quiet_ports": [("80/tcp", "active_service", 1)],
}

with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    docs = {}
    for day in ("old", "new"):
        pcap = tmp / f"{day}.pcap"
        subprocess.run([sys.executable, str(src / "tests/cli/scan_scenarios.py"), f"diff_{day}", str(pcap)], check=True)
        docs[day] = tmp / f"{day}.json"
        docs[day].write_text(run("analyze", "-r", str(pcap), "-q", "--registry", registry, "-F", "json").stdout)

    diff = json.loads(run("diff", str(docs["old"]), str(docs["new"]), "-F", "json", status=4).stdout)
    check("diff reports exactly the planted changes", summary(diff) == PLANTED, json.dumps(summary(diff), indent=1))
    check("diff: the new port carries its reason", "5 attempts" in diff["new_ports"][0]["reason"] if diff["new_ports"]
          else False, diff["new_ports"])

    table = run("diff", str(docs["old"]), str(docs["new"]), status=4).stdout
    check("table: counts line", "1 changed, 1 new orphan-like, 1 new scanners, 1 went quiet" in table, table)
    check("table: the new-ports title names every standing it lists",
          "NEW ORPHANED, UNOFFICIAL OR UNASSIGNED PORTS WITH TRAFFIC" in table, table)
    for needle in ("3206/tcp  custom_application -> misconfiguration", "3564/tcp  orphaned",
                   "198.51.100.23", "80/tcp  active_service"):
        check(f"table: {needle}", needle in table, table)

    nothing = json.loads(run("diff", str(docs["new"]), str(docs["new"]), "-F", "json", status=0).stdout)
    check("a result against itself: nothing changed", all(not v for v in nothing.values()), nothing)
    run("diff", str(docs["new"]), str(docs["new"]), status=0)

    # analyze --baseline: the same changes, in the JSON document and after the table.
    new_pcap = tmp / "new.pcap"
    doc = json.loads(run("analyze", "-r", str(new_pcap), "-q", "--registry", registry, "-F", "json",
                         "--baseline", str(docs["old"])).stdout)
    check("--baseline json: changes in the document", "changes" in doc and summary(doc["changes"]) == PLANTED,
          doc.get("changes"))
    check("--baseline json: the result is still there", doc["ports"] and doc["scans"])
    only = json.loads(run("analyze", "-r", str(new_pcap), "-q", "--registry", registry, "-F", "json", "--only-orphaned",
                          "--baseline", str(docs["old"])).stdout)
    check("--baseline with --only-orphaned: 80/tcp still compared as a whole",
          summary(only["changes"]) == PLANTED, only["changes"])
    text = run("analyze", "-r", str(new_pcap), "-q", "--registry", registry, "--baseline", str(docs["old"])).stdout
    check("--baseline table: a CHANGES section", "CHANGES: " in text and "NEW SCANNERS" in text, text)

    # The same capture, with a site file that knows 3492: its standing changed.
    site = tmp / "site.toml"
    site.write_text('[[application]]\nport = 3492\ntransport = "tcp"\nname = "legacy-sync"\n')
    doc = json.loads(run("analyze", "-r", str(new_pcap), "-q", "--registry", registry, "-F", "json", "--site", str(site),
                         "--baseline", str(docs["new"])).stdout)
    changed = summary(doc["changes"])["changed"]
    check("site file: 3492/tcp standing orphaned -> site_known",
          len(changed) == 1 and changed[0][0] == "3492/tcp" and "standing" in changed[0][1]
          and changed[0][4:] == ("orphaned", "site_known"), changed)

    # Bad input: one line, status 1 (cannot do the job) or 2 (command line).
    (tmp / "junk.json").write_text("not json")
    err = run("diff", str(docs["old"]), str(tmp / "junk.json"), status=1).stderr
    check("junk input: one clear line", "junk.json' is not JSON" in err and err.count("\n") == 1, err)
    (tmp / "other.json").write_text('{"scanners": []}')
    err = run("diff", str(tmp / "other.json"), str(docs["new"]), status=1).stderr
    check("a scan report is not an analyze result", 'has no "ports" array' in err, err)
    scan_report = tmp / "scan.json"
    scan_report.write_text(run("scan-report", "-r", str(new_pcap), "-q", "--registry", registry, "-F", "json").stdout)
    for order in ((scan_report, docs["new"]), (docs["new"], scan_report)):
        out = run("diff", *map(str, order), status=1)
        check("a real scan report is refused, nothing on stdout",
              "is a scan report (ghostport scan-report -F json), not an analyze result" in out.stderr
              and out.stderr.count("\n") == 1 and out.stdout == "", out.stderr)
    unlabelled = json.loads(docs["new"].read_text())
    del unlabelled["ports"][0]["label"]
    (tmp / "unlabelled.json").write_text(json.dumps(unlabelled))
    err = run("diff", str(docs["new"]), str(tmp / "unlabelled.json"), status=1).stderr
    check("a port without a label is refused, by index", "ports[0] is not a port of `ghostport analyze -F json`" in err, err)
    run("diff", str(docs["old"]), status=2)
    err = run("analyze", "-r", str(new_pcap), "-F", "csv", "--baseline", str(docs["old"]), status=2).stderr
    check("--baseline with csv refused", "--baseline needs -F table or -F json" in err, err)

finish()
