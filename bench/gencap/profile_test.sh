#!/usr/bin/env bash
# gp-gencap's profiles: the same seed writes the same bytes; the scan-heavy mix has the shares
# it promises (by packets: about 5 % IPv6, 10 % DNS, 15 % scan bursts answered by RSTs, the
# rest short TCP sessions) and its small packets, counted by tcpdump; analyze reads it and
# finds the scans.
#   profile_test.sh GP_GENCAP GHOSTPORT
set -u
gencap=$1 gp=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../../tests/cli/expect.sh"
command -v tcpdump >/dev/null || { echo "SKIP: tcpdump not installed"; exit 77; }

"$gencap" --profile scan-heavy --seed 3 --packets 100000 -w "$tmp/a.pcap" || fail "gp-gencap exited $?"
"$gencap" --profile scan-heavy --seed 3 --packets 100000 -w "$tmp/b.pcap" || fail "gp-gencap exited $?"
cmp -s "$tmp/a.pcap" "$tmp/b.pcap" || fail "the same seed wrote different captures"
"$gencap" --profile sessions --seed 3 --packets 1000 -w "$tmp/s.pcap" || fail "gp-gencap --profile sessions"
cmp -s "$tmp/a.pcap" "$tmp/s.pcap" && fail "the two profiles wrote the same capture"

# Per mille of the packets: IPv6, DNS, and the scans' RSTs (90 % of their probes get one).
read -r v6 dns rst total < <(tcpdump -nr "$tmp/a.pcap" 2>/dev/null | awk '
  / IP6 / { v6++ } /\.53: |\.53 > / { dns++ } /Flags \[R\.\]/ { rst++ }
  END { print v6 + 0, dns + 0, rst + 0, NR }')
size=$(($(stat -c %s "$tmp/a.pcap") / 100000))
within() {  # within WHAT VALUE LOW HIGH
  if (($2 >= $3 && $2 <= $4)); then passes=$((passes + 1)); else fail "$1: $2, not within $3..$4"; fi
}
((total == 100000)) || fail "tcpdump read $total packets, not 100000"
within "IPv6 packets per mille" $((v6 * 1000 / total)) 35 65
within "DNS packets per mille" $((dns * 1000 / total)) 80 120
within "scan RSTs per mille" $((rst * 1000 / total)) 50 90
within "bytes per packet" "$size" 150 220

expect analyze 0 "" -- "$gp" analyze -r "$tmp/a.pcap" -q -F json
scans=$(python3 -c 'import json, sys; print(len(json.load(sys.stdin)["scans"]))' <"$tmp/out")
within "scans found by analyze" "${scans:-0}" 50 100000
report_and_exit
