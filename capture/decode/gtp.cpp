// GTP-U, GTPv1 (3GPP TS 29.281): flags (version, PT, E, S, PN), message type, length, TEID;
// 4 more bytes (sequence number, N-PDU number, next extension type) when E, S or PN is set,
// then the chain of extension headers (length in 4-octet units, type of the next last).
// Only a G-PDU (type 255) carries a user packet, which must be IPv4 or IPv6 filling the rest
// exactly. As in Zeek: a version other than 1, GTP inside GTP, and a G-PDU whose packet is
// not a whole IP packet are not GTP at all (analyzer violation); a PT of 0 (GTP') and
// signalling messages carry no packet.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {
namespace {

constexpr std::uint8_t kGpdu = 255;
constexpr int kMaxExtensionHeaders = 16;

}  // namespace

DecodeStatus decode_gtpv1(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 8)) return not_tunnel(ctx, Anomaly::truncated_gtp);
  if (ctx.outer != nullptr && ctx.outer->tunnel == TunnelType::gtpv1) return not_tunnel(ctx, Anomaly::bad_gtp_header);
  const std::uint8_t flags = r.u8(0);
  if ((flags >> 5) != 1) return not_tunnel(ctx, Anomaly::bad_gtp_header);
  if ((flags & 0x10U) == 0) return DecodeStatus::no_inner;  // GTP' (charging), not user data
  if (r.u8(1) != kGpdu) return DecodeStatus::no_inner;

  std::size_t off = 8;
  if ((flags & 0x07U) != 0) {
    if (!r.has(0, 12)) return not_tunnel(ctx, Anomaly::truncated_gtp);
    std::uint8_t next = (flags & 0x04U) != 0 ? r.u8(11) : 0;
    off = 12;
    for (int i = 0; next != 0; ++i) {
      const std::size_t len = r.u8(off) * 4U;
      if (i == kMaxExtensionHeaders || len == 0) return not_tunnel(ctx, Anomaly::bad_gtp_header);
      if (!r.has(off, len)) return not_tunnel(ctx, Anomaly::truncated_gtp);
      next = r.u8(off + len - 1);
      off += len;
    }
  }
  const Bytes inner = r.rest(off);
  if (inner.size() < 20) return not_tunnel(ctx, Anomaly::truncated_gtp);
  const int version = inner[0] >> 4;
  if (version != 4 && version != 6) return not_tunnel(ctx, Anomaly::bad_gtp_header);
  switch (check_inner_ip(inner, version)) {
    case InnerIpCheck::ok: break;
    case InnerIpCheck::bad_version: return not_tunnel(ctx, Anomaly::bad_gtp_header);
    case InnerIpCheck::truncated: return not_tunnel(ctx, Anomaly::truncated_gtp);
    case InnerIpCheck::too_long: return not_tunnel(ctx, Anomaly::inner_ip_length_mismatch);
  }
  return version == 4 ? decode_ipv4(inner, ctx) : decode_ipv6(inner, ctx);
}

}  // namespace gp
