// SPAN duplicate detection: remembers a hash of each recent IP packet and says whether the
// same packet was seen within a time window. A SPAN port that mirrors both directions,
// bonded NICs and VLAN sub-interfaces hand the same packet over twice; the copies differ
// only in what a switch or router rewrites (link header and VLAN tag, TTL, DSCP/ECN,
// checksums), which the hash leaves out (packet_fingerprint).
//
// Memory is fixed at construction: a set-associative table of `slots` entries (4 per
// bucket, 16 bytes each). When every entry of a bucket is younger than the window, the
// oldest is forgotten anyway and counted (table_pressure): a duplicate of it may then go
// unnoticed, but memory never grows. Hot path: no allocation, O(1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "common/time.hpp"

namespace gp {

class Deduplicator {
 public:
  explicit Deduplicator(std::size_t slots);

  // True when `fingerprint` was first seen at most `window` before (or after: merged
  // captures are not always in time order) `ts`. A copy does not refresh the first sighting,
  // so a stream of identical packets is not chained into one duplicate forever.
  bool seen_within(std::uint64_t fingerprint, TimeNs ts, TimeNs window);

  std::uint64_t table_pressure() const { return pressure_; }
  std::size_t slots() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t fingerprint = 0;  // 0 = empty
    TimeNs ts = 0;
  };
  static constexpr std::size_t kWays = 4;
  std::vector<Entry> entries_;
  std::size_t bucket_mask_ = 0;
  std::uint64_t pressure_ = 0;
};

// The dedup hash of an IP datagram's captured bytes (up to its stated length): everything
// but the IPv4 TOS byte / IPv6 traffic class, the TTL / hop limit, the IPv4 header checksum
// and, in a datagram that starts its transport header (not a later fragment), the TCP,
// UDP, ICMP or ICMPv6 checksum at `l4_offset`.
std::uint64_t packet_fingerprint(std::span<const std::uint8_t> datagram, int ip_version, std::size_t l4_offset,
                                 std::uint8_t protocol, bool has_l4_header);

}  // namespace gp
