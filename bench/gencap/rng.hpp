// A small, fast generator whose output is the same on every platform and standard library
// (std::uniform_int_distribution is not), so a seed names one capture everywhere.
#pragma once

#include <cstdint>

namespace gp::bench {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed ^ 0x9e3779b97f4a7c15ULL) {}

  // splitmix64 (Steele, Lea, Flood 2014): passes BigCrush, one multiply per half.
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); the modulo bias is irrelevant at these sizes.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>(next() % n); }
  std::uint32_t between(std::uint32_t lo, std::uint32_t hi) { return lo + below(hi - lo + 1); }
  bool percent(std::uint32_t p) { return below(100) < p; }
  std::uint32_t u32() { return static_cast<std::uint32_t>(next()); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(next()); }

 private:
  std::uint64_t s_;
};

}  // namespace gp::bench
