// Transport checksums (RFC 1071 one's-complement sum over the RFC 793/768/8200 section 8.1
// pseudo-header and the segment), verified only when DecoderConfig::verify_checksums asks,
// as Zeek does without -C: only for fully captured packets, never for an IPv4 UDP datagram
// that carries no checksum (0), and not for a zero checksum on VXLAN's port, which RFC 7348
// allows even over IPv6.
#include "capture/decode/byte_reader.hpp"
#include "capture/decode/layer.hpp"
#include "capture/decode/tunnel.hpp"

namespace gp {
namespace {

std::uint32_t add_bytes(std::uint32_t sum, Bytes bytes) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += static_cast<std::uint32_t>(bytes[i] << 8 | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  // Fold often enough that 32 bits never overflow (a datagram is at most 64 KB).
  return (sum & 0xffffU) + (sum >> 16);
}

}  // namespace

bool transport_checksum_bad(const LayerContext& ctx, Bytes segment, std::uint32_t length) {
  const DecodedPacket& out = ctx.out;
  if (!ctx.config.verify_checksums || ctx.cut != 0 || segment.size() < length) return false;
  const ByteReader r(segment);
  if (out.protocol == ip_proto::kUdp) {
    const std::uint16_t sum = r.u16(6);
    if (sum == 0) {
      if (out.ip_version == 4) return false;
      const bool vxlan = r.u16(2) == tunnel_port::kVxlan && length > 8 + 8 + 14 && (r.u8(8) & 0x08U) != 0;
      if (vxlan) return false;
    }
  }
  std::uint32_t sum = 0;
  sum = add_bytes(sum, out.src.wire_bytes());
  sum = add_bytes(sum, out.dst.wire_bytes());
  sum += out.protocol;
  sum += length & 0xffffU;
  sum += length >> 16;
  sum = add_bytes(sum, segment.first(length));
  while ((sum >> 16) != 0) sum = (sum & 0xffffU) + (sum >> 16);
  return sum != 0xffffU;
}

}  // namespace gp
