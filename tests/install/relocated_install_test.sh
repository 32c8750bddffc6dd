#!/usr/bin/env bash
# cmake --install --prefix, then the prefix moved elsewhere: the installed ghostport, run from
# /, finds its data beside its bin/ (not in the source tree) and labels the ports of
# pcaps/mixed.pcap exactly as the build does.
#   relocated_install_test.sh GHOSTPORT BUILD_DIR SOURCE_DIR
set -u
gp=$1 build=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../cli/expect.sh"
as_new_user
capture=$src/pcaps/mixed.pcap

cmake --install "$build" --prefix "$tmp/first" >"$tmp/install.log" 2>&1 || { fail "cmake --install"; cat "$tmp/install.log"; }
for f in bin/ghostport share/ghostport/default/scanner_noise.toml share/ghostport/ports/trojans.toml \
  share/ghostport/scanners/research.toml share/ghostport/registry/service-names-port-numbers.csv \
  share/man/man1/ghostport.1 share/bash-completion/completions/ghostport etc/ghostport/ghostport.toml \
  lib/systemd/system/ghostport-live@.service; do
  [[ -e $tmp/first/$f ]] || fail "installed tree has no $f"
done
grep -q "^ExecStart=$tmp/first/bin/ghostport live -i %i -Z ghostport" "$tmp/first/lib/systemd/system/ghostport-live@.service" ||
  fail "the unit's ExecStart is not the installed binary"
mv "$tmp/first" "$tmp/moved"  # relocation: nothing may point at the first prefix
installed=$tmp/moved/bin/ghostport

(cd / && "$gp" analyze -r "$capture" -q -F csv) >"$tmp/build.csv" 2>"$tmp/build.err" || fail "build analyze: $(cat "$tmp/build.err")"
(cd / && "$installed" analyze -r "$capture" -q -F csv) >"$tmp/installed.csv" 2>"$tmp/installed.err" ||
  fail "installed analyze: $(cat "$tmp/installed.err")"
[[ -s $tmp/build.csv ]] || fail "build analyze wrote nothing"
diff -u "$tmp/build.csv" "$tmp/installed.csv" >"$tmp/diff" || { fail "installed labels differ from the build's"; head -20 "$tmp/diff"; }
[[ ! -s $tmp/installed.err ]] || { fail "installed analyze said something on stderr"; cat "$tmp/installed.err"; }

(cd / && "$installed" --version) >"$tmp/version" || fail "installed --version"
grep -q "registry: IANA shipped snapshot of .* ($tmp/moved/share/ghostport/registry/service-names-port-numbers.csv)" \
  "$tmp/version" || { fail "installed binary does not use its own registry snapshot"; cat "$tmp/version"; }
grep -q "data: $tmp/moved/share/ghostport (installed)" "$tmp/version" || { fail "installed data root"; cat "$tmp/version"; }
(cd / && "$installed" rules list -v) >"$tmp/rules" 2>&1
grep -q "$src" "$tmp/rules" && fail "installed 'rules list' names the source tree"
report_and_exit
