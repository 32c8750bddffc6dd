#!/usr/bin/env bash
# ghostport analyze: its options and views on a bundled capture, and bad input — one clear
# line, the documented exit status, results read before a truncation.
# Usage: analyze_cli_test.sh GHOSTPORT SOURCE_DIR
set -u
gp=$1
src=$2
capture=$src/pcaps/mixed.pcap
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"

expect bad_explain 2 "explain 'http': expected PORT or PORT/tcp" -- "$gp" analyze -r "$capture" --explain http
expect bad_format 2 "xml" -- "$gp" analyze -r "$capture" -F xml
expect missing_rules 1 "nope.toml" -- "$gp" analyze -r "$capture" --rules "$tmp/nope.toml"
printf '[[rule]]\nid = "mine"\nlabel = "suspicious"\nweight = 3\nreason = "x"\nwhen = { flowz = 3 }\n' >"$tmp/bad.toml"
expect bad_rule 1 "bad.toml:6:10: error: .*flowz.*flows" -- "$gp" analyze -r "$capture" --rules "$tmp/bad.toml"
printf '[[rule]]\nid = "custom_app_internal_sessions"\nenabled = false\n' >"$tmp/off.toml"
expect rule_switched_off 0 "packets" -- "$gp" analyze -r "$capture" --rules "$tmp/off.toml" --conversations -F jsonl
grep -q custom_app_internal_sessions "$tmp/out" && fail "rule_switched_off: the disabled rule still fired"

# A flow rule (scope = "flow") fires on single flows and counts in its conversation's verdict.
printf '[[rule]]\nid = "site_plain_http"\nlabel = "suspicious"\nscope = "flow"\nweight = 9\nreason = "{flow_protocol} flow {conn_state}"\nwhen = { flow_protocol = "http", conn_state = "SF" }\n' >"$tmp/flow.toml"
expect flow_rule 0 "packets" -- "$gp" analyze -r "$capture" --rules "$tmp/flow.toml" --conversations -F jsonl
grep -q '"rule":"site_plain_http".*"reason":"http flow SF"' "$tmp/out" || fail "flow_rule: the flow rule never fired"

# Views: JSON parses, --only-orphaned keeps orphan-like standings, --explain names the port.
expect json 0 "packets" -- "$gp" analyze -r "$capture" -F json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ports"] and all("label" in p for p in d["ports"])' \
  "$tmp/out" || fail "json: output is not the documented JSON"
expect only_orphaned 0 "packets" -- "$gp" analyze -r "$capture" -F csv --only-orphaned
tail -n +2 "$tmp/out" | cut -d, -f4 | sort -u | grep -Evq '^(orphaned|unofficial|unassigned)$' &&
  fail "only_orphaned: a port of another standing was listed"
expect explain 0 "packets" -- "$gp" analyze -r "$capture" --explain 3255/tcp
grep -q '^3255/tcp' "$tmp/out" && grep -q '=> custom_application' "$tmp/out" || fail "explain: no 3255/tcp evidence"
expect explain_quiet_port 0 "packets" -- "$gp" analyze -r "$capture" --explain 9/udp
grep -q 'no traffic to port 9/udp' "$tmp/out" || fail "explain_quiet_port: no 'no traffic' line"

# A full traffic model: the flows left out are counted and reported, the rest still judged.
expect model_full 0 "warning: [0-9]+ conversations were judged before the end of the input: the traffic model holds at most 50 conversations" -- \
  "$gp" analyze -r "$capture" -F csv --max-conversations 50
[[ $(wc -l <"$tmp/out") -gt 1 ]] || fail "model_full: no ports judged"
expect bad_max_conversations 2 "max-conversations" -- "$gp" analyze -r "$capture" --max-conversations 0

# A capture cut short: what was read is analysed, with where reading stopped; exit 3.
head -c 200000 "$capture" >"$tmp/cut.pcap"
expect truncated 3 'reading stopped after packet [0-9]+ at byte offset [0-9]+: truncated' -- "$gp" analyze -r "$tmp/cut.pcap" -F csv
[[ $(wc -l <"$tmp/out") -gt 10 ]] || fail "truncated: the ports read before the cut are missing"

report_and_exit
