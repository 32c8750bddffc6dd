#!/usr/bin/env bash
# ghostport port on a registry file that is not UTF-8 (a Latin-1 export): JSON output still
# parses, with U+FFFD for the bytes that are not text. Usage: port_cli_test.sh GHOSTPORT
set -u
gp=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/expect.sh"

printf 'Service Name,Port Number,Transport Protocol,Description,Assignee,Contact,Registration Date,Modification Date,Reference,Service Code,Unauthorized Use Reported,Assignment Notes\ncaf\xe9,3255,tcp,caf\xe9 service,,,,,,,,\n' >"$tmp/latin1.csv"
expect latin1_registry_json 0 "" -- "$gp" port 3255 -F json --registry "$tmp/latin1.csv"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "caf\ufffd" in json.dumps(d, ensure_ascii=False)' "$tmp/out" ||
  fail "latin1_registry_json: output is not JSON with U+FFFD in place of the Latin-1 byte"
report_and_exit
