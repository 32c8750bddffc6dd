#!/usr/bin/env bash
# ghostport flows on bad input: one clear line, the documented exit status, and every
# record read before a truncation. Usage: flows_errors_test.sh GHOSTPORT TEST_DATA_DIR
set -u
gp=$1
data=$2
trace=$data/external/zeek/http/get.pcap
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
# The same on standard input, which cannot seek: the offset is counted from the records.
expect truncated_stdin 3 'standard input: reading stopped after packet 6 at byte offset 2120: truncated' -- \
  bash -c "\"$gp\" flows -r - <\"$tmp/cut.pcap\""

# Standard input and a filter that selects nothing are fine.
expect stdin 0 '14 packets' -- bash -c "\"$gp\" flows -r - <\"$trace\""
expect empty_selection 0 '0 packets' -- "$gp" flows -r "$trace" udp

# Several files (-r again): merged by timestamp, the same records as mergecap's merge of
# them; a truncated one stops alone (the other is read to its end) and sets the status;
# standard input only once.
sll2=$data/external/zeek/linux_dlt_sll2.pcap
expect two_files 0 '' -- "$gp" flows -r "$trace" -r "$sll2" -q
mv "$tmp/out" "$tmp/two.log"
if command -v mergecap >/dev/null; then
  mergecap -F pcapng -w "$tmp/merged.pcapng" "$trace" "$sll2"
  "$gp" flows -r "$tmp/merged.pcapng" -q >"$tmp/merged.log"
  # #open/#close carry the wall-clock second the run started and ended: compare the rest.
  without_clock() { grep -v -e '^#open' -e '^#close' "$1"; }
  cmp -s <(without_clock "$tmp/two.log") <(without_clock "$tmp/merged.log") && passes=$((passes + 1)) ||
    fail "two_files: the records differ from flows on mergecap's merge"
fi
expect one_truncated 3 'cut.pcap: reading stopped after packet 6 at byte offset 2120: truncated' -- \
  "$gp" flows -r "$tmp/cut.pcap" -r "$sll2"
expect_records() {  # expect_records NAME N: the last command's output has N records
  local n
  n=$(grep -vc '^#' "$tmp/out")
  ((n == $2)) && passes=$((passes + 1)) || fail "$1: $n records, want $2"
}
# Every connection of both files: get.pcap's from its six complete packets, as alone.
expect_records one_truncated "$(grep -vc '^#' "$tmp/two.log")"
grep -q 'ShADad' "$tmp/out" && passes=$((passes + 1)) || fail "one_truncated: the cut file's records are missing"
expect stdin_twice 1 'standard input \(-r -\) can be read only once' -- bash -c "\"$gp\" flows -r - -r - <\"$trace\""

report_and_exit
