// The link types the decoder fuzz target chooses from with its first byte: every DLT in
// capture/decode/dispatch.cpp's table, and one it does not decode. Shared with the seed
// writer so a seed made from a real capture replays with that capture's link type.
#pragma once

#include <array>
#include <cstddef>
#include <optional>

#include "capture/decode/dispatch.hpp"

namespace gp::fuzz {

inline constexpr int kUndecodedLinkType = 147;  // DLT_USER0

inline constexpr std::array<int, 17> kLinkTypes{dlt::kNull,        dlt::kLoop, dlt::kEn10Mb,     dlt::kPpp,
                                                dlt::kPppSerial,   dlt::kRaw,  dlt::kRawOpenBsd, dlt::kLinktypeRaw,
                                                dlt::kIpv4,        dlt::kIpv6, dlt::kLinuxSll,   dlt::kLinuxSll2,
                                                dlt::kNflog,       dlt::kMpls, dlt::kIeee80211,  dlt::kIeee80211Radio,
                                                kUndecodedLinkType};

inline std::optional<std::size_t> link_type_index(int dlt) {
  for (std::size_t i = 0; i < kLinkTypes.size(); ++i) {
    if (kLinkTypes[i] == dlt) return i;
  }
  return std::nullopt;
}

}  // namespace gp::fuzz
