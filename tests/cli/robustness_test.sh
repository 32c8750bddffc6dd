#!/usr/bin/env bash
# Issue 26: hostile and broken inputs through the CLI. A failed -w removes only a file the
# run created; inputs that never end are refused at the size limit; every bad input file is
# exit 1 whichever flag named it; text from files reaches the terminal escaped; a failed
# stdout is a failed run. Every command is bounded by `timeout` and a memory limit.
# Usage: robustness_test.sh GHOSTPORT SOURCE_DIR
set -u
gp=$1
src=$2
capture=$src/pcaps/mixed.pcap
iana=$src/rules/registry/service-names-port-numbers.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"

# bounded CMD...: at most 60 s and 3 GiB of address space, whatever the input does.
# AddressSanitizer reserves terabytes of address space for its shadow memory, so under it
# only the time bound applies (the program's own input limit is what the tests check).
if ldd "$gp" 2>/dev/null | grep -q libasan; then
  bounded() { timeout 60 "$@"; }
else
  bounded() { (ulimit -v 3145728; exec timeout 60 "$@"); }
fi

# --- 1. -w never removes what the run did not create ---------------------------------------
ln -s /dev/full "$tmp/full-link"
expect w_symlink_to_full 1 "left as it is" -- bounded "$gp" analyze -r "$capture" -q -w "$tmp/full-link"
[[ -L $tmp/full-link ]] || fail "w_symlink_to_full: the symlink was removed"
if [[ $(id -u) -eq 0 ]]; then  # a private copy of /dev/full: the real one is never at risk
  mknod "$tmp/full" c 1 7
  expect w_device 1 "left as it is" -- bounded "$gp" analyze -r "$capture" -q -w "$tmp/full"
  [[ -c $tmp/full ]] || fail "w_device: the device node was removed"
fi
mkfifo "$tmp/fifo"
# The reader takes 1 KiB and goes away; SIGPIPE ignored (as under systemd) makes it EPIPE.
(head -c 1024 "$tmp/fifo" >/dev/null) &
reader=$!
expect w_fifo 1 "left as it is" -- bash -c 'trap "" PIPE; exec "$@"' _ timeout 60 "$gp" analyze -r "$capture" -q -w "$tmp/fifo"
wait "$reader"
[[ -p $tmp/fifo ]] || fail "w_fifo: the FIFO was removed"
echo keep >"$tmp/existing.pcapng"
# A file that was there before the run is never removed (here: -w succeeds and replaces it).
expect w_existing 0 "" -- bounded "$gp" analyze -r "$capture" -q -w "$tmp/existing.pcapng"
[[ -s $tmp/existing.pcapng ]] || fail "w_existing: the file is gone or empty"
# --log-dir writes only files it names itself, never through a symlink planted there.
mkdir "$tmp/logs"
ln -s "$tmp/victim" "$tmp/logs/conn.log"
expect log_dir_symlink 1 "conn.log: is a symbolic link" -- bounded "$gp" analyze -r "$capture" -q --log-dir "$tmp/logs"
[[ -e $tmp/victim ]] && fail "log_dir_symlink: wrote through the planted symlink"

# --- 2 and 7. Inputs that never end, and one exit status for a bad input file --------------
printf 'not,a,registry\n"unterminated\n' >"$tmp/bad.csv"
printf '[[rule]]\nid = "x"\nweight = "heavy"\n' >"$tmp/bad.toml"
printf 'internal_networks = "everything"\n' >"$tmp/bad-site.toml"
printf '[scan]\nports_threshold = -1\n' >"$tmp/bad-scan.toml"
printf '{"not": "an analysis"}\n' >"$tmp/bad.json"
for input in /dev/zero "$tmp/missing" BAD; do
  for flag in --rules --site --registry --nmap-services --scan-config --baseline; do
    file=$input
    if [[ $input == BAD ]]; then
      case $flag in
        --rules) file=$tmp/bad.toml ;; --site) file=$tmp/bad-site.toml ;; --scan-config) file=$tmp/bad-scan.toml ;;
        --baseline) file=$tmp/bad.json ;; *) file=$tmp/bad.csv ;;
      esac
    fi
    pattern=""
    [[ $input == /dev/zero ]] && pattern="limit on an input file"
    expect "analyze_${flag#--}_$(basename "$input")" 1 "$pattern" -- bounded "$gp" analyze -r "$capture" -q "$flag" "$file"
  done
  for flag in --registry --nmap-services --site; do
    file=$input
    [[ $input == BAD ]] && { file=$tmp/bad.csv; [[ $flag == --site ]] && file=$tmp/bad-site.toml; }
    expect "port_${flag#--}_$(basename "$input")" 1 "" -- bounded "$gp" port 3255 "$flag" "$file"
  done
  file=$input
  [[ $input == BAD ]] && file=$tmp/bad.json
  expect "diff_$(basename "$input")" 1 "" -- bounded "$gp" diff "$file" "$file"
  [[ $input == BAD ]] && file=$tmp/bad.toml
  expect "rules_check_$(basename "$input")" 1 "" -- bounded "$gp" rules check "$file"
done
# The limit is documented and can be raised or lowered.
expect limit_lowered 1 "larger than the 1 KiB limit.*GHOSTPORT_MAX_INPUT_BYTES" -- \
  env GHOSTPORT_MAX_INPUT_BYTES=1K "$gp" port 3255 --registry "$iana"
expect limit_raised 0 "" -- env GHOSTPORT_MAX_INPUT_BYTES=256M "$gp" port 3255 --registry "$iana"
expect limit_bad 1 "GHOSTPORT_MAX_INPUT_BYTES='lots' is not a size" -- \
  env GHOSTPORT_MAX_INPUT_BYTES=lots "$gp" port 3255 --registry "$iana"

# --- 3. A rule file nested 20,000 deep is an error with file:line:col ----------------------
python3 -c 'import sys; print("[[rule]]\nid = \"deep\"\nlabel = \"suspicious\"\nweight = 1\nreason = \"x\"\n[rule.when" + ".not" * 20000 + "]\nflows = 1")' >"$tmp/deep.toml"
expect deep_rule 1 "deep.toml:6:1: error: conditions nest deeper than 32 levels" -- bounded "$gp" rules check "$tmp/deep.toml"

# --- 5. Text from files reaches the terminal escaped ----------------------------------------
esc=$'\e'
{ head -n 1 "$iana"; printf 'evil,3255,tcp,"red\e[31mtext\nFAKE LINE",,,,,,,,\n'; } >"$tmp/evil.csv"
expect port_card_escaped 0 "" -- "$gp" port 3255 --registry "$tmp/evil.csv"
grep -q "$esc" "$tmp/out" && fail "port_card_escaped: a raw escape sequence reached stdout"
grep -q '^FAKE LINE' "$tmp/out" && fail "port_card_escaped: a newline in the description started a line"
grep -q 'red\\x1b\[31mtext\\nFAKE LINE' "$tmp/out" || fail "port_card_escaped: the description is not shown escaped"
mkdir "$tmp/loud"
printf '[[rule]]\nid = "loud"\nlabel = "suspicious"\nweight = 1\nreason = "a\\u001b[2Jb\\nFAKE"\nwhen = { flows = 1 }\n' >"$tmp/loud/loud.toml"
expect rules_list_escaped 0 "" -- "$gp" rules list -v --rules-dir "$tmp/loud"
grep -q "$esc" "$tmp/out" && fail "rules_list_escaped: a raw escape sequence reached stdout"
grep -q '^FAKE' "$tmp/out" && fail "rules_list_escaped: a newline in a reason started a line"
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
port = {"port": 3255, "transport": "tcp", "service": "x", "standing": "orphaned", "flows": 5, "clients": 1}
old = {"ports": [dict(port, label="unknown", reason="old")], "scans": []}
new = {"ports": [dict(port, label="suspicious\u001b[31m", reason="r\nFAKE LINE")], "scans": []}
json.dump(old, open(t + "/old.json", "w")); json.dump(new, open(t + "/new.json", "w"))
PY
expect diff_escaped 4 "" -- "$gp" diff "$tmp/old.json" "$tmp/new.json"
grep -q "$esc" "$tmp/out" && fail "diff_escaped: a raw escape sequence reached stdout"
grep -q '^FAKE LINE' "$tmp/out" && fail "diff_escaped: a newline in the input JSON started a line"

# --- 6. A long reason template is refused, not rendered for every port ----------------------
python3 -c 'print("[[rule]]\nid = \"long\"\nlabel = \"suspicious\"\nweight = 1\nreason = \"" + "{flows} " * 100000 + "\"\nwhen = { flows = 1 }")' >"$tmp/long.toml"
expect long_reason 1 "reason is [0-9]+ bytes long; at most 2048" -- bounded "$gp" rules check "$tmp/long.toml"

# --- 7. Output that cannot be written is a failed run ----------------------------------------
expect port_dev_full 1 "writing to standard output failed" -- bash -c 'exec "$@" >/dev/full' _ "$gp" port 3255
expect rules_list_dev_full 1 "writing to standard output failed|cannot write to file" -- bash -c 'exec "$@" >/dev/full' _ "$gp" rules list
expect version_dev_full 1 "writing to standard output failed" -- bash -c 'exec "$@" >/dev/full' _ "$gp" --version
expect port_closed_stdout 1 "writing to standard output failed" -- bash -c 'exec "$@" >&-' _ "$gp" port 3255

report_and_exit
