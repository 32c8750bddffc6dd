// GRE (RFC 2784, with RFC 2890's key and sequence number) and what rides in it, as Zeek's
// GRE analyzer reads it: the protocol type is an EtherType (IPv4, IPv6, MPLS, …), 0x6558
// is transparent Ethernet bridging, 0x88be is ERSPAN type I (no sequence number) or type II
// (sequence number present, 8-byte ERSPAN header), 0x22eb is ERSPAN type III (12 bytes, and
// 8 more when its O flag announces the platform-specific subheader), 0x8200-0x82f0,
// 0x8300-0x8370 and 0x9000 are Aruba's 802.11 frames. Version 1 is PPTP's enhanced GRE
// (RFC 2637): always PPP, with an acknowledgement number when the A flag is set.
// The routing bit (deprecated by RFC 2784) and reserved flags make the header unreadable.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {
namespace {

namespace gre_flag {
constexpr std::uint16_t kChecksum = 0x8000;
constexpr std::uint16_t kRouting = 0x4000;
constexpr std::uint16_t kKey = 0x2000;
constexpr std::uint16_t kSequence = 0x1000;
constexpr std::uint16_t kReserved = 0x0078;
constexpr std::uint16_t kAck = 0x0080;  // PPTP
}  // namespace gre_flag

constexpr std::uint16_t kTransparentEthernet = 0x6558;
constexpr std::uint16_t kErspanI_II = 0x88be;
constexpr std::uint16_t kErspanIII = 0x22eb;
constexpr std::uint16_t kPpp = 0x880b;

bool is_aruba(std::uint16_t type) {
  return ((type & 0xff00U) == 0x8200U && (type & 0x000fU) == 0) ||
         ((type & 0xff00U) == 0x8300U && (type & 0x000fU) == 0 && type <= 0x8370U) || type == 0x9000U;
}

std::size_t header_length(std::uint16_t flags) {
  std::size_t len = 4;
  if ((flags & gre_flag::kChecksum) != 0) len += 4;
  if ((flags & gre_flag::kKey) != 0) len += 4;
  if ((flags & gre_flag::kSequence) != 0) len += 4;
  if ((flags & gre_flag::kAck) != 0) len += 4;
  return len;
}

}  // namespace

DecodeStatus decode_gre(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 4)) return malformed(ctx, Anomaly::truncated_gre);
  const std::uint16_t flags = r.u16(0);
  const std::uint16_t type = r.u16(2);
  const unsigned version = flags & 0x7U;
  if (version > 1 || (flags & (gre_flag::kRouting | gre_flag::kReserved)) != 0) {
    return malformed(ctx, Anomaly::unsupported_gre_header);
  }
  const std::size_t len = header_length(flags);
  if (!r.has(0, len)) return malformed(ctx, Anomaly::truncated_gre);
  const Bytes rest = r.rest(len);

  if (version == 1) {
    if (type != kPpp) return malformed(ctx, Anomaly::unsupported_gre_header);
    // An acknowledgement alone carries no packet: normal in PPTP, not damage.
    if (rest.empty()) return DecodeStatus::no_inner;
    return decode_ppp(rest, ctx);
  }
  if (rest.empty()) return malformed(ctx, Anomaly::empty_tunnel_packet);
  switch (type) {
    case kTransparentEthernet: return decode_ethernet(rest, ctx);
    case kErspanI_II: {
      const std::size_t erspan = (flags & gre_flag::kSequence) != 0 ? 8 : 0;  // type II : type I
      if (!r.has(len, erspan + 14)) return malformed(ctx, Anomaly::truncated_gre);
      return decode_ethernet(r.rest(len + erspan), ctx);
    }
    case kErspanIII: {
      std::size_t erspan = 12;
      if (!r.has(len, erspan + 14)) return malformed(ctx, Anomaly::truncated_gre);
      if ((r.u8(len + erspan - 1) & 0x01U) != 0) erspan += 8;  // O flag: platform-specific subheader
      if (!r.has(len, erspan + 14)) return malformed(ctx, Anomaly::truncated_gre);
      return decode_ethernet(r.rest(len + erspan), ctx);
    }
    default: break;
  }
  if (is_aruba(type)) return decode_ieee80211(rest, ctx);
  return dispatch_ethertype(type, rest, ctx);
}

}  // namespace gp
