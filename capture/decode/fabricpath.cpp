// Cisco FabricPath (EtherType 0x8903): the outer switch addresses and type are followed by
// 2 bytes of FTag/TTL and then the classical Ethernet frame (Zeek skips the same 16 bytes).
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_fabricpath(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 2)) return malformed(ctx, Anomaly::truncated_link_header);
  return decode_ethernet(r.rest(2), ctx);
}

}  // namespace gp
