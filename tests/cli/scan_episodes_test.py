#!/usr/bin/env python3
"""ctest cli_scan_episodes: issue 13's offline checks end to end, through `ghostport analyze`
and `ghostport scan-report` on small built captures (scan_scenarios.py) and on the bundled
scanner capture:

- a source on the shipped research-scanner list (Censys) is scanner_noise with
  benign_research = true; an unknown scanner doing the same is scanner_noise without it;
  the site file can add its own scanner and can switch the shipped list off;
- one client refused ten times on one (host, port) is a misconfiguration with its retry
  count and interval, not scanner noise, and no scan;
- one scan is one episode (a quiet period splits two), in analyze and in scan-report;
- on the bundled nmap/masscan capture, one episode per tool run for the scanning host;
- a TCP connection still open at the end of the capture is marked (open_at_end).

Usage: scan_episodes_test.py GHOSTPORT SOURCE_DIR REGISTRY_CSV
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

gp, src, registry = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
failures = []


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}")
    else:
        print(f"ok   {name}")


def run(*args):
    out = subprocess.run([gp, *args], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"FAIL {' '.join(args)} exited {out.returncode}:\n{out.stderr}")
        sys.exit(1)
    return out.stdout


def analyze(capture, *extra):
    return json.loads(run("analyze", "-r", str(capture), "-q", "--registry", registry, "-F", "json",
                          "--conversations", *extra))


def scan_report(capture, *extra):
    return json.loads(run("scan-report", "-r", str(capture), "-q", "--registry", registry, "-F", "json", *extra))


def conversations_of(doc, client):
    return [c for c in doc["conversations"] if c["client"] == client]


with tempfile.TemporaryDirectory() as tmp:
    tmp = Path(tmp)
    pcap = tmp / "scanners.pcap"
    subprocess.run([sys.executable, str(src / "tests/cli/scan_scenarios.py"), "scanners", str(pcap)], check=True)
    doc = analyze(pcap)

    censys = conversations_of(doc, "162.142.125.7")
    check("research scanner: 20 conversations", len(censys) == 20, len(censys))
    check("research scanner: scanner_noise", all(c["label"] == "scanner_noise" for c in censys),
          {c["label"] for c in censys})
    check("research scanner: benign_research", all(c["benign_research"] for c in censys))
    check("research scanner: the listing rule names it",
          all(c["rules"][0]["rule"] == "scanner_listed_research_network" and "Censys" in c["rules"][0]["reason"]
              for c in censys), censys[0]["rules"][:1] if censys else None)

    unknown = conversations_of(doc, "198.51.100.23")
    check("unknown scanner: scanner_noise", len(unknown) == 20 and all(c["label"] == "scanner_noise" for c in unknown),
          {c["label"] for c in unknown})
    check("unknown scanner: not benign_research", not any(c["benign_research"] for c in unknown))

    retry = conversations_of(doc, "10.0.0.7")
    check("retries: one conversation", len(retry) == 1, retry)
    if retry:
        r = retry[0]
        check("retries: misconfiguration, not scan noise", r["label"] == "misconfiguration", r["label"])
        check("retries: reason gives count and interval",
              "10 attempts" in r["rules"][0]["reason"] and "every 3 s" in r["rules"][0]["reason"], r["rules"][0])
        check("retries: no scanner rule fired", not any(x["label"] == "scanner_noise" and not x["against"]
                                                           for x in r["rules"]), r["rules"])

    scans = doc["scans"]
    by_source = {s["source"]: s for s in scans}
    check("analyze: one scan per scanner, none for the retrying client",
          sorted(by_source) == ["162.142.125.7", "198.51.100.23"] and len(scans) == 2, [s["source"] for s in scans])
    if len(scans) == 2:
        c, u = by_source["162.142.125.7"], by_source["198.51.100.23"]
        check("scan: listed source named", c["known_scanner"] == "Censys" and c["benign_research"] is True, c)
        check("scan: listed source from its first probe", c["probes"] == 20 and c["ports"] == 20, c)
        check("scan: unknown source stays unknown", u["known_scanner"] is None and u["benign_research"] is False, u)
        check("scan: unknown scanner counted from its first probe", u["probes"] == 20 and u["ports"] == 20
              and u["hosts"] == 1 and u["answered"]["closed"] == 20, u)
        check("scan: nmap fingerprint", u["tool"] == "nmap" and u["type"] == "vertical", (u["tool"], u["type"]))
        check("scan: start, end, duration", u["start"] == 1764100000.5 and u["end"] == 1764100019.5
              and u["duration_s"] == 19.0, (u["start"], u["end"], u["duration_s"]))
        check("scan: ended by the capture's end", u["ended_by"] == "capture_end", u["ended_by"])

    link = conversations_of(doc, "10.0.0.9")
    open_flows = {c["port"]: c["open_at_end"] for c in link}
    check("open at end: the long connection, not the closed session", open_flows == {3255: 1, 80: 0}, open_flows)
    check("open at end: its port counts it",
          [p["open_at_end"] for p in doc["ports"] if p["port"] == 3255 and p["transport"] == "tcp"] == [1])

    table = run("analyze", "-r", str(pcap), "-q", "--registry", registry)
    check("table: open connections said", "1 connection(s) were still open when the capture ended" in table, table)
    check("table: a SCANS section with both scans", "SCANS: 2" in table and "Censys (benign research)" in table, table)

    report = scan_report(pcap)
    check("scan-report: two episodes", report["summary"]["episodes"] == 2 and len(report["episodes"]) == 2,
          report["summary"])
    check("scan-report: one research episode", report["summary"]["research_episodes"] == 1, report["summary"])
    check("scan-report: the retrying client is no scanner",
          "10.0.0.7" not in {s["address"] for s in report["scanners"]})
    html = run("scan-report", "-r", str(pcap), "-q", "--registry", registry)
    check("scan-report html: scans section with the listed tag", 'id="scans"' in html and "tag research" in html)

    # The site file: its own scanner joins the list; the shipped list can be switched off.
    site = tmp / "site.toml"
    site.write_text('[[scanner]]\nname = "our nessus"\nnetworks = ["198.51.100.23"]\n')
    doc = analyze(pcap, "--site", str(site))
    unknown = conversations_of(doc, "198.51.100.23")
    check("site scanner: benign_research", unknown and all(c["benign_research"] for c in unknown))
    check("site scanner: named in its scan", {s["source"]: s for s in doc["scans"]}["198.51.100.23"]["known_scanner"]
          == "our nessus")
    site.write_text("research_scanners = false\n")
    doc = analyze(pcap, "--site", str(site))
    censys = conversations_of(doc, "162.142.125.7")
    check("list off: Censys is an unknown scanner", censys and all(c["label"] == "scanner_noise" and
                                                                  not c["benign_research"] for c in censys))
    check("list off: its scan is unnamed", {s["source"]: s for s in doc["scans"]}["162.142.125.7"]["known_scanner"]
          is None)

    # A scanner quiet for 10 minutes, then back: two scans.
    pcap = tmp / "quiet.pcap"
    subprocess.run([sys.executable, str(src / "tests/cli/scan_scenarios.py"), "quiet", str(pcap)], check=True)
    scans = analyze(pcap)["scans"]
    check("quiet period: two scans", len(scans) == 2 and [s["run"] for s in scans] == [1, 2], scans)
    if len(scans) == 2:
        check("quiet period: the first ended quiet", scans[0]["ended_by"] == "quiet" and scans[0]["probes"] == 20
              and scans[1]["probes"] == 20, scans)

# The bundled scanner capture: the outside host ran nmap, masscan, zmap and hping3 one after
# another: one scan per tool run, in both commands (issue 25).
for name in ("scanner_noise.pcapng", "mixed.pcap"):
    capture = src / "pcaps" / name
    # Issue 25: one scan per tool run, the same in both commands, and together every probe.
    scans = [s for s in analyze(capture)["scans"] if s["source"] == "203.0.113.245"]
    tools = sorted(s["tool"] for s in scans)
    check(f"{name}: analyze shows one scan per tool run for 203.0.113.245",
          tools == ["hping3", "masscan", "nmap", "zmap"], tools)
    episodes = [e for e in scan_report(capture)["episodes"] if e["source"] == "203.0.113.245"]
    check(f"{name}: scan-report shows the same episodes",
          [(e["tool"], e["probes"]) for e in episodes] == [(s["tool"], s["probes"]) for s in scans], episodes)
    if episodes:
        check(f"{name}: the runs hold every probe", sum(e["probes"] for e in episodes) >= 3000,
              [e["probes"] for e in episodes])

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
