#!/usr/bin/env bash
# Zeek's service column (issue 25 item 2): filled from protocol identification in
# `flows` (TSV and JSON) and in analyze's --log-dir conn.log, with Zeek's own names, and
# equal to what Zeek's own conn.log beside the capture says.
# Usage: zeek_service_test.sh GHOSTPORT TEST_DATA_DIR
set -u
gp=$1
data=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"

# cut_service FILE: the service column of a Zeek TSV log, one value a line (zeek-cut service).
cut_service() {
  awk -F'\t' '/^#fields/ { for (i = 2; i <= NF; i++) if ($i == "service") col = i - 1; next }
              /^#/ { next }
              col { print $col }' "$1"
}

ssh=$data/external/zeek/ssh/ssh.pcap
expect flows_tsv 0 "" -- "$gp" flows -q -r "$ssh"
cut_service "$tmp/out" | sort | uniq -c >"$tmp/ours"
cut_service "$ssh.conn.log" | sort | uniq -c >"$tmp/zeek"
grep -q ' ssh$' "$tmp/ours" || fail "flows_tsv: no ssh in the service column: $(cat "$tmp/ours")"
diff -u "$tmp/zeek" "$tmp/ours" >"$tmp/d" || fail "flows_tsv: service counts differ from Zeek's conn.log: $(cat "$tmp/d")"

expect flows_json 0 "" -- "$gp" flows -q -r "$ssh" -F json
python3 - "$tmp/out" <<'PY' || fail "flows_json: no \"service\": \"ssh\" key"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert any(r.get("service") == "ssh" for r in rows), rows[:1]
assert all(r.get("service", "ssh") == "ssh" for r in rows)
PY

# Every conn.log ghostport writes: analyze --log-dir spools flows to disk and back.
mkdir "$tmp/logs"
expect log_dir 0 "" -- "$gp" analyze -r "$ssh" --log-dir "$tmp/logs"
cut_service "$tmp/logs/conn.log" | sort | uniq -c >"$tmp/ours_logdir"
diff -u "$tmp/zeek" "$tmp/ours_logdir" >"$tmp/d" || fail "log_dir: service counts differ from Zeek's: $(cat "$tmp/d")"

# Several protocols, Zeek's names: TLS is "ssl", DNS "dns", HTTP "http".
for case in "pppoe-over-qinq.pcap ssl" "http/get.pcap http" "wikipedia.pcap dns"; do
  set -- $case
  expect "flows_$2" 0 "" -- "$gp" flows -q -r "$data/external/zeek/$1"
  cut_service "$tmp/out" | tr ',' '\n' | grep -qx "$2" || fail "flows_$2: $1 has no $2 service"
done

report_and_exit
