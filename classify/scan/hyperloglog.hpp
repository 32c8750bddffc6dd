// A small HyperLogLog (Flajolet et al. 2007, with the small-range linear-counting correction
// and the 64-bit hash variant of Heule et al. 2013, so no large-range correction is needed).
//
// Contract: fixed memory of 2^precision one-byte registers; add() is O(1) and allocation-free.
// Relative standard error is 1.04 / sqrt(2^precision): precision 10 (1,024 bytes) -> 3.25 %.
// tests/unit/scan/hyperloglog_test.cpp measures it over synthetic sources.
#pragma once

#include <cstdint>
#include <vector>

namespace gp::scan {

class HyperLogLog {
 public:
  explicit HyperLogLog(unsigned precision = 10);

  // `hash` must be a well-mixed 64-bit hash (see mix64) of the item.
  void add(std::uint64_t hash) noexcept;
  double estimate() const noexcept;
  void merge(const HyperLogLog& other) noexcept;  // same precision only
  unsigned precision() const noexcept { return precision_; }
  std::size_t memory_bytes() const noexcept { return registers_.size(); }
  // The documented relative standard error for this precision.
  double standard_error() const noexcept;

 private:
  unsigned precision_;
  std::vector<std::uint8_t> registers_;
};

// SplitMix64's finaliser: a cheap, well-distributed 64-bit mix for integer keys.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace gp::scan
