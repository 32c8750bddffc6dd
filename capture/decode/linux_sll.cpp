// Linux "cooked" captures (the any device): SLL v1 (DLT 113, 16 bytes, protocol last) and
// SLL v2 (DLT 276, 20 bytes, protocol first). The protocol is an EtherType, except small
// values that name Linux pseudo-protocols (ETH_P_802_2 = 4 and friends): not IP.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {
namespace {

DecodeStatus next(std::uint16_t protocol, Bytes rest, LayerContext& ctx) {
  if (protocol < 0x0600) return not_ip(ctx, UndecodedLayer::ethertype, protocol);
  return dispatch_ethertype(protocol, rest, ctx);
}

}  // namespace

DecodeStatus decode_linux_sll(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 16)) return malformed(ctx, Anomaly::truncated_link_header);
  return next(r.u16(14), r.rest(16), ctx);
}

DecodeStatus decode_linux_sll2(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 20)) return malformed(ctx, Anomaly::truncated_link_header);
  return next(r.u16(0), r.rest(20), ctx);
}

}  // namespace gp
