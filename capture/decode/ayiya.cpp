// AYIYA, "Anything In Anything" (SixXS): 8 bytes (identity length as a power of two,
// signature length in 4-byte words, opcode, next header, epoch), the identity and the
// signature, then the packet. Only opcode 1 (forward) carries one, IPv4 (next header 4) or
// IPv6 (41). A header longer than the payload is not AYIYA (Zeek: analyzer violation).
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

bool looks_like_ayiya(Bytes payload) {
  // Zeek's detector: what SixXS's client sends, a 20-byte SHA-1 signature (0x52: five
  // 4-byte words, hash method 2) and shared-secret authentication with opcode forward (0x11).
  return payload.size() >= 3 && payload[1] == 0x52 && payload[2] == 0x11;
}

DecodeStatus decode_ayiya(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 8)) return not_tunnel(ctx, Anomaly::truncated_ayiya);
  const std::size_t identity = std::size_t{1} << (r.u8(0) >> 4);
  const std::size_t signature = (r.u8(1) >> 4) * 4U;
  const std::size_t header = 8 + identity + signature;
  if (!r.has(0, header)) return not_tunnel(ctx, Anomaly::truncated_ayiya);
  if ((r.u8(2) & 0x0fU) != 1) return DecodeStatus::no_inner;
  const Bytes rest = r.rest(header);
  if (rest.empty()) return malformed(ctx, Anomaly::empty_tunnel_packet);
  switch (r.u8(3)) {
    case ip_proto::kIpInIp: return decode_ipv4(rest, ctx);
    case ip_proto::kIpv6InIp: return decode_ipv6(rest, ctx);
    default: return malformed(ctx, Anomaly::bad_ayiya_next_header);
  }
}

}  // namespace gp
