// MPLS label stack (RFC 3032), unicast 0x8847 and multicast 0x8848 alike, and DLT_MPLS:
// 4-byte entries until the bottom-of-stack bit. MPLS does not say what it carries; as Zeek
// does, IPv4/IPv6 is recognised by the version nibble. A first nibble of 0 is the
// pseudowire control word (RFC 4385): Ethernet follows when the config says pseudowires
// carry Ethernet (RFC 4448); anything else is counted by its first nibble.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {

DecodeStatus decode_mpls(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  std::size_t off = 0;
  for (;;) {
    if (!r.has(off, 4)) return malformed(ctx, Anomaly::truncated_mpls_header);
    const std::uint32_t entry = r.u32(off);
    off += 4;
    if (ctx.out.mpls_depth < 255) ++ctx.out.mpls_depth;
    if ((entry & 0x100U) != 0) break;  // bottom of stack
  }
  const Bytes rest = r.rest(off);
  if (rest.empty()) return malformed(ctx, Anomaly::truncated_mpls_header);
  const auto nibble = static_cast<std::uint32_t>(rest[0] >> 4);
  if (nibble == 4 || nibble == 6) return dispatch_ip_version(rest, ctx);
  if (ctx.config.mpls_pseudowire_ethernet) {
    return decode_ethernet(nibble == 0 ? r.rest(off + 4) : rest, ctx);
  }
  ++ctx.counters.undecoded[{UndecodedLayer::mpls_payload, nibble}];
  return DecodeStatus::undecoded;
}

}  // namespace gp
