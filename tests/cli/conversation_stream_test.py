#!/usr/bin/env python3
"""ctest cli_conversation_stream: `analyze -F jsonl|csv|json --conversations` writes each
conversation as it is judged instead of keeping them all (issue 24; JSON's wait in an unnamed
temporary file). The output must be what the kept results print (`--log-dir` keeps every
result, so the same command with it is the reference): byte-identical when nothing is judged
early, the same conversations with the early batches first when `--max-conversations` makes
the model judge some early; `--only-orphaned` selects the same ones; a failed write is an
error (status 1), not a silently short file; no temporary directory is an error before the
capture is read, and nothing is left in it.

Usage: conversation_stream_test.py GHOSTPORT SOURCE_DIR REGISTRY_CSV
"""

import json
import os
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
            for fmt in ("jsonl", "csv", "json"):
                for only in ([], ["--only-orphaned"]):
                    args = ["-F", fmt, "--conversations", *cap, *only]
                    name = f"{capture} {' '.join(args)}"
                    streamed = analyze(src / "pcaps" / capture, *args).stdout
                    logs = Path(tmp) / f"logs-{capture}-{fmt}-{len(cap)}-{len(only)}"
                    kept = analyze(src / "pcaps" / capture, *args, "--log-dir", str(logs)).stdout
                    lines, reference = streamed.splitlines(), kept.splitlines()
                    listed = len(json.loads(kept)["conversations"]) if fmt == "json" else len(reference) - (fmt == "csv")
                    check(f"{name}: conversations listed", listed > 0)
                    if not cap:
                        check(f"{name}: same output as kept results", streamed == kept)
                        continue
                    if fmt == "json":
                        doc, ref = json.loads(streamed), json.loads(kept)
                        convs, ref_convs = doc.pop("conversations"), ref.pop("conversations")
                        check(f"{name}: same document but the conversations' order", doc == ref)
                        as_text = lambda cs: sorted(json.dumps(c, sort_keys=True) for c in cs)
                        check(f"{name}: same conversations as kept results", as_text(convs) == as_text(ref_convs),
                              f"{len(convs)} conversations, {len(ref_convs)} kept")
                        lines = [json.dumps(c) for c in convs]  # for the order checks below
                    else:
                        check(f"{name}: same lines as kept results", sorted(lines) == sorted(reference),
                              f"{len(lines)} lines, {len(reference)} kept")
                    if fmt == "csv":
                        check(f"{name}: header first", lines[0] == reference[0])
                    else:
                        early = ["judged_before_end" in {r["rule"] for r in json.loads(line)["rules"]} for line in lines]
                        check(f"{name}: some judged early", any(early))
                        check(f"{name}: early batches first", early == sorted(early, reverse=True))

    # --baseline adds the changes to the document the conversations are written into.
    baseline = Path(tmp) / "baseline.json"
    baseline.write_text(analyze(src / "pcaps" / "mixed.pcap", "-F", "json").stdout)
    args = ["-F", "json", "--conversations", "--baseline", str(baseline)]
    streamed = analyze(src / "pcaps" / "scanner_noise.pcapng", *args).stdout
    kept = analyze(src / "pcaps" / "scanner_noise.pcapng", *args, "--log-dir", str(Path(tmp) / "logs-baseline")).stdout
    check("-F json --conversations --baseline: same output as kept results",
          streamed == kept and "changes" in json.loads(streamed))

    # Standard output that cannot be written: status 1 and a message, not success.
    for fmt in ("jsonl", "json"):
        with open("/dev/full", "w") as full:
            out = subprocess.run([gp, "analyze", "-r", str(src / "pcaps" / "mixed.pcap"), "-q", "--registry", registry,
                                  "-F", fmt, "--conversations"], stdout=full, stderr=subprocess.PIPE, text=True)
        check(f"-F {fmt}: write failure is an error", out.returncode == 1 and "writing the output failed" in out.stderr,
              f"status {out.returncode}: {out.stderr.strip()}")
    # JSON's conversations wait in an unnamed temporary file: none there, a clear error before
    # the capture is read; nothing is left in the directory either way.
    out = subprocess.run([gp, "analyze", "-r", str(src / "pcaps" / "mixed.pcap"), "-q", "--registry", registry,
                          "-F", "json", "--conversations"], capture_output=True, text=True,
                         env={**os.environ, "TMPDIR": str(Path(tmp) / "missing")})
    check("-F json without a temporary directory is an error", out.returncode == 1 and "TMPDIR" in out.stderr
          and out.stdout == "", f"status {out.returncode}: {out.stderr.strip()}")
    spool_dir = Path(tmp) / "spool"
    spool_dir.mkdir()
    out = subprocess.run([gp, "analyze", "-r", str(src / "pcaps" / "mixed.pcap"), "-q", "--registry", registry,
                          "-F", "json", "--conversations"], capture_output=True, text=True,
                         env={**os.environ, "TMPDIR": str(spool_dir)})
    check("-F json leaves nothing in TMPDIR", out.returncode == 0 and not any(spool_dir.iterdir()),
          f"status {out.returncode}, left {list(spool_dir.iterdir())}")

finish()
