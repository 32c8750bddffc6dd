#!/usr/bin/env bash
# The shipped IANA snapshot is used without --registry and without a note; --version and
# port --stats name its date; GHOSTPORT_REGISTRY and the config file choose another;
# `registry update` installs a newer copy in the XDG data home, prints what changed, and a bad
# file leaves the copy in use as it was.
#   registry_config_test.sh GHOSTPORT SHIPPED_CSV
set -u
gp=$1 shipped=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../cli/expect.sh"
as_new_user
date=2026-02-13  # rules/registry/README.md

expect default_registry_card 0 "" -- "$gp" port 3255
grep -q "semaphore" "$tmp/out" || fail "default_registry_card: 3255 is not 'semaphore' without --registry"
[[ ! -s $tmp/err ]] || { fail "default_registry_card: a note on stderr with the shipped registry:"; cat "$tmp/err"; }
for port in 3206 3511; do
  expect "default_registry_$port" 0 "" -- "$gp" port "$port" -t tcp -F json
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]; assert r["registry"]["status"] == "assigned" and r["registry"]["name"] and r["standing"] == "orphaned", r' \
    "$tmp/out" || fail "default_registry_$port: not an orphaned assignment with its name in the shipped snapshot"
  [[ ! -s $tmp/err ]] || fail "default_registry_$port: a note on stderr: $(cat "$tmp/err")"
done

expect version 0 "" -- "$gp" --version
grep -q "registry: IANA shipped snapshot of $date" "$tmp/out" || { fail "version: no snapshot date"; cat "$tmp/out"; }
expect stats_date 0 "" -- "$gp" port --stats
grep -q "Registry: IANA of $date (shipped snapshot" "$tmp/out" || { fail "stats_date: no snapshot date"; head -3 "$tmp/out"; }

# A registry of one row: 3255 is then "ours", and the stats name the row's date.
head -1 "$shipped" >"$tmp/tiny.csv"
echo 'ourcache,3255,tcp,Our build cache,,,2030-01-02,,,,,' >>"$tmp/tiny.csv"
GHOSTPORT_REGISTRY=$tmp/tiny.csv expect env_registry 0 "" -- "$gp" port 3255 -t tcp
grep -q "ourcache" "$tmp/out" || fail "env_registry: GHOSTPORT_REGISTRY was not used"
GHOSTPORT_REGISTRY=$tmp/missing.csv expect env_registry_missing 1 "missing.csv" -- "$gp" port 3255

printf 'registry = "tiny.csv"\n[analyze]\nformat = "csv"\n' >"$tmp/ghostport.toml"
expect config_registry 0 "" -- "$gp" --config "$tmp/ghostport.toml" port 3255 -t tcp
grep -q "ourcache" "$tmp/out" || fail "config_registry: the config file's registry (relative to the file) was not used"
expect config_flag_wins 0 "" -- "$gp" --config "$tmp/ghostport.toml" port 3255 -t tcp --registry "$shipped"
grep -q "semaphore" "$tmp/out" || fail "config_flag_wins: --registry did not override the config file"
mkdir -p "$HOME/.config/ghostport" && cp "$tmp/ghostport.toml" "$tmp/tiny.csv" "$HOME/.config/ghostport/"
expect config_user_file 0 "" -- "$gp" port 3255 -t tcp
grep -q "ourcache" "$tmp/out" || fail "config_user_file: ~/.config/ghostport/ghostport.toml was not read"
rm -r "$HOME/.config"
printf 'registry = "tiny.csv"\nregistery = "x"\n' >"$tmp/bad.toml"
expect config_unknown_key 1 "bad.toml:2:1: .*registery" -- "$gp" --config "$tmp/bad.toml" port 3255
printf '[analyze]\nformat = "yaml"\n' >"$tmp/bad2.toml"
expect config_bad_format 1 "bad2.toml:2:.*yaml" -- "$gp" --config "$tmp/bad2.toml" port 3255

# registry update: a newer copy with one row changed, one removed, one added.
python3 - "$shipped" "$tmp/newer.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
out = [rows[0]]
for r in rows[1:]:
    if r[0] == 'semaphore' and r[1] == '3255' and r[2] == 'tcp':
        r[3] = 'Semaphore Connection Port, revised'; r[7] = '2026-03-01'
    if r[0] == 'ironmail' and r[1] == '3206' and r[2] == 'udp':
        continue
    out.append(r)
out.append(['ghostnew', '3254', 'tcp', 'A new service', '', '', '2026-03-02', '', '', '', '', ''])
csv.writer(open(sys.argv[2], 'w', newline='', encoding='utf-8'), lineterminator='\n').writerows(out)
PY
grep -q '^ghostnew' "$tmp/newer.csv" || fail "update: could not write the test's newer CSV"
# 3254 is Unassigned in the snapshot's range rows: the new row is an addition.
expect update_installs 0 "" -- "$gp" registry update "$tmp/newer.csv"
installed=$HOME/.local/share/ghostport/registry/service-names-port-numbers.csv
cmp -s "$tmp/newer.csv" "$installed" || fail "update_installs: $installed is not the new file"
grep -q "^1 new assignments" "$tmp/out" && grep -q "+ 3254/tcp ghostnew" "$tmp/out" || { fail "update_installs: new row not listed"; cat "$tmp/out"; }
grep -q "^1 removed assignments" "$tmp/out" && grep -q -- "- 3206/udp ironmail" "$tmp/out" || fail "update_installs: removed row not listed"
grep -q "^1 changed assignments" "$tmp/out" && grep -q "~ 3255/tcp semaphore" "$tmp/out" || fail "update_installs: changed row not listed"
expect updated_copy_used 0 "" -- "$gp" port 3255 -t tcp
grep -q "revised" "$tmp/out" || fail "updated_copy_used: the updated copy is not the default"
expect version_updated 0 "" -- "$gp" --version
grep -q "registry: IANA updated copy of 2026-03-02" "$tmp/out" || { fail "version_updated"; cat "$tmp/out"; }

# Bad files: nothing changes.
cp "$installed" "$tmp/before.csv"
head -c 100000 "$tmp/newer.csv" >"$tmp/cut.csv"
expect update_cut_file 1 "not a complete IANA" -- "$gp" registry update "$tmp/cut.csv"
printf 'not,a,registry\n' >"$tmp/junk.csv"
expect update_junk 1 "nothing was changed" -- "$gp" registry update "$tmp/junk.csv"
expect update_older 1 "older than" -- "$gp" registry update "$shipped"
expect update_missing 1 "nope.csv" -- "$gp" registry update "$tmp/nope.csv"
cmp -s "$tmp/before.csv" "$installed" || fail "bad updates changed $installed"
[[ -z $(find "$(dirname "$installed")" -name '.service-names*') ]] || fail "a bad update left a temporary file"
report_and_exit
