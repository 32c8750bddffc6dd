// DNS (RFC 1035 §4.1): a 12-byte header whose opcode, reserved bit and counts make sense,
// then the first question's name as length-prefixed labels, its QTYPE and QCLASS — as far
// as the sample shows them. Over TCP each message has a 2-byte length prefix (§4.2.2).
// mDNS and LLMNR share the format.
#include "classify/protocol/detectors.hpp"

namespace gp::protocol_detail {
namespace {

constexpr std::size_t kHeader = 12;

bool hostname_byte(std::uint8_t c) { return is_alnum(c) || c == '-' || c == '_'; }

// NetBIOS name service (RFC 1002 §4.2) reuses the DNS header, with one 32-byte label of
// "first-level encoded" letters A-P and type NB/NBSTAT. It is not DNS.
bool netbios_name(const Payload& p, std::size_t off) {
  if (!p.has(off + 1 + 32 + 1 + 2) || p[off] != 32) return false;
  for (std::size_t i = 1; i <= 32; ++i) {
    if (p[off + i] < 'A' || p[off + i] > 'P') return false;
  }
  const std::uint16_t type = p.be16(off + 34);
  return type == 0x20 || type == 0x21;
}

// Checks the message at `p` (its header first); fills the question name into `g`.
bool dns_message(const Payload& p, ProtocolGuess& g, ProtocolConfidence& conf) {
  if (!p.has(kHeader + 1)) return false;
  const std::uint16_t flags = p.be16(2);
  const bool response = (flags & 0x8000U) != 0;
  const auto opcode = static_cast<std::uint8_t>((flags >> 11U) & 0xfU);
  const auto rcode = static_cast<std::uint8_t>(flags & 0xfU);
  // Opcodes in use: Query, IQuery (obsolete), Status, Notify (RFC 1996), Update (RFC 2136),
  // DSO (RFC 8490). The Z bit must be zero (RFC 1035 §4.1.1).
  if (opcode == 3 || opcode > 6 || (flags & 0x0040U) != 0) return false;
  if (!response && rcode != 0) return false;
  if (rcode > 11) return false;
  const std::uint16_t qd = p.be16(4);
  const std::uint16_t an = p.be16(6);
  const std::uint16_t ns = p.be16(8);
  const std::uint16_t ar = p.be16(10);
  if (qd == 0) {
    // mDNS announcements carry answers without a question (RFC 6762 §8.3).
    if (!response || an == 0 || an > 64 || p[kHeader] > 63 || p[kHeader] == 0) return false;
    conf = ProtocolConfidence::weak;
  } else if (qd != 1) {
    return false;
  } else if (response ? (an > 512 || ns > 64 || ar > 64) : (an > 16 || ns > 16 || ar > 16)) {
    return false;
  }
  if (netbios_name(p, kHeader)) return false;

  // The name: labels of 1..63 bytes ending in the root label; at most 255 bytes (§2.3.4).
  std::size_t off = kHeader;
  bool clean = true;
  std::size_t labels = 0;
  while (off < p.size()) {
    const std::uint8_t len = p[off];
    if (len == 0) break;
    if (len > 63 || off + len + 1 - kHeader > 255) return false;  // pointers have no place here
    const std::size_t end = off + 1U + len;
    for (std::size_t i = off + 1; i < end && i < p.size(); ++i) clean = clean && hostname_byte(p[i]);
    if (labels > 0) g.detail.append(".");
    add_detail(g, p, off + 1, end < p.size() ? end : p.size());
    ++labels;
    off = end;
  }
  if (off >= p.size()) {
    // The sample ends inside the name: believe it when the labels read like a hostname.
    conf = clean && labels > 0 ? conf : ProtocolConfidence::weak;
    return !p.cut() ? false : labels > 0;
  }
  off += 1;  // root label
  if (qd == 0) return true;
  if (p.has(off + 4)) {
    const std::uint16_t type = p.be16(off);
    // Classes IN, CH, HS, NONE, ANY; mDNS uses the top bit for unicast-response (RFC 6762 §5.4).
    const auto cls = static_cast<std::uint16_t>(p.be16(off + 2) & 0x7fffU);
    if (type == 0 || !(cls == 1 || cls == 3 || cls == 4 || cls == 254 || cls == 255)) return false;
  } else if (!p.cut()) {
    return false;  // the whole message was given and it stops before QTYPE/QCLASS
  }
  if (!clean || labels == 0) conf = ProtocolConfidence::weak;
  return true;
}

bool dns_side(const Payload& p, bool tcp, ProtocolGuess& g, ProtocolConfidence& conf) {
  if (!tcp) return dns_message(p, g, conf);
  if (!p.has(2) || p.be16(0) < kHeader + 5) return false;
  // The length prefix covers this message; a first segment holds it or its start.
  if (!p.cut() && p.be16(0) + 2U > p.wire_length && p.wire_length < 1400) return false;
  return dns_message(p.from(2), g, conf);
}

}  // namespace

bool detect_dns(const FlowPayloads& f, ProtocolGuess& out) {
  if (!f.tcp() && !f.udp()) return false;
  for (const Payload* p : {&f.client, &f.server}) {
    ProtocolGuess g;
    set_guess(g, Protocol::dns, ProtocolConfidence::strong, p == &f.server, "query");
    ProtocolConfidence conf = ProtocolConfidence::strong;
    if (dns_side(*p, f.tcp(), g, conf)) {
      g.confidence = conf;
      if (g.detail.empty()) g.detail_kind = {};
      out = g;
      return true;
    }
  }
  return false;
}

}  // namespace gp::protocol_detail
