// Linux NFLOG (DLT 239): a 4-byte header (address family, version, resource id) and then
// TLVs whose length and type are in the capturing host's byte order; libpcap converts them
// to the reading host's order when it reads a file, so they are read natively here. Each TLV
// length counts its 4-byte header and is padded to 4 bytes; type 9 (NFULA_PAYLOAD) holds the
// packet, starting at its IP header.
#include <bit>

#include "capture/decode/byte_reader.hpp"
#include "capture/decode/dispatch.hpp"

namespace gp {
namespace {

constexpr std::uint16_t kNfulaPayload = 9;

std::uint16_t host_u16(const ByteReader& r, std::size_t off) {
  return std::endian::native == std::endian::little ? r.u16le(off) : r.u16(off);
}

}  // namespace

DecodeStatus decode_nflog(Bytes bytes, LayerContext& ctx) {
  const ByteReader r(bytes);
  if (!r.has(0, 4)) return malformed(ctx, Anomaly::truncated_link_header);
  const std::uint8_t family = r.u8(0);
  std::size_t off = 4;
  while (r.has(off, 4)) {
    const std::uint16_t length = host_u16(r, off);
    const std::uint16_t type = host_u16(r, off + 2);
    if (length < 4) return malformed(ctx, Anomaly::bad_nflog_tlv);
    if (type == kNfulaPayload) {
      return dispatch_address_family(family, narrow(ctx, bytes, off + 4, length - 4U), ctx);
    }
    if (!r.has(off, length)) return malformed(ctx, Anomaly::bad_nflog_tlv);
    off += (std::size_t{length} + 3U) & ~std::size_t{3};
  }
  if (off < bytes.size()) return malformed(ctx, Anomaly::bad_nflog_tlv);
  return DecodeStatus::not_ip;  // a log entry without the packet
}

}  // namespace gp
