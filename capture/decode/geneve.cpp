// Geneve (RFC 8926): 8 bytes (version, options length in 4-byte words, protocol type, VNI),
// the options, then the packet its protocol type names: 0x6558 Ethernet, or an EtherType.
// A version other than 0 is unreadable; a header or options longer than the payload is not
// Geneve (Zeek: analyzer violation).
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_geneve(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 8)) return not_tunnel(ctx, Anomaly::truncated_geneve);
  if ((r.u8(0) >> 6) != 0) return malformed(ctx, Anomaly::bad_geneve_version);
  const std::size_t header = 8 + (r.u8(0) & 0x3fU) * 4U;
  if (!r.has(0, header)) return not_tunnel(ctx, Anomaly::truncated_geneve);
  const Bytes rest = r.rest(header);
  if (rest.empty()) return malformed(ctx, Anomaly::empty_tunnel_packet);
  const std::uint16_t type = r.u16(2);
  if (type == 0x6558) return decode_ethernet(rest, ctx);
  return dispatch_ethertype(type, rest, ctx);
}

}  // namespace gp
