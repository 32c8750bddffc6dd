// UDP (RFC 768). payload_len is the UDP length field minus 8, what Zeek adds up in
// orig_bytes; a length field below 8 is malformed. A length beyond the IP payload is
// counted (Zeek's UDP_datagram_length_mismatch) and the IP payload's length used instead.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/layer.hpp"

namespace gp {

DecodeStatus decode_udp(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (ip_payload_len < 8 || !r.has(0, 8)) return malformed(ctx, Anomaly::truncated_udp_header);
  std::uint32_t udp_len = r.u16(4);
  if (udp_len < 8) return malformed(ctx, Anomaly::bad_udp_length);
  if (udp_len > ip_payload_len) {
    ctx.counters.count(Anomaly::bad_udp_length);
    udp_len = ip_payload_len;
  }
  DecodedPacket& out = ctx.out;
  out.src_port = r.u16(0);
  out.dst_port = r.u16(2);
  out.payload_len = udp_len - 8;
  out.payload = r.sub(8, out.payload_len);
  out.bad_checksum = transport_checksum_bad(ctx, bytes, ip_payload_len);
  return DecodeStatus::ok;
}

}  // namespace gp
