// The state kept for one live flow. Owned by the FlowTable's slab; everything here is
// fixed-size so that a flow costs the same however long it lives.
#pragma once

#include <array>
#include <cstdint>

#include "common/ip_address.hpp"
#include "capture/flow/flow_evidence.hpp"
#include "capture/flow/flow_key.hpp"
#include "capture/flow/history.hpp"
#include "capture/flow/tcp_endpoint.hpp"
#include "common/time.hpp"

namespace gp {

// Distinct tunnel parents a flow remembers (Zeek's tunnel_parents is a set; one parent per
// direction is the common case, as when both directions are mirrored to VXLAN separately).
inline constexpr std::size_t kMaxTunnelParents = 4;

struct Flow {
  FlowKey key;
  IpAddress orig_h;
  IpAddress resp_h;
  std::uint16_t orig_p = 0;
  std::uint16_t resp_p = 0;
  std::uint8_t protocol = 0;

  TimeNs start = 0;
  TimeNs last = 0;
  TimeNs inactivity_timeout = 0;

  std::uint64_t orig_pkts = 0;
  std::uint64_t orig_ip_bytes = 0;
  std::uint64_t resp_pkts = 0;
  std::uint64_t resp_ip_bytes = 0;
  // Non-TCP payload byte counts and activity (Zeek's UDP request_len/reply_len).
  std::uint64_t orig_size = 0;
  std::uint64_t resp_size = 0;
  bool orig_seen_data = false;
  bool resp_seen_data = false;
  std::uint32_t icmp_errors = 0;  // ICMP errors that quoted this flow

  History history;
  // The two TCP endpoints; which one is the originator flips with the roles, so the
  // state machine can hold references across a flip exactly like Zeek's pointers.
  std::array<TcpEndpoint, 2> tcp{};
  std::uint8_t orig_index = 0;
  bool tcp_active = true;  // Zeek's TCPSessionAdapter::is_active

  FlowEvidence evidence;
  std::uint64_t serial = 0;  // creation order in its table (the annotation spool's index)
  // When a packet last touched it: (frame number << 16) | touches within that frame, which is
  // the table's LRU order (the end-of-input merge of -j compares it across tables).
  std::uint64_t last_touch = 0;
  // The uid is made of the start time, the key and this: 0, or one more than the flow it
  // replaced when a reused 5-tuple starts again at the same instant. Nothing of the table's
  // own history goes in, so a flow has the same uid with any number of workers (-j) and
  // whatever duplicates --dedup dropped before it.
  std::uint32_t uid_salt = 0;
  std::uint32_t table_slot = 0;  // where the FlowTable keeps it
  // Analyzer-level timers (attempt, expire, delete, reset) are cancelled together by
  // bumping this epoch; the connection's inactivity timer survives, as in Zeek.
  std::uint32_t timer_epoch = 0;
  std::uint32_t inactivity_epoch = 0;

  // Tunnels. How many flows' packets carried this flow's packets (their uids are kept by the
  // FlowTable, beside the flows: few have any), and the tunnels this flow's own payload turned
  // out not to be (tunnel_bit(), Zeek's analyzer violation): those are not tried on it again.
  std::uint8_t tunnel_parent_count = 0;
  std::uint16_t tunnel_violations = 0;

  TcpEndpoint& orig_ep() { return tcp[orig_index]; }
  TcpEndpoint& resp_ep() { return tcp[orig_index ^ 1U]; }
  const TcpEndpoint& orig_ep() const { return tcp[orig_index]; }
  const TcpEndpoint& resp_ep() const { return tcp[orig_index ^ 1U]; }

  bool is_orig(const IpAddress& src, std::uint16_t sport) const { return src == orig_h && sport == orig_p; }
};

}  // namespace gp
