#!/usr/bin/env bash
# Issue 10: `analyze -w` and `analyze --log-dir`, checked with the tools analysts use on them.
#   - tshark/capinfos read the annotated pcapng of every bundled capture (and of vendored third-party traces
#     with several interfaces and link types, IPv6 fragments and non-IP frames): same packet
#     count, bytes (MD5 of every frame), lengths, timestamps, interfaces and link types; every
#     packet carries a comment; a packet's comment names its flow (uid) with that flow's
#     conn.log label, each flow's packets in the capture add up to its conn.log packet count,
#     and `frame.comment contains "gp_label=L "` selects exactly the packets of L's flows.
#   - conn.log and ports.log: columns picked by name from the #fields header, as zeek-cut does
#     (awk), every row as wide as the header; the JSON Lines logs say the same per row (jq).
#   - what -w refuses (standard input, the input itself) and where it fails (unwritable
#     paths), a truncated input (exit 3, packets before the cut written), -w - into tshark.
# Usage: annotations_test.sh GHOSTPORT SOURCE_DIR TEST_DATA_DIR. Exits 77 (skipped) only when
# tshark, capinfos, mergecap or jq are missing; tools/install-deps installs them.
set -u
gp=$1
src=$2
data=$3
for tool in tshark capinfos mergecap jq; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not installed (GHOSTPORT_WITH_TEST_TOOLS=1 tools/install-deps)"
    exit 77
  fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
passes=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
pass() { passes=$((passes + 1)); }
quiet() { "$@" >/dev/null; }
check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then pass; else fail "$name"; fi
}

# zeek-cut, as an awk program: prints the named columns of a Zeek TSV log, found by name in
# its #fields header.
zcut() {
  local log=$1
  shift
  awk -F '\t' -v cols="$*" '
    BEGIN { n = split(cols, want, " ") }
    /^#fields/ { for (i = 2; i <= NF; i++) idx[$i] = i - 1; next }
    /^#/ { next }
    { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "\t" : "") $(idx[want[j]]); print line }' "$log"
}

# Every data row as wide as #fields, #types as wide as #fields.
log_well_formed() {
  awk -F '\t' '
    /^#fields/ { nf = NF; next }
    /^#types/ { if (NF != nf) bad = 1; next }
    /^#/ { next }
    { rows++; if (NF != nf - 1) bad = 1 }
    END { exit (bad || nf == 0) }' "$1"
}

frames() {  # per packet: MD5 of the bytes, lengths, time, interface (0 in a classic pcap), link type
  tshark -r "$1" -o frame.generate_md5_hash:TRUE -T fields -e frame.md5_hash -e frame.len -e frame.cap_len \
    -e frame.time_epoch -e frame.interface_id -e frame.encap_type 2>/dev/null |
    awk -F '\t' -v OFS='\t' '$5 == "" { $5 = 0 } { print }'
}

# The whole check for one capture: check_capture FILE [TAG ANALYZE-OPTIONS...]. With
# tunnels=1 a frame is its innermost packet's (the pipeline reports it once, with the flow of
# the packet inside), so a carrier's conn.log count includes frames annotated with the flows
# it carries: counts are then checked as "at most", and the per-label totals are skipped.
tunnels=0
check_capture() {
  local in=$1 name
  name=$(basename "$in")${2:+.$2}
  shift
  (($# > 0)) && shift
  local out=$tmp/$name.annotated.pcapng logs=$tmp/$name.logs
  if ! "$gp" analyze -r "$in" -w "$out" --log-dir "$logs" -q "$@" >"$tmp/report" 2>"$tmp/err"; then
    fail "$name: analyze -w exited $?: $(cat "$tmp/err")"
    return
  fi
  # Same packets, bytes, lengths, timestamps, interfaces and link types, in the same order.
  frames "$in" >"$tmp/in.frames"
  frames "$out" >"$tmp/out.frames"
  check "$name: frames unchanged" cmp -s "$tmp/in.frames" "$tmp/out.frames"
  check "$name: capinfos packet count and data size" \
    cmp -s <(capinfos -M -c -d "$in" | tail -n +2 | cut -f2) <(capinfos -M -c -d "$out" | tail -n +2 | cut -f2)
  check "$name: interfaces" cmp -s <(capinfos -M "$in" | grep -E 'Number of interfaces|Encapsulation =') \
    <(capinfos -M "$out" | grep -E 'Number of interfaces|Encapsulation =')

  # Every packet has a comment; a flow's packets name its uid and its conn.log label, and
  # add up to its conn.log packet count; the others say why they have no flow.
  tshark -r "$out" -T fields -e frame.comment 2>/dev/null >"$tmp/comments"
  zcut "$logs/conn.log" uid gp_label orig_pkts resp_pkts >"$tmp/conn.tsv"
  if ! awk -F '\t' -v name="$name" -v tunnels="$tunnels" '
      FNR == NR { label[$1] = $2; want[$1] = $3 + $4; next }
      {
        n++
        if ($0 !~ /^ghostport: /) { print name ": packet " n " has no ghostport comment: " $0; bad = 1; next }
        if (match($0, / uid=[^ ]+/)) {
          uid = substr($0, RSTART + 5, RLENGTH - 5)
          match($0, /gp_label=[^ ]+/); l = substr($0, RSTART + 9, RLENGTH - 9)
          if (!(uid in label)) { print name ": packet " n ": uid " uid " not in conn.log"; bad = 1; next }
          if (l != label[uid]) { print name ": packet " n ": label " l ", conn.log says " label[uid]; bad = 1 }
          got[uid]++
        } else if ($0 !~ /no flow/) { print name ": packet " n ": neither a flow nor no flow: " $0; bad = 1 }
      }
      END {
        for (u in want) {
          if (tunnels ? got[u] <= want[u] : got[u] == want[u]) continue
          print name ": flow " u ": " got[u] + 0 " packets, conn.log says " want[u]; bad = 1
        }
        exit bad
      }' "$tmp/conn.tsv" "$tmp/comments"; then
    fail "$name: packet comments against conn.log"
  else
    pass
  fi

  # A display filter on the comment selects exactly the packets of the flows with that label.
  local label want got
  ((tunnels)) || for label in $(cut -f2 "$tmp/conn.tsv" | sort -u); do
    [[ $label == - ]] && continue
    want=$(awk -F '\t' -v l="$label" '$2 == l { n += $3 + $4 } END { print n + 0 }' "$tmp/conn.tsv")
    got=$(tshark -r "$out" -Y "frame.comment contains \"gp_label=$label \"" -T fields -e frame.number 2>/dev/null | wc -l)
    check "$name: filter gp_label=$label selects $want packets (got $got)" test "$got" -eq "$want"
  done

  # The logs: zeek-cut-style column selection, rows as wide as the header, the vocabulary.
  check "$name: conn.log well formed" log_well_formed "$logs/conn.log"
  check "$name: ports.log well formed" log_well_formed "$logs/ports.log"
  check "$name: gp_ columns" awk -F '\t' '
      $1 !~ /^(custom_application|misconfiguration|scanner_noise|suspicious|unknown|-)$/ { exit 1 }
      $1 != "-" && ($2 < 0 || $2 > 1 || $3 == "-" || $3 == "") { exit 1 }' \
    <(zcut "$logs/conn.log" gp_label gp_confidence gp_standing)
  check "$name: conn.log has every flow" test "$(zcut "$logs/conn.log" uid | sort -u | wc -l)" -eq \
    "$(zcut "$logs/conn.log" uid | wc -l)"

  # JSON Lines: the same rows, the same verdicts.
  if ! "$gp" analyze -r "$in" -F json --log-dir "$logs.json" -q "$@" >/dev/null 2>"$tmp/err"; then
    fail "$name: analyze -F json --log-dir: $(cat "$tmp/err")"
    return
  fi
  check "$name: conn.log JSON agrees with TSV" cmp -s <(zcut "$logs/conn.log" uid gp_label gp_standing) \
    <(jq -r '[.uid, (.gp_label // "-"), (.gp_standing // "-")] | @tsv' "$logs.json/conn.log")
  check "$name: ports.log JSON agrees with TSV" cmp -s <(zcut "$logs/ports.log" port proto gp_label flows) \
    <(jq -r '[.port, .proto, .gp_label, .flows] | @tsv' "$logs.json/ports.log")
  check "$name: gp_rules is a JSON array" quiet jq -s -e \
    'map(select(.gp_label != null)) | all(.[]; (.gp_rules | type) == "array")' "$logs.json/conn.log"
}

for f in "$src"/pcaps/*.pcap "$src"/pcaps/*.pcapng; do check_capture "$f"; done
zeek=$data/external/zeek
# Ethernet + Linux SLL2 + NFLOG in one file: three interfaces, three link types.
mergecap -F pcapng -w "$tmp/mixed-links.pcapng" "$zeek/http/get.pcap" "$zeek/linux_dlt_sll2.pcap" \
  "$zeek/nflog-http.pcap"
check_capture "$tmp/mixed-links.pcapng"
check "mixed-links: three link types kept" test "$(cut -f6 "$tmp/out.frames" | sort -u | wc -l)" -eq 3
check_capture "$zeek/pcapng-multi-interface.pcapng"
check_capture "$zeek/ipv6-fragmented-dns.pcap"  # fragments before the last have no flow
check_capture "$zeek/linuxsll-arp.pcap"          # ARP: no flow
check "no-flow comments are there" grep -q 'no flow (not an IP packet)' "$tmp/comments"
# Tunnels: every frame once, annotated with the flow of the packet it carries.
tunnels=1
check_capture "$zeek/tunnels/vxlan.pcap"
check_capture "$zeek/tunnels/Teredo.pcap"
tunnels=0
# Past the cap the quietest conversations are judged early: every flow still has a verdict,
# and those judged early name the note that says so.
check_capture "$src/pcaps/mixed.pcap" capped --max-conversations 20
check "capped: every flow judged" bash -c "! grep -q 'not judged: over --max-conversations' '$tmp/comments'"
check "capped: early verdicts say so" grep -q 'gp_rules=[^ ]*judged_before_end' "$tmp/comments"

# The issue's own filter on the scanner capture.
scan_out=$tmp/scanner_noise.pcapng.annotated.pcapng
n=$(tshark -r "$scan_out" -Y 'frame.comment contains "scanner_noise"' 2>/dev/null | wc -l)
m=$(tshark -r "$scan_out" -Y 'frame.comment contains "gp_label=scanner_noise "' 2>/dev/null | wc -l)
check "scanner_noise filter selects $m packets (got $n)" test "$n" -eq "$m" -a "$n" -gt 1000
# The section header comment names the version, the rules and the registry.
check "section comment" bash -c "capinfos -k '$scan_out' | grep -q 'ghostport .* analyze.*rules: .*registry: '"

# expect NAME STATUS PATTERN -- COMMAND...: exit status and a stderr line matching PATTERN.
expect() {
  local name=$1 status=$2 pattern=$3
  shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  # An empty pattern accepts any stderr, an empty one too (grep matches no line of an empty file).
  if [[ $rc -ne $status ]] || { [[ -n $pattern ]] && ! grep -Eq -- "$pattern" "$tmp/err"; }; then
    fail "$name: exit $rc (want $status), stderr:"
    sed 's/^/    /' "$tmp/err"
  else
    pass
  fi
}
trace=$src/pcaps/misconfiguration.pcap
expect stdin 2 '-w needs -r to name a capture file.*standard input cannot be read twice' -- \
  bash -c "\"$gp\" analyze -r - -w \"$tmp/x.pcapng\" <\"$trace\""
check "stdin: nothing written" test ! -e "$tmp/x.pcapng"
expect same_file 2 'is the input capture itself' -- "$gp" analyze -r "$trace" -w "$trace"
expect bad_dir 1 'cannot write the annotated capture: .*nodir/x.pcapng: No such file' -- \
  "$gp" analyze -r "$trace" -w "$tmp/nodir/x.pcapng"
touch "$tmp/afile"
expect bad_log_dir 1 '--log-dir .*afile.*cannot create' -- "$gp" analyze -r "$trace" --log-dir "$tmp/afile"
expect bad_log_format 2 'log-format' -- "$gp" analyze -r "$trace" --log-dir "$tmp/l" --log-format xml
# From standard input, --log-dir works (one pass, verdicts spooled).
expect stdin_logs 0 'wrote .*conn.log' -- bash -c "\"$gp\" analyze -r - --log-dir \"$tmp/stdin-logs\" <\"$trace\""
check "stdin logs = file logs" cmp -s <(zcut "$tmp/stdin-logs/conn.log" uid gp_label) \
  <(zcut "$tmp/misconfiguration.pcap.logs/conn.log" uid gp_label)
# -w - writes the pcapng to standard output (the report is not printed there).
"$gp" analyze -r "$trace" -w - -q 2>/dev/null | tshark -r - -T fields -e frame.comment 2>/dev/null >"$tmp/piped"
check "-w - into tshark" cmp -s "$tmp/piped" <(tshark -r "$tmp/misconfiguration.pcap.annotated.pcapng" -T fields \
  -e frame.comment 2>/dev/null)
# Two files (-r twice): the same annotated packets and comments as on mergecap's merge of
# them, each file on an interface of its own (mergecap folds identical interfaces into one);
# -w onto one of the inputs is refused.
other=$src/pcaps/suspicious.pcap
mergecap -F pcapng -w "$tmp/merged-in.pcapng" "$trace" "$other"
expect two_inputs 0 '' -- "$gp" analyze -q -r "$trace" -r "$other" -w "$tmp/two.pcapng"
"$gp" analyze -q -r "$tmp/merged-in.pcapng" -w "$tmp/merged.pcapng" >/dev/null 2>&1
fields=(-T fields -e frame.time_epoch -e frame.len -e frame.comment)
check "two inputs = mergecap's merge" cmp -s <(tshark -r "$tmp/two.pcapng" "${fields[@]}" 2>/dev/null) \
  <(tshark -r "$tmp/merged.pcapng" "${fields[@]}" 2>/dev/null)
check "two inputs: one interface per file" test "$(capinfos -I "$tmp/two.pcapng" 2>/dev/null |
  grep -c '^Interface #')" -eq 2
expect two_inputs_same_file 2 'is one of the input captures itself' -- \
  "$gp" analyze -r "$other" -r "$trace" -w "$trace"
# A capture cut inside a packet: exit 3, and every packet before the cut is written, annotated.
head -c 9000 "$trace" >"$tmp/cut.pcap"
expect truncated 3 'reading stopped after packet' -- "$gp" analyze -r "$tmp/cut.pcap" -w "$tmp/cut.pcapng"
check "truncated: packets before the cut" test "$(tshark -r "$tmp/cut.pcapng" -Y 'frame.comment contains "gp_label="' \
  2>/dev/null | wc -l)" -eq "$(tshark -r "$tmp/cut.pcap" 2>/dev/null | wc -l)"
# A BPF filter: only the packets it selects are written, as tcpdump -w does.
expect filtered 0 'wrote' -- "$gp" analyze -r "$trace" -w "$tmp/udp.pcapng" udp
check "filter: only udp written" test "$(tshark -r "$tmp/udp.pcapng" -Y '!udp && !icmp' 2>/dev/null | wc -l)" -eq 0

echo "$passes passed, $failures failed"
[[ $failures -eq 0 ]]
