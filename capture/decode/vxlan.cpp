// VXLAN (RFC 7348): 8 bytes (flags, 24-bit VNI), then an Ethernet frame. The I flag says
// the VNI is valid; without it the payload is not VXLAN (Zeek: analyzer violation). This is
// what AWS VPC Traffic Mirroring sends to its target on UDP 4789.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_vxlan(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 8)) return not_tunnel(ctx, Anomaly::truncated_vxlan);
  if ((r.u8(0) & 0x08U) == 0) return not_tunnel(ctx, Anomaly::bad_vxlan_flags);
  const Bytes rest = r.rest(8);
  if (rest.empty()) return malformed(ctx, Anomaly::empty_tunnel_packet);
  return decode_ethernet(rest, ctx);
}

}  // namespace gp
