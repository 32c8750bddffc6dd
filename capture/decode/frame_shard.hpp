// Which worker a frame goes to when packets are spread over threads (`-j N`): a hash of the
// outermost IP header's two addresses, the same for both directions, so every packet of a
// flow, every fragment of a datagram and every copy of a packet land on one worker, along
// with the flows tunnelled inside it. An ICMP error also names the flow it answers (the
// header it quotes), which may live on another worker: that worker is told separately.
// Stateless and allocation-free once warm: the link layers are decoded again by the worker.
#pragma once

#include <cstdint>
#include <memory>

#include "capture/decode/decoded_packet.hpp"
#include "capture/source/raw_frame.hpp"

namespace gp {

struct FrameShard {
  bool has_ip = false;     // false: no IP header found (not IP, undecodable, malformed)
  std::uint64_t hash = 0;  // symmetric_pair_hash of the outermost IP addresses
  IcmpQuote quote;         // quote.present: an unfragmented ICMP error and what it quotes
  std::uint64_t quote_hash = 0;
};

// The same for (a, b) and (b, a).
std::uint64_t symmetric_pair_hash(const IpAddress& a, const IpAddress& b);

// Maps a hash onto [0, workers) evenly (the top 32 bits, multiplied and shifted).
inline std::uint32_t shard_of(std::uint64_t hash, std::uint32_t workers) {
  return static_cast<std::uint32_t>(((hash >> 32) * workers) >> 32);
}

class FrameSharder {
 public:
  FrameSharder();
  ~FrameSharder();
  FrameSharder(const FrameSharder&) = delete;
  FrameSharder& operator=(const FrameSharder&) = delete;

  FrameShard classify(const RawFrame& frame);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gp
