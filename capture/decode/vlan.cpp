// IEEE 802.1Q tag (0x8100) and the S-tags of 802.1ad / pre-standard QinQ (0x88a8, 0x9100,
// 0x9200): 2 bytes of TCI (PCP, DEI, 12-bit VLAN id), then the next type field. The first two
// ids are kept (outer, inner); VLAN 0 is a priority tag and still counts as a tag.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_vlan(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 4)) return malformed(ctx, Anomaly::truncated_vlan_header);
  const auto vid = static_cast<std::uint16_t>(r.u16(0) & 0x0fff);
  DecodedPacket& out = ctx.out;
  if (out.vlan_depth == 0) {
    out.vlan_outer = vid;
  } else if (out.vlan_depth == 1) {
    out.vlan_inner = vid;
  }
  if (out.vlan_depth < 255) ++out.vlan_depth;
  const std::uint16_t type = r.u16(2);
  if (type < 0x0600) return not_ip(ctx, UndecodedLayer::llc_sap, r.u8(4));
  return dispatch_ethertype(type, r.rest(4), ctx);
}

}  // namespace gp
