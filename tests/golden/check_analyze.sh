#!/usr/bin/env bash
# ctest: `ghostport analyze` output on each bundled capture, byte for byte against the files
# in tests/golden/expected/ — the per-port CSV (every port) and the terminal table (first
# rows). Output must be deterministic for a given input; a change to rules, features or
# rendering shows here as a diff to review.
#   check_analyze.sh GHOSTPORT SOURCE_DIR REGISTRY_CSV
# Accept a reviewed change: GP_UPDATE_GOLDEN=1 ctest -R golden
set -uo pipefail
ghostport=$1 src=$2 registry=$3
expected=$src/tests/golden/expected
[[ -r $registry ]] || { echo "FAIL: $registry missing (the shipped IANA snapshot, rules/registry)"; exit 1; }
out=$(mktemp -d "${TMPDIR:-/tmp}/gp-golden.XXXXXX")
trap 'rm -rf "$out"' EXIT
status=0
for capture in "$src"/pcaps/*.pcap "$src"/pcaps/*.pcapng; do
  name=$(basename "${capture%.*}")
  # The registry is pinned (IANA copy + the system's nmap-services) so standings do not
  # depend on which fallback the machine has.
  run() { "$ghostport" analyze -r "$capture" -q --registry "$registry" "$@"; }
  run -F csv >"$out/$name.csv" || { echo "FAIL: analyze -F csv on $capture exited $?"; status=1; }
  run --limit 25 >"$out/$name.table" || { echo "FAIL: analyze on $capture exited $?"; status=1; }
  for kind in csv table; do
    got=$out/$name.$kind want=$expected/$name.$kind
    if [[ ${GP_UPDATE_GOLDEN:-} == 1 ]]; then
      cp "$got" "$want"; echo "updated $want"; continue
    fi
    if ! diff -u "$want" "$got" >"$out/diff" 2>&1; then
      echo "FAIL: analyze output for $name ($kind) differs from $want:"
      head -40 "$out/diff"
      status=1
    else
      echo "ok: $name.$kind ($(wc -l <"$got") lines)"
    fi
  done
done
((status == 0)) || echo "If the change is intended: GP_UPDATE_GOLDEN=1 ctest -R golden, and review git diff tests/golden"
exit $status
