#!/usr/bin/env bash
# First contact (issue 25 item 6): a misspelt subcommand or option gets "did you mean", and
# gzip- and zstd-compressed captures read as the plain file does.
# Usage: first_contact_test.sh GHOSTPORT SOURCE_DIR
set -u
gp=$1
src=$2
capture=$src/pcaps/mixed.pcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"

# did you mean: subcommands at every level, long options of the command they were given to.
expect analyse 2 "'analyse' is not a ghostport subcommand \(did you mean 'analyze'\?\)" -- "$gp" analyse -r "$capture"
expect scanreport 2 "did you mean 'scan-report'" -- "$gp" scanreport -r "$capture"
expect rules_chek 2 "'chek' is not a ghostport rules subcommand \(did you mean 'check'\?\)" -- "$gp" rules chek
expect formt 2 "ghostport analyze: unknown option '--formt' \(did you mean '--format'\?\)" -- \
  "$gp" analyze -r "$capture" --formt json
expect formt_value 2 "unknown option '--formt' \(did you mean '--format'\?\)" -- "$gp" flows -r "$capture" --formt=json
expect far_off 2 "'zzzzzz' is not a ghostport subcommand; the subcommands are: flows" -- "$gp" zzzzzz
grep -q "did you mean" "$tmp/err" && fail "far_off: a suggestion for a word close to nothing"
# A value that looks like nothing known is still a value, not an unknown subcommand.
expect value_not_command 0 "" -- "$gp" flows -q -r "$capture" -F json

# Compressed captures: the same records as the plain file, whatever the file is called.
"$gp" flows -q -r "$capture" | grep -v '^#' >"$tmp/plain"
gzip -c "$capture" >"$tmp/mixed.pcap.gz"
zstd -q -c "$capture" >"$tmp/mixed.pcap.zst"
cp "$tmp/mixed.pcap.gz" "$tmp/no-suffix"
for f in mixed.pcap.gz mixed.pcap.zst no-suffix; do
  expect "read_$f" 0 "" -- "$gp" flows -q -r "$tmp/$f"
  grep -v '^#' "$tmp/out" | cmp -s - "$tmp/plain" || fail "read_$f: records differ from the plain capture's"
done
expect analyze_gz 0 "" -- "$gp" analyze -q -r "$tmp/mixed.pcap.gz" -F csv
[[ $(wc -l <"$tmp/out") -gt 1 ]] || fail "analyze_gz: no rows"
# pcapng inside gzip too.
gzip -c "$src/tests/data/external/zeek/irc-dcc-send.pcapng" >"$tmp/irc.pcapng.gz"
expect pcapng_gz 0 "" -- "$gp" flows -q -r "$tmp/irc.pcapng.gz"
"$gp" flows -q -r "$src/tests/data/external/zeek/irc-dcc-send.pcapng" | grep -v '^#' >"$tmp/irc_plain"
grep -v '^#' "$tmp/out" | cmp -s - "$tmp/irc_plain" || fail "pcapng_gz: records differ from the plain capture's"

# A cut compressed file: the records before the cut, status 3 (partial input), and where.
size=$(stat -c %s "$tmp/mixed.pcap.gz")
head -c $((size / 2)) "$tmp/mixed.pcap.gz" >"$tmp/cut.pcap.gz"
expect cut_gz 3 "cut.pcap.gz: reading stopped after packet [0-9]+ at byte offset [0-9]+ of the decompressed data" -- \
  "$gp" flows -q -r "$tmp/cut.pcap.gz"
size=$(stat -c %s "$tmp/mixed.pcap.zst")
head -c $((size / 2)) "$tmp/mixed.pcap.zst" >"$tmp/cut.pcap.zst"
expect cut_zst 3 "cut.pcap.zst: reading stopped after packet [0-9]+" -- "$gp" flows -q -r "$tmp/cut.pcap.zst"
# Compressed, but not a capture inside.
echo "hello, not a capture" | gzip -c >"$tmp/text.gz"
expect gz_not_capture 1 "text.gz: gzip-compressed, but what it holds is no pcap or pcapng capture" -- \
  "$gp" flows -r "$tmp/text.gz"

report_and_exit
