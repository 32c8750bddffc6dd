// Radiotap (DLT 127): version 0, a pad byte, then the header's total length (little-endian,
// as the radiotap spec fixes it) covering all the radio fields; the 802.11 frame follows.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_radiotap(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 8)) return malformed(ctx, Anomaly::truncated_link_header);
  const std::uint16_t length = r.u16le(2);
  if (length < 8 || !r.has(0, length)) return malformed(ctx, Anomaly::truncated_link_header);
  return decode_ieee80211(r.rest(length), ctx);
}

}  // namespace gp
