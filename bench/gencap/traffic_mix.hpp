// The realistic mix: a fixed number of conversations in flight, each packet taken from one
// of them at random, finished conversations replaced by new ones drawn from weighted kinds
// (TCP sessions over IPv4 and IPv6, DNS, UDP services, scans, pings, ICMP errors), a fifth
// of them 802.1Q-tagged. Deterministic for a given seed.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/gencap/conversation.hpp"
#include "bench/gencap/frames.hpp"
#include "bench/gencap/pcap_writer.hpp"
#include "bench/gencap/rng.hpp"

namespace gp::bench {

class TrafficMix {
 public:
  TrafficMix(std::uint64_t seed, std::size_t concurrent);

  // Writes the next packet.
  void emit(PcapWriter& out);

 private:
  void start(Conversation& c);
  std::span<const std::uint8_t> payload(const Conversation& c, const Step& s);

  Rng rng_;
  std::int64_t now_us_;
  std::vector<Conversation> active_;
  FrameBuilder frames_;
  std::vector<std::uint8_t> noise_;
  std::string text_;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace gp::bench
