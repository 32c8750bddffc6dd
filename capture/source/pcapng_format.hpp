// pcapng on-disk vocabulary (IETF draft-ietf-opsawg-pcapng, "PCAP Now Generic"): block
// types, option codes, byte-order handling and the LINKTYPE <-> DLT mapping. Shared by the
// reader in this folder and the writer in report/; header-only and free of libpcap so
// the writer does not pull libpcap in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace gp::pcapng {

// §11.1 block type codes.
inline constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;  // same bytes in both orders
inline constexpr std::uint32_t kInterfaceDescription = 0x00000001;
inline constexpr std::uint32_t kObsoletePacket = 0x00000002;  // Appendix A
inline constexpr std::uint32_t kSimplePacket = 0x00000003;
inline constexpr std::uint32_t kEnhancedPacket = 0x00000006;

// §4.1: written as 0x1A2B3C4D in the writer's byte order; tells the reader which order that was.
inline constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;

// §3.5 / §4.1 / §4.2 option codes used here.
inline constexpr std::uint16_t kOptEndOfOpt = 0;
inline constexpr std::uint16_t kOptComment = 1;
inline constexpr std::uint16_t kShbUserAppl = 4;
inline constexpr std::uint16_t kIfName = 2;
inline constexpr std::uint16_t kIfTsResol = 9;
inline constexpr std::uint16_t kIfTsOffset = 14;

// §3.1: type + length before the body, length again after it.
inline constexpr std::size_t kBlockHeader = 8;
inline constexpr std::size_t kBlockTrailer = 4;
inline constexpr std::size_t kMinBlock = kBlockHeader + kBlockTrailer;

// A block longer than this is taken for corruption rather than trusted with the memory
// (libpcap stops at 16 MiB; jumbo-frame captures and large custom blocks fit in 64 MiB).
inline constexpr std::uint32_t kMaxBlock = 64U << 20;

// Everything in pcapng is padded to 32 bits (§3.1, §3.5).
constexpr std::size_t pad4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

// A section's byte order (§4.1): every field of every block in it is in that order.
struct Endian {
  bool big = false;

  std::uint16_t u16(const std::uint8_t* p) const {
    return big ? static_cast<std::uint16_t>(p[0] << 8 | p[1]) : static_cast<std::uint16_t>(p[1] << 8 | p[0]);
  }
  std::uint32_t u32(const std::uint8_t* p) const {
    const std::uint32_t b0 = p[0], b1 = p[1], b2 = p[2], b3 = p[3];
    return big ? (b0 << 24 | b1 << 16 | b2 << 8 | b3) : (b3 << 24 | b2 << 16 | b1 << 8 | b0);
  }
  std::uint64_t u64(const std::uint8_t* p) const {
    const std::uint64_t first = u32(p), second = u32(p + 4);
    return big ? (first << 32 | second) : (second << 32 | first);
  }
};

// Walks the options of a block body (§3.5): code, length, value padded to 32 bits, ended by
// opt_endofopt or by the end of the body. `visit(code, value)` sees each option. Returns
// false if an option runs past the body.
template <typename Visit>
bool for_each_option(std::span<const std::uint8_t> options, Endian endian, Visit&& visit) {
  std::size_t at = 0;
  while (options.size() - at >= 4) {
    const std::uint16_t code = endian.u16(options.data() + at);
    const std::uint16_t length = endian.u16(options.data() + at + 2);
    at += 4;
    if (code == kOptEndOfOpt) return true;
    if (length > options.size() - at) return false;
    visit(code, options.subspan(at, length));
    at += pad4(length);
    if (at > options.size()) return true;  // last option's padding cut short: tolerated, as tshark does
  }
  return true;
}

// pcapng stores LINKTYPE_* values; libpcap hands callers DLT_* values. They are equal except
// for the few DLTs whose numbers differ between platforms (libpcap pcap-common.c, map[]);
// these are the Linux/glibc DLT numbers libpcap reports there.
constexpr int dlt_from_linktype(int linktype) {
  switch (linktype) {
    case 100: return 11;  // LINKTYPE_ATM_RFC1483 -> DLT_ATM_RFC1483
    case 101: return 12;  // LINKTYPE_RAW -> DLT_RAW
    case 102: return 15;  // LINKTYPE_SLIP_BSDOS -> DLT_SLIP_BSDOS
    case 103: return 16;  // LINKTYPE_PPP_BSDOS -> DLT_PPP_BSDOS
    default: return linktype;
  }
}
constexpr int linktype_from_dlt(int dlt) {
  switch (dlt) {
    case 11: return 100;
    case 12:
    case 14: return 101;  // DLT_RAW is 14 on OpenBSD
    case 15: return 102;
    case 16: return 103;
    default: return dlt;
  }
}

}  // namespace gp::pcapng
