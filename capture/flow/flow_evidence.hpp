// What a flow keeps of its packets beyond Zeek's counters, for the classifiers: the first
// payload bytes each way (protocol identification), their entropy, and the originator's
// first TCP packet header fields (scanner fingerprints). Fixed size: it costs every flow
// the same, whatever the traffic.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "capture/decode/decoded_packet.hpp"
#include "capture/flow/announcements.hpp"

namespace gp {

struct PayloadSample {
  static constexpr std::size_t kCapacity = 64;
  std::array<std::uint8_t, kCapacity> bytes{};
  std::uint8_t size = 0;             // bytes kept (captured, at most kCapacity)
  std::uint32_t length = 0;          // length of that first payload on the wire
  float entropy = -1.0F;             // Shannon entropy, bits/byte, of the captured first payload; -1 none
  std::uint16_t entropy_sample = 0;  // bytes the entropy was computed on

  bool empty() const { return length == 0; }
  std::span<const std::uint8_t> view() const { return {bytes.data(), size}; }
};

// Header fields of the originator's first TCP packet (usually its SYN) — what scanner
// fingerprints test: ZMap's IP ID 54321, Masscan's ID/sequence relation, Mirai's
// sequence = destination address, Nmap's window and option layouts.
struct FirstSegment {
  bool present = false;
  std::uint8_t flags = 0;
  std::uint8_t ttl = 0;
  std::uint16_t ip_id = 0;
  std::uint16_t window = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint32_t dst_v4 = 0;  // destination address as a number (IPv4 only, else 0)
  std::uint16_t dst_port = 0;
  std::uint8_t options_size = 0;
  std::array<std::uint8_t, 40> options{};
};

struct FlowEvidence {
  std::array<PayloadSample, 2> first_payload;  // [0] originator, [1] responder
  FirstSegment first_orig_segment;
  std::uint8_t first_resp_flags = 0;  // TCP flags of the responder's first packet
  std::uint32_t orig_data_packets = 0;
  std::uint32_t resp_data_packets = 0;
  // Ports this flow announced for later connections, when it is a control channel (FTP).
  Announcements announced;

  // Records what this packet shows; `from_orig` is the packet's direction.
  void observe(const DecodedPacket& pkt, bool from_orig);
  // A control channel's announcement in this packet's payload, if any.
  void note_announcement(const DecodedPacket& pkt, bool from_orig);
  // Roles flipped: what was the originator's is the responder's.
  void flip();
};

// Shannon entropy of a byte sequence in bits per byte (0..8).
float shannon_entropy(std::span<const std::uint8_t> bytes);

}  // namespace gp
