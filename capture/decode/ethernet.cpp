// Ethernet II (DIX). A type/length field below 0x0600 is an IEEE 802.3 length, followed by
// an 802.2 LLC header: such frames (STP, NetBIOS, IPX) carry no IP and are counted by DSAP.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_ethernet(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 14)) return malformed(ctx, Anomaly::truncated_link_header);
  const std::uint16_t type = r.u16(12);
  if (type >= 0x0600) return dispatch_ethertype(type, r.rest(14), ctx);
  if (type <= 1500) return not_ip(ctx, UndecodedLayer::llc_sap, r.u8(14));
  return not_ip(ctx, UndecodedLayer::ethertype, type);  // 1501..1535: undefined by IEEE
}

}  // namespace gp
