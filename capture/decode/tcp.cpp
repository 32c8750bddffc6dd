// TCP (RFC 9293). The data offset must cover the fixed 20 bytes and fit in the IP payload;
// a header (options included) the snaplen cut is malformed, as in Zeek, which drops such
// packets with a truncated_header weird. payload_len comes from the headers, so it is right
// even when the payload itself was not captured.
#include <algorithm>

#include "capture/decode/byte_reader.hpp"
#include "capture/decode/layer.hpp"

namespace gp {

DecodeStatus decode_tcp(Bytes bytes, std::uint32_t ip_payload_len, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (ip_payload_len < 20 || !r.has(0, 20)) return malformed(ctx, Anomaly::truncated_tcp_header);
  const std::uint32_t header_len = (r.u8(12) >> 4) * 4U;
  if (header_len < 20 || header_len > ip_payload_len) return malformed(ctx, Anomaly::bad_tcp_header_length);
  if (!r.has(0, header_len)) return malformed(ctx, Anomaly::truncated_tcp_header);

  DecodedPacket& out = ctx.out;
  out.src_port = r.u16(0);
  out.dst_port = r.u16(2);
  TcpFields& tcp = out.tcp;
  tcp.seq = r.u32(4);
  tcp.ack = r.u32(8);
  tcp.flags = r.u8(13);
  tcp.window = r.u16(14);
  tcp.header_len = static_cast<std::uint8_t>(header_len);
  tcp.options = r.sub(20, header_len - 20);
  out.payload_len = ip_payload_len - header_len;
  out.payload = r.sub(header_len, out.payload_len);
  out.bad_checksum = transport_checksum_bad(ctx, bytes, ip_payload_len);
  return DecodeStatus::ok;
}

}  // namespace gp
