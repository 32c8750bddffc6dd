// The realistic mix: a fixed number of conversations in flight, each packet taken from one
// of them at random, finished conversations replaced by new ones drawn from weighted kinds
// (TCP sessions over IPv4 and IPv6, DNS, UDP services, scans, pings, ICMP errors), a fifth
// of them 802.1Q-tagged. Deterministic for a given seed and profile.
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

// sessions: the mix above, long sessions and bulk transfers, about 800 bytes per packet.
// scan_heavy: an Internet-facing link (issue 24). By packets about 70 % short TCP sessions
//   between inside hosts (10.0.0.0/16) and outside ones (198.18.0.0/15, RFC 2544's benchmark
//   range), each client talking to a few servers; 15 % SYN-scan bursts of 50 ports from
//   distinct outside sources at inside hosts, answered by RSTs; 10 % DNS; 5 % TCP over IPv6;
//   about 175 bytes per packet.
enum class Profile : std::uint8_t { sessions, scan_heavy };

class TrafficMix {
 public:
  TrafficMix(std::uint64_t seed, std::size_t concurrent, Profile profile = Profile::sessions);

  // Writes the next packet.
  void emit(PcapWriter& out);

 private:
  void start(Conversation& c);
  void start_scan_heavy(Conversation& c);
  std::span<const std::uint8_t> payload(const Conversation& c, const Step& s);

  Profile profile_;
  Rng rng_;
  std::int64_t now_us_;
  std::vector<Conversation> active_;
  FrameBuilder frames_;
  std::vector<std::uint8_t> noise_;
  std::string text_;
  std::vector<std::uint8_t> scratch_;
};

}  // namespace gp::bench
