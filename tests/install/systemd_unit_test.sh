#!/usr/bin/env bash
# The service unit template passes systemd-analyze verify (for an instance, eth0) and keeps
# its hardening. Exit 77 (skipped) when systemd-analyze is missing or cannot run here.
#   systemd_unit_test.sh GHOSTPORT UNIT.in
set -u
gp=$1 unit_in=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/../cli/expect.sh"
command -v systemd-analyze >/dev/null || { echo "SKIP: systemd-analyze is not installed (Debian package systemd)"; exit 77; }
# The unit names the installed binary; here the build's stands in for it.
sed "s|@GP_BINDIR@|$(dirname "$gp")|" "$unit_in" >"$tmp/ghostport-live@.service"
ln -s ghostport-live@.service "$tmp/ghostport-live@eth0.service"
if ! SYSTEMD_LOG_LEVEL=info systemd-analyze verify --man=no "$tmp/ghostport-live@eth0.service" >"$tmp/verify" 2>&1; then
  if grep -qiE "Failed to (initialize|connect|create)|not booted|System has not been booted" "$tmp/verify"; then
    echo "SKIP: systemd-analyze verify cannot run in this container:"; cat "$tmp/verify"; exit 77
  fi
  fail "systemd-analyze verify:"; cat "$tmp/verify"
fi
# Anything it says about our unit is a finding (it may also talk about the host's units).
grep -E "ghostport-live@" "$tmp/verify" && fail "systemd-analyze verify reports on the unit"
u=$tmp/ghostport-live@.service
for want in "^ExecStart=.* live -i %i -Z ghostport" "^Restart=on-failure" "^ProtectSystem=strict" "^ProtectHome=yes" \
  "^NoNewPrivileges=yes" "^CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN" "^RestrictAddressFamilies=.*AF_PACKET" \
  "^SystemCallFilter=@system-service" "^StandardOutput=journal"; do
  grep -qE -- "$want" "$u" || fail "unit lacks $want"
done
report_and_exit
