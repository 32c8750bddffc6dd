#!/usr/bin/env bash
# ctest cli_allocator: the CLI runs on the allocator its build says (docs/performance.md).
# With GHOSTPORT_MIMALLOC: --version names mimalloc with large OS pages; mimalloc's own
# statistics after an analyze show the memory went through it (malloc and operator new
# interposed, not only linked); MIMALLOC_LARGE_OS_PAGES=0 turns the huge pages off. Without
# it (the sanitizer build): glibc's malloc.
# usage: allocator_test.sh GHOSTPORT SOURCE_DIR MIMALLOC(ON|OFF)
set -uo pipefail
ghostport=$1 src=$2 mimalloc=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

version=$("$ghostport" --version)
if [[ $mimalloc == ON ]]; then
  [[ $version == *"(mimalloc 2."*", large OS pages)"* ]] || fail "--version: '$version', expected mimalloc with large OS pages"
  off=$(MIMALLOC_LARGE_OS_PAGES=0 "$ghostport" --version)
  [[ $off == *"(mimalloc 2."* && $off != *"large OS pages"* ]] || fail "MIMALLOC_LARGE_OS_PAGES=0 not kept: '$off'"
  stats=$(MIMALLOC_SHOW_STATS=1 "$ghostport" analyze -r "$src/pcaps/mixed.pcap" -q 2>&1 >/dev/null)
  # "committed:   84.5 MiB ..." : the peak of what mimalloc handed out, at least a MiB.
  committed=$(awk '$1 == "committed:" { print $2, $3; exit }' <<<"$stats")
  [[ $committed =~ ^[0-9.]+\ (MiB|GiB)$ ]] || fail "mimalloc saw almost no allocation (committed: '$committed'):
$stats"
else
  [[ $version == *"(glibc malloc)"* ]] || fail "--version: '$version', expected glibc malloc"
fi
echo "allocator: $version"
exit $((failures > 0))
