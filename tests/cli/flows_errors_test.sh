#!/usr/bin/env bash
# ghostport flows on bad input: one clear line, the documented exit status, and every
# record read before a truncation. Usage: flows_errors_test.sh GHOSTPORT SHARED_DIR
set -u
gp=$1
shared=$2
trace=$shared/pcaps/external/zeek/http/get.pcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"

expect missing_file 1 'nope.pcap: No such file or directory; check the path' -- "$gp" flows -r "$tmp/nope.pcap"
expect not_a_capture 1 'not a pcap or pcapng capture' -- "$gp" flows -r "$0"
expect directory 1 'is a directory' -- "$gp" flows -r "$tmp"
expect bad_filter 1 "invalid BPF filter 'tcp port nosuchport'.*pcap-filter" -- "$gp" flows -r "$trace" tcp port nosuchport
expect bad_format 2 "unknown format 'xml'" -- "$gp" flows -r "$trace" -F xml
expect bad_max_flows 2 'max-flows' -- "$gp" flows -r "$trace" --max-flows 0

# A capture cut inside packet 7: the six complete packets are reported, with where and why.
head -c 3000 "$trace" >"$tmp/cut.pcap"
expect truncated 3 'reading stopped after packet 6 at byte offset 2120: truncated' -- "$gp" flows -r "$tmp/cut.pcap"
if ! grep -q 'ShADad' "$tmp/out"; then echo "FAIL truncated: records before the cut are missing"; failures=$((failures + 1)); fi

# Standard input and a filter that selects nothing are fine.
expect stdin 0 '14 packets' -- bash -c "\"$gp\" flows -r - <\"$trace\""
expect empty_selection 0 '0 packets' -- "$gp" flows -r "$trace" udp

report_and_exit
