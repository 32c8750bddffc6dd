#!/usr/bin/env python3
"""ctest: ghostport's port verdicts on the third-party captures against
tests/data/external/verdicts.tsv (expected verdicts written from what each capture is
documented to be, never from ghostport's output).

  external_verdicts.py GHOSTPORT DATA_DIR REGISTRY_CSV

Fails on any false alarm: a port the file calls benign (or unknown) that ghostport labels
custom_application, misconfiguration or suspicious; and on an 'unknown' port that gets any
label. Reports recall on the ports the file names a label for, and false alarms per 1,000
conversations on the benign captures (conversations on benign ports that got an alarm label).
"""

import csv
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ALARMS = {"custom_application", "misconfiguration", "suspicious"}
LABELS = ALARMS | {"scanner_noise"}


def read_verdicts(path: Path):
    verdicts = defaultdict(dict)  # capture -> (port, transport) -> (expected, why)
    with open(path, newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        expected = row["expected"]
        if expected not in {"benign", "unknown", "any"} | LABELS:
            sys.exit(f"{path}: capture {row['capture']} port {row['port']}: unknown expected verdict '{expected}'")
        verdicts[row["capture"]][(row["port"], row["transport"])] = (expected, row["why"])
    return verdicts


def analyze(ghostport, capture: Path, registry, conversations: bool):
    cmd = [ghostport, "analyze", "-r", str(capture), "-q", "--registry", registry, "-F", "jsonl"]
    if conversations:
        cmd.append("--conversations")
    out = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120)
    if out.returncode not in (0, 3):
        sys.exit(f"FAIL: {' '.join(cmd)} exited {out.returncode}:\n{out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def expected_for(rows, port, transport):
    return rows.get((str(port), transport)) or rows.get(("*", "*"))


def main():
    ghostport, data_dir, registry = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    verdicts = read_verdicts(data_dir / "external" / "verdicts.tsv")
    false_alarms, wrong_unknown = [], []
    hits, named = 0, 0
    misses = []
    benign_conversations = alarm_conversations = 0
    ports_checked = 0
    for capture_name, rows in sorted(verdicts.items()):
        capture = data_dir / "external" / capture_name
        if not capture.exists():
            sys.exit(f"FAIL: {capture} named in verdicts.tsv does not exist")
        ports = analyze(ghostport, capture, registry, conversations=False)
        for p in ports:
            exp = expected_for(rows, p["port"], p["transport"])
            if exp is None or exp[0] == "any":
                continue
            ports_checked += 1
            label, where = p["label"], f"{capture_name} {p['port']}/{p['transport']}"
            if exp[0] in ("benign", "unknown") and label in ALARMS:
                false_alarms.append(f"{where}: {label} ({p['reason']}); expected {exp[0]}: {exp[1]}")
            elif exp[0] == "unknown" and label != "unknown":
                wrong_unknown.append(f"{where}: {label} ({p['reason']}); expected unknown: {exp[1]}")
        labelled = {(str(p["port"]), p["transport"]): p["label"] for p in ports}
        for (port, transport), (exp, why) in rows.items():
            if exp not in LABELS:
                continue
            named += 1
            got = labelled.get((port, transport), "unknown")
            if got == exp:
                hits += 1
            else:
                misses.append(f"{capture_name} {port}/{transport}: {got}, expected {exp}: {why}")
        for c in analyze(ghostport, capture, registry, conversations=True):
            exp = expected_for(rows, c["port"], c["transport"])
            if exp is None or exp[0] not in ("benign", "unknown"):
                continue
            benign_conversations += 1
            alarm_conversations += c["label"] in ALARMS

    rate = 1000.0 * alarm_conversations / benign_conversations if benign_conversations else 0.0
    print(f"third-party verdicts: {len(verdicts)} captures, {ports_checked} ports checked")
    print(f"false alarms: {len(false_alarms)} ports; {alarm_conversations} of {benign_conversations} benign "
          f"conversations ({rate:.2f} per 1,000)")
    print(f"recall on named labels: {hits}/{named}" + (f" ({hits / named:.2f})" if named else ""))
    for m in misses:
        print(f"  miss: {m}")
    for a in false_alarms:
        print(f"FAIL false alarm: {a}")
    for w in wrong_unknown:
        print(f"FAIL expected unknown: {w}")
    sys.exit(1 if false_alarms or wrong_unknown else 0)


if __name__ == "__main__":
    main()
