// IEEE 802.11 (DLT 105, and after radiotap): only data frames carry IP. The MAC header is
// 24 bytes, 30 with the fourth address (ToDS and FromDS both set), +2 for QoS data, +4 for
// the HT control field (QoS with the order bit); then LLC/SNAP (AA AA 03, OUI, EtherType).
// Management and control frames are counted by type/subtype; protected (encrypted) data
// and null-function frames carry no readable IP and are counted by subtype too. A QoS data
// frame with the A-MSDU bit aggregates several packets: the first is decoded here, the
// others through Decoder::next_subframe.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_ieee80211(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 2)) return malformed(ctx, Anomaly::truncated_link_header);
  const std::uint8_t fc = r.u8(0);
  const std::uint8_t flags = r.u8(1);
  const auto type = static_cast<std::uint32_t>((fc >> 2) & 0x3);
  const auto subtype = static_cast<std::uint32_t>(fc >> 4);
  const std::uint32_t kind = (type << 4) | subtype;
  constexpr std::uint32_t kData = 2;
  const bool no_data = (subtype & 0x4U) != 0;
  const bool is_protected = (flags & 0x40U) != 0;
  if (type != kData || no_data || is_protected) return not_ip(ctx, UndecodedLayer::wifi_frame_type, kind);

  std::size_t header = 24;
  if ((flags & 0x03U) == 0x03U) header += 6;
  const bool qos = (subtype & 0x8U) != 0;
  const bool amsdu = qos && (r.u8(header) & 0x80U) != 0;  // QoS control: A-MSDU present
  if (qos) header += 2;
  if (qos && (flags & 0x80U) != 0) header += 4;
  if (amsdu) {
    if (!r.has(0, header)) return malformed(ctx, Anomaly::truncated_link_header);
    return decode_amsdu_subframe(r.rest(header), ctx);
  }
  if (!r.has(0, header + 8)) return malformed(ctx, Anomaly::truncated_link_header);
  if (r.u8(header) != 0xaa || r.u8(header + 1) != 0xaa || r.u8(header + 2) != 0x03) {
    return not_ip(ctx, UndecodedLayer::llc_sap, r.u8(header));
  }
  return dispatch_ethertype(r.u16(header + 6), r.rest(header + 8), ctx);
}

// One A-MSDU subframe (IEEE 802.11-2020 9.3.2.2.2): destination, source, a big-endian length,
// the MSDU (LLC/SNAP and its payload), padded to a multiple of 4 bytes except the last.
DecodeStatus decode_amsdu_subframe(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  ctx.more_subframes = {};
  if (!r.has(0, 14)) return malformed(ctx, Anomaly::truncated_link_header);
  const std::size_t len = r.u16(12);
  if (!r.has(14, len)) return malformed(ctx, Anomaly::truncated_link_header);
  const std::size_t padded = (14 + len + 3) & ~std::size_t{3};
  ctx.more_subframes = r.rest(padded < bytes.size() ? padded : bytes.size());
  const ByteReader msdu(r.sub(14, len));
  if (!msdu.has(0, 8)) return malformed(ctx, Anomaly::truncated_link_header);
  if (msdu.u8(0) != 0xaa || msdu.u8(1) != 0xaa || msdu.u8(2) != 0x03) {
    return not_ip(ctx, UndecodedLayer::llc_sap, msdu.u8(0));
  }
  return dispatch_ethertype(msdu.u16(6), msdu.rest(8), ctx);
}

}  // namespace gp
