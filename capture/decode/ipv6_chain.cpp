#include "capture/decode/byte_reader.hpp"
#include "capture/decode/layer.hpp"

namespace gp {
namespace {

// More extension headers than this is no real packet (RFC 8200 allows each at most once or
// twice); it ends crafted chains.
constexpr int kMaxExtensionHeaders = 16;

namespace nh {
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragment = 44;
constexpr std::uint8_t kAh = 51;
constexpr std::uint8_t kDestinationOptions = 60;
constexpr std::uint8_t kMobility = 135;
constexpr std::uint8_t kHip = 139;
constexpr std::uint8_t kShim6 = 140;
}  // namespace nh

}  // namespace

Ipv6ChainResult walk_ipv6_chain(Bytes bytes, std::uint32_t limit, Ipv6Chain& chain) {
  const ByteReader r(bytes);
  std::uint32_t off = 0;
  for (int i = 0; i < kMaxExtensionHeaders; ++i) {
    std::uint32_t len = 0;
    switch (chain.next_header) {
      case nh::kHopByHop:
      case nh::kRouting:
      case nh::kDestinationOptions:
      case nh::kMobility:
      case nh::kHip:
      case nh::kShim6:
        len = (r.u8(off + 1) + 1U) * 8U;  // in 8-octet units, not counting the first 8
        break;
      case nh::kAh:
        len = (r.u8(off + 1) + 2U) * 4U;  // RFC 4302: 4-octet units, minus 2
        break;
      case nh::kFragment: len = 8; break;
      default: chain.consumed = off; return Ipv6ChainResult::ok;
    }
    if (std::uint64_t{off} + 2 > limit) return Ipv6ChainResult::bad;
    if (!r.has(off, 2)) return Ipv6ChainResult::truncated;
    if (std::uint64_t{off} + len > limit) return Ipv6ChainResult::bad;
    if (!r.has(off, len)) return Ipv6ChainResult::truncated;
    const std::uint8_t following = r.u8(off);
    if (chain.next_header == nh::kFragment) {
      const std::uint16_t field = r.u16(off + 2);
      const std::uint32_t offset = field & 0xfff8U;
      const bool more = (field & 1U) != 0;
      if (offset != 0 || more) {
        chain.fragmented = true;
        chain.unfragmentable_len = off;
        chain.fragment_offset = offset;
        chain.more_fragments = more;
        chain.fragment_id = r.u32(off + 4);
        chain.next_header = following;
        chain.consumed = off + 8;
        return Ipv6ChainResult::ok;
      }
    }
    chain.next_header = following;
    off += len;
  }
  return Ipv6ChainResult::bad;
}

}  // namespace gp
