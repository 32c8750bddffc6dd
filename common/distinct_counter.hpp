// How many distinct values (ports a source probed, clients of a service, …) in memory bounded
// whatever the input: exact up to `exact_limit` values, then a HyperLogLog of the given
// precision. Most counters on a network see a handful of values, held in place (the first two
// need no allocation); only scanners and busy services pay for a sketch. Rules and scan
// thresholds test small numbers (">= 20 ports"), which stay exact. Counters of the same
// precision merge (a union), exactly while both are exact.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include <absl/container/inlined_vector.h>

#include "common/hyperloglog.hpp"

namespace gp {

class DistinctCounter {
 public:
  explicit DistinctCounter(std::uint32_t exact_limit = 64, unsigned precision = 10)
      : exact_limit_(exact_limit), precision_(static_cast<std::uint8_t>(precision)) {}
  DistinctCounter(const DistinctCounter& other);
  DistinctCounter& operator=(const DistinctCounter& other);
  DistinctCounter(DistinctCounter&&) noexcept = default;
  DistinctCounter& operator=(DistinctCounter&&) noexcept = default;
  ~DistinctCounter() = default;

  // `key`: any 64-bit value ((ip_proto << 16) | port, IpAddress::hash()). Returns true when it
  // was new; always false once estimating.
  bool add(std::uint64_t key);
  // Exact while exact(); else the estimate, never below what the exact phase proved.
  std::uint64_t count() const;
  bool exact() const { return sketch_ == nullptr; }
  void merge(const DistinctCounter& other);

  std::uint32_t exact_limit() const { return exact_limit_; }
  // The state, to report or send elsewhere: the keys while exact (sorted; else empty), the
  // sketch once estimating (else null).
  std::span<const std::uint64_t> keys() const { return {keys_.data(), keys_.size()}; }
  const HyperLogLog* sketch() const { return sketch_.get(); }
  // Counters rebuilt from that state: past exact_limit keys the first becomes a sketch, as
  // add() would; the second keeps the sketch's precision.
  static DistinctCounter from_keys(std::span<const std::uint64_t> keys, std::uint32_t exact_limit, unsigned precision);
  static DistinctCounter from_sketch(HyperLogLog sketch, std::uint32_t exact_limit);

 private:
  void start_estimating();

  absl::InlinedVector<std::uint64_t, 2> keys_;  // sorted
  std::unique_ptr<HyperLogLog> sketch_;
  std::uint32_t exact_limit_;
  std::uint8_t precision_;
};

}  // namespace gp
