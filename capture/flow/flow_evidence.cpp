#include "capture/flow/flow_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace gp {

namespace {

// c·log2(c) for the counts of a byte value in one packet's payload: H = log2(n) - Σ c·log2(c) / n
// then takes one log2 per payload instead of one per distinct byte value (a log2 per value
// was a tenth of analyze on a link of short payloads). Larger counts are computed.
constexpr std::size_t kCountLogTableSize = 2048;

const std::array<double, kCountLogTableSize>& count_log_table() {
  static const std::array<double, kCountLogTableSize> table = [] {
    std::array<double, kCountLogTableSize> t{};
    for (std::size_t c = 1; c < t.size(); ++c) t[c] = static_cast<double>(c) * std::log2(static_cast<double>(c));
    return t;
  }();
  return table;
}

}  // namespace

float shannon_entropy(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return 0.0F;
  std::array<std::uint32_t, 256> counts{};
  for (std::uint8_t b : bytes) ++counts[b];
  const std::array<double, kCountLogTableSize>& table = count_log_table();
  double sum = 0.0;
  for (std::uint32_t c : counts) {
    sum += c < kCountLogTableSize ? table[c] : static_cast<double>(c) * std::log2(static_cast<double>(c));
  }
  const double n = static_cast<double>(bytes.size());
  return static_cast<float>(std::max(0.0, std::log2(n) - sum / n));
}

void FlowEvidence::observe(const DecodedPacket& pkt, bool from_orig) {
  if (pkt.protocol == ip_proto::kTcp) {
    if (from_orig && !first_orig_segment.present) {
      FirstSegment& s = first_orig_segment;
      s.present = true;
      s.flags = pkt.tcp.flags;
      s.ttl = pkt.ttl;
      s.ip_id = pkt.ip_id;
      s.window = pkt.tcp.window;
      s.seq = pkt.tcp.seq;
      s.ack = pkt.tcp.ack;
      s.dst_port = pkt.dst_port;
      if (pkt.dst.is_v4()) {
        const auto w = pkt.dst.wire_bytes();
        s.dst_v4 = (std::uint32_t{w[0]} << 24) | (std::uint32_t{w[1]} << 16) | (std::uint32_t{w[2]} << 8) | w[3];
      }
      s.options_size = static_cast<std::uint8_t>(std::min(pkt.tcp.options.size(), s.options.size()));
      if (s.options_size > 0) std::memcpy(s.options.data(), pkt.tcp.options.data(), s.options_size);
    } else if (!from_orig && first_resp_flags == 0) {
      first_resp_flags = pkt.tcp.flags;
    }
  }
  if (pkt.payload_len == 0) return;
  // ICMP "payload" is the quoted header of an error, not data the peers exchanged.
  if (pkt.protocol == ip_proto::kIcmp || pkt.protocol == ip_proto::kIcmpV6) return;
  if ((pkt.protocol == ip_proto::kTcp) && (pkt.tcp.flags & tcp_flag::kRst) != 0) return;
  ++(from_orig ? orig_data_packets : resp_data_packets);
  if (pkt.protocol == ip_proto::kTcp) note_announcement(pkt, from_orig);
  PayloadSample& sample = first_payload[from_orig ? 0 : 1];
  if (!sample.empty()) return;
  sample.length = pkt.payload_len;
  sample.size = static_cast<std::uint8_t>(std::min(pkt.payload.size(), PayloadSample::kCapacity));
  if (sample.size > 0) std::memcpy(sample.bytes.data(), pkt.payload.data(), sample.size);
  sample.entropy_sample = static_cast<std::uint16_t>(std::min<std::size_t>(pkt.payload.size(), 65535));
  sample.entropy = shannon_entropy(pkt.payload.first(sample.entropy_sample));
}

void FlowEvidence::note_announcement(const DecodedPacket& pkt, bool from_orig) {
  // Cheap for every other flow: two port compares, or a look at a greeting already kept.
  if (announced.announcer == Announcer::none) {
    const std::uint16_t orig_port = from_orig ? pkt.src_port : pkt.dst_port;
    const std::uint16_t resp_port = from_orig ? pkt.dst_port : pkt.src_port;
    if (!is_ftp_control(orig_port, resp_port, first_payload[1].view())) return;
    announced.announcer = Announcer::ftp;
  }
  if (const auto a = parse_ftp_announcement(pkt.payload)) announced.add(from_orig, a->port, a->verb);
}

void FlowEvidence::flip() {
  std::swap(first_payload[0], first_payload[1]);
  std::swap(orig_data_packets, resp_data_packets);
  announced.flip();
  // The first-segment fields describe whoever sent first; after a flip they no longer
  // describe the originator's opening packet.
  first_orig_segment = FirstSegment{};
  first_resp_flags = 0;
}

}  // namespace gp
