#!/usr/bin/env python3
"""ctest cli_conversation_stream: `analyze -F jsonl|csv --conversations` writes each
conversation as it is judged instead of keeping them all (issue 24). Its lines must be the
ones the kept results print (`--log-dir` keeps every result, so the same command with it is
the reference): byte-identical when nothing is judged early, the same lines with the early
batches first when `--max-conversations` makes the model judge some early; `--only-orphaned`
selects the same ones; a failed write is an error (status 1), not a silently short file.

Usage: conversation_stream_test.py GHOSTPORT SOURCE_DIR REGISTRY_CSV
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from checks import check, finish, run

gp, src, registry = sys.argv[1], Path(sys.argv[2]), sys.argv[3]


def analyze(capture, *args, status=0):
    return run(gp, "analyze", "-r", str(capture), "-q", "--registry", registry, *args, status=status)


with tempfile.TemporaryDirectory() as tmp:
    for capture in ("mixed.pcap", "scanner_noise.pcapng"):
        for cap in ([], ["--max-conversations", "40"]):
            for fmt in ("jsonl", "csv"):
                for only in ([], ["--only-orphaned"]):
                    args = ["-F", fmt, "--conversations", *cap, *only]
                    name = f"{capture} {' '.join(args)}"
                    streamed = analyze(src / "pcaps" / capture, *args).stdout
                    logs = Path(tmp) / f"logs-{capture}-{fmt}-{len(cap)}-{len(only)}"
                    kept = analyze(src / "pcaps" / capture, *args, "--log-dir", str(logs)).stdout
                    lines, reference = streamed.splitlines(), kept.splitlines()
                    check(f"{name}: conversations listed", len(reference) > (1 if fmt == "csv" else 0))
                    if not cap:
                        check(f"{name}: same output as kept results", streamed == kept)
                        continue
                    check(f"{name}: same lines as kept results", sorted(lines) == sorted(reference),
                          f"{len(lines)} lines, {len(reference)} kept")
                    if fmt == "csv":
                        check(f"{name}: header first", lines[0] == reference[0])
                    else:
                        early = ["judged_before_end" in {r["rule"] for r in json.loads(line)["rules"]} for line in lines]
                        check(f"{name}: some judged early", any(early))
                        check(f"{name}: early batches first", early == sorted(early, reverse=True))

    # Standard output that cannot be written: status 1 and a message, not success.
    with open("/dev/full", "w") as full:
        out = subprocess.run([gp, "analyze", "-r", str(src / "pcaps" / "mixed.pcap"), "-q", "--registry", registry,
                              "-F", "jsonl", "--conversations"], stdout=full, stderr=subprocess.PIPE, text=True)
    check("write failure is an error", out.returncode == 1 and "writing the output failed" in out.stderr,
          f"status {out.returncode}: {out.stderr.strip()}")

finish()
