"""What the Python CLI tests share: named checks that print `ok` or `FAIL` and are counted,
a ghostport run that must end with a given status, and the test's exit status."""

import subprocess
import sys

failures = []


def check(name, condition, detail=""):
    print(f"{'ok  ' if condition else 'FAIL'} {name}" + ("" if condition else f": {detail}"))
    if not condition:
        failures.append(name)


def run(gp, *args, status=0):
    """ghostport with `args`; a different exit status ends the test at once."""
    out = subprocess.run([gp, *args], capture_output=True, text=True)
    if out.returncode != status:
        print(f"FAIL {' '.join(args)} exited {out.returncode} (want {status}):\n{out.stderr}")
        sys.exit(1)
    return out


def finish():
    print(f"{len(failures)} failure(s)")
    sys.exit(1 if failures else 0)
