// BSD loopback: DLT_NULL (a 4-byte address family in the capturing host's byte order) and
// DLT_LOOP (the same in network byte order). Families are small numbers, so a value with
// bits in the upper half was written little-endian: either order is accepted for both.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_null_loopback(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 4)) return malformed(ctx, Anomaly::truncated_link_header);
  std::uint32_t family = r.u32(0);
  if (family > 0xffffU) family = r.u32le(0);
  return dispatch_address_family(family, r.rest(4), ctx);
}

}  // namespace gp
