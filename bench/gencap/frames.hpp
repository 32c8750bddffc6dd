// Builds complete Ethernet frames (optionally 802.1Q-tagged) carrying IPv4 or IPv6 with
// TCP, UDP or ICMP/ICMPv6, with every length and checksum right, so that readers which
// verify checksums or lengths (tshark, nDPI, ghostport) take the generated traffic as real.
// The returned span points into the builder's buffer and dies at the next build.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace gp::bench {

struct Addr {
  bool v6 = false;
  std::array<std::uint8_t, 16> b{};  // IPv4 uses the first 4 bytes

  static Addr v4(std::uint32_t host_order);
  static Addr v6_from(std::uint64_t hi, std::uint64_t lo);
};

// One direction of a conversation at the link and IP layers.
struct Path {
  Addr src;
  Addr dst;
  std::uint16_t vlan = 0;  // 0: untagged
  std::uint8_t ttl = 64;
};

struct TcpHeader {
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 64240;
  bool syn_options = false;  // MSS, SACK-permitted, timestamps, window scale (as Linux sends)
};

namespace tcpf {
inline constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}

class FrameBuilder {
 public:
  std::span<const std::uint8_t> tcp(const Path& p, const TcpHeader& h, std::span<const std::uint8_t> payload);
  std::span<const std::uint8_t> udp(const Path& p, std::uint16_t sport, std::uint16_t dport,
                                    std::span<const std::uint8_t> payload);
  // ICMP for IPv4 paths, ICMPv6 for IPv6 paths; `rest` is the second header word (echo
  // id/sequence, or zero for errors); the payload is the echo data or the quoted datagram.
  std::span<const std::uint8_t> icmp(const Path& p, std::uint8_t type, std::uint8_t code, std::uint32_t rest,
                                     std::span<const std::uint8_t> payload);

  // The IP datagram inside the last frame built (for an ICMP error to quote).
  std::span<const std::uint8_t> last_ip_datagram() const;

 private:
  std::size_t begin(const Path& p, std::uint8_t proto, std::size_t l4_len);
  void finish_l4_checksum(const Path& p, std::uint8_t proto, std::size_t l4_off, std::size_t csum_off);

  std::vector<std::uint8_t> buf_;
  std::size_t ip_off_ = 0;
  std::uint16_t ip_id_ = 1;
};

}  // namespace gp::bench
