# Sourced by the live tests: two network namespaces joined by one veth pair, made fresh for
# the test and removed on exit. Nothing touches the root namespace or a real interface:
# the veth is created inside namespace A with its peer moved straight into B.
#   A (client) veth-a 10.231.$net.1/24  <--->  veth-b 10.231.$net.2/24 (server) B
# Everything started with bg_in is killed on exit; every tool runs under `timeout`.
# Exits 77 (ctest SKIP_RETURN_CODE) when not root or without namespaces or the tools.

live_require() {
  if [[ $(id -u) -ne 0 ]]; then echo "SKIP: needs root (network namespaces, capture)"; exit 77; fi
  local t
  for t in ip timeout python3 "$@"; do
    if ! command -v "$t" >/dev/null; then
      if [[ ${CI:-} == true ]]; then echo "FAIL: $t is missing (GHOSTPORT_WITH_TEST_TOOLS=1 tools/install-deps)"; exit 1; fi
      echo "SKIP: $t is missing (GHOSTPORT_WITH_TEST_TOOLS=1 tools/install-deps)"; exit 77
    fi
  done
}

LIVE_NSES=()
LIVE_BG=()
live_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local pid ns
  for pid in "${LIVE_BG[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ns in "${LIVE_NSES[@]}"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
  for ns in "${LIVE_NSES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  if [[ -n ${LIVE_WORK:-} ]]; then
    if [[ -n ${GP_KEEP_WORK:-} ]]; then echo "work files kept in $LIVE_WORK"; else rm -rf "$LIVE_WORK"; fi
  fi
  exit "$rc"
}

# live_topology: sets NS_A, NS_B, ADDR_A, ADDR_B, ADDR_SCAN (free, for a second host in A), LIVE_WORK
live_topology() {
  local id
  id=$(printf '%04x%03x' $$ $((RANDOM % 4096)))
  NS_A=gp-live-$id-a
  NS_B=gp-live-$id-b
  local net=$(($$ % 200 + 20))
  ADDR_A=10.231.$net.1
  ADDR_B=10.231.$net.2
  ADDR_SCAN=10.231.$net.3
  LIVE_WORK=$(mktemp -d "${TMPDIR:-/tmp}/gp-live-test.XXXXXX")
  chmod 755 "$LIVE_WORK"
  trap live_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  ip netns add "$NS_A" || { echo "SKIP: no network namespace support"; exit 77; }
  LIVE_NSES+=("$NS_A")
  ip netns add "$NS_B"
  LIVE_NSES+=("$NS_B")
  local ns
  for ns in "$NS_A" "$NS_B"; do
    # No IPv6: router and neighbour solicitations would add flows no test made.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    # Every refusal visible: no ICMP rate limit.
    ip netns exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0
    ip -n "$ns" link set lo up
  done
  ip -n "$NS_A" link add veth-a type veth peer name veth-b netns "$NS_B"
  ip -n "$NS_A" addr add "$ADDR_A/24" dev veth-a
  ip -n "$NS_B" addr add "$ADDR_B/24" dev veth-b
  ip -n "$NS_A" link set veth-a up
  ip -n "$NS_B" link set veth-b up
  # Fill the neighbour caches before any capture starts, so ARP does not delay first probes.
  ip netns exec "$NS_A" timeout 5 ping -c1 -W2 "$ADDR_B" >/dev/null || { echo "FAIL: no link over the veth pair"; exit 1; }
}

# in_ns NS SECONDS cmd...: foreground, bounded
in_ns() { local ns=$1 t=$2; shift 2; ip netns exec "$ns" timeout -k 2 "$t" "$@"; }
# bg_in NS SECONDS cmd...: background, bounded, killed on exit; its pid in LAST_BG
bg_in() {
  local ns=$1 t=$2; shift 2
  ip netns exec "$ns" timeout -k 2 "$t" "$@" &
  LAST_BG=$!
  LIVE_BG+=("$LAST_BG")
}

# wait_for_text FILE TEXT SECONDS: until FILE contains TEXT
wait_for_text() {
  local i
  for ((i = 0; i < $3 * 10; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "FAIL: '$2' did not appear in $1 within $3 s"; cat "$1" 2>/dev/null | head -20
  return 1
}
