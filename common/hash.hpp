// The one integer mix ghostport hashes with: SplitMix64's finaliser (Steele et al. 2014), cheap
// and well distributed in every bit, so open-addressing tables may take their probe bits from
// any end and a HyperLogLog its register index from the top.
#pragma once

#include <cstdint>

namespace gp {

constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace gp
