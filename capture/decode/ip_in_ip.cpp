// IP-in-IP (RFC 2003, protocol 4) and IPv6 in IP (RFC 4213 "6in4", protocol 41), whatever
// the outer version. The inner packet must be the version the protocol number names and
// fill the outer payload exactly, as Zeek's IPTunnel analyzer requires; anything else is a
// broken tunnel, not a packet to make a flow of.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

InnerIpCheck check_inner_ip(Bytes bytes, int version) {
  const ByteReader r(bytes);
  const std::size_t fixed = version == 4 ? 20 : 40;
  if (!r.has(0, fixed)) return InnerIpCheck::truncated;
  if ((r.u8(0) >> 4) != version) return InnerIpCheck::bad_version;
  const std::size_t total = version == 4 ? r.u16(2) : 40U + r.u16(4);
  if (total > bytes.size()) return InnerIpCheck::truncated;
  if (total < bytes.size()) return InnerIpCheck::too_long;
  return InnerIpCheck::ok;
}

DecodeStatus decode_ip_in_ip(Bytes bytes, LayerContext& ctx) {
  const int version = ctx.outer != nullptr && ctx.outer->protocol == ip_proto::kIpv6InIp ? 6 : 4;
  if (bytes.empty()) return malformed(ctx, Anomaly::empty_tunnel_packet);
  switch (check_inner_ip(bytes, version)) {
    case InnerIpCheck::ok: break;
    case InnerIpCheck::bad_version: return malformed(ctx, Anomaly::bad_ip_version);
    case InnerIpCheck::truncated: return malformed(ctx, Anomaly::truncated_ip_header);
    case InnerIpCheck::too_long: return malformed(ctx, Anomaly::inner_ip_length_mismatch);
  }
  return version == 4 ? decode_ipv4(bytes, ctx) : decode_ipv6(bytes, ctx);
}

}  // namespace gp
