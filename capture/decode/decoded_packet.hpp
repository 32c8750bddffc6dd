// What the decoders extract from one frame: the IP and transport fields the flow engine and
// the classifiers need, as values and as non-owning views into the frame's bytes (or into
// the fragment reassembler's buffer for a reassembled datagram).
// Lifetime: every span dies at the next call to Decoder::decode.
#pragma once

#include <cstdint>
#include <span>

#include "common/ip_address.hpp"
#include "capture/decode/tunnel.hpp"
#include "common/time.hpp"
#include "common/ip_protocol.hpp"

namespace gp {

namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;
inline constexpr std::uint8_t kEce = 0x40;
inline constexpr std::uint8_t kCwr = 0x80;
}  // namespace tcp_flag

struct TcpFields {
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint8_t header_len = 0;            // bytes, options included
  std::span<const std::uint8_t> options;  // captured option bytes
};

// The header an ICMP/ICMPv6 error quotes (RFC 792 / RFC 4443): enough to find the flow it
// answers. Ports are zero when the quote was cut before them.
struct IcmpQuote {
  bool present = false;
  IpAddress src;
  IpAddress dst;
  std::uint8_t protocol = 0;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  bool has_ports = false;
};

struct DecodedPacket {
  TimeNs ts = 0;
  std::uint64_t number = 0;  // 1-based packet number in the input

  // Tunnels: 0 for the frame's own IP packet; 1 for a packet decapsulated from it, and so
  // on; `tunnel` is the encapsulation this packet came out of.
  std::uint8_t tunnel_depth = 0;
  TunnelType tunnel = TunnelType::none;

  // Link layer facts worth keeping.
  std::uint16_t vlan_outer = 0;  // 0 = untagged
  std::uint16_t vlan_inner = 0;
  std::uint8_t vlan_depth = 0;
  std::uint8_t mpls_depth = 0;

  // IP layer.
  std::uint8_t ip_version = 0;  // 4 or 6
  IpAddress src;
  IpAddress dst;
  std::uint8_t protocol = 0;  // IPv4 protocol / IPv6 final next header
  std::uint8_t ttl = 0;       // TTL or hop limit
  std::uint16_t ip_id = 0;    // IPv4 identification (low 16 bits of the IPv6 fragment id)
  bool dont_fragment = false;
  bool reassembled = false;  // built from fragments
  // Bytes of IP datagram as its header states them (IPv4 total length, IPv6 40 + payload
  // length): what Zeek adds up in orig_ip_bytes/resp_ip_bytes.
  std::uint32_t ip_len = 0;

  // Transport layer (ports are zero for protocols without them).
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  TcpFields tcp;
  std::uint8_t icmp_type = 0;
  std::uint8_t icmp_code = 0;
  IcmpQuote icmp_quote;  // for ICMP errors

  // Its TCP/UDP checksum failed (only set when DecoderConfig::verify_checksums).
  bool bad_checksum = false;

  // Transport payload: captured bytes, and its length as the headers state it (which can
  // exceed payload.size() when the snaplen cut the frame).
  std::span<const std::uint8_t> payload;
  std::uint32_t payload_len = 0;
};

}  // namespace gp
