// IPv4 (RFC 791). Header length and total length are checked against each other and
// against the frame: a total length past the frame as it was on the wire is malformed
// (Zeek's truncated_IP); past only the captured bytes (snaplen) it is counted and decoded,
// since the headers still tell the lengths. Link-layer padding after total length is cut.
// Options are skipped. Fragments (MF or an offset) go to the reassembler. The first IP
// header of a frame (or of a tunnel's inner packet) is checked for SPAN duplicates.
#include <algorithm>

#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"
#include "capture/decode/fragment_reassembler.hpp"

namespace gp {

DecodeStatus decode_ipv4(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 20)) return malformed(ctx, Anomaly::truncated_ip_header);
  if ((r.u8(0) >> 4) != 4) return malformed(ctx, Anomaly::bad_ip_version);
  const std::uint32_t header_len = (r.u8(0) & 0x0fU) * 4U;
  if (header_len < 20) return malformed(ctx, Anomaly::bad_ip_header_length);
  std::uint32_t total_len = r.u16(2);
  // A header longer than the datagram is a broken header, whatever the snaplen kept.
  if (total_len != 0 && total_len < header_len) return malformed(ctx, Anomaly::ip_total_length_too_small);
  if (!r.has(0, header_len)) return malformed(ctx, Anomaly::truncated_ip_header);

  const std::size_t on_wire = bytes.size() + ctx.cut;
  if (total_len == 0) {
    // TCP segmentation offload leaves 0 here in captures taken on the sending host; Zeek
    // then uses the frame's length.
    ctx.counters.count(Anomaly::ip_total_length_zero);
    total_len = static_cast<std::uint32_t>(std::min<std::size_t>(on_wire, 65535));
  }
  if (total_len < header_len) return malformed(ctx, Anomaly::ip_total_length_too_small);
  if (total_len > on_wire) return malformed(ctx, Anomaly::ip_length_beyond_frame);
  if (total_len > bytes.size()) ctx.counters.count(Anomaly::truncated_ip_payload);

  DecodedPacket& out = ctx.out;
  out.ip_version = 4;
  out.src = IpAddress::from_v4(std::span<const std::uint8_t, 4>(bytes.data() + 12, 4));
  out.dst = IpAddress::from_v4(std::span<const std::uint8_t, 4>(bytes.data() + 16, 4));
  out.protocol = r.u8(9);
  out.ttl = r.u8(8);
  out.ip_id = r.u16(4);
  const std::uint16_t flags_offset = r.u16(6);
  out.dont_fragment = (flags_offset & 0x4000U) != 0;
  out.ip_len = total_len;

  const std::uint32_t payload_len = total_len - header_len;
  const Bytes payload = r.sub(header_len, payload_len);
  const bool more = (flags_offset & 0x2000U) != 0;
  const std::uint32_t offset = (flags_offset & 0x1fffU) * 8U;
  if (ctx.addresses_only) {
    const bool whole_icmp = out.protocol == ip_proto::kIcmp && !more && offset == 0;
    return whole_icmp ? dispatch_ip_protocol(out.protocol, payload, payload_len, ctx) : DecodeStatus::ok;
  }
  // SPAN copies are dropped here, before reassembly, so a copied fragment is no overlap.
  if (drop_duplicate(ctx, r.sub(0, total_len), 4, header_len, out.protocol, offset == 0)) {
    return DecodeStatus::duplicate;
  }
  if (!more && offset == 0) return dispatch_ip_protocol(out.protocol, payload, payload_len, ctx);

  ++ctx.counters.fragments;
  if (payload.size() < payload_len) return malformed(ctx, Anomaly::incompletely_captured_fragment);
  Fragment fragment;
  fragment.key = {out.src, out.dst, out.ip_id, out.protocol, 4};
  fragment.ts = out.ts;
  fragment.offset = offset;
  fragment.more = more;
  fragment.data = payload;
  fragment.header_len = header_len;
  fragment.ttl = out.ttl;
  fragment.dont_fragment = out.dont_fragment;
  fragment.next_header = out.protocol;
  Reassembled whole;
  if (const auto status = reassemble_fragment(ctx, fragment, whole)) return *status;
  out.dont_fragment = whole.dont_fragment;
  return dispatch_ip_protocol(out.protocol, whole.payload, static_cast<std::uint32_t>(whole.payload.size()), ctx);
}

}  // namespace gp
