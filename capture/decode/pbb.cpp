// IEEE 802.1ah Provider Backbone Bridging (EtherType 0x88e7): a 4-byte I-TAG (priority,
// flags, 24-bit service id) followed by the customer's whole Ethernet frame.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_pbb(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 4)) return malformed(ctx, Anomaly::truncated_link_header);
  return decode_ethernet(r.rest(4), ctx);
}

}  // namespace gp
