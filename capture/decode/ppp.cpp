// DLT_PPP and DLT_PPP_SERIAL: PPP in HDLC-like framing (RFC 1662) with the optional
// 0xff 0x03 address/control bytes and a 1- or 2-byte protocol field (protocol field
// compression, RFC 1661 section 6.5: an odd first byte ends the field). PPP_SERIAL also
// carries Cisco HDLC (address 0x0f unicast / 0x8f broadcast), whose type is an EtherType.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_ppp(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 2)) return malformed(ctx, Anomaly::truncated_ppp_header);
  const std::uint8_t address = r.u8(0);
  if ((address == 0x0f || address == 0x8f) && r.u8(1) == 0x00) {
    if (!r.has(0, 4)) return malformed(ctx, Anomaly::truncated_ppp_header);
    return dispatch_ethertype(r.u16(2), r.rest(4), ctx);
  }
  std::size_t off = (address == 0xff && r.u8(1) == 0x03) ? 2 : 0;
  if (!r.has(off, 1)) return malformed(ctx, Anomaly::truncated_ppp_header);
  std::uint16_t protocol = 0;
  if ((r.u8(off) & 1U) != 0) {
    protocol = r.u8(off);
    off += 1;
  } else {
    if (!r.has(off, 2)) return malformed(ctx, Anomaly::truncated_ppp_header);
    protocol = r.u16(off);
    off += 2;
  }
  return dispatch_ppp_protocol(protocol, r.rest(off), ctx);
}

}  // namespace gp
