// The identity of a flow: a 5-tuple normalised so both directions of a conversation meet
// (the lower (address, port) endpoint first), plus the protocol. Hashed with XXH3.
#pragma once

#include <cstdint>
#include <cstring>

#include "common/ip_address.hpp"

namespace gp {

struct FlowKey {
  IpAddress low_addr;
  IpAddress high_addr;
  std::uint16_t low_port = 0;
  std::uint16_t high_port = 0;
  std::uint8_t protocol = 0;

  // Builds the key of a packet from src to dst; `src_is_low` says which side src became.
  static FlowKey make(const IpAddress& src, std::uint16_t sport, const IpAddress& dst, std::uint16_t dport,
                      std::uint8_t protocol, bool& src_is_low) {
    FlowKey key;
    key.protocol = protocol;
    const auto order = src <=> dst;
    src_is_low = order < 0 || (order == 0 && sport <= dport);
    if (src_is_low) {
      key.low_addr = src, key.low_port = sport, key.high_addr = dst, key.high_port = dport;
    } else {
      key.low_addr = dst, key.low_port = dport, key.high_addr = src, key.high_port = sport;
    }
    return key;
  }

  friend bool operator==(const FlowKey&, const FlowKey&) = default;
};

std::uint64_t hash_flow_key(const FlowKey& key);

}  // namespace gp
