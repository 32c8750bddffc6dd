// Builds DecodedPackets for flow-engine tests: the fields a decoder would fill, nothing else.
#pragma once

#include <array>
#include <string_view>

#include "capture/decode/decoded_packet.hpp"

namespace gp::test {

inline IpAddress v4(std::string_view text) {
  IpAddress a;
  unsigned b[4] = {};
  std::size_t i = 0;
  for (char c : text) {
    if (c == '.') ++i;
    else b[i] = b[i] * 10 + static_cast<unsigned>(c - '0');
  }
  std::array<std::uint8_t, 4> bytes{static_cast<std::uint8_t>(b[0]), static_cast<std::uint8_t>(b[1]),
                                    static_cast<std::uint8_t>(b[2]), static_cast<std::uint8_t>(b[3])};
  return IpAddress::from_v4(std::span<const std::uint8_t, 4>(bytes));
}

struct Endpoint {
  IpAddress addr;
  std::uint16_t port;
};

// A TCP segment from `from` to `to` at `t_us` microseconds.
inline DecodedPacket tcp(std::int64_t t_us, Endpoint from, Endpoint to, std::uint8_t flags, std::uint32_t seq,
                         std::uint32_t ack, std::uint32_t payload = 0, std::uint16_t window = 512) {
  DecodedPacket p;
  p.ts = t_us * 1000;
  p.ip_version = 4;
  p.src = from.addr;
  p.dst = to.addr;
  p.src_port = from.port;
  p.dst_port = to.port;
  p.protocol = ip_proto::kTcp;
  p.tcp.seq = seq;
  p.tcp.ack = ack;
  p.tcp.flags = flags;
  p.tcp.window = window;
  p.tcp.header_len = 20;
  p.payload_len = payload;
  p.ip_len = 40 + payload;
  return p;
}

inline DecodedPacket udp(std::int64_t t_us, Endpoint from, Endpoint to, std::uint32_t payload) {
  DecodedPacket p;
  p.ts = t_us * 1000;
  p.ip_version = 4;
  p.src = from.addr;
  p.dst = to.addr;
  p.src_port = from.port;
  p.dst_port = to.port;
  p.protocol = ip_proto::kUdp;
  p.payload_len = payload;
  p.ip_len = 28 + payload;
  return p;
}

namespace f {
inline constexpr std::uint8_t S = tcp_flag::kSyn;
inline constexpr std::uint8_t SA = tcp_flag::kSyn | tcp_flag::kAck;
inline constexpr std::uint8_t A = tcp_flag::kAck;
inline constexpr std::uint8_t PA = tcp_flag::kPsh | tcp_flag::kAck;
inline constexpr std::uint8_t FA = tcp_flag::kFin | tcp_flag::kAck;
inline constexpr std::uint8_t R = tcp_flag::kRst;
inline constexpr std::uint8_t RA = tcp_flag::kRst | tcp_flag::kAck;
}  // namespace f

}  // namespace gp::test
