// Teredo (RFC 4380): IPv6 in UDP, optionally behind an authentication header (tag 1:
// client id and auth value lengths, nonce, confirmation) and an origin indication (tag 0,
// 8 bytes), in that order. The IPv6 packet must fill the rest exactly, except a bubble (an
// IPv6 header with No Next Header and no payload), which may carry trailing bytes. Anything
// else is not Teredo (Zeek: analyzer violation).
//
// Detection on other ports is Zeek's: at least 40 bytes that start like IPv6 with a
// Teredo address (2001:0000::/32) as source or destination, or an origin indication
// (after an authentication header, if any) followed by IPv6.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {
namespace {

bool teredo_prefix_at(const ByteReader& r, std::size_t off) { return r.u32(off) == 0x20010000U; }

}  // namespace

bool looks_like_teredo(Bytes payload) {
  const ByteReader r(payload);
  const std::size_t len = payload.size();
  if (len < 40) return false;
  const std::uint8_t first = r.u8(0);
  const std::uint8_t second = r.u8(1);
  if ((first >> 4) != 6 && (first != 0 || (second != 0 && second != 1))) return false;
  if ((first >> 4) == 6 && (teredo_prefix_at(r, 8) || teredo_prefix_at(r, 24))) return true;
  std::size_t off = 0;
  std::uint16_t tag = second;
  if (tag == 1) {
    const std::size_t auth = 13U + r.u8(2) + r.u8(3);
    if (len < auth + 40) return false;
    off = auth;
    tag = r.u16(off);
  }
  if (tag != 0) return false;
  if (len < off + 8 + 40) return false;
  return (r.u8(off + 8) >> 4) == 6;
}

DecodeStatus decode_teredo(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  std::size_t off = 0;
  bool origin = false;
  bool auth = false;
  for (;;) {
    if (!r.has(off, 2)) return not_tunnel(ctx, Anomaly::truncated_teredo);
    const std::uint16_t tag = r.u16(off);
    if (tag == 0) {
      if (origin) return not_tunnel(ctx, Anomaly::bad_teredo_header);
      if (!r.has(off, 8)) return not_tunnel(ctx, Anomaly::truncated_teredo);
      origin = true;
      off += 8;
    } else if (tag == 1) {
      if (origin || auth) return not_tunnel(ctx, Anomaly::bad_teredo_header);
      if (!r.has(off, 4)) return not_tunnel(ctx, Anomaly::truncated_teredo);
      const std::size_t len = 13U + r.u8(off + 2) + r.u8(off + 3);
      if (!r.has(off, len)) return not_tunnel(ctx, Anomaly::truncated_teredo);
      auth = true;
      off += len;
    } else if ((tag >> 12) == 6) {
      break;
    } else {
      return not_tunnel(ctx, Anomaly::bad_teredo_header);
    }
  }
  const Bytes inner = r.rest(off);
  switch (check_inner_ip(inner, 6)) {
    case InnerIpCheck::ok: break;
    case InnerIpCheck::bad_version:
    case InnerIpCheck::truncated: return not_tunnel(ctx, Anomaly::truncated_teredo);
    case InnerIpCheck::too_long: {
      const ByteReader ir(inner);
      const bool bubble = ir.u8(6) == ip_proto::kNoNextHeader && ir.u16(4) == 0;
      if (!bubble) return not_tunnel(ctx, Anomaly::inner_ip_length_mismatch);
      break;  // a bubble with bytes after it: odd, still a bubble (Zeek's Teredo_bubble_with_payload)
    }
  }
  return decode_ipv6(inner, ctx);
}

}  // namespace gp
