#!/usr/bin/env bash
# The Debian package: CPack builds it from the build directory; it is unpacked into a
# throwaway root (dpkg-deb -x: nothing on this machine changes), its installed ghostport,
# run from /, labels pcaps/mixed.pcap as the build does with the data the package installed;
# its man page lists every subcommand; the root is removed afterwards (the purge).
#   package_test.sh GHOSTPORT BUILD_DIR SOURCE_DIR
set -u
gp=$1 build=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../cli/expect.sh"
as_new_user
for tool in cpack dpkg-deb; do
  command -v $tool >/dev/null || { echo "FAIL: $tool is missing (tools/install-deps)"; exit 1; }
done

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1 ||
  { echo "FAIL: cpack:"; tail -30 "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/pkg/ghostport_*.deb 2>/dev/null | head -n 1)
[[ -n $deb ]] || { echo "FAIL: no .deb in $tmp/pkg"; cat "$tmp/cpack.log"; exit 1; }

dpkg-deb -f "$deb" Package Depends >"$tmp/control"
grep -q "^Package: ghostport" "$tmp/control" || fail "control: package name"
grep -q "libpcap0.8" "$tmp/control" || fail "control: Depends lacks libpcap0.8"
# Each shared library the binary names (NEEDED) comes from a package the .deb depends on.
for needed in $(objdump -p "$gp" | awk '/NEEDED/{print $2}'); do
  lib=$(ldd "$gp" | awk -v n="$needed" '$1 == n {print $3}')
  [[ -n $lib ]] || continue
  owner=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1)
  [[ -z $owner ]] && owner=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1)
  [[ -n $owner ]] || continue
  sed -n 's/^Depends: //p' "$tmp/control" | tr ',' '\n' | awk '{print $1}' | grep -qxF "$owner" ||
    fail "Depends lacks $owner (for $lib)"
done
dpkg-deb -c "$deb" >"$tmp/contents"
for f in ./usr/bin/ghostport ./usr/share/ghostport/registry/service-names-port-numbers.csv \
  ./usr/share/ghostport/default/ ./usr/share/ghostport/ports/ ./usr/share/ghostport/scanners/research.toml \
  ./usr/share/man/man1/ghostport.1 ./usr/share/bash-completion/completions/ghostport ./etc/ghostport/ghostport.toml \
  ./usr/lib/systemd/system/ghostport-live@.service ./usr/lib/sysusers.d/ghostport.conf; do
  grep -qF " $f" "$tmp/contents" || fail "package lacks $f"
done
dpkg-deb -e "$deb" "$tmp/control.d"
grep -qx /etc/ghostport/ghostport.toml "$tmp/control.d/conffiles" || fail "the config file is not a conffile"

root=$tmp/root
dpkg-deb -x "$deb" "$root" || fail "dpkg-deb -x"
grep -q "^ExecStart=/usr/bin/ghostport live" "$root/usr/lib/systemd/system/ghostport-live@.service" ||
  fail "the packaged unit does not run /usr/bin/ghostport"
(cd / && "$gp" analyze -r "$src/pcaps/mixed.pcap" -q -F csv) >"$tmp/build.csv" 2>/dev/null
(cd / && "$root/usr/bin/ghostport" analyze -r "$src/pcaps/mixed.pcap" -q -F csv) >"$tmp/package.csv" 2>"$tmp/err" ||
  fail "packaged analyze: $(cat "$tmp/err")"
[[ -s $tmp/build.csv ]] && diff -u "$tmp/build.csv" "$tmp/package.csv" >"$tmp/diff" ||
  { fail "packaged labels differ from the build's"; head -20 "$tmp/diff"; }
(cd / && "$root/usr/bin/ghostport" --version) >"$tmp/version"
grep -q "($root/usr/share/ghostport/registry/service-names-port-numbers.csv)" "$tmp/version" ||
  { fail "packaged binary does not use the packaged registry"; cat "$tmp/version"; }
LC_ALL=C.UTF-8 MANWIDTH=200 man -M "$root/usr/share/man" ghostport 2>/dev/null | col -b >"$tmp/man.txt"
for c in $("$gp" --help | awk '/^Subcommands:/{on=1; next} on && /^$/{on=0} on && /^  [a-z]/{print $1}'); do
  grep -q "ghostport $c" "$tmp/man.txt" || fail "man ghostport lacks $c"
done
rm -rf "$root"
[[ ! -e $root ]] || fail "the unpacked root could not be removed"
report_and_exit
