// One pcapng interface (§4.2 Interface Description Block): its link type, snap length and
// the clock its packets' timestamps count in. Interfaces are numbered per section, in the
// order their blocks appear (§4.2), and each keeps its own link type: this is what lets a
// file mix Ethernet and Linux SLL, which libpcap 1.10 refuses.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "capture/source/pcapng_format.hpp"
#include "common/time.hpp"

namespace gp::pcapng {

struct Interface {
  int link_type = 0;               // DLT_*, as libpcap would report it
  std::uint32_t snaplen = 0;       // 0: no limit (§4.2)
  bool binary_resolution = false;  // if_tsresol: ticks of 2^-exponent s, else 10^-exponent s
  std::uint8_t exponent = 6;       // §4.2: microseconds when if_tsresol is absent
  std::int64_t offset_s = 0;       // if_tsoffset: seconds added to every timestamp

  // Nanoseconds since the epoch of a packet timestamp of `ticks` units. Sub-nanosecond
  // fractions are cut, as libpcap does.
  // `clamped`: set when the time fell outside 1970..2106 and was moved to that end.
  TimeNs to_ns(std::uint64_t ticks, bool* clamped = nullptr) const;
};

// Parses an Interface Description Block body. Returns the reason on failure.
std::optional<std::string> parse_interface(std::span<const std::uint8_t> body, Endian endian, Interface& out);

}  // namespace gp::pcapng
