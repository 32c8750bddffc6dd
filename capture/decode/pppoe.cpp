// PPPoE session stage (RFC 2516, EtherType 0x8864): version/type, code, session id and a
// length that covers the PPP protocol field and payload. The length is not trusted: real
// access concentrators get it wrong (zeek/pppoe-over-qinq.pcap has frames whose PPPoE length
// is 4 bytes short of their IP datagram), so, like Zeek, the payload runs to the end of the
// frame and the IP header's own length cuts any padding. Discovery frames (0x8863) never
// carry IP and fall to not_ip by EtherType.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_pppoe_session(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 8)) return malformed(ctx, Anomaly::truncated_pppoe_header);
  const std::uint16_t length = r.u16(4);
  if (length < 2) return malformed(ctx, Anomaly::truncated_pppoe_header);
  const std::uint16_t protocol = r.u16(6);
  return dispatch_ppp_protocol(protocol, bytes.subspan(8), ctx);
}

}  // namespace gp
