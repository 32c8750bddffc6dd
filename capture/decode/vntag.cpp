// Cisco VN-Tag (EtherType 0x8926): 4 bytes of tag (direction, pointer, virtual interface
// ids), then the next EtherType.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_vntag(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 6)) return malformed(ctx, Anomaly::truncated_link_header);
  return dispatch_ethertype(r.u16(4), r.rest(6), ctx);
}

}  // namespace gp
