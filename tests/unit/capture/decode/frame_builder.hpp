// Builds real frames byte by byte for tests that need a packet no capture holds (a broken
// tunnel header, a tunnel three deep, a VLAN-retagged SPAN copy): Ethernet, 802.1Q, IPv4,
// IPv6, UDP, TCP and the tunnel headers, each a function from its payload to its bytes, with
// lengths and IPv4 header checksums filled in. Transport checksums are computed by
// with_checksums() when a test needs them right.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "capture/decode/dispatch.hpp"
#include "common/ip_address.hpp"
#include "capture/source/raw_frame.hpp"
#include "tests/support/addresses.hpp"

namespace gp::test::build {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void append16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void append32(Bytes& b, std::uint32_t v) {
  append16(b, static_cast<std::uint16_t>(v >> 16));
  append16(b, static_cast<std::uint16_t>(v));
}
inline Bytes cat(Bytes head, const Bytes& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

inline std::array<std::uint8_t, 4> v4(std::string_view text) {
  const IpAddress a = test::ip(text);
  const auto& b = a.bytes();
  return {b[12], b[13], b[14], b[15]};
}
inline std::array<std::uint8_t, 16> v6(std::string_view text) { return test::ip(text).bytes(); }

inline std::uint16_t ones_complement(const Bytes& b, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) sum += static_cast<std::uint32_t>(b[i] << 8 | b[i + 1]);
  if (b.size() % 2 != 0) sum += static_cast<std::uint32_t>(b.back() << 8);
  while ((sum >> 16) != 0) sum = (sum & 0xffffU) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

struct Ip4 {
  std::string_view src = "10.0.0.1";
  std::string_view dst = "10.0.0.2";
  std::uint8_t ttl = 64;
  std::uint16_t id = 1;
  std::uint8_t tos = 0;
};

inline Bytes ipv4(std::uint8_t protocol, const Bytes& payload, const Ip4& h = {}) {
  Bytes b{0x45, h.tos, 0, 0, 0, 0, 0x40, 0, h.ttl, protocol, 0, 0};
  put16(b, 2, static_cast<std::uint16_t>(20 + payload.size()));
  put16(b, 4, h.id);
  for (auto x : v4(h.src)) b.push_back(x);
  for (auto x : v4(h.dst)) b.push_back(x);
  put16(b, 10, ones_complement(b));
  return cat(b, payload);
}

inline Bytes ipv6(std::uint8_t next_header, const Bytes& payload, std::string_view src = "2001:db8::1",
                  std::string_view dst = "2001:db8::2", std::uint8_t hop_limit = 64) {
  Bytes b{0x60, 0, 0, 0, 0, 0, next_header, hop_limit};
  put16(b, 4, static_cast<std::uint16_t>(payload.size()));
  for (auto x : v6(src)) b.push_back(x);
  for (auto x : v6(dst)) b.push_back(x);
  return cat(b, payload);
}

inline Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
  Bytes b;
  append16(b, sport);
  append16(b, dport);
  append16(b, static_cast<std::uint16_t>(8 + payload.size()));
  append16(b, 0);  // no checksum (IPv4)
  return cat(b, payload);
}

inline Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint8_t flags, std::uint32_t seq,
                 const Bytes& payload = {}) {
  Bytes b;
  append16(b, sport);
  append16(b, dport);
  append32(b, seq);
  append32(b, 0);
  b.push_back(0x50);
  b.push_back(flags);
  append16(b, 8192);
  append16(b, 0);
  append16(b, 0);
  return cat(b, payload);
}

inline Bytes ethernet(std::uint16_t type, const Bytes& payload, int vlan = -1) {
  Bytes b{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x00, 0x66, 0x77, 0x88, 0x99, 0xaa};
  if (vlan >= 0) {
    append16(b, 0x8100);
    append16(b, static_cast<std::uint16_t>(vlan));
  }
  append16(b, type);
  return cat(b, payload);
}
inline Bytes eth4(const Bytes& ip, int vlan = -1) { return ethernet(0x0800, ip, vlan); }

// Tunnel headers.
inline Bytes vxlan(const Bytes& inner_ethernet, std::uint8_t flags = 0x08, std::uint32_t vni = 42) {
  Bytes b{flags, 0, 0, 0};
  append32(b, vni << 8);
  return cat(b, inner_ethernet);
}
inline Bytes geneve(std::uint16_t type, const Bytes& inner, std::uint8_t version = 0, std::size_t option_words = 0) {
  Bytes b{static_cast<std::uint8_t>((std::size_t{version} << 6) | option_words), 0};
  append16(b, type);
  append32(b, 7U << 8);
  for (std::size_t i = 0; i < option_words; ++i) append32(b, 0x01020304);
  return cat(b, inner);
}
inline Bytes gre(std::uint16_t type, const Bytes& inner, std::uint16_t flags = 0) {
  Bytes b;
  append16(b, flags);
  append16(b, type);
  if ((flags & 0x8000U) != 0) append32(b, 0);       // checksum + reserved
  if ((flags & 0x2000U) != 0) append32(b, 0x1234);  // key
  if ((flags & 0x1000U) != 0) append32(b, 99);      // sequence
  return cat(b, inner);
}
inline Bytes gtpu(const Bytes& inner_ip, std::uint8_t flags = 0x30, std::uint8_t type = 0xff) {
  Bytes b{flags, type};
  append16(b, static_cast<std::uint16_t>(inner_ip.size()));
  append32(b, 0xabcd);
  return cat(b, inner_ip);
}
inline Bytes ayiya(const Bytes& inner, std::uint8_t next_header, std::uint8_t opcode = 1) {
  // 16-byte identity (0x4_), 20-byte SHA-1 signature (0x52), opcode, next header, epoch.
  Bytes b{0x41, 0x52, static_cast<std::uint8_t>(0x10 | opcode), next_header, 0, 0, 0, 0};
  b.resize(8 + 16 + 20, 0xee);
  return cat(b, inner);
}

inline RawFrame frame(const Bytes& bytes, TimeNs ts = 1'000'000'000, std::uint64_t number = 1,
                      int link = dlt::kEn10Mb) {
  RawFrame f;
  f.bytes = bytes;
  f.wire_len = static_cast<std::uint32_t>(bytes.size());
  f.ts = ts;
  f.link_type = link;
  f.number = number;
  return f;
}

}  // namespace gp::test::build
