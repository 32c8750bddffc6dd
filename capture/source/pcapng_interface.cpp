#include "capture/source/pcapng_interface.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace gp::pcapng {
namespace {
constexpr std::uint64_t kNsPerS = 1'000'000'000;

constexpr std::uint64_t pow10(std::uint8_t n) {
  std::uint64_t v = 1;
  for (std::uint8_t i = 0; i < n; ++i) v *= 10;
  return v;
}

// Scales a fraction of a second in 1/`units` to nanoseconds without overflow: `frac` <
// `units`, and splitting off whole ns-per-unit keeps every product below 2^64.
std::uint64_t frac_to_ns(std::uint64_t frac, std::uint64_t units) {
  if (units <= kNsPerS) return frac * (kNsPerS / units);  // exact for powers of 10 up to 10^9
  return frac / (units / kNsPerS);                        // units is 10^n, n > 9
}
}  // namespace

TimeNs Interface::to_ns(std::uint64_t ticks, bool* clamped) const {
  std::uint64_t secs = 0;
  std::uint64_t ns = 0;
  if (binary_resolution) {
    // parse_interface admits exponents up to 63 only, so the shifts are defined.
    secs = ticks >> exponent;
    const std::uint64_t frac = ticks & ((std::uint64_t{1} << exponent) - 1);
    // Keep at most 32 fraction bits (2^-32 s < 1 ns) so frac * 10^9 fits in 64 bits.
    const std::uint8_t shift = exponent > 32 ? static_cast<std::uint8_t>(exponent - 32) : 0;
    ns = ((frac >> shift) * kNsPerS) >> (exponent - shift);
  } else {
    const std::uint64_t units = pow10(exponent);
    secs = ticks / units;
    ns = frac_to_ns(ticks % units, units);
  }
  // Clamped to classic pcap's range, 1970 to 2106 (32-bit seconds), as the pcap reader
  // does: a wrapped or negative time would overflow the flow engine's timer arithmetic
  // (found by the capture fuzz target: UBSan in FlowTable's DNS timer). Both terms are
  // capped first so their sum cannot overflow either.
  constexpr std::int64_t kMaxSec = 0xffffffff;
  constexpr std::int64_t kFar = kMaxSec * 4;
  const std::int64_t s = (secs > static_cast<std::uint64_t>(kFar) ? kFar : static_cast<std::int64_t>(secs)) +
                         std::clamp(offset_s, -kFar, kFar);
  if (clamped != nullptr) *clamped = s < 0 || s > kMaxSec;
  if (s < 0) return 0;
  if (s > kMaxSec) return static_cast<TimeNs>(kMaxSec) * static_cast<TimeNs>(kNsPerS);
  return s * static_cast<TimeNs>(kNsPerS) + static_cast<TimeNs>(ns);
}

std::optional<std::string> parse_interface(std::span<const std::uint8_t> body, Endian endian, Interface& out) {
  // §4.2: LinkType (16), Reserved (16), SnapLen (32), then options.
  if (body.size() < 8) return "Interface Description Block shorter than 8 bytes";
  out = Interface{};
  out.link_type = dlt_from_linktype(endian.u16(body.data()));
  out.snaplen = endian.u32(body.data() + 4);
  std::optional<std::string> bad;
  const bool ok = for_each_option(body.subspan(8), endian, [&](std::uint16_t code, std::span<const std::uint8_t> v) {
    if (code == kIfTsResol && v.size() >= 1) {
      // §4.2 if_tsresol: MSB clear -> 10^-n seconds, set -> 2^-n seconds.
      out.binary_resolution = (v[0] & 0x80) != 0;
      out.exponent = static_cast<std::uint8_t>(v[0] & 0x7f);
      // 10^19 is the largest power of 10 in 64 bits; 2^-63 the finest binary tick.
      if ((!out.binary_resolution && out.exponent > 19) || (out.binary_resolution && out.exponent > 63)) {
        bad = fmt::format("unsupported if_tsresol 0x{:02x}", v[0]);
      }
    } else if (code == kIfTsOffset && v.size() >= 8) {
      out.offset_s = static_cast<std::int64_t>(endian.u64(v.data()));
    }
  });
  if (!ok) return "Interface Description Block has an option longer than the block";
  return bad;
}

}  // namespace gp::pcapng
